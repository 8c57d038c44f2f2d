//! Order to cash on a real Odoo 16, 17, 18 or 19: quotation, confirmation, a partial delivery
//! through the backorder wizard, the invoice through the advance-payment wizard, posting, the
//! payment through the payment wizard; then an order cancelled (through its wizard on 16 to
//! 18) and deleted. The steps are in `examples/src/order_to_cash.rs`.
//!
//! ```text
//! ODOO_URL=http://localhost:8069 ODOO_DB=odoo ODOO_USER=admin ODOO_PASSWORD=admin \
//!     cargo run -p examples --example order_to_cash
//! ```
//!
//! The database needs `sale_management`, `stock` and invoicing (`account`), as the
//! docker-compose file of this repository sets up. It writes real records: run it on a test
//! database.

use odoo_core::TransportKind;

#[tokio::main]
async fn main() -> Result<(), examples::BoxError> {
    if std::env::var("ODOO_URL").map_or(true, |url| url.is_empty()) {
        println!(
            "order_to_cash needs a real Odoo with sales, stock and invoicing: set ODOO_URL, \
             ODOO_DB, ODOO_USER and ODOO_PASSWORD (the embedded emulator does not play the \
             stock and accounting buttons)."
        );
        return Ok(());
    }
    let session = examples::connect(TransportKind::Auto).await?;
    let done = examples::order_to_cash::run(&session.client, |line| println!("  {line}")).await?;
    println!("{done:#?}");
    Ok(())
}
