//! The typed model the benchmarks decode into, checked at compile time against the Odoo 19
//! snapshot of the tests package.

use odoo_core::types::{DateTime, Many2one, X2many};
use odoo_core::OdooModel;

/// `res.country`, the target of `country_id`.
#[derive(Debug, Clone, PartialEq, OdooModel)]
#[odoo(model = "res.country", schema = "../tests/odoo-schema.json")]
pub struct Country {
    /// The id.
    pub id: i64,
    /// The name.
    pub name: String,
}

/// `res.partner.category`, the target of `category_id`.
#[derive(Debug, Clone, PartialEq, OdooModel)]
#[odoo(model = "res.partner.category", schema = "../tests/odoo-schema.json")]
pub struct Category {
    /// The id.
    pub id: i64,
    /// The name.
    pub name: String,
}

/// The eleven fields of the benchmark's `search_read` (plus the id).
#[derive(Debug, Clone, PartialEq, OdooModel)]
#[odoo(model = "res.partner", schema = "../tests/odoo-schema.json")]
pub struct Partner {
    /// The id.
    pub id: i64,
    /// The name (`false` for some contacts in real data).
    pub name: Option<String>,
    /// The email.
    pub email: Option<String>,
    /// The phone.
    pub phone: Option<String>,
    /// The street.
    pub street: Option<String>,
    /// The city.
    pub city: Option<String>,
    /// The country.
    pub country_id: Option<Many2one<Country>>,
    /// The company the contact belongs to.
    pub parent_id: Option<Many2one<Partner>>,
    /// The tags.
    pub category_id: X2many<Category>,
    /// A company, or a person.
    pub is_company: bool,
    /// When the record was created (naive UTC).
    pub create_date: Option<DateTime>,
    /// When the record was last written (naive UTC).
    pub write_date: Option<DateTime>,
}
