//! Conformance of the emulator (`odoo_emulator`) with real Odoo 16-19 servers.
//!
//! For every recorded exchange in `<fixtures>/odoo16` .. `odoo19` (`ODOO_FIXTURES`, default
//! `../shared/fixtures`), the test starts an emulator playing that version, with that
//! version's recorded schema (`fields_get.json` + `ir_model.json`), seeds it with what the
//! case needs (derived from the recorded exchange, see [`seed_for`]), sends the recorded
//! request (secrets replaced by the emulator's credentials) and checks that the answer has:
//!
//! - the same HTTP status and the same media type;
//! - the same body structure: same keys and value kinds recursively (for XML-RPC, of the
//!   decoded value); arrays of records or pairs of the same length, arrays of scalars with the
//!   same element kinds;
//! - the same error identity: JSON-RPC `error.code` and `error.data.name`, XML-RPC
//!   `faultCode`, JSON-2 `name`;
//! - the same error message (`data.message`, JSON-2 `message`, the XML-RPC `faultString` or
//!   the last line of its traceback), except in the cases of [`OWN_MESSAGES`], where Odoo's
//!   text names the recording database's groups or its parser's wording.
//!
//! Other values (ids, names, dates, tracebacks) are not compared: they are the recording
//! database's. Two families are compared loosely ([`LOOSE`]): the web client's
//! session information and the `/doc-bearer` API documentation. There the emulator sends a
//! subset of Odoo's keys (the ones an integration reads), with the same kinds.
//!
//! Seeds (all derived from the recording, none written per case, except one hint):
//!
//! - the environment every case of the recorded databases shares: company 1, and the
//!   `admin` user (uid 2, partner 3) and `limited` user (uid 8, 7 on 19, without access to
//!   `sale.order`) with their passwords as recorded;
//! - the ids the call names (unless the answer says they do not exist: MissingError, or an
//!   empty `read`);
//! - the rows a read answers (`read`, `search_read`, `web_read`, `web_search_read`), and as
//!   many records as `search`, `search_count`, `name_search` and `web_search_read`'s
//!   `length` report, with the values of the domain's `=` leaves;
//! - the records the written values refer to (many2one ids, x2many command ids);
//! - hint: the order of `error_user_error_unlink_confirmed_order` is confirmed
//!   (`state = "sale"`), which is the point of that case.
//!
//! # Coverage
//!
//! Every transcript is replayed; none is excluded ([`EXCLUDED`] is empty).
//! `coverage_is_complete` fails if a transcript is neither replayed nor listed there with a
//! reason, computes the table below (replayed/recorded) from the fixtures and fails when this
//! comment says otherwise:
//!
//! | family | 16 | 17 | 18 | 19 |
//! |---|---|---|---|---|
//! | `xmlrpc_` | 44/44 | 44/44 | 44/44 | 44/44 |
//! | `jsonrpc_` | 42/42 | 42/42 | 42/42 | 42/42 |
//! | `web_` | 44/44 | 43/43 | 43/43 | 43/43 |
//! | `json2_` | - | - | - | 46/46 |
//! | `doc_` | - | - | - | 5/5 |
//! | `http_` | 2/2 | 2/2 | 2/2 | 2/2 |

use crate::support;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use odoo_core::schema::Schema;
use odoo_emulator::{Access, Emulator, OdooVersion, User as EmuUser};
use serde_json::{json, Map, Value};
use support::http::{send, RawResponse};
use support::*;

/// Transcripts the emulator does not replay: `(version or 0 for all, name, reason)`.
const EXCLUDED: &[(u32, &str, &str)] = &[];

/// Cases compared loosely (a subset of Odoo's keys), by name.
const LOOSE: &[&str] = &[
    "web_session_authenticate_ok",
    "web_session_authenticate_limited_ok",
    "web_session_get_session_info",
    "doc_bearer_index",
    "doc_bearer_res_partner",
];

/// Cases whose error message is the recording database's own, compared by class only: the
/// group names of an access error, a parser's wording of a syntax error.
const OWN_MESSAGES: &[&str] = &[
    "error_access_limited_read_sale_order",
    "error_access_limited_write_sale_order",
    "error_malformed_body",
    "error_malformed_json",
];

