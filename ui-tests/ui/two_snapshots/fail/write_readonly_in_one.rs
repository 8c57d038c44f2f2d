use odoo_core::{Model, OdooModel, Values};

// `reference` is computed without an inverse in 19 only: read-only in any, read-only.
#[derive(Debug, OdooModel)]
#[odoo(model = "stock.move")]
pub struct Move {
    pub id: i64,
    pub reference: Option<String>,
}

fn main() {
    let f = Move::fields();
    let _ = Values::<Move>::new().set(&f.reference, "WH/OUT/0001");
}
