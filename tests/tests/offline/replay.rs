//! Replays every recorded exchange of `../shared/fixtures/odoo16` to `odoo19` against the client.
//!
//! For each transcript the test starts a local server that answers only the recorded exchanges
//! (the case itself plus what the client needs first: version and login), drives the client to
//! make the call the case recorded, and checks that
//!
//! * the client's request equals the recorded one (method, path, semantically equal body; the
//!   server refuses anything else), and
//! * the outcome is the one the table below names: the decoded value equals the recorded result,
//!   or the error is the named variant carrying Odoo's message and the call's model and method.
//!
//! Every transcript file must have a row; a new file without one fails the test. Requests the
//! client never sends (malformed bodies, unknown services, ...) are marked `ResponseOnly`: their
//! recorded response goes through the same decoder the client uses, and the outcome is checked.

use crate::support;

use odoo_core::{
    wire, Client, Context, Error, ErrorContext, ErrorKind, LimitKind, Limits, ReadOptions,
    SearchOptions, TransportKind,
};
use serde_json::{json, Map, Value};
use support::session::{
    body_json, connect, database_of, find, json2_login_exchanges, support, transport_of,
};
use support::{load_transcripts, require_fixtures, ReplayServer, Transcript};

/// How the test makes the client produce the recorded request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Drive {
    /// `connect()` with the recorded login and password (the case is the login itself).
    Connect,
    /// `connect()` with `TransportKind::Auto` and an API key: `/web/version` decides.
    AutoConnect,
    /// `Client::version()`.
    Version,
    /// The convenience method of the recorded ORM method (`search_read`, `create`, ...).
    Convenience,
    /// `Client::execute_kw` with the recorded arguments.
    ExecuteKw,
    /// A JSON-2 `execute_kw` with positional arguments of a method that is not built in, so the
    /// client reads the argument names from `/doc-bearer/<model>.json`.
    DocBearer,
    /// The client never sends this request; the recorded response is decoded as the client
    /// would decode it. The text says why.
    ResponseOnly(&'static str),
}

/// The outcome a case must have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expect {
    Success,
    AccessDenied,
    AccessError,
    MissingError,
    ValidationError,
    UserError,
    SessionExpired,
    NotFound,
    Server,
    Http,
    InvalidInput,
    /// Not expected by any row: a decode, transport or limit failure.
    Other,
}

