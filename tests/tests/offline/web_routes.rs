//! Requests to routes that are not ORM calls (`Client::web`), on the emulator: held or copied
//! to a writer as they come, `POST` with a body, JSON-RPC routes with their errors typed, the
//! API key as a bearer token, and the mistakes a caller can make.

use crate::support;

use std::pin::Pin;
use std::task::{Context, Poll};

use odoo_core::{Client, ErrorKind, TransportKind};
use odoo_emulator::{Emulator, OdooVersion};
use serde_json::json;
use support::emulator::transports;

/// A client of the demo admin with the password (and the key, when `key`).
async fn connect(emu: &Emulator, transport: TransportKind, key: bool) -> Client {
    let mut builder = Client::builder(emu.url())
        .database(emu.database())
        .login("admin")
        .password("admin")
        .transport(transport);
    if key || transport == TransportKind::Json2 {
        builder = builder.api_key(Emulator::DEMO_ADMIN_KEY);
    }
    builder
        .connect()
        .await
        .unwrap_or_else(|e| panic!("{transport}: connect: {e}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn documents_copied_to_a_writer_equal_those_held() {
    let emu = Emulator::demo(OdooVersion::V18)
        .await
        .expect("emulator starts");
    let content: Vec<u8> = (0..3_000_000u32).map(|i| (i % 251) as u8).collect();
    for transport in transports(OdooVersion::V18) {
        let client = connect(&emu, transport, false).await;
        let report = || client.report("sale.report_saleorder", &[1]);
        let held = report().pdf().await.expect("pdf");
        let mut copied = Vec::new();
        let saved = report().pdf_to(&mut copied).await.expect("pdf_to");
        assert_eq!(copied, held.bytes, "{transport}");
        assert_eq!(saved.length, held.bytes.len() as u64, "{transport}");
        assert_eq!(saved.filename, held.filename, "{transport}");
        assert_eq!(saved.content_type, "application/pdf", "{transport}");
        // HTML is read whole first (it may hold an error), then written.
        let mut html = Vec::new();
        report().html_to(&mut html).await.expect("html_to");
        assert_eq!(html, report().html().await.expect("html").bytes);

        let files = client.attachments();
        let id = files
            .attach("res.partner", 1, "big.bin", &content)
            .await
            .expect("attach");
        let mut copied = Vec::new();
        let saved = files.download_to(id, &mut copied).await.expect("download");
        assert!(copied == content, "{transport}: {} bytes", copied.len());
        assert_eq!(saved.length, content.len() as u64);
        assert_eq!(saved.filename.as_deref(), Some("big.bin"));
        client.unlink("ir.attachment", &[id]).await.expect("unlink");
        let mut nothing = Vec::new();
        let error = files.download_to(id, &mut nothing).await.expect_err("gone");
        assert_eq!(error.kind(), ErrorKind::MissingError, "{error:?}");
        assert!(nothing.is_empty());
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_deleted_record_s_report_writes_nothing_to_the_writer() {
    let emu = Emulator::demo(OdooVersion::V19)
        .await
        .expect("emulator starts");
    let client = connect(&emu, TransportKind::JsonRpc, false).await;
    let mut written = Vec::new();
    let error = client
        .report("sale.report_saleorder", &[999_999])
        .pdf_to(&mut written)
        .await
        .expect_err("no such order");
    assert_eq!(error.kind(), ErrorKind::MissingError, "{error:?}");
    assert!(written.is_empty());
    let error = client
        .report("no.such_report", &[1])
        .pdf_to(&mut written)
        .await
        .expect_err("no such report");
    assert_eq!(error.kind(), ErrorKind::NotFound, "{error:?}");
}

/// A writer that takes `room` bytes, then fails.
struct Full {
    room: usize,
}

impl tokio::io::AsyncWrite for Full {
    fn poll_write(
        mut self: Pin<&mut Self>,
        _: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        if self.room == 0 {
            return Poll::Ready(Err(std::io::Error::other("disk full")));
        }
        let n = buf.len().min(self.room);
        self.room -= n;
        Poll::Ready(Ok(n))
    }
    fn poll_flush(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Poll::Ready(Ok(()))
    }
    fn poll_shutdown(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Poll::Ready(Ok(()))
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_writer_that_fails_is_an_error_that_says_so() {
    let emu = Emulator::demo(OdooVersion::V17)
        .await
        .expect("emulator starts");
    let client = connect(&emu, TransportKind::JsonRpc, false).await;
    let before = emu.request_count();
    let error = client
        .report("sale.report_saleorder", &[1])
        .pdf_to(&mut Full { room: 100 })
        .await
        .expect_err("the writer fails");
    assert_eq!(error.kind(), ErrorKind::InvalidInput, "{error:?}");
    assert!(error.to_string().contains("disk full"), "{error}");
    // Not retried: the writer already has part of the file. (The session's login and the
    // report are the two requests.)
    assert_eq!(emu.request_count(), before + 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn json_rpc_routes_post_and_type_their_errors() {
    let emu = Emulator::demo(OdooVersion::V16)
        .await
        .expect("emulator starts");
    for transport in transports(OdooVersion::V16) {
        let client = connect(&emu, transport, false).await;
        let count: i64 = client
            .web("/web/dataset/call_kw/res.partner/search_count")
            .json_rpc(&json!({
                "model": "res.partner", "method": "search_count",
                "args": [[["is_company", "=", true]]], "kwargs": {},
            }))
            .await
            .unwrap_or_else(|e| panic!("{transport}: {e}"));
        assert!(count > 0, "{transport}");
        let error = client
            .web("/web/dataset/call_kw/no.such.model/search")
            .json_rpc::<serde_json::Value, _>(&json!({
                "model": "no.such.model", "method": "search", "args": [[]], "kwargs": {},
            }))
            .await
            .expect_err("no such model");
        // What Odoo's `call_kw` route answers for a model that does not exist: a `KeyError`.
        assert_eq!(error.kind(), ErrorKind::Server, "{transport}: {error:?}");
        assert!(error.to_string().contains("no.such.model"), "{error}");
        // A result that is not the type asked for.
        let error = client
            .web("/web/dataset/call_kw/res.partner/search_count")
            .json_rpc::<String, _>(&json!({
                "model": "res.partner", "method": "search_count", "args": [[]], "kwargs": {},
            }))
            .await
            .expect_err("a number is not a string");
        assert_eq!(error.kind(), ErrorKind::Decode, "{transport}: {error:?}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_api_key_as_a_bearer_token() {
    let emu = Emulator::demo(OdooVersion::V19)
        .await
        .expect("emulator starts");
    // A key alone: no web session, and none is needed for a route that takes the key.
    let key_only = Client::builder(emu.url())
        .database(emu.database())
        .login("admin")
        .api_key(Emulator::DEMO_ADMIN_KEY)
        .transport(TransportKind::JsonRpc)
        .connect()
        .await
        .expect("connect");
    let answer = key_only
        .web("/json/2/res.partner/search_count")
        .bearer()
        .json(&json!({"domain": [["is_company", "=", true]]}))
        .expect("application/json")
        .send()
        .await
        .expect("json/2 with the key");
    let count: i64 = answer.json().expect("a number");
    assert!(count > 0);
    let error = answer.json::<Vec<String>>().expect_err("not a list");
    assert_eq!(error.kind(), ErrorKind::Decode);
    // A wrong content type asked for.
    let error = key_only
        .web("/json/2/res.partner/search_count")
        .bearer()
        .json(&json!({"domain": []}))
        .expect("application/pdf")
        .send()
        .await
        .expect_err("JSON is not a PDF");
    assert_eq!(error.kind(), ErrorKind::Decode, "{error:?}");
    assert!(error.to_string().contains("application/pdf"), "{error}");

    // Without a key, the bearer request is refused before anything is sent.
    let password_only = connect(&emu, TransportKind::XmlRpc, false).await;
    let before = emu.request_count();
    let error = password_only
        .web("/json/2/res.partner/search_count")
        .bearer()
        .json(&json!({"domain": []}))
        .send()
        .await
        .expect_err("no key");
    assert_eq!(error.kind(), ErrorKind::InvalidInput, "{error:?}");
    assert!(error.to_string().contains("api_key"), "{error}");
    assert_eq!(emu.request_count(), before);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn queries_are_encoded_and_bad_requests_refused_before_sending() {
    let emu = Emulator::demo(OdooVersion::V18)
        .await
        .expect("emulator starts");
    let client = connect(&emu, TransportKind::JsonRpc, false).await;
    let text = client
        .web("/report/text/sale.report_saleorder/1")
        .query(&[("context", "{\"lang\": \"en_US\"}")])
        .send()
        .await
        .expect("text report");
    assert_eq!(text.text(), Some("S00001"));
    let before = emu.request_count();
    for bad in [
        "relative/path",
        "//other.example/x",
        "/a b",
        "/tab\there",
        "",
    ] {
        let error = client.web(bad).send().await.expect_err(bad);
        assert_eq!(error.kind(), ErrorKind::InvalidInput, "{bad:?}");
    }
    let error = client
        .web("/x")
        .body("text/plain\r\nX-Evil: 1", "hi")
        .send()
        .await
        .expect_err("a header in the content type");
    assert_eq!(error.kind(), ErrorKind::InvalidInput, "{error:?}");
    assert_eq!(emu.request_count(), before, "nothing was sent");
    // A POST to a route that does not exist is an HTTP error, sent once.
    let error = client
        .web("/no/such/route")
        .form(&[("a", "1")])
        .send()
        .await
        .expect_err("no such route");
    assert_eq!(error.http_status(), Some(404), "{error:?}");
    assert_eq!(emu.request_count(), before + 1);
}
