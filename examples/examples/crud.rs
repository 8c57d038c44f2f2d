//! Create, read, update and delete a partner with the untyped calls (JSON values and your own
//! serde structs), over the transport of your choice.
//!
//! ```text
//! cargo run -p examples --example crud -- [auto|json-rpc|xml-rpc|json-2|web-session]
//! ```
//!
//! Runs on the embedded emulator, or on the Odoo named by `ODOO_URL` (with `ODOO_DB`,
//! `ODOO_USER`, `ODOO_PASSWORD`; on Odoo 19 set `ODOO_API_KEY` to use JSON-2).

use odoo_core::types::odoo_option;
use odoo_core::{ReadOptions, SearchOptions, TransportKind};
use serde::Deserialize;
use serde_json::json;

#[derive(Debug, Deserialize)]
struct Partner {
    id: i64,
    name: String,
    #[serde(with = "odoo_option", default)]
    email: Option<String>,
    #[serde(with = "odoo_option", default)]
    phone: Option<String>,
}

#[tokio::main]
async fn main() -> Result<(), examples::BoxError> {
    let transport: TransportKind = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "auto".into())
        .parse()?;
    let session = examples::connect(transport).await?;
    let client = &session.client;

    let id = client
        .create(
            "res.partner",
            json!({"name": "odoo-rs example", "email": "example@odoo-rs.dev"}),
        )
        .await?;
    println!("created res.partner {id}");

    client
        .write(
            "res.partner",
            &[id],
            json!({"phone": "+1 555 0100", "email": false}),
        )
        .await?;
    let partners: Vec<Partner> = client
        .read(
            "res.partner",
            &[id],
            &["name", "email", "phone"],
            ReadOptions::new(),
        )
        .await?;
    println!("after write: {partners:?}");

    let companies: Vec<Partner> = client
        .search_read(
            "res.partner",
            json!([["is_company", "=", true]]),
            &["name", "email", "phone"],
            SearchOptions::new().limit(3).order("name"),
        )
        .await?;
    for company in &companies {
        println!(
            "company {:>4}: {} <{}> {}",
            company.id,
            company.name,
            company.email.as_deref().unwrap_or("-"),
            company.phone.as_deref().unwrap_or("-")
        );
    }

    client.unlink("res.partner", &[id]).await?;
    println!("deleted res.partner {id}");
    Ok(())
}
