//! A static Odoo 19 stand-in: it answers the login exchanges of every transport with the
//! recorded bodies and `search_read` on `res.partner` with prebuilt bodies of generated records
//! (`crate::gen`), so that what is timed is the client, not a server.
//!
//! A `search_read` answers the records `first ..= last` where `first` is one past the `id >
//! N` term of the domain (what the pager sends), plus the `offset`, and `last` is bounded by
//! the `limit` and the server's record count. Each distinct answer is built once and cached,
//! so repeated requests are served from memory.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use axum::body::{to_bytes, Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::Response;
use axum::Router;
use serde_json::Value;
use tokio::net::TcpListener;

use crate::gen;

/// The answer of `common.version` over JSON-RPC (recorded from Odoo 19).
const JSONRPC_VERSION: &str = r#"{"server_version": "19.0", "server_version_info": [19, 0, 0, "final", 0, ""], "server_serie": "19.0", "protocol_version": 1}"#;
/// The answer of `common.version` over XML-RPC (recorded from Odoo 19).
const XMLRPC_VERSION: &str = "<?xml version=\"1.0\"?>\n<methodResponse>\n<params>\n<param>\n<value><struct>\n<member>\n<name>server_version</name>\n<value><string>19.0</string></value>\n</member>\n<member>\n<name>server_version_info</name>\n<value><array><data>\n<value><int>19</int></value>\n<value><int>0</int></value>\n<value><int>0</int></value>\n<value><string>final</string></value>\n<value><int>0</int></value>\n<value><string></string></value>\n</data></array></value>\n</member>\n<member>\n<name>server_serie</name>\n<value><string>19.0</string></value>\n</member>\n<member>\n<name>protocol_version</name>\n<value><int>1</int></value>\n</member>\n</struct></value>\n</param>\n</params>\n\n</methodResponse>\n";
/// `GET /web/version` (recorded from Odoo 19).
const WEB_VERSION: &str = r#"{"version_info": [19, 0, 0, "final", 0, ""], "version": "19.0"}"#;
/// `res.users.context_get` over JSON-2 (Odoo 19 includes the uid).
const CONTEXT_GET: &str = r#"{"lang": "en_US", "tz": "Europe/Brussels", "uid": 2}"#;
/// The uid every login answers.
pub const UID: i64 = 2;
/// The session cookie the web login sets.
const SESSION: &str = "session_id=0123456789abcdef0123456789abcdef01234567; Path=/; HttpOnly";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Wire {
    JsonRpc,
    Json2,
    XmlRpc,
}

#[derive(Debug)]
struct Shared {
    total: i64,
    cache: Mutex<HashMap<(Wire, i64, i64), Bytes>>,
}

/// Starts the server on `127.0.0.1` (port 0: any free port) with `total` records; answers its
/// address. It runs until the runtime stops.
pub async fn start(total: i64, port: u16) -> std::io::Result<SocketAddr> {
    let listener = TcpListener::bind(("127.0.0.1", port)).await?;
    let addr = listener.local_addr()?;
    let shared = Arc::new(Shared {
        total,
        cache: Mutex::new(HashMap::new()),
    });
    let app = Router::new().fallback(handle).with_state(shared);
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    Ok(addr)
}

fn answer(status: StatusCode, content_type: &'static str, body: impl Into<Body>) -> Response {
    let mut response = Response::new(body.into());
    *response.status_mut() = status;
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    response
}

fn json(body: impl Into<Body>) -> Response {
    answer(StatusCode::OK, "application/json; charset=utf-8", body)
}

fn xml(body: impl Into<Body>) -> Response {
    answer(StatusCode::OK, "text/xml; charset=utf-8", body)
}

fn not_found(what: impl Into<String>) -> Response {
    answer(
        StatusCode::NOT_FOUND,
        "text/plain; charset=utf-8",
        what.into(),
    )
}

fn envelope(id: &Value, result: &str) -> String {
    format!("{{\"jsonrpc\": \"2.0\", \"id\": {id}, \"result\": {result}}}")
}

