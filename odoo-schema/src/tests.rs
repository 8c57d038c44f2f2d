use std::path::PathBuf;

use serde_json::{json, Value};

use super::*;

fn fixtures() -> Option<PathBuf> {
    let dir = std::env::var_os("ODOO_FIXTURES").map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/fixtures"),
        PathBuf::from,
    );
    if dir.is_dir() {
        return Some(dir);
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "recorded fixtures not found at {} (set ODOO_FIXTURES)",
        dir.display()
    );
    eprintln!("skipped: recorded fixtures not found at {}", dir.display());
    None
}

fn load(dir: &std::path::Path, file: &str) -> Value {
    let text = std::fs::read_to_string(dir.join(file)).expect("fixture file readable");
    serde_json::from_str(&text).expect("fixture file is JSON")
}

#[test]
fn every_fixture_version_builds_a_snapshot_that_round_trips() {
    let Some(dir) = fixtures() else { return };
    for version in ["odoo16", "odoo17", "odoo18", "odoo19"] {
        let fields_get = load(&dir.join(version), "fields_get.json");
        let ir_model = load(&dir.join(version), "ir_model.json");
        let schema = Schema::from_fields_get(Some(version.into()), &fields_get, Some(&ir_model))
            .expect("snapshot builds");
        assert_eq!(schema.models.len(), 22, "{version}");
        let partner = schema.model("res.partner").expect("res.partner");
        assert_eq!(partner.description.as_deref(), Some("Contact"), "{version}");
        assert!(partner.modules.contains(&"base".to_owned()), "{version}");
        let parent = partner.field("parent_id").expect("parent_id");
        assert_eq!(parent.field_type, FieldType::Many2one);
        assert_eq!(parent.relation.as_deref(), Some("res.partner"));
        let kind = partner.field("type").expect("type");
        let keys: Vec<String> = kind
            .selection
            .iter()
            .flatten()
            .map(|option| option.key.to_string())
            .collect();
        assert!(keys.contains(&"contact".to_owned()), "{version}: {keys:?}");
        // Every field of fields_get is kept, with its type.
        for (model, fields) in fields_get.as_object().expect("object") {
            for (name, attributes) in fields.as_object().expect("object") {
                let field = &schema.models[model].fields[name];
                assert_eq!(
                    field.field_type.as_str(),
                    attributes["type"],
                    "{model}.{name}"
                );
                assert_eq!(field.required, attributes["required"] == true);
            }
        }
        // Text is stable and reads back to the same value.
        let text = schema.to_json();
        assert!(text.ends_with("}\n"));
        let back = Schema::from_json(&text).expect("reads back");
        assert_eq!(back, schema);
        assert_eq!(back.to_json(), text);
    }
}

#[test]
fn fields_get_written_from_a_snapshot_reads_back_to_it() {
    let Some(dir) = fixtures() else { return };
    for (version, major) in [
        ("odoo16", 16),
        ("odoo17", 17),
        ("odoo18", 18),
        ("odoo19", 19),
    ] {
        let recorded = load(&dir.join(version), "fields_get.json");
        let ir_model = load(&dir.join(version), "ir_model.json");
        let schema =
            Schema::from_fields_get(Some(format!("{major}.0")), &recorded, Some(&ir_model))
                .expect("snapshot builds");
        assert_eq!(schema.server_major(), Some(major));
        let written = schema.to_fields_get();
        let back =
            Schema::from_fields_get(schema.server_version.clone(), &written, Some(&ir_model))
                .expect("written fields_get reads");
        assert_eq!(back, schema, "{version}");
        // Every attribute written is spelled and valued as the recorded server wrote it.
        let mut aggregates = 0;
        for (model, fields) in written.as_object().expect("object") {
            for (name, attributes) in fields.as_object().expect("object") {
                let original = &recorded[model][name];
                for (key, value) in attributes.as_object().expect("object") {
                    if let Some(recorded_value) = original.get(key) {
                        // Some flags are recorded as `1` (a Python int), and `related` may be
                        // a list of names: compared where the kinds agree.
                        let same_kind =
                            std::mem::discriminant(value) == std::mem::discriminant(recorded_value);
                        if same_kind {
                            assert_eq!(value, recorded_value, "{version} {model}.{name} {key}");
                        }
                    } else {
                        assert!(
                            !matches!(key.as_str(), "aggregator" | "group_operator"),
                            "{version} {model}.{name}: {key} is not {version}'s spelling"
                        );
                    }
                    aggregates +=
                        usize::from(matches!(key.as_str(), "aggregator" | "group_operator"));
                }
            }
        }
        assert!(aggregates > 50, "{version}: {aggregates}");
    }
}

#[test]
fn server_major_reads_release_and_saas_versions() {
    let major = |version: Option<&str>| Schema::new(version.map(str::to_owned)).server_major();
    assert_eq!(major(Some("17.0")), Some(17));
    assert_eq!(major(Some("saas~17.2")), Some(17));
    assert_eq!(major(Some("19.0+e")), Some(19));
    assert_eq!(major(Some("master")), None);
    assert_eq!(major(None), None);
}

#[test]
fn group_operator_of_older_versions_reads_as_aggregator() {
    let old = FieldSchema::from_fields_get(&json!({"type": "float", "group_operator": "sum"}))
        .expect("field");
    let new = FieldSchema::from_fields_get(&json!({"type": "float", "aggregator": "sum"}))
        .expect("field");
    assert_eq!(old.aggregator.as_deref(), Some("sum"));
    assert_eq!(old, new);
}

#[test]
fn unknown_types_and_integer_selection_keys_survive() {
    let field = FieldSchema::from_fields_get(&json!({
        "type": "geo_point",
        "selection": [[1, "One"], ["two", false]],
    }))
    .expect("field");
    assert_eq!(field.field_type, FieldType::Other("geo_point".into()));
    let options = field.selection.as_ref().expect("selection");
    assert_eq!(options[0].key, SelectionKey::Int(1));
    assert_eq!(options[1].label, "");
    let text = serde_json::to_string(&field).expect("serializes");
    assert_eq!(
        text,
        r#"{"type":"geo_point","selection":[[1,"One"],["two",""]]}"#
    );
}

#[test]
fn bad_files_give_errors_not_panics() {
    assert!(Schema::from_json("").is_err());
    assert!(Schema::from_json("[]").is_err());
    let newer = Schema::from_json(r#"{"format": 99, "models": {}}"#).expect_err("newer format");
    assert!(newer.to_string().contains("format 99"), "{newer}");
    let unknown = Schema::from_json(r#"{"format": 1, "modles": {}}"#).expect_err("typo");
    assert!(unknown.to_string().contains("modles"), "{unknown}");
    assert!(FieldSchema::from_fields_get(&json!({"string": "x"})).is_err());
    assert!(Schema::from_fields_get(None, &json!([]), None).is_err());
}

#[test]
fn did_you_mean_finds_close_names_only() {
    let names = ["name", "email", "parent_id", "phone"];
    assert_eq!(did_you_mean("emial", names), Some("email"));
    assert_eq!(did_you_mean("parentid", names), Some("parent_id"));
    assert_eq!(did_you_mean("zzzzzz", names), None);
    assert_eq!(edit_distance("kitten", "sitting"), 3);
}
