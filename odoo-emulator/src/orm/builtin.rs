//! The ORM's built-in methods, one function each, on arguments already bound.

use serde_json::{json, Map, Value};

use super::{no_such_method, Invocation, Style};
use crate::error::{py_repr, EmulatorError};
use crate::store::Store;
use crate::Feature;
use crate::OdooVersion;
use odoo_schema::FieldType;

/// The empty domain, for calls that give none.
static NO_DOMAIN: Value = Value::Array(Vec::new());

/// A built-in method being run: on which model and records, with which bound arguments.
struct BuiltinCall<'a> {
    model: &'a str,
    method: &'a str,
    ids: Vec<i64>,
    bound: &'a Map<String, Value>,
    version: OdooVersion,
    style: Style,
    uid: i64,
}

impl BuiltinCall<'_> {
    /// An argument, `None` when not given or `None` in Python.
    fn get(&self, name: &str) -> Option<&Value> {
        self.bound.get(name).filter(|v| !v.is_null())
    }

    /// The `domain` argument (the empty domain when not given).
    fn domain(&self) -> &Value {
        self.get("domain").unwrap_or(&NO_DOMAIN)
    }

    /// The `order` argument.
    fn order(&self) -> Option<&str> {
        self.get("order").and_then(Value::as_str)
    }

    /// A limit or offset argument: a positive integer; `0`, `false`, `null` or anything else
    /// mean none.
    fn count(&self, name: &str) -> Option<usize> {
        self.get(name)
            .and_then(Value::as_u64)
            .filter(|n| *n > 0)
            .and_then(|n| usize::try_from(n).ok())
    }

    /// A list of names (`fields`, `attributes`...); see [`names`].
    fn strings(&self, name: &str) -> Option<Vec<String>> {
        names(self.get(name))
    }

    /// Searches with the call's domain, order, offset and limit.
    fn search(&self, store: &Store) -> Result<Vec<i64>, EmulatorError> {
        store.search_ids(
            self.model,
            self.domain(),
            self.order(),
            self.count("offset").unwrap_or(0),
            self.count("limit"),
            None,
        )
    }
}

/// A list of names as an argument gives it; one name reads as a list of one.
fn names(value: Option<&Value>) -> Option<Vec<String>> {
    match value {
        Some(Value::Array(items)) => Some(
            items
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect(),
        ),
        Some(Value::String(one)) => Some(vec![one.clone()]),
        _ => None,
    }
}

/// The ORM methods [`run_builtin`] runs.
pub(super) const RUNS: &[&str] = &[
    "search",
    "read_group",
    "formatted_read_group",
    "search_count",
    "search_read",
    "read",
    "create",
    "write",
    "unlink",
    "copy",
    "action_archive",
    "action_unarchive",
    "fields_get",
    "name_search",
    "web_search_read",
    "web_read",
    "name_create",
    "default_get",
    "exists",
    "context_get",
    "load",
    "get_metadata",
    "check_object_reference",
];

