//! Documents: a sale order's report saved as a PDF file, and its HTML.
//!
//! ```text
//! cargo run -p examples --example documents
//! ```
//!
//! Runs on the Odoo named by `ODOO_URL` (`ODOO_DB`, `ODOO_USER` and `ODOO_PASSWORD`: Odoo
//! renders reports only for a web session, whose login takes a password), or on the embedded
//! emulator when it is not set. The PDF is written to the system's temporary folder.

use odoo_core::{SearchOptions, TransportKind};
use serde_json::{json, Value};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), examples::BoxError> {
    let session = examples::connect(TransportKind::Auto).await?;
    let client = &session.client;
    let orders: Vec<Value> = client
        .search_read(
            "sale.order",
            json!([]),
            &["name"],
            SearchOptions::new().limit(1),
        )
        .await?;
    let Some(order) = orders.first().and_then(|o| o["id"].as_i64()) else {
        return Err("no sale order to print".into());
    };

    // The report of a record, saved to a file.
    let pdf = client
        .report("sale.report_saleorder", &[order])
        .pdf()
        .await?;
    let path = std::env::temp_dir().join(pdf.filename.as_deref().unwrap_or("order.pdf"));
    pdf.save(&path)?;
    println!(
        "saved {} ({} bytes of {})",
        path.display(),
        pdf.bytes.len(),
        pdf.content_type
    );

    let html = client
        .report("sale.report_saleorder", &[order])
        .html()
        .await?;
    let name = orders[0]["name"].as_str().unwrap_or_default();
    let named = html.text().is_some_and(|text| text.contains(name));
    println!(
        "the HTML ({} bytes) names {name}: {named}",
        html.bytes.len()
    );
    if !pdf.bytes.starts_with(b"%PDF-") || !named {
        return Err("the report is not what was asked".into());
    }
    Ok(())
}
