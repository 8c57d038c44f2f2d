//! Retries and session expiry, counted at the server: read-only calls are repeated after a
//! connection failure or HTTP 429/502/503/504; create, write, unlink and unknown methods
//! are sent exactly once; an expired web session logs in again once.

use crate::support;

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::Router;
use odoo_core::{Client, ErrorKind, RetryPolicy, SearchOptions, TransportKind};
use serde_json::{json, Value};
use support::session::{body_json, find, synthetic};
use support::{load_transcripts, require_fixtures, ReplayServer, Reuse};

/// A JSON-RPC server that fails the first `failures` object calls with `status`, then
/// answers, and counts the object calls per method.
#[derive(Clone)]
struct Flaky {
    status: u16,
    retry_after: Option<&'static str>,
    failures: usize,
    calls: Arc<Mutex<BTreeMap<String, usize>>>,
}

async fn jsonrpc(State(flaky): State<Flaky>, body: String) -> Response {
    let request: Value = serde_json::from_str(&body).unwrap_or(Value::Null);
    let params = &request["params"];
    let answer = |result: Value| {
        let body = json!({"jsonrpc": "2.0", "id": request["id"], "result": result});
        (
            StatusCode::OK,
            [("content-type", "application/json")],
            body.to_string(),
        )
            .into_response()
    };
    match params["service"].as_str() {
        Some("common") if params["method"] == "version" => answer(json!({
            "server_version": "17.0", "server_version_info": [17, 0, 0, "final", 0, ""],
            "server_serie": "17.0", "protocol_version": 1
        })),
        Some("common") => answer(json!(2)),
        _ => {
            let method = params["args"][4].as_str().unwrap_or_default().to_owned();
            let seen = {
                let mut calls = flaky.calls.lock().unwrap_or_else(|p| p.into_inner());
                let count = calls.entry(method.clone()).or_default();
                *count += 1;
                *count
            };
            if seen <= flaky.failures {
                let mut headers = HeaderMap::new();
                if let Some(wait) = flaky.retry_after {
                    headers.insert(
                        "retry-after",
                        wait.parse().unwrap_or_else(|_| unreachable!()),
                    );
                }
                let status = StatusCode::from_u16(flaky.status).unwrap_or(StatusCode::IM_A_TEAPOT);
                return (status, headers, "<html>busy</html>").into_response();
            }
            answer(match method.as_str() {
                "search" => json!([1, 2]),
                "create" => json!(9),
                _ => json!(true),
            })
        }
    }
}

