//! The protocols a [`Client`](crate::Client) can speak, behind one [`Transport`] trait.
//!
//! Each transport turns a [`Call`] (model, method, positional and keyword arguments) into the
//! request its protocol expects, and the response (or the error payload) back into a JSON value
//! or an [`Error`](crate::Error).

use std::fmt;
use std::future::Future;
use std::pin::Pin;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::client::ServerVersion;
use crate::error::{ErrorContext, Result};
use crate::http::{Limits, RawResponse};

pub(crate) mod json2;
pub(crate) mod json_rpc;
pub(crate) mod web_session;
pub(crate) mod xml_rpc;

/// A boxed future, as the [`Transport`] methods return.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// Which protocol carries the calls.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum TransportKind {
    /// `/jsonrpc` with the `common` and `object` services (every Odoo; deprecated in 19).
    JsonRpc,
    /// `/xmlrpc/2/common` and `/xmlrpc/2/object` (every Odoo; deprecated in 19).
    XmlRpc,
    /// `/json/2/<model>/<method>` with a bearer API key (Odoo 19 and later).
    Json2,
    /// The web client's cookie session: `/web/session/authenticate`, then
    /// `/web/dataset/call_kw/<model>/<method>`.
    WebSession,
    /// Asks the server its version: JSON-2 on 19+ when an API key is set, else JSON-RPC.
    #[default]
    Auto,
}

impl TransportKind {
    /// The name used in messages and configuration (`json-rpc`, `xml-rpc`, `json-2`, `web-session`, `auto`).
    pub fn as_str(self) -> &'static str {
        match self {
            TransportKind::JsonRpc => "json-rpc",
            TransportKind::XmlRpc => "xml-rpc",
            TransportKind::Json2 => "json-2",
            TransportKind::WebSession => "web-session",
            TransportKind::Auto => "auto",
        }
    }
}

impl fmt::Display for TransportKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for TransportKind {
    type Err = String;

    fn from_str(s: &str) -> std::result::Result<Self, Self::Err> {
        match s.to_ascii_lowercase().replace('_', "-").as_str() {
            "json-rpc" | "jsonrpc" => Ok(TransportKind::JsonRpc),
            "xml-rpc" | "xmlrpc" => Ok(TransportKind::XmlRpc),
            "json-2" | "json2" => Ok(TransportKind::Json2),
            "web-session" | "web" | "websession" => Ok(TransportKind::WebSession),
            "auto" => Ok(TransportKind::Auto),
            other => Err(format!(
                "unknown transport `{other}` (expected json-rpc, xml-rpc, json-2, web-session or auto)"
            )),
        }
    }
}

/// One model method call, as every transport receives it.
///
/// `args` are positional, as `execute_kw` takes them (for a method on records, the first is the
/// list of ids). JSON-2 takes named arguments only: `arg_names` names the positional arguments
/// (`["ids", "vals"]` for `write`) and the client fills it for the methods it knows.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Call {
    /// The model, such as `res.partner`.
    pub model: String,
    /// The method, such as `search_read`.
    pub method: String,
    /// Positional arguments.
    pub args: Vec<Value>,
    /// Keyword arguments, including `context` when there is one.
    pub kwargs: Map<String, Value>,
    /// The names of the positional arguments, for transports that only take named ones.
    pub arg_names: Option<Vec<String>>,
}

impl Call {
    /// A call of `method` on `model` without arguments.
    pub fn new(model: impl Into<String>, method: impl Into<String>) -> Self {
        Self {
            model: model.into(),
            method: method.into(),
            args: Vec::new(),
            kwargs: Map::new(),
            arg_names: None,
        }
    }

    /// Adds a positional argument.
    #[must_use]
    pub fn arg(mut self, value: impl Into<Value>) -> Self {
        self.args.push(value.into());
        self
    }

    /// Adds a keyword argument.
    #[must_use]
    pub fn kwarg(mut self, name: impl Into<String>, value: impl Into<Value>) -> Self {
        self.kwargs.insert(name.into(), value.into());
        self
    }

    /// Names the positional arguments, for JSON-2.
    #[must_use]
    pub fn arg_names<I, S>(mut self, names: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.arg_names = Some(names.into_iter().map(Into::into).collect());
        self
    }

    /// The error context of this call.
    pub fn error_context(&self) -> ErrorContext {
        ErrorContext::call(self.model.clone(), self.method.clone())
    }

