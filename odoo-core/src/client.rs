//! [`Client`] and [`ClientBuilder`]: connect, authenticate, and call any model method.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use secrecy::{ExposeSecret, SecretString};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use tracing::Instrument;
use url::Url;

use crate::context::Context;
use crate::error::{Error, ErrorContext, Result};
use crate::http::{Http, Limits};
use crate::options::{ReadOptions, SearchOptions};
use crate::retry::RetryPolicy;
use crate::transport::json2::Json2;
use crate::transport::json_rpc::JsonRpc;
use crate::transport::web_session::WebSession;
use crate::transport::xml_rpc::XmlRpc;
use crate::transport::{Answer, Call, Transport, TransportKind};

/// The default timeout of a whole request.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(120);
/// The default timeout for opening a connection.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// Who the client logs in as. Secrets are held as [`SecretString`] and never printed.
pub(crate) struct Credentials {
    pub database: Option<String>,
    pub login: Option<String>,
    pub password: Option<SecretString>,
    pub api_key: Option<SecretString>,
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("database", &self.database)
            .field("login", &self.login)
            .field("password", &self.password.as_ref().map(|_| "<redacted>"))
            .field("api_key", &self.api_key.as_ref().map(|_| "<redacted>"))
            .finish()
    }
}

impl Credentials {
    pub fn database_or_err(&self, context: &ErrorContext) -> Result<&str> {
        self.database.as_deref().ok_or_else(|| {
            Error::invalid(
                "this transport needs the database name: set ClientBuilder::database (or ODOO_DB)",
                context.clone(),
            )
        })
    }

    pub fn login_or_err(&self, context: &ErrorContext) -> Result<&str> {
        self.login.as_deref().ok_or_else(|| {
            Error::invalid(
                "this transport needs the login: set ClientBuilder::login (or ODOO_USER)",
                context.clone(),
            )
        })
    }

    /// The API key, else the password: Odoo accepts a key in place of the password on JSON-RPC
    /// and XML-RPC, and refuses passwords there for users with two-factor authentication.
    pub fn secret_or_err(&self, context: &ErrorContext) -> Result<&str> {
        self.api_key
            .as_ref()
            .or(self.password.as_ref())
            .map(|s| s.expose_secret())
            .ok_or_else(|| {
                Error::invalid(
                    "no password or API key: set ClientBuilder::password or ClientBuilder::api_key",
                    context.clone(),
                )
            })
    }

    /// The password only: the web session's login is interactive, and Odoo refuses API keys there.
    pub fn password_or_err(&self, context: &ErrorContext) -> Result<&str> {
        self.password
            .as_ref()
            .map(|s| s.expose_secret())
            .ok_or_else(|| {
                Error::invalid(
                    "the web session logs in with a password (Odoo refuses API keys there): set ClientBuilder::password, or use another transport with the API key",
                    context.clone(),
                )
            })
    }

    /// The secret texts, for scrubbing them from error messages.
    fn secrets(&self) -> Vec<&str> {
        [&self.password, &self.api_key]
            .into_iter()
            .flatten()
            .map(|s| s.expose_secret())
            .collect()
    }
}

/// The server's version, as `common.version` or `/web/version` tells it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ServerVersion {
    /// The version text, such as `"18.0"` or `"16.0-20240327"`.
    pub version: String,
    /// The major version: 16, 17, 18, 19, ...
    pub major: u32,
    /// The minor version (0 for `x.0`; SaaS releases have others).
    pub minor: u32,
    /// The release level (`"final"`, `"alpha"`, ...), when the server tells it.
    pub release_level: Option<String>,
    /// The series, such as `"18.0"`, when the server tells it.
    pub serie: Option<String>,
    /// The RPC protocol version (1), when the server tells it.
    pub protocol_version: Option<i64>,
}

impl ServerVersion {
    /// Reads `common.version` / `/web/webclient/version_info`:
    /// `{server_version, server_version_info, server_serie, protocol_version}`.
    pub(crate) fn from_common_version(value: &Value, context: &ErrorContext) -> Result<Self> {
        let version = value
            .get("server_version")
            .and_then(Value::as_str)
            .ok_or_else(|| {
                Error::decode(
                    "server_version",
                    "missing from the version answer",
                    context.clone(),
                )
            })?;
        let info = value.get("server_version_info").and_then(Value::as_array);
        let mut parsed = Self::from_parts(version, info, context)?;
        parsed.serie = value
            .get("server_serie")
            .and_then(Value::as_str)
            .map(str::to_owned);
        parsed.protocol_version = value.get("protocol_version").and_then(Value::as_i64);
        Ok(parsed)
    }

