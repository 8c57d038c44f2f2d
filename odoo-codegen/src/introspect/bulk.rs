//! The bulk strategy ([`Strategy::Bulk`](super::Strategy::Bulk)): `ir.model.fields` and
//! `ir.model.fields.selection` in one request each for a level of models, then per model a
//! `fields_get` of what only `fields_get` knows, merged into the shape of a full answer.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use odoo_core::{Client, Map, SearchOptions, Value};
use odoo_schema::version::Feature;
use serde_json::json;

use super::{
    fetched_or_failed, ir_model_fields_columns, per_model, with_probe, Fetched, FieldsResult,
    IntrospectOptions, BULK_FIELDS_GET_ATTRIBUTES, FIELD_ATTRIBUTES,
};

/// The `ir.model.fields` rows of one model, by field name, and the selection options of its
/// selection fields (from `ir.model.fields.selection`, in order), by field name.
#[derive(Debug, Default)]
struct BulkModel {
    fields: BTreeMap<String, Map<String, Value>>,
    selections: BTreeMap<String, Vec<Value>>,
}

/// The bulk strategy for one level of models: `None` when `ir.model.fields` or
/// `ir.model.fields.selection` cannot be read (no access), so that the caller falls back to
/// one `fields_get` per model. With the probe, each model's search follows its `fields_get`.
pub(super) async fn fetch_fields_bulk(
    client: &Client,
    models: &BTreeSet<String>,
    options: &IntrospectOptions,
    requests: &AtomicUsize,
) -> Option<BTreeMap<String, Fetched>> {
    let names: Vec<&str> = models.iter().map(String::as_str).collect();
    let version = client.server_version().odoo_version();
    let columns = ir_model_fields_columns(version);
    let company_dependent_column = columns.contains(&"company_dependent");
    // On Odoo 16 the `readonly` column disagrees with `fields_get` for some fields (seen on
    // mail.mail, mail.message and mail.tracking.value); ask `fields_get` for it there.
    let readonly_from_fields_get = !version.has(Feature::ReadonlyColumnMatchesFieldsGet);
    requests.fetch_add(2, Ordering::Relaxed);
    let (rows, options_rows) = tokio::join!(
        client.search_read::<Map<String, Value>>(
            "ir.model.fields",
            json!([["model", "in", names]]),
            &columns,
            SearchOptions::new().order("id"),
        ),
        client.search_read::<Map<String, Value>>(
            "ir.model.fields.selection",
            json!([["field_id.model", "in", names]]),
            &["value", "name", "field_id"],
            SearchOptions::new().order("field_id, sequence, id"),
        ),
    );
    let by_model = Arc::new(bulk_models(rows.ok()?, options_rows.ok()?));
    let requests_here = Arc::new(AtomicUsize::new(0));
    let probes = Arc::new(AtomicUsize::new(0));
    let out = per_model(models, options, |model| {
        let client = client.clone();
        let by_model = by_model.clone();
        let requests_here = requests_here.clone();
        let probes = probes.clone();
        let probe = options.probe;
        async move {
            let bulk = by_model.get(&model);
            let extra: &[&str] = match (company_dependent_column, readonly_from_fields_get) {
                (true, false) => &[],
                (true, true) => &["readonly"],
                (false, false) => &["company_dependent"],
                (false, true) => &["company_dependent", "readonly"],
            };
            let fields = bulk_model_fields(&client, &model, bulk, extra, &requests_here);
            Ok(with_probe(&client, &model, probe, &probes, fields).await)
        }
    })
    .await;
    let made = requests_here.load(Ordering::Relaxed) + probes.load(Ordering::Relaxed);
    requests.fetch_add(made, Ordering::Relaxed);
    Some(fetched_or_failed(out))
}

