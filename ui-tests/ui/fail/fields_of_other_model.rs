use odoo_core::OdooModel;

#[derive(Debug, OdooModel)]
#[odoo(model = "res.country")]
pub struct Country {
    pub id: i64,
    pub code: Option<String>,
}

// `fields` must name a struct of the same Odoo model.
#[derive(Debug, OdooModel)]
#[odoo(model = "res.partner", fields = Country)]
pub struct PartnerName {
    pub id: i64,
    pub name: Option<String>,
}

fn main() {}