/// Runs a built-in method on arguments bound to its signature.
pub(super) fn run_builtin(
    store: &mut Store,
    inv: &Invocation,
    ids: Vec<i64>,
    bound: &Map<String, Value>,
    version: OdooVersion,
) -> Result<Value, EmulatorError> {
    let call = BuiltinCall {
        model: &inv.model,
        method: &inv.method,
        ids,
        bound,
        version,
        style: inv.style,
        uid: inv.uid,
    };
    match call.method {
        "search" => search(store, &call),
        "read_group" => crate::group::read_group(store, call.model, bound, version, false),
        "formatted_read_group" => crate::group::read_group(store, call.model, bound, version, true),
        "search_count" => search_count(store, &call),
        "search_read" => search_read(store, &call),
        "read" => read(store, &call),
        "create" => create(store, &call),
        "write" => write(store, &call),
        "unlink" => unlink(store, &call),
        "copy" => copy(store, &call),
        "action_archive" | "action_unarchive" => {
            let active = call.method == "action_unarchive";
            store.write(call.model, &call.ids, &json!({"active": active}))?;
            Ok(Value::Bool(true))
        }
        "fields_get" => fields_get(store, &call),
        "name_search" => name_search(store, &call),
        "web_search_read" => web_search_read(store, &call),
        "web_read" => {
            let spec = match call.get("specification") {
                Some(Value::Object(spec)) => spec.clone(),
                _ => Map::new(),
            };
            Ok(Value::Array(
                store.read_specification(call.model, &call.ids, &spec)?,
            ))
        }
        "name_create" => name_create(store, &call),
        "default_get" => {
            let fields = names(call.get("fields").or_else(|| call.get("fields_list")));
            let fields = fields.unwrap_or_default();
            Ok(Value::Object(store.defaults(call.model, &fields)))
        }
        "exists" => Ok(json!(call
            .ids
            .iter()
            .copied()
            .filter(|id| store.exists(call.model, *id))
            .collect::<Vec<_>>())),
        "context_get" => Ok(context_get(store, &call)),
        "load" => {
            let fields = call.strings("fields").unwrap_or_default();
            let data = call.get("data").cloned().unwrap_or(Value::Null);
            let context = store.context().clone();
            super::load::load(store, call.model, &fields, &data, &context)
        }
        "get_metadata" => Ok(super::load::get_metadata(store, call.model, &call.ids)),
        "check_object_reference" => {
            let text = |name: &str| call.get(name).and_then(Value::as_str).unwrap_or_default();
            let context = store.context().clone();
            super::load::check_object_reference(store, text("module"), text("xml_id"), &context)
        }
        other => Err(no_such_method(call.model, other, version, call.style)),
    }
}

/// `search`: the ids (their count with `count=True`, before 17).
fn search(store: &Store, call: &BuiltinCall<'_>) -> Result<Value, EmulatorError> {
    let found = call.search(store)?;
    if call.get("count").and_then(Value::as_bool) == Some(true) {
        return Ok(json!(found.len()));
    }
    Ok(json!(found))
}

/// `search_count`: how many records match (up to `limit`).
fn search_count(store: &Store, call: &BuiltinCall<'_>) -> Result<Value, EmulatorError> {
    let found = store.search_ids(
        call.model,
        call.domain(),
        None,
        0,
        call.count("limit"),
        None,
    )?;
    Ok(json!(found.len()))
}

/// `search_read`: a search, then a read of the fields asked.
fn search_read(store: &Store, call: &BuiltinCall<'_>) -> Result<Value, EmulatorError> {
    let found = call.search(store)?;
    let fields = call.strings("fields");
    Ok(Value::Array(store.read(
        call.model,
        &found,
        fields.as_deref(),
    )?))
}

/// `read`; `load=None` (or anything but the classic mode) leaves many2one names out.
fn read(store: &Store, call: &BuiltinCall<'_>) -> Result<Value, EmulatorError> {
    let names = match call.bound.get("load") {
        None => true,
        Some(Value::String(mode)) => mode == "_classic_read",
        Some(_) => false,
    };
    let fields = call.strings("fields");
    Ok(Value::Array(store.read_with(
        call.model,
        &call.ids,
        fields.as_deref(),
        names,
    )?))
}

/// `write`, after the check of the fields written.
fn write(store: &mut Store, call: &BuiltinCall<'_>) -> Result<Value, EmulatorError> {
    let vals = call.get("vals").unwrap_or(&Value::Null);
    // Odoo 19 reads the fields it writes first, and refuses them as a read.
    let operation = if call.version.has(Feature::WriteChecksReadAccess) {
        "read"
    } else {
        "write"
    };
    check_written_fields(store, call.model, std::slice::from_ref(vals), operation)?;
    store.write(call.model, &call.ids, vals)?;
    Ok(Value::Bool(true))
}

/// Refuses values for fields the caller may not write (`write`; `create` from 19), the
/// refusal naming `operation`.
fn check_written_fields(
    store: &Store,
    model: &str,
    vals: &[Value],
    operation: &str,
) -> Result<(), EmulatorError> {
    let names = vals
        .iter()
        .filter_map(Value::as_object)
        .flat_map(|vals| vals.keys().map(String::as_str));
    store.check_field_access(model, names, operation)
}

