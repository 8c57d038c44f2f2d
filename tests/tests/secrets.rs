//! Secret hygiene: on every transport and every error path, the password, the API key and
//! the session cookie never appear in `Debug` or `Display` of the builder, the client or an
//! error, in `Error::message`, nor in anything logged through `tracing` (captured at TRACE,
//! every target), even when the server echoes the whole request back, escaped or not: the
//! password holds the characters JSON and XML escape (`"`, `&`, `<`, `>`, non-ASCII).
//!
//! A binary of its own: the subscriber below is set for this thread only, and `tracing` caches
//! whether a call site is wanted when the call site is first reached; in a binary of many
//! tests, another thread reaching it first could have it cached as unwanted, and events of
//! this test would go missing.

use std::io::Write;
use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Router;
use odoo_core::{Client, Error, ErrorKind, SearchOptions, TransportKind};
use serde_json::json;

const PASSWORD: &str = "Pa\"55&w0rd<é>-never-shown";
const API_KEY: &str = "k3y-never-shown-0123456789abcdef";
const SESSION: &str = "sess10n-never-shown-77";

/// Everything the request carried, as one text: what a careless server echoes.
fn echo(uri: &Uri, headers: &HeaderMap, body: &[u8]) -> String {
    let mut text = format!("{uri}\n");
    for (name, value) in headers {
        text.push_str(&format!("{name}: {}\n", value.to_str().unwrap_or_default()));
    }
    text.push_str(&String::from_utf8_lossy(body));
    text
}

fn json_response(status: StatusCode, body: serde_json::Value) -> Response {
    (
        status,
        [("content-type", "application/json")],
        body.to_string(),
    )
        .into_response()
}

fn xml_response(body: String) -> Response {
    (StatusCode::OK, [("content-type", "text/xml")], body).into_response()
}

fn xml_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// A server that logs everyone in, then answers `search_count` with an HTML 400 page and
/// `read` with an Odoo error, both echoing the request; JSON-2 refuses any key but ours
/// with a 401 that echoes it.
async fn handle(uri: Uri, headers: HeaderMap, body: Bytes) -> Response {
    let path = uri.path().to_owned();
    let text = String::from_utf8_lossy(&body).into_owned();
    let echoed = echo(&uri, &headers, &body);
    let html_400 = || {
        (
            StatusCode::BAD_REQUEST,
            [("content-type", "text/html")],
            format!("<pre>{echoed}</pre>"),
        )
            .into_response()
    };
    let odoo_error = |id: serde_json::Value| {
        json_response(
            StatusCode::OK,
            json!({"jsonrpc": "2.0", "id": id, "error": {
                "code": 200, "message": "Odoo Server Error",
                "data": {"name": "odoo.exceptions.UserError", "message": echoed, "debug": echoed,
                         "arguments": [echoed], "context": {}}
            }}),
        )
    };
    let request: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
    let id = request["id"].clone();
    let ok = |result: serde_json::Value| {
        json_response(
            StatusCode::OK,
            json!({"jsonrpc": "2.0", "id": id, "result": result}),
        )
    };
    let version = json!({"server_version": "17.0", "server_version_info": [17, 0, 0, "final", 0, ""],
                         "server_serie": "17.0", "protocol_version": 1});
    match path.as_str() {
        "/jsonrpc" => match (request["params"]["service"].as_str(), request["params"]["method"].as_str()) {
            (Some("common"), Some("version")) => ok(version),
            (Some("common"), _) => ok(json!(2)),
            _ if text.contains("search_count") => html_400(),
            _ => odoo_error(id.clone()),
        },
        "/xmlrpc/2/common" if text.contains("<methodName>version</methodName>") => xml_response(
            "<?xml version='1.0'?><methodResponse><params><param><value><struct>\
             <member><name>server_version</name><value><string>17.0</string></value></member>\
             <member><name>server_version_info</name><value><array><data><value><int>17</int></value>\
             <value><int>0</int></value><value><int>0</int></value><value><string>final</string></value>\
             <value><int>0</int></value><value><string></string></value></data></array></value></member>\
             <member><name>server_serie</name><value><string>17.0</string></value></member>\
             <member><name>protocol_version</name><value><int>1</int></value></member>\
             </struct></value></param></params></methodResponse>"
                .to_owned(),
        ),
        "/xmlrpc/2/common" => xml_response(
            "<?xml version='1.0'?><methodResponse><params><param><value><int>2</int></value></param></params></methodResponse>".to_owned(),
        ),
        "/xmlrpc/2/object" if text.contains("search_count") => html_400(),
        "/xmlrpc/2/object" => xml_response(format!(
            "<?xml version='1.0'?><methodResponse><fault><value><struct>\
             <member><name>faultCode</name><value><int>2</int></value></member>\
             <member><name>faultString</name><value><string>{}</string></value></member>\
             </struct></value></fault></methodResponse>",
            xml_escape(&echoed)
        )),
        "/web/webclient/version_info" => ok(version),
        "/web/session/authenticate" => {
            let mut response = ok(json!({"uid": 2, "user_context": {}}));
            response.headers_mut().insert(
                "set-cookie",
                format!("session_id={SESSION}; Path=/; HttpOnly").parse().unwrap_or_else(|_| unreachable!()),
            );
            response
        }
        p if p.starts_with("/web/dataset/call_kw/") && p.ends_with("search_count") => html_400(),
        p if p.starts_with("/web/dataset/call_kw/") => odoo_error(id.clone()),
        "/web/version" => json_response(StatusCode::OK, json!({"version_info": [19, 0, 0, "final", 0, ""], "version": "19.0"})),
        p if p.starts_with("/json/2/") => {
            let bearer = headers.get("authorization").and_then(|v| v.to_str().ok()).unwrap_or_default();
            if bearer != format!("bearer {API_KEY}") {
                return json_response(StatusCode::UNAUTHORIZED, json!({
                    "name": "werkzeug.exceptions.Unauthorized", "message": echoed, "arguments": [echoed], "context": {}, "debug": echoed
                }));
            }
            if p.ends_with("/context_get") {
                json_response(StatusCode::OK, json!({"uid": 2, "lang": "en_US", "tz": false}))
            } else if p.ends_with("/search_count") {
                html_400()
            } else {
                json_response(StatusCode::UNPROCESSABLE_ENTITY, json!({
                    "name": "odoo.exceptions.UserError", "message": echoed, "arguments": [echoed], "context": {}, "debug": echoed
                }))
            }
        }
        _ => (StatusCode::NOT_FOUND, echoed).into_response(),
    }
}

