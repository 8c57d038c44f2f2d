//! `/xmlrpc/2/<service>` and `/jsonrpc`: the services `common`, `db` and `object`.

use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{json, Map, Value};

use super::{json_response, text_response, Request};
use crate::error::{EmulatorError, ExceptionClass};
use crate::orm::{self, Invocation, Style};
use crate::{Feature, Shared};
use odoo_core::xmlrpc::{self, MethodResponse};
use odoo_core::Limits;

/// The answer of `common.version` (and `/web/webclient/version_info`).
pub(crate) fn version_info(shared: &Shared) -> Value {
    json!({
        "server_version": shared.version.release_text(),
        "server_version_info": shared.version.version_info(),
        "server_serie": shared.version.release_text(),
        "protocol_version": 1,
    })
}

fn str_arg(args: &[Value], i: usize) -> &str {
    args.get(i).and_then(Value::as_str).unwrap_or_default()
}

fn uid_arg(args: &[Value], i: usize) -> Option<i64> {
    match args.get(i) {
        Some(Value::Number(n)) => n.as_i64(),
        Some(Value::String(s)) => s.parse().ok(),
        _ => None,
    }
}

fn missing_arguments(function: &str, count: usize) -> EmulatorError {
    EmulatorError::type_error(format!(
        "{function}() missing {count} required positional argument{}",
        if count == 1 { "" } else { "s" }
    ))
}

/// Runs `service.method(*args)`; `Value::Null` stands for Python's `None`.
pub(crate) fn dispatch(
    shared: &Shared,
    service: &str,
    method: &str,
    args: &[Value],
) -> Result<Value, EmulatorError> {
    match service {
        "common" => common(shared, method, args),
        "db" if shared.version.has(Feature::DbServiceOverRpc) => db(shared, method, args),
        "db" => Err(EmulatorError::value_error(format!(
            "Invalid service name: {service}"
        ))),
        "object" => object(shared, method, args),
        other => Err(EmulatorError::new(
            ExceptionClass::KeyError,
            other.to_owned(),
        )),
    }
}

/// The `KeyError` of a method a service does not have (`exp_<method>`).
fn no_such_exp(method: &str) -> EmulatorError {
    EmulatorError::new(ExceptionClass::KeyError, format!("exp_{method}"))
}

/// The `common` service: `version`, `login`, `authenticate`, `about`.
fn common(shared: &Shared, method: &str, args: &[Value]) -> Result<Value, EmulatorError> {
    match method {
        "version" => Ok(version_info(shared)),
        "login" | "authenticate" => {
            let needed = if method == "login" { 3 } else { 4 };
            if args.len() < needed {
                return Err(missing_arguments(
                    &format!("exp_{method}"),
                    needed - args.len(),
                ));
            }
            if str_arg(args, 0) != shared.database {
                return Err(EmulatorError::missing_database(str_arg(args, 0)));
            }
            Ok(match shared.login(str_arg(args, 1), str_arg(args, 2)) {
                Some(user) => json!(user.uid),
                None => Value::Bool(false),
            })
        }
        "about" => Ok(json!("See http://openerp.com")),
        other => Err(no_such_exp(other)),
    }
}

/// The `db` service: listing answers, managing the databases is refused.
fn db(shared: &Shared, method: &str, args: &[Value]) -> Result<Value, EmulatorError> {
    match method {
        "list" => Ok(json!([shared.database])),
        "server_version" => Ok(json!(shared.version.release_text())),
        "db_exist" => Ok(json!(str_arg(args, 0) == shared.database)),
        "list_lang" => Ok(json!([["en_US", "English (US)"]])),
        "create_database"
        | "duplicate_database"
        | "drop"
        | "dump"
        | "restore"
        | "rename"
        | "change_admin_password"
        | "migrate_databases" => Err(EmulatorError::access_denied()),
        other => Err(no_such_exp(other)),
    }
}

