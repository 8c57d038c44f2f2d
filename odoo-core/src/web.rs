//! Requests to any route of the server that is not an ORM call: the web client's files
//! (`/web/content`, `/web/image`), a portal page, a module's controller (how Odoo modules add
//! REST-like endpoints). They go with the client's web session, or with its API key as
//! `Authorization: bearer` for routes that take one, within the same limits, timeouts,
//! redaction and recording as every call.
//!
//! ```no_run
//! # async fn demo(client: odoo_core::Client) -> odoo_core::Result<()> {
//! // A file, held:
//! let logo = client.web("/web/image/res.company/1/logo").send().await?;
//! // A controller of `type='json'` (a JSON-RPC route), its errors typed as for any call:
//! let stock: serde_json::Value = client
//!     .web("/my_module/stock")
//!     .json_rpc(&serde_json::json!({"sku": "FURN_0001"}))
//!     .await?;
//! // A large file, copied to disk as it comes:
//! let mut file = tokio::fs::File::create("export.csv").await.expect("a writable folder");
//! client.web("/my_module/export.csv").send_to(&mut file).await?;
//! # Ok(()) }
//! ```

use bytes::Bytes;
use reqwest::Method;
use serde::de::DeserializeOwned;
use serde::Serialize;
use tokio::io::AsyncWrite;

use crate::client::documents::{Reading, WebCall};
use crate::client::Client;
use crate::document::{Document, Downloaded};
use crate::error::{Error, ErrorContext, Result};
use crate::wire::decode_value;

/// A request to a route of the server: [`Client::web`], then how to send it.
///
/// A `GET` is retried as read-only calls are (see [`RetryPolicy`](crate::RetryPolicy)); a
/// `POST` (a request with a body) is never sent twice, except after the server sent it to its
/// login page because the web session had expired, when it ran nothing.
#[derive(Debug, Clone)]
#[must_use = "a request is sent by .send(), .send_to() or .json_rpc()"]
pub struct WebRequest<'c> {
    client: &'c Client,
    path: String,
    body: Option<(String, Bytes)>,
    bearer: bool,
    expected: String,
    /// A mistake found while building, reported when the request is sent.
    invalid: Option<String>,
}

impl Client {
    /// A request to the route `path` of the server (such as `/web/content/42?download=true`),
    /// `GET` until a body is given. The path starts with one `/`: the server's base URL is the
    /// client's.
    ///
    /// It goes with the client's web session: the web session transport's own, else one opened
    /// with the password on first use and renewed when it expires (an API key alone cannot
    /// open one: see [`WebRequest::bearer`]).
    pub fn web(&self, path: impl Into<String>) -> WebRequest<'_> {
        let path = path.into();
        let plain = path.starts_with('/')
            && !path.starts_with("//")
            && !path.chars().any(|c| c.is_whitespace() || c.is_control());
        WebRequest {
            client: self,
            invalid: (!plain).then(|| {
                "the path must start with one `/` and hold no white space (the server's base \
                 URL is the client's)"
                    .to_owned()
            }),
            path,
            body: None,
            bearer: false,
            expected: String::new(),
        }
    }

    /// `GET path` with the client's web session: the answer as a [`Document`], whatever its
    /// content type. The same as `client.web(path).send()`.
    ///
    /// ```no_run
    /// # async fn demo(client: odoo_core::Client, attachment: i64) -> odoo_core::Result<()> {
    /// let file = client.get_web(&format!("/web/content/{attachment}?download=true")).await?;
    /// println!("{:?}: {} bytes", file.filename, file.bytes.len());
    /// # Ok(()) }
    /// ```
    pub async fn get_web(&self, path: &str) -> Result<Document> {
        self.web(path).send().await
    }
}

