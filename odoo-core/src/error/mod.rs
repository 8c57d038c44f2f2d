//! The one error type of the crate: [`Error`], what it says ([`ErrorKind`]) and what it carries.
//!
//! Odoo reports failures differently on each protocol (a JSON-RPC `error` member, an XML-RPC
//! `<fault>`, a JSON-2 HTTP status with a JSON body); the transports fold all of them into the
//! same [`ErrorKind`]s, each keeping Odoo's message, the Python class where the server named it,
//! the traceback, and the model and method of the call. How a server's exception is classified
//! lives with the wire decoding (`wire::classify`), how secrets are scrubbed from an error in
//! `redact`.
//!
//! [`Error`] is opaque, as `std::io::Error` and `reqwest::Error` are: ask it with
//! [`Error::kind`] and the `*_error()` accessors rather than matching on its layout.

mod details;

use std::fmt;

pub(crate) use details::BODY_EXCERPT_CHARS;
pub use details::{
    DecodeError, ErrorContext, HttpError, InvalidInput, LimitError, LimitKind, OdooError,
    TransportError, Unavailable,
};

/// A `Result` whose error is [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// What went wrong, in one word: the question to ask an [`Error`] before anything else.
///
/// The first nine are exceptions raised by the Odoo server ([`ErrorKind::is_server_side`]);
/// their details are in [`Error::odoo_error`]. The others describe failures on this side of the
/// wire, each with its own details accessor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// Bad login, password or API key (`odoo.exceptions.AccessDenied`, XML-RPC fault 3, JSON-2
    /// 401), or `authenticate` answering `false`.
    AccessDenied,
    /// The user may not do this (`odoo.exceptions.AccessError`, XML-RPC fault 4, JSON-2 403).
    AccessError,
    /// A record does not exist or was deleted (`odoo.exceptions.MissingError`).
    MissingError,
    /// A constraint or a required field failed (`odoo.exceptions.ValidationError`).
    ValidationError,
    /// A business rule refused the operation (`odoo.exceptions.UserError` and its family;
    /// XML-RPC fault 2 when the text does not tell which member of the family it was).
    UserError,
    /// The web session is not (or no longer) valid (`odoo.http.SessionExpiredException`).
    SessionExpired,
    /// The model, the method or the endpoint does not exist.
    NotFound,
    /// The server has no database of the configured name ([`ClientBuilder::database`], `ODOO_DB`).
    /// Odoo answers it differently on each protocol (PostgreSQL's refusal through
    /// `psycopg2.OperationalError` on JSON-RPC and XML-RPC, `AccessError: Database not found.`
    /// on the web session, an HTML 404 page on JSON-2); the message is the same one line on
    /// every transport, and [`Error::debug_info`] keeps what the server sent.
    ///
    /// [`ClientBuilder::database`]: crate::ClientBuilder::database
    DatabaseNotFound,
    /// Any other exception raised by the server (`builtins.ValueError`, `builtins.TypeError`, ...).
    Server,
    /// The server answered with an HTTP status and a body that is not an Odoo error payload
    /// (for example the HTML `400 Invalid JSON data` page). See [`Error::http_error`].
    Http,
    /// The request did not complete: connection refused, timeout, TLS failure, ...
    /// See [`Error::transport_error`].
    Transport,
    /// The response could not be decoded into the requested type. See [`Error::decode_error`].
    Decode,
    /// A configured limit (response size, nesting depth) was exceeded. See [`Error::limit_error`].
    Limit,
    /// The client was configured or called in a way that cannot work (missing database, no API
    /// key for JSON-2, a JSON-2 call whose argument names cannot be known, ...).
    /// See [`Error::invalid_input`].
    InvalidInput,
    /// The model, field or method exists on other Odoo versions than the server's, as the
    /// snapshots the code was generated from say (`#[odoo(since = 18)]`); nothing was sent.
    /// See [`Error::unavailable`].
    Unavailable,
}

impl ErrorKind {
    /// Whether this is an exception raised by the Odoo server (the first nine kinds).
    pub fn is_server_side(self) -> bool {
        matches!(
            self,
            ErrorKind::AccessDenied
                | ErrorKind::AccessError
                | ErrorKind::MissingError
                | ErrorKind::ValidationError
                | ErrorKind::UserError
                | ErrorKind::SessionExpired
                | ErrorKind::NotFound
                | ErrorKind::DatabaseNotFound
                | ErrorKind::Server
        )
    }

