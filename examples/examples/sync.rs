//! Keeping a shop in step with Odoo: a CSV of products imported by external ID, then an
//! export of what changed since the last run, with the cursor kept in a file.
//!
//! ```text
//! cargo run -p examples --example sync
//! ```
//!
//! Runs on the Odoo named by `ODOO_URL` (`ODOO_DB`, `ODOO_USER`, `ODOO_PASSWORD` or
//! `ODOO_API_KEY`), or on the embedded emulator when it is not set. The cursor is written to the
//! system's temporary folder. The products it imports keep their external IDs
//! (`odoo_rs_example.*`): a second run updates them instead of creating others.

use std::time::Duration;

use odoo_core::{ChangeCursor, TransportKind};
use serde_json::Value;

/// What a shop exports: the external ID, then the fields.
const CSV: &str = "\
id,name,default_code
odoo_rs_example.desk,Standing desk,EX-DESK-01
odoo_rs_example.chair,Office chair,EX-CHAIR-01
odoo_rs_example.lamp,Desk lamp,EX-LAMP-01";

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), examples::BoxError> {
    let session = examples::connect(TransportKind::Auto).await?;
    let client = &session.client;
    let cursor_file = std::env::temp_dir().join("odoo-rs-example-sync-cursor.json");
    let _ = std::fs::remove_file(&cursor_file);
    // Writes stamped less than this long ago wait for the next run (5 s by default): every
    // transaction that writes products is expected to be shorter.
    let settle = Duration::from_secs(1);

    // The first export: every product, and a cursor.
    let mut changes = client
        .changes("product.product", &ChangeCursor::default())
        .settle(settle);
    let mut before = 0;
    while let Some(page) = changes.next_page::<Value>().await? {
        before += page.len();
    }
    let cursor = changes.cursor().ok_or("the export stopped early")?;
    std::fs::write(&cursor_file, serde_json::to_string(&cursor)?)?;
    println!("first export: {before} products");

    // Recipe: sync a CSV into products by external ID.
    let mut lines = CSV.lines();
    let header: Vec<&str> = lines.next().ok_or("an empty CSV")?.split(',').collect();
    let report = client
        .load("product.product", &header)
        .rows(lines.map(|line| line.split(',')))
        .run()
        .await?;
    for error in &report.errors {
        eprintln!("refused: {error}");
    }
    println!("imported {} of 3 products", report.written());
    tokio::time::sleep(settle + Duration::from_millis(1100)).await;

    // Recipe: export what changed since the last run.
    let text = std::fs::read_to_string(&cursor_file)?;
    let cursor: ChangeCursor = serde_json::from_str(&text)?;
    let mut changes = client
        .changes("product.product", &cursor)
        .fields(&["default_code", "name"])
        .settle(settle);
    let mut changed = Vec::new();
    while let Some(page) = changes.next_page::<Value>().await? {
        changed.extend(page);
    }
    let next = changes.cursor().ok_or("the export stopped early")?;
    std::fs::write(&cursor_file, serde_json::to_string(&next)?)?;

    for product in &changed {
        println!("changed: {} {}", product["default_code"], product["name"]);
    }
    let codes: Vec<&str> = changed
        .iter()
        .filter_map(|p| p["default_code"].as_str())
        .collect();
    for code in ["EX-DESK-01", "EX-CHAIR-01", "EX-LAMP-01"] {
        if !codes.contains(&code) {
            return Err(format!("{code} was imported but not exported as changed").into());
        }
    }
    let ids = client.external_ids();
    let desk = ids.resolve("odoo_rs_example.desk").await?;
    println!("odoo_rs_example.desk is {}({})", desk.model, desk.id);
    Ok(())
}
