//! Deciding whether an incoming request is "the same" as a recorded one.
//!
//! Rules, checked in this order (all differences are reported, not only the
//! first):
//!
//! 1. **Method**: equal (case-sensitive, as HTTP says).
//! 2. **Path**: equal, query string included.
//! 3. **Headers** (names case-insensitive):
//!    - `Content-Type`: when the recorded request has a body and a
//!      Content-Type, the request must have the same media type; parameters
//!      such as `charset` are ignored (`application/json` equals
//!      `application/json; charset=utf-8`). Not checked for body-less
//!      requests (GET).
//!    - `Authorization`: when recorded, the request must carry one with the
//!      same scheme (case-insensitive, e.g. `bearer` vs `Bearer`) and a
//!      non-empty credential; the recorded credential is redacted so its
//!      value is not compared. On `/json/2/` and `/doc-bearer/` paths a
//!      request recorded *without* Authorization must not carry one either.
//!    - `X-Odoo-Database`: when recorded, equal value; when not recorded,
//!      anything goes.
//!    - `Cookie`: when recorded with `session_id=...`, the request must send
//!      a non-empty `session_id` cookie (its value is not compared). A
//!      request recorded without Cookie may send one or not.
//! 4. **Body**:
//!    - recorded `null` (GET): the request body must be empty.
//!    - byte-identical bodies always match.
//!    - `/xmlrpc/...`: both read with the test-side XML-RPC reader and
//!      compared as values (struct member order ignored, `int`/`i4`/`i8`
//!      alike, whitespace between elements ignored).
//!    - `/jsonrpc` and `/web/...`: both parsed as JSON; the top-level `id`
//!      member is removed from both before comparing.
//!    - any other path (`/json/2/...`): both parsed as JSON and compared.
//!    - a recorded body that does not parse (the malformed-request cases)
//!      matches only byte for byte.
//!
//! Values are compared structurally: object member order is ignored, array
//! order matters, and numbers are equal when numerically equal (`1` equals
//! `1.0`, in JSON and between XML-RPC `int` and `double` alike). Integers are
//! compared exactly; as soon as one side is a float both are compared as
//! `f64`.

use std::borrow::Cow;
use std::fmt;

use serde_json::{Number, Value};

use super::transcript::{body_value, Transcript};

/// Most differences listed in one explanation.
const MAX_DETAILS: usize = 12;
/// Longest rendering of a value inside an explanation.
const MAX_VALUE_CHARS: usize = 120;

/// A request as received by the replay server (or built by a test).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IncomingRequest {
    /// HTTP method, e.g. `POST`.
    pub method: String,
    /// Path with query string, e.g. `/jsonrpc`.
    pub path: String,
    /// All headers in arrival order, names as received.
    pub headers: Vec<(String, String)>,
    /// Raw body bytes (empty when there is none).
    pub body: Vec<u8>,
}

impl IncomingRequest {
    /// A request with the given parts.
    pub fn new(method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> Self {
        IncomingRequest {
            method: method.to_owned(),
            path: path.to_owned(),
            headers: headers
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect(),
            body: body.to_vec(),
        }
    }

    /// The request exactly as recorded (redacted header values included).
    pub fn from_transcript(t: &Transcript) -> Self {
        IncomingRequest {
            method: t.request.method.clone(),
            path: t.request.path.clone(),
            headers: t
                .request
                .headers
                .iter()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
            body: t.request.body.clone().unwrap_or_default().into_bytes(),
        }
    }

    /// First header with this name (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Replaces every header with this name (case-insensitive) by one with
    /// the given value, or removes them when `value` is `None`.
    pub fn set_header(&mut self, name: &str, value: Option<&str>) {
        self.headers.retain(|(k, _)| !k.eq_ignore_ascii_case(name));
        if let Some(v) = value {
            self.headers.push((name.to_owned(), v.to_owned()));
        }
    }

    /// The body as text (invalid UTF-8 replaced).
    pub fn body_text(&self) -> Cow<'_, str> {
        String::from_utf8_lossy(&self.body)
    }
}

/// Which part of a request differs from a recorded one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum MismatchKind {
    /// The HTTP method differs.
    Method,
    /// The path differs.
    Path,
    /// Method and path agree; headers and/or the body differ.
    Content,
}

