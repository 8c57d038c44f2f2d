//! Odoo 19's JSON-2 API (`/json/2/<model>/<method>`), `/web/version` and `/doc-bearer`.

use std::collections::BTreeMap;

use axum::http::{header, Method, StatusCode};
use axum::response::Response;
use serde_json::{json, Map, Value};

use super::web::NOT_FOUND_TEXT;
use super::{json_response, text_response, with_header, Request};
use crate::error::{EmulatorError, ExceptionClass};
use crate::orm::{self, Invocation, Style};
use crate::{Shared, User};
use odoo_schema::api_doc::{ApiDocMethods, ApiDocPage};
use odoo_schema::{MethodSchema, ModelSchema};

/// `GET /web/version`, `/json/version`.
pub(crate) fn version(shared: &Shared) -> Response {
    json_response(
        StatusCode::OK,
        &json!({"version_info": shared.version.version_info(), "version": shared.version.release_text()}),
    )
}

/// A JSON-2 error answer: the status of the exception class and `{name, message, ...}`.
fn error_response(shared: &Shared, error: &EmulatorError) -> Response {
    let status =
        StatusCode::from_u16(error.json2_status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let response = json_response(status, &error.data(shared.version));
    if status == StatusCode::UNAUTHORIZED {
        return with_header(response, header::WWW_AUTHENTICATE, "Bearer ");
    }
    response
}

/// The user of the bearer key, or the 401 Odoo answers.
fn authenticate<'a>(shared: &'a Shared, request: &Request) -> Result<&'a User, EmulatorError> {
    let authorization = request.header("authorization").unwrap_or_default().trim();
    let key = authorization
        .split_once(' ')
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, key)| key.trim());
    let Some(key) = key.filter(|k| !k.is_empty()) else {
        return Err(EmulatorError::new(
            ExceptionClass::Unauthorized,
            "User not authenticated, use an API Key with a Bearer Authorization header.",
        ));
    };
    shared
        .user_by_key(key)
        .ok_or_else(|| EmulatorError::new(ExceptionClass::Unauthorized, "Invalid apikey"))
}

/// `/json/2/<model>/<method>`.
pub(crate) fn handle(shared: &Shared, request: &Request) -> Response {
    let Some((model, method)) = route(request) else {
        return error_response(
            shared,
            &EmulatorError::new(
                ExceptionClass::NotFound,
                "Did you mean POST /json/2/<model>/<method>?",
            ),
        );
    };
    if request
        .header("x-odoo-database")
        .is_some_and(|db| db != shared.database)
    {
        return no_database_page();
    }
    if !is_json(request) {
        return unsupported_media_type();
    }
    match call(shared, request, model, method) {
        Ok(value) => json_response(StatusCode::OK, &value),
        Err(error) => error_response(shared, &error),
    }
}

/// The model and method of a `POST /json/2/<model>/<method>`; `None` for any other request.
fn route(request: &Request) -> Option<(&str, &str)> {
    let rest = request
        .path
        .trim_start_matches("/json/2")
        .trim_start_matches('/');
    let parts: Vec<&str> = rest.split('/').collect();
    match parts.as_slice() {
        [model, method] if !model.is_empty() && !method.is_empty() => {
            (request.method == Method::POST).then_some((*model, *method))
        }
        _ => None,
    }
}

/// Whether the request says its body is JSON.
fn is_json(request: &Request) -> bool {
    request.header("content-type").is_some_and(|ct| {
        ct.trim_start()
            .to_ascii_lowercase()
            .starts_with("application/json")
    })
}

/// The page Odoo answers when `X-Odoo-Database` names a database the server does not have:
/// without a database only the server-wide routes exist, and `/json/2/` is not one of them.
/// It comes before any check of the key.
fn no_database_page() -> Response {
    text_response(
        StatusCode::NOT_FOUND,
        "text/html; charset=utf-8",
        "<!DOCTYPE html>\n<title>404 Not Found</title>\n<h1>Not Found</h1>\n<p>No database is selected and the requested URL was not found in the server-wide controllers.</p>\n<p>Please verify the hostname, <a href=/web/login>login</a> and try again.</p>\n\n<!-- Alternatively, use the X-Odoo-Database header. -->\n".to_owned(),
    )
}

/// werkzeug's 415 page, for a JSON-2 call whose body is not declared JSON.
fn unsupported_media_type() -> Response {
    text_response(
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "text/html; charset=utf-8",
        "<!doctype html>\n<html lang=en>\n<title>415 Unsupported Media Type</title>\n<h1>Unsupported Media Type</h1>\n<p>Request inferred type is compatible with [&#39;http&#39;] but &#39;/json/2/&lt;__model__&gt;/&lt;__method__&gt;&#39; is type=&#39;json2&#39;.<br><br>Please verify the Content-Type request header and try again.</p>\n".to_owned(),
    )
}

