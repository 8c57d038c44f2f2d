//! Recording a client's exchanges with a server to a file, secrets scrubbed, so that a test can
//! replay a real server's answers without the server (`odoo_emulator::Replay`).
//!
//! The file holds one exchange per line (JSON Lines): what was sent (method, path, content
//! type, body) and what came back (status, content type, `Set-Cookie`, body). The password,
//! the API key and every session id are replaced by `<redacted>` wherever they stand as a
//! value; `Authorization` and `Cookie` headers are not written at all. An answer that is not
//! UTF-8 text (a report's PDF, a file) is kept base64-encoded, as it came.
//!
//! Exchanges are appended: the file is created when missing and never emptied, so that several
//! clients, and several runs, add to one recording. Each exchange is written as one whole line
//! in one write, under a lock that every client of the process shares, so lines of clients
//! writing the same file do not interleave.

use std::fs::{File, OpenOptions};
use std::io::{BufRead, BufReader, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use serde::{Deserialize, Serialize};

use crate::error::{Error, ErrorContext, Result};
use crate::redact::scrub_text;
use crate::wire::RawResponse;

/// What stands in a recording where a secret was.
pub const REDACTED: &str = "<redacted>";

/// One request and its answer, as recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Exchange {
    /// What was sent.
    pub request: RecordedRequest,
    /// What came back.
    pub response: RecordedResponse,
}

/// A recorded request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct RecordedRequest {
    /// `GET` or `POST`.
    pub method: String,
    /// The path, from the server's base URL (`/jsonrpc`, `/json/2/res.partner/search`).
    pub path: String,
    /// The `Content-Type`, when there was a body.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_type: Option<String>,
    /// The body, secrets replaced.
    #[serde(default)]
    pub body: String,
}

/// A recorded answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct RecordedResponse {
    /// The HTTP status.
    pub status: u16,
    /// The `Content-Type`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_type: Option<String>,
    /// The `Set-Cookie` headers, session ids replaced.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub set_cookies: Vec<String>,
    /// The `Content-Disposition` (the file name of a report or a file).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_disposition: Option<String>,
    /// The `Date` header: the server's clock when it answered, which a replay sends again so
    /// that what the client derives from it ([`Client::server_time`](crate::Client::server_time),
    /// an incremental export's window) is the same as in the recorded run.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// The body when it is UTF-8 text (Odoo's RPC answers are), secrets replaced; empty when
    /// it is not, and [`body_base64`](Self::body_base64) holds it.
    pub body: String,
    /// The body, base64-encoded, when it is not UTF-8 text (a PDF, an image, a file), kept as
    /// it came.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body_base64: Option<String>,
}

impl RecordedResponse {
    /// The body's bytes: [`body_base64`](Self::body_base64) decoded when it is set (an
    /// error when it is not base64), else [`body`](Self::body).
    pub fn body_bytes(&self) -> Result<Vec<u8>> {
        use base64::Engine as _;
        match &self.body_base64 {
            Some(encoded) => base64::engine::general_purpose::STANDARD
                .decode(encoded)
                .map_err(|e| {
                    Error::invalid(
                        format!("the recorded body is not base64: {e}"),
                        ErrorContext::default(),
                    )
                }),
            None => Ok(self.body.clone().into_bytes()),
        }
    }
}

/// Reads a recording written by [`ClientBuilder::record_to`](crate::ClientBuilder::record_to).
pub fn read_recording(path: impl AsRef<Path>) -> Result<Vec<Exchange>> {
    let path = path.as_ref();
    let failed = |what: String| {
        Error::invalid(
            format!("cannot read the recording {}: {what}", path.display()),
            ErrorContext::default(),
        )
    };
    let file = File::open(path).map_err(|e| failed(e.to_string()))?;
    let mut exchanges = Vec::new();
    for (number, line) in BufReader::new(file).lines().enumerate() {
        let line = line.map_err(|e| failed(e.to_string()))?;
        if line.trim().is_empty() {
            continue;
        }
        let exchange =
            serde_json::from_str(&line).map_err(|e| failed(format!("line {}: {e}", number + 1)))?;
        exchanges.push(exchange);
    }
    Ok(exchanges)
}

/// Writes the exchanges of a client (and its clones) to a file as they happen.
#[derive(Debug, Clone)]
pub(crate) struct Recorder {
    inner: Arc<Mutex<RecorderState>>,
}

