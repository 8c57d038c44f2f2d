use odoo_core::types::Binary;
use odoo_core::OdooModel;

// `tax_totals` is declared binary but Odoo cannot export it (it sends a JSON object).
#[derive(Debug, OdooModel)]
#[odoo(model = "sale.order")]
pub struct Order {
    pub id: i64,
    pub name: String,
    pub tax_totals: Option<Binary>,
}

fn main() {}
