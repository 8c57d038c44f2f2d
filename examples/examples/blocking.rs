//! The client in synchronous code: no async runtime of your own, `.wait()` on each call
//! (feature `blocking` of `odoo-core`). Typed models and paging work the same.
//!
//! ```text
//! cargo run -p examples --example blocking
//! ```
//!
//! Runs on the Odoo named by `ODOO_URL` (`Client::from_env`: `ODOO_DB`, `ODOO_USER`,
//! `ODOO_PASSWORD` and/or `ODOO_API_KEY`), or on the embedded emulator when it is not set.

use odoo_core::blocking::Wait;
use odoo_core::{Client, Model, OdooModel, SearchOptions};
use odoo_emulator::{Emulator, OdooVersion};

/// The few fields of a partner this example reads.
#[derive(Debug, Clone, OdooModel)]
#[odoo(model = "res.partner")]
pub struct Partner {
    pub id: i64,
    pub name: Option<String>,
    pub is_company: bool,
}

fn main() -> Result<(), examples::BoxError> {
    // Kept alive while the client talks to it.
    let mut emulator = None;
    let client = if std::env::var("ODOO_URL").is_ok_and(|url| !url.is_empty()) {
        Client::from_env().wait()?
    } else {
        let emu = Emulator::demo(OdooVersion::V19).wait()?;
        println!(
            "ODOO_URL is not set: using the embedded emulator at {}",
            emu.url()
        );
        let client = Client::builder(emu.url())
            .database(emu.database())
            .login("admin")
            .password("admin")
            .connect()
            .wait()?;
        emulator = Some(emu);
        client
    };
    println!(
        "connected to Odoo {} over {}",
        client.server_version(),
        client.transport_kind()
    );

    let companies = client
        .model::<Partner>()
        .search(Partner::fields().is_company.eq(true))
        .limit(5)
        .fetch()
        .wait()?;
    for company in &companies {
        println!(
            "company #{}: {}",
            company.id,
            company.name.as_deref().unwrap_or("?")
        );
    }

    let mut pages = client.model::<Partner>().all().pages(10);
    let mut seen = 0;
    while let Some(page) = pages.next_page().wait()? {
        seen += page.len();
    }
    let count = client
        .search_count("res.partner", serde_json::json!([]), SearchOptions::new())
        .wait()?;
    println!("paged through {seen} of {count} partners");
    drop(emulator);
    Ok(())
}
