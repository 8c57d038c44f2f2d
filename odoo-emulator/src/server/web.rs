//! The web client's routes: `/web/session/*`, `/web/dataset/call_kw`, `/web/webclient/version_info`.

use axum::http::header;
use axum::response::Response;
use serde_json::{json, Map, Value};

use super::rpc::{invalid_json, json_rpc_answer, version_info};
use super::{with_header, Request};
use crate::error::{EmulatorError, ExceptionClass};
use crate::orm::{self, Invocation, Style};
use crate::Feature;
use crate::{Shared, User};

pub(crate) fn handle(shared: &Shared, request: &Request) -> Response {
    let Ok(body) = serde_json::from_slice::<Value>(&request.body) else {
        return invalid_json();
    };
    let id = body.get("id").cloned().unwrap_or(Value::Null);
    let params = match body.get("params") {
        Some(Value::Object(params)) => params.clone(),
        _ => Map::new(),
    };
    let session_uid = request.session_cookie().and_then(|t| shared.session_uid(t));
    match request.path.as_str() {
        "/web/webclient/version_info" => json_rpc_answer(shared, id, Ok(version_info(shared))),
        "/web/session/authenticate" => {
            let text = |k: &str| params.get(k).and_then(Value::as_str).unwrap_or_default();
            if text("db") != shared.database {
                let error = EmulatorError::access_error("Database not found.");
                return json_rpc_answer(shared, id, Err(error));
            }
            let user = shared
                .login(text("login"), text("password"))
                // API keys are for RPC; the web login takes passwords only.
                .filter(|u| u.password_is(text("password")));
            match user {
                Some(user) => {
                    let token = shared.new_session(user.uid);
                    let answer = json_rpc_answer(shared, id, Ok(session_info(shared, user)));
                    with_header(
                        answer,
                        header::SET_COOKIE,
                        &format!("session_id={token}; Max-Age=604800; HttpOnly; Path=/"),
                    )
                }
                None => json_rpc_answer(shared, id, Err(EmulatorError::access_denied())),
            }
        }
        "/web/session/get_session_info" => {
            let outcome = match session_uid.and_then(|uid| shared.user(uid)) {
                Some(user) => Ok(session_info(shared, user)),
                None => Err(session_expired()),
            };
            json_rpc_answer(shared, id, outcome)
        }
        "/web/session/destroy" => json_rpc_answer(shared, id, Ok(Value::Null)),
        path if path.starts_with("/web/dataset/call_kw") => {
            let Some(uid) = session_uid else {
                // Odoo refuses the session before reading the request: a null id.
                return json_rpc_answer(shared, Value::Null, Err(session_expired()));
            };
            let outcome = call_kw(shared, uid, &params);
            // Odoo answers its 404 outside the JSON-RPC request, with a null id.
            let id = match &outcome {
                Err(e) if e.kind() == &ExceptionClass::NotFound => Value::Null,
                _ => id,
            };
            json_rpc_answer(shared, id, outcome)
        }
        _ => super::not_found_page(),
    }
}

fn session_expired() -> EmulatorError {
    EmulatorError::new(ExceptionClass::SessionExpired, "Session expired")
}

fn call_kw(shared: &Shared, uid: i64, params: &Map<String, Value>) -> Result<Value, EmulatorError> {
    let model = params
        .get("model")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    let method = params
        .get("method")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    if shared.lock_store().schema().model(&model).is_none() {
        return Err(if shared.version.has(Feature::WebDatasetNotFound) {
            EmulatorError::new(ExceptionClass::NotFound, NOT_FOUND_TEXT)
        } else {
            EmulatorError::new(ExceptionClass::KeyError, model)
        });
    }
    let args = match params.get("args") {
        Some(Value::Array(args)) => args.clone(),
        _ => Vec::new(),
    };
    let kwargs = match params.get("kwargs") {
        Some(Value::Object(kwargs)) => kwargs.clone(),
        _ => Map::new(),
    };
    orm::execute(
        shared,
        Invocation {
            model,
            method,
            args,
            kwargs,
            ids: None,
            style: Style::Positional,
            uid,
        },
    )
}

/// werkzeug's description of a 404.
pub(crate) const NOT_FOUND_TEXT: &str = "The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.";

/// The session information `/web/session/authenticate` returns (the keys an integration
/// reads; the web client's own ones are left out).
fn session_info(shared: &Shared, user: &User) -> Value {
    let store = shared.lock_store();
    let partner_id = store
        .record("res.users", user.uid)
        .and_then(|r| r.get("partner_id"))
        .and_then(Value::as_i64);
    let partner_name = partner_id
        .map(|p| store.display_name("res.partner", p))
        .unwrap_or_else(|| user.display());
    let companies: Vec<i64> = match user.company_ids() {
        Some(companies) => companies.to_vec(),
        None => store.ids("res.company"),
    };
    let current_company = companies.first().copied().unwrap_or(1);
    let mut allowed = Map::new();
    for (sequence, company) in companies.iter().enumerate() {
        allowed.insert(
            company.to_string(),
            json!({"id": company, "name": store.display_name("res.company", *company), "sequence": sequence * 10}),
        );
    }
    let mut info = Map::new();
    info.insert("uid".into(), json!(user.uid));
    info.insert("is_system".into(), json!(user.admin));
    info.insert("is_admin".into(), json!(user.admin));
    if shared.version.has(Feature::SessionInfoPublic) {
        info.insert("is_public".into(), json!(false));
    }
    if shared.version.has(Feature::SessionInfoInternalUser) {
        info.insert("is_internal_user".into(), json!(true));
    }
    info.insert(
        "user_context".into(),
        json!({"lang": "en_US", "tz": "Europe/Brussels", "uid": user.uid}),
    );
    info.insert("db".into(), json!(shared.database));
    info.insert(
        "server_version".into(),
        json!(shared.version.release_text()),
    );
    info.insert("server_version_info".into(), shared.version.version_info());
    info.insert("support_url".into(), json!("https://www.odoo.com/buy"));
    info.insert("name".into(), json!(user.display()));
    info.insert("username".into(), json!(user.login));
    info.insert("partner_display_name".into(), json!(partner_name));
    info.insert("partner_id".into(), json!(partner_id.unwrap_or(0)));
    info.insert("web.base.url".into(), json!("http://127.0.0.1"));
    info.insert("active_ids_limit".into(), json!(20000));
    info.insert("max_file_upload_size".into(), json!(134_217_728));
    info.insert("home_action_id".into(), Value::Bool(false));
    info.insert(
        "user_companies".into(),
        json!({"current_company": current_company, "allowed_companies": allowed}),
    );
    info.insert("show_effect".into(), json!(true));
    Value::Object(info)
}
