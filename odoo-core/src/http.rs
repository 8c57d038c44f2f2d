//! The HTTP layer shared by every transport: one `reqwest::Client`, the base URL, limits, and
//! reading a response body without ever holding more than the configured maximum.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Semaphore;

use bytes::BytesMut;
use reqwest::header::{
    HeaderMap, HeaderName, HeaderValue, CONTENT_DISPOSITION, CONTENT_TYPE, RETRY_AFTER, SET_COOKIE,
};
use reqwest::Method;
use url::Url;

use crate::error::{Error, ErrorContext, LimitKind, Result, TransportError};
use crate::limits::Limits;
use crate::recording::Recorder;
use crate::wire::{parse_retry_after, RawResponse};

/// How the HTTP client is set up: the client builder's settings that concern HTTP.
#[derive(Debug, Clone, Default)]
pub(crate) struct HttpSettings {
    pub timeout: Option<Duration>,
    pub connect_timeout: Duration,
    pub read_timeout: Option<Duration>,
    pub user_agent: String,
    pub limits: Limits,
    pub max_in_flight: usize,
    pub tls: TlsSettings,
    /// A client configured by the user, used as it is instead of one built here.
    pub custom: Option<reqwest::Client>,
    /// Where the exchanges are recorded, if anywhere.
    pub recorder: Option<Recorder>,
}

/// Proxies and certificates for the client built here.
#[derive(Debug, Clone, Default)]
pub(crate) struct TlsSettings {
    pub proxies: Vec<reqwest::Proxy>,
    pub no_proxy: bool,
    #[cfg(any(feature = "rustls", feature = "native-tls"))]
    pub root_certificates: Vec<reqwest::Certificate>,
    #[cfg(any(feature = "rustls", feature = "native-tls"))]
    pub identity: Option<reqwest::Identity>,
    #[cfg(any(feature = "rustls", feature = "native-tls"))]
    pub accept_invalid_certs: bool,
}

/// The HTTP client and where it points.
#[derive(Debug, Clone)]
pub(crate) struct Http {
    client: reqwest::Client,
    base: String,
    /// `scheme://host:port` of the server, as transport errors name it.
    origin: Arc<str>,
    pub limits: Limits,
    /// Requests in flight, shared by every clone (so by every clone of a client).
    in_flight: Arc<Semaphore>,
    recorder: Option<Recorder>,
    /// How long a body may bring less than [`MIN_PROGRESS_BYTES`] before it is cut.
    body_idle: Option<Duration>,
    /// The server's clock as the last answer's `Date` header gave it, with when it came.
    server_clock: Arc<std::sync::Mutex<Option<ClockReading>>>,
}

/// The server's time as an answer's `Date` header said it, and when that answer came.
type ClockReading = (chrono::DateTime<chrono::Utc>, std::time::Instant);

/// The least a body must bring in each `read_timeout`: a server that drips a byte a second
/// never lets a per-read timeout fire, so progress is measured in bytes over time instead.
pub(crate) const MIN_PROGRESS_BYTES: usize = 1024;

impl Http {
    pub fn new(base: &Url, settings: &HttpSettings) -> Result<Self> {
        if settings.max_in_flight == 0 {
            return Err(Error::invalid(
                "max_in_flight must be at least 1",
                ErrorContext::default(),
            ));
        }
        let client = match &settings.custom {
            Some(client) => client.clone(),
            None => build_client(settings)?,
        };
        let origin = origin(base).into();
        let base = base.as_str().trim_end_matches('/').to_owned();
        Ok(Self {
            client,
            base,
            origin,
            limits: settings.limits,
            in_flight: Arc::new(Semaphore::new(settings.max_in_flight)),
            recorder: settings.recorder.clone(),
            // A client of the user's own keeps its own timeouts.
            body_idle: settings
                .custom
                .is_none()
                .then_some(settings.read_timeout)
                .flatten(),
            server_clock: Arc::default(),
        })
    }

