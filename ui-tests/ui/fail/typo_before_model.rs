use odoo_core::{Model, OdooModel};

#[derive(Debug, OdooModel)]
#[odoo(shema = "odoo-schema.json", model = "res.partner")]
pub struct Partner {
    pub id: i64,
    pub name: Option<String>,
}

fn main() {
    // The struct is usable despite the typo: one mistake, one error.
    let _ = Partner::fields().name.eq("x");
}