/// The table: every transcript name (family prefix + case) and its expected outcome.
fn row(family: &str, case: &str, version: u32) -> Option<(Drive, Expect)> {
    use Drive::*;
    use Expect::*;
    Some(match (family, case) {
        // Logging in.
        ("jsonrpc" | "xmlrpc", "common_authenticate_ok" | "common_authenticate_limited_ok")
        | ("web", "session_authenticate_ok" | "session_authenticate_limited_ok") => {
            (Connect, Success)
        }
        ("jsonrpc" | "xmlrpc", "common_authenticate_bad_password")
        | ("web", "session_authenticate_bad_password") => (Connect, AccessDenied),
        ("jsonrpc" | "xmlrpc", "common_version") | ("web", "webclient_version_info") => {
            (Version, Success)
        }
        ("http", "get_web_version") => (AutoConnect, Success),
        ("http", "get_json_version") => (
            ResponseOnly("the client asks /web/version, which answers the same"),
            if version >= 19 { Success } else { Http },
        ),
        ("jsonrpc" | "xmlrpc", "db_list") | ("xmlrpc", "db_server_version") => (
            ResponseOnly("the client does not use the db service"),
            Success,
        ),
        ("web", "session_get_session_info") => (
            ResponseOnly("the client takes the session from authenticate"),
            Success,
        ),
        ("jsonrpc" | "xmlrpc", "error_unknown_service") => (
            ResponseOnly("the client calls the common and object services only"),
            Server,
        ),
        ("jsonrpc", "error_malformed_json") => {
            (ResponseOnly("the client never sends malformed JSON"), Http)
        }
        ("xmlrpc", "error_malformed_body") => (
            ResponseOnly("the client never sends a malformed body"),
            Server,
        ),
        ("xmlrpc", "execute_kw_without_kwargs") => (
            ResponseOnly("the client always sends the keyword-argument struct, empty or not"),
            Success,
        ),
        (_, "error_bad_password_execute_kw") => (
            ResponseOnly(
                "a password that changed after connect(); the client cannot send it on purpose",
            ),
            AccessDenied,
        ),
        // Session expiry on the web session.
        ("web", "error_call_kw_bogus_session" | "error_call_kw_without_session") => {
            (Convenience, SessionExpired)
        }
        // JSON-2 only.
        ("json2", "context_lang_and_active_test" | "search_count_without_database_header") => {
            (Convenience, Success)
        }
        ("json2", "error_bad_api_key") => (
            ResponseOnly(
                "connect() checks the key with context_get: see json2_connect_with_a_bad_key",
            ),
            AccessDenied,
        ),
        ("json2", "error_missing_authorization") => (
            ResponseOnly("the client always sends the API key"),
            AccessDenied,
        ),
        ("json2", "error_get_method" | "error_no_model_path") => (
            ResponseOnly("the client always POSTs to /json/2/<model>/<method>"),
            NotFound,
        ),
        ("json2", "error_malformed_json") => (
            ResponseOnly("the client never sends malformed JSON"),
            Server,
        ),
        ("json2", "error_wrong_content_type") => (
            ResponseOnly("the client always sends application/json"),
            Http,
        ),
        (
            "json2",
            "error_ids_on_model_method"
            | "error_missing_required_kwarg"
            | "error_positional_args_not_supported",
        ) => (ExecuteKw, Server),
        ("doc", "bearer_res_partner") => (DocBearer, Success),
        ("doc", "bearer_error_unknown_model") => (DocBearer, InvalidInput),
        ("doc", "bearer_index") => (
            ResponseOnly("the client reads per-model documents, not the index"),
            Success,
        ),
        ("doc", "bearer_index_limited") => (
            ResponseOnly("the client reads per-model documents, not the index"),
            AccessError,
        ),
        ("doc", "bearer_error_bad_key") => (
            ResponseOnly("the client reads per-model documents, not the index"),
            AccessDenied,
        ),
        // The same object cases on every RPC family.
        (
            "jsonrpc" | "xmlrpc" | "web" | "json2",
            "search_read_partner"
            | "search_partner"
            | "search_count_partner"
            | "read_partner"
            | "read_partner_bin_size"
            | "read_sale_order"
            | "read_attachment_binary"
            | "name_search_partner"
            | "fields_get_small"
            | "create_partner"
            | "create_partner_multi"
            | "write_partner"
            | "read_after_write"
            | "unlink_partner"
            | "read_missing_record"
            | "create_x2many_commands"
            | "read_x2many"
            | "write_x2many_commands"
            | "read_x2many_after_write"
            | "write_x2many_clear"
            | "create_sale_order_with_lines"
            | "read_created_sale_order",
        ) => (Convenience, Success),
        ("jsonrpc" | "xmlrpc" | "web" | "json2", "method_returns_none") => (ExecuteKw, Success),
        // Odoo 16 has no `web_read`, and its `web_search_read` takes no specification.
        ("web", "web_read_sale_order") if version < 17 => (ExecuteKw, NotFound),
        ("web", "web_search_read_partner") if version < 17 => (ExecuteKw, Server),
        ("web" | "json2", "web_read_sale_order" | "web_search_read_partner")
        | ("web", "web_search_read_partner_fields") => (ExecuteKw, Success),
        (_, "error_access_limited_read_sale_order" | "error_access_limited_write_sale_order") => {
            (Convenience, AccessError)
        }
        (_, "error_required_field_missing") => (Convenience, ValidationError),
        // XML-RPC fault 2 does not say which member of the UserError family it was.
        ("xmlrpc", "error_validation_constraint") => (Convenience, UserError),
        (_, "error_validation_constraint") => (Convenience, ValidationError),
        (_, "error_user_error_unlink_confirmed_order") => (Convenience, UserError),
        (_, "write_missing_record") => (Convenience, MissingError),
        (_, "error_nonexistent_method") => (ExecuteKw, NotFound),
        (_, "error_private_method") => (ExecuteKw, AccessError),
        (_, "error_nonexistent_model") => (Convenience, NotFound),
        (_, "error_unexpected_kwarg") => (ExecuteKw, Server),
        (_, "error_bad_domain_field") => (Convenience, Server),
        _ => return None,
    })
}

