use odoo_core::OdooModel;

#[derive(Debug, OdooModel)]
#[odoo(model = "sale.order", methods(action_confirm, action_confrim, copy))]
pub struct Order {
    pub id: i64,
}

fn main() {}
