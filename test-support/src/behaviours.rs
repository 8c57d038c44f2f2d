//! The recorded behaviours of real Odoo 16-19 (`<fixtures>/odooNN/behaviours/`) and the
//! recorded database's schema, for the tests that play them against the emulator.

use std::path::Path;

use odoo_core::schema::Schema;
use serde_json::Value;

use super::transcript::Transcript;

/// The recorded exchange `behaviour_<name>.json` of Odoo `major`, when it was recorded.
pub fn behaviour(root: &Path, major: u32, name: &str) -> Option<Transcript> {
    let path = root
        .join(format!("odoo{major}"))
        .join("behaviours")
        .join(format!("behaviour_{name}.json"));
    path.exists()
        .then(|| Transcript::from_file(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display())))
}

/// The schema of the recorded database of Odoo `major`: its admin's `fields_get` of every
/// model, with `ir.model`'s descriptions.
pub fn recorded_schema(root: &Path, major: u32) -> Schema {
    let dir = root.join(format!("odoo{major}"));
    let read = |name: &str| -> Value {
        let text = std::fs::read_to_string(dir.join(name))
            .unwrap_or_else(|e| panic!("cannot read {name} of odoo{major}: {e}"));
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name} of odoo{major}: {e}"))
    };
    Schema::from_fields_get(
        Some(format!("{major}.0")),
        &read("fields_get.json"),
        Some(&read("ir_model.json")),
    )
    .unwrap_or_else(|e| panic!("schema of odoo{major}: {e}"))
}

/// The `ir.model` row of `model` in the recording of Odoo `major`, when it has one.
pub fn ir_model_row(root: &Path, major: u32, model: &str) -> Option<Value> {
    let path = root.join(format!("odoo{major}")).join("ir_model.json");
    let text = std::fs::read_to_string(path).ok()?;
    let rows: Value = serde_json::from_str(&text).ok()?;
    rows.as_array()?
        .iter()
        .find(|r| r["model"] == model)
        .cloned()
}