fn family_and_case(name: &str) -> (&str, &str) {
    name.split_once('_').unwrap_or((name, ""))
}

/// The logical call a transcript recorded: model, method, positional and keyword arguments.
#[derive(Debug, Clone)]
struct Logical {
    model: String,
    method: String,
    args: Vec<Value>,
    kwargs: Map<String, Value>,
    /// JSON-2 only: the recorded body, all named.
    named: Option<Map<String, Value>>,
}

/// Positional argument names the convenience calls use on JSON-2.
fn json2_positional(method: &str) -> &'static [&'static str] {
    match method {
        "search" | "search_read" | "search_count" => &["domain"],
        "read" | "unlink" => &["ids"],
        "write" => &["ids", "vals"],
        "create" => &["vals_list"],
        "name_search" => &["name"],
        "fields_get" => &["allfields"],
        _ => &[],
    }
}

/// `execute_kw(db, uid, password, model, method, args, kwargs)` as both RPC families send it.
fn from_execute_kw(params: &[Value]) -> Option<Logical> {
    Some(Logical {
        model: params.get(3)?.as_str()?.to_owned(),
        method: params.get(4)?.as_str()?.to_owned(),
        args: params.get(5)?.as_array()?.clone(),
        kwargs: params
            .get(6)
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default(),
        named: None,
    })
}

fn logical(t: &Transcript) -> Option<Logical> {
    let (family, _) = family_and_case(&t.name);
    let body = t.request.body.as_deref();
    match family {
        "jsonrpc" => {
            let params = body_json(body).get("params")?.clone();
            if params.get("method")?.as_str()? != "execute_kw" {
                return None;
            }
            from_execute_kw(params.get("args")?.as_array()?)
        }
        "xmlrpc" => {
            let parsed = support::xmlrpc::parse(body?).ok()?;
            if parsed.get("methodName")?.as_str()? != "execute_kw" {
                return None;
            }
            from_execute_kw(parsed.get("params")?.as_array()?)
        }
        "web" => {
            let params = body_json(body).get("params")?.clone();
            Some(Logical {
                model: params.get("model")?.as_str()?.to_owned(),
                method: params.get("method")?.as_str()?.to_owned(),
                args: params.get("args")?.as_array()?.clone(),
                kwargs: params.get("kwargs")?.as_object()?.clone(),
                named: None,
            })
        }
        "json2" => {
            let mut parts = t.request.path.trim_start_matches("/json/2/").split('/');
            let model = parts.next()?.to_owned();
            let method = parts.next()?.to_owned();
            let named = body_json(body).as_object()?.clone();
            let mut kwargs = named.clone();
            let mut args = Vec::new();
            for name in json2_positional(&method) {
                match kwargs.remove(*name) {
                    Some(v) => args.push(v),
                    None => break,
                }
            }
            Some(Logical {
                model,
                method,
                args,
                kwargs,
                named: Some(named),
            })
        }
        _ => None,
    }
}

/// Who a transcript runs as: `(login, password)`.
fn user_of(t: &Transcript) -> (&'static str, &'static str) {
    let body = t.request.body.as_deref().unwrap_or("");
    if t.name.contains("limited") || body.contains("\"limited\"") || body.contains(">limited<") {
        ("limited", "limited")
    } else if body.contains("wrong-password") {
        ("admin", "wrong-password")
    } else {
        ("admin", "admin")
    }
}

/// The recorded outcome as a value: the `result` for JSON-RPC families, the body for JSON-2,
/// the independent XML-RPC reading for XML-RPC.
fn recorded_result(t: &Transcript) -> Value {
    let (family, _) = family_and_case(&t.name);
    match family {
        "xmlrpc" => support::xmlrpc::parse(&t.response.body)
            .ok()
            .and_then(|v| v.get("params").and_then(|p| p.get(0)).cloned())
            .unwrap_or(Value::Null),
        "jsonrpc" | "web" => body_json(Some(&t.response.body))
            .get("result")
            .cloned()
            .unwrap_or(Value::Null),
        _ => body_json(Some(&t.response.body)),
    }
}

