//! Hostile answers: a response nested 100,000 deep or bigger than the limit fails with a
//! clear error naming the limit, on every protocol, and never exhausts the stack or memory.

use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Router;
use odoo_core::{Client, ErrorKind, LimitKind, Limits, SearchOptions, TransportKind};
use serde_json::json;

const DEPTH: usize = 100_000;

fn deep_json() -> String {
    format!("{}{}", "[".repeat(DEPTH), "]".repeat(DEPTH))
}

fn deep_xml() -> String {
    let mut text = String::from("<?xml version='1.0'?><methodResponse><params><param>");
    for _ in 0..DEPTH {
        text.push_str("<value><array><data>");
    }
    for _ in 0..DEPTH {
        text.push_str("</data></array></value>");
    }
    text.push_str("</param></params></methodResponse>");
    text
}

async fn handle(uri: Uri, body: String) -> Response {
    let json = |text: String| {
        (StatusCode::OK, [("content-type", "application/json")], text).into_response()
    };
    let xml = |text: String| (StatusCode::OK, [("content-type", "text/xml")], text).into_response();
    let version = r#"{"server_version": "17.0", "server_version_info": [17, 0, 0, "final", 0, ""], "server_serie": "17.0", "protocol_version": 1}"#;
    let big = body.contains("search_count");
    match uri.path() {
        "/jsonrpc" if body.contains("\"version\"") => json(format!(r#"{{"jsonrpc": "2.0", "id": 1, "result": {version}}}"#)),
        "/jsonrpc" if body.contains("\"common\"") => json(r#"{"jsonrpc": "2.0", "id": 1, "result": 2}"#.into()),
        "/jsonrpc" | "/json/2/res.partner/search" if big => json(format!("[{}]", "1,".repeat(1 << 20) + "1")),
        "/jsonrpc" => json(format!(r#"{{"jsonrpc": "2.0", "id": 1, "result": {}}}"#, deep_json())),
        "/xmlrpc/2/common" if body.contains("<methodName>version</methodName>") => xml(
            "<?xml version='1.0'?><methodResponse><params><param><value><struct><member><name>server_version</name><value><string>17.0</string></value></member><member><name>server_version_info</name><value><array><data><value><int>17</int></value><value><int>0</int></value></data></array></value></member></struct></value></param></params></methodResponse>".into(),
        ),
        "/xmlrpc/2/common" => xml("<?xml version='1.0'?><methodResponse><params><param><value><int>2</int></value></param></params></methodResponse>".into()),
        "/xmlrpc/2/object" => xml(deep_xml()),
        "/web/version" => json(r#"{"version_info": [19, 0, 0, "final", 0, ""], "version": "19.0"}"#.into()),
        "/json/2/res.users/context_get" => json(r#"{"uid": 2}"#.into()),
        "/json/2/res.partner/search" => json(deep_json()),
        _ => (StatusCode::NOT_FOUND, "").into_response(),
    }
}

async fn server() -> String {
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
    url
}

async fn connect(url: &str, transport: TransportKind, limits: Limits) -> Client {
    let builder = Client::builder(url)
        .database("db")
        .login("admin")
        .transport(transport)
        .limits(limits);
    let builder = if transport == TransportKind::Json2 {
        builder.api_key("key")
    } else {
        builder.password("pw")
    };
    builder
        .connect()
        .await
        .unwrap_or_else(|e| panic!("{transport}: {e}"))
}

#[tokio::test]
async fn deep_nesting_is_refused_on_every_protocol() {
    let url = server().await;
    for transport in [
        TransportKind::JsonRpc,
        TransportKind::XmlRpc,
        TransportKind::Json2,
    ] {
        let client = connect(&url, transport, Limits::default()).await;
        let outcome = client
            .search("res.partner", json!([]), SearchOptions::new())
            .await;
        let error = outcome.expect_err("nested far too deep");
        let text = error.to_string();
        let named = match error.kind() {
            ErrorKind::Limit => error
                .limit_error()
                .is_some_and(|limit| limit.limit == LimitKind::Depth),
            // serde_json stops at its own recursion limit first for JSON bodies.
            ErrorKind::Decode => text.contains("recursion limit"),
            _ => false,
        };
        assert!(named, "{transport}: {error:?}");
    }
}

#[tokio::test]
async fn bodies_over_the_size_limit_are_refused_while_reading() {
    let url = server().await;
    for transport in [TransportKind::JsonRpc, TransportKind::Json2] {
        let client = connect(
            &url,
            transport,
            Limits::default().max_response_bytes(64 * 1024),
        )
        .await;
        let outcome = client
            .search(
                "res.partner",
                json!([["search_count", "=", 1]]),
                SearchOptions::new(),
            )
            .await;
        let error = outcome.expect_err("the size limit");
        match error.limit_error() {
            Some(limit) => {
                assert_eq!(
                    (limit.limit, limit.value),
                    (LimitKind::ResponseBytes, 64 * 1024),
                    "{transport}"
                );
                assert!(error.to_string().contains("max_response_bytes"));
            }
            None => panic!("{transport}: expected the size limit, got {error:?}"),
        }
    }
}
