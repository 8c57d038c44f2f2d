//! The code generator on arbitrary `fields_get` data: every model and field of the schema
//! built from it is rendered. Every name the sanitizer makes must be a valid Rust identifier,
//! distinct Odoo field names of one model must get distinct Rust names, and the rendered
//! files must parse as Rust, whatever the names, types (unknown ones included) and
//! selection keys.
#![no_main]

use std::collections::{BTreeSet, HashSet};

use libfuzzer_sys::fuzz_target;
use odoo_codegen::names;
use odoo_codegen::{render, RenderOptions};
use odoo_schema::Schema;
use serde_json::Value;

fuzz_target!(|data: &[u8]| {
    let Ok(value) = serde_json::from_slice::<Value>(data) else {
        return;
    };
    // A `fields_get` answer of one model, or `{model: fields_get}` for several.
    let wrapped;
    let fields_get = match &value {
        Value::Object(map) if map.values().all(|v| v.get("type").is_some()) => {
            wrapped = serde_json::json!({ "x.fuzz": value });
            &wrapped
        }
        _ => &value,
    };
    let Ok(schema) = Schema::from_fields_get(Some("19.0".to_owned()), fields_get, None) else {
        return;
    };
    for (model, fields) in &schema.models {
        for name in [names::module_name(model), names::struct_name(model)] {
            assert!(names::is_ident(&name), "{model}: `{name}` is not an identifier");
        }
        let assigned = names::assign(fields.fields.keys().map(String::as_str), names::field_name, &[]);
        let mut seen = HashSet::new();
        for (odoo, rust) in &assigned {
            assert!(names::is_ident(rust), "{model}.{odoo}: `{rust}` is not an identifier");
            assert!(seen.insert(rust.clone()), "{model}: two fields named `{rust}`");
        }
        for field in fields.fields.values() {
            for option in field.selection.iter().flatten() {
                if let Some(variant) = names::variant_name(&option.key.to_string()) {
                    assert!(names::is_ident(&variant), "variant `{variant}`");
                }
            }
        }
    }
    let models: BTreeSet<String> = schema.models.keys().cloned().collect();
    if let Ok(rendered) = render(&schema, &models, &RenderOptions::default()) {
        for file in &rendered.files {
            if let Err(error) = syn::parse_file(&file.contents) {
                panic!("{} does not parse: {error}\n{}", file.path.display(), file.contents);
            }
        }
    }
});
