//! Checks that the server of `ODOO_URL` is a bench lab (`check`, the default), or makes it
//! one (`seed`: creates the 5,000 `Bench Partner NNNNN` partners that are missing; the only
//! benchmark program that writes). See `odoo_benches::lab`.
//!
//! ```text
//! ODOO_URL=... ODOO_DB=... ODOO_USER=... ODOO_PASSWORD=... \
//!     cargo run -p odoo-benches --release --bin lab -- [check|seed]
//! ```

use odoo_benches::lab::{bench_partners, seed, BoxError, Settings, PARTNERS};
use odoo_core::TransportKind;

async fn run() -> Result<(), BoxError> {
    let settings = Settings::from_env()?;
    let client = settings.connect(TransportKind::Auto).await?;
    let version = client.server_version().version.clone();
    match std::env::args().nth(1).as_deref().unwrap_or("check") {
        "check" => {}
        "seed" => {
            let created = seed(&client).await?;
            println!("created {created} partners");
        }
        other => return Err(format!("unknown command `{other}` (check or seed)").into()),
    }
    bench_partners(&client).await?;
    println!(
        "{}: Odoo {version}, a lab with {PARTNERS} bench partners",
        settings.url
    );
    Ok(())
}

#[tokio::main]
async fn main() {
    if let Err(error) = run().await {
        eprintln!("lab: {error}");
        std::process::exit(1);
    }
}
