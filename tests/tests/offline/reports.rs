//! Reports through the client, on the emulator as Odoo 16-19, over every transport: the PDF,
//! HTML and text of a sale order; the errors of an unknown report and a deleted record; a
//! session opened with the password for the transports that are not the web session, renewed
//! when it expires; and a client with an API key alone told why it cannot have one.

use crate::support;

use support::emulator::transports;

use odoo_core::{Client, ErrorKind, TransportKind};
use odoo_emulator::{Emulator, OdooVersion};

const VERSIONS: [OdooVersion; 4] = [
    OdooVersion::V16,
    OdooVersion::V17,
    OdooVersion::V18,
    OdooVersion::V19,
];

/// A client of the demo admin with the password, and the API key too on JSON-2.
async fn connect(emu: &Emulator, transport: TransportKind) -> Client {
    let builder = Client::builder(emu.url())
        .database(emu.database())
        .login("admin")
        .password("admin")
        .transport(transport);
    let builder = if transport == TransportKind::Json2 {
        builder.api_key(Emulator::DEMO_ADMIN_KEY)
    } else {
        builder
    };
    builder
        .connect()
        .await
        .unwrap_or_else(|e| panic!("{transport}: connect: {e}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sale_order_as_pdf_html_and_text_on_every_transport() {
    for version in VERSIONS {
        let emu = Emulator::demo(version).await.expect("emulator starts");
        for transport in transports(version) {
            let what = format!("{version:?} over {transport}");
            let client = connect(&emu, transport).await;
            let report = || client.report("sale.report_saleorder", &[1]);
            let pdf = report()
                .pdf()
                .await
                .unwrap_or_else(|e| panic!("{what}: {e}"));
            assert!(pdf.bytes.starts_with(b"%PDF-"), "{what}");
            let parsed = lopdf::Document::load_mem(&pdf.bytes)
                .unwrap_or_else(|e| panic!("{what}: the PDF does not parse: {e}"));
            assert_eq!(parsed.get_pages().len(), 1, "{what}");
            assert_eq!(pdf.content_type, "application/pdf", "{what}");
            assert_eq!(
                pdf.filename.as_deref(),
                Some("Quotation - S00001.pdf"),
                "{what}"
            );
            let html = report()
                .html()
                .await
                .unwrap_or_else(|e| panic!("{what}: {e}"));
            assert!(
                html.text().is_some_and(|t| t.contains("<h2>S00001</h2>")),
                "{what}"
            );
            let text = report()
                .text()
                .await
                .unwrap_or_else(|e| panic!("{what}: {e}"));
            assert_eq!(text.text(), Some("S00001"), "{what}");
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unknown_report_and_a_deleted_record_are_typed() {
    for version in VERSIONS {
        let emu = Emulator::demo(version).await.expect("emulator starts");
        for transport in transports(version) {
            let what = format!("{version:?} over {transport}");
            let client = connect(&emu, transport).await;
            let error = client
                .report("no.such_report", &[1])
                .pdf()
                .await
                .expect_err("no such report");
            assert_eq!(error.kind(), ErrorKind::NotFound, "{what}: {error:?}");
            assert_eq!(
                error.message(),
                "External ID not found in the system: no.such_report"
            );
            let error = client
                .report("sale.report_saleorder", &[999_999])
                .pdf()
                .await
                .expect_err("no such record");
            // 16 to 18 wrap the MissingError in QWeb's exception.
            let expected = if version >= OdooVersion::V19 {
                ErrorKind::MissingError
            } else {
                ErrorKind::Server
            };
            assert_eq!(error.kind(), expected, "{what}: {error:?}");
            let error = client
                .report("sale.report_saleorder/../x", &[1])
                .pdf()
                .await
                .expect_err("not a report name");
            assert_eq!(error.kind(), ErrorKind::InvalidInput, "{what}");
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_expired_session_is_renewed_once() {
    let emu = Emulator::demo(OdooVersion::V18)
        .await
        .expect("emulator starts");
    for transport in transports(OdooVersion::V18) {
        let client = connect(&emu, transport).await;
        let first = client.report("sale.report_saleorder", &[1]).pdf().await;
        assert!(first.is_ok(), "{transport}: {first:?}");
        emu.end_sessions();
        let again = client.report("sale.report_saleorder", &[1]).pdf().await;
        assert!(again.is_ok(), "{transport}: {again:?}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_api_key_alone_is_told_why_and_sends_nothing() {
    let emu = Emulator::demo(OdooVersion::V19)
        .await
        .expect("emulator starts");
    for transport in [
        TransportKind::Json2,
        TransportKind::JsonRpc,
        TransportKind::XmlRpc,
    ] {
        let client = Client::builder(emu.url())
            .database(emu.database())
            .login("admin")
            .api_key(Emulator::DEMO_ADMIN_KEY)
            .transport(transport)
            .connect()
            .await
            .expect("connects");
        let before = emu.request_count();
        let error = client
            .report("sale.report_saleorder", &[1])
            .pdf()
            .await
            .expect_err("no web session with a key");
        assert_eq!(error.kind(), ErrorKind::InvalidInput, "{transport}");
        assert!(
            error.to_string().contains("set ClientBuilder::password"),
            "{error}"
        );
        assert_eq!(emu.request_count(), before, "{transport}: nothing was sent");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn any_route_of_the_web_client_through_the_session() {
    let emu = Emulator::demo(OdooVersion::V17)
        .await
        .expect("emulator starts");
    for transport in transports(OdooVersion::V17) {
        let client = connect(&emu, transport).await;
        let text = client
            .get_web("/report/text/sale.report_saleorder/1")
            .await
            .unwrap_or_else(|e| panic!("{transport}: {e}"));
        assert_eq!(text.text(), Some("S00001"), "{transport}");
        let missing = client
            .get_web("/no/such/route")
            .await
            .expect_err("not found");
        assert_eq!(missing.http_status(), Some(404), "{transport}: {missing:?}");
        for bad in ["web/content", "//evil.example/x", "/a b", ""] {
            let error = client.get_web(bad).await.expect_err(bad);
            assert_eq!(error.kind(), ErrorKind::InvalidInput, "{bad:?}");
        }
    }
}
