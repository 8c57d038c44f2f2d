//! Recorded HTTP exchanges (`transcripts/*.json`) and what can be read from
//! them: protocol family, case name, server version, user.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::xmlrpc;

/// The server versions that have a fixture folder, oldest first.
pub const VERSIONS: [&str; 4] = ["odoo16", "odoo17", "odoo18", "odoo19"];

/// One recorded HTTP exchange, as stored in `<version>/transcripts/<name>.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Transcript {
    /// File stem, e.g. `jsonrpc_read_partner`.
    pub name: String,
    /// The request as the recording client sent it.
    pub request: RecordedRequest,
    /// The response as the server sent it.
    pub response: RecordedResponse,
    /// Numeric server version (16..=19), taken from the folder the file was
    /// loaded from; 0 when the transcript was not loaded from disk.
    #[serde(skip)]
    pub version: u32,
}

/// The request half of a transcript.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RecordedRequest {
    /// HTTP method, `GET` or `POST`.
    pub method: String,
    /// Path (and query, if any) of the request.
    pub path: String,
    /// The kept request headers (`Content-Type`, `Authorization`, `Cookie`,
    /// `X-Odoo-Database`), secrets redacted.
    #[serde(default)]
    pub headers: BTreeMap<String, String>,
    /// Exact body text, `None` for GET requests.
    pub body: Option<String>,
}

/// The response half of a transcript.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RecordedResponse {
    /// HTTP status code.
    pub status: u16,
    /// The kept response headers (`content-type`, `set-cookie`,
    /// `www-authenticate`), lower-case names.
    #[serde(default)]
    pub headers: BTreeMap<String, String>,
    /// Exact body text.
    pub body: String,
}

/// Protocol family of a transcript, given by the prefix of its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Family {
    /// `xmlrpc_`: `/xmlrpc/2/<service>`.
    Xmlrpc,
    /// `jsonrpc_`: `/jsonrpc`.
    Jsonrpc,
    /// `web_`: `/web/session/*`, `/web/webclient/*`, `/web/dataset/call_kw/*`.
    Web,
    /// `json2_`: `/json/2/<model>/<method>` with a bearer API key (Odoo 19).
    Json2,
    /// `doc_`: `/doc-bearer/*` (Odoo 19).
    Doc,
    /// `http_`: plain GET requests.
    Http,
}

impl Family {
    /// All families, in prefix order.
    pub const ALL: [Family; 6] = [
        Family::Xmlrpc,
        Family::Jsonrpc,
        Family::Web,
        Family::Json2,
        Family::Doc,
        Family::Http,
    ];

    /// The name prefix without its trailing underscore, e.g. `"jsonrpc"`.
    pub fn prefix(self) -> &'static str {
        match self {
            Family::Xmlrpc => "xmlrpc",
            Family::Jsonrpc => "jsonrpc",
            Family::Web => "web",
            Family::Json2 => "json2",
            Family::Doc => "doc",
            Family::Http => "http",
        }
    }

    /// Splits a transcript name into its family and its case,
    /// e.g. `doc_bearer_index` -> `(Doc, "bearer_index")`.
    pub fn split_name(name: &str) -> Option<(Family, &str)> {
        let (prefix, case) = name.split_once('_')?;
        let family = Family::ALL.into_iter().find(|f| f.prefix() == prefix)?;
        Some((family, case))
    }
}

impl fmt::Display for Family {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.prefix())
    }
}

/// Who a recorded request runs as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum User {
    /// `admin` (password `admin`, or the admin API key / session).
    Admin,
    /// `limited` (password `limited`, or the limited user's API key / session).
    Limited,
    /// A wrong password, an invalid API key or a bogus session.
    BadCredentials,
    /// No credentials at all (version probes, database list, requests
    /// recorded without session cookie or Authorization header).
    Anonymous,
}