/// Odoo's message in the recorded error, for the error families that carry one.
fn recorded_message(t: &Transcript) -> Option<String> {
    let (family, _) = family_and_case(&t.name);
    match family {
        "jsonrpc" | "web" => body_json(Some(&t.response.body))["error"]["data"]["message"]
            .as_str()
            .map(str::to_owned),
        "json2" | "doc" => body_json(Some(&t.response.body))["message"]
            .as_str()
            .map(str::to_owned),
        "xmlrpc" => {
            let parsed = support::xmlrpc::parse(&t.response.body).ok()?;
            let fault = parsed.get("fault")?;
            let code = fault.get("faultCode")?.as_i64()?;
            let text = fault.get("faultString")?.as_str()?.to_owned();
            if code == 1 {
                // A traceback: the message is its last line, after the class name.
                let last = text.trim_end().lines().last()?.to_owned();
                Some(
                    last.split_once(": ")
                        .map_or(last.clone(), |(_, m)| m.to_owned()),
                )
            } else {
                Some(text)
            }
        }
        _ => None,
    }
}

fn variant_of(error: &Error) -> Expect {
    match error.kind() {
        ErrorKind::AccessDenied => Expect::AccessDenied,
        ErrorKind::AccessError => Expect::AccessError,
        ErrorKind::MissingError => Expect::MissingError,
        ErrorKind::ValidationError => Expect::ValidationError,
        ErrorKind::UserError => Expect::UserError,
        ErrorKind::SessionExpired => Expect::SessionExpired,
        ErrorKind::NotFound => Expect::NotFound,
        ErrorKind::Server => Expect::Server,
        ErrorKind::Http => Expect::Http,
        ErrorKind::InvalidInput => Expect::InvalidInput,
        _ => Expect::Other,
    }
}

