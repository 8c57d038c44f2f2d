//! Runs the integration once against the Odoo named by `ODOO_URL` (with `ODOO_DB`,
//! `ODOO_USER`, and `ODOO_PASSWORD` or `ODOO_API_KEY`) and prints its report as JSON.
//!
//! ```text
//! cargo run -p webshop -- <tag> [--record FILE]
//! ```
//!
//! The tag (letters and digits) names this run's products, customer and order; a run with a
//! tag used before finds its records and updates them. `--record FILE` appends the run's
//! exchanges with the server to FILE (`ClientBuilder::record_to`), for a replay.

use odoo_core::ClientBuilder;
use webshop::{run, BoxError, Shop};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), BoxError> {
    let usage = "usage: webshop <tag> [--record FILE]";
    let mut args = std::env::args().skip(1);
    let tag = args.next().ok_or(usage)?;
    if tag.is_empty() || !tag.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Err("the tag is letters and digits".into());
    }
    let mut builder = ClientBuilder::from_env()?;
    match (args.next().as_deref(), args.next(), args.next()) {
        (None, ..) => {}
        (Some("--record"), Some(file), None) => builder = builder.record_to(file),
        _ => return Err(usage.into()),
    }
    let client = builder.connect().await?;
    let report = run(&client, &Shop::new(tag)).await?;
    println!("{}", serde_json::to_string_pretty(&report)?);
    Ok(())
}
