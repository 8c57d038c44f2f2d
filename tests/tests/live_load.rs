//! Load against a real Odoo with default settings: 200 concurrent `create`s and 1,000
//! concurrent reads through one client (and its clones) all succeed, and nothing is lost or
//! made twice. It writes 200 partners, and deletes them at the end.
//!
//! A live test, like those of `live.rs`: ignored by a plain `cargo test`, run by
//! `cargo test -p odoo-tests --test live_load -- --ignored` with the live settings
//! (`Client::from_env`: `ODOO_URL`, `ODOO_DB`, `ODOO_USER`, `ODOO_PASSWORD` or `ODOO_API_KEY`),
//! and failing, naming the variables to set, without them.

use odoo_core::{Client, SearchOptions};
use serde_json::json;
use tokio::task::JoinSet;

use odoo_test_support::live_settings;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "live: needs ODOO_URL; run with cargo test --workspace -- --ignored"]
async fn two_hundred_creates_and_a_thousand_reads_all_succeed() {
    // Panics naming the variables to set.
    live_settings::settings();
    let client = Client::from_env()
        .await
        .unwrap_or_else(|e| panic!("connect: {e}"));
    let marker = format!("odoo-rs load {}", std::process::id());

    let mut creates = JoinSet::new();
    for i in 0..200 {
        let client = client.clone();
        let name = format!("{marker} #{i}");
        creates.spawn(async move { client.create("res.partner", json!({"name": name})).await });
    }
    let mut ids = Vec::new();
    while let Some(outcome) = creates.join_next().await {
        match outcome {
            Ok(Ok(id)) => ids.push(id),
            Ok(Err(e)) => panic!("a create failed: {e}"),
            Err(e) => panic!("a task failed: {e}"),
        }
    }
    let domain = json!([["name", "=like", format!("{marker} #%")]]);
    let count = client
        .search_count("res.partner", domain.clone(), SearchOptions::new())
        .await
        .unwrap_or_else(|e| panic!("count: {e}"));
    assert_eq!((ids.len(), count), (200, 200), "lost or duplicated creates");

    let mut reads = JoinSet::new();
    for i in 0..1000 {
        let client = client.clone();
        let id = ids[i % ids.len()];
        reads.spawn(async move {
            client
                .read::<serde_json::Value>("res.partner", &[id], &["name"], Default::default())
                .await
        });
    }
    let mut ok = 0;
    while let Some(outcome) = reads.join_next().await {
        match outcome {
            Ok(Ok(rows)) if rows.len() == 1 => ok += 1,
            Ok(Ok(rows)) => panic!("a read answered {} rows", rows.len()),
            Ok(Err(e)) => panic!("a read failed: {e}"),
            Err(e) => panic!("a task failed: {e}"),
        }
    }
    assert_eq!(ok, 1000);
    client
        .unlink("res.partner", &ids)
        .await
        .unwrap_or_else(|e| panic!("cleanup: {e}"));
    eprintln!(
        "{} over {}: 200 creates and 1000 reads succeeded",
        client.server_version(),
        client.transport_kind()
    );
}
