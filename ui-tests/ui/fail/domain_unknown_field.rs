use odoo_core::{Model, OdooModel};

#[derive(Debug, OdooModel)]
#[odoo(model = "res.partner")]
pub struct Partner {
    pub id: i64,
    pub is_company: bool,
}

fn main() {
    let f = Partner::fields();
    let _ = f.email.ilike("@example.com");
}
