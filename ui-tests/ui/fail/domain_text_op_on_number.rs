use odoo_core::{Model, OdooModel};

#[derive(Debug, OdooModel)]
#[odoo(model = "res.partner")]
pub struct Partner {
    pub id: i64,
    pub color: i64,
}

fn main() {
    let f = Partner::fields();
    let _ = f.color.ilike("3");
}
