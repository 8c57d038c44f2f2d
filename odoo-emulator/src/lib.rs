//! An in-process Odoo server emulator, to test integrations without an Odoo.
//!
//! Add it as a dev-dependency next to `odoo-core` (or any other client: it speaks HTTP).
//!
//! [`Emulator`] serves HTTP on `127.0.0.1` (a random port) and speaks every protocol of the
//! Odoo version it plays, with the wire formats recorded from real Odoo 16 to 19 servers:
//!
//! | endpoint | versions |
//! |---|---|
//! | `/xmlrpc/2/common` (`version`, `login`, `authenticate`), `/xmlrpc/2/object` (`execute_kw`, `execute`), `/xmlrpc/2/db` (`list`, `server_version`) | all |
//! | `/jsonrpc` (services `common`, `object`, `db`) | all |
//! | `/web/session/authenticate`, `/web/session/get_session_info`, `/web/dataset/call_kw/<model>/<method>` (cookie `session_id`), `/web/webclient/version_info` | all |
//! | `/json/2/<model>/<method>` (bearer API key, named arguments, `X-Odoo-Database`), `/web/version`, `/json/version`, `/doc-bearer/<model>.json` | 19 (404 before, as real ones) |
//!
//! Records live in memory as JSON, typed by an `odoo-schema` snapshot. The ORM's methods are
//! built in (`search`, `search_read`, `read`, `search_count`, `create`, `write`, `unlink`,
//! `fields_get`, `name_search`, `name_create`, `default_get`, `exists`, `web_search_read`,
//! `web_read` from 17, `context_get`, `action_archive`/`action_unarchive`, and the state
//! buttons of `sale.order`) with full domain evaluation (see [`DomainExpr`]), and any
//! other method can be added with [`EmulatorBuilder::method`]. Errors come out as the played
//! version writes them: JSON-RPC `code` and `data.name`, XML-RPC fault codes, JSON-2 statuses.
//!
//! ```
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! # tokio::runtime::Builder::new_current_thread().enable_all().build()?.block_on(async {
//! use odoo_emulator::{Access, Emulator, OdooVersion, User};
//! use odoo_core::{Client, Error, SearchOptions, TransportKind};
//! use serde_json::json;
//!
//! let emu = Emulator::demo_builder(OdooVersion::V19)
//!     .user(User::new("sales", "s3cret").uid(9).api_key("sales-key").access("sale.order", Access::read_only()))
//!     .method("sale.order", "action_quotation_send", |call| {
//!         let ids = call.ids.clone();
//!         call.store.write("sale.order", &ids, &json!({"state": "sent"}))?;
//!         Ok(json!(true))
//!     })
//!     .start()
//!     .await?;
//! let client = Client::builder(emu.url())
//!     .database(emu.database())
//!     .login("sales")
//!     .api_key("sales-key")
//!     .transport(TransportKind::Json2)
//!     .connect()
//!     .await?;
//! let companies = client
//!     .search_count("res.partner", json!([["is_company", "=", true]]), SearchOptions::new())
//!     .await?;
//! assert_eq!(companies, 3);
//! client.execute_kw("sale.order", "action_quotation_send", json!([]), json!({"ids": [2]})).await?;
//! assert_eq!(emu.with_store(|store| store.stored_value("sale.order", 2, "state")), json!("sent"));
//! let refused = client.unlink("sale.order", &[2]).await;
//! assert!(matches!(refused, Err(Error::AccessError(_))));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! # })
//! # }
//! ```
//!
//! The server stops when the [`Emulator`] is dropped.
#![warn(missing_docs)]

mod access;
mod demo;
mod domain;
mod error;
mod group;
mod orm;
mod server;
mod store;

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};

use secrecy::{ExposeSecret, SecretString};
use serde_json::{Map, Value};

pub use access::{Access, Operation};
pub use domain::{DomainExpr, DomainLeaf};
pub use error::{EmulatorError, ExceptionClass};
pub use store::Store;

use odoo_schema::Schema;

/// The Odoo version an emulator plays.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum OdooVersion {
    /// Odoo 16.0.
    V16,
    /// Odoo 17.0.
    V17,
    /// Odoo 18.0.
    V18,
    /// Odoo 19.0 (JSON-2, `/web/version`, `/doc-bearer`).
    V19,
}

impl OdooVersion {
    /// Every version, oldest first.
    pub const ALL: [OdooVersion; 4] = [Self::V16, Self::V17, Self::V18, Self::V19];

    /// The major number: 16 to 19.
    pub fn major(self) -> u32 {
        match self {
            Self::V16 => 16,
            Self::V17 => 17,
            Self::V18 => 18,
            Self::V19 => 19,
        }
    }

