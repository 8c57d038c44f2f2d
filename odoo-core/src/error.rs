//! The one error type of the crate, and the mapping from what Odoo servers send to it.
//!
//! Odoo reports failures differently on each protocol:
//!
//! * JSON-RPC (`/jsonrpc`, `/web/...`): HTTP 200 with `error: {code, message, data: {name, message, debug}}`,
//!   where `data.name` is the Python exception class (`odoo.exceptions.AccessError`), `code` is 200 on
//!   Odoo 16-18 and 0 on 19, 100 for an expired session and 404 for an unknown route.
//! * XML-RPC: a `<fault>` with `faultCode` 1 (anything else, `faultString` holds the traceback), 2 (the
//!   `UserError` family, `faultString` holds the message), 3 (`AccessDenied`) or 4 (`AccessError`).
//! * JSON-2: an HTTP status (401, 403, 404, 422, 500, ...) with a JSON body `{name, message, debug}`.
//!
//! [`Error`] folds all of them into the same variants, each keeping Odoo's message, the Python
//! class where the server named it, the traceback, and the model and method of the call.

use std::fmt;

use crate::transport::TransportKind;

/// A `Result` whose error is [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong when talking to Odoo.
///
/// The first group of variants are exceptions raised by the Odoo server; they all carry an
/// [`OdooError`] with the server's message. The others describe failures on this side of the wire.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Bad login, password or API key (`odoo.exceptions.AccessDenied`, XML-RPC fault 3, JSON-2 401),
    /// or `authenticate` answering `false`.
    #[error("access denied: {0}")]
    AccessDenied(Box<OdooError>),
    /// The user may not do this (`odoo.exceptions.AccessError`, XML-RPC fault 4, JSON-2 403).
    #[error("access error: {0}")]
    AccessError(Box<OdooError>),
    /// A record does not exist or was deleted (`odoo.exceptions.MissingError`).
    #[error("missing record: {0}")]
    MissingError(Box<OdooError>),
    /// A constraint or a required field failed (`odoo.exceptions.ValidationError`).
    #[error("validation error: {0}")]
    ValidationError(Box<OdooError>),
    /// A business rule refused the operation (`odoo.exceptions.UserError` and its family; XML-RPC
    /// fault 2 when the text does not tell which member of the family it was).
    #[error("user error: {0}")]
    UserError(Box<OdooError>),
    /// The web session is not (or no longer) valid (`odoo.http.SessionExpiredException`, code 100).
    #[error("session expired: {0}")]
    SessionExpired(Box<OdooError>),
    /// The model, the method or the endpoint does not exist.
    #[error("not found: {0}")]
    NotFound(Box<OdooError>),
    /// Any other exception raised by the server (`builtins.ValueError`, `builtins.TypeError`, ...).
    #[error("server error: {0}")]
    Server(Box<OdooError>),
    /// The server answered with an HTTP status and a body that is not an Odoo error payload
    /// (for example the HTML `400 Invalid JSON data` page).
    #[error("{0}")]
    Http(Box<HttpError>),
    /// The request did not complete: connection refused, timeout, TLS failure, ...
    #[error("{0}")]
    Transport(Box<TransportError>),
    /// The response could not be decoded into the requested type.
    #[error("{0}")]
    Decode(Box<DecodeError>),
    /// A configured limit (response size, nesting depth) was exceeded.
    #[error("{0}")]
    Limit(Box<LimitError>),
    /// The client was configured or called in a way that cannot work (missing database, no API key
    /// for JSON-2, a JSON-2 call whose argument names cannot be known, ...).
    #[error("invalid use: {0}")]
    InvalidInput(Box<InvalidInput>),
}

/// Which kind of server-side failure an [`OdooError`] is; the variant of [`Error`] it becomes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum OdooErrorKind {
    /// See [`Error::AccessDenied`].
    AccessDenied,
    /// See [`Error::AccessError`].
    AccessError,
    /// See [`Error::MissingError`].
    MissingError,
    /// See [`Error::ValidationError`].
    ValidationError,
    /// See [`Error::UserError`].
    UserError,
    /// See [`Error::SessionExpired`].
    SessionExpired,
    /// See [`Error::NotFound`].
    NotFound,
    /// See [`Error::Server`].
    Server,
}

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
    /// The kind, which decides the [`Error`] variant.
    pub kind: OdooErrorKind,
    /// The Python exception class, when the server named it (`odoo.exceptions.AccessError`,
    /// `builtins.ValueError`, `werkzeug.exceptions.NotFound`). XML-RPC faults 2-4 do not name it.
    pub name: Option<String>,
    /// Odoo's message, as shown to a user.
    pub message: String,
    /// The server-side traceback, when the server sent one.
    pub debug: Option<String>,
    /// The protocol's code: JSON-RPC `error.code`, XML-RPC `faultCode` or the JSON-2 HTTP status.
    pub code: Option<i64>,
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
    /// The start of the response body (at most 512 characters), secrets removed.
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