    /// Reads `GET /web/version`: `{version_info, version}` (Odoo 19+).
    pub(crate) fn from_web_version(value: &Value, context: &ErrorContext) -> Result<Self> {
        let version = value
            .get("version")
            .and_then(Value::as_str)
            .ok_or_else(|| {
                Error::decode("version", "missing from /web/version", context.clone())
            })?;
        let info = value.get("version_info").and_then(Value::as_array);
        Self::from_parts(version, info, context)
    }

    fn from_parts(
        version: &str,
        info: Option<&Vec<Value>>,
        context: &ErrorContext,
    ) -> Result<Self> {
        let from_info = |i: usize| {
            info.and_then(|a| a.get(i))
                .and_then(Value::as_u64)
                .and_then(|n| u32::try_from(n).ok())
        };
        // `saas~17.4` and `17.0-20240709` both carry major.minor in the text.
        let numbers: Vec<u32> = version
            .trim_start_matches("saas~")
            .split(|c: char| !c.is_ascii_digit())
            .filter(|s| !s.is_empty())
            .take(2)
            .filter_map(|s| s.parse().ok())
            .collect();
        let major = from_info(0)
            .or_else(|| numbers.first().copied())
            .ok_or_else(|| {
                Error::decode(
                    "version",
                    format!("cannot read a major version from `{version}`"),
                    context.clone(),
                )
            })?;
        let minor = from_info(1)
            .or_else(|| numbers.get(1).copied())
            .unwrap_or(0);
        let release_level = info
            .and_then(|a| a.get(3))
            .and_then(Value::as_str)
            .map(str::to_owned);
        Ok(Self {
            version: version.to_owned(),
            major,
            minor,
            release_level,
            serie: None,
            protocol_version: None,
        })
    }
}

impl fmt::Display for ServerVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.version)
    }
}

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
            .field("transport", &self.transport)
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("user_agent", &self.user_agent)
            .field("context", &self.context)
            .field("limits", &self.limits)
            .field("retry", &self.retry)
            .finish()
    }
}

impl ClientBuilder {
    fn new(url: impl Into<String>) -> Self {
        Self {
            url: url.into(),
            database: None,
            login: None,
            password: None,
            api_key: None,
            transport: TransportKind::Auto,
            timeout: Some(DEFAULT_TIMEOUT),
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
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

    /// The user's password. Held as a secret; never printed.
    #[must_use]
    pub fn password(mut self, password: impl Into<String>) -> Self {
        self.password = Some(SecretString::from(password.into()));
        self
    }

    /// An API key (Preferences > Account Security). Needed by JSON-2; JSON-RPC and XML-RPC accept
    /// it in place of the password (the web session does not). Held as a secret; never printed.
    #[must_use]
    pub fn api_key(mut self, api_key: impl Into<String>) -> Self {
        self.api_key = Some(SecretString::from(api_key.into()));
        self
    }

    /// Which protocol to use; [`TransportKind::Auto`] (the default) asks the server its version.
    #[must_use]
    pub fn transport(mut self, transport: TransportKind) -> Self {
        self.transport = transport;
        self
    }

    /// The timeout of a whole request (default 120 s).
    #[must_use]
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Removes the request timeout. Long server-side methods may need it; a dead connection then
    /// waits for the operating system to notice.
    #[must_use]
    pub fn no_timeout(mut self) -> Self {
        self.timeout = None;
        self
    }

    /// The timeout for opening a connection (default 10 s).
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

    /// Which failed calls are sent again: by default read-only methods, twice, after a
    /// connection failure or an HTTP 429/502/503/504. `create`, `write`, `unlink` and
    /// unknown methods are never repeated. [`RetryPolicy::none`] turns retries off.
    #[must_use]
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Asks the server its version, picks the transport when it is [`TransportKind::Auto`], and
    /// logs in. A wrong login, password or key is [`Error::AccessDenied`].
    pub async fn connect(self) -> Result<Client> {
        let base = parse_base_url(&self.url)?;
        let http = Http::new(
            &base,
            self.timeout,
            self.connect_timeout,
            &self.user_agent,
            self.limits,
        )?;
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
        let redact = |e: Error| {
            let refs: Vec<&str> = secrets.iter().map(String::as_str).collect();
            e.redact(&refs)
        };
        let (transport, version) = select_transport(self.transport, http, credentials.clone())
            .await
            .map_err(redact)?;
        let uid = transport.authenticate().await.map_err(redact)?;
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
                session_epoch: tokio::sync::Mutex::new(0),
                epoch: std::sync::atomic::AtomicU64::new(0),
            }),
            context: Arc::new(self.context),
        })
    }
}

