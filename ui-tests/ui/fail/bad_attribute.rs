use odoo_core::OdooModel;

#[derive(Debug, OdooModel)]
#[odoo(model = "res.partner", shema = "odoo-schema.json")]
pub struct Partner {
    pub id: i64,
    #[odoo(renam = "name")]
    pub title: Option<String>,
    #[odoo(rename = "bad name")]
    pub email: Option<String>,
}

fn main() {}