    /// The call as one object of named arguments (what JSON-2 sends), or `None` when a
    /// positional argument has no name or an argument is given both ways.
    pub fn named_arguments(&self) -> Option<Map<String, Value>> {
        let mut out = Map::new();
        if !self.args.is_empty() {
            let names = self.arg_names.as_ref()?;
            if names.len() < self.args.len() {
                return None;
            }
            for (name, value) in names.iter().zip(&self.args) {
                out.insert(name.clone(), value.clone());
            }
        }
        for (k, v) in &self.kwargs {
            if out.insert(k.clone(), v.clone()).is_some() {
                // Given both ways: ambiguous.
                return None;
            }
        }
        Some(out)
    }
}

/// A protocol that carries calls to Odoo. The client owns one and calls it from many tasks.
///
/// Implementations keep their own session state (the uid for JSON-RPC and XML-RPC, the session
/// cookie for the web session) and must be `Send + Sync`.
pub trait Transport: fmt::Debug + Send + Sync {
    /// Which protocol this is.
    fn kind(&self) -> TransportKind;

    /// Asks the server its version; needs no credentials.
    fn server_version(&self) -> BoxFuture<'_, Result<ServerVersion>>;

    /// Logs in with the configured credentials and returns the user id when the protocol tells it.
    /// A bad login, password or key is [`Error::AccessDenied`](crate::Error::AccessDenied).
    fn authenticate(&self) -> BoxFuture<'_, Result<Option<i64>>>;

    /// A credential the transport holds besides the configured ones (the web session's
    /// id), which errors must not show. None by default.
    fn session_secret(&self) -> Option<secrecy::SecretString> {
        None
    }

    /// Carries one call and returns its result (`Value::Null` for methods returning `None`).
    fn execute<'a>(&'a self, call: &'a Call) -> BoxFuture<'a, Result<Value>>;

    /// Carries one call and returns its [`Answer`], which a typed call decodes straight into
    /// its own type. The default wraps [`Transport::execute`]; the JSON and XML-RPC transports
    /// hand back the body instead, so that no JSON value is built in between.
    fn execute_answer<'a>(&'a self, call: &'a Call) -> BoxFuture<'a, Result<Answer>> {
        Box::pin(async move { self.execute(call).await.map(Answer::from_value) })
    }
}

/// The answer to a call, before its result is decoded: a JSON value, or (JSON and XML-RPC
/// transports) the response body itself. [`Client::call_as`](crate::Client::call_as) deserializes a body's
/// result straight into the caller's type; when that fails (an error payload, a value that
/// does not fit), it decodes the body the slow way, so errors and their JSON paths are the
/// same as through a value.
#[derive(Debug)]
pub struct Answer(AnswerKind);

#[derive(Debug)]
enum AnswerKind {
    Value(Value),
    JsonRpc { raw: RawResponse, max_depth: usize },
    Json2 { raw: RawResponse, max_depth: usize },
    XmlRpc { raw: RawResponse, limits: Limits },
}

/// Reads a JSON body straight into `T`; `None` on any failure. The body is checked as UTF-8
/// once, as a whole, so that the parser need not check each string again (which took an
/// eighth of a typed decode).
fn from_json_text<T: DeserializeOwned>(body: &[u8]) -> Option<T> {
    serde_json::from_str(std::str::from_utf8(body).ok()?).ok()
}

/// `serde_json`'s own nesting limit: below it, `check_depth` must walk the value.
const SERDE_JSON_DEPTH: usize = 128;

impl Answer {
    /// An answer already decoded into its result value.
    pub fn from_value(value: Value) -> Self {
        Answer(AnswerKind::Value(value))
    }

    /// A JSON-RPC response body (`/jsonrpc`, `/web/dataset/call_kw`).
    pub(crate) fn json_rpc(raw: RawResponse, max_depth: usize) -> Self {
        Answer(AnswerKind::JsonRpc { raw, max_depth })
    }

    /// A JSON-2 response body.
    pub(crate) fn json2(raw: RawResponse, max_depth: usize) -> Self {
        Answer(AnswerKind::Json2 { raw, max_depth })
    }

    /// An XML-RPC response body.
    pub(crate) fn xml_rpc(raw: RawResponse, limits: Limits) -> Self {
        Answer(AnswerKind::XmlRpc { raw, limits })
    }

    /// The result as a JSON value, or the error the response carries.
    pub(crate) fn into_value(self, context: &ErrorContext) -> Result<Value> {
        match self.0 {
            AnswerKind::Value(value) => Ok(value),
            AnswerKind::JsonRpc { raw, max_depth } => {
                json_rpc::read_response(&raw, max_depth, context)
            }
            AnswerKind::Json2 { raw, max_depth } => json2::read_response(&raw, max_depth, context),
            AnswerKind::XmlRpc { raw, limits } => xml_rpc::read_response(&raw, &limits, context),
        }
    }

