use odoo_core::types::Many2one;
use odoo_core::OdooModel;

#[derive(Debug, OdooModel)]
#[odoo(model = "res.partner")]
pub struct Partner {
    pub id: i64,
    pub is_company: String,
    pub email: String,
    pub parent_id: Option<i64>,
    pub category_id: Option<Many2one>,
}

fn main() {}
