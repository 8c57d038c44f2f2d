//! A local HTTP server that answers requests with recorded responses.
//!
//! **Matching rule:** for each request, the candidate transcripts are tried
//! in the order they were given to [`ReplayServer::start`]; the first one
//! whose request matches (see [`super::matching`]) answers. So when two
//! transcripts match the same request (e.g. `read_x2many` and
//! `read_x2many_after_write`, or a case and a support transcript), the
//! earlier one wins. [`super::case_with_support`] puts the case under test
//! first for that reason.
//!
//! By default a transcript may answer any number of times
//! ([`Reuse::Many`]). With [`Reuse::Once`] each transcript answers at most
//! once and is skipped afterwards, which replays sequences where the same
//! request got different answers over time.
//!
//! When nothing matches, the server answers status 599 with a text body
//! starting with [`NO_MATCH_PREFIX`], followed by the request line and an
//! explanation of how the closest candidate differs; the same explanation is
//! kept in the log. The server never panics on odd requests.

use std::fmt;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};

use axum::body::{to_bytes, Body};
use axum::extract::{Request, State};
use axum::http::{HeaderName, HeaderValue, StatusCode};
use axum::response::Response;
use axum::Router;
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

use super::matching::{match_request, IncomingRequest, Mismatch};
use super::transcript::Transcript;

/// Start of the body of every "no match" answer.
pub const NO_MATCH_PREFIX: &str = "replay: no recorded exchange matches";
/// Status of every "no match" answer.
pub const NO_MATCH_STATUS: u16 = 599;
/// Largest request body read (bigger bodies are answered 599).
const BODY_LIMIT: usize = 64 * 1024 * 1024;
/// Longest body shown when a log entry is printed.
const MAX_LOGGED_BODY: usize = 4000;

/// How often one transcript may answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Reuse {
    /// Any number of times (default).
    #[default]
    Many,
    /// At most once; once used it is skipped.
    Once,
}

/// What the server did with one request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Answered by the transcript with this name.
    Served(String),
    /// Nothing matched; the explanation of the closest candidate's
    /// differences (the same text is in the 599 answer).
    Unmatched(String),
}

/// One request received by the server and what happened to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exchange {
    /// Position in the log, from 1.
    pub seq: usize,
    /// The request as received (all headers, raw body).
    pub request: IncomingRequest,
    /// Status code sent back.
    pub status: u16,
    /// Which transcript answered, or why none did.
    pub outcome: Outcome,
}

impl Exchange {
    /// Name of the transcript that answered, if any.
    pub fn served(&self) -> Option<&str> {
        match &self.outcome {
            Outcome::Served(name) => Some(name),
            Outcome::Unmatched(_) => None,
        }
    }

    /// The explanation when nothing matched.
    pub fn explanation(&self) -> Option<&str> {
        match &self.outcome {
            Outcome::Served(_) => None,
            Outcome::Unmatched(why) => Some(why),
        }
    }
}

impl fmt::Display for Exchange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let req = &self.request;
        match &self.outcome {
            Outcome::Served(name) => write!(
                f,
                "#{} {} {} -> {} ({})",
                self.seq, req.method, req.path, name, self.status
            ),
            Outcome::Unmatched(why) => {
                writeln!(
                    f,
                    "#{} {} {} -> NO MATCH ({})",
                    self.seq, req.method, req.path, self.status
                )?;
                for (k, v) in &req.headers {
                    writeln!(f, "    {k}: {v}")?;
                }
                let body = req.body_text();
                if body.chars().count() > MAX_LOGGED_BODY {
                    let cut: String = body.chars().take(MAX_LOGGED_BODY).collect();
                    writeln!(f, "    body ({} bytes): {cut}...", req.body.len())?;
                } else {
                    writeln!(f, "    body ({} bytes): {body}", req.body.len())?;
                }
                for line in why.lines() {
                    writeln!(f, "    {line}")?;
                }
                Ok(())
            }
        }
    }
}

#[derive(Debug)]
struct Log {
    uses: Vec<usize>,
    exchanges: Vec<Exchange>,
}

#[derive(Debug)]
struct Shared {
    transcripts: Vec<Transcript>,
    reuse: Reuse,
    log: Mutex<Log>,
}

