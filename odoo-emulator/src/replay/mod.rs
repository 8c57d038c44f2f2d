//! [`Replay`]: a server that answers a recording of a real server's exchanges, made with
//! `odoo_core::ClientBuilder::record_to`, so that tests run on real answers without the server.

mod answer;
mod builder;
mod compare;
mod error;
mod nearest;
mod normalise;
mod rule;
mod view;

use std::fmt;
use std::net::SocketAddr;
use std::path::Path;
use std::sync::{Arc, Mutex, MutexGuard};

use axum::Router;
use odoo_core::recording::Exchange;

use crate::SetupError;

pub use builder::ReplayBuilder;
pub use error::{ReplayError, RequestSummary, UnmatchedRequest, UnusedExchange};
pub use rule::Rule;

use normalise::{Normalised, Rules};
use view::RequestView;

/// A running server that answers recorded exchanges. Dropping it stops the server.
///
/// # Matching
///
/// Each request is answered by the first exchange, in the recording's order, that was not
/// answered yet and whose request matches: the same HTTP method, the same path (with its
/// query), and the same body, where
///
/// - a recorded value `<redacted>` matches any value. The recorder writes it where a password,
///   an API key or a session id stood, and you may write it yourself into a recording, in
///   place of any value that changes from run to run (`"name": "<redacted>"`; in an XML-RPC
///   body, `&lt;redacted&gt;`). Only a whole value is a wildcard, not a part of a string;
/// - JSON-RPC's request `id` is not compared (it counts the client's requests);
/// - the [`Rule`]s given to the [`builder`](Replay::builder) leave out, or compare loosely,
///   the values that change between runs: a key anywhere ([`Rule::ignore_key`],
///   [`Rule::ignore_keys`]), a value at a JSON pointer for one model and method or one path
///   ([`Rule::ignore_at`], [`Rule::on`], [`Rule::on_path`]), ids in any order
///   ([`Rule::ids_as_sets`]).
///
/// Rules see a call of the ORM the same way on every transport (XML-RPC and JSON-RPC
/// `execute_kw`, the web session's `call_kw`, JSON-2's named arguments): as its call view
/// `{"model", "method", "args", "kwargs"}` (see [`Rule`]). The rest of such a request (the
/// database, the user id, the protocol's fields) must be equal, `<redacted>` aside.
///
/// A request that no exchange matches gets HTTP 500 with a text, which the client's error
/// message shows: the nearest unused recorded request of the same method and path (else of
/// any), the first place where it differs (a JSON pointer, the recorded value, the sent one)
/// and how many places differ, then the start of what was sent:
///
/// ```text
/// HTTP 500 from res.partner.create over json-rpc: no recorded exchange matches POST /jsonrpc
/// (res.partner.create); nearest unused: #3 POST /jsonrpc (res.partner.create), differing at
/// /args/0/name of the call: recorded "Partner 10:02:11", sent "Partner 10:07:45" (a replay
/// Rule can leave it out); sent: {"args":[{"name":"Partner 10:07:45"}],...
/// ```
///
/// # Strict mode
///
/// A replay built with [`ReplayBuilder::strict`] fails at [`finish`](Replay::finish) when a
/// recorded exchange was never asked for, or a request matched none: the [`ReplayError`]
/// names each (its place in the recording, method, path, model and method). A replay that is
/// not strict finishes without error. Dropping a replay without `finish` stops it and checks
/// nothing.
///
/// # Recording once, replaying after
///
/// `record_to` appends to its file (delete the file to record afresh). This test runs against
/// the real server and records when `ODOO_RECORD` is set, and against the recording otherwise:
///
/// ```no_run
/// use odoo_core::{Client, ClientBuilder, SearchOptions, TransportKind};
/// use odoo_emulator::{Replay, Rule};
/// use serde_json::json;
///
/// const RECORDING: &str = "tests/recordings/partners.jsonl";
///
/// /// A client of the real server recording the run, or of a strict replay of the recording.
/// async fn client() -> Result<(Client, Option<Replay>), Box<dyn std::error::Error>> {
///     if std::env::var_os("ODOO_RECORD").is_some() {
///         let _ = std::fs::remove_file(RECORDING); // a fresh recording
///         let client = ClientBuilder::from_env()? // ODOO_URL, ODOO_DB, ...
///             .transport(TransportKind::JsonRpc)
///             .record_to(RECORDING)
///             .connect()
///             .await?;
///         return Ok((client, None));
///     }
///     let replay = Replay::builder()
///         // What changes from run to run, as one rule.
///         .rule(Rule::ignore_keys(["name", "date_order"]).and(Rule::ids_as_sets()))
///         .strict()
///         .from_file(RECORDING)
///         .await?;
///     let client = Client::builder(replay.url())
///         .database("odoo") // the database and login of the recording
///         .login("admin")
///         .password("unused") // the password is recorded as <redacted>
///         .transport(TransportKind::JsonRpc)
///         .connect()
///         .await?;
///     Ok((client, Some(replay)))
/// }
///
/// # async fn test() -> Result<(), Box<dyn std::error::Error>> {
/// let (client, replay) = client().await?;
/// let name = format!("Partner {:?}", std::time::SystemTime::now());
/// let id = client.create("res.partner", json!({"name": name})).await?;
/// let ids = client
///     .search("res.partner", json!([["name", "=", name]]), SearchOptions::new())
///     .await?;
/// assert_eq!(ids, vec![id]);
/// client.unlink("res.partner", &[id]).await?;
/// if let Some(replay) = replay {
///     replay.finish()?; // every recorded exchange was asked for
/// }
/// # Ok(()) }
/// ```
pub struct Replay {
    addr: SocketAddr,
    url: String,
    state: Arc<ReplayState>,
    strict: bool,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
}