#[derive(Debug)]
struct RecorderState {
    path: PathBuf,
    file: File,
    secrets: Vec<String>,
}

/// Held while a line is written: the recorders of one process that write the same file (two
/// clients, or a client and its clones) take turns.
static WRITING: Mutex<()> = Mutex::new(());

impl Recorder {
    /// Opens the file to append to, creating it when missing; `secrets` are the password and
    /// the API key. When the file does not end with a line break (a run stopped while
    /// writing), one is added first, so that the next exchange starts a line of its own.
    pub fn open(path: PathBuf, secrets: Vec<String>) -> Result<Self> {
        let failed = |e: std::io::Error| {
            Error::invalid(
                format!("cannot open the recording {}: {e}", path.display()),
                ErrorContext::default(),
            )
        };
        let mut file = OpenOptions::new()
            .create(true)
            .append(true)
            .read(true)
            .open(&path)
            .map_err(failed)?;
        if !ends_a_line(&mut file).map_err(failed)? {
            let _turn = WRITING.lock().unwrap_or_else(|p| p.into_inner());
            file.write_all(b"\n").map_err(failed)?;
        }
        let state = RecorderState {
            path,
            file,
            secrets,
        };
        Ok(Self {
            inner: Arc::new(Mutex::new(state)),
        })
    }

    /// Appends one exchange. A failure to write is logged, not raised: the call itself
    /// succeeded.
    pub fn record(
        &self,
        method: &str,
        path: &str,
        content_type: Option<&str>,
        body: Option<&[u8]>,
        response: &RawResponse,
    ) {
        let mut state = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        for cookie in &response.set_cookies {
            if let Some(session) = session_value(cookie) {
                if !session.is_empty() && !state.secrets.iter().any(|s| s == session) {
                    state.secrets.push(session.to_owned());
                }
            }
        }
        let secrets: Vec<&str> = state.secrets.iter().map(String::as_str).collect();
        // In XML, the marker is escaped so that the document stays one.
        let marker = |content_type: Option<&str>| {
            if content_type.is_some_and(|ct| ct.contains("xml")) {
                "&lt;redacted&gt;"
            } else {
                REDACTED
            }
        };
        let text = |bytes: &[u8], content_type: Option<&str>| {
            scrub_text(
                &String::from_utf8_lossy(bytes),
                &secrets,
                marker(content_type),
            )
        };
        // A file (a PDF, an image) is kept byte for byte: as text it would be damaged.
        let binary = std::str::from_utf8(&response.body).is_err();
        let exchange = Exchange {
            request: RecordedRequest {
                method: method.to_owned(),
                path: path.to_owned(),
                content_type: content_type.map(str::to_owned),
                body: body.map(|b| text(b, content_type)).unwrap_or_default(),
            },
            response: RecordedResponse {
                status: response.status,
                content_type: response.content_type.clone(),
                set_cookies: response
                    .set_cookies
                    .iter()
                    .map(|c| scrub_text(c, &secrets, REDACTED))
                    .collect(),
                content_disposition: response.content_disposition.clone(),
                date: response.date.clone(),
                body: if binary {
                    String::new()
                } else {
                    text(&response.body, response.content_type.as_deref())
                },
                body_base64: binary.then(|| {
                    use base64::Engine as _;
                    base64::engine::general_purpose::STANDARD.encode(&response.body)
                }),
            },
        };
        let mut line = serde_json::to_string(&exchange).unwrap_or_default();
        line.push('\n');
        // One write of the whole line, in turn with the other recorders of the process.
        let _turn = WRITING.lock().unwrap_or_else(|p| p.into_inner());
        if let Err(error) = state.file.write_all(line.as_bytes()) {
            tracing::warn!(target: "odoo_core::recording", path = %state.path.display(), %error, "cannot write the recording");
        }
    }
}

/// Whether the file is empty or its last byte is a line break.
fn ends_a_line(file: &mut File) -> std::io::Result<bool> {
    if file.metadata()?.len() == 0 {
        return Ok(true);
    }
    file.seek(SeekFrom::End(-1))?;
    let mut last = [0u8];
    file.read_exact(&mut last)?;
    Ok(last[0] == b'\n')
}

/// The value of a `session_id=...` cookie.
fn session_value(set_cookie: &str) -> Option<&str> {
    let first = set_cookie.split(';').next()?.trim();
    let (name, value) = first.split_once('=')?;
    (name.trim() == "session_id").then(|| value.trim())
}