impl WebRequest<'_> {
    /// Adds `pairs` to the query, URL-encoded.
    pub fn query(mut self, pairs: &[(&str, &str)]) -> Self {
        let encoded = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(pairs)
            .finish();
        if !encoded.is_empty() {
            let separator = if self.path.contains('?') { '&' } else { '?' };
            self.path.push(separator);
            self.path.push_str(&encoded);
        }
        self
    }

    /// `POST` with `body` as JSON (`application/json`).
    pub fn json<T: Serialize + ?Sized>(mut self, body: &T) -> Self {
        match serde_json::to_vec(body) {
            Ok(bytes) => self.body = Some(("application/json".to_owned(), bytes.into())),
            Err(error) => self.invalid = Some(format!("cannot serialize the body: {error}")),
        }
        self
    }

    /// `POST` with `pairs` as a form (`application/x-www-form-urlencoded`). Odoo checks a CSRF
    /// token on the `POST` of its `type='http'` routes unless the route says `csrf=False`.
    pub fn form(mut self, pairs: &[(&str, &str)]) -> Self {
        let encoded = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(pairs)
            .finish();
        self.body = Some((
            "application/x-www-form-urlencoded".to_owned(),
            encoded.into_bytes().into(),
        ));
        self
    }

    /// `POST` with `bytes` as the body, of the type `content_type`.
    pub fn body(mut self, content_type: &str, bytes: impl Into<Bytes>) -> Self {
        if content_type.chars().any(char::is_control) {
            self.invalid = Some("the content type holds control characters".to_owned());
        }
        self.body = Some((content_type.to_owned(), bytes.into()));
        self
    }

    /// Sends the API key as `Authorization: bearer <key>` (and the database as
    /// `X-Odoo-Database`) instead of the web session: for routes declared `auth='bearer'`
    /// (Odoo 18 and later) and controllers that read the header. The client needs an API key.
    pub fn bearer(mut self) -> Self {
        self.bearer = true;
        self
    }

    /// Accepts only an answer whose content type starts with `content_type` (such as
    /// `application/pdf`): another one is a [`Decode`](crate::ErrorKind::Decode) error naming
    /// both. Any content type is accepted by default.
    pub fn expect(mut self, content_type: &str) -> Self {
        self.expected = content_type.to_ascii_lowercase();
        self
    }

    /// Sends the request; the answer, held, as a [`Document`]. A status other than 200 is an
    /// [`Http`](crate::ErrorKind::Http) error with the start of the page; Odoo's error
    /// objects (which some routes answer as HTML with 200) are typed as for any call.
    pub async fn send(self) -> Result<Document> {
        let context = self.error_context();
        let (call, expected) = self.call(&context)?;
        let reading = Reading::Hold(&expected);
        self.client
            .web_call(call, reading, &context)
            .await?
            .document(&context)
    }

    /// Sends the request and copies the answer's body to `writer` as it comes, one chunk at a
    /// time (an HTML answer, which may hold one of Odoo's errors, is read whole first). The
    /// size limit of answers does not apply, as nothing is held; the read timeout does. A
    /// failure after the first byte was written is not retried: the writer has part of it.
    pub async fn send_to<W>(self, writer: &mut W) -> Result<Downloaded>
    where
        W: AsyncWrite + Unpin + Send,
    {
        let context = self.error_context();
        let (call, expected) = self.call(&context)?;
        let reading = Reading::Copy(&expected, writer);
        self.client
            .web_call(call, reading, &context)
            .await?
            .downloaded(&context)
    }

    /// `POST`s `params` to a route of `type='json'` as Odoo's JSON-RPC envelope, and reads the
    /// `result` as `T`; the route's errors are typed as those of any call
    /// ([`UserError`](crate::ErrorKind::UserError), [`AccessError`](crate::ErrorKind::AccessError), ...).
    pub async fn json_rpc<T, P>(mut self, params: &P) -> Result<T>
    where
        T: DeserializeOwned,
        P: Serialize + ?Sized,
    {
        let envelope = serde_json::json!({
            "jsonrpc": "2.0",
            "method": "call",
            "params": params,
            "id": 1,
        });
        self = self.json(&envelope);
        let context = self.error_context();
        let (call, _) = self.call(&context)?;
        let value = self
            .client
            .web_call(call, Reading::JsonRpc, &context)
            .await?
            .result(&context)?;
        decode_value(value, &context).map_err(|e| self.client.redact(e))
    }

    fn error_context(&self) -> ErrorContext {
        let method = if self.body.is_some() { "post" } else { "get" };
        ErrorContext::call("web", method).on(self.client.transport_kind())
    }

    /// The call to send, and the content type to expect; the mistake found while building, if
    /// any.
    fn call(&self, context: &ErrorContext) -> Result<(WebCall<'_>, String)> {
        if let Some(invalid) = &self.invalid {
            return Err(self
                .client
                .redact(Error::invalid(invalid.clone(), context.clone())));
        }
        let call = WebCall {
            method: if self.body.is_some() {
                Method::POST
            } else {
                Method::GET
            },
            path: &self.path,
            body: self
                .body
                .as_ref()
                .map(|(content_type, bytes)| (content_type.as_str(), bytes.clone())),
            bearer: self.bearer,
        };
        Ok((call, self.expected.clone()))
    }
}