/// What the server answers from, shared with its handler.
struct ReplayState {
    rules: Rules,
    book: Mutex<Book>,
}

/// The recorded exchanges, which were used, and the requests that matched none.
struct Book {
    entries: Vec<Entry>,
    unmatched: Vec<UnmatchedRequest>,
}

/// A recorded exchange, its request read for matching.
struct Entry {
    exchange: Exchange,
    request: RequestView,
    normalised: Normalised,
    used: bool,
}

impl ReplayState {
    fn book(&self) -> MutexGuard<'_, Book> {
        self.book.lock().unwrap_or_else(|p| p.into_inner())
    }
}

impl fmt::Debug for Replay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Replay")
            .field("url", &self.url)
            .field("strict", &self.strict)
            .field("unanswered", &self.unanswered())
            .finish_non_exhaustive()
    }
}

impl Drop for Replay {
    /// Stops the server; checks nothing (see [`Replay::finish`]).
    fn drop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
    }
}

impl Replay {
    /// A builder, to add matching [`Rule`]s and make the replay [`strict`](ReplayBuilder::strict).
    pub fn builder() -> ReplayBuilder {
        ReplayBuilder::default()
    }

    /// Serves the recording at `path` on `127.0.0.1` with a random port, with no rules and not
    /// strict. Must be called inside a Tokio runtime.
    pub async fn from_file(path: impl AsRef<Path>) -> Result<Replay, SetupError> {
        ReplayBuilder::default().from_file(path).await
    }

    /// Serves `exchanges`, with no rules and not strict.
    pub async fn start(exchanges: Vec<Exchange>) -> Result<Replay, SetupError> {
        ReplayBuilder::default().start(exchanges).await
    }

    /// Starts the server.
    async fn serve(
        exchanges: Vec<Exchange>,
        rules: Rules,
        strict: bool,
    ) -> Result<Replay, SetupError> {
        let entries = exchanges
            .into_iter()
            .map(|exchange| {
                let recorded = &exchange.request;
                let request = RequestView::read(
                    &recorded.method,
                    &recorded.path,
                    recorded.content_type.as_deref(),
                    &recorded.body,
                );
                let normalised = rules.normalise(&request);
                Entry {
                    exchange,
                    request,
                    normalised,
                    used: false,
                }
            })
            .collect();
        let state = Arc::new(ReplayState {
            rules,
            book: Mutex::new(Book {
                entries,
                unmatched: Vec::new(),
            }),
        });
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", 0)).await?;
        let addr = listener.local_addr()?;
        let (shutdown, stopped) = tokio::sync::oneshot::channel::<()>();
        let app = Router::new()
            .fallback(answer::answer)
            .with_state(Arc::clone(&state));
        tokio::spawn(async move {
            let stopped = async {
                let _ = stopped.await;
            };
            if let Err(error) = axum::serve(listener, app)
                .with_graceful_shutdown(stopped)
                .await
            {
                tracing::warn!(%error, "replay server stopped");
            }
        });
        Ok(Replay {
            addr,
            url: format!("http://{addr}"),
            state,
            strict,
            shutdown: Some(shutdown),
        })
    }

    /// The base URL, `http://127.0.0.1:<port>`.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The socket address served.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Whether [`finish`](Replay::finish) fails on unused exchanges and unmatched requests.
    pub fn is_strict(&self) -> bool {
        self.strict
    }

    /// How many recorded exchanges have not been asked for.
    pub fn unanswered(&self) -> usize {
        self.state.book().entries.iter().filter(|e| !e.used).count()
    }

    /// The recorded exchanges not asked for yet, in the recording's order.
    pub fn unused(&self) -> Vec<UnusedExchange> {
        let book = self.state.book();
        book.entries
            .iter()
            .enumerate()
            .filter(|(_, entry)| !entry.used)
            .map(|(n, entry)| UnusedExchange {
                position: n + 1,
                request: entry.request.summary(),
            })
            .collect()
    }

    /// The requests that no recorded exchange matched so far, in the order they came.
    pub fn unmatched(&self) -> Vec<UnmatchedRequest> {
        self.state.book().unmatched.clone()
    }

    /// Ends the replay and stops the server. A [`strict`](ReplayBuilder::strict) replay fails
    /// when a recorded exchange was never asked for, or a request matched none, naming them;
    /// one that is not strict always succeeds.
    pub fn finish(self) -> Result<(), ReplayError> {
        if !self.strict {
            return Ok(());
        }
        let error = ReplayError {
            unused: self.unused(),
            unmatched: self.unmatched(),
        };
        if error.unused.is_empty() && error.unmatched.is_empty() {
            Ok(())
        } else {
            Err(error)
        }
    }
}