async fn handle(State(shared): State<Arc<Shared>>, request: Request) -> Response {
    let path = request.uri().path().to_owned();
    let get = request.method() == axum::http::Method::GET;
    let body = match to_bytes(request.into_body(), 16 * 1024 * 1024).await {
        Ok(body) => body,
        Err(e) => return not_found(format!("cannot read the request: {e}")),
    };
    if get {
        return match path.as_str() {
            "/web/version" => json(WEB_VERSION),
            _ => not_found(path),
        };
    }
    match path.as_str() {
        "/jsonrpc" => json_rpc(&shared, &body),
        "/xmlrpc/2/common" | "/xmlrpc/2/object" => xml_rpc(&shared, &body),
        "/json/2/res.users/context_get" => json(CONTEXT_GET),
        "/json/2/res.partner/search_read" => {
            let Ok(kwargs) = serde_json::from_slice::<Value>(&body) else {
                return not_found("bad JSON");
            };
            let domain = kwargs.get("domain").cloned().unwrap_or(Value::Null);
            json(shared.search_read(Wire::Json2, &domain, &kwargs))
        }
        "/web/webclient/version_info" => {
            let id = request_id(&body);
            json(envelope(&id, JSONRPC_VERSION))
        }
        "/web/session/authenticate" => {
            let id = request_id(&body);
            let mut response = json(envelope(
                &id,
                &format!(r#"{{"uid": {UID}, "is_system": true, "db": "bench"}}"#),
            ));
            response
                .headers_mut()
                .insert(header::SET_COOKIE, HeaderValue::from_static(SESSION));
            response
        }
        "/web/dataset/call_kw/res.partner/search_read" => {
            let Ok(request) = serde_json::from_slice::<Value>(&body) else {
                return not_found("bad JSON");
            };
            let params = &request["params"];
            json(shared.search_read(Wire::JsonRpc, &params["args"][0], &params["kwargs"]))
        }
        _ => not_found(path),
    }
}

fn request_id(body: &[u8]) -> Value {
    serde_json::from_slice::<Value>(body)
        .ok()
        .and_then(|v| v.get("id").cloned())
        .unwrap_or(Value::Null)
}

fn json_rpc(shared: &Shared, body: &[u8]) -> Response {
    let Ok(request) = serde_json::from_slice::<Value>(body) else {
        return not_found("bad JSON");
    };
    let id = request.get("id").cloned().unwrap_or(Value::Null);
    let params = &request["params"];
    let args = &params["args"];
    match (params["service"].as_str(), params["method"].as_str()) {
        (Some("common"), Some("version")) => json(envelope(&id, JSONRPC_VERSION)),
        (Some("common"), Some("authenticate" | "login")) => json(envelope(&id, &UID.to_string())),
        (Some("object"), Some("execute_kw"))
            if args[3] == "res.partner" && args[4] == "search_read" =>
        {
            json(shared.search_read(Wire::JsonRpc, &args[5][0], &args[6]))
        }
        _ => not_found(format!("unknown JSON-RPC call {params}")),
    }
}

fn xml_rpc(shared: &Shared, body: &[u8]) -> Response {
    let Ok((method, params)) = odoo_core::xmlrpc::decode_method_call(body, &Default::default())
    else {
        return not_found("bad XML-RPC");
    };
    match method.as_str() {
        "version" => xml(XMLRPC_VERSION),
        "authenticate" | "login" => xml(format!(
            "<?xml version=\"1.0\"?>\n<methodResponse>\n<params>\n<param>\n<value><int>{UID}</int></value>\n</param>\n</params>\n\n</methodResponse>\n"
        )),
        "execute_kw"
            if params.get(3).and_then(Value::as_str) == Some("res.partner")
                && params.get(4).and_then(Value::as_str) == Some("search_read") =>
        {
            let domain = params.get(5).map(|a| a[0].clone()).unwrap_or(Value::Null);
            let kwargs = params.get(6).cloned().unwrap_or(Value::Null);
            xml(shared.search_read(Wire::XmlRpc, &domain, &kwargs))
        }
        other => not_found(format!("unknown XML-RPC method {other}")),
    }
}

impl Shared {
    /// The answer to a `search_read` with this domain and these keyword arguments.
    fn search_read(&self, wire: Wire, domain: &Value, kwargs: &Value) -> Bytes {
        let after = domain
            .as_array()
            .into_iter()
            .flatten()
            .find_map(|term| match term.as_array().map(Vec::as_slice) {
                Some([field, op, value]) if field == "id" && op == ">" => value.as_i64(),
                _ => None,
            })
            .unwrap_or(0);
        let offset = kwargs.get("offset").and_then(Value::as_i64).unwrap_or(0);
        let limit = kwargs
            .get("limit")
            .and_then(Value::as_i64)
            .unwrap_or(self.total);
        let first = after + offset + 1;
        let last = (first + limit - 1).min(self.total);
        let key = (wire, first, last);
        let mut cache = self.cache.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(body) = cache.get(&key) {
            return body.clone();
        }
        let result = if first > last {
            gen::Py::List(Vec::new())
        } else {
            gen::partners(first, last)
        };
        let body = Bytes::from(match wire {
            Wire::JsonRpc => gen::json_rpc_body(7, &result),
            Wire::Json2 => gen::json2_body(&result),
            Wire::XmlRpc => gen::xml_rpc_body(&result),
        });
        cache.insert(key, body.clone());
        body
    }
}
