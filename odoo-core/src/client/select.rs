//! Choosing the transport by what the server answers, not by its version number: a server may
//! stop serving `/jsonrpc` and `/xmlrpc` (as the sources after 19 do), and a forced transport
//! the server does not serve gets an error naming the ones it does.

use std::sync::Arc;

use crate::credentials::Credentials;
use crate::error::{Error, ErrorContext, ErrorKind, Result};
use crate::http::Http;
use crate::transport::json2::Json2;
use crate::transport::json_rpc::JsonRpc;
use crate::transport::web_session::{asks_second_factor, WebSession};
use crate::transport::xml_rpc::XmlRpc;
use crate::transport::{Transport, TransportKind};
use crate::version::{Feature, ServerVersion};

struct Maker {
    http: Http,
    credentials: Arc<Credentials>,
}

impl Maker {
    fn make(&self, kind: TransportKind) -> Box<dyn Transport> {
        let (http, credentials) = (self.http.clone(), self.credentials.clone());
        match kind {
            TransportKind::XmlRpc => Box::new(XmlRpc::new(http, credentials)),
            TransportKind::Json2 => Box::new(Json2::new(http, credentials)),
            TransportKind::WebSession => Box::new(WebSession::new(http, credentials)),
            TransportKind::JsonRpc | TransportKind::Auto => {
                Box::new(JsonRpc::new(http, credentials))
            }
        }
    }

    /// The transports the server answers, with its version as the first of them tells it.
    async fn served(&self) -> (Vec<TransportKind>, Option<ServerVersion>) {
        let mut served = Vec::new();
        let mut version = None;
        for kind in [
            TransportKind::Json2,
            TransportKind::JsonRpc,
            TransportKind::XmlRpc,
            TransportKind::WebSession,
        ] {
            if let Ok(answer) = self.make(kind).server_version().await {
                if kind != TransportKind::Json2 || answer.has(Feature::Json2Api) {
                    served.push(kind);
                }
                version.get_or_insert(answer);
            }
        }
        (served, version)
    }
}

/// Whether an error says the route is not there (as opposed to a server that is down).
fn not_served(error: &Error) -> bool {
    error.http_status() == Some(404)
        || matches!(error.kind(), ErrorKind::NotFound | ErrorKind::Decode)
}

/// A transport that answered its version and took the login.
pub(super) struct Connected {
    pub transport: Box<dyn Transport>,
    pub version: ServerVersion,
    pub uid: Option<i64>,
}

/// Connects the transport `kind` (or picks one for [`TransportKind::Auto`]), reads the
/// server's version through it and logs in.
pub(super) async fn select_transport(
    kind: TransportKind,
    http: Http,
    credentials: Arc<Credentials>,
) -> Result<Connected> {
    let maker = Maker { http, credentials };
    if kind == TransportKind::Auto {
        return auto(&maker).await;
    }
    let transport = maker.make(kind);
    let version = match transport.server_version().await {
        Ok(version) if kind == TransportKind::Json2 && !version.has(Feature::Json2Api) => {
            return Err(not_offered(kind, &maker).await)
        }
        Ok(version) => version,
        Err(error) if not_served(&error) => return Err(not_offered(kind, &maker).await),
        Err(error) => return Err(error),
    };
    log_in(transport, version, &maker).await
}

async fn log_in(
    transport: Box<dyn Transport>,
    version: ServerVersion,
    maker: &Maker,
) -> Result<Connected> {
    match transport.authenticate().await {
        Ok(uid) => Ok(Connected {
            transport,
            version,
            uid,
        }),
        Err(error) => Err(maker.credentials.explain(error, transport.kind())),
    }
}

/// `Auto`: the fastest transport the credentials can use among those the server answers.
///
/// With a password, the web session; with an API key, JSON-2 (Odoo 19 and later); then
/// JSON-RPC and XML-RPC. Without a session, Odoo opens a new database connection for every
/// `/jsonrpc` request to find the database, and walks the whole result once more after
/// the call: the web session serves the same call in about half the time, JSON-2 (which
/// checks the key on every request) in a little more than the web session. The web session
/// is renewed when it expires, so nothing is lost by it. A login the web session cannot
/// finish (the user has two-factor authentication, which only API keys pass) goes on to
/// the next transport.
async fn auto(maker: &Maker) -> Result<Connected> {
    let credentials = &maker.credentials;
    let mut candidates = Vec::new();
    if credentials.password.is_some() {
        candidates.push(TransportKind::WebSession);
    }
    if credentials.api_key.is_some() {
        candidates.push(TransportKind::Json2);
    }
    candidates.push(TransportKind::JsonRpc);
    candidates.push(TransportKind::XmlRpc);
    let mut refused = Vec::new();
    for kind in candidates {
        let transport = maker.make(kind);
        let version = match transport.server_version().await {
            Ok(version) if kind == TransportKind::Json2 && !version.has(Feature::Json2Api) => {
                continue
            }
            Ok(version) => version,
            Err(error) if not_served(&error) => {
                refused.push(format!("{kind}: {error}"));
                continue;
            }
            Err(error) => return Err(error),
        };
        match log_in(transport, version, maker).await {
            Err(error) if kind == TransportKind::WebSession && asks_second_factor(&error) => {
                tracing::debug!(
                    target: "odoo_core::client",
                    "the web session login asks for a second factor: trying the next transport"
                );
            }
            outcome => return outcome,
        }
    }
    Err(Error::invalid(
        format!(
            "the server answers none of the transports these credentials can use ({})",
            refused.join("; ")
        ),
        ErrorContext::service("version"),
    ))
}

/// The error for a forced transport the server does not offer, naming those it does.
async fn not_offered(kind: TransportKind, maker: &Maker) -> Error {
    let (served, version) = maker.served().await;
    let runs = version.map_or_else(String::new, |v| format!(" runs Odoo {v} and"));
    let offers = if served.is_empty() {
        "answers none of the transports".to_owned()
    } else {
        let names: Vec<&str> = served.iter().map(|k| k.as_str()).collect();
        format!("serves {}", names.join(", "))
    };
    let what = if kind == TransportKind::Json2 {
        let since = Feature::Json2Api.since();
        format!("the JSON-2 API needs Odoo {since} or later")
    } else {
        format!("this server does not serve {kind}")
    };
    Error::invalid(
        format!("{what}: this server{runs} {offers}"),
        ErrorContext::service("version").on(kind),
    )
}
