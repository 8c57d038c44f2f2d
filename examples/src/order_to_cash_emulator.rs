//! The order-to-cash recipe on the embedded emulator: Odoo 16 to 19 on the recorded schema of
//! each version (`generated/fixture-models/schemas/odoo*.json`), with
//! [`Flow::OrderToCash`], which adds the wizard models the snapshots lack and plays the
//! buttons of the flow as the recorded servers answered them.
//!
//! Use it as a template for a test of your own integration: your snapshot, one
//! `.flow(Flow::OrderToCash)` (or `.flows(Flow::ALL)`), and the records your test starts
//! from; `Flow`'s documentation says what the flows play and what they do not.

use odoo_core::schema::Schema;
use odoo_core::{json, Value};
use odoo_emulator::{Emulator, Flow, OdooVersion, User};

use crate::BoxError;

/// The API key of the emulator's `admin` (password `admin`), for JSON-2 on 19.
pub const ADMIN_KEY: &str = "order-to-cash-admin-key";

/// The recorded snapshot of `version`.
fn schema(version: OdooVersion) -> Result<Schema, BoxError> {
    let path = format!(
        "{}/../generated/fixture-models/schemas/odoo{}.json",
        env!("CARGO_MANIFEST_DIR"),
        version.major()
    );
    Ok(Schema::from_json(&std::fs::read_to_string(&path)?)?)
}

/// An emulator playing Odoo `version` with what the recipe needs: the recorded schema, the
/// order-to-cash flow, a customer with a phone (the first delivery asks whether to text
/// it), two storable products and a service.
pub async fn emulator(version: OdooVersion) -> Result<Emulator, BoxError> {
    let goods = if version.major() <= 17 {
        "product"
    } else {
        "consu"
    };
    let product = |id: i64, name: &str, kind: &str, price: f64| -> Value {
        json!({"id": id, "name": name, "sale_ok": true, "type": kind, "list_price": price})
    };
    let emulator = Emulator::builder()
        .version(version)
        .database("order-to-cash")
        .schema(schema(version)?)
        .flow(Flow::OrderToCash)
        .user(User::new("admin", "admin").uid(2).api_key(ADMIN_KEY).admin())
        .record(
            "res.partner",
            json!({"id": 10, "name": "Bluewater Tiles", "is_company": true, "phone": "+32 2 555 01 10"}),
        )
        .records(
            "product.product",
            vec![
                product(5, "Office Chair", goods, 50.0),
                product(6, "Office Lamp", goods, 25.0),
                product(7, "Design Hours", "service", 80.0),
            ],
        )
        .start()
        .await?;
    Ok(emulator)
}