fn parse_base_url(url: &str) -> Result<Url> {
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

async fn select_transport(
    kind: TransportKind,
    http: Http,
    credentials: Arc<Credentials>,
) -> Result<(Box<dyn Transport>, ServerVersion)> {
    let make = |kind: TransportKind| -> Box<dyn Transport> {
        match kind {
            TransportKind::XmlRpc => Box::new(XmlRpc::new(http.clone(), credentials.clone())),
            TransportKind::Json2 => Box::new(Json2::new(http.clone(), credentials.clone())),
            TransportKind::WebSession => {
                Box::new(WebSession::new(http.clone(), credentials.clone()))
            }
            TransportKind::JsonRpc | TransportKind::Auto => {
                Box::new(JsonRpc::new(http.clone(), credentials.clone()))
            }
        }
    };
    if kind != TransportKind::Auto {
        let transport = make(kind);
        let version = transport.server_version().await?;
        if kind == TransportKind::Json2 && version.major < 19 {
            return Err(Error::invalid(
                format!("the JSON-2 API needs Odoo 19 or later; this server runs {version}"),
                ErrorContext::default().on(TransportKind::Json2),
            ));
        }
        return Ok((transport, version));
    }
    // Auto: with an API key, try JSON-2's `/web/version` first (answered by 19+ only).
    if credentials.api_key.is_some() {
        let json2 = make(TransportKind::Json2);
        match json2.server_version().await {
            Ok(version) if version.major >= 19 => return Ok((json2, version)),
            Ok(_) | Err(Error::Http(_)) | Err(Error::Decode(_)) => {}
            Err(other) => return Err(other),
        }
    }
    let json_rpc = make(TransportKind::JsonRpc);
    let version = json_rpc.server_version().await?;
    Ok((json_rpc, version))
}

struct Shared {
    transport: Box<dyn Transport>,
    version: ServerVersion,
    uid: Option<i64>,
    credentials: Arc<Credentials>,
    base: Url,
    retry: RetryPolicy,
    /// Held while a web session logs in again; holds the number of such logins.
    session_epoch: tokio::sync::Mutex<u64>,
    /// The number of logins after expiry, readable without the lock.
    epoch: std::sync::atomic::AtomicU64,
}

/// A connected, authenticated client. Cheap to clone (clones share the connection pool and the
/// session) and safe to use from many tasks at once.
///
/// Calls go through [`Client::execute_kw`] (any method, untyped) or the convenience methods
/// ([`Client::search_read`], [`Client::create`], ...), which know the argument names JSON-2 needs.
#[derive(Clone)]
pub struct Client {
    shared: Arc<Shared>,
    context: Arc<Context>,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("url", &self.shared.base.as_str())
            .field("transport", &self.shared.transport.kind())
            .field("version", &self.shared.version.version)
            .field("uid", &self.shared.uid)
            .field("credentials", &self.shared.credentials)
            .field("context", &self.context)
            .finish()
    }
}

impl Client {
    /// Starts configuring a client for the server at `url` (such as `https://odoo.example.com`).
    pub fn builder(url: impl Into<String>) -> ClientBuilder {
        ClientBuilder::new(url)
    }

    /// The transport in use (never [`TransportKind::Auto`]).
    pub fn transport_kind(&self) -> TransportKind {
        self.shared.transport.kind()
    }

    /// The server's version as read when connecting.
    pub fn server_version(&self) -> &ServerVersion {
        &self.shared.version
    }

    /// The logged-in user's id. JSON-RPC, XML-RPC and the web session get it from the login;
    /// JSON-2 from `res.users.context_get`, whose answer includes it on Odoo 19.
    pub fn uid(&self) -> Option<i64> {
        self.shared.uid
    }