const ADMIN_KEY: &str = "conformance-admin-key";
const LIMITED_KEY: &str = "conformance-limited-key";

fn excluded(t: &Transcript) -> Option<&'static str> {
    EXCLUDED
        .iter()
        .find(|(v, name, _)| (*v == 0 || *v == t.version) && *name == t.name)
        .map(|(_, _, reason)| *reason)
}

fn limited_uid(version: u32) -> i64 {
    if version >= 19 {
        7
    } else {
        8
    }
}

fn load_schema(root: &Path, version: u32) -> Schema {
    let dir = root.join(format!("odoo{version}"));
    let read = |name: &str| -> Value {
        let text = std::fs::read_to_string(dir.join(name))
            .unwrap_or_else(|e| panic!("cannot read {name} of odoo{version}: {e}"));
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name} of odoo{version}: {e}"))
    };
    Schema::from_fields_get(
        Some(format!("{version}.0")),
        &read("fields_get.json"),
        Some(&read("ir_model.json")),
    )
    .unwrap_or_else(|e| panic!("schema of odoo{version}: {e}"))
}

/// The model call a transcript makes: model, method, positional args, kwargs, ids.
#[derive(Debug, Default)]
struct CallInfo {
    model: String,
    method: String,
    args: Vec<Value>,
    kwargs: Map<String, Value>,
    ids: Vec<i64>,
}

fn ids_in(value: Option<&Value>) -> Option<Vec<i64>> {
    match value? {
        Value::Number(n) => n.as_i64().map(|id| vec![id]),
        Value::Array(items) if items.iter().all(Value::is_i64) => {
            Some(items.iter().filter_map(Value::as_i64).collect())
        }
        _ => None,
    }
}

fn call_info(t: &Transcript) -> Option<CallInfo> {
    let body = t.request_value()?;
    let path = t.request.path.as_str();
    let (model, method, args, kwargs) = if path.starts_with("/xmlrpc/") || path == "/jsonrpc" {
        let (method, params) = if path == "/jsonrpc" {
            (
                body.pointer("/params/method")?.as_str()?,
                body.pointer("/params/args")?.as_array()?.clone(),
            )
        } else {
            (
                body.get("methodName")?.as_str()?,
                body.get("params")?.as_array()?.clone(),
            )
        };
        if method != "execute_kw" {
            return None;
        }
        let args = params
            .get(5)
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        let kwargs = params
            .get(6)
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default();
        (
            params.get(3)?.as_str()?.to_owned(),
            params.get(4)?.as_str()?.to_owned(),
            args,
            kwargs,
        )
    } else if path.starts_with("/web/dataset/call_kw") {
        let params = body.get("params")?;
        (
            params.get("model")?.as_str()?.to_owned(),
            params.get("method")?.as_str()?.to_owned(),
            params
                .get("args")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default(),
            params
                .get("kwargs")
                .and_then(Value::as_object)
                .cloned()
                .unwrap_or_default(),
        )
    } else if let Some(rest) = path.strip_prefix("/json/2/") {
        let (model, method) = rest.split_once('/')?;
        let mut kwargs = body.as_object()?.clone();
        let ids = kwargs.remove("ids");
        let args = ids.into_iter().collect();
        (model.to_owned(), method.to_owned(), args, kwargs)
    } else {
        return None;
    };
    let ids = ids_in(args.first()).unwrap_or_default();
    Some(CallInfo {
        model,
        method,
        args,
        kwargs,
        ids,
    })
}

/// The successful result of the recorded exchange, if it is one.
fn recorded_result(t: &Transcript) -> Option<Value> {
    let body = t.response_value()?;
    if t.request.path.starts_with("/xmlrpc/") {
        return body.get("params")?.get(0).cloned();
    }
    if t.request.path.starts_with("/json/2/") {
        return (t.response.status == 200).then_some(body);
    }
    body.get("result").cloned()
}

/// The recorded error class (`odoo.exceptions.MissingError`...), or XML-RPC fault string.
fn recorded_error(t: &Transcript) -> String {
    let Some(body) = t.response_value() else {
        return String::new();
    };
    if let Some(name) = body.pointer("/error/data/name").and_then(Value::as_str) {
        return name.to_owned();
    }
    if let Some(fault) = body.pointer("/fault/faultString").and_then(Value::as_str) {
        return fault.to_owned();
    }
    if t.response.status != 200 {
        return body
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
    }
    String::new()
}