/// `create` of one record (its id; `[id]` over JSON-2 on 19) or of a list (their ids).
fn create(store: &mut Store, call: &BuiltinCall<'_>) -> Result<Value, EmulatorError> {
    if call.version.has(Feature::CreateAnswersList) {
        if let Some(vals) = call.get("vals_list") {
            let list = vals
                .as_array()
                .map_or(std::slice::from_ref(vals), Vec::as_slice);
            check_written_fields(store, call.model, list, "write")?;
        }
    }
    match call.get("vals_list") {
        Some(Value::Array(list)) => {
            let mut created = Vec::new();
            for vals in list {
                created.push(store.create(call.model, vals)?);
            }
            Ok(json!(created))
        }
        Some(vals @ Value::Object(_)) => {
            let id = store.create(call.model, vals)?;
            let as_list =
                call.version.has(Feature::CreateAnswersList) && call.style == Style::Named;
            Ok(if as_list { json!([id]) } else { json!(id) })
        }
        other => Err(EmulatorError::type_error(format!(
            "create() takes a dictionary or a list of dictionaries, not {}",
            py_repr(other.unwrap_or(&Value::Null))
        ))),
    }
}

/// Fields a copy never takes from the original: Odoo sets them anew.
const NOT_COPIED: &[&str] = &[
    "id",
    "display_name",
    "create_date",
    "create_uid",
    "write_date",
    "write_uid",
    "__last_update",
];

/// `copy`: each record's stored values, but its one2many and automatic fields, with `default`
/// over them. The new ids as a list on 19 (which copies several records in one call); before,
/// the new id of the one record copied.
fn copy(store: &mut Store, call: &BuiltinCall<'_>) -> Result<Value, EmulatorError> {
    let default = match call.get("default") {
        None | Some(Value::Null | Value::Bool(false)) => Map::new(),
        Some(Value::Object(default)) => default.clone(),
        Some(other) => {
            return Err(EmulatorError::type_error(format!(
                "copy() default must be a dictionary, not {}",
                py_repr(other)
            )))
        }
    };
    let Some(schema) = store.schema().model(call.model).cloned() else {
        return Err(no_such_method(call.model, "copy", call.version, call.style));
    };
    let mut created = Vec::with_capacity(call.ids.len());
    for id in &call.ids {
        let Some(record) = store.record(call.model, *id) else {
            return Err(EmulatorError::missing_records(call.model, &[*id], call.uid));
        };
        let mut vals = Map::new();
        for (name, value) in record {
            let Some(field) = schema.field(name) else {
                continue;
            };
            if NOT_COPIED.contains(&name.as_str()) || field.field_type.is_x2many() {
                if field.field_type == FieldType::Many2many && value.is_array() {
                    vals.insert(name.clone(), json!([[6, 0, value]]));
                }
                continue;
            }
            vals.insert(name.clone(), value.clone());
        }
        vals.extend(default.clone());
        created.push(store.create(call.model, &Value::Object(vals))?);
    }
    Ok(match created.as_slice() {
        [one] if !call.version.has(Feature::CreateAnswersList) => json!(one),
        _ => json!(created),
    })
}

/// `unlink`; a sales order must be a draft or cancelled first, as in Odoo.
fn unlink(store: &mut Store, call: &BuiltinCall<'_>) -> Result<Value, EmulatorError> {
    if call.model == "sale.order" {
        for id in &call.ids {
            let state = store.stored_value(call.model, *id, "state");
            if !matches!(state.as_str(), None | Some("draft" | "cancel")) {
                return Err(EmulatorError::user_error(
                    "You can not delete a sent quotation or a confirmed sales order. You must first cancel it.",
                ));
            }
        }
    }
    store.unlink(call.model, &call.ids)?;
    Ok(Value::Bool(true))
}

