//! [`ClientBuilder`]: the settings of a client, checked, then connected.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use secrecy::SecretString;
use url::Url;

use super::select::{select_transport, Connected};
use super::{Client, Shared};
use crate::context::Context;
use crate::credentials::Credentials;
use crate::error::{Error, ErrorContext, Result};
use crate::http::{Http, HttpSettings, TlsSettings};
use crate::limits::Limits;
use crate::recording::Recorder;
use crate::retry::RetryPolicy;
use crate::transport::TransportKind;

/// The default timeout of a whole request.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(120);
/// The default timeout for opening a connection.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// The default longest wait for a response to make progress ([`ClientBuilder::read_timeout`]).
pub const DEFAULT_READ_TIMEOUT: Duration = Duration::from_secs(60);
/// The default number of requests a client (with all its clones) has in flight at once.
///
/// A default Odoo (threaded, a pool of 64 database connections shared by everything it does)
/// answers 200 concurrent `create`s with "The Connection Pool Is Full" for most of them, and
/// takes them all with 32 in flight; 16 leaves room for the server's other users.
pub const DEFAULT_MAX_IN_FLIGHT: usize = 16;

/// Configures and connects a [`Client`].
///
/// ```no_run
/// # async fn demo() -> odoo_core::Result<()> {
/// use odoo_core::{Client, Context, TransportKind};
/// let client = Client::builder("http://localhost:8069")
///     .database("odoo")
///     .login("admin")
///     .api_key(std::env::var("ODOO_API_KEY").unwrap_or_default())
///     .transport(TransportKind::Auto)
///     .context(Context::new().lang("en_US"))
///     .timeout(std::time::Duration::from_secs(30))
///     .connect()
///     .await?;
/// # Ok(()) }
/// ```
pub struct ClientBuilder {
    url: String,
    database: Option<String>,
    login: Option<String>,
    password: Option<SecretString>,
    api_key: Option<SecretString>,
    transport: TransportKind,
    timeout: Option<Duration>,
    connect_timeout: Duration,
    read_timeout: Option<Duration>,
    max_in_flight: usize,
    tls: TlsSettings,
    http_client: Option<reqwest::Client>,
    record_to: Option<std::path::PathBuf>,
    user_agent: String,
    context: Context,
    limits: Limits,
    retry: RetryPolicy,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // A URL may carry credentials (`https://user:pass@...`, `?token=...`), which
        // connect() refuses; Debug shows it without them.
        let url = match Url::parse(&self.url) {
            Ok(mut url) => {
                let _ = url.set_username("");
                let _ = url.set_password(None);
                url.set_query(None);
                url.set_fragment(None);
                url.to_string()
            }
            Err(_) => "<not a valid URL>".to_owned(),
        };
        f.debug_struct("ClientBuilder")
            .field("url", &url)
            .field("database", &self.database)
            .field("login", &self.login)
            .field("password", &self.password.as_ref().map(|_| "<redacted>"))
            .field("api_key", &self.api_key.as_ref().map(|_| "<redacted>"))
            .field("logs_in_with", &format_args!("{}", self.logs_in_with()))
            .field("transport", &self.transport)
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("read_timeout", &self.read_timeout)
            .field("max_in_flight", &self.max_in_flight)
            .field("tls", &self.tls)
            .field(
                "http_client",
                &self.http_client.as_ref().map(|_| "<custom>"),
            )
            .field("user_agent", &self.user_agent)
            .field("context", &self.context)
            .field("limits", &self.limits)
            .field("retry", &self.retry)
            .finish()
    }
}

