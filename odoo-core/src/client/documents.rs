//! The web client's own routes (reports, files), which Odoo serves only to a web session: the
//! transport's own session when it is the web session, else one opened with the password on
//! first use, renewed when it expires, and scrubbed from errors like the transport's.

use bytes::Bytes;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue, AUTHORIZATION, CONTENT_TYPE};
use reqwest::Method;
use secrecy::ExposeSecret;
use serde_json::Value;
use tokio::io::AsyncWrite;

use super::Client;
use crate::document::{Document, Downloaded};
use crate::error::{Error, ErrorContext, ErrorKind, Result};
use crate::http::Opened;
use crate::transport::web_session::WebSession;
use crate::transport::Transport;
use crate::wire::json_rpc::read_response;
use crate::wire::report::{filename, read_document, streams};

/// What is sent to a route of the web client.
pub(crate) struct WebCall<'a> {
    pub method: Method,
    /// The path and its query, as `Client::web` checked it.
    pub path: &'a str,
    /// The body and its content type.
    pub body: Option<(&'a str, Bytes)>,
    /// Sends the API key as `Authorization: bearer` instead of the web session.
    pub bearer: bool,
}

impl<'a> WebCall<'a> {
    /// `GET path` with the web session.
    pub fn get(path: &'a str) -> Self {
        Self {
            method: Method::GET,
            path,
            body: None,
            bearer: false,
        }
    }
}

/// What is made of the answer.
pub(crate) enum Reading<'a, 'w> {
    /// A document whose content type starts with the text (any when empty), held.
    Hold(&'a str),
    /// The same, copied to the writer as it comes.
    Copy(&'a str, &'w mut (dyn AsyncWrite + Unpin + Send)),
    /// A JSON-RPC answer (`type='json'` routes): its result, or its error typed.
    JsonRpc,
}

/// What was made of the answer.
pub(crate) enum Delivered {
    Held(Document),
    Copied(Downloaded),
    Result(Value),
}

impl Delivered {
    /// The document held.
    pub fn document(self, context: &ErrorContext) -> Result<Document> {
        match self {
            Delivered::Held(document) => Ok(document),
            _ => Err(mismatch(context)),
        }
    }

    /// What was copied to the writer.
    pub fn downloaded(self, context: &ErrorContext) -> Result<Downloaded> {
        match self {
            Delivered::Copied(downloaded) => Ok(downloaded),
            _ => Err(mismatch(context)),
        }
    }

    /// The JSON-RPC result.
    pub fn result(self, context: &ErrorContext) -> Result<Value> {
        match self {
            Delivered::Result(value) => Ok(value),
            _ => Err(mismatch(context)),
        }
    }
}

/// What a reading that made something else than asked says (never, by construction).
fn mismatch(context: &ErrorContext) -> Error {
    Error::decode(
        "",
        "the answer was read in another way than asked",
        context.clone(),
    )
}

impl Client {
    /// Sends `call` to a route of the web client with the web session (or the API key) and
    /// reads the answer as `reading` says. An expired session is renewed once and the request
    /// sent again (Odoo ran nothing for it); a `GET` is also retried as read-only calls are, as
    /// long as nothing was written to a writer yet.
    pub(crate) async fn web_call(
        &self,
        call: WebCall<'_>,
        reading: Reading<'_, '_>,
        context: &ErrorContext,
    ) -> Result<Delivered> {
        let outcome = self.web_call_once(call, reading, context).await;
        outcome.map_err(|e| self.redact(e.with_context(context)))
    }

    async fn web_call_once(
        &self,
        call: WebCall<'_>,
        mut reading: Reading<'_, '_>,
        context: &ErrorContext,
    ) -> Result<Delivered> {
        let web = if call.bearer {
            None
        } else {
            Some(self.web_session(context).await?)
        };
        let started = tokio::time::Instant::now();
        let (mut renewed, mut attempt) = (false, 0);
        loop {
            let epoch = web.map(Transport::session_epoch);
            let (error, copying) = match self.open_web(web, &call, context).await {
                Ok(opened) => match deliver(opened, &mut reading, context).await {
                    Ok(delivered) => return Ok(delivered),
                    Err(failure) => failure,
                },
                Err(error) => (error, false),
            };
            if let (Some(web), Some(epoch)) = (web, epoch) {
                if error.kind() == ErrorKind::SessionExpired && !renewed && !copying {
                    let Some(renewal) = web.renew_session(epoch) else {
                        return Err(error);
                    };
                    renewal.await?;
                    renewed = true;
                    continue;
                }
            }
            if call.bearer && error.kind() == ErrorKind::SessionExpired {
                // A login redirect: the route wants a web session, not the key.
                return Err(Error::access_denied(
                    "the server sent the request to its login page: this route does not take \
                     the API key as a bearer token (it takes a web session, or does not exist)",
                    context,
                ));
            }
            if call.method != Method::GET || copying {
                return Err(error);
            }
            let retry = &self.shared.retry;
            match retry.next_read_wait(&error, attempt, started.elapsed()) {
                Some(wait) => {
                    tokio::time::sleep(wait).await;
                    attempt += 1;
                }
                None => return Err(error),
            }
        }
    }

