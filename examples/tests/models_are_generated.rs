//! The example models in `src/models` are exactly what `odoo-codegen generate` makes of
//! `odoo-schema.json` with the settings of `odoo-codegen.toml`, and that snapshot is the
//! merge of the recorded Odoo 16-19 snapshots; after a deliberate change, run
//! `cargo run -p odoo-codegen -- merge ../generated/fixture-models/schemas/odoo1{6,7,8,9}.json -o odoo-schema.json`
//! and `cargo run -p odoo-codegen -- generate` from `examples/`.

use std::path::Path;

#[test]
fn example_models_match_the_snapshot() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let config = odoo_codegen::config::Config::load(&root.join("odoo-codegen.toml"))
        .unwrap_or_else(|e| panic!("odoo-codegen.toml: {e}"));
    let stale = odoo_codegen::Generator::new()
        .snapshot(root.join("odoo-schema.json"))
        .selection(config.selection())
        .field_choice(config.field_choice())
        .out_dir(root.join("src/models"))
        .check()
        .unwrap_or_else(|e| panic!("cannot render the example models: {e}"));
    assert!(stale.is_empty(), "regenerate the example models: {stale:?}");
}

#[test]
fn example_snapshot_is_the_merge_of_the_recorded_versions() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let paths: Vec<_> = ["odoo16", "odoo17", "odoo18", "odoo19"]
        .iter()
        .map(|v| root.join(format!("../generated/fixture-models/schemas/{v}.json")))
        .collect();
    let merged = odoo_codegen::merge_snapshots(&paths).expect("merges");
    let text = std::fs::read_to_string(root.join("odoo-schema.json")).expect("snapshot");
    assert!(
        text == merged.schema.to_json(),
        "odoo-schema.json is not the merge of the four"
    );
}