    /// The database name, when configured.
    pub fn database(&self) -> Option<&str> {
        self.shared.credentials.database.as_deref()
    }

    /// The default context of this client's calls.
    pub fn context(&self) -> &Context {
        &self.context
    }

    /// A client sharing this one's connection and session, whose calls use `context` merged over
    /// this client's default context.
    ///
    /// ```no_run
    /// # async fn demo(client: odoo_core::Client) -> odoo_core::Result<()> {
    /// use odoo_core::{Context, SearchOptions};
    /// let archived_too = client.with_context(Context::new().active_test(false));
    /// let count = archived_too.search_count("res.partner", serde_json::json!([]), SearchOptions::new()).await?;
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn with_context(&self, context: Context) -> Client {
        Client {
            shared: self.shared.clone(),
            context: Arc::new(self.context.merged(&context)),
        }
    }

    /// Asks the server its version now.
    pub async fn version(&self) -> Result<ServerVersion> {
        self.shared
            .transport
            .server_version()
            .await
            .map_err(|e| self.redact(e))
    }

    fn redact(&self, error: Error) -> Error {
        let session = self.shared.transport.session_secret();
        let mut secrets = self.shared.credentials.secrets();
        if let Some(session) = &session {
            secrets.push(session.expose_secret());
        }
        error.redact(&secrets)
    }

    /// Carries one call, with the client's context merged under the call's own `context`.
    pub async fn call(&self, call: Call) -> Result<Value> {
        let context = call.error_context().on(self.transport_kind());
        let call = self.merge_context(call, &context)?;
        let span = self.call_span(&call);
        let result = self
            .execute_with_retries(&call, |answer, context| answer.into_value(context))
            .instrument(span)
            .await;
        result.map_err(|e| self.redact(e.with_context(&context)))
    }

    fn call_span(&self, call: &Call) -> tracing::Span {
        tracing::debug_span!(
            target: "odoo_core::client",
            "odoo_call",
            model = %call.model,
            method = %call.method,
            transport = %self.transport_kind()
        )
    }

    /// Puts the client's context under the call's own `context`.
    fn merge_context(&self, mut call: Call, context: &ErrorContext) -> Result<Call> {
        let merged = match call.kwargs.remove("context") {
            None => (*self.context).clone(),
            Some(Value::Object(own)) => self.context.merged(&Context::from(own)),
            Some(Value::Null) => (*self.context).clone(),
            Some(other) => {
                return Err(Error::invalid(
                    format!("the `context` keyword argument must be an object, not {other}"),
                    context.clone(),
                ))
            }
        };
        if !merged.is_empty() {
            call.kwargs
                .insert("context".into(), Value::Object(merged.into_map()));
        }
        Ok(call)
    }

    /// Sends `call`, repeating it when the retry policy allows, and logging in again once
    /// when a web session has expired.
    ///
    /// `read` turns the answer into the caller's result; the errors an answer carries (such
    /// as an expired session) come out of it, so it runs inside the loop.
    async fn execute_with_retries<T>(
        &self,
        call: &Call,
        read: impl Fn(Answer, &ErrorContext) -> Result<T>,
    ) -> Result<T> {
        use std::sync::atomic::Ordering;
        let policy = &self.shared.retry;
        let context = call.error_context().on(self.transport_kind());
        let mut attempt = 0;
        let mut relogged = false;
        loop {
            let epoch = self.shared.epoch.load(Ordering::Acquire);
            let outcome = self
                .shared
                .transport
                .execute_answer(call)
                .await
                .and_then(|answer| read(answer, &context));
            let error = match outcome {
                Ok(value) => return Ok(value),
                Err(error) => error,
            };
            if matches!(error, Error::SessionExpired(_))
                && !relogged
                && self.shared.transport.kind() == TransportKind::WebSession
            {
                relogged = true;
                self.relogin(epoch).await?;
                if policy.is_safe(&call.method) {
                    tracing::debug!(target: "odoo_core::client", method = %call.method, "session expired: logged in again, repeating the call");
                    continue;
                }
                return Err(error);
            }
            match policy.next_wait(&call.method, &error, attempt) {
                Some(wait) => {
                    tracing::debug!(
                        target: "odoo_core::client",
                        method = %call.method,
                        attempt = attempt + 1,
                        wait_ms = u64::try_from(wait.as_millis()).unwrap_or(u64::MAX),
                        "retrying a read-only call"
                    );
                    tokio::time::sleep(wait).await;
                    attempt += 1;
                }
                None => return Err(error),
            }
        }
    }

