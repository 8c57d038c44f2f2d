//! [`Replay`]: a server that answers a recording of a real server's exchanges, made with
//! `odoo_core::ClientBuilder::record_to`, so that tests run on real answers without the server.

use std::fmt;
use std::net::SocketAddr;
use std::path::Path;
use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Router;
use odoo_core::record::{read_recording, Exchange, RecordedRequest, REDACTED};
use serde_json::Value;

use crate::SetupError;

/// A running server that answers recorded exchanges. Dropping it stops the server.
///
/// Each request is answered by the first exchange not answered yet whose method and path are
/// the request's and whose body is the request's body, where a recorded `<redacted>` value
/// (a password, key or session id) stands for any value and JSON-RPC's request `id` is not
/// compared. A request that no exchange matches gets HTTP 500 saying so.
pub struct Replay {
    addr: SocketAddr,
    url: String,
    state: Arc<ReplayState>,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
}

struct ReplayState {
    exchanges: Mutex<Vec<(Exchange, bool)>>,
}

impl fmt::Debug for Replay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Replay")
            .field("url", &self.url)
            .field("unanswered", &self.unanswered())
            .finish_non_exhaustive()
    }
}

impl Drop for Replay {
    fn drop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
    }
}

impl Replay {
    /// Serves the recording at `path` on `127.0.0.1` with a random port. Must be called
    /// inside a Tokio runtime.
    pub async fn from_file(path: impl AsRef<Path>) -> Result<Replay, SetupError> {
        let exchanges = read_recording(path).map_err(|e| SetupError::Recording(e.to_string()))?;
        Self::start(exchanges).await
    }

    /// Serves `exchanges`.
    pub async fn start(exchanges: Vec<Exchange>) -> Result<Replay, SetupError> {
        let state = Arc::new(ReplayState {
            exchanges: Mutex::new(exchanges.into_iter().map(|e| (e, false)).collect()),
        });
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", 0)).await?;
        let addr = listener.local_addr()?;
        let (shutdown, stopped) = tokio::sync::oneshot::channel::<()>();
        let app = Router::new()
            .fallback(answer)
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

    /// How many recorded exchanges have not been asked for.
    pub fn unanswered(&self) -> usize {
        let exchanges = self
            .state
            .exchanges
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        exchanges.iter().filter(|(_, used)| !used).count()
    }
}

async fn answer(
    State(state): State<Arc<ReplayState>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let body = String::from_utf8_lossy(&body);
    // The client records the path with its query (`/report/download?data=...`).
    let path_and_query = uri.path_and_query().map_or(uri.path(), |p| p.as_str());
    let mut exchanges = state.exchanges.lock().unwrap_or_else(|p| p.into_inner());
    let found = exchanges.iter_mut().find(|(exchange, used)| {
        !*used
            && matches(
                &exchange.request,
                method.as_str(),
                path_and_query,
                content_type,
                &body,
            )
    });
    let Some((exchange, used)) = found else {
        let excerpt: String = body.chars().take(300).collect();
        let text = format!("no recorded exchange matches {method} {path_and_query}: {excerpt}");
        return (StatusCode::INTERNAL_SERVER_ERROR, text).into_response();
    };
    *used = true;
    let recorded = &exchange.response;
    let status = StatusCode::from_u16(recorded.status).unwrap_or(StatusCode::OK);
    let body = match recorded.body_bytes() {
        Ok(body) => body,
        Err(error) => {
            return (StatusCode::INTERNAL_SERVER_ERROR, error.to_string()).into_response();
        }
    };
    let mut response = (status, body).into_response();
    let out = response.headers_mut();
    if let Some(value) = recorded
        .content_type
        .as_deref()
        .and_then(|v| v.parse().ok())
    {
        out.insert(header::CONTENT_TYPE, value);
    }
    if let Some(value) = recorded
        .content_disposition
        .as_deref()
        .and_then(|v| v.parse().ok())
    {
        out.insert(header::CONTENT_DISPOSITION, value);
    }
    for cookie in &recorded.set_cookies {
        if let Ok(value) = cookie.parse() {
            out.append(header::SET_COOKIE, value);
        }
    }
    response
}

fn matches(
    recorded: &RecordedRequest,
    method: &str,
    path: &str,
    content_type: &str,
    body: &str,
) -> bool {
    if recorded.method != method || recorded.path != path {
        return false;
    }
    if content_type.contains("json") {
        return match (
            serde_json::from_str::<Value>(&recorded.body),
            serde_json::from_str::<Value>(body),
        ) {
            (Ok(Value::Object(mut want)), Ok(Value::Object(mut got))) => {
                // JSON-RPC's request id counts the client's requests, not what they ask.
                want.remove("id");
                got.remove("id");
                same(&Value::Object(want), &Value::Object(got))
            }
            (Ok(want), Ok(got)) => same(&want, &got),
            _ => recorded.body == body,
        };
    }
    if content_type.contains("xml") {
        let limits = odoo_core::Limits::default();
        let decode = |text: &str| odoo_core::xmlrpc::decode_method_call(text.as_bytes(), &limits);
        return match (decode(&recorded.body), decode(body)) {
            (Ok((want_method, want)), Ok((got_method, got))) => {
                want_method == got_method && same(&Value::Array(want), &Value::Array(got))
            }
            _ => recorded.body == body,
        };
    }
    recorded.body == body
}

/// Equal values, where a recorded `<redacted>` stands for anything.
fn same(want: &Value, got: &Value) -> bool {
    match (want, got) {
        (Value::String(s), _) if s == REDACTED => true,
        (Value::Array(a), Value::Array(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(x, y)| same(x, y))
        }
        (Value::Object(a), Value::Object(b)) => {
            a.len() == b.len() && a.iter().all(|(k, x)| b.get(k).is_some_and(|y| same(x, y)))
        }
        _ => want == got,
    }
}
