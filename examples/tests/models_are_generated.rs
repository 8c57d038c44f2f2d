//! The example models in `src/models` are exactly what `odoo-codegen generate` makes of
//! `odoo-schema.json`; after a deliberate change, run
//! `cargo run -p odoo-codegen -- generate --snapshot odoo-schema.json --out-dir src/models`
//! from `examples/`.

#[test]
fn example_models_match_the_snapshot() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let stale = odoo_codegen::Generator::new()
        .snapshot(root.join("odoo-schema.json"))
        .out_dir(root.join("src/models"))
        .check()
        .unwrap_or_else(|e| panic!("cannot render the example models: {e}"));
    assert!(stale.is_empty(), "regenerate the example models: {stale:?}");
}
