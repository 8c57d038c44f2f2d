//! The raw `search_read` request the client sends, rebuilt byte for byte, for the floor of the
//! end-to-end bench: one HTTP post of that body and a read of the whole answer, no decoding.

use odoo_core::{Model, TransportKind};
use serde_json::{json, Map, Value};

use crate::model::Partner;

/// One prebuilt HTTP request.
#[derive(Debug, Clone)]
pub struct RawRequest {
    /// The path, from `/`.
    pub path: String,
    /// Header names and values.
    pub headers: Vec<(&'static str, String)>,
    /// The body.
    pub body: Vec<u8>,
}

/// Who the request is sent as.
#[derive(Debug, Clone)]
pub struct Auth {
    /// The database.
    pub database: String,
    /// The uid the login answered.
    pub uid: i64,
    /// The password or API key (RPC), the API key (JSON-2).
    pub secret: String,
    /// The `session_id` cookie (web session), when logged in there.
    pub session: Option<String>,
}

/// The `search_read` of [`Partner`]'s fields with an empty domain and this limit, as the client
/// sends it on `transport`.
pub fn search_read(transport: TransportKind, auth: &Auth, limit: u64) -> RawRequest {
    let fields: Vec<Value> = Partner::field_names()
        .into_iter()
        .map(Value::from)
        .collect();
    let mut kwargs = Map::new();
    kwargs.insert("fields".into(), Value::Array(fields));
    kwargs.insert("limit".into(), Value::from(limit));
    let json_headers = vec![("content-type", "application/json".to_owned())];
    match transport {
        TransportKind::XmlRpc => RawRequest {
            path: "/xmlrpc/2/object".into(),
            headers: vec![("content-type", "text/xml".to_owned())],
            body: odoo_core::xmlrpc::encode_method_call(
                "execute_kw",
                &[
                    json!(auth.database),
                    json!(auth.uid),
                    json!(auth.secret),
                    json!("res.partner"),
                    json!("search_read"),
                    json!([[]]),
                    Value::Object(kwargs),
                ],
            )
            .into_bytes(),
        },
        TransportKind::Json2 => {
            let mut body = kwargs;
            body.insert("domain".into(), json!([]));
            RawRequest {
                path: "/json/2/res.partner/search_read".into(),
                headers: vec![
                    ("content-type", "application/json; charset=utf-8".to_owned()),
                    ("authorization", format!("bearer {}", auth.secret)),
                    ("x-odoo-database", auth.database.clone()),
                ],
                body: serde_json::to_vec(&body).unwrap_or_default(),
            }
        }
        TransportKind::WebSession => {
            let params = json!({
                "model": "res.partner",
                "method": "search_read",
                "args": [[]],
                "kwargs": kwargs,
            });
            let mut headers = json_headers;
            if let Some(session) = &auth.session {
                headers.push(("cookie", format!("session_id={session}")));
            }
            RawRequest {
                path: "/web/dataset/call_kw/res.partner/search_read".into(),
                headers,
                body: envelope(params),
            }
        }
        _ => {
            let params = json!({
                "service": "object",
                "method": "execute_kw",
                "args": [auth.database, auth.uid, auth.secret, "res.partner", "search_read", [[]], kwargs],
            });
            RawRequest {
                path: "/jsonrpc".into(),
                headers: json_headers,
                body: envelope(params),
            }
        }
    }
}

fn envelope(params: Value) -> Vec<u8> {
    serde_json::to_vec(&json!({"jsonrpc": "2.0", "method": "call", "params": params, "id": 3}))
        .unwrap_or_default()
}