/// A writer that keeps everything logged.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn assert_clean(what: &str, text: &str) {
    // Every secret holds "never-shown", which no escaping changes: this also catches the
    // password as a server's JSON or XML echo writes it (`Pa\"55&amp;w0rd&lt;é&gt;...`).
    assert!(
        !text.contains("never-shown"),
        "{what} shows a secret:\n{text}"
    );
    for secret in [PASSWORD, API_KEY, SESSION] {
        assert!(!text.contains(secret), "{what} shows a secret:\n{text}");
    }
}

fn check_error(what: &str, error: &Error) {
    assert_clean(what, &format!("{error}\n{error:?}\n{}", error.message()));
}

#[tokio::test]
async fn no_secret_in_debug_display_errors_or_logs_on_any_transport() {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .unwrap_or_else(|e| panic!("bind: {e}"));
    let url = format!(
        "http://{}",
        listener.local_addr().unwrap_or_else(|e| panic!("{e}"))
    );
    tokio::spawn(async move {
        let _ = axum::serve(listener, Router::new().fallback(handle)).await;
    });

    for transport in [
        TransportKind::JsonRpc,
        TransportKind::XmlRpc,
        TransportKind::WebSession,
        TransportKind::Json2,
    ] {
        let mut builder = Client::builder(&url)
            .database("db")
            .login("admin")
            .transport(transport);
        builder = if transport == TransportKind::Json2 {
            builder.api_key(API_KEY)
        } else {
            builder.password(PASSWORD)
        };
        assert_clean("the builder", &format!("{builder:?}"));
        let client = builder
            .connect()
            .await
            .unwrap_or_else(|e| panic!("{transport}: {e}"));
        assert_clean("the client", &format!("{client:?}"));

        let http = client
            .search_count("res.partner", json!([]), SearchOptions::new())
            .await
            .expect_err("the server answers 400");
        assert_eq!(http.kind(), ErrorKind::Http, "{transport}: {http:?}");
        check_error(&format!("{transport}: HTTP error"), &http);

        let odoo = client
            .read::<serde_json::Value>(
                "res.partner",
                &[1],
                &["name"],
                odoo_core::ReadOptions::new(),
            )
            .await
            .expect_err("the server answers an error");
        check_error(&format!("{transport}: Odoo error"), &odoo);
        assert!(
            format!("{odoo}").contains("<redacted>"),
            "{transport}: the echo was scrubbed, not dropped: {odoo}"
        );
    }

    // A key the server refuses, echoed in its 401.
    let refused = Client::builder(&url)
        .login("admin")
        .api_key(format!("{API_KEY}-wrong"))
        .transport(TransportKind::Json2)
        .connect()
        .await
        .expect_err("wrong key");
    check_error("JSON-2 refused key", &refused);

    let logs =
        String::from_utf8_lossy(&captured.0.lock().unwrap_or_else(|p| p.into_inner())).into_owned();
    assert!(logs.contains("odoo_call"), "the calls were logged: {logs}");
    assert_clean("the logs", &logs);
}
