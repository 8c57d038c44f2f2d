//! `load(fields, data)`, Odoo's import, and the external-ID methods: `check_object_reference`
//! and `get_metadata`'s `xmlid`.
//!
//! `load` takes rows of text cells under column names (`id`, `.id`, `field`, `field/id`,
//! `field/.id`), creates or updates one record per row, gives new records their external ID
//! (`__import__.` before a name without a module, or the context's `module`), and answers
//! `{"ids", "messages", "nextrow"}`. One refused row and nothing is written (`ids` is `false`),
//! as in Odoo, whose messages it words.

use serde_json::{json, Map, Value};

use crate::error::EmulatorError;
use crate::store::Store;
use crate::Feature;
use crate::OdooVersion;
use odoo_schema::{FieldSchema, FieldType, SelectionKey};

/// A column of the import.
enum Column<'a> {
    /// `id`: the record's external ID.
    Xmlid,
    /// `.id`: the record's database id.
    DbId,
    /// A field, by value (`field`), external ID (`field/id`) or database id (`field/.id`).
    Field(&'a str, &'a FieldSchema, Ref),
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Ref {
    Value,
    Xmlid,
    DbId,
}

/// `load`.
pub(super) fn load(
    store: &mut Store,
    model: &str,
    fields: &[String],
    data: &Value,
    context: &Map<String, Value>,
) -> Result<Value, EmulatorError> {
    let schema = store
        .schema()
        .model(model)
        .cloned()
        .ok_or_else(|| EmulatorError::value_error(format!("no model {model}")))?;
    let mut columns = Vec::with_capacity(fields.len());
    for name in fields {
        let column = match name.as_str() {
            "id" => Column::Xmlid,
            ".id" => Column::DbId,
            other => {
                let (field, reference) = match other.split_once('/') {
                    Some((field, "id")) => (field, Ref::Xmlid),
                    Some((field, ".id")) => (field, Ref::DbId),
                    Some((field, _)) => (field, Ref::Value),
                    None => (other, Ref::Value),
                };
                let Some(spec) = schema.field(field).filter(|_| !other.ends_with('/')) else {
                    return Err(unknown_column(store.version(), other));
                };
                if other.matches('/').count() > 1
                    || (other.contains('/') && reference == Ref::Value)
                {
                    return Err(unknown_column(store.version(), other));
                }
                Column::Field(field, spec, reference)
            }
        };
        columns.push(column);
    }
    let module = context
        .get("module")
        .and_then(Value::as_str)
        .unwrap_or("__import__")
        .to_owned();
    let rows: Vec<Vec<String>> = serde_json::from_value(data.clone())
        .map_err(|e| EmulatorError::type_error(format!("load() data: {e}")))?;
    let snapshot = store.snapshot();
    let mut ids = Vec::with_capacity(rows.len());
    let mut messages = Vec::new();
    for (at, row) in rows.iter().enumerate() {
        match load_row(store, model, &columns, row, &module) {
            Ok(id) => ids.push(id),
            Err(mut message) => {
                message.insert("rows".into(), json!({"from": at, "to": at}));
                message.insert("record".into(), json!(at));
                message.insert("type".into(), json!("error"));
                messages.push(Value::Object(message));
            }
        }
    }
    if !messages.is_empty() {
        store.restore(snapshot);
        return Ok(json!({"ids": false, "messages": messages, "nextrow": 0}));
    }
    Ok(json!({"ids": ids, "messages": [], "nextrow": 0}))
}

/// What 16-17 and 18-19 answer for a column that names no field.
fn unknown_column(version: OdooVersion, column: &str) -> EmulatorError {
    if version.has(Feature::LoadInvalidFieldName) {
        EmulatorError::value_error(format!("Invalid field name '{column}'"))
    } else {
        EmulatorError::new(crate::error::ExceptionClass::KeyError, column.to_owned())
    }
}

