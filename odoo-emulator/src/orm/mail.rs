//! `message_post` on thread models (see `Store::is_thread`), as Odoo 16 to 19 answer it:
//!
//! - bound as `message_post(self, *, body='', subject=None, message_type='notification',
//!   ..., **kwargs)`: the record ids, then keyword arguments only (other keywords that are
//!   fields of `mail.message` go to the message, the rest is ignored);
//! - on exactly one record (`ValueError: Expected singleton` otherwise), that exists
//!   (`MissingError`), with `partner_ids` a list of ids;
//! - the body is stored as an `html` field on 16; a string body is plain text from 17 (its
//!   markup escaped), as Odoo posts a `str`;
//! - `subtype_xmlid` (or `subtype_id`) names the subtype, `Note` by default; `attachments`
//!   (`[name, content]` pairs) become attachments of the record linked to the message;
//! - the answer is the new message's id on 16 to 18 and a list of that one id on 19, on every
//!   transport.

use base64::Engine;
use serde_json::{json, Map, Value};

use super::{ids_of, Invocation, Style};
use crate::access::Operation;
use crate::error::{py_repr, EmulatorError};
use crate::store::{html, Store};
use crate::Feature;
use crate::{OdooVersion, Shared, User};

/// Keyword arguments `message_post` reads itself rather than passing them to the message.
const OWN_KEYWORDS: &[&str] = &["subtype_xmlid", "attachments", "attachment_ids"];

/// Runs `message_post` when the call is one on a thread model (`None` otherwise): the
/// user needs write access to the model; a failed post changes nothing.
pub(super) fn on_thread(
    shared: &Shared,
    user: Option<&User>,
    store: &mut Store,
    inv: &Invocation,
) -> Option<Result<Value, EmulatorError>> {
    if inv.method != "message_post" || !store.is_thread(&inv.model) {
        return None;
    }
    if let Err(refused) = shared.check_access(user, store, &inv.model, Operation::Write) {
        return Some(Err(refused));
    }
    let snapshot = store.snapshot();
    let outcome = message_post(store, inv, shared.version);
    if outcome.is_err() {
        store.restore(snapshot);
    }
    Some(outcome)
}

/// Runs `message_post`; the caller rolls the store back on an error.
fn message_post(
    store: &mut Store,
    inv: &Invocation,
    version: OdooVersion,
) -> Result<Value, EmulatorError> {
    let (ids, kwargs) = bind(inv)?;
    let [id] = ids.as_slice() else {
        let listed: Vec<String> = ids.iter().map(i64::to_string).collect();
        return Err(EmulatorError::value_error(format!(
            "Expected singleton: {}({})",
            inv.model,
            listed.join(", ")
        )));
    };
    check_keywords(&kwargs, version)?;
    if !store.exists(&inv.model, *id) {
        return Err(EmulatorError::missing_records(
            &inv.model,
            &[*id],
            store.uid(),
        ));
    }
    let mut values: Map<String, Value> = kwargs
        .iter()
        .filter(|(key, _)| !OWN_KEYWORDS.contains(&key.as_str()))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    let body = match kwargs.get("body") {
        Some(Value::String(body)) if version.has(Feature::MessagePostChecksArguments) => {
            html::plain_text(body)
        }
        Some(Value::String(body)) => body.clone(),
        _ => String::new(),
    };
    values.insert("body".into(), json!(body));
    values
        .entry("message_type")
        .or_insert_with(|| json!("notification"));
    if let Some(xmlid) = kwargs.get("subtype_xmlid").and_then(Value::as_str) {
        if let Some(subtype) = store.subtype_by_xmlid(xmlid) {
            values.insert("subtype_id".into(), json!(subtype));
        }
    }
    if !values.get("author_id").is_some_and(Value::is_i64) {
        let partner = store.stored_value("res.users", store.uid(), "partner_id");
        values.insert(
            "author_id".into(),
            partner.as_i64().map_or(json!(false), |p| json!(p)),
        );
    }
    for key in ["partner_ids"] {
        if let Some(Value::Array(list)) = values.get(key).cloned() {
            values.insert(key.into(), json!([[6, 0, list]]));
        }
    }
    let mut attachments = ids_list(kwargs.get("attachment_ids"));
    attachments.extend(attach(store, &inv.model, *id, kwargs.get("attachments"))?);
    if !attachments.is_empty() {
        values.insert("attachment_ids".into(), json!([[6, 0, attachments]]));
    }
    let message = store.post_message(&inv.model, *id, values)?;
    Ok(if version.has(Feature::MessagePostAnswersList) {
        json!([message])
    } else {
        json!(message)
    })
}

