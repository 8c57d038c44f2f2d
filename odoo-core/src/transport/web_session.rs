//! The web client's session: `/web/session/authenticate` sets a `session_id` cookie, then calls go
//! through `/web/dataset/call_kw/<model>/<method>` with that cookie.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};

use reqwest::header::{HeaderValue, COOKIE};
use reqwest::Method;
use secrecy::{ExposeSecret, SecretString};
use serde_json::{json, Value};

use super::json_rpc::{envelope, json_headers};
use super::{check_name, BoxFuture, Call, Transport, TransportKind};
use crate::credentials::Credentials;
use crate::error::{Error, ErrorContext, Result};
use crate::http::{Http, Opened};
use crate::version::ServerVersion;
use crate::wire::json_rpc::read_response;
use crate::wire::{Answer, RawResponse};

/// The message of a web login that the server left unfinished.
const SECOND_FACTOR: &str = "Access Denied: the server answered the web login without a user id, \
     as it does for a user with two-factor authentication; such a user logs in with an API key \
     (JSON-RPC, XML-RPC or JSON-2)";

/// Whether `error` is the web login the server left unfinished for a second factor.
pub(crate) fn asks_second_factor(error: &Error) -> bool {
    error.kind() == crate::error::ErrorKind::AccessDenied && error.message() == SECOND_FACTOR
}

/// The web session transport.
#[derive(Debug)]
pub(crate) struct WebSession {
    http: Http,
    credentials: Arc<Credentials>,
    session: RwLock<Option<SecretString>>,
    ids: AtomicU64,
    /// Held while the session is renewed; holds the number of renewals.
    renewals: tokio::sync::Mutex<u64>,
    /// The number of renewals, readable without the lock.
    epoch: AtomicU64,
}

impl WebSession {
    pub fn new(http: Http, credentials: Arc<Credentials>) -> Self {
        Self {
            http,
            credentials,
            session: RwLock::new(None),
            ids: AtomicU64::new(1),
            renewals: tokio::sync::Mutex::new(0),
            epoch: AtomicU64::new(0),
        }
    }

    async fn post(
        &self,
        path: &str,
        params: &Value,
        with_session: bool,
        context: &ErrorContext,
    ) -> Result<(Value, RawResponse)> {
        let raw = self.post_raw(path, params, with_session, context).await?;
        let value = read_response(&raw.reply(), self.http.limits.max_depth, context)?;
        Ok((value, raw))
    }

    /// Posts one JSON-RPC request and returns the response undecoded.
    async fn post_raw(
        &self,
        path: &str,
        params: &Value,
        with_session: bool,
        context: &ErrorContext,
    ) -> Result<RawResponse> {
        let id = self.ids.fetch_add(1, Ordering::Relaxed);
        let body = envelope(params, id)?;
        let mut headers = json_headers();
        if with_session {
            headers.insert(COOKIE, self.cookie(context)?);
        }
        let raw = self
            .http
            .send(Method::POST, path, headers, Some(body), context)
            .await?;
        if with_session {
            self.follow_rotation(&raw);
        }
        Ok(raw)
    }

    /// Sends `method path` (with its query) with the session, as the web client reads its own
    /// routes (reports, files, controllers), and reads the answer's head: its body is read or
    /// copied by the caller.
    pub async fn open(
        &self,
        method: Method,
        path: &str,
        mut headers: reqwest::header::HeaderMap,
        body: Option<bytes::Bytes>,
        context: &ErrorContext,
    ) -> Result<Opened<'_>> {
        headers.insert(COOKIE, self.cookie(context)?);
        let opened = self.http.open(method, path, headers, body, context).await?;
        self.follow_rotation(&opened.head);
        Ok(opened)
    }

    /// The `Cookie` header of the session, marked sensitive.
    fn cookie(&self, context: &ErrorContext) -> Result<HeaderValue> {
        let session = self
            .session
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .clone();
        let Some(session) = session else {
            return Err(Error::invalid(
                "no web session: call connect() before making calls",
                context.clone(),
            ));
        };
        let mut value = HeaderValue::from_str(&format!("session_id={}", session.expose_secret()))
            .map_err(|_| {
            Error::decode(
                "",
                "the server set a session cookie that is not a valid header value",
                context.clone(),
            )
        })?;
        value.set_sensitive(true);
        Ok(value)
    }

    /// Odoo rotates the session id from time to time and drops the old one soon after: follows
    /// any new id an answer sets.
    fn follow_rotation(&self, raw: &RawResponse) {
        if let Some(cookie) = raw.session_cookie().filter(|c| !c.is_empty()) {
            *self.session.write().unwrap_or_else(|p| p.into_inner()) =
                Some(SecretString::from(cookie));
        }
    }
}

