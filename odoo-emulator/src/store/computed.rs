//! What Odoo computes for a new record's fields from its other values, when `create` is not
//! given them: a transfer's locations and name from its picking type, a move's from its
//! transfer and product, an order's warehouse, a line's price from its product's list price,
//! the dates of quants, invoices and payments.

use serde_json::{json, Map, Value};

use super::Store;

impl Store {
    /// What Odoo computes for a field of these models from the record's other values.
    pub(super) fn computed_default(
        &self,
        model: &str,
        name: &str,
        vals: &Map<String, Value>,
        id: i64,
        now: &str,
    ) -> Option<Value> {
        let given = |field: &str| vals.get(field).and_then(Value::as_i64);
        let seconds = || json!(now[..now.len().min(19)]);
        match (model, name) {
            ("sale.order", "name") => Some(json!(format!("S{id:05}"))),
            ("sale.order", "warehouse_id") => self.first_id("stock.warehouse").map(|w| json!(w)),
            ("sale.order.line", "name") => Some(json!(
                self.display_name("product.product", given("product_id")?)
            )),
            ("sale.order.line", "price_unit") => {
                let product = given("product_id")?;
                ["lst_price", "list_price"]
                    .iter()
                    .map(|f| self.stored_value("product.product", product, f))
                    .find(Value::is_number)
            }
            ("stock.picking", "location_id" | "location_dest_id") => {
                let source = if name == "location_id" {
                    "default_location_src_id"
                } else {
                    "default_location_dest_id"
                };
                self.target(self.stored_value(
                    "stock.picking.type",
                    given("picking_type_id")?,
                    source,
                ))
            }
            ("stock.picking", "name") => Some(json!(picking_name(self, given("picking_type_id")))),
            ("stock.picking", "scheduled_date") | ("stock.move", "date") => Some(seconds()),
            ("stock.move", "location_id" | "location_dest_id" | "picking_type_id") => {
                self.target(self.stored_value("stock.picking", given("picking_id")?, name))
            }
            ("stock.move", "name") => Some(json!(
                self.display_name("product.product", given("product_id")?)
            )),
            ("stock.move", "product_uom") => {
                let product = given("product_id")?;
                let template = self.stored_value("product.product", product, "product_tmpl_id");
                self.target(self.stored_value("product.product", product, "uom_id"))
                    .or_else(|| {
                        self.target(self.stored_value(
                            "product.template",
                            template.as_i64()?,
                            "uom_id",
                        ))
                    })
                    .or_else(|| self.first_id("uom.uom").map(|u| json!(u)))
            }
            ("stock.quant", "in_date") => Some(seconds()),
            ("account.payment.register", "payment_date") => Some(json!(now[..now.len().min(10)])),
            ("account.move", "date") => Some(json!(now[..now.len().min(10)])),
            _ => None,
        }
    }

    /// A many2one value's target, as a value (`None` when empty).
    fn target(&self, value: Value) -> Option<Value> {
        value.as_i64().map(|id| json!(id))
    }

    /// The lowest id of a model's records, when the schema has it.
    fn first_id(&self, model: &str) -> Option<i64> {
        self.schema.model(model)?;
        self.ids(model).first().copied()
    }
}

/// The name of a new transfer of `picking_type`: `<warehouse code>/<sequence code>/<00001>`,
/// numbered after the type's transfers, as the type's sequence makes it; `/` without a type.
pub(crate) fn picking_name(store: &Store, picking_type: Option<i64>) -> String {
    let Some(picking_type) = picking_type.filter(|&t| store.exists("stock.picking.type", t)) else {
        return "/".to_owned();
    };
    let code = store.stored_value("stock.picking.type", picking_type, "sequence_code");
    let code = code.as_str().unwrap_or("TR");
    let warehouse = store.stored_value("stock.picking.type", picking_type, "warehouse_id");
    let prefix = match warehouse
        .as_i64()
        .map(|w| store.stored_value("stock.warehouse", w, "code"))
    {
        Some(Value::String(wh)) => format!("{wh}/{code}/"),
        _ => format!("{code}/"),
    };
    let taken = store
        .ids("stock.picking")
        .into_iter()
        .filter_map(|p| {
            let name = store.stored_value("stock.picking", p, "name");
            name.as_str()?.strip_prefix(&prefix)?.parse::<u32>().ok()
        })
        .max()
        .unwrap_or(0);
    format!("{prefix}{:05}", taken + 1)
}