    /// The version with this major number.
    pub fn from_major(major: u32) -> Option<Self> {
        Self::ALL.into_iter().find(|v| v.major() == major)
    }

    /// `server_version` as `common.version` reports it, e.g. `"18.0"`.
    pub fn server_version(self) -> String {
        format!("{}.0", self.major())
    }

    /// `server_version_info`, e.g. `[18, 0, 0, "final", 0, ""]`.
    pub fn version_info(self) -> Value {
        serde_json::json!([self.major(), 0, 0, "final", 0, ""])
    }
}

impl fmt::Display for OdooVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.0", self.major())
    }
}

/// A user of the emulated database: login, password, API keys and access rights.
///
/// Passwords and API keys never appear in `Debug` output.
#[derive(Clone)]
pub struct User {
    login: String,
    password: SecretString,
    uid: i64,
    api_keys: Vec<SecretString>,
    admin: bool,
    name: Option<String>,
    access: BTreeMap<String, Access>,
}

impl fmt::Debug for User {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("User")
            .field("login", &self.login)
            .field("password", &"<redacted>")
            .field("uid", &self.uid)
            .field(
                "api_keys",
                &format_args!("[{} redacted]", self.api_keys.len()),
            )
            .field("admin", &self.admin)
            .field("name", &self.name)
            .field("access", &self.access)
            .finish()
    }
}

impl User {
    /// A user with this login and password (uid 2 until [`User::uid`] says otherwise).
    pub fn new(login: impl Into<String>, password: impl Into<String>) -> Self {
        Self {
            login: login.into(),
            password: SecretString::from(password.into()),
            uid: 2,
            api_keys: Vec::new(),
            admin: false,
            name: None,
            access: BTreeMap::new(),
        }
    }

    /// The user id that `authenticate` returns.
    pub fn uid(mut self, uid: i64) -> Self {
        self.uid = uid;
        self
    }

    /// Adds an API key (accepted as the password over RPC, and as the bearer token of JSON-2).
    pub fn api_key(mut self, key: impl Into<String>) -> Self {
        self.api_keys.push(SecretString::from(key.into()));
        self
    }

    /// Makes the user an administrator (`is_admin`, `is_system` in the session; may read the
    /// `/doc-bearer` pages).
    pub fn admin(mut self) -> Self {
        self.admin = true;
        self
    }

    /// The user's display name (default: the login).
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// Sets the user's rights on one model (every right on models not given).
    pub fn access(mut self, model: impl Into<String>, access: Access) -> Self {
        self.access.insert(model.into(), access);
        self
    }

    /// The login.
    pub fn login_name(&self) -> &str {
        &self.login
    }

    /// The uid.
    pub fn user_id(&self) -> i64 {
        self.uid
    }

    fn display(&self) -> String {
        self.name.clone().unwrap_or_else(|| self.login.clone())
    }

    fn password_is(&self, password: &str) -> bool {
        constant_time_eq(self.password.expose_secret(), password)
    }

    fn has_key(&self, key: &str) -> bool {
        self.api_keys
            .iter()
            .any(|k| constant_time_eq(k.expose_secret(), key))
    }
}

fn constant_time_eq(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// What a method registered with [`EmulatorBuilder::method`] receives: the call, and the
/// records to read and change.
#[derive(Debug)]
pub struct HandlerCall<'a> {
    /// The model, e.g. `sale.order`.
    pub model: &'a str,
    /// The method name.
    pub method: &'a str,
    /// The record ids: JSON-2's `ids`, or over RPC the first positional argument when it is an
    /// id or a list of ids (else empty).
    pub ids: Vec<i64>,
    /// The other positional arguments (always empty over JSON-2).
    pub args: Vec<Value>,
    /// The keyword arguments, `context` taken out.
    pub kwargs: Map<String, Value>,
    /// The call's context.
    pub context: Map<String, Value>,
    /// The calling user.
    pub uid: i64,
    /// The records, to read and change.
    pub store: &'a mut Store,
}

