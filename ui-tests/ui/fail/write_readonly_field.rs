use odoo_core::types::Many2one;
use odoo_core::{Model, OdooModel, Values};

// `display_name` is read-only in the snapshot (computed, not stored): its handle is a
// `Field<_, _, ReadOnly>`, and so is any dotted path.
#[derive(Debug, OdooModel)]
#[odoo(model = "res.partner")]
pub struct Partner {
    pub id: i64,
    pub name: Option<String>,
    pub display_name: Option<String>,
    pub parent_id: Option<Many2one<Partner>>,
}

fn main() {
    let f = Partner::fields();
    let _ = Values::<Partner>::new().set(&f.display_name, "Acme");
    let _ = Values::<Partner>::new().clear(&f.parent_id.path(|p| p.name));
}