impl Transport for WebSession {
    fn kind(&self) -> TransportKind {
        TransportKind::WebSession
    }

    fn web_session(&self) -> Option<&WebSession> {
        Some(self)
    }

    fn session_secret(&self) -> Option<SecretString> {
        // The session id is a credential: errors that echo the request are scrubbed of it.
        self.session
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    fn session_epoch(&self) -> u64 {
        self.epoch.load(Ordering::Acquire)
    }

    fn renew_session(&self, seen: u64) -> Option<BoxFuture<'_, Result<()>>> {
        Some(Box::pin(async move {
            let mut renewals = self.renewals.lock().await;
            if *renewals != seen {
                return Ok(());
            }
            let outcome = self.authenticate().await;
            // Advance even when the login failed: the tasks waiting on the lock then do not
            // each try (and fail) the same login again.
            *renewals += 1;
            self.epoch.store(*renewals, Ordering::Release);
            outcome.map(|_| ())
        }))
    }

    fn server_version(&self) -> BoxFuture<'_, Result<ServerVersion>> {
        Box::pin(async move {
            let context = ErrorContext::service("version_info").on(TransportKind::WebSession);
            let (value, _) = self
                .post("/web/webclient/version_info", &json!({}), false, &context)
                .await?;
            ServerVersion::from_common_version(&value, &context)
        })
    }

    fn authenticate(&self) -> BoxFuture<'_, Result<Option<i64>>> {
        Box::pin(async move {
            let context = ErrorContext::service("authenticate").on(TransportKind::WebSession);
            let creds = &self.credentials;
            let params = json!({
                "db": creds.database_or_err(&context)?,
                "login": creds.login_or_err(&context)?,
                "password": creds.password_or_err(&context)?,
            });
            let (value, raw) = self
                .post("/web/session/authenticate", &params, false, &context)
                .await?;
            let uid = match value.get("uid") {
                Some(Value::Number(n)) => n.as_i64(),
                _ => None,
            };
            let Some(uid) = uid else {
                // What Odoo answers when the password was right but the user has two-factor
                // authentication, which a web login finishes in the browser only.
                return Err(Error::access_denied(SECOND_FACTOR, &context));
            };
            let Some(cookie) = raw.session_cookie() else {
                return Err(Error::decode(
                    "",
                    "the server accepted the login but set no session_id cookie",
                    context,
                ));
            };
            *self.session.write().unwrap_or_else(|p| p.into_inner()) =
                Some(SecretString::from(cookie));
            Ok(Some(uid))
        })
    }

    fn execute<'a>(&'a self, call: &'a Call) -> BoxFuture<'a, Result<Answer>> {
        Box::pin(async move {
            let context = call.error_context().on(TransportKind::WebSession);
            check_name("model", &call.model, &context)?;
            check_name("method", &call.method, &context)?;
            let path = format!("/web/dataset/call_kw/{}/{}", call.model, call.method);
            let params = json!({
                "model": call.model,
                "method": call.method,
                "args": call.args,
                "kwargs": Value::Object(call.kwargs.clone()),
            });
            let raw = self.post_raw(&path, &params, true, &context).await?;
            Ok(Answer::json_rpc(raw, self.http.limits.max_depth))
        })
    }
}