/// A registered method: receives the call, returns the JSON result (`null` for Python's
/// `None`) or an Odoo exception.
pub type Handler =
    Arc<dyn Fn(&mut HandlerCall<'_>) -> Result<Value, EmulatorError> + Send + Sync + 'static>;

/// Why an emulator could not start.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SetupError {
    /// The listening socket could not be opened.
    #[error("cannot listen on 127.0.0.1: {0}")]
    Bind(#[from] std::io::Error),
    /// The schema snapshot is not valid.
    #[error("invalid schema: {0}")]
    Schema(String),
    /// A seed record was refused.
    #[error("cannot seed {model}: {error}")]
    Seed {
        /// The model of the record.
        model: String,
        /// Why.
        error: EmulatorError,
    },
}

/// Configures and starts an [`Emulator`].
pub struct EmulatorBuilder {
    version: Option<OdooVersion>,
    database: String,
    schema: Option<Schema>,
    records: Vec<(String, Value)>,
    users: Vec<User>,
    handlers: HashMap<(String, String), Handler>,
    defaults: Vec<(String, String, Value)>,
}

impl fmt::Debug for EmulatorBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EmulatorBuilder")
            .field("version", &self.version)
            .field("database", &self.database)
            .field("models", &self.schema.as_ref().map(|s| s.models.len()))
            .field("records", &self.records.len())
            .field("users", &self.users)
            .field("methods", &self.handlers.keys().collect::<Vec<_>>())
            .finish()
    }
}

impl Default for EmulatorBuilder {
    fn default() -> Self {
        Self {
            version: None,
            database: "demo".into(),
            schema: None,
            records: Vec::new(),
            users: Vec::new(),
            handlers: HashMap::new(),
            defaults: Vec::new(),
        }
    }
}

impl EmulatorBuilder {
    /// The version to play (default: the schema's `server_version`, else 19).
    pub fn version(mut self, version: OdooVersion) -> Self {
        self.version = Some(version);
        self
    }

    /// The database name (default `demo`).
    pub fn database(mut self, name: impl Into<String>) -> Self {
        self.database = name.into();
        self
    }

    /// The models and fields (default: the demo schema shipped with the emulator).
    pub fn schema(mut self, schema: Schema) -> Self {
        self.schema = Some(schema);
        self
    }

    /// Seeds records of a model (see [`Store::insert`] for the accepted value forms).
    pub fn records(mut self, model: impl Into<String>, records: Vec<Value>) -> Self {
        let model = model.into();
        self.records
            .extend(records.into_iter().map(|r| (model.clone(), r)));
        self
    }

    /// Seeds one record.
    pub fn record(mut self, model: impl Into<String>, record: Value) -> Self {
        self.records.push((model.into(), record));
        self
    }

    /// Adds a user (without any, `admin`/`admin` with uid 2 is created).
    pub fn user(mut self, user: User) -> Self {
        self.users.retain(|u| u.login != user.login);
        self.users.push(user);
        self
    }

