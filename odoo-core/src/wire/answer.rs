//! [`Answer`]: what a transport hands back for a call, decoded into the caller's type.

use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::Value;

use super::json_path::decode_value;
use super::response::{RawResponse, Reply};
use crate::error::{Error, ErrorContext, Result};
use crate::limits::{Limits, RECURSION_DEPTH};

/// The answer to a call, before its result is decoded: a JSON value, or (JSON and XML-RPC
/// transports) the response body itself. [`Client::call_as`](crate::Client::call_as) deserializes a body's
/// result straight into the caller's type; when that fails (an error payload, a value that
/// does not fit), it decodes the body the slow way, so errors and their JSON paths are the
/// same as through a value.
#[derive(Debug)]
pub(crate) struct Answer(AnswerKind);

#[derive(Debug)]
enum AnswerKind {
    FirstOfList(Box<Answer>),
    Body {
        raw: RawResponse,
        protocol: Protocol,
    },
}

/// How a response body is read, with the limits that apply to it.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Protocol {
    /// `/jsonrpc` and `/web/...`: the envelope, then its `result` or `error`.
    JsonRpc { max_depth: usize },
    /// `/json/2/...`: the bare result, or an error status.
    Json2 { max_depth: usize },
    /// `/xmlrpc/2/...`: a `methodResponse`.
    XmlRpc { limits: Limits },
}

/// Reads a JSON body straight into `T`; `None` on any failure. The body is checked as UTF-8
/// once, as a whole, so that the parser need not check each string again (which took an
/// eighth of a typed decode).
fn from_json_text<T: DeserializeOwned>(body: &[u8]) -> Option<T> {
    serde_json::from_str(std::str::from_utf8(body).ok()?).ok()
}

impl Answer {
    /// The only item of the list this answer holds (JSON-2's `create` of one record answers
    /// a list of one id).
    pub(crate) fn first_of_list(self) -> Self {
        Answer(AnswerKind::FirstOfList(Box::new(self)))
    }

    /// A JSON-RPC response body (`/jsonrpc`, `/web/dataset/call_kw`).
    pub(crate) fn json_rpc(raw: RawResponse, max_depth: usize) -> Self {
        let protocol = Protocol::JsonRpc { max_depth };
        Answer(AnswerKind::Body { raw, protocol })
    }

    /// A JSON-2 response body.
    pub(crate) fn json2(raw: RawResponse, max_depth: usize) -> Self {
        let protocol = Protocol::Json2 { max_depth };
        Answer(AnswerKind::Body { raw, protocol })
    }

    /// An XML-RPC response body.
    pub(crate) fn xml_rpc(raw: RawResponse, limits: Limits) -> Self {
        let protocol = Protocol::XmlRpc { limits };
        Answer(AnswerKind::Body { raw, protocol })
    }

    /// The result as a JSON value, or the error the response carries.
    pub(crate) fn into_value(self, context: &ErrorContext) -> Result<Value> {
        match self.0 {
            AnswerKind::FirstOfList(inner) => match inner.into_value(context)? {
                Value::Array(items) if items.len() == 1 => {
                    Ok(items.into_iter().next().unwrap_or(Value::Null))
                }
                other => Err(Error::decode(
                    "",
                    format!("expected a list of one item, got {other}"),
                    context.clone(),
                )),
            },
            AnswerKind::Body { raw, protocol } => protocol.value(&raw.reply(), context),
        }
    }

    /// The result deserialized into `T`, or the error the response carries.
    pub(crate) fn decode<T: DeserializeOwned>(self, context: &ErrorContext) -> Result<T> {
        match self.0 {
            AnswerKind::Body { raw, protocol } => protocol.decode(&raw.reply(), context),
            AnswerKind::FirstOfList(_) => decode_value(self.into_value(context)?, context),
        }
    }
}