/// The `ir.model.fields` rows and the `ir.model.fields.selection` options, by model.
fn bulk_models(
    rows: Vec<Map<String, Value>>,
    options_rows: Vec<Map<String, Value>>,
) -> BTreeMap<String, BulkModel> {
    let mut by_model: BTreeMap<String, BulkModel> = BTreeMap::new();
    let mut by_id: BTreeMap<i64, (String, String)> = BTreeMap::new();
    for row in rows {
        let (Some(id), Some(model), Some(name)) = (
            row.get("id").and_then(Value::as_i64),
            row.get("model").and_then(Value::as_str),
            row.get("name").and_then(Value::as_str),
        ) else {
            continue;
        };
        by_id.insert(id, (model.to_owned(), name.to_owned()));
        by_model
            .entry(model.to_owned())
            .or_default()
            .fields
            .insert(name.to_owned(), row);
    }
    for option in options_rows {
        let field_id = match option.get("field_id") {
            Some(Value::Array(pair)) => pair.first().and_then(Value::as_i64),
            Some(other) => other.as_i64(),
            None => None,
        };
        let Some((model, field)) = field_id.and_then(|id| by_id.get(&id)) else {
            continue;
        };
        let value = option.get("value").cloned().unwrap_or(Value::Null);
        let label = option.get("name").cloned().unwrap_or(Value::Null);
        by_model
            .entry(model.clone())
            .or_default()
            .selections
            .entry(field.clone())
            .or_default()
            .push(Value::Array(vec![value, label]));
    }
    by_model
}

/// One model of the bulk strategy: its `fields_get` of [`BULK_FIELDS_GET_ATTRIBUTES`] (the set
/// of fields the user may read, and what only `fields_get` knows) merged with its
/// `ir.model.fields` rows into the shape of a full `fields_get` answer. A field that
/// `fields_get` lists and `ir.model.fields` does not makes it ask the full `fields_get`.
async fn bulk_model_fields(
    client: &Client,
    model: &str,
    bulk: Option<&BulkModel>,
    extra_attributes: &[&str],
    requests: &AtomicUsize,
) -> FieldsResult {
    let empty = BulkModel::default();
    let bulk = bulk.unwrap_or(&empty);
    // A selection whose options are not all in ir.model.fields.selection: ask fields_get.
    let computed_selection =
        bulk.fields.iter().any(
            |(name, row)| match row.get("ttype").and_then(Value::as_str) {
                Some("reference") => true,
                Some("selection") => !bulk.selections.contains_key(name),
                _ => false,
            },
        );
    let mut attributes = BULK_FIELDS_GET_ATTRIBUTES.to_vec();
    if computed_selection {
        attributes.push("selection");
    }
    attributes.extend_from_slice(extra_attributes);
    requests.fetch_add(1, Ordering::Relaxed);
    let answer = client
        .fields_get(model, &[], &attributes)
        .await
        .map_err(|error| error.to_string())?;
    match merge_bulk(&answer, bulk, computed_selection) {
        Some(merged) => Ok(merged),
        None => {
            requests.fetch_add(1, Ordering::Relaxed);
            client
                .fields_get(model, &[], FIELD_ATTRIBUTES)
                .await
                .map_err(|error| error.to_string())
        }
    }
}

