use odoo_core::types::Many2one;
use odoo_core::OdooModel;

#[derive(Debug, OdooModel)]
#[odoo(model = "res.country")]
pub struct Country {
    pub id: i64,
}

#[derive(Debug, OdooModel)]
#[odoo(model = "res.partner")]
pub struct Partner {
    pub id: i64,
    pub parent_id: Option<Many2one<Country>>,
}

fn main() {}