/// Authenticates the bearer key, reads the named arguments and runs the call.
fn call(
    shared: &Shared,
    request: &Request,
    model: &str,
    method: &str,
) -> Result<Value, EmulatorError> {
    let user = authenticate(shared, request)?;
    let body: Value = if request.body.iter().all(u8::is_ascii_whitespace) {
        json!({})
    } else {
        serde_json::from_slice(&request.body).map_err(|e| {
            EmulatorError::new(
                ExceptionClass::BadRequest,
                format!("could not parse the body as json: {e}"),
            )
        })?
    };
    let Value::Object(mut kwargs) = body else {
        return Err(EmulatorError::new(
            ExceptionClass::BadRequest,
            "the body must be a JSON object",
        ));
    };
    if shared.lock_store().schema().model(model).is_none() {
        return Err(EmulatorError::new(
            ExceptionClass::NotFound,
            format!("the model '{model}' does not exist"),
        ));
    }
    let ids = kwargs.remove("ids");
    orm::execute(
        shared,
        Invocation {
            model: model.to_owned(),
            method: method.to_owned(),
            args: Vec::new(),
            kwargs,
            ids,
            style: Style::Named,
            uid: user.uid,
        },
    )
}

/// `/doc-bearer/index.json` and `/doc-bearer/<model>.json`.
pub(crate) fn doc(shared: &Shared, request: &Request, rest: &str) -> Response {
    let user = match authenticate(shared, request) {
        Ok(user) => user,
        Err(error) => return error_response(shared, &error),
    };
    if !user.admin {
        return error_response(
            shared,
            &EmulatorError::access_error(
                "This page is only accessible to Technical Documentation users.",
            ),
        );
    }
    let not_found = || {
        error_response(
            shared,
            &EmulatorError::new(ExceptionClass::NotFound, NOT_FOUND_TEXT),
        )
    };
    let Some(name) = rest.strip_suffix(".json") else {
        return not_found();
    };
    let store = shared.lock_store();
    if name == "index" {
        let mut modules: Vec<String> = Vec::new();
        let mut models = Vec::new();
        for (model, schema) in &store.schema().models {
            for module in &schema.modules {
                if !modules.contains(module) {
                    modules.push(module.clone());
                }
            }
            let fields: Map<String, Value> = schema
                .fields
                .iter()
                .map(|(f, s)| {
                    (
                        f.clone(),
                        json!({"string": s.string.clone().unwrap_or_default()}),
                    )
                })
                .collect();
            let methods: Vec<Value> = methods(shared, model, schema)
                .into_keys()
                .map(Value::String)
                .collect();
            models.push(json!({
                "model": model,
                "name": schema.description.clone().unwrap_or_else(|| model.clone()),
                "fields": fields,
                "methods": methods,
            }));
        }
        return json_response(
            StatusCode::OK,
            &json!({"modules": modules, "models": models}),
        );
    }
    let Some(schema) = store.schema().model(name) else {
        return not_found();
    };
    model_doc(shared, name, schema)
}

/// The ORM methods the emulator documents, as Odoo 19's documentation pages list them.
const ORM_DOC: &str = include_str!("orm_doc.json");

/// The methods documented for every model: the ORM's that the emulator runs.
fn orm_docs() -> BTreeMap<String, MethodSchema> {
    ApiDocPage::from_json(ORM_DOC)
        .map(|page| page.methods)
        .unwrap_or_default()
}

/// The methods documented for a model: the ORM's, those of the snapshot (which describe the
/// model's own, and win over the ORM's), and the registered ones that neither lists.
fn methods(shared: &Shared, model: &str, schema: &ModelSchema) -> BTreeMap<String, MethodSchema> {
    let mut out = orm_docs();
    out.extend(schema.methods.clone());
    for (m, method) in shared.handler_names() {
        if m == model {
            out.entry(method).or_insert_with(|| MethodSchema {
                defined_in: Some(model.to_owned()),
                module: Some("emulator".to_owned()),
                ..MethodSchema::default()
            });
        }
    }
    out
}

/// The `/doc-bearer/<model>.json` page: each field's `fields_get` attributes with its name
/// and module, and the methods with their parameters in signature order (written as text:
/// a `serde_json::Value` would sort them).
fn model_doc(shared: &Shared, model: &str, schema: &ModelSchema) -> Response {
    let fields: Map<String, Value> = schema
        .fields
        .iter()
        .map(|(name, field)| {
            let mut attrs = field.to_fields_get(shared.version);
            attrs.insert("name".into(), json!(name));
            // The module that defines the field is not in the schema: the model's first one.
            let module = match name.as_str() {
                "id" | "display_name" => Value::Null,
                _ => json!(schema.modules.first().map_or("base", String::as_str)),
            };
            attrs.insert("module".into(), module);
            (name.clone(), Value::Object(attrs))
        })
        .collect();
    let methods = methods(shared, model, schema);
    let text = |value: &Value| value.to_string();
    let body = format!(
        "{{\"model\": {}, \"name\": {}, \"doc\": null, \"fields\": {}, \"methods\": {}}}",
        text(&json!(model)),
        text(&json!(schema
            .description
            .clone()
            .unwrap_or_else(|| model.to_owned()))),
        text(&Value::Object(fields)),
        serde_json::to_string(&ApiDocMethods(&methods)).unwrap_or_else(|_| "{}".to_owned()),
    );
    text_response(StatusCode::OK, "application/json; charset=utf-8", body)
}