    /// Registers a method (also replaces a built-in one of that name on that model).
    pub fn method<F>(
        mut self,
        model: impl Into<String>,
        method: impl Into<String>,
        handler: F,
    ) -> Self
    where
        F: Fn(&mut HandlerCall<'_>) -> Result<Value, EmulatorError> + Send + Sync + 'static,
    {
        self.handlers
            .insert((model.into(), method.into()), Arc::new(handler));
        self
    }

    /// A default value `create` uses when a field is not given.
    pub fn default_value(
        mut self,
        model: impl Into<String>,
        field: impl Into<String>,
        value: Value,
    ) -> Self {
        self.defaults.push((model.into(), field.into(), value));
        self
    }

    /// Seeds the store and starts serving on `127.0.0.1` with a random port. Must be called
    /// inside a Tokio runtime.
    pub async fn start(self) -> Result<Emulator, SetupError> {
        let schema = match self.schema {
            Some(schema) => schema,
            None => demo::schema()?,
        };
        let version = self.version.unwrap_or_else(|| {
            schema
                .server_version
                .as_deref()
                .and_then(|v| v.split(['.', '-', '~']).find_map(|part| part.parse().ok()))
                .and_then(OdooVersion::from_major)
                .unwrap_or(OdooVersion::V19)
        });
        let (schema, ir_model_rows) = with_ir_model(schema);
        let mut store = Store::new(schema, version);
        for row in ir_model_rows {
            store
                .insert("ir.model", Value::Object(row))
                .map_err(|error| SetupError::Seed {
                    model: "ir.model".into(),
                    error,
                })?;
        }
        for (model, field, value) in &self.defaults {
            store.set_default(model, field, value.clone());
        }
        for (model, record) in self.records {
            store
                .insert(&model, record)
                .map_err(|error| SetupError::Seed { model, error })?;
        }
        let mut users = self.users;
        if users.is_empty() {
            users.push(User::new("admin", "admin").uid(2).admin());
        }
        for user in &users {
            ensure_user_record(&mut store, user).map_err(|error| SetupError::Seed {
                model: "res.users".into(),
                error,
            })?;
        }
        let mut handlers = self.handlers;
        if store.schema().model("sale.order").is_some() {
            for (name, handler) in orm::sale_order_actions() {
                handlers
                    .entry(("sale.order".to_owned(), name.to_owned()))
                    .or_insert(handler);
            }
        }
        let shared = Arc::new(Shared {
            version,
            database: self.database.clone(),
            users,
            handlers,
            store: Mutex::new(store),
            sessions: Mutex::new(HashMap::new()),
        });
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", 0)).await?;
        let addr = listener.local_addr()?;
        let (shutdown, stopped) = tokio::sync::oneshot::channel();
        tokio::spawn(server::serve(listener, Arc::clone(&shared), stopped));
        Ok(Emulator {
            addr,
            url: format!("http://{addr}"),
            shared,
            shutdown: Some(shutdown),
        })
    }
}

/// Adds the `ir.model` model (unless the schema has its own) with one record per model of
/// the schema, as `odoo-codegen` and other introspection read it: `model`, `name`,
/// `transient`, `modules` (comma-separated) and `order`.
fn with_ir_model(mut schema: Schema) -> (Schema, Vec<Map<String, Value>>) {
    use odoo_schema::{FieldSchema, FieldType, ModelSchema};
    if schema.models.contains_key("ir.model") {
        return (schema, Vec::new());
    }
    let field = |field_type: FieldType, string: &str, required: bool| FieldSchema {
        field_type,
        string: Some(string.to_owned()),
        required,
        store: true,
        searchable: true,
        sortable: true,
        ..FieldSchema::default()
    };
    let mut ir_model = ModelSchema {
        description: Some("Models".to_owned()),
        modules: vec!["base".to_owned()],
        order: Some("model".to_owned()),
        ..ModelSchema::default()
    };
    for (name, field_schema) in [
        ("model", field(FieldType::Char, "Model", true)),
        ("name", field(FieldType::Char, "Model Description", true)),
        (
            "transient",
            field(FieldType::Boolean, "Transient Model", false),
        ),
        ("modules", field(FieldType::Char, "In Apps", false)),
        ("order", field(FieldType::Char, "Order", false)),
        ("info", field(FieldType::Text, "Information", false)),
    ] {
        ir_model.fields.insert(name.to_owned(), field_schema);
    }
    schema.models.insert("ir.model".to_owned(), ir_model);
    let rows = schema
        .models
        .iter()
        .map(|(name, model)| {
            let mut row = Map::new();
            row.insert("model".into(), Value::from(name.clone()));
            row.insert(
                "name".into(),
                Value::from(model.description.clone().unwrap_or_else(|| name.clone())),
            );
            row.insert("transient".into(), Value::from(model.transient));
            row.insert("modules".into(), Value::from(model.modules.join(", ")));
            row.insert(
                "order".into(),
                Value::from(model.order.clone().unwrap_or_else(|| "id".to_owned())),
            );
            row
        })
        .collect();
    (schema, rows)
}

/// Makes sure a `res.users` record (and its partner) exists for a configured user, when the
/// schema has those models.
fn ensure_user_record(store: &mut Store, user: &User) -> Result<(), EmulatorError> {
    let has = |m: &str| store.schema().model(m).is_some();
    if !has("res.users") || store.exists("res.users", user.uid) {
        return Ok(());
    }
    let mut record = Map::new();
    record.insert("id".into(), Value::from(user.uid));
    let fields = store
        .schema()
        .model("res.users")
        .map(|m| m.fields.clone())
        .unwrap_or_default();
    if fields.contains_key("login") {
        record.insert("login".into(), Value::from(user.login.clone()));
    }
    if fields.contains_key("name") {
        record.insert("name".into(), Value::from(user.display()));
    }
    if fields.contains_key("partner_id") && has("res.partner") {
        let mut partner = Map::new();
        partner.insert("name".into(), Value::from(user.display()));
        let partner_id = store.insert("res.partner", Value::Object(partner))?;
        record.insert("partner_id".into(), Value::from(partner_id));
    }
    store.insert("res.users", Value::Object(record))?;
    Ok(())
}

/// A running emulated Odoo server. Dropping it stops the server.
pub struct Emulator {
    addr: SocketAddr,
    url: String,
    shared: Arc<Shared>,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
}

impl fmt::Debug for Emulator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Emulator")
            .field("url", &self.url)
            .field("version", &self.shared.version)
            .field("database", &self.shared.database)
            .finish_non_exhaustive()
    }
}

impl Drop for Emulator {
    /// Stops accepting connections and closes the open ones once their request is answered.
    fn drop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
    }
}

