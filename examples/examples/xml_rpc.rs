//! The typed tour over XML-RPC (/xmlrpc/2): search, count, create, write, read and delete
//! partners through the generated `ResPartner` model.
//!
//! ```text
//! cargo run -p examples --example xml_rpc
//! ```
//!
//! Runs on the embedded emulator, or on the Odoo named by `ODOO_URL` (with `ODOO_DB`,
//! `ODOO_USER`, `ODOO_PASSWORD` or `ODOO_API_KEY`).

use odoo_core::TransportKind;

#[tokio::main]
async fn main() -> Result<(), examples::BoxError> {
    examples::tour(TransportKind::XmlRpc).await
}