/// The record ids and keyword arguments of the call, bound as Python binds
/// `message_post(self, *, ...)`.
fn bind(inv: &Invocation) -> Result<(Vec<i64>, Map<String, Value>), EmulatorError> {
    const QUAL: &str = "MailThread.message_post()";
    match inv.style {
        Style::Named => {
            let ids = match &inv.ids {
                Some(value) => ids_of(value).map_err(|e| super::unprocessable(e.message()))?,
                None => Vec::new(),
            };
            Ok((ids, inv.kwargs.clone()))
        }
        Style::Positional => match inv.args.as_slice() {
            [] => Err(EmulatorError::type_error(format!(
                "{QUAL} missing 1 required positional argument: 'self'"
            ))),
            [ids] => Ok((ids_of(ids)?, inv.kwargs.clone())),
            more => Err(EmulatorError::type_error(format!(
                "{QUAL} takes 1 positional argument but {} were given",
                more.len()
            ))),
        },
    }
}

/// The checks Odoo makes of the keyword arguments before posting.
fn check_keywords(kwargs: &Map<String, Value>, version: OdooVersion) -> Result<(), EmulatorError> {
    if kwargs.contains_key("model") || kwargs.contains_key("res_id") {
        return Err(EmulatorError::value_error(
            "message_post does not support model and res_id parameters anymore. Please call message_post on record.",
        ));
    }
    if kwargs.get("message_type").and_then(Value::as_str) == Some("user_notification") {
        return Err(EmulatorError::value_error(
            "Posting a message should be done on a business document. Use message_notify to send a notification to an user.",
        ));
    }
    match kwargs.get("partner_ids") {
        None | Some(Value::Null | Value::Bool(false)) => Ok(()),
        Some(Value::Array(items)) if items.iter().all(Value::is_i64) => Ok(()),
        Some(other) if version.has(Feature::MessagePostChecksArguments) => {
            Err(EmulatorError::value_error(format!(
                "Posting a message should receive partners as a list of IDs (received {})",
                py_repr(other)
            )))
        }
        Some(Value::Array(_)) => Err(EmulatorError::type_error("unhashable type: 'list'")),
        Some(other) => Err(EmulatorError::type_error(format!(
            "'{}' object is not iterable",
            python_type(other)
        ))),
    }
}

/// The ids of a list argument (anything else reads as none).
fn ids_list(value: Option<&Value>) -> Vec<i64> {
    value
        .and_then(Value::as_array)
        .map(|items| items.iter().filter_map(Value::as_i64).collect())
        .unwrap_or_default()
}

/// Creates the attachments of `attachments` (`[name, content]` pairs, the content as text)
/// on the record; their ids.
fn attach(
    store: &mut Store,
    model: &str,
    id: i64,
    attachments: Option<&Value>,
) -> Result<Vec<i64>, EmulatorError> {
    let pairs = match attachments {
        None | Some(Value::Null | Value::Bool(false)) => return Ok(Vec::new()),
        Some(Value::Array(pairs)) => pairs,
        Some(other) => {
            return Err(EmulatorError::type_error(format!(
                "attachments must be a list of (name, content) pairs, not {}",
                py_repr(other)
            )))
        }
    };
    let mut created = Vec::new();
    for pair in pairs {
        let (Some(name), Some(content)) = (
            pair.get(0).and_then(Value::as_str),
            pair.get(1).and_then(Value::as_str),
        ) else {
            return Err(EmulatorError::value_error(format!(
                "an attachment must be a (name, content) pair, not {}",
                py_repr(pair)
            )));
        };
        let datas = base64::engine::general_purpose::STANDARD.encode(content);
        let vals = json!({"name": name, "datas": datas, "res_model": model, "res_id": id});
        created.push(store.create("ir.attachment", &vals)?);
    }
    Ok(created)
}

/// Python's name of a JSON value's type.
fn python_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "NoneType",
        Value::Bool(_) => "bool",
        Value::Number(n) if n.is_f64() => "float",
        Value::Number(_) => "int",
        Value::String(_) => "str",
        Value::Array(_) => "list",
        Value::Object(_) => "dict",
    }
}