    /// Logs the web session in again, unless another task already did since `seen`.
    async fn relogin(&self, seen: u64) -> Result<()> {
        use std::sync::atomic::Ordering;
        let mut epoch = self.shared.session_epoch.lock().await;
        if *epoch != seen {
            return Ok(());
        }
        let outcome = self.shared.transport.authenticate().await;
        // Advance even when the login failed: the tasks waiting on the lock then do not
        // each try (and fail) the same login again.
        *epoch += 1;
        self.shared.epoch.store(*epoch, Ordering::Release);
        outcome.map(|_| ())
    }

    /// Carries one call and deserializes its result into `T`. A failure names the JSON path that
    /// did not fit.
    ///
    /// On JSON-RPC, JSON-2 and the web session the result is read straight from the response
    /// body into `T`, without building a JSON value first.
    pub async fn call_as<T: DeserializeOwned>(&self, call: Call) -> Result<T> {
        let context = call.error_context().on(self.transport_kind());
        let call = self.merge_context(call, &context)?;
        let span = self.call_span(&call);
        let result = self
            .execute_with_retries(&call, |answer, context| answer.decode(context))
            .instrument(span)
            .await;
        result.map_err(|e| self.redact(e.with_context(&context)))
    }

    /// Calls any public method: `args` is the JSON array of positional arguments, `kwargs` a JSON
    /// object of keyword arguments (or `null`). The result is returned as JSON; a method returning
    /// `None` gives `Value::Null`.
    ///
    /// On JSON-2, which takes named arguments only, positional arguments are named after the
    /// method's signature: built in for the ORM's methods, read from `/doc-bearer/<model>.json`
    /// (once per model) for the others. When neither knows the method, the call fails with
    /// [`Error::InvalidInput`]: pass keyword arguments instead.
    ///
    /// ```no_run
    /// # async fn demo(client: odoo_core::Client) -> odoo_core::Result<()> {
    /// use serde_json::json;
    /// client.execute_kw("sale.order", "action_confirm", json!([[42]]), json!({})).await?;
    /// # Ok(()) }
    /// ```
    pub async fn execute_kw(
        &self,
        model: &str,
        method: &str,
        args: Value,
        kwargs: Value,
    ) -> Result<Value> {
        let call = make_call(model, method, args, kwargs, self.transport_kind())?;
        self.call(call).await
    }

    /// [`Client::execute_kw`], deserializing the result into `T`.
    pub async fn execute_kw_as<T: DeserializeOwned>(
        &self,
        model: &str,
        method: &str,
        args: Value,
        kwargs: Value,
    ) -> Result<T> {
        let call = make_call(model, method, args, kwargs, self.transport_kind())?;
        self.call_as(call).await
    }

    /// The ids of the records matching `domain`.
    pub async fn search(
        &self,
        model: &str,
        domain: impl Into<Value>,
        options: SearchOptions,
    ) -> Result<Vec<i64>> {
        let mut call = Call::new(model, "search")
            .arg(domain.into())
            .arg_names(["domain"]);
        options.write_kwargs(&mut call.kwargs, true);
        self.call_as(with_call_context(call, options.context)).await
    }

    /// The records matching `domain`, with `fields` (all fields when empty), each deserialized
    /// into `T` (`serde_json::Map<String, Value>` for untyped access).
    pub async fn search_read<T: DeserializeOwned>(
        &self,
        model: &str,
        domain: impl Into<Value>,
        fields: &[&str],
        options: SearchOptions,
    ) -> Result<Vec<T>> {
        let mut call = Call::new(model, "search_read")
            .arg(domain.into())
            .arg_names(["domain"]);
        if !fields.is_empty() {
            call.kwargs.insert("fields".into(), string_list(fields));
        }
        options.write_kwargs(&mut call.kwargs, true);
        self.call_as(with_call_context(call, options.context)).await
    }

    /// The number of records matching `domain` (`limit` of the options caps the count).
    pub async fn search_count(
        &self,
        model: &str,
        domain: impl Into<Value>,
        options: SearchOptions,
    ) -> Result<u64> {
        let mut call = Call::new(model, "search_count")
            .arg(domain.into())
            .arg_names(["domain"]);
        options.write_kwargs(&mut call.kwargs, false);
        self.call_as(with_call_context(call, options.context)).await
    }