/// The `=` leaves of a domain, as field values that satisfy it.
fn domain_values(domain: Option<&Value>) -> Map<String, Value> {
    let mut out = Map::new();
    for leaf in domain.and_then(Value::as_array).into_iter().flatten() {
        if let Some([Value::String(field), Value::String(op), value]) =
            leaf.as_array().map(Vec::as_slice)
        {
            if op == "=" && !field.contains('.') {
                out.insert(field.clone(), value.clone());
            }
        }
    }
    out
}

/// A row found by a search, completed with the values its domain required.
fn with_values(mut row: Value, values: &Map<String, Value>) -> Value {
    if let Value::Object(map) = &mut row {
        for (k, v) in values {
            map.entry(k.clone()).or_insert_with(|| v.clone());
        }
    }
    row
}

/// The domain argument of a call (positional first, else keyword).
fn domain_of(call: &CallInfo) -> Option<&Value> {
    call.kwargs
        .get("domain")
        .or_else(|| call.kwargs.get("args"))
        .or_else(|| {
            if call.ids.is_empty() && call.method != "create" {
                call.args.first()
            } else {
                None
            }
        })
}

/// Records a case needs, `(model, record)`, derived from the recorded exchange.
fn seed_for(t: &Transcript, schema: &Schema) -> Vec<(String, Value)> {
    let mut seeds = Vec::new();
    let Some(call) = call_info(t) else {
        return seeds;
    };
    let Some(model_schema) = schema.model(&call.model) else {
        return seeds;
    };
    let result = recorded_result(t);
    let error = recorded_error(t);
    let missing = error.contains("MissingError")
        || error.contains("does not exist or has been deleted")
        || (matches!(call.method.as_str(), "read" | "web_read") && result == Some(json!([])));
    let record_method = !call.ids.is_empty();
    if record_method && !missing {
        for id in &call.ids {
            let mut record = json!({"id": id});
            if t.case() == "error_user_error_unlink_confirmed_order" {
                record["state"] = json!("sale");
            }
            seeds.push((call.model.clone(), record));
        }
    }
    let rows = |value: &Value| -> Vec<Value> {
        value
            .as_array()
            .map(|rows| {
                rows.iter()
                    .filter(|r| r.get("id").is_some())
                    .cloned()
                    .collect()
            })
            .unwrap_or_default()
    };
    let matching = domain_values(domain_of(&call));
    let fill = |seeds: &mut Vec<(String, Value)>, count: usize| {
        for _ in 0..count {
            seeds.push((call.model.clone(), Value::Object(matching.clone())));
        }
    };
    match (call.method.as_str(), &result) {
        ("read" | "web_read", Some(value)) => {
            for row in rows(value) {
                seeds.push((call.model.clone(), row));
            }
        }
        ("search_read", Some(value)) => {
            for row in rows(value) {
                seeds.push((call.model.clone(), with_values(row, &matching)));
            }
        }
        ("web_search_read", Some(value)) => {
            let records = rows(value.get("records").unwrap_or(&Value::Null));
            let length = value.get("length").and_then(Value::as_u64).unwrap_or(0) as usize;
            let extra = length.saturating_sub(records.len());
            for row in records {
                seeds.push((call.model.clone(), with_values(row, &matching)));
            }
            fill(&mut seeds, extra);
        }
        ("search", Some(Value::Array(ids))) => {
            for id in ids {
                let mut record = matching.clone();
                record.insert("id".into(), id.clone());
                seeds.push((call.model.clone(), Value::Object(record)));
            }
        }
        ("search_count", Some(Value::Number(n))) => {
            fill(&mut seeds, n.as_u64().unwrap_or(0) as usize);
        }
        ("name_search", Some(Value::Array(pairs))) => {
            for pair in pairs {
                if let Some([id, name]) = pair.as_array().map(Vec::as_slice) {
                    seeds.push((call.model.clone(), json!({"id": id, "name": name})));
                }
            }
        }
        _ => {}
    }
    // Records the written values refer to.
    let mut vals_list: Vec<&Map<String, Value>> = Vec::new();
    let vals_arg = match call.method.as_str() {
        "create" => call.kwargs.get("vals_list").or_else(|| call.args.first()),
        "write" => call.kwargs.get("vals").or_else(|| call.args.get(1)),
        _ => None,
    };
    match vals_arg {
        Some(Value::Object(vals)) => vals_list.push(vals),
        Some(Value::Array(list)) => vals_list.extend(list.iter().filter_map(Value::as_object)),
        _ => {}
    }
    for vals in vals_list {
        for (name, value) in vals {
            let Some(field) = model_schema.field(name) else {
                continue;
            };
            let Some(relation) = field.relation.clone() else {
                continue;
            };
            if schema.model(&relation).is_none() {
                continue;
            }
            if let Some(id) = value.as_i64() {
                seeds.push((relation.clone(), json!({"id": id})));
                continue;
            }
            for command in value.as_array().into_iter().flatten() {
                let Some(parts) = command.as_array() else {
                    continue;
                };
                let code = parts.first().and_then(Value::as_i64).unwrap_or(0);
                let mut targets: Vec<i64> = match code {
                    1..=4 => parts.get(1).and_then(Value::as_i64).into_iter().collect(),
                    6 => ids_in(parts.get(2)).unwrap_or_default(),
                    _ => Vec::new(),
                };
                for target in targets.drain(..) {
                    let mut record = json!({"id": target});
                    if let (Some(inverse), [parent]) = (&field.relation_field, call.ids.as_slice())
                    {
                        if matches!(code, 1..=3) {
                            record[inverse] = json!(parent);
                        }
                    }
                    seeds.push((relation.clone(), record));
                }
                if code == 0 {
                    if let Some(Value::Object(child)) = parts.get(2) {
                        for (child_field, child_value) in child {
                            let target_relation = schema
                                .model(&relation)
                                .and_then(|m| m.field(child_field))
                                .filter(|f| f.field_type == odoo_core::schema::FieldType::Many2one)
                                .and_then(|f| f.relation.clone());
                            if let (Some(r), Some(id)) = (target_relation, child_value.as_i64()) {
                                if schema.model(&r).is_some() {
                                    seeds.push((r, json!({"id": id})));
                                }
                            }
                        }
                    }
                }
            }
        }
    }
    seeds
}

