//! The exceptions the emulator raises, and how each protocol of each Odoo version writes them.

use std::fmt;

use serde_json::{json, Map, Value};

use super::OdooVersion;

/// The Python class of an emulated Odoo exception.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ExceptionClass {
    /// `odoo.exceptions.AccessDenied`: wrong login, password or API key.
    AccessDenied,
    /// `odoo.exceptions.AccessError`: the user may not do this (access rights, private methods).
    AccessError,
    /// `odoo.exceptions.MissingError`: a record does not exist (any more).
    MissingError,
    /// `odoo.exceptions.ValidationError`: a constraint failed (required field, recursion...).
    ValidationError,
    /// `odoo.exceptions.UserError`: a business rule refused the operation.
    UserError,
    /// `builtins.ValueError`: a bad value, such as an unknown field in a domain.
    ValueError,
    /// `builtins.TypeError`: a bad call, such as an unexpected keyword argument.
    TypeError,
    /// `builtins.AttributeError`: a method that does not exist.
    AttributeError,
    /// `builtins.KeyError`: an unknown service or model name.
    KeyError,
    /// `odoo.http.SessionExpiredException`: no valid web session.
    SessionExpired,
    /// `werkzeug.exceptions.NotFound` (HTTP 404).
    NotFound,
    /// `werkzeug.exceptions.Unauthorized` (HTTP 401).
    Unauthorized,
    /// `werkzeug.exceptions.BadRequest` (HTTP 400).
    BadRequest,
    /// `werkzeug.exceptions.UnprocessableEntity` (HTTP 422).
    UnprocessableEntity,
    /// Any other Python exception, by its qualified class name (`module.Class`).
    Other(String),
}

impl ExceptionClass {
    /// The qualified Python class name Odoo sends in `data.name`, e.g.
    /// `odoo.exceptions.UserError`.
    pub fn class_name(&self) -> &str {
        match self {
            Self::AccessDenied => "odoo.exceptions.AccessDenied",
            Self::AccessError => "odoo.exceptions.AccessError",
            Self::MissingError => "odoo.exceptions.MissingError",
            Self::ValidationError => "odoo.exceptions.ValidationError",
            Self::UserError => "odoo.exceptions.UserError",
            Self::ValueError => "builtins.ValueError",
            Self::TypeError => "builtins.TypeError",
            Self::AttributeError => "builtins.AttributeError",
            Self::KeyError => "builtins.KeyError",
            Self::SessionExpired => "odoo.http.SessionExpiredException",
            Self::NotFound => "werkzeug.exceptions.NotFound",
            Self::Unauthorized => "werkzeug.exceptions.Unauthorized",
            Self::BadRequest => "werkzeug.exceptions.BadRequest",
            Self::UnprocessableEntity => "werkzeug.exceptions.UnprocessableEntity",
            Self::Other(name) => name,
        }
    }

    /// The HTTP status of a werkzeug exception, `None` for other classes.
    fn werkzeug_status(&self) -> Option<u16> {
        match self {
            Self::NotFound => Some(404),
            Self::Unauthorized => Some(401),
            Self::BadRequest => Some(400),
            Self::UnprocessableEntity => Some(422),
            _ => None,
        }
    }

    /// Whether Odoo's XML-RPC layer sends this class as fault code 2 with the bare message
    /// (the `UserError` family).
    fn is_user_error_family(&self) -> bool {
        matches!(
            self,
            Self::UserError | Self::ValidationError | Self::MissingError
        )
    }
}

/// An exception raised by the emulator (or by a method handler registered on it), written on
/// the wire the way the emulated Odoo version writes that exception class.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmulatorError {
    kind: ExceptionClass,
    message: String,
}

impl EmulatorError {
    /// What Odoo answers on JSON-RPC and XML-RPC for a database the server does not have:
    /// PostgreSQL's refusal, passed on by psycopg2 (every version).
    pub fn missing_database(database: &str) -> Self {
        Self::new(
            ExceptionClass::Other("psycopg2.OperationalError".into()),
            format!(
                "connection to server at \"127.0.0.1\", port 5432 failed: FATAL:  database \"{database}\" does not exist\n"
            ),
        )
    }

    /// An error of any class with this message.
    pub fn new(kind: ExceptionClass, message: impl Into<String>) -> Self {
        Self {
            kind,
            message: message.into(),
        }
    }