impl Protocol {
    /// The result of a response as a JSON value, or the error it carries.
    pub(crate) fn value(&self, reply: &Reply<'_>, context: &ErrorContext) -> Result<Value> {
        match self {
            Protocol::JsonRpc { max_depth } => {
                super::json_rpc::read_response(reply, *max_depth, context)
            }
            Protocol::Json2 { max_depth } => {
                super::json2::read_response(reply, *max_depth, context)
            }
            Protocol::XmlRpc { limits } => super::xml_rpc::read_response(reply, limits, context),
        }
    }

    /// The result of a response deserialized into `T`, or the error it carries: straight from
    /// the body when it can, else through the value, for the error and its JSON path.
    pub(crate) fn decode<T: DeserializeOwned>(
        &self,
        reply: &Reply<'_>,
        context: &ErrorContext,
    ) -> Result<T> {
        match self {
            Protocol::JsonRpc { max_depth }
                if reply.status == 200 && *max_depth >= RECURSION_DEPTH =>
            {
                #[derive(Deserialize)]
                struct Envelope<T> {
                    result: Option<T>,
                    error: Option<serde::de::IgnoredAny>,
                }
                if let Some(Envelope {
                    result: Some(result),
                    error: None,
                }) = from_json_text::<Envelope<T>>(reply.body)
                {
                    return Ok(result);
                }
            }
            Protocol::Json2 { max_depth }
                if reply.status == 200 && *max_depth >= RECURSION_DEPTH =>
            {
                if let Some(result) = from_json_text::<T>(reply.body) {
                    return Ok(result);
                }
            }
            // The events straight into `T`, as for JSON; a fault, a value that does not fit,
            // or anything else that stops it falls back to the codec's value below.
            Protocol::XmlRpc { limits } if reply.status == 200 => {
                if let Ok(result) =
                    crate::xmlrpc::decode_method_response_as::<T>(reply.body, limits)
                {
                    return Ok(result);
                }
            }
            _ => {}
        }
        decode_value(self.value(reply, context)?, context)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(status: u16, body: &str) -> RawResponse {
        RawResponse {
            status,
            content_type: Some("application/json".into()),
            set_cookies: Vec::new(),
            retry_after: None,
            content_disposition: None,
            date: None,
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
        assert!(
            deep.as_ref()
                .is_err_and(|e| e.kind() == crate::ErrorKind::Limit),
            "{deep:?}"
        );

        let error = r#"{"jsonrpc": "2.0", "id": 1, "error": {"code": 200, "message": "Odoo Server Error", "data": {"name": "odoo.exceptions.AccessError", "message": "no", "debug": ""}}}"#;
        let err = Answer::json_rpc(raw(200, error), 128)
            .decode::<Vec<Row>>(&ctx)
            .expect_err("an error payload");
        assert_eq!(err.kind(), crate::ErrorKind::AccessError, "{err:?}");

        let wrong = r#"{"jsonrpc": "2.0", "id": 1, "result": [{"id": 1, "name": "A"}, {"id": 2, "name": false}]}"#;
        let err = Answer::json_rpc(raw(200, wrong), 128)
            .decode::<Vec<Row>>(&ctx)
            .expect_err("a value that does not fit");
        let Some(decode) = err.decode_error() else {
            panic!("not a decode error: {err:?}");
        };
        assert_eq!(decode.path, "[1].name");
        let err = Answer::json2(raw(200, r#"[{"id": "x", "name": "A"}]"#), 128)
            .decode::<Vec<Row>>(&ctx)
            .expect_err("a value that does not fit");
        assert!(
            err.decode_error().is_some_and(|d| d.path == "[0].id"),
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
            err.decode_error().is_some_and(|d| d.path == "[1].name"),
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
        assert!(
            deep.as_ref()
                .is_err_and(|e| e.kind() == crate::ErrorKind::Limit),
            "{deep:?}"
        );

        let none: Option<Row> = Answer::json_rpc(raw(200, r#"{"jsonrpc": "2.0", "id": 1}"#), 128)
            .decode(&ctx)
            .expect("a method returning None");
        assert_eq!(none, None);
    }
}
