//! Shared pieces of the runnable examples in `examples/`:
//!
//! ```text
//! cargo run -p examples --example quickstart        # codegen + typed CRUD
//! cargo run -p examples --example json_rpc          # one per transport: json_rpc, xml_rpc,
//! cargo run -p examples --example x2many            #   web_session, json2; x2many commands
//! ```
//!
//! Every example talks to the Odoo named by `ODOO_URL` (with `ODOO_DB`, `ODOO_USER`,
//! `ODOO_PASSWORD` and/or `ODOO_API_KEY`), or, when `ODOO_URL` is not set, to the embedded
//! emulator (`odoo_core::testing`) seeded with its demo data.

use odoo_core::testing::{Emulator, OdooVersion};
use odoo_core::{Client, TransportKind};

/// A connected client, and the emulator behind it when no Odoo was configured (kept alive
/// as long as the session).
#[derive(Debug)]
pub struct Session {
    /// The client.
    pub client: Client,
    /// The emulator, when the example runs on it.
    pub emulator: Option<Emulator>,
}

/// The error type of the examples.
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

fn var(key: &str) -> Option<String> {
    std::env::var(key).ok().filter(|value| !value.is_empty())
}

/// Connects over `transport` to `ODOO_URL`, or to a fresh emulator playing Odoo 19 with its
/// demo data when `ODOO_URL` is not set.
pub async fn connect(transport: TransportKind) -> Result<Session, BoxError> {
    let (builder, emulator) = match var("ODOO_URL") {
        Some(url) => {
            let mut builder = Client::builder(url);
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
            (builder, None)
        }
        None => {
            let emulator = Emulator::demo(OdooVersion::V19).await?;
            println!(
                "ODOO_URL is not set: using the embedded emulator (Odoo 19 demo data) at {}",
                emulator.url()
            );
            let builder = Client::builder(emulator.url())
                .database(emulator.database())
                .login("admin");
            let builder = if transport == TransportKind::Json2 {
                builder.api_key(Emulator::DEMO_ADMIN_KEY)
            } else {
                builder.password("admin")
            };
            (builder, Some(emulator))
        }
    };
    let client = builder.transport(transport).connect().await?;
    println!(
        "connected to Odoo {} over {} as uid {:?}",
        client.server_version(),
        client.transport_kind(),
        client.uid()
    );
    Ok(Session { client, emulator })
}