async fn start_for(t: &Transcript, schema: &Schema) -> Emulator {
    let version = OdooVersion::from_major(t.version).unwrap_or(OdooVersion::V19);
    let mut builder = Emulator::builder()
        .version(version)
        .database(format!("odoo{}", t.version))
        .schema(schema.clone())
        .record("res.company", json!({"id": 1, "name": "My Company (San Francisco)"}))
        .record(
            "res.users",
            json!({"id": 2, "login": "admin", "name": "Mitchell Admin", "partner_id": [3, "Mitchell Admin"], "company_id": 1}),
        )
        .user(EmuUser::new("admin", "admin").uid(2).name("Mitchell Admin").api_key(ADMIN_KEY).admin())
        .user(
            EmuUser::new("limited", "limited")
                .uid(limited_uid(t.version))
                .api_key(LIMITED_KEY)
                .access("sale.order", Access::none())
                .access("sale.order.line", Access::none()),
        );
    for (model, record) in seed_for(t, schema) {
        builder = builder.record(model, record);
    }
    match builder.start().await {
        Ok(emu) => emu,
        Err(e) => panic!("{} odoo{}: emulator does not start: {e}", t.name, t.version),
    }
}

/// The recorded request with the emulator's credentials in place of the redacted ones.
async fn request_for(t: &Transcript, emu: &Emulator) -> IncomingRequest {
    let mut request = IncomingRequest::from_transcript(t);
    let user = t.user();
    if request.header("Authorization").is_some() {
        let key = match user {
            User::Admin => ADMIN_KEY,
            User::Limited => LIMITED_KEY,
            _ => "not-a-valid-key",
        };
        request.set_header("Authorization", Some(&format!("bearer {key}")));
    }
    if request.header("Cookie").is_some() {
        let session = match user {
            User::Admin | User::Limited => {
                let (login, password) = if user == User::Admin {
                    ("admin", "admin")
                } else {
                    ("limited", "limited")
                };
                let body = json!({"jsonrpc": "2.0", "method": "call", "params": {"db": emu.database(), "login": login, "password": password}, "id": 1});
                let auth = IncomingRequest::new(
                    "POST",
                    "/web/session/authenticate",
                    &[("Content-Type", "application/json")],
                    body.to_string().as_bytes(),
                );
                let answer = send(emu.url(), &auth).await;
                answer
                    .header("set-cookie")
                    .and_then(|c| c.split(';').next())
                    .and_then(|c| c.strip_prefix("session_id="))
                    .unwrap_or_else(|| {
                        panic!(
                            "{}: the emulator gave no session: {}",
                            t.name,
                            answer.text()
                        )
                    })
                    .to_owned()
            }
            _ => "bogus-session-id".to_owned(),
        };
        request.set_header("Cookie", Some(&format!("session_id={session}")));
    }
    request
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "bool",
        Value::Number(n) if n.is_f64() => "float",
        Value::Number(_) => "int",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

fn is_scalar(value: &Value) -> bool {
    !matches!(value, Value::Array(_) | Value::Object(_))
}

/// Structural differences between a recorded value and the emulator's.
fn shape_diff(
    recorded: &Value,
    actual: &Value,
    path: &str,
    loose: bool,
    depth: usize,
    out: &mut Vec<String>,
) {
    if kind(recorded) != kind(actual) {
        out.push(format!(
            "{path}: recorded {} {}, emulator {} {}",
            kind(recorded),
            short(recorded),
            kind(actual),
            short(actual)
        ));
        return;
    }
    match (recorded, actual) {
        (Value::Object(r), Value::Object(a)) => {
            let rk: BTreeSet<&String> = r.keys().collect();
            let ak: BTreeSet<&String> = a.keys().collect();
            if !loose || depth <= 1 {
                let extra: Vec<&&String> = ak.difference(&rk).collect();
                if !extra.is_empty() {
                    out.push(format!("{path}: keys only in the emulator: {extra:?}"));
                }
            }
            if !loose {
                let missing: Vec<&&String> = rk.difference(&ak).collect();
                if !missing.is_empty() {
                    out.push(format!(
                        "{path}: keys missing from the emulator: {missing:?}"
                    ));
                }
            }
            for key in rk.intersection(&ak) {
                shape_diff(
                    &r[*key],
                    &a[*key],
                    &format!("{path}.{key}"),
                    loose,
                    depth + 1,
                    out,
                );
            }
        }
        (Value::Array(r), Value::Array(a)) => {
            if loose {
                if let (Some(r0), Some(a0)) = (r.first(), a.first()) {
                    shape_diff(r0, a0, &format!("{path}[0]"), loose, depth + 1, out);
                }
                return;
            }
            if r.is_empty() != a.is_empty() {
                out.push(format!(
                    "{path}: recorded {} items, emulator {}",
                    r.len(),
                    a.len()
                ));
                return;
            }
            if r.iter().all(is_scalar) && a.iter().all(is_scalar) {
                if let Some(first) = r.first() {
                    for (i, item) in a.iter().enumerate() {
                        if kind(item) != kind(first) && !r.iter().any(|x| kind(x) == kind(item)) {
                            out.push(format!(
                                "{path}[{i}]: emulator {} among recorded {}",
                                kind(item),
                                kind(first)
                            ));
                        }
                    }
                }
                return;
            }
            if r.len() != a.len() {
                out.push(format!(
                    "{path}: recorded {} items, emulator {}",
                    r.len(),
                    a.len()
                ));
            }
            for (i, (ri, ai)) in r.iter().zip(a).enumerate() {
                shape_diff(ri, ai, &format!("{path}[{i}]"), loose, depth + 1, out);
            }
        }
        _ => {}
    }
}

fn short(value: &Value) -> String {
    let text = value.to_string();
    if text.chars().count() > 80 {
        format!("{}...", text.chars().take(80).collect::<String>())
    } else {
        text
    }
}

/// The error message of an answer: JSON-RPC `error.data.message`, JSON-2 `message`, the
/// XML-RPC `faultString` (its last line when it is a traceback); `None` for a success.
fn error_message(answer: &Value) -> Option<String> {
    if let Some(message) = answer
        .pointer("/error/data/message")
        .and_then(Value::as_str)
    {
        return Some(message.to_owned());
    }
    if let Some(fault) = answer.pointer("/fault/faultString").and_then(Value::as_str) {
        return Some(
            match fault.strip_prefix("Traceback (most recent call last):") {
                Some(trace) => trace
                    .trim_end()
                    .lines()
                    .last()
                    .unwrap_or_default()
                    .to_owned(),
                None => fault.to_owned(),
            },
        );
    }
    answer
        .get("message")
        .filter(|_| answer.get("arguments").is_some())
        .and_then(Value::as_str)
        .map(str::to_owned)
}

fn media_type(content_type: &str) -> String {
    content_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase()
}

/// Compares one answer with the recording; an empty list when they conform.
fn compare(t: &Transcript, answer: &RawResponse) -> Vec<String> {
    let mut out = Vec::new();
    if answer.status != t.response.status {
        out.push(format!(
            "status: recorded {}, emulator {} ({})",
            t.response.status,
            answer.status,
            short(&Value::String(answer.text()))
        ));
        return out;
    }
    let recorded_type = t
        .response_header("content-type")
        .map(media_type)
        .unwrap_or_default();
    let actual_type = answer
        .header("content-type")
        .map(media_type)
        .unwrap_or_default();
    if recorded_type != actual_type {
        out.push(format!(
            "content-type: recorded {recorded_type}, emulator {actual_type}"
        ));
    }
    if t.response_header("www-authenticate").is_some()
        != answer.header("www-authenticate").is_some()
    {
        out.push("www-authenticate header presence differs".to_owned());
    }
    let Some(recorded) = t.response_value() else {
        // HTML pages and plain texts: status and media type are what matters.
        return out;
    };
    let actual = match body_value(&t.request.path, &answer.text()) {
        Ok(value) => value,
        Err(e) => {
            out.push(format!(
                "emulator body does not parse: {e}: {}",
                short(&Value::String(answer.text()))
            ));
            return out;
        }
    };
    for pointer in ["/error/code", "/error/data/name", "/fault/faultCode"] {
        if recorded.pointer(pointer) != actual.pointer(pointer) {
            out.push(format!(
                "{pointer}: recorded {:?}, emulator {:?}",
                recorded.pointer(pointer),
                actual.pointer(pointer)
            ));
        }
    }
    if t.response.status != 200 && recorded.get("name") != actual.get("name") {
        out.push(format!(
            "name: recorded {:?}, emulator {:?}",
            recorded.get("name"),
            actual.get("name")
        ));
    }
    if !OWN_MESSAGES.iter().any(|case| t.case() == *case) {
        let (recorded_message, actual_message) = (error_message(&recorded), error_message(&actual));
        if recorded_message != actual_message {
            out.push(format!(
                "message: recorded {recorded_message:?}, emulator {actual_message:?}"
            ));
        }
    }
    let loose = LOOSE.contains(&t.name.as_str());
    shape_diff(&recorded, &actual, "$", loose, 0, &mut out);
    out
}

fn all_transcripts() -> Vec<Transcript> {
    VERSIONS.iter().flat_map(|v| load_transcripts(v)).collect()
}

#[tokio::test]
async fn coverage_is_complete() {
    let _root = require_fixtures!();
    let mut table: BTreeMap<(String, u32), (usize, usize)> = BTreeMap::new();
    let mut problems = Vec::new();
    for t in all_transcripts() {
        let family = t.family().prefix().to_owned();
        let cell = table.entry((family, t.version)).or_default();
        cell.1 += 1;
        match excluded(&t) {
            None => cell.0 += 1,
            Some(reason) if reason.trim().is_empty() => problems.push(format!(
                "{} odoo{}: excluded without a reason",
                t.name, t.version
            )),
            Some(_) => {}
        }
    }
    for (version, name, _) in EXCLUDED {
        let known = VERSIONS
            .iter()
            .filter(|v| *version == 0 || version_number(v) == Some(*version))
            .any(|v| try_load_transcript(v, name).is_some());
        if !known {
            problems.push(format!(
                "EXCLUDED names {name} (version {version}), which is not recorded"
            ));
        }
    }
    let mut text = String::from("| family | 16 | 17 | 18 | 19 |\n|---|---|---|---|---|\n");
    for family in Family::ALL {
        let cells: Vec<String> = [16, 17, 18, 19]
            .iter()
            .map(|v| match table.get(&(family.prefix().to_owned(), *v)) {
                Some((covered, total)) => format!("{covered}/{total}"),
                None => "-".to_owned(),
            })
            .collect();
        text.push_str(&format!(
            "| `{}_` | {} |\n",
            family.prefix(),
            cells.join(" | ")
        ));
    }
    eprintln!("emulator conformance coverage (replayed/recorded):\n{text}");
    let documented: String = include_str!("conformance.rs")
        .lines()
        .filter_map(|line| line.strip_prefix("//! |"))
        .map(|rest| format!("|{rest}\n"))
        .collect();
    if documented != text {
        problems.push(format!(
            "the coverage table at the top of conformance.rs is stale; it should read:\n{text}"
        ));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn emulator_answers_like_the_recorded_servers() {
    let root = require_fixtures!();
    let mut failures = Vec::new();
    let mut replayed = 0;
    for version in VERSIONS {
        let number = version_number(version).unwrap_or(0);
        let schema = load_schema(&root, number);
        for t in load_transcripts(version) {
            if excluded(&t).is_some() {
                continue;
            }
            let emu = start_for(&t, &schema).await;
            let request = request_for(&t, &emu).await;
            let answer = send(emu.url(), &request).await;
            let problems = compare(&t, &answer);
            if std::env::var("EMULATOR_DEBUG").is_ok_and(|n| n == t.name) {
                eprintln!(
                    "seeds: {:?}\nrequest: {}\nanswer: {}",
                    seed_for(&t, &schema),
                    request.body_text(),
                    answer.text()
                );
            }
            replayed += 1;
            if !problems.is_empty() {
                failures.push(format!(
                    "{} (odoo{number}):\n    {}",
                    t.name,
                    problems.join("\n    ")
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {replayed} transcripts differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[tokio::test]
async fn the_comparison_sees_differences() {
    require_fixtures!();
    let t = load_transcript("odoo17", "jsonrpc_read_partner");
    let answer = |status: u16, body: &str| RawResponse {
        status,
        headers: vec![(
            "Content-Type".to_owned(),
            "application/json; charset=utf-8".to_owned(),
        )],
        body: body.as_bytes().to_vec(),
    };
    let recorded = t.response.body.clone();
    assert!(compare(&t, &answer(200, &recorded)).is_empty());
    assert!(!compare(&t, &answer(500, &recorded)).is_empty());
    let mut value: Value = serde_json::from_str(&recorded).expect("recorded JSON");
    if let Some(row) = value
        .pointer_mut("/result/0")
        .and_then(Value::as_object_mut)
    {
        row.remove("email");
    }
    assert!(
        !compare(&t, &answer(200, &value.to_string())).is_empty(),
        "a missing key"
    );
    let mut value: Value = serde_json::from_str(&recorded).expect("recorded JSON");
    value["result"][0]["name"] = json!(false);
    assert!(
        !compare(&t, &answer(200, &value.to_string())).is_empty(),
        "a changed kind"
    );
    assert!(!compare(
        &t,
        &answer(200, r#"{"jsonrpc": "2.0", "id": 1, "result": []}"#)
    )
    .is_empty());
    let error = load_transcript("odoo17", "jsonrpc_error_private_method");
    let mut value: Value = serde_json::from_str(&error.response.body).expect("recorded JSON");
    value["error"]["data"]["name"] = json!("odoo.exceptions.UserError");
    assert!(
        !compare(&error, &answer(200, &value.to_string())).is_empty(),
        "another class"
    );
    let mut value: Value = serde_json::from_str(&error.response.body).expect("recorded JSON");
    value["error"]["data"]["message"] = json!("Something else.");
    assert!(
        !compare(&error, &answer(200, &value.to_string())).is_empty(),
        "another message"
    );
    let fault = load_transcript("odoo18", "xmlrpc_error_unexpected_kwarg");
    let xml_answer = RawResponse {
        status: 200,
        headers: vec![(
            "Content-Type".to_owned(),
            "text/xml; charset=utf-8".to_owned(),
        )],
        body: fault
            .response
            .body
            .replace("no_such_kwarg", "other_kwarg")
            .into_bytes(),
    };
    assert!(
        !compare(&fault, &xml_answer).is_empty(),
        "another traceback's last line"
    );
}