    /// `odoo.exceptions.UserError`.
    pub fn user_error(message: impl Into<String>) -> Self {
        Self::new(ExceptionClass::UserError, message)
    }

    /// `odoo.exceptions.ValidationError`.
    pub fn validation(message: impl Into<String>) -> Self {
        Self::new(ExceptionClass::ValidationError, message)
    }

    /// `odoo.exceptions.AccessError`.
    pub fn access_error(message: impl Into<String>) -> Self {
        Self::new(ExceptionClass::AccessError, message)
    }

    /// `odoo.exceptions.MissingError`.
    pub fn missing(message: impl Into<String>) -> Self {
        Self::new(ExceptionClass::MissingError, message)
    }

    /// `odoo.exceptions.AccessDenied` with Odoo's message `Access Denied`.
    pub fn access_denied() -> Self {
        Self::new(ExceptionClass::AccessDenied, "Access Denied")
    }

    /// `builtins.ValueError`.
    pub fn value_error(message: impl Into<String>) -> Self {
        Self::new(ExceptionClass::ValueError, message)
    }

    /// `builtins.TypeError`.
    pub fn type_error(message: impl Into<String>) -> Self {
        Self::new(ExceptionClass::TypeError, message)
    }

    /// The exception class.
    pub fn kind(&self) -> &ExceptionClass {
        &self.kind
    }

    /// The message (`str(exception)` in Python).
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The MissingError Odoo raises for records that do not exist:
    /// `Record does not exist or has been deleted.\n(Record: res.partner(53,), User: 2)`.
    pub fn missing_records(model: &str, ids: &[i64], uid: i64) -> Self {
        let (label, tuple) = match ids {
            [one] => ("Record", format!("({one},)")),
            many => (
                "Records",
                format!(
                    "({})",
                    many.iter()
                        .map(i64::to_string)
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ),
        };
        Self::missing(format!(
            "Record does not exist or has been deleted.\n({label}: {model}{tuple}, User: {uid})"
        ))
    }

    /// The text Python prints for this exception on the last line of a traceback.
    fn last_line(&self) -> String {
        let class = self.kind.class_name();
        let shown = class.strip_prefix("builtins.").unwrap_or(class);
        match self.kind.werkzeug_status() {
            Some(status) => format!(
                "{shown}: {status} {}: {}",
                reason_phrase(status),
                self.message
            ),
            None if self.kind == ExceptionClass::KeyError => format!("{shown}: '{}'", self.message),
            None => format!("{shown}: {}", self.message),
        }
    }

    /// The `debug` text: a short traceback ending like Python's.
    pub(crate) fn debug_text(&self) -> String {
        format!(
            "Traceback (most recent call last):\n  File \"<odoo-emulator>\", line 1, in <module>\n{}\n",
            self.last_line()
        )
    }

    /// `data` of a JSON-RPC error (also the body of a JSON-2 error).
    pub(crate) fn data(&self, version: OdooVersion) -> Value {
        let mut arguments = vec![Value::String(self.message.clone())];
        if let Some(status) = self.kind.werkzeug_status() {
            arguments.push(json!(status));
        }
        let mut data = Map::new();
        data.insert("name".into(), json!(self.kind.class_name()));
        if version < OdooVersion::V19 {
            data.insert("debug".into(), json!(self.debug_text()));
        }
        data.insert("message".into(), json!(self.message));
        data.insert("arguments".into(), Value::Array(arguments));
        data.insert("context".into(), json!({}));
        if version >= OdooVersion::V19 {
            data.insert("debug".into(), json!(self.debug_text()));
        }
        Value::Object(data)
    }

    /// The `error` member of a JSON-RPC response (`/jsonrpc`, `/web/...`).
    pub(crate) fn json_rpc_error(&self, version: OdooVersion) -> Value {
        if self.kind == ExceptionClass::SessionExpired {
            return json!({"code": 100, "message": "Odoo Session Expired", "data": self.data(version)});
        }
        if self.kind == ExceptionClass::NotFound {
            // What the web client's routes send for an unknown model from 18 on.
            let mut data = self.data(version);
            if let Value::Object(map) = &mut data {
                map.insert(
                    "message".into(),
                    json!(format!("404 Not Found: {}", self.message)),
                );
                map.insert("arguments".into(), json!([]));
            }
            return json!({"code": 404, "message": "404: Not Found", "data": data});
        }
        let code = if version >= OdooVersion::V19 { 0 } else { 200 };
        json!({"code": code, "message": "Odoo Server Error", "data": self.data(version)})
    }

    /// The XML-RPC fault Odoo sends for this exception: code and string.
    pub(crate) fn xml_rpc_fault(&self) -> (i64, String) {
        match &self.kind {
            ExceptionClass::AccessDenied => (3, self.message.clone()),
            ExceptionClass::AccessError => (4, self.message.clone()),
            kind if kind.is_user_error_family() => (2, self.message.clone()),
            _ => (1, self.debug_text()),
        }
    }

    /// The HTTP status of a JSON-2 answer for this exception.
    pub(crate) fn json2_status(&self) -> u16 {
        if let Some(status) = self.kind.werkzeug_status() {
            return status;
        }
        match self.kind {
            ExceptionClass::AccessDenied => 401,
            ExceptionClass::AccessError => 403,
            ExceptionClass::MissingError => 404,
            ExceptionClass::UserError | ExceptionClass::ValidationError => 422,
            ExceptionClass::SessionExpired => 401,
            _ => 500,
        }
    }
}

impl fmt::Display for EmulatorError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.kind.class_name(), self.message)
    }
}