async fn convenience(client: &Client, call: &Logical, case: &str) -> Result<Value, Error> {
    let model = call.model.as_str();
    let kw = &call.kwargs;
    let strings = |key: &str| -> Vec<String> {
        kw.get(key)
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(|v| v.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default()
    };
    let mut search = SearchOptions::new();
    if let Some(limit) = kw.get("limit").and_then(Value::as_u64) {
        search = search.limit(limit);
    }
    if let Some(offset) = kw.get("offset").and_then(Value::as_u64) {
        search = search.offset(offset);
    }
    if let Some(order) = kw.get("order").and_then(Value::as_str) {
        search = search.order(order);
    }
    let context = kw
        .get("context")
        .and_then(Value::as_object)
        .cloned()
        .map(Context::from);
    if let Some(ctx) = context.clone() {
        search = search.context(ctx);
    }
    let arg = |i: usize| call.args.get(i).cloned().unwrap_or(Value::Null);
    let ids = |v: Value| -> Vec<i64> {
        v.as_array()
            .map(|a| a.iter().filter_map(Value::as_i64).collect())
            .unwrap_or_default()
    };
    match call.method.as_str() {
        "search_read" => {
            let fields = strings("fields");
            let fields: Vec<&str> = fields.iter().map(String::as_str).collect();
            let rows: Vec<Value> = client.search_read(model, arg(0), &fields, search).await?;
            Ok(Value::Array(rows))
        }
        "search" => Ok(json!(client.search(model, arg(0), search).await?)),
        "search_count" => Ok(json!(client.search_count(model, arg(0), search).await?)),
        "read" => {
            let fields = strings("fields");
            let fields: Vec<&str> = fields.iter().map(String::as_str).collect();
            let mut options = ReadOptions::new();
            if let Some(ctx) = context {
                options = options.context(ctx);
            }
            let rows: Vec<Value> = client.read(model, &ids(arg(0)), &fields, options).await?;
            Ok(Value::Array(rows))
        }
        "name_search" => {
            let name = arg(0).as_str().unwrap_or_default().to_owned();
            let limit = kw.get("limit").and_then(Value::as_u64);
            Ok(json!(client.name_search(model, &name, limit).await?))
        }
        "fields_get" => {
            let fields: Vec<String> = arg(0)
                .as_array()
                .map(|a| {
                    a.iter()
                        .filter_map(|v| v.as_str().map(str::to_owned))
                        .collect()
                })
                .unwrap_or_default();
            let fields: Vec<&str> = fields.iter().map(String::as_str).collect();
            let attributes = strings("attributes");
            let attributes: Vec<&str> = attributes.iter().map(String::as_str).collect();
            Ok(Value::Object(
                client.fields_get(model, &fields, &attributes).await?,
            ))
        }
        "create" => match arg(0) {
            Value::Array(list) if call.named.is_none() || case.ends_with("_multi") => {
                Ok(json!(client.create_many(model, &list).await?))
            }
            Value::Array(list) => {
                let vals = list.into_iter().next().unwrap_or(Value::Null);
                Ok(json!(client.create(model, vals).await?))
            }
            vals => Ok(json!(client.create(model, vals).await?)),
        },
        "write" => Ok(json!(client.write(model, &ids(arg(0)), arg(1)).await?)),
        "unlink" => Ok(json!(client.unlink(model, &ids(arg(0))).await?)),
        other => panic!("no convenience call for `{other}` in case {case}"),
    }
}

async fn execute_kw(client: &Client, call: &Logical) -> Result<Value, Error> {
    match &call.named {
        // JSON-2 recordings are all named: send them as keyword arguments.
        Some(named) => {
            client
                .execute_kw(
                    &call.model,
                    &call.method,
                    json!([]),
                    Value::Object(named.clone()),
                )
                .await
        }
        None => {
            client
                .execute_kw(
                    &call.model,
                    &call.method,
                    Value::Array(call.args.clone()),
                    Value::Object(call.kwargs.clone()),
                )
                .await
        }
    }
}

fn response_only(t: &Transcript) -> Result<Value, Error> {
    let (family, _) = family_and_case(&t.name);
    let status = t.response.status;
    let content_type = t.response.headers.get("content-type").map(String::as_str);
    let body = t.response.body.as_bytes();
    let limits = Limits::default();
    let context = logical(t)
        .map(|l| ErrorContext::call(l.model, l.method))
        .unwrap_or_default();
    match family {
        "xmlrpc" => wire::decode_xml_rpc(status, content_type, body, &limits, &context),
        "jsonrpc" | "web" => wire::decode_json_rpc(status, content_type, body, &limits, &context),
        "http" => wire::decode_web_version(status, content_type, body, &context)
            .map(|v| json!([v.major, v.version])),
        _ => wire::decode_json2(status, content_type, body, &limits, &context),
    }
}

/// Runs one transcript; returns a description of what went wrong, if anything.
async fn run_case(all: &[Transcript], t: &Transcript, version: u32) -> Result<String, String> {
    let (family, case) = family_and_case(&t.name);
    let Some((drive, expect)) = row(family, case, version) else {
        return Err(format!("no row in the table for `{}`", t.name));
    };
    let (login, password) = user_of(t);
    let database = database_of(all);
    let outcome: Result<Value, Error>;
    let mut server_log = None;
    match drive {
        Drive::ResponseOnly(_) => outcome = response_only(t),
        _ => {
            let with_database = case != "search_count_without_database_header";
            let mut transcripts = if matches!(drive, Drive::Connect) {
                Vec::new()
            } else {
                support(all, family, login, with_database)
            };
            if drive == Drive::AutoConnect {
                let picked = if version < 19 { "jsonrpc" } else { "json2" };
                transcripts.extend(support(all, picked, login, with_database));
            }
            if drive == Drive::Connect {
                let version_case = match family {
                    "web" => "web_webclient_version_info".to_owned(),
                    _ => format!("{family}_common_version"),
                };
                transcripts.extend(find(all, &version_case).cloned());
            }
            transcripts.push(t.clone());
            let server = ReplayServer::start(transcripts).await;
            let url = server.url();
            let db = with_database.then_some(database.as_str());
            outcome = match drive {
                Drive::Connect => connect(&url, family, db, login, password)
                    .await
                    .map(|c| json!(c.uid())),
                Drive::AutoConnect => {
                    let client = Client::builder(&url)
                        .database(&database)
                        .login(login)
                        .api_key(password)
                        .connect()
                        .await;
                    client.map(|c| json!(c.transport_kind().as_str()))
                }
                _ => match connect(&url, family, db, login, password).await {
                    Err(e) => Err(e),
                    Ok(client) => {
                        let call = logical(t);
                        match (drive, call) {
                            (Drive::Version, _) => {
                                client.version().await.map(|v| json!([v.major, v.version]))
                            }
                            (Drive::Convenience, Some(call)) => {
                                convenience(&client, &call, case).await
                            }
                            (Drive::ExecuteKw, Some(call)) => execute_kw(&client, &call).await,
                            (Drive::DocBearer, _) => {
                                let model = t
                                    .request
                                    .path
                                    .trim_start_matches("/doc-bearer/")
                                    .trim_end_matches(".json")
                                    .to_owned();
                                client
                                    .execute_kw(&model, "address_get", json!([[8]]), json!({}))
                                    .await
                            }
                            _ => return Err(format!("{}: cannot read the recorded call", t.name)),
                        }
                    }
                },
            };
            server_log = Some(server);
        }
    }

    // The request side: the case's own exchange must have been served, and nothing unmatched
    // (except the follow-up call of the doc-bearer case, which is checked below).
    if let Some(server) = &server_log {
        if server.times_served(&t.name) == 0 {
            return Err(format!(
                "{}: the client's request did not match the recording\n{}",
                t.name,
                server.format_log()
            ));
        }
        let unmatched = server.unmatched();
        if drive == Drive::DocBearer && expect == Expect::Success {
            // The documented signature names `address_get`'s positional ids: the follow-up
            // call (not recorded) must carry them as `ids`.
            let follow = unmatched
                .iter()
                .find(|u| u.request.path == "/json/2/res.partner/address_get")
                .ok_or_else(|| format!("{}: no follow-up call after the doc fetch", t.name))?;
            let body: Value =
                serde_json::from_slice(&follow.request.body).map_err(|e| e.to_string())?;
            if body != json!({"ids": [8]}) {
                return Err(format!("{}: follow-up body {body}", t.name));
            }
            return Ok(format!("{}: doc read, follow-up named {body}", t.name));
        }
        if !unmatched.is_empty() {
            return Err(format!(
                "{}: unexpected requests\n{}",
                t.name,
                server.format_log()
            ));
        }
    }

    match (expect, outcome) {
        (Expect::Success, Ok(value)) => check_success(all, t, drive, value),
        (Expect::Success, Err(e)) => Err(format!("{}: expected success, got {e:?}", t.name)),
        (expected, Ok(value)) => Err(format!(
            "{}: expected {expected:?}, got success {value}",
            t.name
        )),
        (expected, Err(error)) => {
            let got = variant_of(&error);
            if got != expected {
                return Err(format!("{}: expected {expected:?}, got {error:?}", t.name));
            }
            if let Some(message) = recorded_message(t) {
                if error.odoo_error().is_some() && error.message().trim() != message.trim() {
                    return Err(format!(
                        "{}: message {:?} differs from the recorded {:?}",
                        t.name,
                        error.message(),
                        message
                    ));
                }
            }
            if let (Some(call), false) = (logical(t), matches!(drive, Drive::ResponseOnly(_))) {
                let ctx = error.context();
                if ctx.model.as_deref() != Some(call.model.as_str())
                    || ctx.method.as_deref() != Some(call.method.as_str())
                {
                    return Err(format!("{}: error context {ctx:?}", t.name));
                }
            }
            Ok(format!("{}: {expected:?} as recorded", t.name))
        }
    }
}

fn check_success(
    all: &[Transcript],
    t: &Transcript,
    drive: Drive,
    value: Value,
) -> Result<String, String> {
    let (family, case) = family_and_case(&t.name);
    let recorded = recorded_result(t);
    let expected = match (drive, family, case) {
        (Drive::Connect, _, _) => recorded.get("uid").cloned().unwrap_or(recorded.clone()),
        (Drive::AutoConnect, _, _) => {
            return if value.is_string() {
                Ok(format!("{}: auto picked {value}", t.name))
            } else {
                Err(format!("{}: auto gave {value}", t.name))
            }
        }
        (Drive::Version, _, _) | (Drive::ResponseOnly(_), "http", _) => {
            let major = recorded
                .get("server_version_info")
                .or(recorded.get("version_info"))
                .and_then(|v| v.get(0))
                .cloned()
                .unwrap_or(Value::Null);
            let text = recorded
                .get("server_version")
                .or(recorded.get("version"))
                .cloned()
                .unwrap_or(Value::Null);
            json!([major, text])
        }
        // JSON-2 answers `create` with a list even for one record; the client gives the id.
        (
            _,
            "json2",
            "create_partner" | "create_x2many_commands" | "create_sale_order_with_lines",
        ) => recorded.get(0).cloned().unwrap_or(Value::Null),
        _ => recorded,
    };
    if value != expected {
        return Err(format!(
            "{}: decoded value differs from the recording\n got: {value}\nwant: {expected}",
            t.name
        ));
    }
    // XML-RPC: the same keys and kinds of value as the JSON-RPC recording of the same case.
    if family == "xmlrpc" && drive != Drive::Version {
        if let Some(json_twin) = find(all, &format!("jsonrpc_{case}")) {
            let twin = recorded_result(json_twin);
            same_shape(&value, &twin, "$").map_err(|why| {
                format!(
                    "{}: XML-RPC and JSON-RPC results differ in shape: {why}",
                    t.name
                )
            })?;
        }
    }
    Ok(format!("{}: ok", t.name))
}

/// Whether two values have the same keys and kinds of value, recursively (array lengths and
/// scalar values may differ: the two recordings may hold different records).
fn same_shape(a: &Value, b: &Value, path: &str) -> Result<(), String> {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            let xk: Vec<&String> = x.keys().collect();
            let yk: Vec<&String> = y.keys().collect();
            if xk != yk {
                return Err(format!("{path}: keys {xk:?} vs {yk:?}"));
            }
            for (k, v) in x {
                same_shape(v, &y[k], &format!("{path}.{k}"))?;
            }
            Ok(())
        }
        (Value::Array(x), Value::Array(y)) => {
            for (i, (v, w)) in x.iter().zip(y).enumerate() {
                same_shape(v, w, &format!("{path}[{i}]"))?;
            }
            Ok(())
        }
        (Value::Number(x), Value::Number(y)) if x.is_f64() == y.is_f64() => Ok(()),
        (Value::String(_), Value::String(_))
        | (Value::Bool(_), Value::Bool(_))
        | (Value::Null, Value::Null) => Ok(()),
        _ => Err(format!("{path}: {a} vs {b}")),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_recorded_exchange_replays() {
    let _root = require_fixtures!();
    let mut failures = Vec::new();
    let mut count = 0;
    let mut response_only = 0;
    for version in ["odoo16", "odoo17", "odoo18", "odoo19"] {
        let all = load_transcripts(version);
        assert!(!all.is_empty(), "no transcripts for {version}");
        let major: u32 = version.trim_start_matches("odoo").parse().expect("version");
        for t in &all {
            count += 1;
            let (family, case) = family_and_case(&t.name);
            if matches!(row(family, case, major), Some((Drive::ResponseOnly(_), _))) {
                response_only += 1;
            }
            match run_case(&all, t, major).await {
                Ok(_) => {}
                Err(why) => failures.push(format!("[{version}] {why}")),
            }
        }
    }
    println!("replayed {count} transcripts ({response_only} response-only)");
    assert!(
        failures.is_empty(),
        "{} of {count} transcripts failed:\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn json2_connect_with_a_bad_key_is_access_denied() {
    let _root = require_fixtures!();
    let all = load_transcripts("odoo19");
    let bad_key = find(&all, "json2_error_bad_api_key")
        .expect("recorded")
        .clone();
    // The 401 comes before any dispatch, whatever the method: answer the login check with it.
    let mut login = json2_login_exchanges(&all, "admin", true);
    login.truncate(1);
    let mut check = login.remove(0);
    check.response = bad_key.response.clone();
    check.name = "synthetic_json2_context_get_bad_key".into();
    let mut transcripts = support(&all, "http", "admin", true);
    transcripts.push(check);
    let server = ReplayServer::start(transcripts).await;
    let err = Client::builder(server.url())
        .database("odoo19")
        .api_key("not-the-key")
        .transport(TransportKind::Json2)
        .connect()
        .await
        .expect_err("a bad key cannot connect");
    assert_eq!(err.kind(), ErrorKind::AccessDenied, "{err:?}");
    assert_eq!(err.message(), "Invalid apikey");
    assert!(!format!("{err} {err:?}").contains("not-the-key"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn secrets_never_leak_into_errors() {
    let _root = require_fixtures!();
    let all = load_transcripts("odoo18");
    // A server that echoes the request (with the password) in an HTML error page.
    let mut echo = find(&all, "jsonrpc_search_count_partner")
        .expect("recorded")
        .clone();
    echo.name = "synthetic_echo".into();
    echo.request.body = echo.request.body.map(|b| {
        b.replace(
            "\"admin\", \"res.partner\"",
            "\"s3cret-Pa55\", \"res.partner\"",
        )
    });
    echo.response.status = 400;
    echo.response
        .headers
        .insert("content-type".into(), "text/html".into());
    echo.response.body = format!(
        "<pre>bad request: {}</pre>",
        echo.request.body.clone().unwrap_or_default()
    );
    let mut login = find(&all, "jsonrpc_common_authenticate_ok")
        .expect("recorded")
        .clone();
    login.request.body = login
        .request
        .body
        .map(|b| b.replace("\"admin\", \"admin\"", "\"admin\", \"s3cret-Pa55\""));
    let version = find(&all, "jsonrpc_common_version")
        .expect("recorded")
        .clone();
    let server = ReplayServer::start(vec![version, login, echo]).await;
    let client = Client::builder(server.url())
        .database("odoo18")
        .login("admin")
        .password("s3cret-Pa55")
        .transport(TransportKind::JsonRpc)
        .connect()
        .await
        .expect("connects");
    assert!(!format!("{client:?}").contains("s3cret-Pa55"));
    let err = client
        .search_count(
            "res.partner",
            json!([["is_company", "=", true]]),
            SearchOptions::new(),
        )
        .await
        .expect_err("the server answers 400");
    assert_eq!(err.kind(), ErrorKind::Http, "{err:?}");
    let text = format!("{err} {err:?} {}", err.message());
    assert!(text.contains("<redacted>"), "{text}");
    assert!(!text.contains("s3cret-Pa55"), "{text}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn json2_connect_knows_the_uid_and_the_version() {
    let _root = require_fixtures!();
    let all = load_transcripts("odoo19");
    let server = ReplayServer::start(support(&all, "json2", "limited", true)).await;
    let client = Client::builder(server.url())
        .database("odoo19")
        .api_key("limited-api-key")
        .transport(TransportKind::Json2)
        .connect()
        .await
        .expect("connects");
    let recorded_uid = find(&all, "web_session_authenticate_limited_ok")
        .map(|t| body_json(Some(&t.response.body))["result"]["uid"].as_i64())
        .expect("recorded");
    assert_eq!(client.uid(), recorded_uid);
    assert_eq!(client.server_version().major, 19);
    assert_eq!(client.transport_kind(), TransportKind::Json2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_web_session_refuses_an_api_key_before_sending_it() {
    let _root = require_fixtures!();
    let all = load_transcripts("odoo18");
    let server = ReplayServer::start(support(&all, "web", "admin", true)).await;
    let err = Client::builder(server.url())
        .database("odoo18")
        .login("admin")
        .api_key("an-api-key")
        .transport(TransportKind::WebSession)
        .connect()
        .await
        .expect_err("the web login takes a password");
    assert_eq!(err.kind(), ErrorKind::InvalidInput, "{err:?}");
    assert!(
        server
            .log()
            .iter()
            .all(|e| e.request.path != "/web/session/authenticate"),
        "nothing was sent to the login route"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_response_over_the_size_limit_is_a_limit_error() {
    let _root = require_fixtures!();
    let all = load_transcripts("odoo18");
    for family in ["jsonrpc", "xmlrpc"] {
        let mut transcripts = support(&all, family, "admin", true);
        transcripts.extend(find(&all, &format!("{family}_read_partner")).cloned());
        let call = logical(transcripts.last().expect("case")).expect("recorded call");
        let server = ReplayServer::start(transcripts).await;
        let client = Client::builder(server.url())
            .database("odoo18")
            .login("admin")
            .password("admin")
            .transport(transport_of(family))
            .limits(Limits::default().max_response_bytes(4096))
            .connect()
            .await
            .expect("small answers fit");
        let err = client
            .execute_kw(
                &call.model,
                &call.method,
                Value::Array(call.args.clone()),
                Value::Object(call.kwargs.clone()),
            )
            .await
            .expect_err("the read is larger than 4096 bytes");
        match err.limit_error() {
            Some(limit) => {
                assert_eq!(limit.limit, LimitKind::ResponseBytes);
                assert_eq!(limit.value, 4096);
            }
            None => panic!("{family}: expected a limit error, got {err:?}"),
        }
        assert!(err.to_string().contains("max_response_bytes"), "{err}");
    }
}
