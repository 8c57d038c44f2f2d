use odoo_core::OdooModel;

// Checked against odoo16-mini.json and odoo19-mini.json (ODOO_SCHEMA names both):
// `quantity_done` is gone in 19, `quantity` is new in 19.
#[derive(Debug, OdooModel)]
#[odoo(model = "stock.move")]
pub struct Move {
    pub id: i64,
    // Marked: checked against the 16 snapshot only, read as None on 19.
    #[odoo(until = 16)]
    pub quantity_done: Option<f64>,
    // Marked, but not an Option: on 16 it is not read, so it could not be set.
    #[odoo(since = 19)]
    pub quantity: f64,
}

#[derive(Debug, OdooModel)]
#[odoo(model = "stock.move")]
pub struct Wrong {
    pub id: i64,
    // The 16 snapshot lacks it: the mark says otherwise.
    #[odoo(since = 16)]
    pub quantity: Option<f64>,
    // No version would have it.
    #[odoo(since = 19, until = 16)]
    pub picked: Option<bool>,
}

fn main() {}
