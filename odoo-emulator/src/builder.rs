//! Configuring and starting an emulator: schema, version, seed records, users, methods.

use std::collections::{BTreeSet, HashMap};
use std::fmt;
use std::sync::Arc;

use serde_json::{Map, Value};

use crate::shared::Shared;
use crate::traffic::Serving;
use crate::{
    demo, flow, orm, server, Emulator, EmulatorError, Flow, Handler, HandlerCall, OdooVersion,
    Store, User,
};
use odoo_schema::Schema;

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
    /// A recording to replay could not be read.
    #[error("{0}")]
    Recording(String),
    /// A replay's [`Rule`](crate::Rule) cannot apply to any request (a JSON pointer that does
    /// not begin with `/`, an empty key or name).
    #[error("invalid replay rule: {0}")]
    Rule(String),
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
    serving: Serving,
    flows: BTreeSet<Flow>,
    /// Whether the records are the demo data's, which fill a user's schema with the models
    /// they need.
    demo: bool,
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
            .field("flows", &self.flows)
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
            serving: Serving::default(),
            flows: BTreeSet::new(),
            demo: false,
        }
    }
}

impl EmulatorBuilder {
    /// The version to play (default: the schema's `server_version`, else 19.0). A version
    /// newer than 19.0 plays what the table of version facts documents for it (see the
    /// crate's section on newer servers).
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
    ///
    /// On a builder of [`Emulator::demo_builder`], the models the demo records need and the
    /// schema lacks are added from the demo schema, and the fields they use to the models it
    /// has: the schema's own models and fields are kept as they are.
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

    /// Gives the record `id` of `model` the external ID `xmlid` (`module.name`), as a module's
    /// data file does (`noupdate` on): a row of `ir.model.data`.
    ///
    /// ```
    /// # use odoo_emulator::Emulator;
    /// # use serde_json::json;
    /// let builder = Emulator::builder()
    ///     .record("res.partner", json!({"id": 7, "name": "Deco Addict"}))
    ///     .external_id("my_shop.customer_7", "res.partner", 7);
    /// ```
    pub fn external_id(self, xmlid: &str, model: &str, id: i64) -> Self {
        let (module, name) = xmlid.split_once('.').unwrap_or(("", xmlid));
        self.record(
            "ir.model.data",
            serde_json::json!({
                "module": module, "name": name, "model": model, "res_id": id, "noupdate": true,
            }),
        )
    }

    /// Plays a business [`Flow`]: its models and fields are added where the schema lacks
    /// them, the records it needs are seeded where the store has none, and its buttons are
    /// registered (those registered with [`EmulatorBuilder::method`] win).
    ///
    /// ```
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # tokio::runtime::Builder::new_current_thread().enable_all().build()?.block_on(async {
    /// use odoo_emulator::{Emulator, Flow, OdooVersion};
    ///
    /// let emu = Emulator::demo_builder(OdooVersion::V16).flow(Flow::OrderToCash).start().await?;
    /// assert!(emu.with_store(|store| store.schema().model("stock.picking").is_some()));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// # })
    /// # }
    /// ```
    pub fn flow(mut self, flow: Flow) -> Self {
        self.flows.insert(flow);
        self
    }

    /// Plays several flows (see [`EmulatorBuilder::flow`]), such as [`Flow::ALL`].
    pub fn flows(mut self, flows: impl IntoIterator<Item = Flow>) -> Self {
        self.flows.extend(flows);
        self
    }

    /// Marks the records as the demo data's (see [`EmulatorBuilder::schema`]).
    pub(crate) fn demo_records(mut self) -> Self {
        self.demo = true;
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

    /// Whether `/jsonrpc` and `/xmlrpc` are served (default yes). Without them the emulator
    /// plays a server that offers JSON-2 and the web session only, as the sources after
    /// Odoo 19 do: those routes answer 404.
    pub fn legacy_rpc(mut self, served: bool) -> Self {
        self.serving.legacy_rpc = served;
        self
    }

    /// Whether `/jsonrpc` serves the `object` service and the login (default yes). Off, the
    /// emulator plays a build after Odoo 19 whose configuration parameter
    /// `rpc.use_deprecated_services` is off: `/jsonrpc` still answers `common.version`, and
    /// answers the rest with a `NotFound` error (a JSON-RPC error of code 404); XML-RPC, the
    /// web session and JSON-2 are unchanged. This is read from Odoo's sources, not recorded.
    pub fn deprecated_services(mut self, served: bool) -> Self {
        self.serving.deprecated_services = served;
        self
    }

    /// Waits `latency` before answering each request, so that requests stay in flight (see
    /// [`Emulator::peak_in_flight`]).
    pub fn latency(mut self, latency: std::time::Duration) -> Self {
        self.serving.latency = Some(latency);
        self
    }

    /// Seeds the store and starts serving on `127.0.0.1` with a random port. Must be called
    /// inside a Tokio runtime.
    pub async fn start(self) -> Result<Emulator, SetupError> {
        let database = self.database.clone();
        let serving = self.serving;
        let (version, store, users, handlers) = self.build()?;
        let shared = Arc::new(Shared::new(
            version, database, users, handlers, store, serving,
        ));
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

    /// The schema: the user's (filled with what the demo records need when they are
    /// seeded), else the demo's; then the flows' models and fields.
    fn resolve_schema(&mut self) -> Result<(Schema, OdooVersion), SetupError> {
        let schema = match self.schema.take() {
            Some(mut schema) if self.demo => {
                let seeded: BTreeSet<&str> = self.records.iter().map(|(m, _)| m.as_str()).collect();
                crate::schema_fill::fill(&mut schema, &demo::schema()?, |m| seeded.contains(m));
                schema
            }
            Some(schema) => schema,
            None => demo::schema()?,
        };
        let version = self
            .version
            .or_else(|| schema.odoo_version())
            .unwrap_or(OdooVersion::V19);
        let mut schema = schema;
        flow::extend_schema(&self.flows, version, &mut schema)?;
        crate::newer::adjust_schema(version, &mut schema);
        Ok((schema, version))
    }

    /// The records, users and methods of the emulator to start.
    fn build(mut self) -> Result<(OdooVersion, Store, Vec<User>, Handlers), SetupError> {
        let (schema, version) = self.resolve_schema()?;
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
        flow::seed(&self.flows, &mut store).map_err(|error| SetupError::Seed {
            model: "the records of the flows".into(),
            error,
        })?;
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
        for (key, handler) in flow::handlers(&self.flows, version) {
            handlers.entry(key).or_insert(handler);
        }
        if store.schema().model("sale.order").is_some() {
            for (name, handler) in orm::sale_order_actions() {
                handlers
                    .entry(("sale.order".to_owned(), name.to_owned()))
                    .or_insert(handler);
            }
        }
        Ok((version, store, users, handlers))
    }
}

/// The registered methods, by `(model, method)`.
type Handlers = HashMap<(String, String), Handler>;

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