/// A configured limit was exceeded while reading a response.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct LimitError {
    /// Which limit: `max_response_bytes` or `max_depth`.
    pub limit: &'static str,
    /// The configured value of that limit.
    pub value: usize,
    /// The call whose response it was.
    pub context: ErrorContext,
}

impl fmt::Display for LimitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.limit {
            "max_response_bytes" => "is larger than",
            "max_depth" => "nests deeper than",
            _ => "exceeds",
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

impl Error {
    /// Builds the error for a server-side exception.
    pub(crate) fn odoo(err: OdooError) -> Self {
        let boxed = Box::new(err);
        match boxed.kind {
            OdooErrorKind::AccessDenied => Error::AccessDenied(boxed),
            OdooErrorKind::AccessError => Error::AccessError(boxed),
            OdooErrorKind::MissingError => Error::MissingError(boxed),
            OdooErrorKind::ValidationError => Error::ValidationError(boxed),
            OdooErrorKind::UserError => Error::UserError(boxed),
            OdooErrorKind::SessionExpired => Error::SessionExpired(boxed),
            OdooErrorKind::NotFound => Error::NotFound(boxed),
            OdooErrorKind::Server => Error::Server(boxed),
        }
    }

    /// The error for a login that the server refused without naming an exception (XML-RPC and
    /// JSON-RPC `authenticate` answer `false`).
    pub(crate) fn access_denied(message: impl Into<String>, context: &ErrorContext) -> Self {
        Error::odoo(OdooError {
            kind: OdooErrorKind::AccessDenied,
            name: None,
            message: message.into(),
            debug: None,
            code: None,
            context: context.clone(),
        })
    }

    pub(crate) fn invalid(message: impl Into<String>, context: ErrorContext) -> Self {
        Error::InvalidInput(Box::new(InvalidInput {
            message: message.into(),
            context,
        }))
    }

    pub(crate) fn decode(
        path: impl Into<String>,
        message: impl Into<String>,
        context: ErrorContext,
    ) -> Self {
        Error::Decode(Box::new(DecodeError {
            path: path.into(),
            message: message.into(),
            context,
        }))
    }

    pub(crate) fn limit(limit: &'static str, value: usize, context: ErrorContext) -> Self {
        Error::Limit(Box::new(LimitError {
            limit,
            value,
            context,
        }))
    }

    /// The server-side exception, for the variants that are one.
    pub fn odoo_error(&self) -> Option<&OdooError> {
        match self {
            Error::AccessDenied(e)
            | Error::AccessError(e)
            | Error::MissingError(e)
            | Error::ValidationError(e)
            | Error::UserError(e)
            | Error::SessionExpired(e)
            | Error::NotFound(e)
            | Error::Server(e) => Some(e),
            _ => None,
        }
    }

    /// The model, method and transport of the failed call.
    pub fn context(&self) -> &ErrorContext {
        match self {
            Error::AccessDenied(e)
            | Error::AccessError(e)
            | Error::MissingError(e)
            | Error::ValidationError(e)
            | Error::UserError(e)
            | Error::SessionExpired(e)
            | Error::NotFound(e)
            | Error::Server(e) => &e.context,
            Error::Http(e) => &e.context,
            Error::Transport(e) => &e.context,
            Error::Decode(e) => &e.context,
            Error::Limit(e) => &e.context,
            Error::InvalidInput(e) => &e.context,
        }
    }

    fn context_mut(&mut self) -> &mut ErrorContext {
        match self {
            Error::AccessDenied(e)
            | Error::AccessError(e)
            | Error::MissingError(e)
            | Error::ValidationError(e)
            | Error::UserError(e)
            | Error::SessionExpired(e)
            | Error::NotFound(e)
            | Error::Server(e) => &mut e.context,
            Error::Http(e) => &mut e.context,
            Error::Transport(e) => &mut e.context,
            Error::Decode(e) => &mut e.context,
            Error::Limit(e) => &mut e.context,
            Error::InvalidInput(e) => &mut e.context,
        }
    }