impl Shared {
    /// The log, even if a panicking thread poisoned the lock.
    fn lock(&self) -> MutexGuard<'_, Log> {
        self.log
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// A replay server on `127.0.0.1:<random port>`, stopped when dropped.
#[derive(Debug)]
pub struct ReplayServer {
    addr: SocketAddr,
    shared: Arc<Shared>,
    task: JoinHandle<()>,
}

impl ReplayServer {
    /// Starts a server answering from these transcripts, each reusable
    /// ([`Reuse::Many`]). Must run inside a Tokio runtime; the server task
    /// runs on that runtime.
    pub async fn start(transcripts: Vec<Transcript>) -> ReplayServer {
        Self::start_with(transcripts, Reuse::Many).await
    }

    /// Starts a server answering from these transcripts with the given
    /// reuse policy.
    pub async fn start_with(transcripts: Vec<Transcript>, reuse: Reuse) -> ReplayServer {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("replay server: cannot bind 127.0.0.1:0");
        let addr = listener
            .local_addr()
            .expect("replay server: no local address");
        let shared = Arc::new(Shared {
            log: Mutex::new(Log {
                uses: vec![0; transcripts.len()],
                exchanges: Vec::new(),
            }),
            transcripts,
            reuse,
        });
        let app = Router::new()
            .fallback(handle)
            .with_state(Arc::clone(&shared));
        let task = tokio::spawn(async move {
            // An error here means the listener died; requests then fail
            // with connection errors, which the test sees.
            let _ = axum::serve(listener, app).await;
        });
        ReplayServer { addr, shared, task }
    }

    /// Base URL, `http://127.0.0.1:<port>` (no trailing slash).
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The socket address the server listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The transcripts this server answers from, in matching order.
    pub fn transcripts(&self) -> &[Transcript] {
        &self.shared.transcripts
    }

    /// Every exchange so far, in arrival order.
    pub fn log(&self) -> Vec<Exchange> {
        self.shared.lock().exchanges.clone()
    }

    /// Names of the transcripts that answered, in arrival order.
    pub fn served(&self) -> Vec<String> {
        self.shared
            .lock()
            .exchanges
            .iter()
            .filter_map(|e| e.served().map(str::to_owned))
            .collect()
    }

    /// The exchanges that no transcript matched.
    pub fn unmatched(&self) -> Vec<Exchange> {
        self.shared
            .lock()
            .exchanges
            .iter()
            .filter(|e| e.served().is_none())
            .cloned()
            .collect()
    }

    /// How many times the named transcript answered.
    pub fn times_served(&self, name: &str) -> usize {
        self.shared
            .lock()
            .exchanges
            .iter()
            .filter(|e| e.served() == Some(name))
            .count()
    }

