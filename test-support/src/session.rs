//! Clients connected to a replay server: the exchanges a client sends before a case
//! (version, login), and the client built the way a case needs it.

use std::collections::BTreeMap;

use odoo_core::{Client, Error, TransportKind};
use serde_json::Value;

use super::{RecordedRequest, RecordedResponse, Transcript};

/// A request or response body as JSON (`Null` when absent or not JSON).
pub fn body_json(text: Option<&str>) -> Value {
    text.and_then(|t| serde_json::from_str(t).ok())
        .unwrap_or(Value::Null)
}

/// The transcript of that name.
pub fn find<'a>(all: &'a [Transcript], name: &str) -> Option<&'a Transcript> {
    all.iter().find(|t| t.name == name)
}

/// The exchange that stands in for the JSON-2 login, which the recordings do not hold: the
/// client checks the key with `res.users.context_get`, whose answer on Odoo 19 is the user
/// context with the uid (`{"lang", "tz", "uid"}`, as a live 19.0 server answers). The values are
/// taken from recorded data: the user context of the web session login.
pub fn json2_login_exchanges(
    all: &[Transcript],
    login: &str,
    with_database: bool,
) -> Vec<Transcript> {
    let session_case = if login == "limited" {
        "web_session_authenticate_limited_ok"
    } else {
        "web_session_authenticate_ok"
    };
    let session = find(all, session_case)
        .map(|t| body_json(Some(&t.response.body)))
        .unwrap_or(Value::Null);
    let result = &session["result"];
    let user_context = result["user_context"]
        .as_object()
        .cloned()
        .unwrap_or_default();
    let db = find(all, "json2_search_partner")
        .and_then(|t| t.request.headers.get("X-Odoo-Database").cloned())
        .filter(|_| with_database);
    let mut headers = BTreeMap::new();
    headers.insert(
        "Content-Type".to_owned(),
        "application/json; charset=utf-8".to_owned(),
    );
    headers.insert("Authorization".to_owned(), "bearer <redacted>".to_owned());
    if let Some(db) = db {
        headers.insert("X-Odoo-Database".to_owned(), db);
    }
    vec![synthetic(
        "synthetic_json2_context_get",
        "/json/2/res.users/context_get",
        headers.clone(),
        "{}".to_owned(),
        Value::Object(user_context).to_string(),
        19,
    )]
}

/// An exchange written by the test (not recorded), for what the recordings do not hold.
pub fn synthetic(
    name: &str,
    path: &str,
    headers: BTreeMap<String, String>,
    body: String,
    response_body: String,
    version: u32,
) -> Transcript {
    let mut response_headers = BTreeMap::new();
    response_headers.insert(
        "content-type".to_owned(),
        "application/json; charset=utf-8".to_owned(),
    );
    Transcript {
        name: name.to_owned(),
        request: RecordedRequest {
            method: "POST".to_owned(),
            path: path.to_owned(),
            headers,
            body: Some(body),
        },
        response: RecordedResponse {
            status: 200,
            headers: response_headers,
            body: response_body,
        },
        version,
    }
}

/// The exchanges a client needs before the case: its version and login.
pub fn support(
    all: &[Transcript],
    family: &str,
    login: &str,
    with_database: bool,
) -> Vec<Transcript> {
    let names: Vec<String> = match family {
        "jsonrpc" | "xmlrpc" => vec![
            format!("{family}_common_version"),
            if login == "limited" {
                format!("{family}_common_authenticate_limited_ok")
            } else {
                format!("{family}_common_authenticate_ok")
            },
        ],
        "web" => vec![
            "web_webclient_version_info".into(),
            if login == "limited" {
                "web_session_authenticate_limited_ok".into()
            } else {
                "web_session_authenticate_ok".into()
            },
        ],
        "json2" | "doc" | "http" => vec!["http_get_web_version".into()],
        _ => vec![],
    };
    let mut out: Vec<Transcript> = names.iter().filter_map(|n| find(all, n).cloned()).collect();
    if matches!(family, "json2" | "doc") {
        out.extend(json2_login_exchanges(all, login, with_database));
    }
    out
}

pub fn transport_of(family: &str) -> TransportKind {
    match family {
        "jsonrpc" => TransportKind::JsonRpc,
        "xmlrpc" => TransportKind::XmlRpc,
        "web" => TransportKind::WebSession,
        _ => TransportKind::Json2,
    }
}

pub fn database_of(all: &[Transcript]) -> String {
    find(all, "jsonrpc_common_authenticate_ok")
        .and_then(|t| {
            body_json(t.request.body.as_deref())["params"]["args"][0]
                .as_str()
                .map(str::to_owned)
        })
        .unwrap_or_else(|| "odoo".into())
}

pub async fn connect(
    url: &str,
    family: &str,
    database: Option<&str>,
    login: &str,
    password: &str,
) -> Result<Client, Error> {
    let mut builder = Client::builder(url)
        .login(login)
        .transport(transport_of(family));
    if let Some(db) = database {
        builder = builder.database(db);
    }
    builder = if matches!(family, "json2" | "doc") {
        builder.api_key(format!("{login}-api-key"))
    } else {
        builder.password(password)
    };
    builder.connect().await
}