    /// Odoo's message for server-side exceptions; the error's text otherwise.
    pub fn message(&self) -> String {
        match self.odoo_error() {
            Some(e) => e.message.clone(),
            None => self.to_string(),
        }
    }

    /// The server-side traceback, when the server sent one.
    pub fn debug_info(&self) -> Option<&str> {
        self.odoo_error().and_then(|e| e.debug.as_deref())
    }

    /// The HTTP status of the failed response, where there was one.
    pub fn http_status(&self) -> Option<u16> {
        match self {
            Error::Http(e) => Some(e.status),
            _ => None,
        }
    }

    /// Whether the request failed on the way (connection, timeout, TLS, reading the answer).
    /// The server may still have run the method: do not repeat a write on this alone.
    pub fn is_transport(&self) -> bool {
        matches!(self, Error::Transport(_))
    }

    /// Whether no connection could be made, so nothing was sent and any call is safe to repeat.
    pub fn is_connect(&self) -> bool {
        matches!(self, Error::Transport(e) if e.is_connect)
    }

    /// Sets the call's model/method/transport where the error does not know them yet.
    pub(crate) fn with_context(mut self, context: &ErrorContext) -> Self {
        let own = self.context_mut();
        if own.model.is_none() {
            own.model.clone_from(&context.model);
        }
        if own.method.is_none() {
            own.method.clone_from(&context.method);
        }
        if own.transport.is_none() {
            own.transport = context.transport;
        }
        self
    }

