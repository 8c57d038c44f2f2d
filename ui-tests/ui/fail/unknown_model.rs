use odoo_core::OdooModel;

#[derive(Debug, OdooModel)]
#[odoo(model = "res.partnr")]
pub struct Partner {
    pub id: i64,
}

fn main() {}