impl ClientBuilder {
    /// Which secret the transport will send, in words, by the rule of
    /// [`CredentialKind`](crate::CredentialKind) (`Auto` picks the web session only with a
    /// password, and JSON-2 only with a key).
    fn logs_in_with(&self) -> &'static str {
        match (
            self.transport,
            self.api_key.is_some(),
            self.password.is_some(),
        ) {
            (_, false, false) => "nothing: set a password or an API key",
            (TransportKind::Json2, false, true) => "nothing: JSON-2 needs an API key",
            (TransportKind::WebSession, true, false) => "nothing: the web session needs a password",
            (TransportKind::Json2, true, _) => "the API key",
            (TransportKind::WebSession, _, true) => "the password",
            (_, true, true) => "the API key (the password on the web session only)",
            (_, true, false) => "the API key",
            (_, false, true) => "the password",
        }
    }

    pub(super) fn new(url: impl Into<String>) -> Self {
        Self {
            url: url.into(),
            database: None,
            login: None,
            password: None,
            api_key: None,
            transport: TransportKind::Auto,
            timeout: Some(DEFAULT_TIMEOUT),
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            read_timeout: Some(DEFAULT_READ_TIMEOUT),
            max_in_flight: DEFAULT_MAX_IN_FLIGHT,
            tls: TlsSettings::default(),
            http_client: None,
            record_to: None,
            user_agent: concat!("odoo-rs/", env!("CARGO_PKG_VERSION")).to_owned(),
            context: Context::new(),
            limits: Limits::default(),
            retry: RetryPolicy::default(),
        }
    }

    /// The database. Needed by JSON-RPC, XML-RPC and the web session; optional on JSON-2, where it
    /// goes in the `X-Odoo-Database` header (a server with one database does not need it).
    #[must_use]
    pub fn database(mut self, database: impl Into<String>) -> Self {
        self.database = Some(database.into());
        self
    }

    /// The user's login.
    #[must_use]
    pub fn login(mut self, login: impl Into<String>) -> Self {
        self.login = Some(login.into());
        self
    }

    /// The user's password: what the web session logs in with, and JSON-RPC and XML-RPC when
    /// no API key is set (the rule: [`CredentialKind`](crate::CredentialKind)). Held as a
    /// secret; never printed.
    #[must_use]
    pub fn password(mut self, password: impl Into<String>) -> Self {
        self.password = Some(SecretString::from(password.into()));
        self
    }

    /// An API key (Preferences > Account Security). Needed by JSON-2; JSON-RPC and XML-RPC send
    /// it in place of the password when both are set; the web session never sends it, as Odoo
    /// refuses keys for interactive logins (the rule: [`CredentialKind`](crate::CredentialKind)).
    /// `Debug` of the builder and of the client says which secret is used, never its value.
    /// Held as a secret; never printed.
    #[must_use]
    pub fn api_key(mut self, api_key: impl Into<String>) -> Self {
        self.api_key = Some(SecretString::from(api_key.into()));
        self
    }

    /// Which protocol to use; [`TransportKind::Auto`] (the default) takes the fastest one the
    /// credentials allow among those the server answers (see there).
    #[must_use]
    pub fn transport(mut self, transport: TransportKind) -> Self {
        self.transport = transport;
        self
    }

    /// The timeout of a whole request, from sending it to the last byte of the answer
    /// (default 120 s). It bounds everything else: a connection, a method that computes for
    /// long, a large answer on a slow link.
    #[must_use]
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// The longest wait for an answer to make progress (default 60 s): for its headers, for
    /// each read, and for each 1 KiB of its body. A server that stalls, or that drips its
    /// answer a few bytes at a time, is cut after it (a transport error whose
    /// [`is_timeout`](crate::Error::is_timeout) is true) rather than at the whole
    /// [`timeout`](Self::timeout). A method that computes longer before it answers needs a
    /// larger value. Not applied to a client given with [`http_client`](Self::http_client),
    /// which keeps its own timeouts.
    #[must_use]
    pub fn read_timeout(mut self, timeout: Duration) -> Self {
        self.read_timeout = Some(timeout);
        self
    }

    /// Removes the request and read timeouts. Long server-side methods may need it; a dead
    /// connection then waits for the operating system to notice.
    #[must_use]
    pub fn no_timeout(mut self) -> Self {
        self.timeout = None;
        self.read_timeout = None;
        self
    }

    /// How many requests this client and all its clones have in flight at once (default
    /// [`DEFAULT_MAX_IN_FLIGHT`]); more wait for a free slot. Odoo serves a limited number of
    /// database connections, and answers a flood with errors rather than slower. At least 1.
    #[must_use]
    pub fn max_in_flight(mut self, requests: usize) -> Self {
        self.max_in_flight = requests;
        self
    }

    /// The timeout for opening a connection, TLS handshake included (default 10 s).
    #[must_use]
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// The `User-Agent` header (default `odoo-rs/<version>`).
    #[must_use]
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = user_agent.into();
        self
    }

    /// Sends every request through `proxy` (`reqwest::Proxy::all("http://proxy:3128")`, with
    /// its own credentials and exceptions). Without it, the `HTTPS_PROXY`, `HTTP_PROXY` and
    /// `NO_PROXY` variables of the environment apply, as in any `reqwest` client.
    #[must_use]
    pub fn proxy(mut self, proxy: reqwest::Proxy) -> Self {
        self.tls.proxies.push(proxy);
        self
    }

    /// Ignores proxies, those of the environment included.
    #[must_use]
    pub fn no_proxy(mut self) -> Self {
        self.tls.no_proxy = true;
        self
    }

    /// Trusts `certificate` as a root, besides the built-in ones: a corporate or private CA
    /// (`reqwest::Certificate::from_pem(&std::fs::read("ca.pem")?)`).
    #[cfg(any(feature = "rustls", feature = "native-tls"))]
    #[must_use]
    pub fn add_root_certificate(mut self, certificate: reqwest::Certificate) -> Self {
        self.tls.root_certificates.push(certificate);
        self
    }

    /// Presents `identity` (a client certificate and its key) to servers that ask for one.
    #[cfg(any(feature = "rustls", feature = "native-tls"))]
    #[must_use]
    pub fn identity(mut self, identity: reqwest::Identity) -> Self {
        self.tls.identity = Some(identity);
        self
    }

    /// Accepts any server certificate, expired, self-signed or for another name: anyone on
    /// the way can then read the password. Only for a test server on a trusted network;
    /// [`add_root_certificate`](Self::add_root_certificate) is the way for a private CA.
    #[cfg(any(feature = "rustls", feature = "native-tls"))]
    #[must_use]
    pub fn danger_accept_invalid_certs(mut self, accept: bool) -> Self {
        self.tls.accept_invalid_certs = accept;
        self
    }

    /// Uses `client` for every request, as it is configured: its proxy, TLS roots and
    /// identity, connection pool, timeouts and redirect policy. The builder's
    /// [`timeout`](Self::timeout), [`read_timeout`](Self::read_timeout),
    /// [`connect_timeout`](Self::connect_timeout), [`user_agent`](Self::user_agent), proxy and
    /// certificate settings then do not apply (the limits and the bound on requests in flight
    /// still do). Build it with `redirect(reqwest::redirect::Policy::none())`: a followed
    /// redirect sends the password on to wherever the server points.
    #[must_use]
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http_client = Some(client);
        self
    }

    /// Records every exchange of this client (and its clones) with the server to the file at
    /// `path`, as JSON Lines, with the password, the API key and session ids replaced by
    /// `<redacted>` wherever they stand as a value; `Authorization` and `Cookie` headers are
    /// left out. `odoo_emulator::Replay` serves such a file back, so that tests run on a real
    /// server's answers without it.
    ///
    /// Exchanges are appended: [`connect`](Self::connect) creates the file when it is missing
    /// and never empties it, so that several clients (of one process or of several runs) add
    /// to one recording, one whole line per exchange. To start a fresh recording, delete the
    /// file first. A run recorded twice leaves both runs in the file, one after the other: a
    /// replay answers each request with the first unused exchange that matches it, so one
    /// replayed run uses the first run's exchanges and leaves the second's unused (a strict
    /// replay then fails at its end, naming them).
    #[must_use]
    pub fn record_to(mut self, path: impl Into<std::path::PathBuf>) -> Self {
        self.record_to = Some(path.into());
        self
    }

    /// The default context of every call.
    #[must_use]
    pub fn context(mut self, context: Context) -> Self {
        self.context = context;
        self
    }

    /// Size and depth limits on responses.
    #[must_use]
    pub fn limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }

    /// Which failed calls are sent again: by default read-only methods, for up to 30 s after
    /// their first attempt (long enough for an Odoo restart), after a refused or broken
    /// connection or an HTTP 429/502/503/504. `create`, `write`, `unlink` and unknown methods
    /// are never repeated. [`RetryPolicy::none`] turns retries off.
    #[must_use]
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Asks the server its version, picks the transport when it is [`TransportKind::Auto`], and
    /// logs in. A wrong login, password or key is an error of kind
    /// [`ErrorKind::AccessDenied`](crate::ErrorKind::AccessDenied).
    pub async fn connect(self) -> Result<Client> {
        let base = parse_base_url(&self.url)?;
        let credentials = Arc::new(Credentials {
            database: self.database,
            login: self.login,
            password: self.password,
            api_key: self.api_key,
        });
        let secrets: Vec<String> = credentials
            .secrets()
            .iter()
            .map(|s| (*s).to_owned())
            .collect();
        let recorder = match self.record_to {
            Some(path) => Some(Recorder::open(path, secrets.clone())?),
            None => None,
        };
        let http = Http::new(
            &base,
            &HttpSettings {
                timeout: self.timeout,
                connect_timeout: self.connect_timeout,
                read_timeout: self.read_timeout,
                user_agent: self.user_agent,
                limits: self.limits,
                max_in_flight: self.max_in_flight,
                tls: self.tls,
                custom: self.http_client,
                recorder,
            },
        )?;
        let redact = |e: Error| {
            let refs: Vec<&str> = secrets.iter().map(String::as_str).collect();
            e.redact(&refs)
        };
        let Connected {
            transport,
            version,
            uid,
        } = select_transport(self.transport, http.clone(), credentials.clone())
            .await
            .map_err(redact)?;
        tracing::debug!(
            target: "odoo_core::client",
            transport = %transport.kind(),
            version = %version,
            uid,
            "connected"
        );
        Ok(Client {
            shared: Arc::new(Shared {
                transport,
                version,
                uid,
                credentials,
                base,
                retry: self.retry,
                http,
                web: tokio::sync::OnceCell::new(),
                attachment_content: tokio::sync::OnceCell::new(),
            }),
            context: Arc::new(self.context),
        })
    }
}