impl Emulator {
    /// A builder with nothing seeded (the demo schema, version 19, database `demo`).
    pub fn builder() -> EmulatorBuilder {
        EmulatorBuilder::default()
    }

    /// A builder seeded with the shipped demo data: companies, countries, contacts, tags,
    /// products and sales orders; users `admin`/`admin` (uid 2, API key
    /// [`Emulator::DEMO_ADMIN_KEY`]) and `limited`/`limited` (uid 7, API key
    /// [`Emulator::DEMO_LIMITED_KEY`], no access to sales orders and their lines).
    pub fn demo_builder(version: OdooVersion) -> EmulatorBuilder {
        demo::builder(version)
    }

    /// Starts an emulator with the demo data (see [`Emulator::demo_builder`]).
    pub async fn demo(version: OdooVersion) -> Result<Emulator, SetupError> {
        demo::builder(version).start().await
    }

    /// The API key of the demo `admin` user.
    pub const DEMO_ADMIN_KEY: &'static str = "demo-admin-api-key";
    /// The API key of the demo `limited` user.
    pub const DEMO_LIMITED_KEY: &'static str = "demo-limited-api-key";

    /// The base URL, `http://127.0.0.1:<port>`.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The socket address served.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The database name.
    pub fn database(&self) -> &str {
        &self.shared.database
    }

    /// The version played.
    pub fn version(&self) -> OdooVersion {
        self.shared.version
    }

    /// Runs `f` on the records (to inspect or change them between calls).
    pub fn with_store<R>(&self, f: impl FnOnce(&mut Store) -> R) -> R {
        f(&mut self.shared.lock_store())
    }
}

/// What the server's handlers share.
pub(crate) struct Shared {
    pub(crate) version: OdooVersion,
    pub(crate) database: String,
    users: Vec<User>,
    handlers: HashMap<(String, String), Handler>,
    store: Mutex<Store>,
    sessions: Mutex<HashMap<String, i64>>,
}

impl Shared {
    pub(crate) fn lock_store(&self) -> MutexGuard<'_, Store> {
        self.store.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub(crate) fn user(&self, uid: i64) -> Option<&User> {
        self.users.iter().find(|u| u.uid == uid)
    }

    pub(crate) fn handler_names(&self) -> Vec<(String, String)> {
        let mut names: Vec<(String, String)> = self.handlers.keys().cloned().collect();
        names.sort();
        names
    }

    pub(crate) fn handler(&self, model: &str, method: &str) -> Option<Handler> {
        self.handlers
            .get(&(model.to_owned(), method.to_owned()))
            .cloned()
    }

    /// The uid for a login and a password or API key, or `None`.
    pub(crate) fn login(&self, login: &str, secret: &str) -> Option<&User> {
        self.users
            .iter()
            .find(|u| u.login == login && (u.password_is(secret) || u.has_key(secret)))
    }

    /// The user whose password or API key this is, for `execute_kw(db, uid, password, ...)`.
    pub(crate) fn check_uid(&self, uid: i64, secret: &str) -> Option<&User> {
        self.users
            .iter()
            .find(|u| u.uid == uid && (u.password_is(secret) || u.has_key(secret)))
    }

    /// The user of a JSON-2 bearer key.
    pub(crate) fn user_by_key(&self, key: &str) -> Option<&User> {
        self.users.iter().find(|u| u.has_key(key))
    }

    pub(crate) fn new_session(&self, uid: i64) -> String {
        use std::hash::{BuildHasher, Hasher};
        let mut token = String::new();
        for _ in 0..3 {
            let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
            hasher.write_i64(uid);
            hasher.write_u128(
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map(|d| d.as_nanos())
                    .unwrap_or(0),
            );
            token.push_str(&format!("{:016x}", hasher.finish()));
        }
        self.sessions
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(token.clone(), uid);
        token
    }

    pub(crate) fn session_uid(&self, token: &str) -> Option<i64> {
        self.sessions
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(token)
            .copied()
    }

    pub(crate) fn check_access(
        &self,
        user: Option<&User>,
        store: &Store,
        model: &str,
        operation: Operation,
    ) -> Result<(), EmulatorError> {
        let Some(access) = user.and_then(|u| u.access.get(model)) else {
            return Ok(());
        };
        if access.allows(operation) {
            return Ok(());
        }
        let description = store
            .schema()
            .model(model)
            .and_then(|m| m.description.clone())
            .unwrap_or_else(|| model.to_owned());
        Err(access.error(operation, model, &description))
    }
}

/// The examples of the workspace's README.md, compiled and run as doctests so that they stay
/// true (they use this crate and `odoo-core` with its default features).
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeDoctests;
