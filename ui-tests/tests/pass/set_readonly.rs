use odoo_core::model::ReadOnly;
use odoo_core::types::Many2one;
use odoo_core::{Domain, Field, Model, OdooModel, Values};

#[derive(Debug, OdooModel)]
#[odoo(model = "res.partner", schema = "../tests/odoo-schema.json")]
pub struct Partner {
    pub id: i64,
    pub name: Option<String>,
    // Read-only in the snapshot (computed, not stored).
    pub display_name: Option<String>,
    // Writable in the snapshot, read-only by choice.
    #[odoo(readonly)]
    pub comment: Option<String>,
    pub parent_id: Option<Many2one<Partner>>,
}

pub fn main() {
    let f = Partner::fields();
    let display_name: &Field<Partner, Option<String>, ReadOnly> = &f.display_name;
    // Domains and orders take read-only handles, paths included.
    let domain: Domain<Partner> =
        display_name.ilike("acme") & f.parent_id.path(|p| p.display_name).eq("Acme");
    let _ = domain.to_value();
    let _ = f.display_name.asc().then(f.comment.desc());
    // The escape hatch sends them anyway.
    let values = Values::<Partner>::new()
        .set(&f.name, "Acme")
        .set_readonly(&f.display_name, "Acme (forced)")
        .set_readonly(&f.comment, "<p>note</p>")
        .set_readonly(&f.parent_id.path(|p| p.name), "Parent");
    assert_eq!(values.len(), 4);
    assert_eq!(values.get("parent_id.name"), Some(&"Parent".into()));
    let readonly: Vec<&str> = Partner::FIELDS
        .iter()
        .filter(|field| field.readonly)
        .map(|field| field.name)
        .collect();
    // `id` is filled in by Odoo: read-only whatever the snapshot says.
    assert_eq!(readonly, ["id", "display_name", "comment"]);
}
