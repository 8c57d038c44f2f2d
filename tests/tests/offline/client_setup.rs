//! How a client is set up against a server: which transport `Auto` picks by what the server
//! serves (and where a web login asks a second factor), the bound on requests in flight under load, and TLS with a private CA, proxies and
//! a `reqwest::Client` of the user's own. All against the emulator.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use odoo_core::{Client, ErrorKind, SearchOptions, TransportKind, DEFAULT_MAX_IN_FLIGHT};
use odoo_emulator::{Emulator, OdooVersion};
use serde_json::json;

async fn without_legacy_rpc() -> Emulator {
    Emulator::demo_builder(OdooVersion::V19)
        .legacy_rpc(false)
        .start()
        .await
        .unwrap_or_else(|e| panic!("emulator: {e}"))
}

fn builder(emu: &Emulator) -> odoo_core::ClientBuilder {
    Client::builder(emu.url())
        .database(emu.database())
        .login("admin")
}

#[tokio::test]
async fn auto_picks_what_a_server_without_jsonrpc_and_xmlrpc_serves() {
    let emu = without_legacy_rpc().await;
    let with_key = builder(&emu)
        .api_key(Emulator::DEMO_ADMIN_KEY)
        .connect()
        .await
        .unwrap_or_else(|e| panic!("with a key: {e}"));
    assert_eq!(with_key.transport_kind(), TransportKind::Json2);
    let with_password = builder(&emu)
        .password("admin")
        .connect()
        .await
        .unwrap_or_else(|e| panic!("with a password: {e}"));
    assert_eq!(with_password.transport_kind(), TransportKind::WebSession);
    let count = with_password
        .search_count("res.partner", json!([]), SearchOptions::new())
        .await
        .unwrap_or_else(|e| panic!("a call over the web session: {e}"));
    assert!(count > 0);
}

#[tokio::test]
async fn a_forced_transport_the_server_does_not_serve_names_those_it_does() {
    let emu = without_legacy_rpc().await;
    for forced in [TransportKind::JsonRpc, TransportKind::XmlRpc] {
        let err = builder(&emu)
            .password("admin")
            .transport(forced)
            .connect()
            .await
            .expect_err("not served");
        assert_eq!(err.kind(), ErrorKind::InvalidInput, "{err:?}");
        let text = err.to_string();
        assert!(
            text.contains(&format!("does not serve {forced}"))
                && text.contains("serves json-2, web-session"),
            "{text}"
        );
    }
    let old = Emulator::demo(OdooVersion::V17)
        .await
        .unwrap_or_else(|e| panic!("emulator: {e}"));
    let err = builder(&old)
        .api_key("any")
        .transport(TransportKind::Json2)
        .connect()
        .await
        .expect_err("no JSON-2 before 19");
    let text = err.to_string();
    assert!(
        text.contains("needs Odoo 19.0 or later")
            && text.contains("17.0")
            && text.contains("serves json-rpc, xml-rpc, web-session"),
        "{text}"
    );
}

/// A thousand concurrent calls through one client (and its clones) all succeed, and the
/// server never sees more in flight than the bound.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thousand_concurrent_calls_stay_within_the_bound() {
    for (transport, bound) in [
        (TransportKind::JsonRpc, DEFAULT_MAX_IN_FLIGHT),
        (TransportKind::Json2, 4),
    ] {
        let emu = Emulator::demo_builder(OdooVersion::V19)
            .latency(Duration::from_millis(2))
            .start()
            .await
            .unwrap_or_else(|e| panic!("emulator: {e}"));
        let client = builder(&emu)
            .password("admin")
            .api_key(Emulator::DEMO_ADMIN_KEY)
            .transport(transport)
            .max_in_flight(bound)
            .connect()
            .await
            .unwrap_or_else(|e| panic!("{transport}: {e}"));
        let before = emu.request_count();
        let mut calls = tokio::task::JoinSet::new();
        for i in 0..1000_i64 {
            let client = client.clone();
            calls.spawn(async move {
                client
                    .search(
                        "res.partner",
                        json!([["id", ">", i % 7]]),
                        SearchOptions::new(),
                    )
                    .await
            });
        }
        let mut ok = 0;
        while let Some(outcome) = calls.join_next().await {
            match outcome {
                Ok(Ok(_)) => ok += 1,
                Ok(Err(e)) => panic!("{transport}: a call failed: {e}"),
                Err(e) => panic!("{transport}: a task failed: {e}"),
            }
        }
        assert_eq!(ok, 1000, "{transport}");
        assert_eq!(emu.request_count() - before, 1000, "{transport}");
        let peak = emu.peak_in_flight();
        assert!(
            peak <= bound,
            "{transport}: {peak} in flight, bound {bound}"
        );
        assert!(peak > 1, "{transport}: the calls ran one at a time");
    }
}

