use odoo_core::{Client, Model, OdooModel};

// Checked against the Odoo 19 snapshot of the tests package (ODOO_SCHEMA).
#[derive(Debug, OdooModel)]
#[odoo(model = "res.partner")]
pub struct Partner {
    pub id: i64,
    pub name: Option<String>,
    pub is_company: bool,
}

/// Reads the name only; filters with the handles of `Partner`.
#[derive(Debug, OdooModel)]
#[odoo(model = "res.partner", fields = Partner)]
pub struct PartnerName {
    pub id: i64,
    pub name: Option<String>,
}

#[derive(Debug, OdooModel)]
#[odoo(model = "res.country")]
pub struct Country {
    pub id: i64,
    pub code: Option<String>,
}

fn search(client: &Client) {
    let partners = client.model::<PartnerName>();
    // A field of the model that the struct does not read: fine.
    let _ = partners.search(Partner::fields().is_company.eq(true));
    // A field of another model: a domain of `Country` is not a domain of `Partner`.
    let _ = partners.search(Country::fields().code.eq("BE"));
}

fn main() {}