    /// The result deserialized into `T`, or the error the response carries.
    pub(crate) fn decode<T: DeserializeOwned>(self, context: &ErrorContext) -> Result<T> {
        match &self.0 {
            AnswerKind::JsonRpc { raw, max_depth }
                if raw.status == 200 && *max_depth >= SERDE_JSON_DEPTH =>
            {
                #[derive(Deserialize)]
                struct Envelope<T> {
                    result: Option<T>,
                    error: Option<serde::de::IgnoredAny>,
                }
                if let Some(Envelope {
                    result: Some(result),
                    error: None,
                }) = from_json_text::<Envelope<T>>(&raw.body)
                {
                    return Ok(result);
                }
            }
            AnswerKind::Json2 { raw, max_depth }
                if raw.status == 200 && *max_depth >= SERDE_JSON_DEPTH =>
            {
                if let Some(result) = from_json_text::<T>(&raw.body) {
                    return Ok(result);
                }
            }
            AnswerKind::XmlRpc { raw, limits } => {
                // The events straight into `T`, as for JSON; a fault, a value that does not
                // fit, or anything else that stops it falls back to the codec's value below.
                if raw.status == 200 {
                    let decode_limits = crate::xmlrpc::DecodeLimits {
                        max_bytes: limits.max_response_bytes,
                        max_depth: limits.max_depth,
                    };
                    if let Ok(result) =
                        crate::xmlrpc::decode_method_response_as::<T>(&raw.body, &decode_limits)
                    {
                        return Ok(result);
                    }
                }
                // Moving the value into `T` without tracking the path is a fifth faster. A
                // value that does not fit is decoded again, for the path.
                let value = xml_rpc::read_response(raw, limits, context)?;
                if let Ok(result) = serde_json::from_value::<T>(value) {
                    return Ok(result);
                }
            }
            _ => {}
        }
        crate::client::decode(self.into_value(context)?, context)
    }
}

