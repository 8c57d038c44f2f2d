use std::path::PathBuf;

use std::collections::BTreeMap;

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

/// The body of the recorded `/doc-bearer/res.partner.json` answer of Odoo 19.
fn res_partner_doc_page(dir: &std::path::Path) -> String {
    let transcript = load(
        &dir.join("odoo19"),
        "transcripts/doc_bearer_res_partner.json",
    );
    transcript["response"]["body"]
        .as_str()
        .expect("response body text")
        .to_owned()
}

#[test]
fn api_documentation_pages_read_into_methods_in_signature_order() {
    let Some(dir) = fixtures() else { return };
    let page = api_doc::ApiDocPage::from_json(&res_partner_doc_page(&dir)).expect("page reads");
    assert_eq!(page.model.as_deref(), Some("res.partner"));
    assert_eq!(page.methods.len(), 99);
    let post = &page.methods["message_post"];
    assert!(!post.is_model_method());
    let names: Vec<&str> = post.parameters.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names[..3], ["body", "subject", "message_type"]);
    assert_eq!(post.parameters[0].kind, ParameterKind::KeywordOnly);
    assert_eq!(post.parameters[0].default, Some(json!("")));
    assert_eq!(post.parameters[0].annotation.as_deref(), Some("str|Markup"));
    assert_eq!(
        post.parameters[1].default,
        Some(Value::Null),
        "None is a default"
    );
    assert!(post.takes_var_keyword());
    assert_eq!(
        post.argument_names(),
        ["ids"],
        "keyword-only: no positional name"
    );
    assert_eq!(post.defined_in.as_deref(), Some("mail.thread"));

    let search = &page.methods["search_read"];
    assert!(search.is_model_method());
    assert_eq!(
        search.argument_names(),
        ["domain", "fields", "offset", "limit", "order"]
    );
    let find = &page.methods["find_or_create"];
    assert!(find.parameters[0].is_required() && !find.parameters[1].is_required());
    assert_eq!(
        page.methods["copy"].signature(),
        "(default=None) -> list[int]"
    );
    assert_eq!(
        page.methods["name_search"].signature(),
        "(name='', domain=None, operator='ilike', limit=100) -> list[tuple[int, str]]"
    );
    // A docstring's `:type:` fills in a missing annotation.
    let view = page.methods["get_view"]
        .parameter("view_id")
        .expect("view_id");
    assert_eq!(view.annotation.as_deref(), Some("int or None"));
    assert!(page.methods["write"].raises.contains_key("AccessError"));

    // In a snapshot: sorted, stable, read back the same; written back as a page, read back
    // the same (parameters keep their order through the text).
    let mut schema = Schema::new(Some("19.0".into()));
    let model = ModelSchema {
        methods: page.methods.clone(),
        ..ModelSchema::default()
    };
    schema.models.insert("res.partner".into(), model);
    let text = schema.to_json();
    let back = Schema::from_json(&text).expect("reads back");
    assert_eq!(back, schema);
    assert_eq!(back.to_json(), text);
    let written = serde_json::to_string(&json_page(&page.methods)).expect("writes");
    let reread = api_doc::ApiDocPage::from_json(&written).expect("reads");
    assert_eq!(reread.methods, page.methods);
}

fn json_page(methods: &BTreeMap<String, MethodSchema>) -> impl serde::Serialize + '_ {
    #[derive(serde::Serialize)]
    struct Page<'a> {
        model: &'a str,
        methods: api_doc::ApiDocMethods<'a>,
    }
    Page {
        model: "res.partner",
        methods: api_doc::ApiDocMethods(methods),
    }
}

#[test]
fn a_snapshot_without_methods_writes_no_methods_key() {
    let mut schema = Schema::new(Some("18.0".into()));
    schema
        .models
        .insert("res.partner".into(), ModelSchema::default());
    assert!(!schema.to_json().contains("methods"));
}