    /// The words that start the error's text (`access denied`, `user error`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::AccessDenied => "access denied",
            ErrorKind::AccessError => "access error",
            ErrorKind::MissingError => "missing record",
            ErrorKind::ValidationError => "validation error",
            ErrorKind::UserError => "user error",
            ErrorKind::SessionExpired => "session expired",
            ErrorKind::NotFound => "not found",
            ErrorKind::DatabaseNotFound => "database not found",
            ErrorKind::Server => "server error",
            ErrorKind::Http => "HTTP error",
            ErrorKind::Transport => "transport error",
            ErrorKind::Decode => "decode error",
            ErrorKind::Limit => "limit exceeded",
            ErrorKind::InvalidInput => "invalid use",
            ErrorKind::Unavailable => "not on this version",
        }
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Everything that can go wrong when talking to Odoo.
///
/// ```
/// # fn demo(error: odoo_core::Error) {
/// use odoo_core::ErrorKind;
/// match error.kind() {
///     ErrorKind::AccessDenied => eprintln!("check the login and the API key"),
///     ErrorKind::ValidationError | ErrorKind::UserError => {
///         eprintln!("Odoo refused: {}", error.message())
///     }
///     _ if error.is_connect() => eprintln!("the server is unreachable"),
///     _ => eprintln!("{error}"),
/// }
/// # }
/// ```
pub struct Error {
    repr: Box<Repr>,
}

#[derive(Debug)]
pub(crate) enum Repr {
    Odoo(OdooError),
    Http(HttpError),
    Transport(TransportError),
    Decode(DecodeError),
    Limit(LimitError),
    InvalidInput(InvalidInput),
    Unavailable(Unavailable),
}

impl Error {
    fn new(repr: Repr) -> Self {
        Self {
            repr: Box::new(repr),
        }
    }

    /// Builds the error for a server-side exception.
    pub(crate) fn odoo(err: OdooError) -> Self {
        Self::new(Repr::Odoo(err))
    }

    /// Builds the error for an HTTP answer that is not an Odoo error payload.
    pub(crate) fn http(err: HttpError) -> Self {
        Self::new(Repr::Http(err))
    }

    /// Builds the error for a request that did not complete.
    pub(crate) fn transport(err: TransportError) -> Self {
        Self::new(Repr::Transport(err))
    }

    /// The error for a login that the server refused without naming an exception (XML-RPC and
    /// JSON-RPC `authenticate` answer `false`).
    pub(crate) fn access_denied(message: impl Into<String>, context: &ErrorContext) -> Self {
        Error::odoo(OdooError {
            kind: ErrorKind::AccessDenied,
            name: None,
            message: message.into(),
            debug: None,
            code: None,
            credential: None,
            context: context.clone(),
        })
    }

    /// The error for a read of one record that the server answered with no row: the record
    /// does not exist (or no longer), or record rules hide it from the user.
    pub(crate) fn missing_record(model: &str, id: i64, context: ErrorContext) -> Self {
        Error::odoo(OdooError {
            kind: ErrorKind::MissingError,
            name: None,
            message: format!("{model} {id} does not exist, or this user may not see it"),
            debug: None,
            code: None,
            credential: None,
            context,
        })
    }

    pub(crate) fn invalid(message: impl Into<String>, context: ErrorContext) -> Self {
        Self::new(Repr::InvalidInput(InvalidInput {
            message: message.into(),
            context,
        }))
    }

    pub(crate) fn not_on_version(
        message: String,
        versions: crate::version_range::Versions,
        server_major: u32,
        context: ErrorContext,
    ) -> Self {
        Self::new(Repr::Unavailable(Unavailable {
            message,
            versions,
            server_major,
            context,
        }))
    }

    pub(crate) fn decode(
        path: impl Into<String>,
        message: impl Into<String>,
        context: ErrorContext,
    ) -> Self {
        Self::new(Repr::Decode(DecodeError {
            path: path.into(),
            message: message.into(),
            context,
        }))
    }

