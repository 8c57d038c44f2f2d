use odoo_core::{Model, OdooModel, Values};

#[derive(Debug, OdooModel)]
#[odoo(model = "res.partner")]
pub struct Partner {
    pub id: i64,
    pub name: Option<String>,
}

fn main() {
    let f = Partner::fields();
    let _ = Values::<Partner>::new().set(&f.name, 42);
}
