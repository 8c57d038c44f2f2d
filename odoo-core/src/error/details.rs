//! What an [`Error`](super::Error) carries: the call it belongs to and the details of each kind.

use std::fmt;

use super::ErrorKind;
use crate::credential_kind::CredentialKind;
use crate::transport_kind::TransportKind;

/// What the call was: model, method and transport. Attached to every error raised for a call.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ErrorContext {
    /// The model of the call (`res.partner`), when the call was on a model.
    pub model: Option<String>,
    /// The method of the call (`write`), or the service method (`authenticate`).
    pub method: Option<String>,
    /// The transport that carried the call.
    pub transport: Option<TransportKind>,
}

impl ErrorContext {
    /// A context for a call of `method` on `model`.
    pub fn call(model: impl Into<String>, method: impl Into<String>) -> Self {
        Self {
            model: Some(model.into()),
            method: Some(method.into()),
            transport: None,
        }
    }

    /// A context for a service method without a model (`common.authenticate`, `version`).
    pub fn service(method: impl Into<String>) -> Self {
        Self {
            model: None,
            method: Some(method.into()),
            transport: None,
        }
    }

    /// The same context, on `transport`.
    #[must_use]
    pub fn on(mut self, transport: TransportKind) -> Self {
        self.transport = Some(transport);
        self
    }
}

impl fmt::Display for ErrorContext {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.model, &self.method) {
            (Some(model), Some(method)) => write!(f, "{model}.{method}")?,
            (Some(model), None) => write!(f, "{model}")?,
            (None, Some(method)) => write!(f, "{method}")?,
            (None, None) => write!(f, "request")?,
        }
        if let Some(transport) = self.transport {
            write!(f, " over {transport}")?;
        }
        Ok(())
    }
}

/// An exception raised by the Odoo server, as the server described it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct OdooError {
    /// Which exception it was; always one of the [server-side kinds](ErrorKind::is_server_side).
    pub kind: ErrorKind,
    /// The Python exception class, when the server named it (`odoo.exceptions.AccessError`,
    /// `builtins.ValueError`, `werkzeug.exceptions.NotFound`). XML-RPC faults 2-4 do not name it.
    pub name: Option<String>,
    /// Odoo's message, as shown to a user.
    pub message: String,
    /// The server-side traceback, when the server sent one.
    pub debug: Option<String>,
    /// The protocol's code: JSON-RPC `error.code`, XML-RPC `faultCode` or the JSON-2 HTTP status.
    pub code: Option<i64>,
    /// For [`ErrorKind::AccessDenied`]: which secret the server refused, the password or the
    /// API key (see [`ClientBuilder::api_key`](crate::ClientBuilder::api_key) for which one
    /// each transport sends).
    pub credential: Option<CredentialKind>,
    /// The call that failed.
    pub context: ErrorContext,
}

impl OdooError {
    /// The short exception class name (`AccessError` for `odoo.exceptions.AccessError`).
    pub fn short_name(&self) -> Option<&str> {
        self.name
            .as_deref()
            .map(|n| n.rsplit('.').next().unwrap_or(n))
    }
}

impl fmt::Display for OdooError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.context, self.message)?;
        if let Some(name) = &self.name {
            write!(f, " ({name})")?;
        }
        if let Some(credential) = self.credential {
            write!(f, "; the server refused the {credential}")?;
        }
        Ok(())
    }
}

/// How many characters of an unexpected body an [`HttpError`] keeps.
pub(crate) const BODY_EXCERPT_CHARS: usize = 512;

/// The server answered with an HTTP status and a body that is not an Odoo error payload.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct HttpError {
    /// The HTTP status code.
    pub status: u16,
    /// The start of the response body (its first 512 characters), with any secret the server
    /// echoed replaced by `<redacted>`.
    pub body_excerpt: String,
    /// The response's `Content-Type`, when present.
    pub content_type: Option<String>,
    /// The wait the server asked for in a `Retry-After` header (seconds), when present.
    pub retry_after: Option<std::time::Duration>,
    /// The call that failed.
    pub context: ErrorContext,
}

impl fmt::Display for HttpError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "HTTP {} from {}", self.status, self.context)?;
        let excerpt = self.body_excerpt.trim();
        if !excerpt.is_empty() {
            write!(f, ": {excerpt}")?;
        }
        Ok(())
    }
}

/// The request could not be carried out (connection, timeout, TLS, ...).
#[derive(Debug)]
#[non_exhaustive]
pub struct TransportError {
    /// What went wrong, in words.
    pub message: String,
    /// Whether the request timed out.
    pub is_timeout: bool,
    /// Whether the connection could not be made (nothing was sent).
    pub is_connect: bool,
    /// The call that failed.
    pub context: ErrorContext,
    /// The underlying error.
    pub source: Option<Box<dyn std::error::Error + Send + Sync>>,
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "transport error on {}: {}", self.context, self.message)
    }
}

/// A response could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct DecodeError {
    /// Where in the response the decoding failed: a JSON path like `[2].parent_id`, empty for the
    /// whole body.
    pub path: String,
    /// What was wrong there.
    pub message: String,
    /// The call whose response it was.
    pub context: ErrorContext,
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "cannot decode the response of {}", self.context)?;
        if !self.path.is_empty() && self.path != "." {
            write!(f, " at `{}`", self.path)?;
        }
        write!(f, ": {}", self.message)
    }
}

/// Which configured limit of [`Limits`](crate::Limits) a response exceeded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum LimitKind {
    /// [`Limits::max_response_bytes`](crate::Limits::max_response_bytes): the body is larger.
    ResponseBytes,
    /// [`Limits::max_depth`](crate::Limits::max_depth): arrays and objects nest deeper.
    Depth,
}

impl LimitKind {
    /// The name of the setting (`max_response_bytes`, `max_depth`).
    pub fn as_str(self) -> &'static str {
        match self {
            LimitKind::ResponseBytes => "max_response_bytes",
            LimitKind::Depth => "max_depth",
        }
    }
}

impl fmt::Display for LimitKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A configured limit was exceeded while reading a response.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct LimitError {
    /// Which limit.
    pub limit: LimitKind,
    /// The configured value of that limit.
    pub value: usize,
    /// The call whose response it was.
    pub context: ErrorContext,
}

impl fmt::Display for LimitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.limit {
            LimitKind::ResponseBytes => "is larger than",
            LimitKind::Depth => "nests deeper than",
        };
        write!(
            f,
            "the response of {} {what} the limit `{}` = {} (see odoo_core::Limits)",
            self.context, self.limit, self.value
        )
    }
}

/// The client was used in a way that cannot work.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct InvalidInput {
    /// What is wrong and, where possible, what to do instead.
    pub message: String,
    /// The call, when the problem belongs to one.
    pub context: ErrorContext,
}

impl fmt::Display for InvalidInput {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.context.method.is_some() {
            write!(f, "{}: {}", self.context, self.message)
        } else {
            write!(f, "{}", self.message)
        }
    }
}

/// A model, field or method that exists on other Odoo versions than the server's.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Unavailable {
    /// What the server lacks and on which versions it exists.
    pub message: String,
    /// The versions on which it exists.
    pub versions: crate::version_range::Versions,
    /// The server's major version.
    pub server_major: u32,
    /// The call that was not sent.
    pub context: ErrorContext,
}

impl fmt::Display for Unavailable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.context, self.message)
    }
}