    /// The whole log as readable text, one entry per request (unmatched
    /// ones with headers, body and explanation).
    pub fn format_log(&self) -> String {
        let log = self.log();
        if log.is_empty() {
            return "(no request received)".to_owned();
        }
        log.iter()
            .map(|e| e.to_string())
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// Panics, printing the log, unless the named transcript answered at
    /// least once.
    pub fn assert_served(&self, name: &str) {
        if self.times_served(name) == 0 {
            if !self.shared.transcripts.iter().any(|t| t.name == name) {
                panic!(
                    "replay: {name} was not served: it is not among this server's transcripts ({})\nlog:\n{}",
                    self.transcript_names().join(", "),
                    self.format_log()
                );
            }
            panic!("replay: {name} was not served\nlog:\n{}", self.format_log());
        }
    }

    /// Panics, printing the log, when any request went unmatched.
    pub fn assert_all_matched(&self) {
        let unmatched = self.unmatched();
        if !unmatched.is_empty() {
            panic!(
                "replay: {} request(s) matched no recorded exchange\nlog:\n{}",
                unmatched.len(),
                self.format_log()
            );
        }
    }

    /// Panics, printing the log, unless exactly these transcripts answered,
    /// in this order, and nothing went unmatched.
    pub fn assert_served_sequence(&self, names: &[&str]) {
        let served = self.served();
        if served != names || !self.unmatched().is_empty() {
            panic!(
                "replay: expected the sequence {names:?}, got {served:?}\nlog:\n{}",
                self.format_log()
            );
        }
    }

    fn transcript_names(&self) -> Vec<&str> {
        self.shared
            .transcripts
            .iter()
            .map(|t| t.name.as_str())
            .collect()
    }
}

impl Drop for ReplayServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Decision for one request.
enum Decision {
    Serve(usize),
    NoMatch(String),
}

fn decide(shared: &Shared, req: &IncomingRequest) -> Decision {
    let mut log = shared.lock();
    let mut closest: Option<(usize, Mismatch)> = None;
    let mut already_used: Vec<usize> = Vec::new();
    for (i, t) in shared.transcripts.iter().enumerate() {
        match match_request(t, req) {
            Ok(()) => {
                if shared.reuse == Reuse::Once && log.uses[i] > 0 {
                    already_used.push(i);
                    continue;
                }
                log.uses[i] += 1;
                return Decision::Serve(i);
            }
            Err(m) => {
                let closer = closest
                    .as_ref()
                    .is_none_or(|(_, best)| m.distance() < best.distance());
                if closer {
                    closest = Some((i, m));
                }
            }
        }
    }
    drop(log);
    let mut why = String::new();
    if shared.transcripts.is_empty() {
        why.push_str("the server has no transcripts");
        return Decision::NoMatch(why);
    }
    why.push_str(&format!(
        "{} candidate(s) tried in order",
        shared.transcripts.len()
    ));
    for i in &already_used {
        why.push_str(&format!(
            "\n{} matches but already answered once (Reuse::Once)",
            shared.transcripts[*i].name
        ));
    }
    if let Some((i, m)) = closest {
        why.push_str(&format!(
            "\nclosest: {} ({} difference(s)):\n{m}",
            shared.transcripts[i].name, m.count
        ));
    }
    Decision::NoMatch(why)
}

fn record(shared: &Shared, request: IncomingRequest, status: u16, outcome: Outcome) {
    let mut log = shared.lock();
    let seq = log.exchanges.len() + 1;
    log.exchanges.push(Exchange {
        seq,
        request,
        status,
        outcome,
    });
}

fn no_match_response(req: &IncomingRequest, why: &str) -> Response {
    let text = format!("{NO_MATCH_PREFIX} {} {}\n{why}\n", req.method, req.path);
    let mut resp = Response::new(Body::from(text));
    *resp.status_mut() =
        StatusCode::from_u16(NO_MATCH_STATUS).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    resp.headers_mut().insert(
        axum::http::header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    resp
}

/// Builds the recorded response, or explains why it cannot be sent.
fn recorded_response(t: &Transcript) -> Result<Response, String> {
    let status = StatusCode::from_u16(t.response.status)
        .map_err(|e| format!("recorded status {} is invalid: {e}", t.response.status))?;
    let mut resp = Response::new(Body::from(t.response.body.clone().into_bytes()));
    *resp.status_mut() = status;
    for (name, value) in &t.response.headers {
        let name = HeaderName::from_bytes(name.as_bytes())
            .map_err(|e| format!("recorded header name {name:?} is invalid: {e}"))?;
        let value = HeaderValue::from_str(value)
            .map_err(|e| format!("recorded header value {value:?} is invalid: {e}"))?;
        resp.headers_mut().append(name, value);
    }
    Ok(resp)
}

async fn handle(State(shared): State<Arc<Shared>>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let path = parts
        .uri
        .path_and_query()
        .map_or_else(|| parts.uri.path().to_owned(), |pq| pq.as_str().to_owned());
    let headers = parts
        .headers
        .iter()
        .map(|(k, v)| {
            (
                k.as_str().to_owned(),
                String::from_utf8_lossy(v.as_bytes()).into_owned(),
            )
        })
        .collect();
    let mut incoming = IncomingRequest {
        method: parts.method.as_str().to_owned(),
        path,
        headers,
        body: Vec::new(),
    };
    match to_bytes(body, BODY_LIMIT).await {
        Ok(bytes) => incoming.body = bytes.to_vec(),
        Err(e) => {
            let why = format!("could not read the request body: {e}");
            let resp = no_match_response(&incoming, &why);
            record(&shared, incoming, NO_MATCH_STATUS, Outcome::Unmatched(why));
            return resp;
        }
    }
    match decide(&shared, &incoming) {
        Decision::Serve(i) => {
            let t = &shared.transcripts[i];
            match recorded_response(t) {
                Ok(resp) => {
                    let status = resp.status().as_u16();
                    record(&shared, incoming, status, Outcome::Served(t.name.clone()));
                    resp
                }
                Err(e) => {
                    let why = format!("{} matches but cannot be replayed: {e}", t.name);
                    let resp = no_match_response(&incoming, &why);
                    record(&shared, incoming, NO_MATCH_STATUS, Outcome::Unmatched(why));
                    resp
                }
            }
        }
        Decision::NoMatch(why) => {
            let resp = no_match_response(&incoming, &why);
            record(&shared, incoming, NO_MATCH_STATUS, Outcome::Unmatched(why));
            resp
        }
    }
}
