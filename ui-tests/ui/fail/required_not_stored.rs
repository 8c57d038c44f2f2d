use odoo_core::OdooModel;

// `product.product.name` is required but not stored (related to the template): it is
// computed when read and can still read as `false`.
#[derive(Debug, OdooModel)]
#[odoo(model = "product.product")]
pub struct Product {
    pub id: i64,
    pub name: String,
}

fn main() {}