    /// Sends one request to `path` (which starts with `/`) and reads the whole response, within
    /// [`Limits::max_response_bytes`].
    pub async fn send(
        &self,
        method: Method,
        path: &str,
        headers: HeaderMap,
        body: Option<Vec<u8>>,
        context: &ErrorContext,
    ) -> Result<RawResponse> {
        self.open(method, path, headers, body.map(bytes::Bytes::from), context)
            .await?
            .read(context)
            .await
    }

    /// Sends one request to `path` and reads the answer's status and headers: its body is
    /// then read whole ([`Opened::read`]) or copied to a writer ([`Opened::copy_to`]).
    pub async fn open(
        &self,
        method: Method,
        path: &str,
        headers: HeaderMap,
        body: Option<bytes::Bytes>,
        context: &ErrorContext,
    ) -> Result<Opened<'_>> {
        // Held until the whole body is read: the server is still busy with it until then.
        let permit =
            self.in_flight.acquire().await.map_err(|_| {
                Error::invalid("the client's request queue is closed", context.clone())
            })?;
        let url = format!("{}{}", self.base, path);
        // What a recording keeps of the request; nothing when not recording.
        let sent = self.recorder.as_ref().map(|_| {
            let content_type = header_text(&headers, &CONTENT_TYPE);
            (method.to_string(), content_type, body.clone())
        });
        let mut request = self.client.request(method, url).headers(headers);
        if let Some(body) = body {
            request = request.body(body);
        }
        let response = request
            .send()
            .await
            .map_err(|e| transport_error(e, &self.origin, context))?;
        let date = header_text(response.headers(), &reqwest::header::DATE)
            .and_then(|text| chrono::DateTime::parse_from_rfc2822(&text).ok());
        if let Some(date) = date {
            let seen = (date.with_timezone(&chrono::Utc), std::time::Instant::now());
            *self.server_clock.lock().unwrap_or_else(|p| p.into_inner()) = Some(seen);
        }
        Ok(Opened {
            http: self,
            _permit: permit,
            head: head(&response),
            response,
            path: path.to_owned(),
            sent,
        })
    }
}

impl Http {
    /// The server's time now, from the `Date` header of the last answer (whole seconds) and
    /// the time since it came; `None` before any answer with one.
    pub fn server_now(&self) -> Option<chrono::DateTime<chrono::Utc>> {
        let seen = *self.server_clock.lock().unwrap_or_else(|p| p.into_inner());
        let (date, at) = seen?;
        let since = chrono::Duration::from_std(at.elapsed()).ok()?;
        Some(date + since)
    }
}

/// An answer whose status and headers have come, and whose body has not been read yet.
pub(crate) struct Opened<'h> {
    http: &'h Http,
    _permit: tokio::sync::SemaphorePermit<'h>,
    /// The status and headers, with an empty body.
    pub head: RawResponse,
    response: reqwest::Response,
    path: String,
    sent: Option<(String, Option<String>, Option<bytes::Bytes>)>,
}