    /// Sends the request, with the session's cookie or the API key.
    async fn open_web<'s>(
        &'s self,
        web: Option<&'s WebSession>,
        call: &WebCall<'_>,
        context: &ErrorContext,
    ) -> Result<Opened<'s>> {
        let mut headers = HeaderMap::new();
        let body = call.body.as_ref().map(|(content_type, bytes)| {
            if let Ok(value) = HeaderValue::from_str(content_type) {
                headers.insert(CONTENT_TYPE, value);
            }
            bytes.clone()
        });
        let method = call.method.clone();
        match web {
            Some(web) => web.open(method, call.path, headers, body, context).await,
            None => {
                let key = self.shared.credentials.api_key.as_ref().ok_or_else(|| {
                    Error::invalid(
                        "the request was to send the API key, and the client has none: set \
                         ClientBuilder::api_key (ODOO_API_KEY)",
                        context.clone(),
                    )
                })?;
                let mut auth = HeaderValue::from_str(&format!("bearer {}", key.expose_secret()))
                    .map_err(|_| {
                        Error::invalid("the API key cannot go in an HTTP header", context.clone())
                    })?;
                auth.set_sensitive(true);
                headers.insert(AUTHORIZATION, auth);
                if let Some(db) = &self.shared.credentials.database {
                    if let Ok(value) = HeaderValue::from_str(db) {
                        headers.insert(HeaderName::from_static("x-odoo-database"), value);
                    }
                }
                let http = &self.shared.http;
                http.open(method, call.path, headers, body, context).await
            }
        }
    }

    /// `GET path` through the web session, read as a document whose content type starts with
    /// `expected` (any when empty).
    pub(crate) async fn get_document(
        &self,
        path: &str,
        expected: &str,
        context: &ErrorContext,
    ) -> Result<Document> {
        let call = WebCall::get(path);
        self.web_call(call, Reading::Hold(expected), context)
            .await?
            .document(context)
    }

    /// `GET path` through the web session, copied to `writer` as it comes.
    pub(crate) async fn copy_document(
        &self,
        path: &str,
        expected: &str,
        writer: &mut (dyn AsyncWrite + Unpin + Send),
        context: &ErrorContext,
    ) -> Result<Downloaded> {
        let call = WebCall::get(path);
        self.web_call(call, Reading::Copy(expected, writer), context)
            .await?
            .downloaded(context)
    }

    /// Whether this client can have a web session: its transport is one, or it has the
    /// password to open one.
    pub(crate) fn can_open_web_session(&self) -> bool {
        self.shared.transport.web_session().is_some() || self.shared.credentials.password.is_some()
    }

    /// The transport's web session, or the one opened for documents (logged in once, on first
    /// use, with the password: Odoo refuses API keys for web sessions).
    async fn web_session(&self, context: &ErrorContext) -> Result<&WebSession> {
        if let Some(own) = self.shared.transport.web_session() {
            return Ok(own);
        }
        if self.shared.credentials.password.is_none() {
            return Err(Error::invalid(
                "Odoo serves reports and files only to a web session, whose login takes a \
                 password and refuses API keys (on 16 to 19, no route or public method renders \
                 a report with an API key alone): set ClientBuilder::password (ODOO_PASSWORD) \
                 as well as the API key",
                context.clone(),
            ));
        }
        self.shared
            .web
            .get_or_try_init(|| async {
                let web =
                    WebSession::new(self.shared.http.clone(), self.shared.credentials.clone());
                web.authenticate().await.map_err(|e| {
                    self.shared
                        .credentials
                        .explain(e, crate::transport::TransportKind::WebSession)
                })?;
                Ok(web)
            })
            .await
    }
}

/// Reads an answer as `reading` says; on failure, whether bytes may have gone to the writer.
async fn deliver(
    opened: Opened<'_>,
    reading: &mut Reading<'_, '_>,
    context: &ErrorContext,
) -> std::result::Result<Delivered, (Error, bool)> {
    match reading {
        Reading::Hold(expected) => {
            let raw = opened.read(context).await.map_err(|e| (e, false))?;
            let document = read_document(raw, expected, context).map_err(|e| (e, false))?;
            Ok(Delivered::Held(document))
        }
        Reading::Copy(expected, writer) => {
            if !streams(&opened.head, expected) {
                // An error, or HTML (which may hold one): read whole, within the limit.
                let raw = opened.read(context).await.map_err(|e| (e, false))?;
                let document = read_document(raw, expected, context).map_err(|e| (e, false))?;
                let length = document.bytes.len() as u64;
                tokio::io::AsyncWriteExt::write_all(writer, &document.bytes)
                    .await
                    .map_err(|e| (crate::http::write_error(&e, 0, context), true))?;
                tokio::io::AsyncWriteExt::flush(writer)
                    .await
                    .map_err(|e| (crate::http::write_error(&e, length, context), true))?;
                return Ok(Delivered::Copied(Downloaded {
                    length,
                    content_type: document.content_type,
                    filename: document.filename,
                }));
            }
            let head = opened.head.clone();
            let length = opened
                .copy_to(&mut **writer, context)
                .await
                .map_err(|e| (e, true))?;
            if length == 0 && !expected.is_empty() {
                let empty = Error::decode(
                    "",
                    format!("the server answered an empty {expected} document"),
                    context.clone(),
                );
                return Err((empty, true));
            }
            Ok(Delivered::Copied(Downloaded {
                length,
                content_type: head.content_type.unwrap_or_default(),
                filename: head.content_disposition.as_deref().and_then(filename),
            }))
        }
        Reading::JsonRpc => {
            let depth = opened.max_depth();
            let raw = opened.read(context).await.map_err(|e| (e, false))?;
            if (300..400).contains(&raw.status) {
                return Err((crate::wire::report::login_redirect(&raw, context), false));
            }
            let value = read_response(&raw.reply(), depth, context).map_err(|e| (e, false))?;
            Ok(Delivered::Result(value))
        }
    }
}
