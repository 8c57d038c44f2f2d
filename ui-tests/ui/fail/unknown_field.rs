use odoo_core::OdooModel;

#[derive(Debug, OdooModel)]
#[odoo(model = "res.partner")]
pub struct Partner {
    pub id: i64,
    pub emial: Option<String>,
}

fn main() {}
