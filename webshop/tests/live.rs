//! The integration against a real Odoo (`ODOO_URL`, `ODOO_DB`, `ODOO_USER`, and
//! `ODOO_PASSWORD` or `ODOO_API_KEY`; a test database with `sale_management` and `stock`, which
//! the run writes to), with a new tag each run. Its report must equal the one checked in under
//! `expected/odoo<major>.json`, which the emulator's runs are compared with too. With
//! `WEBSHOP_EXPECTED=write` it writes that file instead.
//!
//! Ignored by a plain `cargo test`: `cargo test -p webshop --test live -- --ignored`.

use odoo_test_support::live_settings;

use odoo_core::TransportKind;
use webshop::{run, Report, Shop};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "live: needs ODOO_URL; run with cargo test --workspace -- --ignored"]
async fn live_run_reports_what_the_expected_file_says() {
    let settings = live_settings::settings();
    let client = settings
        .builder(TransportKind::Auto)
        .connect()
        .await
        .expect("connect");
    let since_epoch = std::time::UNIX_EPOCH.elapsed().expect("a clock after 1970");
    let shop = Shop::new(format!("L{}", since_epoch.as_secs()));
    let report = run(&client, &shop).await.unwrap_or_else(|e| panic!("{e}"));
    let text = serde_json::to_string_pretty(&report).expect("a report serializes") + "\n";
    let path = format!(
        "{}/expected/odoo{}.json",
        env!("CARGO_MANIFEST_DIR"),
        report.major
    );
    if std::env::var("WEBSHOP_EXPECTED").as_deref() == Ok("write") {
        std::fs::write(&path, &text).expect("write the expected report");
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let expected: Report = serde_json::from_str(&expected).expect("an expected report");
    assert_eq!(report, expected, "{text}");
}