    /// Replaces every occurrence of each secret in the texts this error carries.
    pub(crate) fn redact(mut self, secrets: &[&str]) -> Self {
        let forms: Vec<String> = secrets.iter().flat_map(|s| secret_forms(s)).collect();
        let forms: Vec<&str> = forms.iter().map(String::as_str).collect();
        let secrets = forms.as_slice();
        fn scrub(text: &mut String, secrets: &[&str]) {
            for secret in secrets {
                if !secret.is_empty() && text.contains(secret) {
                    *text = text.replace(secret, "<redacted>");
                }
            }
        }
        match &mut self {
            Error::AccessDenied(e)
            | Error::AccessError(e)
            | Error::MissingError(e)
            | Error::ValidationError(e)
            | Error::UserError(e)
            | Error::SessionExpired(e)
            | Error::NotFound(e)
            | Error::Server(e) => {
                scrub(&mut e.message, secrets);
                if let Some(debug) = &mut e.debug {
                    scrub(debug, secrets);
                }
            }
            Error::Http(e) => {
                scrub(&mut e.body_excerpt, secrets);
                if let Some((cut, _)) = e.body_excerpt.char_indices().nth(BODY_EXCERPT_CHARS) {
                    e.body_excerpt.truncate(cut);
                }
            }
            Error::Transport(e) => {
                scrub(&mut e.message, secrets);
                // The source error's text cannot be rewritten; drop it when it would leak.
                if let Some(source) = &e.source {
                    let text = format!("{source} {source:?}");
                    if secrets.iter().any(|s| !s.is_empty() && text.contains(s)) {
                        e.source = None;
                    }
                }
            }
            Error::Decode(e) => scrub(&mut e.message, secrets),
            Error::Limit(_) => {}
            Error::InvalidInput(e) => scrub(&mut e.message, secrets),
        }
        self
    }
}

/// Classifies a server-side exception from the Python class name Odoo sent, the message and the
/// call it belongs to. `None` for the class means the protocol did not say (XML-RPC faults).
pub(crate) fn kind_from_name(name: &str, message: &str, context: &ErrorContext) -> OdooErrorKind {
    let short = name.rsplit('.').next().unwrap_or(name);
    match short {
        "AccessDenied" | "Unauthorized" => OdooErrorKind::AccessDenied,
        "AccessError" | "Forbidden" => OdooErrorKind::AccessError,
        "MissingError" => OdooErrorKind::MissingError,
        "ValidationError" => OdooErrorKind::ValidationError,
        "SessionExpiredException" => OdooErrorKind::SessionExpired,
        "NotFound" => OdooErrorKind::NotFound,
        "UserError" | "RedirectWarning" | "Warning" | "except_orm" | "LockError" => {
            if is_missing_model_message(message) {
                OdooErrorKind::NotFound
            } else {
                OdooErrorKind::UserError
            }
        }
        "AttributeError" if is_missing_method_message(message) => OdooErrorKind::NotFound,
        // Odoo 16's web client route raises a bare KeyError naming the unknown model.
        "KeyError" if names_the_model(message, context) => OdooErrorKind::NotFound,
        _ => OdooErrorKind::Server,
    }
}

/// `Object no.such.model doesn't exist` (all versions, all RPC families).
fn is_missing_model_message(message: &str) -> bool {
    message.starts_with("Object ") && message.trim_end().ends_with("doesn't exist")
}

/// `The method 'res.partner.x' does not exist` (17+) or
/// `The method 'x' does not exist on the model 'res.partner'` (16).
fn is_missing_method_message(message: &str) -> bool {
    message.starts_with("The method '") && message.contains("does not exist")
}

fn names_the_model(message: &str, context: &ErrorContext) -> bool {
    let bare = message.trim().trim_matches(|c| c == '\'' || c == '"');
    context.model.as_deref() == Some(bare)
}

/// Classifies an XML-RPC fault. Odoo's fault codes: 1 anything else (the fault string is a
/// traceback whose last line is `Class: message`), 2 the `UserError` family, 3 `AccessDenied`,
/// 4 `AccessError`.
pub(crate) fn from_xmlrpc_fault(
    code: i64,
    fault_string: &str,
    context: &ErrorContext,
) -> OdooError {
    let (kind, name, message, debug) = match code {
        3 => (
            OdooErrorKind::AccessDenied,
            None,
            fault_string.to_owned(),
            None,
        ),
        4 => (
            OdooErrorKind::AccessError,
            None,
            fault_string.to_owned(),
            None,
        ),
        2 => (
            refine_user_error(fault_string),
            None,
            fault_string.to_owned(),
            None,
        ),
        _ => {
            let (name, message) = traceback_conclusion(fault_string);
            let kind = match name {
                Some(name) => kind_from_name(name, message, context),
                None => OdooErrorKind::Server,
            };
            (
                kind,
                name.map(str::to_owned),
                message.to_owned(),
                Some(fault_string.to_owned()),
            )
        }
    };
    OdooError {
        kind,
        name,
        message,
        debug,
        code: Some(code),
        context: context.clone(),
    }
}

/// XML-RPC fault 2 is raised for `UserError`, `ValidationError` and `MissingError` alike, with only
/// the message. Refine where the text is unambiguous; else `UserError`.
fn refine_user_error(message: &str) -> OdooErrorKind {
    if message.starts_with("Record does not exist or has been deleted.") {
        OdooErrorKind::MissingError
    } else if message.starts_with("The operation cannot be completed:") {
        // The ORM's message for a NOT NULL violation (a required field not set), raised as a
        // ValidationError on 16-19.
        OdooErrorKind::ValidationError
    } else if is_missing_model_message(message) {
        OdooErrorKind::NotFound
    } else {
        OdooErrorKind::UserError
    }
}

/// The last line of a Python traceback, `module.Class: message`, split in two. Multi-line
/// messages are kept whole: the conclusion starts at the first line after the last `  File`
/// frame (or its source line) that looks like `Name: ...`.
pub(crate) fn traceback_conclusion(traceback: &str) -> (Option<&str>, &str) {
    let text = traceback.trim_end();
    // Find the start of the final exception line: after the last frame's source line.
    let mut start = 0;
    let mut offset = 0;
    let mut in_frames = false;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_end_matches('\n');
        if trimmed.starts_with("Traceback (most recent call last)") || trimmed.starts_with("  ") {
            in_frames = true;
            start = offset + line.len();
        } else if in_frames && looks_like_exception_line(trimmed) {
            start = offset;
            in_frames = false;
        }
        offset += line.len();
    }
    let conclusion = text.get(start..).unwrap_or(text).trim();
    if let Some((name, message)) = conclusion.split_once(": ") {
        if looks_like_class(name) {
            return (Some(name), message.trim());
        }
    }
    if looks_like_class(conclusion) {
        return (Some(conclusion), "");
    }
    (None, conclusion)
}

fn looks_like_exception_line(line: &str) -> bool {
    let head = line.split_once(':').map_or(line, |(h, _)| h);
    looks_like_class(head)
}

fn looks_like_class(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.')
        && name
            .rsplit('.')
            .next()
            .is_some_and(|last| last.starts_with(|c: char| c.is_ascii_uppercase()))
}