/// `name_search` (see [`super::name_search`]).
fn name_search(store: &Store, call: &BuiltinCall<'_>) -> Result<Value, EmulatorError> {
    let domain = match call.get("domain").or_else(|| call.get("args")) {
        Some(Value::Array(items)) => items.clone(),
        _ => Vec::new(),
    };
    super::name_search::NameSearch {
        model: call.model,
        name: call.get("name").and_then(Value::as_str).unwrap_or_default(),
        operator: call
            .get("operator")
            .and_then(Value::as_str)
            .unwrap_or("ilike"),
        domain,
        limit: call.count("limit").unwrap_or(100),
    }
    .run(store)
}

/// `web_search_read`: one page of records (by specification from 17, by field list before)
/// and the number of matches (up to `count_limit`).
fn web_search_read(store: &Store, call: &BuiltinCall<'_>) -> Result<Value, EmulatorError> {
    let all = store.search_ids(call.model, call.domain(), call.order(), 0, None, None)?;
    let page: Vec<i64> = all
        .iter()
        .copied()
        .skip(call.count("offset").unwrap_or(0))
        .take(call.count("limit").unwrap_or(usize::MAX))
        .collect();
    let records = match call.get("specification") {
        Some(Value::Object(spec)) => store.read_specification(call.model, &page, spec)?,
        _ => store.read(call.model, &page, call.strings("fields").as_deref())?,
    };
    let length = match call.count("count_limit") {
        Some(limit) => all.len().min(limit),
        None => all.len(),
    };
    Ok(json!({"length": length, "records": records}))
}

/// `name_create`: a record with just a name, as `[id, display name]`.
fn name_create(store: &mut Store, call: &BuiltinCall<'_>) -> Result<Value, EmulatorError> {
    let model = call.model;
    let name = call.get("name").cloned().unwrap_or(Value::Bool(false));
    if store
        .schema()
        .model(model)
        .and_then(|m| m.field("name"))
        .is_none()
    {
        return Err(EmulatorError::user_error(format!(
            "Cannot execute name_create, no _rec_name defined on {model}"
        )));
    }
    let id = store.create(model, &json!({"name": name}))?;
    Ok(json!([id, store.display_name(model, id)]))
}

/// `res.users.context_get`: the user's language and timezone (and uid on 19).
fn context_get(store: &Store, call: &BuiltinCall<'_>) -> Value {
    let mut context = Map::new();
    context.insert("lang".into(), json!("en_US"));
    context.insert("tz".into(), json!("Europe/Brussels"));
    if let Some(record) = store.record("res.users", call.uid) {
        for key in ["lang", "tz"] {
            if let Some(Value::String(v)) = record.get(key) {
                context.insert(key.into(), json!(v));
            }
        }
    }
    if call.version.has(Feature::ContextCarriesUid) {
        context.insert("uid".into(), json!(call.uid));
    }
    Value::Object(context)
}

/// `fields_get`: the attributes of the fields asked (all when none) that the caller may
/// access, as the played version writes them (see `odoo_schema::FieldSchema::to_fields_get`),
/// filtered by `attributes`.
fn fields_get(store: &Store, call: &BuiltinCall<'_>) -> Result<Value, EmulatorError> {
    let model = call.model;
    let allfields = call.strings("allfields");
    let attributes = call.strings("attributes");
    let Some(model_schema) = store.schema().model(model) else {
        return Err(EmulatorError::user_error(format!(
            "Object {model} doesn't exist"
        )));
    };
    let mut out = Map::new();
    for (name, field) in &model_schema.fields {
        // Fields of groups the caller is not in are left out, as Odoo does.
        if !store.field_accessible(model, name) {
            continue;
        }
        if let Some(wanted) = &allfields {
            if !wanted.is_empty() && !wanted.contains(name) {
                continue;
            }
        }
        let mut attrs = field.to_fields_get(call.version);
        if let Some(keep) = &attributes {
            attrs.retain(|k, _| keep.contains(k));
        }
        out.insert(name.clone(), Value::Object(attrs));
    }
    Ok(Value::Object(out))
}