    pub(crate) fn limit(limit: LimitKind, value: usize, context: ErrorContext) -> Self {
        Self::new(Repr::Limit(LimitError {
            limit,
            value,
            context,
        }))
    }

    pub(crate) fn odoo_error_mut(&mut self) -> Option<&mut OdooError> {
        match &mut *self.repr {
            Repr::Odoo(e) => Some(e),
            _ => None,
        }
    }

    pub(crate) fn repr_mut(&mut self) -> &mut Repr {
        &mut self.repr
    }

    /// What went wrong, in one word.
    pub fn kind(&self) -> ErrorKind {
        match &*self.repr {
            Repr::Odoo(e) => e.kind,
            Repr::Http(_) => ErrorKind::Http,
            Repr::Transport(_) => ErrorKind::Transport,
            Repr::Decode(_) => ErrorKind::Decode,
            Repr::Limit(_) => ErrorKind::Limit,
            Repr::InvalidInput(_) => ErrorKind::InvalidInput,
            Repr::Unavailable(_) => ErrorKind::Unavailable,
        }
    }

    /// The server-side exception, for the [server-side kinds](ErrorKind::is_server_side).
    pub fn odoo_error(&self) -> Option<&OdooError> {
        match &*self.repr {
            Repr::Odoo(e) => Some(e),
            _ => None,
        }
    }

    /// The HTTP answer, for [`ErrorKind::Http`].
    pub fn http_error(&self) -> Option<&HttpError> {
        match &*self.repr {
            Repr::Http(e) => Some(e),
            _ => None,
        }
    }

    /// What failed on the way, for [`ErrorKind::Transport`].
    pub fn transport_error(&self) -> Option<&TransportError> {
        match &*self.repr {
            Repr::Transport(e) => Some(e),
            _ => None,
        }
    }

    /// Where and why the response did not decode, for [`ErrorKind::Decode`].
    pub fn decode_error(&self) -> Option<&DecodeError> {
        match &*self.repr {
            Repr::Decode(e) => Some(e),
            _ => None,
        }
    }

    /// Which limit was exceeded, for [`ErrorKind::Limit`].
    pub fn limit_error(&self) -> Option<&LimitError> {
        match &*self.repr {
            Repr::Limit(e) => Some(e),
            _ => None,
        }
    }

    /// What is wrong with the call or the configuration, for [`ErrorKind::InvalidInput`].
    pub fn invalid_input(&self) -> Option<&InvalidInput> {
        match &*self.repr {
            Repr::InvalidInput(e) => Some(e),
            _ => None,
        }
    }

    /// What the server's version lacks, for [`ErrorKind::Unavailable`].
    pub fn unavailable(&self) -> Option<&Unavailable> {
        match &*self.repr {
            Repr::Unavailable(e) => Some(e),
            _ => None,
        }
    }

    /// The model, method and transport of the failed call.
    pub fn context(&self) -> &ErrorContext {
        match &*self.repr {
            Repr::Odoo(e) => &e.context,
            Repr::Http(e) => &e.context,
            Repr::Transport(e) => &e.context,
            Repr::Decode(e) => &e.context,
            Repr::Limit(e) => &e.context,
            Repr::InvalidInput(e) => &e.context,
            Repr::Unavailable(e) => &e.context,
        }
    }

    fn context_mut(&mut self) -> &mut ErrorContext {
        match &mut *self.repr {
            Repr::Odoo(e) => &mut e.context,
            Repr::Http(e) => &mut e.context,
            Repr::Transport(e) => &mut e.context,
            Repr::Decode(e) => &mut e.context,
            Repr::Limit(e) => &mut e.context,
            Repr::InvalidInput(e) => &mut e.context,
            Repr::Unavailable(e) => &mut e.context,
        }
    }

    /// Odoo's message for server-side exceptions; the error's text otherwise.
    pub fn message(&self) -> String {
        match self.odoo_error() {
            Some(e) => e.message.clone(),
            None => self.to_string(),
        }
    }

    /// The server-side traceback, when the server sent one. `Debug` counts its lines; `{:#?}`
    /// shows it.
    pub fn debug_info(&self) -> Option<&str> {
        self.odoo_error().and_then(|e| e.debug.as_deref())
    }

    /// The HTTP status of the failed response, where there was one.
    pub fn http_status(&self) -> Option<u16> {
        self.http_error().map(|e| e.status)
    }

