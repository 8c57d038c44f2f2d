//! Create, read, update and delete a partner on a real Odoo, over the transport of your choice.
//!
//! ```text
//! ODOO_URL=http://localhost:8069 ODOO_DB=odoo ODOO_USER=admin ODOO_PASSWORD=admin \
//!     cargo run -p examples --example crud -- [auto|json-rpc|xml-rpc|json-2|web-session]
//! ```
//!
//! On Odoo 19, set `ODOO_API_KEY` to use JSON-2.

use odoo_core::types::odoo_option;
use odoo_core::{Client, ReadOptions, SearchOptions, TransportKind};
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
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let var = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
    let Some(url) = var("ODOO_URL") else {
        eprintln!(
            "ODOO_URL is not set: this example talks to a running Odoo.\n\
             Start one with `docker compose up -d` (see docker-compose.yml), then set\n\
             ODOO_URL, ODOO_DB, ODOO_USER and ODOO_PASSWORD (or ODOO_API_KEY)."
        );
        std::process::exit(2);
    };
    let transport: TransportKind = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "auto".into())
        .parse()?;

    let mut builder = Client::builder(url).transport(transport);
    if let Some(db) = var("ODOO_DB") {
        builder = builder.database(db);
    }
    if let Some(user) = var("ODOO_USER") {
        builder = builder.login(user);
    }
    if let Some(password) = var("ODOO_PASSWORD") {
        builder = builder.password(password);
    }
    if let Some(key) = var("ODOO_API_KEY") {
        builder = builder.api_key(key);
    }
    let client = builder.connect().await?;
    println!(
        "connected to Odoo {} over {} as uid {:?}",
        client.server_version(),
        client.transport_kind(),
        client.uid()
    );

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