/// Merges a partial `fields_get` answer with the `ir.model.fields` rows of the same model;
/// `None` when a field of the answer has no row.
fn merge_bulk(
    answer: &Map<String, Value>,
    bulk: &BulkModel,
    selection_from_answer: bool,
) -> Option<Map<String, Value>> {
    let mut out = Map::new();
    for (name, partial) in answer {
        let row = bulk.fields.get(name)?;
        let mut attributes = partial.as_object()?.clone();
        let field_type = attributes
            .get("type")
            .and_then(Value::as_str)
            .or_else(|| row.get("ttype").and_then(Value::as_str))?
            .to_owned();
        // What the per-model `fields_get` answered wins over the table.
        let copy = |attributes: &mut Map<String, Value>, to: &str, from: &str| {
            if let Some(value) = row.get(from) {
                attributes
                    .entry(to.to_owned())
                    .or_insert_with(|| value.clone());
            }
        };
        copy(&mut attributes, "string", "field_description");
        copy(&mut attributes, "help", "help");
        copy(&mut attributes, "required", "required");
        copy(&mut attributes, "readonly", "readonly");
        copy(&mut attributes, "store", "store");
        copy(&mut attributes, "company_dependent", "company_dependent");
        copy(&mut attributes, "related", "related");
        // `translate` is a boolean up to 16, the name of the translation method from 17.
        let translate = match row.get("translate") {
            Some(Value::Bool(flag)) => *flag,
            Some(Value::String(method)) => !method.is_empty(),
            _ => false,
        };
        attributes.insert("translate".into(), Value::Bool(translate));
        // fields_get describes `relation` on relational fields only, `relation_field` on
        // one2many only, `size` on char only.
        if matches!(field_type.as_str(), "many2one" | "one2many" | "many2many") {
            copy(&mut attributes, "relation", "relation");
        }
        if field_type == "one2many" {
            copy(&mut attributes, "relation_field", "relation_field");
        }
        if field_type == "char" {
            if let Some(size) = row.get("size").and_then(Value::as_i64).filter(|&n| n > 0) {
                attributes.insert("size".into(), size.into());
            }
        }
        if field_type == "selection" && !selection_from_answer {
            let options = bulk.selections.get(name).cloned().unwrap_or_default();
            attributes.insert("selection".into(), Value::Array(options));
        }
        out.insert(name.clone(), Value::Object(attributes));
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::introspect::IR_MODEL_FIELDS_COLUMNS;
    use odoo_schema::version::OdooVersion;

    fn object(value: Value) -> Map<String, Value> {
        match value {
            Value::Object(map) => map,
            _ => Map::new(),
        }
    }

    /// The mapping rules of the bulk merge, on rows shaped as Odoo 17+ answers them (the
    /// fixtures hold no `ir.model.fields` rows; equality with `fields_get` is the live test's).
    #[test]
    fn company_dependent_is_a_column_from_odoo_18() {
        assert!(!ir_model_fields_columns(OdooVersion::V16).contains(&"company_dependent"));
        assert!(!ir_model_fields_columns(OdooVersion::V17).contains(&"company_dependent"));
        assert!(ir_model_fields_columns(OdooVersion::V18).contains(&"company_dependent"));
        assert_eq!(
            ir_model_fields_columns(OdooVersion::V19).len(),
            IR_MODEL_FIELDS_COLUMNS.len()
        );
    }

    #[test]
    fn bulk_rows_merge_into_fields_get_attributes() {
        let mut bulk = BulkModel::default();
        for row in [
            json!({"name": "name", "ttype": "char", "field_description": "Name", "help": false,
                   "required": true, "readonly": false, "store": true, "relation": false,
                   "relation_field": false, "translate": "standard", "related": false,
                   "company_dependent": false, "size": 0}),
            json!({"name": "first_line_index", "ttype": "char", "field_description": "Index",
                   "help": false, "required": false, "readonly": true, "store": true,
                   "relation": "account.bank.statement.line", "relation_field": false,
                   "translate": false, "related": false, "company_dependent": false, "size": 8}),
            json!({"name": "line_ids", "ttype": "one2many", "field_description": "Lines",
                   "help": "The lines", "required": false, "readonly": false, "store": true,
                   "relation": "x.line", "relation_field": "order_id", "translate": false,
                   "related": false, "company_dependent": false, "size": 0}),
            json!({"name": "state", "ttype": "selection", "field_description": "Status",
                   "help": false, "required": false, "readonly": false, "store": true,
                   "relation": false, "relation_field": false, "translate": false,
                   "related": false, "company_dependent": false, "size": 0}),
        ] {
            let row = object(row);
            let name = row["name"].as_str().unwrap_or_default().to_owned();
            bulk.fields.insert(name, row);
        }
        bulk.selections.insert(
            "state".into(),
            vec![json!(["draft", "Draft"]), json!(["done", "Done"])],
        );
        let answer = object(json!({
            "name": {"type": "char", "searchable": true, "sortable": true},
            "first_line_index": {"type": "char", "searchable": true, "sortable": true},
            "line_ids": {"type": "one2many", "searchable": true, "groups": "base.group_user"},
            "state": {"type": "selection", "searchable": true, "sortable": true},
        }));
        let merged = merge_bulk(&answer, &bulk, false).expect("every field has a row");
        assert_eq!(merged["name"]["translate"], json!(true));
        assert_eq!(merged["name"]["required"], json!(true));
        assert!(merged["name"].get("size").is_none());
        assert!(merged["first_line_index"].get("relation").is_none());
        assert_eq!(merged["first_line_index"]["size"], json!(8));
        assert_eq!(merged["line_ids"]["relation"], json!("x.line"));
        assert_eq!(merged["line_ids"]["relation_field"], json!("order_id"));
        assert_eq!(merged["line_ids"]["groups"], json!("base.group_user"));
        assert_eq!(
            merged["state"]["selection"],
            json!([["draft", "Draft"], ["done", "Done"]])
        );
        // A field fields_get lists without a row: ask the full fields_get instead.
        let mut more = answer.clone();
        more.insert("x_custom".into(), json!({"type": "char"}));
        assert!(merge_bulk(&more, &bulk, false).is_none());
    }
}