/// Creates or updates the record of one row; the message (without its row) when refused.
fn load_row(
    store: &mut Store,
    model: &str,
    columns: &[Column<'_>],
    row: &[String],
    module: &str,
) -> Result<i64, Map<String, Value>> {
    let mut values = Map::new();
    let (mut xmlid, mut db_id) = (None, None);
    for (column, cell) in columns.iter().zip(row) {
        match column {
            Column::Xmlid if !cell.is_empty() => xmlid = Some(qualified(cell, module)),
            Column::Xmlid => {}
            Column::DbId if cell.is_empty() => {}
            Column::DbId => {
                let id = cell
                    .parse::<i64>()
                    .ok()
                    .filter(|id| store.exists(model, *id));
                let Some(id) = id else {
                    return Err(message(
                        format!("Unknown database identifier '{cell}'"),
                        Some((".id", None)),
                    ));
                };
                db_id = Some(id);
            }
            Column::Field(name, spec, reference) => {
                let value = convert(store, name, spec, *reference, cell, module)?;
                values.insert((*name).to_owned(), value);
            }
        }
    }
    let existing = match &xmlid {
        Some(xmlid) => store
            .xmlid_lookup(xmlid)
            .filter(|(m, id)| m == model && store.exists(model, *id))
            .map(|(_, id)| id),
        None => db_id,
    };
    let refused = |e: EmulatorError| message(e.message().to_owned(), None);
    match existing {
        Some(id) => {
            store
                .write(model, &[id], &Value::Object(values))
                .map_err(refused)?;
            Ok(id)
        }
        None => {
            let id = store
                .create(model, &Value::Object(values))
                .map_err(refused)?;
            if let Some(xmlid) = xmlid {
                store.set_xmlid(&xmlid, model, id, false);
            }
            Ok(id)
        }
    }
}

/// `name` as `module.name` when it names no module.
fn qualified(xmlid: &str, module: &str) -> String {
    if xmlid.contains('.') {
        xmlid.to_owned()
    } else {
        format!("{module}.{xmlid}")
    }
}

/// A message of `load`, with the field it is about.
fn message(text: String, field: Option<(&str, Option<&str>)>) -> Map<String, Value> {
    let mut message = Map::new();
    message.insert("message".into(), json!(text));
    if let Some((field, label)) = field {
        message.insert("field".into(), json!(field));
        if let Some(label) = label {
            message.insert("field_name".into(), json!(label));
        }
    }
    message
}

/// A cell as the value `create`/`write` take, or the message Odoo words for it.
fn convert(
    store: &Store,
    name: &str,
    spec: &FieldSchema,
    reference: Ref,
    cell: &str,
    module: &str,
) -> Result<Value, Map<String, Value>> {
    let label = spec.string.clone().unwrap_or_else(|| name.to_owned());
    let refuse = |text: String| Err(message(text, Some((name, Some(&label)))));
    if cell.is_empty() {
        return Ok(match spec.field_type {
            FieldType::Many2many | FieldType::One2many => json!([[6, 0, []]]),
            _ => Value::Bool(false),
        });
    }
    let resolve = |one: &str| resolve(store, spec, reference, one, module, (name, &label));
    match spec.field_type {
        FieldType::Many2one => Ok(json!(resolve(cell)?)),
        FieldType::Many2many => {
            let ids = cell
                .split(',')
                .map(|one| resolve(one.trim()))
                .collect::<Result<Vec<i64>, _>>()?;
            Ok(json!([[6, 0, ids]]))
        }
        FieldType::One2many => refuse(format!(
            "the emulator imports no one2many field ('{label}')"
        )),
        FieldType::Integer => match cell.parse::<i64>() {
            Ok(n) => Ok(json!(n)),
            Err(_) => refuse(format!(
                "'{cell}' does not seem to be an integer for field '{label}'"
            )),
        },
        FieldType::Float | FieldType::Monetary => match cell.parse::<f64>() {
            Ok(n) => Ok(json!(n)),
            Err(_) => refuse(format!(
                "'{cell}' does not seem to be a number for field '{label}'"
            )),
        },
        FieldType::Boolean => Ok(Value::Bool(!matches!(
            cell.to_ascii_lowercase().as_str(),
            "0" | "false" | "no"
        ))),
        FieldType::Selection => selection(spec, cell).ok_or_else(|| {
            message(
                format!("Value '{cell}' not found in selection field '{label}'"),
                Some((name, Some(&label))),
            )
        }),
        _ => Ok(json!(cell)),
    }
}

/// The record a cell names in a relational field: by external ID, database id or name.
fn resolve(
    store: &Store,
    spec: &FieldSchema,
    reference: Ref,
    one: &str,
    module: &str,
    (name, label): (&str, &str),
) -> Result<i64, Map<String, Value>> {
    let relation = spec.relation.as_deref().unwrap_or_default();
    let found = match reference {
        Ref::Xmlid => store
            .xmlid_lookup(&qualified(one, module))
            .filter(|(m, id)| m == relation && store.exists(relation, *id))
            .map(|(_, id)| id),
        Ref::DbId => one
            .parse::<i64>()
            .ok()
            .filter(|id| store.exists(relation, *id)),
        Ref::Value => store
            .ids(relation)
            .into_iter()
            .find(|id| store.display_name(relation, *id) == one),
    };
    found.ok_or_else(|| {
        let what = match reference {
            Ref::Xmlid => "external id",
            Ref::DbId => "database id",
            Ref::Value => "name",
        };
        message(
            format!("No matching record found for {what} '{one}' in field '{label}'"),
            Some((name, Some(label))),
        )
    })
}

/// A selection cell's key: by key or by label (any text for a selection of no known choice).
fn selection(spec: &FieldSchema, cell: &str) -> Option<Value> {
    let options = spec.selection.as_deref().unwrap_or_default();
    if options.is_empty() {
        return Some(json!(cell));
    }
    let found = options
        .iter()
        .find(|o| o.key.to_string() == cell || o.label == cell)?;
    match &found.key {
        SelectionKey::Int(n) => Some(json!(n)),
        SelectionKey::Str(s) => Some(json!(s)),
        SelectionKey::False => None,
    }
}

/// `ir.model.data.check_object_reference(module, xml_id)`: `[model, id]`, with `false` for a
/// record the user may not see (an archived one unless `active_test` is off).
pub(super) fn check_object_reference(
    store: &Store,
    module: &str,
    name: &str,
    context: &Map<String, Value>,
) -> Result<Value, EmulatorError> {
    let xmlid = format!("{module}.{name}");
    let Some((model, id)) = store.xmlid_lookup(&xmlid) else {
        return Err(EmulatorError::value_error(format!(
            "External ID not found in the system: {xmlid}"
        )));
    };
    let active_test = context.get("active_test") != Some(&Value::Bool(false));
    let archived = store.stored_value(&model, id, "active") == Value::Bool(false);
    let visible = store.exists(&model, id) && !(active_test && archived);
    Ok(json!([
        model,
        if visible { json!(id) } else { json!(false) }
    ]))
}

/// `get_metadata`: who created and wrote the records and when, and their external ID.
pub(super) fn get_metadata(store: &Store, model: &str, ids: &[i64]) -> Value {
    let user = |field: &str, id: i64| match store.stored_value(model, id, field).as_i64() {
        Some(uid) => json!([uid, store.display_name("res.users", uid)]),
        None => json!(false),
    };
    let rows: Vec<Value> = ids
        .iter()
        .filter(|id| store.exists(model, **id))
        .map(|&id| {
            let (xmlid, noupdate) = match store.xmlid_of(model, id) {
                Some((xmlid, noupdate)) => (json!(xmlid), noupdate),
                None => (json!(false), false),
            };
            json!({
                "id": id,
                "create_uid": user("create_uid", id),
                "create_date": seconds(store.stored_value(model, id, "create_date")),
                "write_uid": user("write_uid", id),
                "write_date": seconds(store.stored_value(model, id, "write_date")),
                "xmlid": xmlid,
                "noupdate": noupdate,
            })
        })
        .collect();
    Value::Array(rows)
}

/// A datetime as Odoo reads it: whole seconds; `false` when unset.
fn seconds(value: Value) -> Value {
    match value.as_str() {
        Some(text) => json!(text.chars().take(19).collect::<String>()),
        None => json!(false),
    }
}