/// A TLS front for the emulator, with a certificate of the test CA in tests/tls/, counting the
/// connections it accepts.
struct TlsFront {
    url: String,
    connections: Arc<AtomicUsize>,
    _emulator: Emulator,
}

async fn tls_front() -> TlsFront {
    use rustls_pki_types::pem::PemObject;
    use rustls_pki_types::{CertificateDer, PrivateKeyDer};
    use tokio_rustls::rustls;

    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/tls");
    let certs: Vec<CertificateDer<'static>> = CertificateDer::pem_file_iter(dir.join("server.pem"))
        .and_then(Iterator::collect)
        .unwrap_or_else(|e| panic!("server.pem: {e}"));
    let key = PrivateKeyDer::from_pem_file(dir.join("server.key"))
        .unwrap_or_else(|e| panic!("server.key: {e}"));
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .and_then(|b| b.with_no_client_auth().with_single_cert(certs, key))
        .unwrap_or_else(|e| panic!("TLS config: {e}"));
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    let emulator = Emulator::demo(OdooVersion::V18)
        .await
        .unwrap_or_else(|e| panic!("emulator: {e}"));
    let backend = emulator.addr();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .unwrap_or_else(|e| panic!("bind: {e}"));
    let port = listener.local_addr().map(|a| a.port()).unwrap_or(0);
    let connections = Arc::new(AtomicUsize::new(0));
    let counted = connections.clone();
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let acceptor = acceptor.clone();
            let counted = counted.clone();
            tokio::spawn(async move {
                let Ok(mut tls) = acceptor.accept(stream).await else {
                    return;
                };
                counted.fetch_add(1, Ordering::SeqCst);
                if let Ok(mut plain) = tokio::net::TcpStream::connect(backend).await {
                    let _ = tokio::io::copy_bidirectional(&mut tls, &mut plain).await;
                }
            });
        }
    });
    TlsFront {
        url: format!("https://localhost:{port}"),
        connections,
        _emulator: emulator,
    }
}

fn test_ca() -> odoo_core::reqwest::Certificate {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/tls/ca.pem");
    let pem = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    odoo_core::reqwest::Certificate::from_pem(&pem).unwrap_or_else(|e| panic!("ca.pem: {e}"))
}

fn tls_builder(front: &TlsFront) -> odoo_core::ClientBuilder {
    Client::builder(&front.url)
        .database("demo")
        .login("admin")
        .password("admin")
        .transport(TransportKind::JsonRpc)
        .no_proxy()
}

#[tokio::test]
async fn tls_with_a_private_ca() {
    let front = tls_front().await;
    // The test CA is not among the built-in roots: refused.
    let err = tls_builder(&front)
        .connect()
        .await
        .expect_err("an unknown CA");
    assert_eq!(err.kind(), ErrorKind::Transport, "{err:?}");
    // Trusted as an extra root: accepted.
    let client = tls_builder(&front)
        .add_root_certificate(test_ca())
        .connect()
        .await
        .unwrap_or_else(|e| panic!("with the CA: {e}"));
    let count = client
        .search_count("res.partner", json!([]), SearchOptions::new())
        .await
        .unwrap_or_else(|e| panic!("a call over TLS: {e}"));
    assert!(count > 0);
    // Or not checked at all, by explicit name only.
    tls_builder(&front)
        .danger_accept_invalid_certs(true)
        .connect()
        .await
        .unwrap_or_else(|e| panic!("accepting any certificate: {e}"));
}

