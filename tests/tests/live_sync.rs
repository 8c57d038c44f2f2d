//! Live tests of what integrations sync by, against a real Odoo (the variables of
//! `support/live_settings.rs`): external IDs, upserts by key, bulk import through `load`, and
//! the incremental export's cursor with a writer changing records while it runs. Each test is
//! ignored by a plain `cargo test`; `cargo test -p odoo-tests --test live_sync -- --ignored`
//! runs them. They create, change and delete their own records only.

use std::collections::BTreeMap;
use std::time::Duration;

use odoo_core::{Client, ErrorKind, SearchOptions, TransportKind};
use serde_json::{json, Value};

use odoo_test_support::live_settings;

use odoo_test_support::sync_runs;
use sync_runs::{load_rows, resolve_checks, save_checks, CursorRun, LOAD_COLUMNS};

/// The module of the external IDs these tests create.
const MODULE: &str = "odoo_rs_live";

/// Deletes the records of `model` whose `field` starts with `prefix`.
async fn remove(client: &Client, model: &str, field: &str, prefix: &str) {
    let ids = client
        .search(
            model,
            json!([[field, "=like", format!("{prefix}%")]]),
            SearchOptions::new().context(odoo_core::Context::new().active_test(false)),
        )
        .await
        .expect("search what a test left");
    // Small batches: deleting contacts is slow (Odoo checks what refers to each).
    for chunk in ids.chunks(200) {
        client.unlink(model, chunk).await.expect("remove");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "live: needs ODOO_URL; run with cargo test --workspace -- --ignored"]
async fn external_ids_round_trip_on_every_transport() {
    let live = live_settings::settings();
    let mut clients = Vec::new();
    for transport in live.transports().await {
        clients.push((transport.to_string(), live.connect(transport).await));
    }
    if let Some(key_only) = live.key_only().await {
        clients.push(("the key alone".to_owned(), key_only));
    }
    // A user without the right to read ir.model.data (the demo data's `demo`) resolves one
    // name at a time through check_object_reference.
    let demo = Client::builder(&live.url)
        .database(&live.db)
        .login("demo")
        .password("demo")
        .transport(TransportKind::JsonRpc)
        .connect()
        .await
        .expect("the demo data's user demo/demo");
    let denied = demo
        .search_count("ir.model.data", json!([]), SearchOptions::new())
        .await
        .expect_err("demo may not read ir.model.data");
    assert_eq!(denied.kind(), ErrorKind::AccessError, "{denied:?}");
    clients.push(("demo (no right on ir.model.data)".to_owned(), demo));

    let admin = live.connect(TransportKind::JsonRpc).await;
    remove(&admin, "res.partner", "name", "odoo-rs xmlid").await;
    for (what, client) in &clients {
        resolve_checks(client, what, &["odoo_rs_live.no_such_record"]).await;
        if what.starts_with("demo") {
            // Saving takes `load`, which on 19 reads fields that the demo user may not
            // (`credit_limit`): the records an integration saves need a user with rights on them.
            continue;
        }
        let tag = what.replace(|c: char| !c.is_ascii_alphanumeric(), "_");
        let xmlid = format!("{MODULE}.partner_{tag}");
        let id = save_checks(client, what, &xmlid, &format!("odoo-rs xmlid {tag}")).await;
        eprintln!("{what}: {xmlid} -> {id}");
    }
    remove(&admin, "res.partner", "name", "odoo-rs xmlid").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "live: needs ODOO_URL; run with cargo test --workspace -- --ignored"]
async fn upsert_a_thousand_products_twice() {
    let live = live_settings::settings();
    let client = live.connect(TransportKind::JsonRpc).await;
    remove(&client, "product.product", "default_code", "ODOO-RS-UP-").await;
    let rows = |price: f64| {
        (0..1000).map(move |i| {
            json!({
                "default_code": format!("ODOO-RS-UP-{i:04}"),
                "name": format!("odoo-rs upsert {i}"),
                "list_price": if i < 10 { price } else { 1.5 },
            })
        })
    };
    let first = client
        .upsert("product.product", &["default_code"])
        .rows(rows(1.5))
        .run()
        .await
        .expect("first run");
    assert_eq!(
        (first.created, first.updated, first.unchanged),
        (1000, 0, 0)
    );
    let second = client
        .upsert("product.product", &["default_code"])
        .rows(rows(1.5))
        .run()
        .await
        .expect("second run");
    assert_eq!(
        (second.created, second.updated, second.unchanged),
        (0, 0, 1000)
    );
    assert_eq!(second.ids, first.ids);
    let third = client
        .upsert("product.product", &["default_code"])
        .rows(rows(2.5))
        .run()
        .await
        .expect("third run");
    assert_eq!(
        (third.created, third.updated, third.unchanged),
        (0, 10, 990)
    );
    let prices: Vec<Value> = client
        .read(
            "product.product",
            &first.ids[..11],
            &["list_price"],
            Default::default(),
        )
        .await
        .expect("read");
    assert!(
        prices[..10].iter().all(|p| p["list_price"] == json!(2.5)),
        "{prices:?}"
    );
    assert_eq!(prices[10]["list_price"], json!(1.5));
    eprintln!(
        "created/updated/unchanged: {:?}, {:?}, {:?}",
        (first.created, first.updated, first.unchanged),
        (second.created, second.updated, second.unchanged),
        (third.created, third.updated, third.unchanged)
    );
    remove(&client, "product.product", "default_code", "ODOO-RS-UP-").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "live: needs ODOO_URL; run with cargo test --workspace -- --ignored"]
async fn load_ten_thousand_rows_with_three_bad_ones() {
    let live = live_settings::settings();
    // Every row is a child of the first: Odoo 16 syncs a parent's children on each new one,
    // and a batch of 1,000 rows near the end takes about a minute there before its answer
    // starts (more on a busy machine), past the default read timeout.
    let slow = std::time::Duration::from_secs(360);
    let builder = live.builder(TransportKind::JsonRpc).timeout(slow);
    let client = builder.read_timeout(slow).connect().await;
    let client = client.expect("connect");
    remove(&client, "res.partner", "name", "odoo-rs load ").await;
    let bad: BTreeMap<usize, &str> = [(1234, "color"), (5000, "parent_id"), (9999, "type")].into();
    let rows = load_rows(10_000, "odoo_rs_live.load", "odoo-rs load", &bad);
    let started = std::time::Instant::now();
    let report = client
        .load("res.partner", &LOAD_COLUMNS)
        .rows(rows)
        .run()
        .await
        .expect("load");
    let took = started.elapsed();
    assert_eq!(report.written(), 9_997, "{:?}", report.errors);
    assert_eq!(report.errors.len(), 3, "{:?}", report.errors);
    for error in &report.errors {
        let row = error.row.expect("a row");
        assert_eq!(error.field.as_deref(), bad.get(&row).copied(), "{error}");
        assert!(report.ids[row].is_none());
    }
    let count = client
        .search_count(
            "res.partner",
            json!([["name", "=like", "odoo-rs load %"]]),
            SearchOptions::new(),
        )
        .await
        .expect("count");
    assert_eq!(count, 9_997);
    eprintln!(
        "loaded 9,997 rows in {took:?}; the errors:\n{}",
        report
            .errors
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n")
    );
    remove(&client, "res.partner", "name", "odoo-rs load ").await;
}

/// 20 rounds of the incremental export while a writer changes the same records many times a
/// second (so in the same second as each round's cursor), then a last round after it stopped:
/// each record's last version is exported, each write is covered by a later export, and no
/// version is exported twice.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "live: needs ODOO_URL; run with cargo test --workspace -- --ignored"]
async fn the_cursor_misses_nothing_with_a_concurrent_writer() {
    let live = live_settings::settings();
    let client = live.connect(TransportKind::JsonRpc).await;
    remove(&client, "res.partner", "name", "odoo-rs cursor ").await;
    let run = CursorRun {
        field: "function",
        prefix: "odoo-rs cursor ",
        records: 40,
        rounds: 20,
        writing: Duration::from_secs(20),
        pause: Duration::from_millis(30),
        between: Duration::from_millis(900),
        settle: Duration::from_secs(2),
        page_size: 7,
    };
    let outcome = run.run(&client).await;
    assert!(outcome.missed.is_empty(), "{outcome:?}");
    assert!(outcome.uncovered.is_empty(), "{outcome:?}");
    assert_eq!(outcome.twice, 0, "{outcome:?}");
    eprintln!(
        "{} writes, {} versions exported over 21 rounds, {} missed, {} twice",
        outcome.writes,
        outcome.exported,
        outcome.missed.len(),
        outcome.twice
    );
    remove(&client, "res.partner", "name", "odoo-rs cursor ").await;
}