/// Checks that a model or method name is safe to place in a URL path: letters, digits, `_` and
/// `.` only. Odoo's own names never contain anything else.
pub(crate) fn check_name(kind: &str, name: &str, context: &ErrorContext) -> Result<()> {
    let segment_ok =
        |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    // Models are dotted (`res.partner`), methods are plain identifiers; no empty segment, so no
    // `.` or `..` path segment can reach another route.
    let ok = match kind {
        "method" => segment_ok(name),
        _ => name.split('.').all(segment_ok),
    };
    if ok {
        Ok(())
    } else {
        Err(crate::error::Error::invalid(
            format!("`{name}` is not a valid Odoo {kind} name (letters, digits and `_`, dot-separated for models)"),
            context.clone(),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_cannot_reach_other_routes() {
        let ctx = ErrorContext::default();
        assert!(check_name("model", "res.partner", &ctx).is_ok());
        assert!(check_name("method", "action_confirm", &ctx).is_ok());
        for bad in [
            "..",
            ".",
            "res..partner",
            "res.partner/",
            "a b",
            "",
            "res.partner?x=1",
        ] {
            assert!(check_name("model", bad, &ctx).is_err(), "{bad:?}");
        }
        assert!(check_name("method", "a.b", &ctx).is_err());
        assert!(check_name("method", "..", &ctx).is_err());
    }

    #[test]
    fn an_argument_given_both_ways_has_no_named_form() {
        let call = Call::new("res.partner", "write")
            .arg(serde_json::json!([1]))
            .arg(serde_json::json!({"name": "A"}))
            .arg_names(["ids", "vals"])
            .kwarg("vals", serde_json::json!({"name": "B"}));
        assert_eq!(call.named_arguments(), None);
    }

    fn raw(status: u16, body: &str) -> RawResponse {
        RawResponse {
            status,
            content_type: Some("application/json".into()),
            set_cookies: Vec::new(),
            retry_after: None,
            body: bytes::Bytes::copy_from_slice(body.as_bytes()),
        }
    }

    /// A body read straight into a type decodes as it does through a value, and failures keep
    /// the slow path's errors: the Odoo error, or the JSON path that did not fit.
    #[test]
    fn typed_answers_decode_as_values_do() {
        #[derive(Debug, PartialEq, Deserialize)]
        struct Row {
            id: i64,
            name: String,
        }
        let ctx = ErrorContext::default();
        let ok = r#"{"jsonrpc": "2.0", "id": 1, "result": [{"id": 1, "name": "A"}]}"#;
        let rows: Vec<Row> = Answer::json_rpc(raw(200, ok), 128)
            .decode(&ctx)
            .expect("decodes");
        assert_eq!(
            rows,
            vec![Row {
                id: 1,
                name: "A".into()
            }]
        );
        let rows: Vec<Row> = Answer::json2(raw(200, r#"[{"id": 1, "name": "A"}]"#), 128)
            .decode(&ctx)
            .expect("decodes");
        assert_eq!(
            rows,
            vec![Row {
                id: 1,
                name: "A".into()
            }]
        );
        // A depth limit below serde_json's own goes through the value and its check.
        let deep = Answer::json_rpc(raw(200, ok), 1).decode::<Vec<Row>>(&ctx);
        assert!(matches!(deep, Err(crate::Error::Limit(_))), "{deep:?}");

        let error = r#"{"jsonrpc": "2.0", "id": 1, "error": {"code": 200, "message": "Odoo Server Error", "data": {"name": "odoo.exceptions.AccessError", "message": "no", "debug": ""}}}"#;
        let err = Answer::json_rpc(raw(200, error), 128)
            .decode::<Vec<Row>>(&ctx)
            .expect_err("an error payload");
        assert!(matches!(err, crate::Error::AccessError(_)), "{err:?}");

        let wrong = r#"{"jsonrpc": "2.0", "id": 1, "result": [{"id": 1, "name": "A"}, {"id": 2, "name": false}]}"#;
        let err = Answer::json_rpc(raw(200, wrong), 128)
            .decode::<Vec<Row>>(&ctx)
            .expect_err("a value that does not fit");
        let crate::Error::Decode(decode) = &err else {
            panic!("not a decode error: {err:?}");
        };
        assert_eq!(decode.path, "[1].name");
        let err = Answer::json2(raw(200, r#"[{"id": "x", "name": "A"}]"#), 128)
            .decode::<Vec<Row>>(&ctx)
            .expect_err("a value that does not fit");
        assert!(
            matches!(&err, crate::Error::Decode(d) if d.path == "[0].id"),
            "{err:?}"
        );
        let xml = |rows: &str| {
            raw(
                200,
                &format!("<?xml version=\"1.0\"?>\n<methodResponse><params><param><value><array><data>{rows}</data></array></value></param></params></methodResponse>"),
            )
        };
        let row = |id: &str, name: &str| {
            format!("<value><struct><member><name>id</name><value>{id}</value></member><member><name>name</name><value>{name}</value></member></struct></value>")
        };
        let good = xml(&row("<int>1</int>", "<string>A</string>"));
        let rows: Vec<Row> = Answer::xml_rpc(good, Limits::default())
            .decode(&ctx)
            .expect("decodes");
        assert_eq!(
            rows,
            vec![Row {
                id: 1,
                name: "A".into()
            }]
        );
        let bad = xml(&format!(
            "{}{}",
            row("<int>1</int>", "<string>A</string>"),
            row("<int>2</int>", "<boolean>0</boolean>")
        ));
        let err = Answer::xml_rpc(bad, Limits::default())
            .decode::<Vec<Row>>(&ctx)
            .expect_err("a value that does not fit");
        assert!(
            matches!(&err, crate::Error::Decode(d) if d.path == "[1].name"),
            "{err:?}"
        );

        // Faults, Odoo's "cannot marshal None" fault as `null`, and limits still come from
        // the value path when the body is read straight into the type.
        let fault = |code: i64, string: &str| {
            let response = crate::xmlrpc::MethodResponse::Fault {
                code,
                string: string.to_owned(),
            };
            raw(200, &crate::xmlrpc::encode_method_response(&response))
        };
        let err = Answer::xml_rpc(fault(3, "Access Denied"), Limits::default())
            .decode::<Vec<Row>>(&ctx)
            .expect_err("a fault");
        let expected = Answer::xml_rpc(fault(3, "Access Denied"), Limits::default())
            .into_value(&ctx)
            .expect_err("a fault");
        assert_eq!(err.to_string(), expected.to_string());
        let marshal = "Traceback\nTypeError: cannot marshal None unless allow_none is enabled\n";
        let none: Option<Row> = Answer::xml_rpc(fault(1, marshal), Limits::default())
            .decode(&ctx)
            .expect("a method returning None");
        assert_eq!(none, None);
        let shallow = Limits {
            max_depth: 1,
            ..Limits::default()
        };
        let deep = Answer::xml_rpc(xml(&row("<int>1</int>", "<string>A</string>")), shallow)
            .decode::<Vec<Row>>(&ctx);
        assert!(matches!(deep, Err(crate::Error::Limit(_))), "{deep:?}");

        let none: Option<Row> = Answer::json_rpc(raw(200, r#"{"jsonrpc": "2.0", "id": 1}"#), 128)
            .decode(&ctx)
            .expect("a method returning None");
        assert_eq!(none, None);
    }
}