    /// Whether the request failed on the way (connection, timeout, TLS, reading the answer).
    /// The server may still have run the method: do not repeat a write on this alone.
    pub fn is_transport(&self) -> bool {
        self.kind() == ErrorKind::Transport
    }

    /// Whether no connection could be made, so nothing was sent and any call is safe to repeat.
    pub fn is_connect(&self) -> bool {
        self.transport_error().is_some_and(|e| e.is_connect)
    }

    /// Whether the request timed out.
    pub fn is_timeout(&self) -> bool {
        self.transport_error().is_some_and(|e| e.is_timeout)
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
}

/// Short, as `fn main() -> Result<(), Error>` prints it: the kind, the call and the message,
/// with the server's traceback counted, not shown. `{:#?}` shows everything, the traceback
/// included (also at [`Error::debug_info`]).
impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if f.alternate() {
            return fmt::Debug::fmt(&self.repr, f);
        }
        let mut out = f.debug_struct("Error");
        out.field("kind", &self.kind())
            .field("call", &format_args!("{}", self.context()));
        match &*self.repr {
            Repr::Odoo(e) => {
                out.field("message", &e.message);
                if let Some(name) = &e.name {
                    out.field("class", name);
                }
                if let Some(debug) = &e.debug {
                    let lines = debug.lines().count();
                    out.field(
                        "traceback",
                        &format_args!("{lines} lines (Error::debug_info, or {{:#?}})"),
                    );
                }
            }
            Repr::Http(e) => {
                out.field("status", &e.status)
                    .field("body_excerpt", &e.body_excerpt);
            }
            Repr::Transport(e) => {
                out.field("message", &e.message)
                    .field("is_timeout", &e.is_timeout)
                    .field("is_connect", &e.is_connect);
            }
            Repr::Decode(e) => {
                out.field("path", &e.path).field("message", &e.message);
            }
            Repr::Limit(e) => {
                out.field("limit", &e.limit).field("value", &e.value);
            }
            Repr::InvalidInput(e) => {
                out.field("message", &e.message);
            }
            Repr::Unavailable(e) => {
                out.field("message", &e.message);
            }
        }
        out.finish()
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &*self.repr {
            Repr::Odoo(e) => write!(f, "{}: {e}", e.kind),
            Repr::Http(e) => e.fmt(f),
            Repr::Transport(e) => e.fmt(f),
            Repr::Decode(e) => e.fmt(f),
            Repr::Limit(e) => e.fmt(f),
            Repr::InvalidInput(e) => write!(f, "{}: {e}", ErrorKind::InvalidInput),
            Repr::Unavailable(e) => write!(f, "{}: {e}", ErrorKind::Unavailable),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &*self.repr {
            Repr::Transport(e) => e
                .source
                .as_deref()
                .map(|s| s as &(dyn std::error::Error + 'static)),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_is_short_and_alternate_debug_is_whole() {
        let traceback =
            "Traceback (most recent call last):\n  File \"a.py\", line 1\nValueError: bad";
        let error = Error::odoo(OdooError {
            kind: ErrorKind::Server,
            name: Some("builtins.ValueError".into()),
            message: "bad".into(),
            debug: Some(traceback.into()),
            code: Some(200),
            credential: None,
            context: ErrorContext::call("res.partner", "read"),
        });
        let short = format!("{error:?}");
        assert!(short.contains("Server") && short.contains("res.partner.read"));
        assert!(
            short.contains("3 lines") && !short.contains("a.py"),
            "{short}"
        );
        assert!(format!("{error:#?}").contains("a.py"));
        assert_eq!(error.debug_info(), Some(traceback));
    }

    #[test]
    fn a_transport_failure_leads_to_its_cause() {
        let cause = std::io::Error::new(std::io::ErrorKind::ConnectionRefused, "refused");
        let error = Error::transport(TransportError {
            message: "cannot connect".into(),
            is_timeout: false,
            is_connect: true,
            context: ErrorContext::default(),
            source: Some(Box::new(cause)),
        });
        let source = std::error::Error::source(&error).map(ToString::to_string);
        assert_eq!(source.as_deref(), Some("refused"));
        assert!(error.is_connect() && !error.is_timeout());
    }
}
