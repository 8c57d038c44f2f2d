//! Runs the integration once against the Odoo named by `ODOO_URL` (with `ODOO_DB`,
//! `ODOO_USER`, and `ODOO_PASSWORD` or `ODOO_API_KEY`) and prints its report as JSON.
//!
//! ```text
//! cargo run -p webshop -- <tag>
//! ```
//!
//! The tag (letters and digits) names this run's products, customer and order; a run with a
//! tag used before finds its records and updates them.

use odoo_core::ClientBuilder;
use webshop::{run, BoxError, Shop};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), BoxError> {
    let tag = std::env::args().nth(1).ok_or("usage: webshop <tag>")?;
    if tag.is_empty() || !tag.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Err("the tag is letters and digits".into());
    }
    let client = ClientBuilder::from_env()?.connect().await?;
    let report = run(&client, &Shop::new(tag)).await?;
    println!("{}", serde_json::to_string_pretty(&report)?);
    Ok(())
}
