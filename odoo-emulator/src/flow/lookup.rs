//! Reading and writing the records the flows work on, whatever fields the schema has: a
//! value of a field the model lacks reads as empty, and writes leave such fields out.

use serde_json::{json, Map, Value};

use crate::store::now_utc_micros;
use crate::Feature;
use crate::{EmulatorError, Store};

/// The ids of an id, a list of ids, or a many2one pair.
pub(crate) fn ids_of(value: &Value) -> Vec<i64> {
    match value {
        Value::Array(items) => items.iter().filter_map(Value::as_i64).collect(),
        Value::Number(_) => value.as_i64().into_iter().collect(),
        _ => Vec::new(),
    }
}

/// The ids a context key names (a list, or one id).
pub(crate) fn context_ids(context: &Map<String, Value>, key: &str) -> Vec<i64> {
    context.get(key).map(ids_of).unwrap_or_default()
}

/// The ids of x2many commands that link records (`[4, id]`, `[6, 0, ids]`) or plain ids, as
/// a `default_pick_ids` context value holds them.
pub(crate) fn linked_ids(value: &Value) -> Vec<i64> {
    let Value::Array(items) = value else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for item in items {
        match item {
            Value::Number(n) => out.extend(n.as_i64()),
            Value::Array(command) => match command.first().and_then(Value::as_i64) {
                Some(4) => out.extend(command.get(1).and_then(Value::as_i64)),
                Some(6) => out.extend(command.get(2).map(ids_of).unwrap_or_default()),
                _ => {}
            },
            _ => {}
        }
    }
    out
}

/// Whether the model has the field.
pub(crate) fn has_field(store: &Store, model: &str, field: &str) -> bool {
    store
        .schema()
        .model(model)
        .is_some_and(|m| m.field(field).is_some())
}

/// A number field's value (0 when empty).
pub(crate) fn number(store: &Store, model: &str, id: i64, field: &str) -> f64 {
    store.stored_value(model, id, field).as_f64().unwrap_or(0.0)
}

/// A many2one field's target.
pub(crate) fn many2one(store: &Store, model: &str, id: i64, field: &str) -> Option<i64> {
    ids_of(&store.stored_value(model, id, field))
        .first()
        .copied()
}

/// A text field's value, when set.
pub(crate) fn text(store: &Store, model: &str, id: i64, field: &str) -> Option<String> {
    store
        .stored_value(model, id, field)
        .as_str()
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

/// An x2many field's ids.
pub(crate) fn x2many(store: &Store, model: &str, id: i64, field: &str) -> Vec<i64> {
    ids_of(&store.stored_value(model, id, field))
}

/// `vals` without the fields the model lacks (and without empty many2one values).
fn known(store: &Store, model: &str, vals: Value) -> Value {
    let Value::Object(mut map) = vals else {
        return vals;
    };
    map.retain(|field, value| has_field(store, model, field) && !value.is_null());
    Value::Object(map)
}

/// Writes the fields of `vals` the model has.
pub(crate) fn write(
    store: &mut Store,
    model: &str,
    ids: &[i64],
    vals: Value,
) -> Result<(), EmulatorError> {
    let vals = known(store, model, vals);
    if ids.is_empty() || vals.as_object().is_some_and(Map::is_empty) {
        return Ok(());
    }
    store.write(model, ids, &vals)
}

/// Puts in a record the server makes, with the fields of `vals` the model has, as the server
/// makes it (no default, no required field checked): its id.
pub(crate) fn insert(store: &mut Store, model: &str, vals: Value) -> Result<i64, EmulatorError> {
    let mut vals = known(store, model, vals);
    if let Value::Object(map) = &mut vals {
        let now = now_utc_micros();
        for stamp in ["create_date", "write_date"] {
            if has_field(store, model, stamp) {
                map.insert(stamp.into(), json!(now));
            }
        }
        if has_field(store, model, "company_id") && !map.contains_key("company_id") {
            if let Some(&company) = store.ids("res.company").first() {
                map.insert("company_id".into(), json!(company));
            }
        }
    }
    store.insert(model, vals)
}

/// The first record of `model` matching `domain`, by id.
pub(crate) fn first(store: &Store, model: &str, domain: Value) -> Option<i64> {
    store.schema().model(model)?;
    store
        .search_ids(model, &domain, Some("id"), 0, Some(1), Some(false))
        .ok()?
        .first()
        .copied()
}

/// A product's value of `field`: the variant's, else its template's.
pub(crate) fn product_value(store: &Store, product: i64, field: &str) -> Value {
    let own = store.stored_value("product.product", product, field);
    if !own.is_null() {
        return own;
    }
    match many2one(store, "product.product", product, "product_tmpl_id") {
        Some(template) => store.stored_value("product.template", template, field),
        None => Value::Null,
    }
}

/// Whether the product is a service (it makes no delivery).
pub(crate) fn is_service(store: &Store, product: i64) -> bool {
    ["type", "detailed_type"]
        .iter()
        .any(|field| product_value(store, product, field) == "service")
}

/// Whether the product's stock is tracked in quants: `type` (or `detailed_type`) `product`
/// on 16 and 17, `is_storable` from 18.
pub(crate) fn is_storable(store: &Store, product: i64) -> bool {
    if store.version().has(Feature::ProductIsStorable) {
        return product_value(store, product, "is_storable") == Value::Bool(true);
    }
    ["type", "detailed_type"]
        .iter()
        .any(|field| product_value(store, product, field) == "product")
}

/// Now, as the database keeps a datetime (`YYYY-MM-DD HH:MM:SS`).
pub(crate) fn now() -> String {
    now_utc_micros().chars().take(19).collect()
}

/// Today (`YYYY-MM-DD`).
pub(crate) fn today() -> String {
    now_utc_micros().chars().take(10).collect()
}

/// The records of a wizard's `field` (such as `pick_ids`), else those of the context's
/// `default_<field>`, else those of the context key `fallback`.
pub(crate) fn wizard_ids(
    store: &Store,
    wizard: (&str, &[i64]),
    field: &str,
    context: &Map<String, Value>,
    fallback: &str,
) -> Vec<i64> {
    let (model, ids) = wizard;
    let mut out: Vec<i64> = ids
        .iter()
        .flat_map(|&id| x2many(store, model, id, field))
        .collect();
    if out.is_empty() {
        out = context
            .get(&format!("default_{field}"))
            .map(linked_ids)
            .unwrap_or_default();
    }
    if out.is_empty() {
        out = context_ids(context, fallback);
    }
    out.dedup();
    out
}