impl std::error::Error for EmulatorError {}

/// The reason phrase of the HTTP statuses werkzeug exceptions use.
pub(crate) fn reason_phrase(status: u16) -> &'static str {
    match status {
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        415 => "Unsupported Media Type",
        422 => "Unprocessable Entity",
        _ => "Internal Server Error",
    }
}

/// Python's `repr` of a JSON value: `'text'`, `1`, `True`, `None`, `[1, 2]`, `{'a': 1}`; a
/// domain leaf (a JSON array of three) is written as a tuple.
pub(crate) fn py_repr(value: &Value) -> String {
    match value {
        Value::Null => "None".into(),
        Value::Bool(true) => "True".into(),
        Value::Bool(false) => "False".into(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => py_str(s),
        Value::Array(items) => format!(
            "[{}]",
            items.iter().map(py_repr).collect::<Vec<_>>().join(", ")
        ),
        Value::Object(map) => format!(
            "{{{}}}",
            map.iter()
                .map(|(k, v)| format!("{}: {}", py_str(k), py_repr(v)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// Python's `repr` of a tuple of values.
pub(crate) fn py_tuple(items: &[Value]) -> String {
    match items {
        [one] => format!("({},)", py_repr(one)),
        many => format!(
            "({})",
            many.iter().map(py_repr).collect::<Vec<_>>().join(", ")
        ),
    }
}

fn py_str(s: &str) -> String {
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::with_capacity(s.len() + 2);
    out.push(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out.push(quote);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn python_reprs() {
        assert_eq!(
            py_tuple(&[json!("no_such_field"), json!("="), json!(1)]),
            "('no_such_field', '=', 1)"
        );
        assert_eq!(
            py_repr(&json!([true, null, "it's"])),
            "[True, None, \"it's\"]"
        );
        assert_eq!(py_tuple(&[json!(5)]), "(5,)");
    }

    #[test]
    fn wire_shapes_per_version() {
        let e = EmulatorError::user_error("nope");
        assert_eq!(e.json_rpc_error(OdooVersion::V16)["code"], 200);
        assert_eq!(e.json_rpc_error(OdooVersion::V19)["code"], 0);
        assert_eq!(e.xml_rpc_fault(), (2, "nope".to_owned()));
        assert_eq!(e.json2_status(), 422);
        let missing = EmulatorError::missing_records("res.partner", &[53], 2);
        assert_eq!(
            missing.message(),
            "Record does not exist or has been deleted.\n(Record: res.partner(53,), User: 2)"
        );
        let nf = EmulatorError::new(ExceptionClass::NotFound, "x");
        assert_eq!(nf.data(OdooVersion::V19)["arguments"], json!(["x", 404]));
        assert!(nf
            .debug_text()
            .ends_with("werkzeug.exceptions.NotFound: 404 Not Found: x\n"));
    }
}