#[test]
fn bad_api_documentation_gives_errors_not_panics() {
    for bad in [
        "",
        "3",
        r#"{"methods": []}"#,
        r#"{"methods": {"x": {"parameters": []}}}"#,
        r#"{"methods": {"x": {"parameters": {"a": 1}}}}"#,
        r#"{"methods": {"x": {"parameters": {"a": {"kind": "SIDEWAYS"}}}}}"#,
        r#"{"methods": {"x": {"parameters": {"a": {"kind": 3}}}}}"#,
    ] {
        assert!(api_doc::ApiDocPage::from_json(bad).is_err(), "{bad}");
    }
    // Odd but harmless values read leniently.
    let page = api_doc::ApiDocPage::from_json(
        r#"{"methods": {"x": {"doc": false, "parameters": null, "return": {"annotation": 3}, "raise": {"E": null}}}}"#,
    )
    .expect("lenient");
    assert_eq!(page.methods["x"].doc, None);
    assert_eq!(page.methods["x"].returns, None);
}

#[test]
fn common_snapshot_keeps_methods_every_snapshot_documents_alike() {
    let method = |params: &[&str]| MethodSchema {
        parameters: params.iter().map(|p| ParameterSchema::new(*p)).collect(),
        ..MethodSchema::default()
    };
    let snapshot = |version: &str, methods: &[(&str, MethodSchema)]| {
        let mut schema = Schema::new(Some(version.into()));
        let model = ModelSchema {
            methods: methods
                .iter()
                .map(|(name, m)| ((*name).to_owned(), m.clone()))
                .collect(),
            ..ModelSchema::default()
        };
        schema.models.insert("sale.order".into(), model);
        schema
    };
    let a = snapshot(
        "19.0",
        &[
            ("action_confirm", method(&[])),
            ("copy", method(&["default"])),
            ("gone", method(&[])),
        ],
    );
    let b = snapshot(
        "20.0",
        &[
            ("action_confirm", method(&[])),
            ("copy", method(&["default", "extra"])),
        ],
    );
    let merged = merge::common(&[a.clone(), b]).expect("merges");
    let methods: Vec<&String> = merged.schema.models["sale.order"].methods.keys().collect();
    assert_eq!(methods, ["action_confirm"]);
    let dropped: Vec<String> = merged.dropped.iter().map(ToString::to_string).collect();
    assert_eq!(
        dropped,
        [
            "sale.order.copy(): (default) on 19.0, (default, extra) on 20.0",
            "sale.order.gone(): not in 20.0"
        ]
    );
    // A snapshot without methods: none in common, nothing reported.
    let merged = merge::common(&[snapshot("18.0", &[]), a]).expect("merges");
    assert!(merged.schema.models["sale.order"].methods.is_empty());
    assert!(merged.dropped.is_empty());
}

#[test]
fn python_reprs_of_defaults() {
    use methods::python_repr;
    assert_eq!(python_repr(&json!(null)), "None");
    assert_eq!(python_repr(&json!(false)), "False");
    assert_eq!(python_repr(&json!("it's")), "'it\\'s'");
    assert_eq!(python_repr(&json!([1, "a"])), "[1, 'a']");
    assert_eq!(python_repr(&json!({"k": true})), "{'k': True}");
}

#[test]
fn the_documentation_index_lists_the_models_documented_for_the_user() {
    let Some(dir) = fixtures() else { return };
    let transcript = load(&dir.join("odoo19"), "transcripts/doc_bearer_index.json");
    let body = transcript["response"]["body"].as_str().expect("body text");
    let index: api_doc::ApiDocIndex = serde_json::from_str(body).expect("index reads");
    assert_eq!(index.models.len(), 323);
    assert!(index.models.contains("res.partner") && index.models.contains("sale.order"));
    let empty: api_doc::ApiDocIndex = serde_json::from_str("{}").expect("no models");
    assert!(empty.models.is_empty());
    assert!(serde_json::from_str::<api_doc::ApiDocIndex>(r#"{"models": [1]}"#).is_err());
}