async fn start(status: u16, retry_after: Option<&'static str>, failures: usize) -> (String, Flaky) {
    let flaky = Flaky {
        status,
        retry_after,
        failures,
        calls: Arc::default(),
    };
    let app = Router::new()
        .route("/jsonrpc", post(jsonrpc))
        .with_state(flaky.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .unwrap_or_else(|e| panic!("bind: {e}"));
    let addr = listener
        .local_addr()
        .unwrap_or_else(|e| panic!("addr: {e}"));
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    (format!("http://{addr}"), flaky)
}

fn calls(flaky: &Flaky, method: &str) -> usize {
    let calls = flaky.calls.lock().unwrap_or_else(|p| p.into_inner());
    calls.get(method).copied().unwrap_or_default()
}

async fn connect_with(url: &str, policy: RetryPolicy) -> Client {
    Client::builder(url)
        .database("db")
        .login("admin")
        .password("admin")
        .transport(TransportKind::JsonRpc)
        .retry(policy.initial_backoff(Duration::from_millis(1)))
        .connect()
        .await
        .unwrap_or_else(|e| panic!("connect: {e}"))
}

#[tokio::test]
async fn read_only_calls_are_retried_until_they_pass() {
    for status in [429, 502, 503, 504] {
        let (url, flaky) = start(status, Some("0"), 2).await;
        let client = connect_with(&url, RetryPolicy::default()).await;
        let ids = client
            .search("res.partner", json!([]), SearchOptions::new())
            .await
            .unwrap_or_else(|e| panic!("{status}: {e}"));
        assert_eq!(ids, vec![1, 2]);
        assert_eq!(
            calls(&flaky, "search"),
            3,
            "{status}: one call and two retries"
        );
    }
}

#[tokio::test]
async fn retries_stop_at_the_limit_with_the_last_error() {
    let (url, flaky) = start(503, None, 10).await;
    let client = connect_with(&url, RetryPolicy::default().max_retries(3)).await;
    let outcome = client
        .search("res.partner", json!([]), SearchOptions::new())
        .await;
    let error = outcome.expect_err("HTTP 503");
    assert_eq!(error.http_status(), Some(503), "{error:?}");
    assert_eq!(calls(&flaky, "search"), 4);
}

#[tokio::test]
async fn writes_and_unknown_methods_are_sent_exactly_once() {
    let (url, flaky) = start(503, Some("0"), 10).await;
    let client = connect_with(&url, RetryPolicy::default().max_retries(5)).await;
    let create = client.create("res.partner", json!({"name": "x"})).await;
    let write = client
        .write("res.partner", &[1], json!({"name": "y"}))
        .await;
    let unlink = client.unlink("res.partner", &[1]).await;
    let custom = client
        .execute_kw("sale.order", "action_confirm", json!([[1]]), json!({}))
        .await;
    for (method, outcome) in [
        ("create", create.map(|_| ())),
        ("write", write.map(|_| ())),
        ("unlink", unlink.map(|_| ())),
        ("action_confirm", custom.map(|_| ())),
    ] {
        assert!(
            outcome.as_ref().is_err_and(|e| e.kind() == ErrorKind::Http),
            "{method}: {outcome:?}"
        );
        assert_eq!(calls(&flaky, method), 1, "{method} must never be repeated");
    }
}

#[tokio::test]
async fn other_failures_and_a_disabled_policy_do_not_retry() {
    let (url, flaky) = start(500, None, 10).await;
    let client = connect_with(&url, RetryPolicy::default()).await;
    let outcome = client
        .search("res.partner", json!([]), SearchOptions::new())
        .await;
    assert!(
        outcome.as_ref().is_err_and(|e| e.kind() == ErrorKind::Http),
        "{outcome:?}"
    );
    assert_eq!(calls(&flaky, "search"), 1, "HTTP 500 is not retried");

    let (url, flaky) = start(503, Some("0"), 10).await;
    let client = connect_with(&url, RetryPolicy::none()).await;
    let _ = client
        .search("res.partner", json!([]), SearchOptions::new())
        .await;
    assert_eq!(calls(&flaky, "search"), 1);

    // A Retry-After beyond the policy's bound returns the error at once.
    let (url, flaky) = start(429, Some("3600"), 10).await;
    let client = connect_with(&url, RetryPolicy::default()).await;
    let _ = client
        .search("res.partner", json!([]), SearchOptions::new())
        .await;
    assert_eq!(calls(&flaky, "search"), 1);

    // Users can add their own read-only methods.
    let (url, flaky) = start(502, None, 1).await;
    let client = connect_with(
        &url,
        RetryPolicy::default().allow_method("check_access_rights"),
    )
    .await;
    let outcome = client
        .execute_kw(
            "res.partner",
            "check_access_rights",
            json!(["read"]),
            json!({}),
        )
        .await;
    assert!(outcome.is_ok(), "{outcome:?}");
    assert_eq!(calls(&flaky, "check_access_rights"), 2);
}

/// The recorded login and expired-session exchanges of Odoo 18, each answering once, with
/// the calls that follow a new login.
async fn expiring_session(
    all: &[support::Transcript],
    method_body: &str,
    path: &str,
    after: &str,
) -> ReplayServer {
    let pick = |name: &str| {
        find(all, name)
            .unwrap_or_else(|| panic!("no {name}"))
            .clone()
    };
    let expired = pick("web_error_call_kw_bogus_session");
    let mut expired_call = expired.clone();
    expired_call.name = "expired_call".into();
    expired_call.request.path = path.to_owned();
    expired_call.request.body = Some(method_body.to_owned());
    let mut answered = synthetic(
        "answered_call",
        path,
        expired.request.headers.clone(),
        method_body.to_owned(),
        after.to_owned(),
        18,
    );
    answered.request.headers = expired.request.headers.clone();
    let mut second_login = pick("web_session_authenticate_ok");
    second_login.name = "second_login".into();
    let transcripts = vec![
        pick("web_webclient_version_info"),
        pick("web_session_authenticate_ok"),
        expired_call,
        second_login,
        answered,
    ];
    ReplayServer::start_with(transcripts, Reuse::Once).await
}

async fn web_client(server: &ReplayServer, all: &[support::Transcript]) -> Client {
    Client::builder(server.url())
        .database(support::session::database_of(all))
        .login("admin")
        .password("admin")
        .transport(TransportKind::WebSession)
        .connect()
        .await
        .unwrap_or_else(|e| panic!("connect: {e}\n{}", server.format_log()))
}

#[tokio::test]
async fn an_expired_session_logs_in_again_and_repeats_a_read() {
    require_fixtures!();
    let all = load_transcripts("odoo18");
    let recorded =
        find(&all, "web_error_call_kw_bogus_session").unwrap_or_else(|| panic!("missing"));
    let body = recorded.request.body.clone().unwrap_or_default();
    let after =
        json!({"jsonrpc": "2.0", "id": body_json(Some(&body))["id"], "result": 42}).to_string();
    let server = expiring_session(&all, &body, &recorded.request.path, &after).await;
    let client = web_client(&server, &all).await;
    let count = client
        .search_count("res.partner", json!([]), SearchOptions::new())
        .await
        .unwrap_or_else(|e| panic!("{e}\n{}", server.format_log()));
    assert_eq!(count, 42);
    for name in ["expired_call", "second_login", "answered_call"] {
        assert_eq!(
            server.times_served(name),
            1,
            "{name}\n{}",
            server.format_log()
        );
    }
}

/// Odoo refuses an expired session before the route runs, so the write did nothing: it is
/// sent again after the new login, and runs once.
#[tokio::test]
async fn an_expired_session_logs_in_again_and_sends_a_write_once_more() {
    require_fixtures!();
    let all = load_transcripts("odoo18");
    let body = json!({"jsonrpc": "2.0", "method": "call", "params": {
        "model": "res.partner", "method": "write", "args": [[1], {"name": "x"}], "kwargs": {}
    }, "id": 3})
    .to_string();
    let after = json!({"jsonrpc": "2.0", "id": 3, "result": true}).to_string();
    let server = expiring_session(
        &all,
        &body,
        "/web/dataset/call_kw/res.partner/write",
        &after,
    )
    .await;
    let client = web_client(&server, &all).await;
    client
        .write("res.partner", &[1], json!({"name": "x"}))
        .await
        .unwrap_or_else(|e| panic!("{e}\n{}", server.format_log()));
    for name in ["expired_call", "second_login", "answered_call"] {
        assert_eq!(
            server.times_served(name),
            1,
            "{name}\n{}",
            server.format_log()
        );
    }
}

/// A session that expires again right after the new login is not chased: the call fails
/// with the session's kind, after one new login.
#[tokio::test]
async fn a_session_that_expires_twice_fails_after_one_new_login() {
    require_fixtures!();
    let all = load_transcripts("odoo18");
    let recorded =
        find(&all, "web_error_call_kw_bogus_session").unwrap_or_else(|| panic!("missing"));
    let body = recorded.request.body.clone().unwrap_or_default();
    let path = recorded.request.path.clone();
    let mut second_expiry = recorded.clone();
    second_expiry.name = "second_expiry".into();
    let server = expiring_session(&all, &body, &path, "").await;
    let mut transcripts = server.transcripts().to_vec();
    drop(server);
    transcripts.retain(|t| t.name != "answered_call");
    transcripts.push(second_expiry);
    let server = ReplayServer::start_with(transcripts, Reuse::Once).await;
    let client = web_client(&server, &all).await;
    let outcome = client
        .search_count("res.partner", json!([]), SearchOptions::new())
        .await;
    assert!(
        outcome
            .as_ref()
            .is_err_and(|e| e.kind() == ErrorKind::SessionExpired),
        "{outcome:?}\n{}",
        server.format_log()
    );
    assert_eq!(server.times_served("second_login"), 1);
    assert_eq!(server.times_served("second_expiry"), 1);
}
