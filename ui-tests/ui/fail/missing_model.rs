use odoo_core::OdooModel;

#[derive(Debug, OdooModel)]
pub struct Partner {
    pub id: i64,
}

fn main() {}
