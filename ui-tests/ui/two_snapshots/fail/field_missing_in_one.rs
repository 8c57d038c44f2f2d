use odoo_core::OdooModel;

// Checked against odoo16-mini.json and odoo19-mini.json (ODOO_SCHEMA names both):
// `quantity_done` is gone in 19, `quantity` is new in 19, `picked` is in neither.
#[derive(Debug, OdooModel)]
#[odoo(model = "stock.move")]
pub struct Move {
    pub id: i64,
    pub quantity_done: f64,
    pub quantity: f64,
    pub picked: bool,
}

fn main() {}
