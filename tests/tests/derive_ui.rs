//! Compile-time behaviour of `#[derive(OdooModel)]` and `#[derive(OdooSelection)]`:
//! programs that must compile, and programs that must not, with the exact messages.
//!
//! The derives check against this package's `odoo-schema.json` (an Odoo 19 snapshot),
//! named through `ODOO_SCHEMA` because trybuild compiles the cases in a crate of its own.
//! Refresh the expected `.stderr` files with `TRYBUILD=overwrite` after a deliberate change.

#[test]
fn derive_ui() {
    let schema = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("odoo-schema.json");
    // The cases are compiled by a cargo process that this test starts; it inherits this.
    std::env::set_var("ODOO_SCHEMA", &schema);
    let cases = trybuild::TestCases::new();
    cases.pass("ui/pass/*.rs");
    cases.compile_fail("ui/fail/*.rs");
}