#[tokio::test]
async fn a_reqwest_client_of_your_own_is_used() {
    let front = tls_front().await;
    let own = odoo_core::reqwest::Client::builder()
        .add_root_certificate(test_ca())
        .no_proxy()
        .redirect(odoo_core::reqwest::redirect::Policy::none())
        // One connection per request, so that the front counts requests.
        .pool_max_idle_per_host(0)
        .build()
        .unwrap_or_else(|e| panic!("reqwest client: {e}"));
    let client = Client::builder(&front.url)
        .database("demo")
        .login("admin")
        .password("admin")
        .transport(TransportKind::JsonRpc)
        .http_client(own)
        .connect()
        .await
        .unwrap_or_else(|e| panic!("with the client's own reqwest::Client: {e}"));
    let before = front.connections.load(Ordering::SeqCst);
    assert!(before >= 2, "version and login went through it: {before}");
    for _ in 0..3 {
        client
            .search("res.partner", json!([]), SearchOptions::new().limit(1))
            .await
            .unwrap_or_else(|e| panic!("a call: {e}"));
    }
    assert_eq!(front.connections.load(Ordering::SeqCst), before + 3);
}

/// A server whose web login stops for a second factor (`uid: null`, as Odoo answers for a
/// user with two-factor authentication) and whose `/jsonrpc` takes the same credentials.
async fn second_factor_server(web_logins: Arc<AtomicUsize>) -> String {
    use axum::routing::post;
    use axum::{Json, Router};
    use serde_json::Value;

    let version = json!({"server_version": "17.0", "server_version_info": [17, 0, 0, "final", 0, ""],
        "protocol_version": 1});
    let answer = |request: &Value, result: Value| {
        Json(json!({"jsonrpc": "2.0", "id": request["id"], "result": result}))
    };
    let web_version = version.clone();
    let router = Router::new()
        .route(
            "/web/webclient/version_info",
            post(move |Json(request): Json<Value>| async move { answer(&request, web_version) }),
        )
        .route(
            "/web/session/authenticate",
            post(move |Json(request): Json<Value>| async move {
                web_logins.fetch_add(1, Ordering::SeqCst);
                answer(&request, json!({"uid": null}))
            }),
        )
        .route(
            "/jsonrpc",
            post(move |Json(request): Json<Value>| async move {
                let result = match request["params"]["method"].as_str() {
                    Some("version") => version,
                    Some("authenticate" | "login") => json!(2),
                    _ => json!(7),
                };
                answer(&request, result)
            }),
        );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .unwrap_or_else(|e| panic!("bind: {e}"));
    let url = format!(
        "http://{}",
        listener.local_addr().unwrap_or_else(|e| panic!("{e}"))
    );
    tokio::spawn(async move {
        let _ = axum::serve(listener, router).await;
    });
    url
}

#[tokio::test]
async fn auto_goes_on_to_json_rpc_when_the_web_login_asks_a_second_factor() {
    let web_logins = Arc::new(AtomicUsize::new(0));
    let url = second_factor_server(web_logins.clone()).await;
    let client = Client::builder(&url)
        .database("db")
        .login("admin")
        .password("admin")
        .connect()
        .await
        .unwrap_or_else(|e| panic!("connect: {e}"));
    assert_eq!(
        web_logins.load(Ordering::SeqCst),
        1,
        "the web login was tried"
    );
    assert_eq!(client.transport_kind(), TransportKind::JsonRpc);
    let count = client
        .search_count("res.partner", json!([]), SearchOptions::new())
        .await
        .unwrap_or_else(|e| panic!("a call over JSON-RPC: {e}"));
    assert_eq!(count, 7);

    // Forced, the web session says why it cannot log in.
    let forced = Client::builder(&url)
        .database("db")
        .login("admin")
        .password("admin")
        .transport(TransportKind::WebSession)
        .connect()
        .await
        .expect_err("no user id");
    assert_eq!(forced.kind(), ErrorKind::AccessDenied, "{forced:?}");
    assert!(
        forced.to_string().contains("two-factor authentication"),
        "{forced}"
    );
}
