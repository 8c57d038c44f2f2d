use odoo_core::types::Many2one;
use odoo_core::{Model, OdooModel, Values};

// Checked against odoo16-mini.json and odoo19-mini.json (the attribute names both): the
// fields both versions have, with types that fit both.
#[derive(Debug, OdooModel)]
#[odoo(
    model = "product.product",
    schema = ["ui/snapshots/odoo16-mini.json", "ui/snapshots/odoo19-mini.json"]
)]
pub struct Product {
    pub id: i64,
    pub name: Option<String>,
    pub default_code: Option<String>,
}

#[derive(Debug, OdooModel)]
#[odoo(
    model = "stock.move",
    schema = ["ui/snapshots/odoo16-mini.json", "ui/snapshots/odoo19-mini.json"]
)]
pub struct Move {
    pub id: i64,
    pub name: String,
    pub product_id: Many2one<Product>,
    pub product_uom_qty: f64,
    pub reference: Option<String>,
    pub display_name: Option<String>,
}

#[derive(Debug, OdooModel)]
#[odoo(
    model = "sale.order",
    schema = ["ui/snapshots/odoo16-mini.json", "ui/snapshots/odoo19-mini.json"]
)]
pub struct Order {
    pub id: i64,
    pub name: String,
    pub tax_totals: odoo_core::Value,
}

pub fn main() {
    let f = Move::fields();
    let values = Values::<Move>::new()
        .set(&f.name, "Move")
        .set(&f.product_id, 3)
        .set(&f.product_uom_qty, 2.0)
        .set_readonly(&f.reference, "WH/OUT/0001");
    assert_eq!(values.len(), 4);
    let readonly: Vec<&str> = Move::FIELDS
        .iter()
        .filter(|field| field.readonly)
        .map(|field| field.name)
        .collect();
    assert_eq!(readonly, ["id", "reference", "display_name"]);
    assert_eq!(Order::field_names(), ["name", "tax_totals"]);
}