/// The texts a secret can take once a server echoes it: as sent, JSON-escaped (with and
/// without `\uXXXX` for non-ASCII, as Python writes it), XML-escaped and URL-encoded.
fn secret_forms(secret: &str) -> Vec<String> {
    if secret.is_empty() {
        return Vec::new();
    }
    let mut forms = vec![secret.to_owned()];
    let json = serde_json::to_string(secret).unwrap_or_default();
    if let Some(inner) = json.get(1..json.len().saturating_sub(1)) {
        forms.push(inner.to_owned());
    }
    let mut ascii = String::new();
    for c in secret.chars() {
        match c {
            '"' => ascii.push_str("\\\""),
            '\\' => ascii.push_str("\\\\"),
            c if c.is_ascii() && !c.is_ascii_control() => ascii.push(c),
            c => {
                let mut units = [0_u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    ascii.push_str(&format!("\\u{unit:04x}"));
                }
            }
        }
    }
    forms.push(ascii);
    let xml = secret
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    forms.push(xml.clone());
    forms.push(xml.replace('"', "&quot;").replace('\'', "&apos;"));
    let mut url = String::new();
    for byte in secret.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            url.push(char::from(byte));
        } else {
            url.push_str(&format!("%{byte:02X}"));
        }
    }
    forms.push(url);
    forms.sort();
    forms.dedup();
    // Longest first, so that a form is not half-replaced by a shorter one.
    forms.sort_by_key(|form| std::cmp::Reverse(form.len()));
    forms
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn traceback_last_line_is_split() {
        let tb = "Traceback (most recent call last):\n  File \"/opt/odoo/x.py\", line 1, in f\n    raise ValueError(x)\nValueError: Invalid field res.partner.no_such_field in leaf ('no_such_field', '=', 1)\n";
        let (name, message) = traceback_conclusion(tb);
        assert_eq!(name, Some("ValueError"));
        assert_eq!(
            message,
            "Invalid field res.partner.no_such_field in leaf ('no_such_field', '=', 1)"
        );
    }

    #[test]
    fn traceback_multi_line_message_is_kept() {
        let tb = "Traceback (most recent call last):\n  File \"a.py\", line 1, in f\n    g()\nodoo.exceptions.UserError: first line\nsecond line\n";
        let (name, message) = traceback_conclusion(tb);
        assert_eq!(name, Some("odoo.exceptions.UserError"));
        assert_eq!(message, "first line\nsecond line");
    }

    #[test]
    fn fault_two_is_refined_only_when_unambiguous() {
        let ctx = ErrorContext::call("res.partner", "write");
        let missing = from_xmlrpc_fault(
            2,
            "Record does not exist or has been deleted.\n(Record: res.partner(59,), User: 2)",
            &ctx,
        );
        assert_eq!(missing.kind, OdooErrorKind::MissingError);
        let other = from_xmlrpc_fault(2, "You cannot create recursive Partner hierarchies.", &ctx);
        assert_eq!(other.kind, OdooErrorKind::UserError);
        let model = from_xmlrpc_fault(2, "Object no.such.model doesn't exist", &ctx);
        assert_eq!(model.kind, OdooErrorKind::NotFound);
    }

    #[test]
    fn names_map_to_kinds() {
        let ctx = ErrorContext::call("no.such.model", "search");
        assert_eq!(
            kind_from_name("odoo.exceptions.AccessError", "x", &ctx),
            OdooErrorKind::AccessError
        );
        assert_eq!(
            kind_from_name("builtins.KeyError", "no.such.model", &ctx),
            OdooErrorKind::NotFound
        );
        assert_eq!(
            kind_from_name("builtins.KeyError", "other", &ctx),
            OdooErrorKind::Server
        );
        assert_eq!(
            kind_from_name(
                "builtins.AttributeError",
                "The method 'res.partner.x' does not exist",
                &ctx
            ),
            OdooErrorKind::NotFound
        );
    }

    #[test]
    fn redaction_scrubs_every_text() {
        let err = Error::Http(Box::new(HttpError {
            status: 400,
            body_excerpt: "echo: password=hunter2".into(),
            content_type: None,
            retry_after: None,
            context: ErrorContext::default(),
        }))
        .redact(&["hunter2"]);
        assert!(!format!("{err} {err:?}").contains("hunter2"));
    }
}