/// Why a request does not match a recorded one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mismatch {
    /// The most important part that differs.
    pub kind: MismatchKind,
    /// Readable differences, at most a dozen.
    pub details: Vec<String>,
    /// Number of differences found (may exceed `details.len()`).
    pub count: usize,
}

impl Mismatch {
    /// Orders mismatches from closest to farthest: same method before
    /// different method, same path before different path, then fewer
    /// differences first.
    pub fn distance(&self) -> (u8, usize) {
        let rank = match self.kind {
            MismatchKind::Content => 0,
            MismatchKind::Path => 1,
            MismatchKind::Method => 2,
        };
        (rank, self.count)
    }
}

impl fmt::Display for Mismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.details.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            write!(f, "- {d}")?;
        }
        if self.count > self.details.len() {
            write!(f, "\n- ... and {} more", self.count - self.details.len())?;
        }
        Ok(())
    }
}

/// Collects differences, keeping the first few and counting all.
#[derive(Debug, Default)]
struct Diffs {
    details: Vec<String>,
    count: usize,
}

impl Diffs {
    fn push(&mut self, detail: String) {
        self.count += 1;
        if self.details.len() < MAX_DETAILS {
            self.details.push(detail);
        }
    }
}

/// Checks an incoming request against a recorded one, following the rules
/// of this module. `Ok(())` when it matches.
pub fn match_request(recorded: &Transcript, req: &IncomingRequest) -> Result<(), Mismatch> {
    let rec = &recorded.request;
    let mut diffs = Diffs::default();
    let mut kind = MismatchKind::Content;
    if rec.method != req.method {
        kind = MismatchKind::Method;
        diffs.push(format!(
            "method: recorded {}, request {}",
            rec.method, req.method
        ));
    }
    if rec.path != req.path {
        if kind == MismatchKind::Content {
            kind = MismatchKind::Path;
        }
        diffs.push(format!("path: recorded {}, request {}", rec.path, req.path));
    }
    compare_headers(recorded, req, &mut diffs);
    compare_bodies(recorded, req, &mut diffs);
    if diffs.count == 0 {
        Ok(())
    } else {
        Err(Mismatch {
            kind,
            details: diffs.details,
            count: diffs.count,
        })
    }
}