    /// Reads `fields` (all fields when empty) of the records `ids`. Ids that do not exist (or
    /// were deleted) give no row, as Odoo does.
    pub async fn read<T: DeserializeOwned>(
        &self,
        model: &str,
        ids: &[i64],
        fields: &[&str],
        options: ReadOptions,
    ) -> Result<Vec<T>> {
        let mut call = Call::new(model, "read")
            .arg(ids_value(ids))
            .arg_names(["ids"]);
        if !fields.is_empty() {
            call.kwargs.insert("fields".into(), string_list(fields));
        }
        if let Some(load) = options.load {
            call.kwargs.insert("load".into(), Value::String(load));
        }
        self.call_as(with_call_context(call, options.context)).await
    }

    /// Creates one record from `vals` (any `Serialize` that gives a JSON object) and returns its id.
    pub async fn create(&self, model: &str, vals: impl Serialize) -> Result<i64> {
        let context = ErrorContext::call(model, "create").on(self.transport_kind());
        let vals = to_object(vals, "vals", &context)?;
        if self.transport_kind() == TransportKind::Json2 {
            // JSON-2 takes `vals_list` only and always answers a list.
            let call = Call::new(model, "create")
                .arg(Value::Array(vec![vals]))
                .arg_names(["vals_list"]);
            let ids: Vec<i64> = self.call_as(call).await?;
            return ids
                .first()
                .copied()
                .ok_or_else(|| Error::decode("", "create returned no id", context));
        }
        let call = Call::new(model, "create")
            .arg(vals)
            .arg_names(["vals_list"]);
        self.call_as(call).await
    }

    /// Creates one record per item of `vals_list` in one call and returns their ids, in order.
    pub async fn create_many<V: Serialize>(
        &self,
        model: &str,
        vals_list: &[V],
    ) -> Result<Vec<i64>> {
        let context = ErrorContext::call(model, "create").on(self.transport_kind());
        let list = vals_list
            .iter()
            .map(|vals| to_object(vals, "vals_list", &context))
            .collect::<Result<Vec<_>>>()?;
        let call = Call::new(model, "create")
            .arg(Value::Array(list))
            .arg_names(["vals_list"]);
        self.call_as(call).await
    }

    /// Writes `vals` on the records `ids`. Odoo answers `true`.
    pub async fn write(&self, model: &str, ids: &[i64], vals: impl Serialize) -> Result<bool> {
        let context = ErrorContext::call(model, "write").on(self.transport_kind());
        let vals = to_object(vals, "vals", &context)?;
        let call = Call::new(model, "write")
            .arg(ids_value(ids))
            .arg(vals)
            .arg_names(["ids", "vals"]);
        self.call_as(call).await
    }

    /// Deletes the records `ids`. Odoo answers `true`.
    pub async fn unlink(&self, model: &str, ids: &[i64]) -> Result<bool> {
        let call = Call::new(model, "unlink")
            .arg(ids_value(ids))
            .arg_names(["ids"]);
        self.call_as(call).await
    }

    /// The fields of `model`: `fields` restricts to those names (all when empty), `attributes` to
    /// those attributes (all when empty). Answers `{field: {attribute: value}}`.
    pub async fn fields_get(
        &self,
        model: &str,
        fields: &[&str],
        attributes: &[&str],
    ) -> Result<Map<String, Value>> {
        let mut call = Call::new(model, "fields_get");
        if !fields.is_empty() {
            call = call.arg(string_list(fields)).arg_names(["allfields"]);
        }
        if !attributes.is_empty() {
            call.kwargs
                .insert("attributes".into(), string_list(attributes));
        }
        self.call_as(call).await
    }

    /// Records whose display name matches `name` (`ilike`), as `(id, display name)` pairs, at most
    /// `limit` (Odoo's default 100 when `None`).
    pub async fn name_search(
        &self,
        model: &str,
        name: &str,
        limit: Option<u64>,
    ) -> Result<Vec<(i64, String)>> {
        let mut call = Call::new(model, "name_search")
            .arg(Value::String(name.to_owned()))
            .arg_names(["name"]);
        if let Some(limit) = limit {
            call.kwargs.insert("limit".into(), Value::from(limit));
        }
        self.call_as(call).await
    }
}