impl Opened<'_> {
    /// The deepest nesting a decoded answer may have.
    pub fn max_depth(&self) -> usize {
        self.http.limits.max_depth
    }

    /// Reads the whole body, within [`Limits::max_response_bytes`].
    pub async fn read(mut self, context: &ErrorContext) -> Result<RawResponse> {
        let max = self.http.limits.max_response_bytes;
        // With a declared length (within the limit) the buffer is allocated once, at its
        // size: growing it by doubling would, with an allocator that copies on growth, hold
        // the old and the new buffer at once, and leave up to twice the body allocated.
        let mut buffer = match self.response.content_length() {
            Some(length) if length > max as u64 => {
                return Err(Error::limit(LimitKind::ResponseBytes, max, context.clone()));
            }
            Some(length) => BytesMut::with_capacity(usize::try_from(length).unwrap_or(max)),
            None => BytesMut::new(),
        };
        let mut progress = Progress::new(self.http.body_idle, &self.http.origin);
        while let Some(chunk) = progress.next(&mut self.response, context).await? {
            if buffer.len() + chunk.len() > max {
                return Err(Error::limit(LimitKind::ResponseBytes, max, context.clone()));
            }
            buffer.extend_from_slice(&chunk);
        }
        let mut raw = self.head;
        raw.body = buffer.freeze();
        tracing::debug!(
            target: "odoo_core::http",
            path = self.path,
            status = raw.status,
            bytes = raw.body.len(),
            "response received"
        );
        record(self.http, self.sent, &self.path, &raw);
        Ok(raw)
    }

    /// Copies the body to `writer` as it comes, holding one chunk at a time: the number of
    /// bytes written. No size limit applies, as nothing is held; the read timeout does. When
    /// the client records its exchanges, the body is also held for the recording.
    pub async fn copy_to<W>(mut self, writer: &mut W, context: &ErrorContext) -> Result<u64>
    where
        W: tokio::io::AsyncWrite + Unpin + ?Sized,
    {
        use tokio::io::AsyncWriteExt;
        let mut kept = self.sent.is_some().then(BytesMut::new);
        let mut written = 0u64;
        let mut progress = Progress::new(self.http.body_idle, &self.http.origin);
        while let Some(chunk) = progress.next(&mut self.response, context).await? {
            writer
                .write_all(&chunk)
                .await
                .map_err(|e| write_error(&e, written, context))?;
            written += chunk.len() as u64;
            if let Some(kept) = &mut kept {
                kept.extend_from_slice(&chunk);
            }
        }
        writer
            .flush()
            .await
            .map_err(|e| write_error(&e, written, context))?;
        tracing::debug!(
            target: "odoo_core::http",
            path = self.path,
            status = self.head.status,
            bytes = written,
            "response copied"
        );
        let mut raw = self.head;
        raw.body = kept.map(BytesMut::freeze).unwrap_or_default();
        record(self.http, self.sent, &self.path, &raw);
        Ok(written)
    }
}

/// The error for a writer that refused the body.
pub(crate) fn write_error(error: &std::io::Error, written: u64, context: &ErrorContext) -> Error {
    Error::invalid(
        format!("cannot write the answer's body (after {written} bytes): {error}"),
        context.clone(),
    )
}

/// Appends the exchange to the recording, when the client records.
fn record(
    http: &Http,
    sent: Option<(String, Option<String>, Option<bytes::Bytes>)>,
    path: &str,
    raw: &RawResponse,
) {
    if let (Some(recorder), Some((method, content_type, body))) = (&http.recorder, sent) {
        recorder.record(&method, path, content_type.as_deref(), body.as_deref(), raw);
    }
}

/// Reads a body's chunks and cuts it when, for a whole `idle` window, fewer than
/// [`MIN_PROGRESS_BYTES`] arrived: a stalled body and one that drips alike.
struct Progress<'a> {
    idle: Option<Duration>,
    origin: &'a str,
    window_start: tokio::time::Instant,
    window_bytes: usize,
}

impl<'a> Progress<'a> {
    fn new(idle: Option<Duration>, origin: &'a str) -> Self {
        Self {
            idle,
            origin,
            window_start: tokio::time::Instant::now(),
            window_bytes: 0,
        }
    }

    async fn next(
        &mut self,
        response: &mut reqwest::Response,
        context: &ErrorContext,
    ) -> Result<Option<bytes::Bytes>> {
        let Some(idle) = self.idle else {
            return response
                .chunk()
                .await
                .map_err(|e| transport_error(e, self.origin, context));
        };
        let deadline = self.window_start + idle;
        let chunk = match tokio::time::timeout_at(deadline, response.chunk()).await {
            Ok(chunk) => chunk.map_err(|e| transport_error(e, self.origin, context))?,
            Err(_) => return Err(stalled(idle, self.origin, context)),
        };
        if let Some(chunk) = &chunk {
            self.window_bytes += chunk.len();
            let now = tokio::time::Instant::now();
            if self.window_bytes >= MIN_PROGRESS_BYTES {
                self.window_start = now;
                self.window_bytes = 0;
            } else if now >= deadline {
                return Err(stalled(idle, self.origin, context));
            }
        }
        Ok(chunk)
    }
}