/// Whether a request made of these parts matches the recorded one
/// (method, path, headers and body, see the module rules); the error
/// lists the differences, one per line.
pub fn bodies_match(
    recorded: &Transcript,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Result<(), String> {
    let req = IncomingRequest::new(method, path, headers, body);
    match_request(recorded, &req).map_err(|m| m.to_string())
}

fn media_type(content_type: &str) -> String {
    content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

/// `session_id` cookie value, if the Cookie header has a non-empty one.
fn has_session_cookie(req: &IncomingRequest) -> bool {
    req.headers
        .iter()
        .filter(|(k, _)| k.eq_ignore_ascii_case("cookie"))
        .flat_map(|(_, v)| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .any(|(name, value)| name.trim() == "session_id" && !value.trim().is_empty())
}

fn compare_headers(recorded: &Transcript, req: &IncomingRequest, diffs: &mut Diffs) {
    let rec = &recorded.request;

    // Content-Type: media type only, and only when there is a body.
    if rec.body.is_some() {
        if let Some(rec_ct) = recorded.request_header("Content-Type") {
            match req.header("Content-Type") {
                None => diffs.push(format!(
                    "header Content-Type: recorded {rec_ct:?}, request has none"
                )),
                Some(ct) if media_type(ct) != media_type(rec_ct) => diffs.push(format!(
                    "header Content-Type: recorded media type {:?}, request {:?}",
                    media_type(rec_ct),
                    media_type(ct)
                )),
                Some(_) => {}
            }
        }
    }

    // Authorization: scheme and presence of a credential.
    let bearer_path = rec.path.starts_with("/json/2/") || rec.path.starts_with("/doc-bearer/");
    match (
        recorded.request_header("Authorization"),
        req.header("Authorization"),
    ) {
        (Some(rec_auth), Some(auth)) => {
            let rec_scheme = rec_auth.split_whitespace().next().unwrap_or("");
            let mut parts = auth.split_whitespace();
            let scheme = parts.next().unwrap_or("");
            let credential = parts.next().unwrap_or("");
            if !scheme.eq_ignore_ascii_case(rec_scheme) {
                diffs.push(format!(
                    "header Authorization: recorded scheme {rec_scheme:?}, request scheme {scheme:?}"
                ));
            } else if credential.is_empty() {
                diffs.push(format!(
                    "header Authorization: request has scheme {scheme:?} but no credential"
                ));
            }
        }
        (Some(rec_auth), None) => diffs.push(format!(
            "header Authorization: recorded {rec_auth:?}, request has none"
        )),
        (None, Some(_)) if bearer_path => {
            diffs.push("header Authorization: recorded without one, request sends one".to_owned())
        }
        (None, _) => {}
    }

    // X-Odoo-Database: equal when recorded.
    if let Some(rec_db) = recorded.request_header("X-Odoo-Database") {
        match req.header("X-Odoo-Database") {
            None => diffs.push(format!(
                "header X-Odoo-Database: recorded {rec_db:?}, request has none"
            )),
            Some(db) if db != rec_db => diffs.push(format!(
                "header X-Odoo-Database: recorded {rec_db:?}, request {db:?}"
            )),
            Some(_) => {}
        }
    }

    // Cookie: a session cookie when one was recorded.
    let recorded_session = recorded
        .request_header("Cookie")
        .is_some_and(|c| c.contains("session_id="));
    if recorded_session && !has_session_cookie(req) {
        diffs.push(match req.header("Cookie") {
            None => {
                "header Cookie: recorded with a session_id cookie, request has no Cookie".to_owned()
            }
            Some(c) => format!(
                "header Cookie: recorded with a session_id cookie, request Cookie {c:?} has none"
            ),
        });
    }
}

/// How a body is parsed for comparison, chosen by the recorded path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum BodyKind {
    XmlRpc,
    JsonRpc,
    Json,
}

fn body_kind(path: &str) -> BodyKind {
    if path.starts_with("/xmlrpc/") {
        BodyKind::XmlRpc
    } else if path == "/jsonrpc" || path.starts_with("/jsonrpc?") || path.starts_with("/web/") {
        BodyKind::JsonRpc
    } else {
        BodyKind::Json
    }
}

fn compare_bodies(recorded: &Transcript, req: &IncomingRequest, diffs: &mut Diffs) {
    let Some(rec_body) = recorded.request.body.as_deref() else {
        if !req.body.is_empty() {
            diffs.push(format!(
                "body: recorded without body, request has {} bytes: {}",
                req.body.len(),
                shorten(&req.body_text())
            ));
        }
        return;
    };
    if rec_body.as_bytes() == req.body.as_slice() {
        return;
    }
    if req.body.is_empty() {
        diffs.push(format!(
            "body: recorded {} bytes, request has no body",
            rec_body.len()
        ));
        return;
    }
    let kind = body_kind(&recorded.request.path);
    let what = if kind == BodyKind::XmlRpc {
        "XML-RPC"
    } else {
        "JSON"
    };
    let rec_value = match body_value(&recorded.request.path, rec_body) {
        Ok(v) => v,
        Err(e) => {
            diffs.push(format!(
                "body: the recorded body is not valid {what} ({e}), so only the exact bytes match; {}",
                first_byte_difference(rec_body.as_bytes(), &req.body)
            ));
            return;
        }
    };
    let Ok(text) = std::str::from_utf8(&req.body) else {
        diffs.push("body: request body is not UTF-8".to_owned());
        return;
    };
    let req_value = match body_value(&recorded.request.path, text) {
        Ok(v) => v,
        Err(e) => {
            diffs.push(format!(
                "body: request body is not valid {what}: {e}; body: {}",
                shorten(text)
            ));
            return;
        }
    };
    let (rec_value, req_value) = if kind == BodyKind::JsonRpc {
        (without_id(rec_value), without_id(req_value))
    } else {
        (rec_value, req_value)
    };
    let mut path = String::from("$");
    diff_values(&mut path, &rec_value, &req_value, diffs);
}

fn without_id(mut v: Value) -> Value {
    if let Value::Object(map) = &mut v {
        map.remove("id");
    }
    v
}

fn first_byte_difference(recorded: &[u8], actual: &[u8]) -> String {
    let at = recorded
        .iter()
        .zip(actual)
        .position(|(a, b)| a != b)
        .unwrap_or(recorded.len().min(actual.len()));
    let window = |bytes: &[u8]| {
        let end = (at + 40).min(bytes.len());
        String::from_utf8_lossy(&bytes[at.min(bytes.len())..end]).into_owned()
    };
    format!(
        "bytes differ from offset {at} (recorded {} bytes, request {}): recorded {:?}..., request {:?}...",
        recorded.len(),
        actual.len(),
        window(recorded),
        window(actual)
    )
}

/// Lists the differences between two values (see the module rules for
/// numbers and objects), as readable lines naming the JSON path, e.g.
/// `$.params.args[5][0][0]: recorded 9, request 10`. Empty when equal.
pub fn value_differences(recorded: &Value, actual: &Value) -> Vec<String> {
    let mut diffs = Diffs::default();
    let mut path = String::from("$");
    diff_values(&mut path, recorded, actual, &mut diffs);
    if diffs.count > diffs.details.len() {
        let more = diffs.count - diffs.details.len();
        diffs.details.push(format!("... and {more} more"));
    }
    diffs.details
}

/// Whether two values are equal under the module rules (member order
/// ignored, numbers compared numerically).
pub fn values_equal(a: &Value, b: &Value) -> bool {
    let mut diffs = Diffs::default();
    let mut path = String::new();
    diff_values(&mut path, a, b, &mut diffs);
    diffs.count == 0
}

/// Numeric equality: exact for two integers, `f64` otherwise.
pub fn numbers_equal(a: &Number, b: &Number) -> bool {
    if let (Some(x), Some(y)) = (a.as_i64(), b.as_i64()) {
        return x == y;
    }
    if let (Some(x), Some(y)) = (a.as_u64(), b.as_u64()) {
        return x == y;
    }
    match (a.as_f64(), b.as_f64()) {
        (Some(x), Some(y)) => x == y,
        _ => false,
    }
}

fn push_key(path: &mut String, key: &str) {
    let plain = !key.is_empty()
        && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !key.starts_with(|c: char| c.is_ascii_digit());
    if plain {
        path.push('.');
        path.push_str(key);
    } else {
        path.push('[');
        path.push_str(&Value::String(key.to_owned()).to_string());
        path.push(']');
    }
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

fn render(v: &Value) -> String {
    shorten(&v.to_string())
}

fn shorten(s: &str) -> String {
    if s.chars().count() <= MAX_VALUE_CHARS {
        s.to_owned()
    } else {
        let cut: String = s.chars().take(MAX_VALUE_CHARS).collect();
        format!("{cut}...")
    }
}

fn diff_values(path: &mut String, rec: &Value, act: &Value, diffs: &mut Diffs) {
    match (rec, act) {
        (Value::Object(a), Value::Object(b)) => {
            for (key, av) in a {
                let len = path.len();
                push_key(path, key);
                match b.get(key) {
                    Some(bv) => diff_values(path, av, bv, diffs),
                    None => diffs.push(format!(
                        "{path}: missing in request (recorded {})",
                        render(av)
                    )),
                }
                path.truncate(len);
            }
            for (key, bv) in b {
                if !a.contains_key(key) {
                    let len = path.len();
                    push_key(path, key);
                    diffs.push(format!(
                        "{path}: not in the recording (request {})",
                        render(bv)
                    ));
                    path.truncate(len);
                }
            }
        }
        (Value::Array(a), Value::Array(b)) => {
            if a.len() != b.len() {
                diffs.push(format!(
                    "{path}: recorded array of {} items, request {} items",
                    a.len(),
                    b.len()
                ));
            }
            for (i, (av, bv)) in a.iter().zip(b).enumerate() {
                let len = path.len();
                path.push_str(&format!("[{i}]"));
                diff_values(path, av, bv, diffs);
                path.truncate(len);
            }
        }
        (Value::Number(a), Value::Number(b)) => {
            if !numbers_equal(a, b) {
                diffs.push(format!("{path}: recorded {a}, request {b}"));
            }
        }
        _ => {
            if rec != act {
                if type_name(rec) == type_name(act) {
                    diffs.push(format!(
                        "{path}: recorded {}, request {}",
                        render(rec),
                        render(act)
                    ));
                } else {
                    diffs.push(format!(
                        "{path}: recorded {} {}, request {} {}",
                        type_name(rec),
                        render(rec),
                        type_name(act),
                        render(act)
                    ));
                }
            }
        }
    }
}
