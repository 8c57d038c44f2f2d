//! The order-to-cash recipe (`examples/src/order_to_cash.rs`): on the emulator as Odoo 16,
//! 17, 18 and 19 over every transport each offers, and on a real Odoo.
//!
//! The test on a real Odoo is ignored by a plain `cargo test`; it runs with
//! `cargo test -p examples --test order_to_cash -- --ignored` and `ODOO_URL`, `ODOO_DB`,
//! `ODOO_USER` and `ODOO_PASSWORD` (or `ODOO_API_KEY`) set to a test database with
//! `sale_management`, `stock` and invoicing (`account`) installed, and fails, naming the
//! variables to set, without them.

use odoo_test_support::live_settings;

use examples::order_to_cash::{run, OrderToCash};
use examples::order_to_cash_emulator::{emulator, ADMIN_KEY};
use odoo_core::{Client, TransportKind};
use odoo_emulator::OdooVersion;

/// What the recipe must have done, on any server.
fn check(done: &OrderToCash, expected_invoice_total: Option<f64>) {
    assert!(done.order > 0 && done.picking > 0 && done.invoice > 0 && done.payment > 0);
    // 1 of the 3 units of the first line was left out: Odoo asked, and kept a backorder.
    assert_eq!(
        done.delivery_wizards.first().map(String::as_str),
        Some("stock.backorder.confirmation"),
        "{done:?}"
    );
    assert_eq!(done.backorders.len(), 1, "{done:?}");
    assert!(done.amount_total > 0.0, "{done:?}");
    if let Some(total) = expected_invoice_total {
        assert!((done.amount_total - total).abs() < 1e-9, "{done:?}");
    }
    assert!(done.amount_residual.abs() < 1e-6, "{done:?}");
    assert!(
        matches!(done.payment_state.as_str(), "paid" | "in_payment"),
        "{done:?}"
    );
    // The cancel wizard exists on 16 to 18 only.
    assert_eq!(done.cancel_wizard, done.major <= 18, "{done:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn order_to_cash_on_the_emulator_of_every_version_and_transport() {
    for version in [
        OdooVersion::V16,
        OdooVersion::V17,
        OdooVersion::V18,
        OdooVersion::V19,
    ] {
        let mut transports = vec![
            TransportKind::JsonRpc,
            TransportKind::XmlRpc,
            TransportKind::WebSession,
        ];
        if version == OdooVersion::V19 {
            transports.push(TransportKind::Json2);
        }
        for transport in transports {
            let emu = emulator(version).await.expect("emulator starts");
            let builder = Client::builder(emu.url())
                .database(emu.database())
                .login("admin")
                .transport(transport);
            let builder = if transport == TransportKind::Json2 {
                builder.api_key(ADMIN_KEY)
            } else {
                builder.password("admin")
            };
            let client = builder.connect().await.expect("connect");
            let done = run(&client, |_| {})
                .await
                .unwrap_or_else(|e| panic!("{version:?} over {transport}: {e}"));
            assert_eq!(done.major, version.major());
            // Delivered: 1 chair at 50 and 2 lamps at 25; the third chair is backordered.
            check(&done, Some(100.0));
            assert_eq!(
                done.delivery_wizards,
                ["stock.backorder.confirmation", "confirm.stock.sms"],
                "{version:?} over {transport}"
            );
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "live: needs ODOO_URL; run with cargo test --workspace -- --ignored"]
async fn live_order_to_cash_and_cancel() {
    // Without ODOO_URL, `examples::connect` would start the emulator: the live settings are
    // required here.
    live_settings::settings();
    let session = examples::connect(TransportKind::Auto)
        .await
        .expect("connect");
    let done = run(&session.client, |line| eprintln!("  {line}"))
        .await
        .unwrap_or_else(|e| panic!("order to cash: {e}"));
    eprintln!("{done:#?}");
    check(&done, None);
}
