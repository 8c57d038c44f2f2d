//! The exceptions the emulator raises, and how each protocol of each Odoo version writes them.

use std::fmt;

use serde_json::{json, Map, Value};

use super::{Feature, OdooVersion};

/// The Python class of an exception: the client's list (`odoo_core::ExceptionClass`), so that
/// what the emulator sends and what the client reads are one table.
pub use odoo_core::ExceptionClass;

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
            ExceptionClass::OperationalError,
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
        if !version.has(Feature::RpcErrorCodeZero) {
            data.insert("debug".into(), json!(self.debug_text()));
        }
        data.insert("message".into(), json!(self.message));
        data.insert("arguments".into(), Value::Array(arguments));
        data.insert("context".into(), json!({}));
        if version.has(Feature::RpcErrorCodeZero) {
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
        let code = if version.has(Feature::RpcErrorCodeZero) {
            0
        } else {
            200
        };
        json!({"code": code, "message": "Odoo Server Error", "data": self.data(version)})
    }

    /// The XML-RPC fault Odoo sends for this exception: code and string.
    pub(crate) fn xml_rpc_fault(&self) -> (i64, String) {
        match self.kind.xmlrpc_fault_code() {
            1 => (1, self.debug_text()),
            code => (code, self.message.clone()),
        }
    }

    /// The HTTP status of a JSON-2 answer for this exception.
    pub(crate) fn json2_status(&self) -> u16 {
        self.kind.json2_status()
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