impl Transcript {
    /// Parses one transcript file; the server version is taken from the
    /// `odooNN` folder above `transcripts/` when there is one.
    pub fn from_file(path: &Path) -> Result<Transcript, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        let mut t: Transcript = serde_json::from_str(&text)
            .map_err(|e| format!("cannot parse {}: {e}", path.display()))?;
        t.version = path
            .parent()
            .and_then(Path::parent)
            .and_then(Path::file_name)
            .and_then(|n| n.to_str())
            .and_then(version_number)
            .unwrap_or(0);
        Ok(t)
    }

    /// The protocol family, from the name prefix.
    ///
    /// Panics when the name has no known prefix (every recorded file has one).
    pub fn family(&self) -> Family {
        match Family::split_name(&self.name) {
            Some((family, _)) => family,
            None => panic!("transcript {:?} has no known family prefix", self.name),
        }
    }

    /// The name without its family prefix: `jsonrpc_read_partner` ->
    /// `read_partner`, `doc_bearer_index` -> `bearer_index`.
    pub fn case(&self) -> &str {
        match Family::split_name(&self.name) {
            Some((_, case)) => case,
            None => &self.name,
        }
    }

    /// The numeric server version (16..=19) of the folder it was loaded from.
    pub fn server_version(&self) -> u32 {
        self.version
    }

    /// The `odooNN` folder name this transcript was loaded from.
    pub fn version_dir(&self) -> String {
        format!("odoo{}", self.version)
    }

    /// A recorded request header, looked up case-insensitively.
    pub fn request_header(&self, name: &str) -> Option<&str> {
        header_in(&self.request.headers, name)
    }

    /// A recorded response header, looked up case-insensitively.
    pub fn response_header(&self, name: &str) -> Option<&str> {
        header_in(&self.response.headers, name)
    }

    /// The request body as a value: JSON bodies parsed as JSON, XML-RPC
    /// bodies through the test-side reader. `None` for GET requests and for
    /// bodies that do not parse.
    pub fn request_value(&self) -> Option<Value> {
        let body = self.request.body.as_deref()?;
        body_value(&self.request.path, body).ok()
    }

    /// The response body as a value (JSON, or XML-RPC read into a JSON tree
    /// for `/xmlrpc/` paths). `None` when it does not parse (HTML pages...).
    pub fn response_value(&self) -> Option<Value> {
        body_value(&self.request.path, &self.response.body).ok()
    }

    /// Who the request runs as, see [`transcript_user`].
    pub fn user(&self) -> User {
        transcript_user(self)
    }
}

fn header_in<'a>(headers: &'a BTreeMap<String, String>, name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

/// Parses a body the way the path's protocol encodes it: XML-RPC for
/// `/xmlrpc/...`, JSON otherwise.
pub fn body_value(path: &str, body: &str) -> Result<Value, String> {
    if path.starts_with("/xmlrpc/") {
        xmlrpc::parse(body)
    } else {
        serde_json::from_str(body).map_err(|e| format!("not valid JSON: {e}"))
    }
}

/// `"odoo18"`, `"18"` -> `Some(18)`.
pub fn version_number(version: &str) -> Option<u32> {
    version.strip_prefix("odoo").unwrap_or(version).parse().ok()
}

fn version_dir_name(version: &str) -> String {
    match version_number(version) {
        Some(n) => format!("odoo{n}"),
        None => version.to_owned(),
    }
}

/// The `transcripts` folder of a version (`"odoo18"` or `"18"`).
///
/// Panics with a clear message when the fixtures are absent; call
/// `require_fixtures!()` at the start of the test to skip instead.
pub fn transcripts_dir(version: &str) -> PathBuf {
    let root = match super::fixtures_root() {
        Some(root) => root,
        None => panic!(
            "fixtures not found at {} (set ODOO_FIXTURES); start the test with require_fixtures!()",
            super::fixtures_location().display()
        ),
    };
    root.join(version_dir_name(version)).join("transcripts")
}

/// Loads every transcript of a version (`"odoo18"` or `"18"`), sorted by
/// name. Panics with the file name when a file cannot be read or parsed.
pub fn load_transcripts(version: &str) -> Vec<Transcript> {
    let dir = transcripts_dir(version);
    let entries =
        std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()));
    let mut out: Vec<Transcript> = entries
        .map(|entry| entry.unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display())))
        .map(|entry| entry.path())
        .filter(|p| p.extension().is_some_and(|ext| ext == "json"))
        .map(|p| Transcript::from_file(&p).unwrap_or_else(|e| panic!("{e}")))
        .collect();
    out.sort_by(|a, b| a.name.cmp(&b.name));
    out
}

/// Loads one transcript by name, e.g. `load_transcript("odoo18",
/// "jsonrpc_read_partner")`. Panics when the file is missing or invalid.
pub fn load_transcript(version: &str, name: &str) -> Transcript {
    let path = transcripts_dir(version).join(format!("{name}.json"));
    Transcript::from_file(&path).unwrap_or_else(|e| panic!("{e}"))
}

/// Like [`load_transcript`] but `None` when the file does not exist.
pub fn try_load_transcript(version: &str, name: &str) -> Option<Transcript> {
    let path = transcripts_dir(version).join(format!("{name}.json"));
    if !path.is_file() {
        return None;
    }
    Some(Transcript::from_file(&path).unwrap_or_else(|e| panic!("{e}")))
}

/// Names of the transcripts a client needs before running a case of
/// `family` as `user`, in the order a client sends them:
///
/// - `xmlrpc` / `jsonrpc`: `<p>_common_authenticate_ok` (admin),
///   `<p>_common_authenticate_limited_ok` (limited) or
///   `<p>_common_authenticate_bad_password` (bad credentials), then
///   `<p>_common_version`; anonymous: only `<p>_common_version`.
/// - `web`: `web_session_authenticate_ok` / `_limited_ok` / `_bad_password`,
///   then `web_webclient_version_info`; anonymous: only the latter.
/// - `json2` / `doc`: `http_get_web_version` on Odoo 19 and later, nothing
///   before (those protocols do not exist there).
/// - `http`: nothing.
pub fn support_names(version: &str, family: Family, user: User) -> Vec<String> {
    let number = version_number(version).unwrap_or(0);
    let auth_suffix = match user {
        User::Admin => Some("authenticate_ok"),
        User::Limited => Some("authenticate_limited_ok"),
        User::BadCredentials => Some("authenticate_bad_password"),
        User::Anonymous => None,
    };
    let mut names = Vec::new();
    match family {
        Family::Xmlrpc | Family::Jsonrpc => {
            let p = family.prefix();
            if let Some(suffix) = auth_suffix {
                names.push(format!("{p}_common_{suffix}"));
            }
            names.push(format!("{p}_common_version"));
        }
        Family::Web => {
            if let Some(suffix) = auth_suffix {
                names.push(format!("web_session_{suffix}"));
            }
            names.push("web_webclient_version_info".to_owned());
        }
        Family::Json2 | Family::Doc => {
            if number >= 19 {
                names.push("http_get_web_version".to_owned());
            }
        }
        Family::Http => {}
    }
    names
}

