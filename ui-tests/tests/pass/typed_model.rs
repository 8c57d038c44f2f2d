use odoo_core::types::{DateTime, Many2one, X2many};
use odoo_core::{Domain, Model, OdooModel, OdooSelection, Values};

#[derive(Debug, Clone, PartialEq, Eq, OdooSelection)]
pub enum PartnerType {
    Contact,
    Invoice,
    #[odoo(value = "delivery")]
    Shipping,
    Other,
    #[odoo(other)]
    Unknown(String),
}

#[derive(Debug, OdooModel)]
#[odoo(model = "res.country", schema = "../tests/odoo-schema.json")]
pub struct Country {
    pub id: i64,
    pub code: Option<String>,
}

#[derive(Debug, OdooModel)]
#[odoo(model = "res.partner", schema = "../tests/odoo-schema.json")]
pub struct Partner {
    pub id: i64,
    pub name: Option<String>,
    pub is_company: bool,
    pub parent_id: Option<Many2one<Partner>>,
    pub country_id: Option<Many2one<Country>>,
    pub category_id: X2many,
    #[odoo(rename = "type")]
    pub kind: Option<PartnerType>,
    pub write_date: Option<DateTime>,
    pub color: i64,
    #[odoo(skip)]
    pub note: String,
}

pub fn main() {
    let f = Partner::fields();
    let domain: Domain<Partner> = f.is_company.eq(true)
        & (f.name.ilike("acme") | f.country_id.path(|c| c.code).eq("BE"))
        & !f.kind.eq(PartnerType::Shipping)
        & f.parent_id.child_of([1])
        & f.color.is_in([1, 2, 3])
        & f.write_date.is_set();
    let _ = domain.to_value();
    let _ = f.name.asc().then(f.id.desc());
    let _ = Values::<Partner>::new()
        .set(&f.name, "Acme")
        .set(&f.parent_id, 7)
        .set(&f.kind, PartnerType::Invoice)
        .clear(&f.country_id);
}