fn with_call_context(mut call: Call, context: Option<Context>) -> Call {
    if let Some(context) = context {
        if !context.is_empty() {
            call.kwargs
                .insert("context".into(), Value::Object(context.into_map()));
        }
    }
    call
}

fn make_call(
    model: &str,
    method: &str,
    args: Value,
    kwargs: Value,
    transport: TransportKind,
) -> Result<Call> {
    let context = ErrorContext::call(model, method).on(transport);
    let args = match args {
        Value::Array(args) => args,
        Value::Null => Vec::new(),
        other => {
            return Err(Error::invalid(
                format!("positional arguments must be a JSON array, not {other}"),
                context,
            ))
        }
    };
    let kwargs = match kwargs {
        Value::Object(kwargs) => kwargs,
        Value::Null => Map::new(),
        other => {
            return Err(Error::invalid(
                format!("keyword arguments must be a JSON object, not {other}"),
                context,
            ))
        }
    };
    let mut call = Call::new(model, method);
    call.args = args;
    call.kwargs = kwargs;
    Ok(call)
}

pub(crate) fn decode<T: DeserializeOwned>(value: Value, context: &ErrorContext) -> Result<T> {
    serde_path_to_error::deserialize(value).map_err(|e| {
        let path = e.path().to_string();
        Error::decode(path, e.into_inner().to_string(), context.clone())
    })
}

fn to_object(vals: impl Serialize, what: &str, context: &ErrorContext) -> Result<Value> {
    match serde_json::to_value(vals) {
        Ok(value @ Value::Object(_)) => Ok(value),
        Ok(other) => Err(Error::invalid(
            format!("`{what}` must serialize to a JSON object of field values, not {other}"),
            context.clone(),
        )),
        Err(e) => Err(Error::invalid(
            format!("cannot serialize `{what}`: {e}"),
            context.clone(),
        )),
    }
}

fn string_list(items: &[&str]) -> Value {
    Value::Array(
        items
            .iter()
            .map(|s| Value::String((*s).to_owned()))
            .collect(),
    )
}

fn ids_value(ids: &[i64]) -> Value {
    Value::Array(ids.iter().map(|id| Value::from(*id)).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn versions_parse_from_every_shape() {
        let ctx = ErrorContext::default();
        let v16 = ServerVersion::from_common_version(
            &json!({"server_version": "16.0-20240327", "server_version_info": [16, 0, 0, "final", 0, ""], "server_serie": "16.0", "protocol_version": 1}),
            &ctx,
        )
        .expect("parses");
        assert_eq!((v16.major, v16.minor), (16, 0));
        assert_eq!(v16.serie.as_deref(), Some("16.0"));
        let v19 = ServerVersion::from_web_version(
            &json!({"version_info": [19, 0, 0, "final", 0, ""], "version": "19.0"}),
            &ctx,
        )
        .expect("parses");
        assert_eq!(v19.major, 19);
        let saas =
            ServerVersion::from_common_version(&json!({"server_version": "saas~17.4"}), &ctx)
                .expect("parses");
        assert_eq!((saas.major, saas.minor), (17, 4));
        assert!(ServerVersion::from_common_version(&json!({"server_version": "x"}), &ctx).is_err());
    }

    #[test]
    fn base_url_must_be_plain() {
        assert!(parse_base_url("http://localhost:8069").is_ok());
        assert!(parse_base_url("https://odoo.example.com/sub/").is_ok());
        assert!(parse_base_url("ftp://x").is_err());
        let err = parse_base_url("https://admin:hunter2@odoo.example.com")
            .expect_err("credentials in the URL are refused");
        assert!(!err.to_string().contains("hunter2"));
        assert!(parse_base_url("not a url").is_err());
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

    #[test]
    fn execute_kw_arguments_are_checked() {
        let err = make_call(
            "res.partner",
            "read",
            json!({"ids": [1]}),
            json!({}),
            TransportKind::JsonRpc,
        )
        .expect_err("an object is not positional arguments");
        assert!(matches!(err, Error::InvalidInput(_)));
        let err = make_call(
            "res.partner",
            "read",
            json!([[1]]),
            json!([1]),
            TransportKind::JsonRpc,
        )
        .expect_err("an array is not keyword arguments");
        assert!(matches!(err, Error::InvalidInput(_)));
    }
}