fn parse_base_url(url: &str) -> Result<Url> {
    let url = url.trim();
    if !url.contains("://") {
        // `127.0.0.1:8069` is no URL, and `localhost:8069` is one of scheme `localhost`.
        // Text with an `@` may hold credentials: it is not repeated.
        let example = if url.is_empty() || url.contains('@') || url.chars().any(char::is_whitespace)
        {
            "http://localhost:8069".to_owned()
        } else {
            format!("http://{url}")
        };
        return Err(Error::invalid(
            format!(
                "the server URL has no scheme: it must start with http:// or https://, such as {example}"
            ),
            ErrorContext::default(),
        ));
    }
    let parsed = Url::parse(url).map_err(|e| {
        Error::invalid(
            format!("the server URL is not valid: {e}"),
            ErrorContext::default(),
        )
    })?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(Error::invalid(
            format!(
                "the URL must start with http:// or https://, not {}://",
                parsed.scheme()
            ),
            ErrorContext::default(),
        ));
    }
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err(Error::invalid(
            "put credentials in ClientBuilder::login / password / api_key, not in the URL",
            ErrorContext::default(),
        ));
    }
    if parsed.query().is_some() || parsed.fragment().is_some() {
        return Err(Error::invalid(
            "the URL must be the server's base address, without query or fragment",
            ErrorContext::default(),
        ));
    }
    Ok(parsed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_url_must_be_plain() {
        assert!(parse_base_url("http://localhost:8069").is_ok());
        assert!(parse_base_url("https://odoo.example.com/sub/").is_ok());
        assert!(parse_base_url("ftp://x").is_err());
        let err = parse_base_url("https://admin:hunter2@odoo.example.com")
            .expect_err("credentials in the URL are refused");
        assert!(!err.to_string().contains("hunter2"));
        assert!(parse_base_url("not a url").is_err());
        for (url, example) in [
            ("127.0.0.1:8069", "http://127.0.0.1:8069"),
            ("localhost:8069", "http://localhost:8069"),
            ("odoo.example.com", "http://odoo.example.com"),
            ("admin:hunter2@odoo.example.com", "http://localhost:8069"),
        ] {
            let err = parse_base_url(url).expect_err(url);
            let text = err.to_string();
            assert_eq!(err.kind(), crate::ErrorKind::InvalidInput);
            assert!(
                text.contains("has no scheme") && text.contains(example),
                "{text}"
            );
            assert!(!text.contains("hunter2"), "{text}");
        }
    }

    #[test]
    fn builder_debug_hides_secrets() {
        let builder = Client::builder("http://localhost")
            .password("hunter2")
            .api_key("0123456789abcdef");
        let text = format!("{builder:?}");
        assert!(!text.contains("hunter2"));
        assert!(!text.contains("0123456789abcdef"));
        assert!(text.contains("<redacted>"));
    }
}