fn stalled(idle: Duration, origin: &str, context: &ErrorContext) -> Error {
    Error::transport(TransportError {
        message: format!(
            "the answer from {origin} stalled: less than {MIN_PROGRESS_BYTES} bytes of its body in {} s (the read timeout)",
            idle.as_secs_f64()
        ),
        is_timeout: true,
        is_connect: false,
        context: context.clone(),
        source: None,
    })
}

fn build_client(settings: &HttpSettings) -> Result<reqwest::Client> {
    let mut builder = reqwest::Client::builder()
        .user_agent(settings.user_agent.as_str())
        .connect_timeout(settings.connect_timeout)
        // Never follow redirects: a replayed POST body carries the password, and a redirect to
        // another scheme or host could carry the key. A 3xx surfaces as an HTTP error.
        .redirect(reqwest::redirect::Policy::none());
    if let Some(timeout) = settings.timeout {
        builder = builder.timeout(timeout);
    }
    if let Some(timeout) = settings.read_timeout {
        builder = builder.read_timeout(timeout);
    }
    let tls = &settings.tls;
    if tls.no_proxy {
        builder = builder.no_proxy();
    }
    for proxy in &tls.proxies {
        builder = builder.proxy(proxy.clone());
    }
    #[cfg(any(feature = "rustls", feature = "native-tls"))]
    {
        for certificate in &tls.root_certificates {
            builder = builder.add_root_certificate(certificate.clone());
        }
        if let Some(identity) = &tls.identity {
            builder = builder.identity(identity.clone());
        }
        if tls.accept_invalid_certs {
            builder = builder.danger_accept_invalid_certs(true);
        }
    }
    builder.build().map_err(|e| {
        Error::invalid(
            format!("cannot build the HTTP client: {}", source_chain(&e)),
            ErrorContext::default(),
        )
    })
}

/// The status and the headers the decoders read, with an empty body.
fn head(response: &reqwest::Response) -> RawResponse {
    let headers = response.headers();
    RawResponse {
        status: response.status().as_u16(),
        content_type: header_text(headers, &CONTENT_TYPE),
        set_cookies: headers
            .get_all(SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok().map(str::to_owned))
            .collect(),
        retry_after: header_text(headers, &RETRY_AFTER).and_then(|value| parse_retry_after(&value)),
        content_disposition: header_text(headers, &CONTENT_DISPOSITION),
        date: header_text(headers, &reqwest::header::DATE),
        body: bytes::Bytes::new(),
    }
}

fn header_text(headers: &HeaderMap, name: &HeaderName) -> Option<String> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

/// A header value built from trusted text (content types and such).
pub(crate) fn header(value: &'static str) -> HeaderValue {
    HeaderValue::from_static(value)
}

/// `scheme://host:port` of `url`, the port written even when it is the scheme's default.
fn origin(url: &Url) -> String {
    let host = url.host().map_or_else(String::new, |host| host.to_string());
    match url.port_or_known_default() {
        Some(port) => format!("{}://{host}:{port}", url.scheme()),
        None => format!("{}://{host}", url.scheme()),
    }
}

fn transport_error(error: reqwest::Error, origin: &str, context: &ErrorContext) -> Error {
    // The request's URL is left out: the origin names the server, and a path says nothing
    // more (the base URL never carries credentials: `connect` refuses them).
    let error = error.without_url();
    let message = if error.is_timeout() {
        format!("the request to {origin} timed out")
    } else if error.is_connect() {
        format!("cannot connect to {origin}: {}", source_chain(&error))
    } else {
        format!(
            "the connection to {origin} failed before the whole answer came: {}",
            source_chain(&error)
        )
    };
    Error::transport(TransportError {
        message,
        is_timeout: error.is_timeout(),
        is_connect: error.is_connect(),
        context: context.clone(),
        source: Some(Box::new(error)),
    })
}

fn source_chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(inner) = source {
        let inner_text = inner.to_string();
        if !text.contains(&inner_text) {
            text.push_str(": ");
            text.push_str(&inner_text);
        }
        source = inner.source();
    }
    text
}