/// Loads the transcripts named by [`support_names`].
pub fn support_transcripts(version: &str, family: Family, user: User) -> Vec<Transcript> {
    support_names(version, family, user)
        .iter()
        .map(|name| load_transcript(version, name))
        .collect()
}

/// The case under test first, then its support transcripts (for its own
/// family and user). With the first-match-wins rule of the replay server the
/// case itself answers whenever a support transcript would match the same
/// request too.
pub fn case_with_support(case: &Transcript) -> Vec<Transcript> {
    let mut out = vec![case.clone()];
    let version = case.version_dir();
    for t in support_transcripts(&version, case.family(), case.user()) {
        if t.name != case.name {
            out.push(t);
        }
    }
    out
}

fn user_from_password(password: &str) -> User {
    match password {
        "admin" => User::Admin,
        "limited" => User::Limited,
        _ => User::BadCredentials,
    }
}

fn user_from_login(login: &str, password: &str) -> User {
    match (login, password) {
        ("admin", "admin") => User::Admin,
        ("limited", "limited") => User::Limited,
        _ => User::BadCredentials,
    }
}

/// Who a recorded request runs as, read from the request itself:
///
/// - XML-RPC / JSON-RPC `execute_kw` / `execute`: the password in `args[2]`
///   (`admin`, `limited`, anything else is bad credentials);
///   `authenticate` / `login`: login and password in args[1..3];
///   other calls (`version`, `db.list`...) or unreadable bodies: anonymous.
/// - `/web/session/authenticate`: `params.login` / `params.password`.
/// - other `/web/...`: anonymous when recorded without session cookie,
///   bad credentials for the `bogus_session` case, `limited` when the case
///   name contains `limited`, admin otherwise.
/// - `/json/2/...`, `/doc-bearer/...`: anonymous without Authorization,
///   bad credentials for `bad_api_key` / `bad_key` cases, `limited` when
///   the case name contains `limited`, admin otherwise.
/// - anything else: anonymous.
pub fn transcript_user(t: &Transcript) -> User {
    let path = t.request.path.as_str();
    let case = t.case();
    if path.starts_with("/xmlrpc/") || path == "/jsonrpc" {
        let Some(body) = t.request_value() else {
            return User::Anonymous;
        };
        let (method, args) = if path == "/jsonrpc" {
            (
                body.pointer("/params/method").and_then(Value::as_str),
                body.pointer("/params/args").and_then(Value::as_array),
            )
        } else {
            (
                body.get("methodName").and_then(Value::as_str),
                body.get("params").and_then(Value::as_array),
            )
        };
        let arg = |i: usize| args.and_then(|a| a.get(i)).and_then(Value::as_str);
        return match method {
            Some("execute_kw" | "execute") => arg(2).map_or(User::Anonymous, user_from_password),
            Some("authenticate" | "login") => match (arg(1), arg(2)) {
                (Some(login), Some(password)) => user_from_login(login, password),
                _ => User::Anonymous,
            },
            _ => User::Anonymous,
        };
    }
    if path == "/web/session/authenticate" {
        let body = t.request_value();
        let field = |k: &str| {
            body.as_ref()
                .and_then(|b| b.pointer(&format!("/params/{k}")))
                .and_then(Value::as_str)
                .map(str::to_owned)
        };
        return match (field("login"), field("password")) {
            (Some(login), Some(password)) => user_from_login(&login, &password),
            _ => User::Anonymous,
        };
    }
    if path.starts_with("/web/") {
        let has_session = t
            .request_header("Cookie")
            .is_some_and(|c| c.contains("session_id="));
        return if !has_session {
            User::Anonymous
        } else if case.contains("bogus_session") {
            User::BadCredentials
        } else if case.contains("limited") {
            User::Limited
        } else {
            User::Admin
        };
    }
    if path.starts_with("/json/2/") || path.starts_with("/doc-bearer/") {
        return if t.request_header("Authorization").is_none() {
            User::Anonymous
        } else if case.contains("bad_api_key") || case.contains("bad_key") {
            User::BadCredentials
        } else if case.contains("limited") {
            User::Limited
        } else {
            User::Admin
        };
    }
    User::Anonymous
}