/// The `object` service: `execute_kw(db, uid, password, model, method, args, kwargs)` and
/// `execute(db, uid, password, model, method, *args)`.
fn object(shared: &Shared, method: &str, args: &[Value]) -> Result<Value, EmulatorError> {
    if method != "execute_kw" && method != "execute" {
        return Err(no_such_exp(method));
    }
    if args.len() < 5 {
        return Err(missing_arguments(method, 5 - args.len()));
    }
    if str_arg(args, 0) != shared.database {
        return Err(EmulatorError::missing_database(str_arg(args, 0)));
    }
    let Some(uid) = uid_arg(args, 1) else {
        return Err(EmulatorError::access_denied());
    };
    if shared.check_uid(uid, str_arg(args, 2)).is_none() {
        return Err(EmulatorError::access_denied());
    }
    let model = str_arg(args, 3).to_owned();
    let name = str_arg(args, 4).to_owned();
    if shared.lock_store().schema().model(&model).is_none() {
        return Err(EmulatorError::user_error(format!(
            "Object {model} doesn't exist"
        )));
    }
    let (call_args, kwargs) = if method == "execute_kw" {
        let call_args = match args.get(5) {
            Some(Value::Array(a)) => a.clone(),
            None | Some(Value::Null) => Vec::new(),
            Some(other) => vec![other.clone()],
        };
        let kwargs = match args.get(6) {
            Some(Value::Object(m)) => m.clone(),
            _ => Map::new(),
        };
        (call_args, kwargs)
    } else {
        (args[5..].to_vec(), Map::new())
    };
    orm::execute(
        shared,
        Invocation {
            model,
            method: name,
            args: call_args,
            kwargs,
            ids: None,
            style: Style::Positional,
            uid,
        },
    )
}

/// `POST /jsonrpc`.
pub(crate) fn json_rpc(shared: &Shared, request: &Request) -> Response {
    let Ok(body) = serde_json::from_slice::<Value>(&request.body) else {
        return invalid_json();
    };
    let id = body.get("id").cloned().unwrap_or(Value::Null);
    let params = body.get("params").cloned().unwrap_or_else(|| json!({}));
    let service = params
        .get("service")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let method = params
        .get("method")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let args = match params.get("args") {
        Some(Value::Array(args)) => args.clone(),
        _ => Vec::new(),
    };
    let gated =
        service == "object" || matches!((service, method), ("common", "login" | "authenticate"));
    let outcome = if gated && !shared.serving.deprecated_services {
        // The gate of builds after 19 (`rpc.use_deprecated_services` off): `not_found()`.
        Err(EmulatorError::new(
            ExceptionClass::NotFound,
            super::web::NOT_FOUND_TEXT,
        ))
    } else {
        dispatch(shared, service, method, &args)
    };
    json_rpc_answer(shared, id, outcome)
}

/// A JSON-RPC 2.0 answer: `result` (left out for `None`, as Odoo does) or `error`.
pub(crate) fn json_rpc_answer(
    shared: &Shared,
    id: Value,
    outcome: Result<Value, EmulatorError>,
) -> Response {
    let mut answer = Map::new();
    answer.insert("jsonrpc".into(), json!("2.0"));
    answer.insert("id".into(), id);
    match outcome {
        Ok(Value::Null) => {}
        Ok(result) => {
            answer.insert("result".into(), result);
        }
        Err(error) => {
            answer.insert("error".into(), error.json_rpc_error(shared.version));
        }
    }
    json_response(StatusCode::OK, &Value::Object(answer))
}

/// Odoo's answer to a body that is not JSON.
pub(crate) fn invalid_json() -> Response {
    text_response(
        StatusCode::BAD_REQUEST,
        "text/html; charset=utf-8",
        "Invalid JSON data".to_owned(),
    )
}

/// `POST /xmlrpc/2/<service>`.
pub(crate) fn xml_rpc(shared: &Shared, service: &str, request: &Request) -> Response {
    let outcome = match xmlrpc::decode_method_call(&request.body, &Limits::default()) {
        Ok((method, params)) => dispatch(shared, service, &method, &params).and_then(|value| {
            if value.is_null() {
                Err(EmulatorError::type_error(
                    "cannot marshal None unless allow_none is enabled",
                ))
            } else {
                Ok(value)
            }
        }),
        Err(error) => Err(EmulatorError::new(
            ExceptionClass::Other("xml.parsers.expat.ExpatError".into()),
            error.to_string(),
        )),
    };
    let response = match outcome {
        Ok(value) => MethodResponse::Success(value),
        Err(error) => {
            let (code, string) = error.xml_rpc_fault();
            MethodResponse::Fault { code, string }
        }
    };
    text_response(
        StatusCode::OK,
        "text/xml; charset=utf-8",
        xmlrpc::encode_method_response(&response),
    )
}
