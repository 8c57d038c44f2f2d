//! Order to cash on Odoo 16, 17, 18 or 19: quotation, confirmation, a partial delivery through
//! the backorder wizard, the invoice through the advance-payment wizard, posting, the payment
//! through the payment wizard; then an order cancelled (through its wizard on 16 to 18) and
//! deleted. The steps are in `examples/src/order_to_cash.rs`.
//!
//! ```text
//! cargo run -p examples --example order_to_cash     # on the emulator, as Odoo 16, 17, 18, 19
//! ODOO_URL=http://localhost:8069 ODOO_DB=odoo ODOO_USER=admin ODOO_PASSWORD=admin \
//!     cargo run -p examples --example order_to_cash # on a real Odoo
//! ```
//!
//! On a real Odoo the database needs `sale_management`, `stock` and invoicing (`account`), as
//! the docker-compose file of this repository sets up. It writes real records: use a test
//! database. Without `ODOO_URL` it runs on the embedded emulator with the order-to-cash flow
//! (`examples/src/order_to_cash_emulator.rs`), whose buttons answer as the real versions do.

use odoo_core::{Client, TransportKind};
use odoo_emulator::OdooVersion;

#[tokio::main]
async fn main() -> Result<(), examples::BoxError> {
    if std::env::var("ODOO_URL").is_ok_and(|url| !url.is_empty()) {
        let session = examples::connect(TransportKind::Auto).await?;
        let done =
            examples::order_to_cash::run(&session.client, |line| println!("  {line}")).await?;
        println!("{done:#?}");
        return Ok(());
    }
    println!(
        "ODOO_URL is not set: playing the flow on the embedded emulator, as each version answers"
    );
    for version in [
        OdooVersion::V16,
        OdooVersion::V17,
        OdooVersion::V18,
        OdooVersion::V19,
    ] {
        let emulator = examples::order_to_cash_emulator::emulator(version).await?;
        let client = Client::builder(emulator.url())
            .database(emulator.database())
            .login("admin")
            .password("admin")
            .connect()
            .await?;
        println!("Odoo {} (emulated):", client.server_version());
        let done = examples::order_to_cash::run(&client, |line| println!("  {line}")).await?;
        println!(
            "  => invoice {} of {:.2} {}; delivery wizards {:?}; cancel wizard: {}",
            done.invoice,
            done.amount_total,
            done.payment_state,
            done.delivery_wizards,
            done.cancel_wizard
        );
    }
    Ok(())
}
