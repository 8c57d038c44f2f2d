//! Model methods: argument binding the way Python binds them, access checks, the ORM's
//! built-in methods and the handlers registered on the emulator.

use serde_json::{json, Map, Value};

use super::access::Operation;
use super::error::{EmulatorError, ExceptionClass};
use super::store::Store;
use super::{HandlerCall, OdooVersion, Shared};
use odoo_schema::FieldSchema;

/// How the arguments of a call arrived.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Style {
    /// XML-RPC, JSON-RPC and the web client: positional `args` (ids first for record methods)
    /// plus keyword `kwargs`; binding errors are Python `TypeError`s.
    Positional,
    /// JSON-2: named arguments only, `ids` apart; binding errors are HTTP 422.
    Named,
}

/// One model method call, before binding.
#[derive(Debug, Clone)]
pub(crate) struct Invocation {
    pub model: String,
    pub method: String,
    pub args: Vec<Value>,
    pub kwargs: Map<String, Value>,
    /// JSON-2's `ids` member, when given.
    pub ids: Option<Value>,
    pub style: Style,
    pub uid: i64,
}

/// A built-in method's signature.
struct Signature {
    class: &'static str,
    on_records: bool,
    params: Vec<(&'static str, bool)>,
    /// Accepts any other keyword (`**kwargs`).
    var_kwargs: bool,
    operation: Operation,
}

fn signature(method: &str, version: OdooVersion, model: &str) -> Option<Signature> {
    let sig = |class, on_records, params: &[(&'static str, bool)], operation| Signature {
        class,
        on_records,
        params: params.to_vec(),
        var_kwargs: false,
        operation,
    };
    use Operation::*;
    Some(match method {
        "search" => {
            let mut s = sig(
                "BaseModel",
                false,
                &[
                    ("domain", true),
                    ("offset", false),
                    ("limit", false),
                    ("order", false),
                ],
                Read,
            );
            if version < OdooVersion::V17 {
                s.params.push(("count", false));
            }
            s
        }
        "search_read" => {
            let mut s = sig(
                "BaseModel",
                false,
                &[
                    ("domain", false),
                    ("fields", false),
                    ("offset", false),
                    ("limit", false),
                    ("order", false),
                ],
                Read,
            );
            s.var_kwargs = true;
            s
        }
        "search_count" => sig(
            "BaseModel",
            false,
            &[("domain", true), ("limit", false)],
            Read,
        ),
        "read" => sig(
            "BaseModel",
            true,
            &[("fields", false), ("load", false)],
            Read,
        ),
        "create" => sig("BaseModel", false, &[("vals_list", true)], Create),
        "write" => sig("BaseModel", true, &[("vals", true)], Write),
        "unlink" => sig("BaseModel", true, &[], Unlink),
        "fields_get" => sig(
            "BaseModel",
            false,
            &[("allfields", false), ("attributes", false)],
            Read,
        ),
        "name_search" => {
            let domain = if version >= OdooVersion::V18 {
                "domain"
            } else {
                "args"
            };
            sig(
                "BaseModel",
                false,
                &[
                    ("name", false),
                    (domain, false),
                    ("operator", false),
                    ("limit", false),
                ],
                Read,
            )
        }
        "web_search_read" if version >= OdooVersion::V17 => sig(
            "Base",
            false,
            &[
                ("domain", true),
                ("specification", true),
                ("offset", false),
                ("limit", false),
                ("order", false),
                ("count_limit", false),
            ],
            Read,
        ),
        "web_search_read" => sig(
            "Base",
            false,
            &[
                ("domain", false),
                ("fields", false),
                ("offset", false),
                ("limit", false),
                ("order", false),
                ("count_limit", false),
            ],
            Read,
        ),
        "web_read" if version >= OdooVersion::V17 => {
            sig("Base", true, &[("specification", true)], Read)
        }
        "action_archive" | "action_unarchive" => sig("BaseModel", true, &[], Write),
        "context_get" if model == "res.users" => sig("Users", false, &[], Read),
        "name_create" => sig("BaseModel", false, &[("name", true)], Create),
        "default_get" => {
            let fields = if version >= OdooVersion::V19 {
                "fields"
            } else {
                "fields_list"
            };
            sig("BaseModel", false, &[(fields, true)], Read)
        }
        "exists" => sig("BaseModel", true, &[], Read),
        "read_group" => sig(
            "BaseModel",
            false,
            &[
                ("domain", true),
                ("fields", true),
                ("groupby", true),
                ("offset", false),
                ("limit", false),
                ("orderby", false),
                ("lazy", false),
            ],
            Read,
        ),
        "formatted_read_group" if version >= OdooVersion::V19 => sig(
            "BaseModel",
            false,
            &[
                ("domain", false),
                ("groupby", false),
                ("aggregates", false),
                ("having", false),
                ("offset", false),
                ("limit", false),
                ("order", false),
            ],
            Read,
        ),
        _ => return None,
    })
}

fn ids_of(value: &Value) -> Result<Vec<i64>, EmulatorError> {
    match value {
        Value::Number(n) => n.as_i64().map(|id| vec![id]).ok_or_else(|| bad_ids(value)),
        Value::Array(items) => items
            .iter()
            .map(|v| v.as_i64().ok_or_else(|| bad_ids(value)))
            .collect(),
        Value::Bool(false) | Value::Null => Ok(Vec::new()),
        _ => Err(bad_ids(value)),
    }
}

fn bad_ids(value: &Value) -> EmulatorError {
    EmulatorError::type_error(format!(
        "ids must be a list of integers, not {}",
        super::error::py_repr(value)
    ))
}

fn unprocessable(message: impl Into<String>) -> EmulatorError {
    EmulatorError::new(ExceptionClass::UnprocessableEntity, message)
}

/// Binds the arguments to the signature: `(ids, values by parameter name)`.
fn bind(
    inv: &Invocation,
    sig: &Signature,
) -> Result<(Vec<i64>, Map<String, Value>), EmulatorError> {
    let qual = format!("{}.{}()", sig.class, inv.method);
    let mut bound = Map::new();
    let mut ids = Vec::new();
    match inv.style {
        Style::Positional => {
            let mut args = inv.args.iter();
            if sig.on_records {
                match args.next() {
                    Some(first) => ids = ids_of(first)?,
                    None => {
                        return Err(EmulatorError::type_error(format!(
                            "{qual} missing 1 required positional argument: 'self'"
                        )))
                    }
                }
            }
            let rest: Vec<&Value> = args.collect();
            if rest.len() > sig.params.len() {
                return Err(EmulatorError::type_error(format!(
                    "{qual} takes {} positional arguments but {} were given",
                    sig.params.len() + 1,
                    rest.len() + 1
                )));
            }
            for ((name, _), value) in sig.params.iter().zip(rest) {
                bound.insert((*name).to_owned(), value.clone());
            }
            for (key, value) in &inv.kwargs {
                if !sig.params.iter().any(|(n, _)| n == key) {
                    if sig.var_kwargs {
                        bound.insert(key.clone(), value.clone());
                        continue;
                    }
                    return Err(EmulatorError::type_error(format!(
                        "{qual} got an unexpected keyword argument '{key}'"
                    )));
                }
                if bound.contains_key(key) {
                    return Err(EmulatorError::type_error(format!(
                        "{qual} got multiple values for argument '{key}'"
                    )));
                }
                bound.insert(key.clone(), value.clone());
            }
            let missing: Vec<&str> = sig
                .params
                .iter()
                .filter(|(n, required)| *required && !bound.contains_key(*n))
                .map(|(n, _)| *n)
                .collect();
            if !missing.is_empty() {
                let names: Vec<String> = missing.iter().map(|n| format!("'{n}'")).collect();
                return Err(EmulatorError::type_error(format!(
                    "{qual} missing {} required positional argument{}: {}",
                    missing.len(),
                    if missing.len() == 1 { "" } else { "s" },
                    names.join(" and ")
                )));
            }
        }
        Style::Named => {
            match (&inv.ids, sig.on_records) {
                (Some(_), false) => {
                    return Err(unprocessable(format!(
                        "cannot call {}.{} with ids",
                        inv.model, inv.method
                    )))
                }
                (Some(value), true) => {
                    ids = ids_of(value).map_err(|e| unprocessable(e.message()))?
                }
                (None, _) => {}
            }
            if let Some((name, _)) = sig
                .params
                .iter()
                .find(|(n, required)| *required && !inv.kwargs.contains_key(*n))
            {
                return Err(unprocessable(format!(
                    "missing a required argument: '{name}'"
                )));
            }
            for (key, value) in &inv.kwargs {
                if !sig.var_kwargs && !sig.params.iter().any(|(n, _)| n == key) {
                    return Err(unprocessable(format!(
                        "got an unexpected keyword argument '{key}'"
                    )));
                }
                bound.insert(key.clone(), value.clone());
            }
        }
    }
    Ok((ids, bound))
}

/// A limit or offset: a positive integer; `0`, `false`, `null` or anything else mean none.
fn opt_usize(value: Option<&Value>) -> Option<usize> {
    value
        .and_then(Value::as_u64)
        .filter(|n| *n > 0)
        .and_then(|n| usize::try_from(n).ok())
}

fn fields_arg(value: Option<&Value>) -> Option<Vec<String>> {
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

/// The error Odoo raises for a method that is not there.
pub(crate) fn no_such_method(
    model: &str,
    method: &str,
    version: OdooVersion,
    style: Style,
) -> EmulatorError {
    if style == Style::Named {
        return EmulatorError::new(
            ExceptionClass::NotFound,
            format!("The method '{model}.{method}' does not exist"),
        );
    }
    let message = if version >= OdooVersion::V19 {
        format!("The method '{model}.{method}' does not exist")
    } else {
        format!("The method '{method}' does not exist on the model '{model}'")
    };
    EmulatorError::new(ExceptionClass::AttributeError, message)
}

/// Runs one call: private-method refusal, handler or built-in, access check.
pub(crate) fn execute(shared: &Shared, inv: Invocation) -> Result<Value, EmulatorError> {
    let version = shared.version;
    if inv.method.starts_with('_') {
        let message = if version >= OdooVersion::V19 {
            format!(
                "Private methods (such as '{}.{}') cannot be called remotely.",
                inv.model, inv.method
            )
        } else {
            format!(
                "Private methods (such as {}) cannot be called remotely.",
                inv.method
            )
        };
        return Err(EmulatorError::access_error(message));
    }
    let mut kwargs = inv.kwargs.clone();
    let context = match kwargs.remove("context") {
        Some(Value::Object(map)) => map,
        _ => Map::new(),
    };
    let inv = Invocation { kwargs, ..inv };
    let user = shared.user(inv.uid);
    let mut store = shared.lock_store();
    store.set_env(inv.uid, context.clone());

    if let Some(handler) = shared.handler(&inv.model, &inv.method) {
        shared.check_access(user, &store, &inv.model, Operation::Read)?;
        let (ids, args, kwargs) = split_for_handler(&inv)?;
        let snapshot = store.snapshot();
        let mut call = HandlerCall {
            model: &inv.model,
            method: &inv.method,
            ids,
            args,
            kwargs,
            context,
            uid: inv.uid,
            store: &mut store,
        };
        let outcome = handler(&mut call);
        if outcome.is_err() {
            store.restore(snapshot);
        }
        return outcome;
    }

    let Some(sig) = signature(&inv.method, version, &inv.model) else {
        return Err(no_such_method(&inv.model, &inv.method, version, inv.style));
    };
    let (ids, bound) = bind(&inv, &sig)?;
    shared.check_access(user, &store, &inv.model, sig.operation)?;
    if sig.operation == Operation::Read || inv.method != "create" {
        return run_builtin(&mut store, &inv, ids, &bound, version);
    }
    // A list of records is created all or nothing, as in Odoo's transaction.
    let snapshot = store.snapshot();
    let outcome = run_builtin(&mut store, &inv, ids, &bound, version);
    if outcome.is_err() {
        store.restore(snapshot);
    }
    outcome
}

/// The ids, positional arguments and keyword arguments a handler receives.
type HandlerArgs = (Vec<i64>, Vec<Value>, Map<String, Value>);

fn split_for_handler(inv: &Invocation) -> Result<HandlerArgs, EmulatorError> {
    match inv.style {
        Style::Named => {
            let ids = match &inv.ids {
                Some(value) => ids_of(value).map_err(|e| unprocessable(e.message()))?,
                None => Vec::new(),
            };
            Ok((ids, Vec::new(), inv.kwargs.clone()))
        }
        Style::Positional => {
            let mut args = inv.args.clone();
            let looks_like_ids = match args.first() {
                Some(Value::Array(items)) => items.iter().all(Value::is_i64),
                Some(Value::Number(n)) => n.is_i64(),
                _ => false,
            };
            let ids = if looks_like_ids {
                ids_of(&args.remove(0))?
            } else {
                Vec::new()
            };
            Ok((ids, args, inv.kwargs.clone()))
        }
    }
}

fn run_builtin(
    store: &mut Store,
    inv: &Invocation,
    ids: Vec<i64>,
    bound: &Map<String, Value>,
    version: OdooVersion,
) -> Result<Value, EmulatorError> {
    let model = inv.model.as_str();
    let get = |k: &str| bound.get(k).filter(|v| !v.is_null());
    let empty = json!([]);
    match inv.method.as_str() {
        "search" => {
            let found = store.search_ids(
                model,
                get("domain").unwrap_or(&empty),
                get("order").and_then(Value::as_str),
                opt_usize(get("offset")).unwrap_or(0),
                opt_usize(get("limit")),
                None,
            )?;
            if get("count").and_then(Value::as_bool) == Some(true) {
                return Ok(json!(found.len()));
            }
            Ok(json!(found))
        }
        "read_group" => super::group::read_group(store, model, bound, version, false),
        "formatted_read_group" => super::group::read_group(store, model, bound, version, true),
        "search_count" => {
            let found = store.search_ids(
                model,
                get("domain").unwrap_or(&empty),
                None,
                0,
                opt_usize(get("limit")),
                None,
            )?;
            Ok(json!(found.len()))
        }
        "search_read" => {
            let found = store.search_ids(
                model,
                get("domain").unwrap_or(&empty),
                get("order").and_then(Value::as_str),
                opt_usize(get("offset")).unwrap_or(0),
                opt_usize(get("limit")),
                None,
            )?;
            Ok(Value::Array(store.read(
                model,
                &found,
                fields_arg(get("fields")).as_deref(),
            )?))
        }
        "read" => {
            // `load=None` (or anything but the classic mode) leaves many2one names out.
            let names = match bound.get("load") {
                None => true,
                Some(Value::String(mode)) => mode == "_classic_read",
                Some(_) => false,
            };
            Ok(Value::Array(store.read_with(
                model,
                &ids,
                fields_arg(get("fields")).as_deref(),
                names,
            )?))
        }
        "create" => match get("vals_list") {
            Some(Value::Array(list)) => {
                let mut created = Vec::new();
                for vals in list {
                    created.push(store.create(model, vals)?);
                }
                Ok(json!(created))
            }
            Some(vals @ Value::Object(_)) => {
                let id = store.create(model, vals)?;
                Ok(
                    if version >= OdooVersion::V19 && inv.style == Style::Named {
                        json!([id])
                    } else {
                        json!(id)
                    },
                )
            }
            other => Err(EmulatorError::type_error(format!(
                "create() takes a dictionary or a list of dictionaries, not {}",
                super::error::py_repr(other.unwrap_or(&Value::Null))
            ))),
        },
        "write" => {
            store.write(model, &ids, get("vals").unwrap_or(&Value::Null))?;
            Ok(Value::Bool(true))
        }
        "unlink" => {
            if model == "sale.order" {
                for id in &ids {
                    let state = store.stored_value(model, *id, "state");
                    if !matches!(state.as_str(), None | Some("draft" | "cancel")) {
                        return Err(EmulatorError::user_error(
                            "You can not delete a sent quotation or a confirmed sales order. You must first cancel it.",
                        ));
                    }
                }
            }
            store.unlink(model, &ids)?;
            Ok(Value::Bool(true))
        }
        "action_archive" | "action_unarchive" => {
            let active = inv.method == "action_unarchive";
            store.write(model, &ids, &json!({"active": active}))?;
            Ok(Value::Bool(true))
        }
        "fields_get" => fields_get(
            store,
            model,
            fields_arg(get("allfields")),
            fields_arg(get("attributes")),
        ),
        "name_search" => {
            let name = get("name").and_then(Value::as_str).unwrap_or_default();
            let operator = get("operator").and_then(Value::as_str).unwrap_or("ilike");
            let limit = opt_usize(get("limit")).unwrap_or(100);
            let extra = get("domain")
                .or_else(|| get("args"))
                .cloned()
                .unwrap_or_else(|| json!([]));
            let field = if store
                .schema()
                .model(model)
                .and_then(|m| m.field("name"))
                .is_some()
            {
                "name"
            } else {
                "display_name"
            };
            let mut domain = match extra {
                Value::Array(items) => items,
                _ => Vec::new(),
            };
            if !name.is_empty() || operator != "ilike" {
                domain.push(json!([field, operator, name]));
            }
            let found = store.search_ids(model, &Value::Array(domain), None, 0, None, None)?;
            // Odoo's name_search matches on display_name for contacts: "Company, Person".
            let mut rows: Vec<Value> = found
                .into_iter()
                .map(|id| json!([id, store.display_name(model, id)]))
                .collect();
            rows.sort_by(|a, b| a[1].as_str().cmp(&b[1].as_str()));
            rows.truncate(limit);
            Ok(Value::Array(rows))
        }
        "web_search_read" => {
            let domain = get("domain").unwrap_or(&empty);
            let all = store.search_ids(
                model,
                domain,
                get("order").and_then(Value::as_str),
                0,
                None,
                None,
            )?;
            let offset = opt_usize(get("offset")).unwrap_or(0);
            let page: Vec<i64> = all
                .iter()
                .copied()
                .skip(offset)
                .take(opt_usize(get("limit")).unwrap_or(usize::MAX))
                .collect();
            let records = match get("specification") {
                Some(Value::Object(spec)) => store.read_specification(model, &page, spec)?,
                _ => store.read(model, &page, fields_arg(get("fields")).as_deref())?,
            };
            let length = match opt_usize(get("count_limit")) {
                Some(limit) => all.len().min(limit),
                None => all.len(),
            };
            Ok(json!({"length": length, "records": records}))
        }
        "web_read" => {
            let spec = match get("specification") {
                Some(Value::Object(spec)) => spec.clone(),
                _ => Map::new(),
            };
            Ok(Value::Array(store.read_specification(model, &ids, &spec)?))
        }
        "name_create" => {
            let name = get("name").cloned().unwrap_or(Value::Bool(false));
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
        "default_get" => {
            let fields =
                fields_arg(get("fields").or_else(|| get("fields_list"))).unwrap_or_default();
            Ok(Value::Object(store.defaults(model, &fields)))
        }
        "exists" => Ok(json!(ids
            .iter()
            .copied()
            .filter(|id| store.exists(model, *id))
            .collect::<Vec<_>>())),
        "context_get" => {
            let mut context = Map::new();
            context.insert("lang".into(), json!("en_US"));
            context.insert("tz".into(), json!("Europe/Brussels"));
            if let Some(record) = store.record("res.users", inv.uid) {
                for key in ["lang", "tz"] {
                    if let Some(Value::String(v)) = record.get(key) {
                        context.insert(key.into(), json!(v));
                    }
                }
            }
            if version >= OdooVersion::V19 {
                context.insert("uid".into(), json!(inv.uid));
            }
            Ok(Value::Object(context))
        }
        other => Err(no_such_method(model, other, version, inv.style)),
    }
}

/// `fields_get`: the schema's attributes of the fields asked (all when none), filtered by
/// `attributes`.
fn fields_get(
    store: &Store,
    model: &str,
    allfields: Option<Vec<String>>,
    attributes: Option<Vec<String>>,
) -> Result<Value, EmulatorError> {
    let Some(model_schema) = store.schema().model(model) else {
        return Err(EmulatorError::user_error(format!(
            "Object {model} doesn't exist"
        )));
    };
    let mut out = Map::new();
    for (name, field) in &model_schema.fields {
        if let Some(wanted) = &allfields {
            if !wanted.is_empty() && !wanted.contains(name) {
                continue;
            }
        }
        let mut attrs = field_attributes(field);
        if let Some(keep) = &attributes {
            attrs.retain(|k, _| keep.contains(k));
        }
        out.insert(name.clone(), Value::Object(attrs));
    }
    Ok(Value::Object(out))
}

fn field_attributes(field: &FieldSchema) -> Map<String, Value> {
    let mut attrs = Map::new();
    attrs.insert("type".into(), json!(field.field_type.as_str()));
    attrs.insert(
        "string".into(),
        json!(field.string.clone().unwrap_or_default()),
    );
    if let Some(help) = &field.help {
        attrs.insert("help".into(), json!(help));
    }
    attrs.insert("required".into(), json!(field.required));
    attrs.insert("readonly".into(), json!(field.readonly));
    attrs.insert("store".into(), json!(field.store));
    attrs.insert("searchable".into(), json!(field.searchable));
    attrs.insert("sortable".into(), json!(field.sortable));
    attrs.insert("company_dependent".into(), json!(field.company_dependent));
    attrs.insert("depends".into(), json!(field.depends));
    attrs.insert("exportable".into(), json!(field.exportable));
    if field.field_type.is_relational() || field.relation.is_some() {
        if let Some(relation) = &field.relation {
            attrs.insert("relation".into(), json!(relation));
        }
    }
    if let Some(inverse) = &field.relation_field {
        attrs.insert("relation_field".into(), json!(inverse));
    }
    if let Some(selection) = &field.selection {
        attrs.insert("selection".into(), json!(selection));
    }
    if let Some(currency) = &field.currency_field {
        attrs.insert("currency_field".into(), json!(currency));
    }
    if let Some(groups) = &field.groups {
        attrs.insert("groups".into(), json!(groups));
    }
    if let Some(related) = &field.related {
        attrs.insert("related".into(), json!(related));
    }
    if let Some(size) = field.size {
        attrs.insert("size".into(), json!(size));
    }
    if matches!(
        field.field_type,
        odoo_schema::FieldType::Char | odoo_schema::FieldType::Text | odoo_schema::FieldType::Html
    ) {
        attrs.insert("translate".into(), json!(field.translate));
    }
    attrs
}

/// The handlers of `sale.order`'s state buttons, installed when the schema has that model and
/// the user registered none of the same name: `action_confirm` (state `sale`, returns true),
/// `action_cancel` (`cancel`), `action_draft` (`draft`), `action_lock` / `action_unlock`
/// (`locked`; they return None, as Odoo's do).
pub(crate) fn sale_order_actions() -> Vec<(&'static str, super::Handler)> {
    fn set(call: &mut HandlerCall<'_>, vals: Value, result: Value) -> Result<Value, EmulatorError> {
        let ids = call.ids.clone();
        call.store.write(call.model, &ids, &vals)?;
        Ok(result)
    }
    let handler = |vals: Value, result: Value| -> super::Handler {
        std::sync::Arc::new(move |call: &mut HandlerCall<'_>| {
            let has = |f: &str| {
                call.store
                    .schema()
                    .model(call.model)
                    .and_then(|m| m.field(f))
                    .is_some()
            };
            let mut vals = vals.clone();
            if let Value::Object(map) = &mut vals {
                map.retain(|k, _| has(k));
            }
            set(call, vals, result.clone())
        })
    };
    vec![
        (
            "action_confirm",
            handler(json!({"state": "sale"}), Value::Bool(true)),
        ),
        (
            "action_cancel",
            handler(json!({"state": "cancel"}), Value::Bool(true)),
        ),
        (
            "action_draft",
            handler(json!({"state": "draft"}), Value::Bool(true)),
        ),
        ("action_lock", handler(json!({"locked": true}), Value::Null)),
        (
            "action_unlock",
            handler(json!({"locked": false}), Value::Null),
        ),
    ]
}
