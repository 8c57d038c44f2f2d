//! [`Client`]: a connected, authenticated client, cheap to clone.
//!
//! The builder lives in `builder.rs`, the way one call is carried (context, retries, session
//! renewal, redaction) in `send.rs`, the ORM's own methods in `methods.rs`.

mod builder;
pub(crate) mod documents;
mod env;
mod methods;
mod select;
mod send;

use std::fmt;
use std::sync::Arc;

use secrecy::ExposeSecret;
use url::Url;

pub use builder::{
    ClientBuilder, DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_IN_FLIGHT, DEFAULT_READ_TIMEOUT,
    DEFAULT_TIMEOUT,
};
pub use env::ENV_VARIABLES;

use crate::context::Context;
use crate::credential_kind::CredentialKind;
use crate::credentials::Credentials;
use crate::error::{Error, Result};
use crate::http::Http;
use crate::retry::RetryPolicy;
use crate::transport::web_session::WebSession;
use crate::transport::{Transport, TransportKind};
use crate::version::ServerVersion;

struct Shared {
    transport: Box<dyn Transport>,
    version: ServerVersion,
    uid: Option<i64>,
    credentials: Arc<Credentials>,
    base: Url,
    retry: RetryPolicy,
    /// The HTTP client the transport uses, for a web session of its own.
    http: Http,
    /// The web session opened for the web client's routes when the transport is not one.
    web: tokio::sync::OnceCell<WebSession>,
    /// The field of `ir.attachment` that holds the content (`datas`, or `raw` on servers
    /// without it), asked of the server once.
    attachment_content: tokio::sync::OnceCell<&'static str>,
}

/// A connected, authenticated client. Cheap to clone (clones share the connection pool and the
/// session) and safe to use from many tasks at once.
///
/// Calls go through [`Client::execute_kw`] (any method, untyped) or the convenience methods
/// ([`Client::search_read`], [`Client::create`], ...), which know the argument names JSON-2 needs.
#[derive(Clone)]
pub struct Client {
    shared: Arc<Shared>,
    context: Arc<Context>,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("url", &self.shared.base.as_str())
            .field("transport", &self.shared.transport.kind())
            .field("version", &self.shared.version.version)
            .field("uid", &self.shared.uid)
            .field("credentials", &self.shared.credentials)
            .field("logs_in_with", &self.credential_kind())
            .field("context", &self.context)
            .finish()
    }
}

impl Client {
    /// Starts configuring a client for the server at `url` (such as `https://odoo.example.com`).
    pub fn builder(url: impl Into<String>) -> ClientBuilder {
        ClientBuilder::new(url)
    }

    /// The transport in use (never [`TransportKind::Auto`]).
    pub fn transport_kind(&self) -> TransportKind {
        self.shared.transport.kind()
    }

    /// The server's version as read when connecting.
    pub fn server_version(&self) -> &ServerVersion {
        &self.shared.version
    }

    /// The logged-in user's id. JSON-RPC, XML-RPC and the web session get it from the login;
    /// JSON-2 from `res.users.context_get`, whose answer includes it on Odoo 19.
    pub fn uid(&self) -> Option<i64> {
        self.shared.uid
    }

    /// Which secret this client's transport sends: the API key or the password (see
    /// [`CredentialKind`] for the rule).
    pub fn credential_kind(&self) -> Option<CredentialKind> {
        self.shared.credentials.kind_for(self.transport_kind())
    }

    /// The database name, when configured.
    pub fn database(&self) -> Option<&str> {
        self.shared.credentials.database.as_deref()
    }

    /// The default context of this client's calls.
    pub fn context(&self) -> &Context {
        &self.context
    }

    /// A client sharing this one's connection and session, whose calls use `context` merged over
    /// this client's default context.
    ///
    /// ```no_run
    /// # async fn demo(client: odoo_core::Client) -> odoo_core::Result<()> {
    /// use odoo_core::{Context, SearchOptions};
    /// let archived_too = client.with_context(Context::new().active_test(false));
    /// let count = archived_too.search_count("res.partner", serde_json::json!([]), SearchOptions::new()).await?;
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn with_context(&self, context: Context) -> Client {
        Client {
            shared: self.shared.clone(),
            context: Arc::new(self.context.merged(&context)),
        }
    }

    /// Asks the server its version now.
    pub async fn version(&self) -> Result<ServerVersion> {
        self.shared
            .transport
            .server_version()
            .await
            .map_err(|e| self.redact(e))
    }

    /// The error as it leaves the client: what only the client knows added (which secret
    /// was refused, which database was not found), then every secret scrubbed.
    /// The server's clock now, from the `Date` header of a version request's answer: `None`
    /// when the server (or a proxy before it) sends none.
    pub(crate) async fn server_clock(&self) -> Result<Option<chrono::DateTime<chrono::Utc>>> {
        self.shared.transport.server_version().await?;
        Ok(self.shared.http.server_now())
    }

    /// Where the field holding attachments' content is kept once asked.
    pub(crate) fn attachment_content(&self) -> &tokio::sync::OnceCell<&'static str> {
        &self.shared.attachment_content
    }

    pub(crate) fn redact(&self, error: Error) -> Error {
        let error = self
            .shared
            .credentials
            .explain(error, self.transport_kind());
        let session = self.shared.transport.session_secret();
        let documents = self.shared.web.get().and_then(Transport::session_secret);
        let mut secrets = self.shared.credentials.secrets();
        for session in [&session, &documents].into_iter().flatten() {
            secrets.push(session.expose_secret());
        }
        error.redact(&secrets)
    }
}
