//! Reads a schema snapshot from a live server: `ir.model` for the list of models, then for each
//! selected model its fields and, with the probe, one `search` that tells whether the user can
//! read it, a bounded number of models at a time. Each model makes its requests one after the
//! other as soon as it has a slot: a model's probe follows its `fields_get` at once, without
//! waiting for the other models' fields.
//!
//! With [`IntrospectOptions::methods`], each model's public methods come from its API
//! documentation page too (Odoo 19 and later, JSON-2): see [`methods`].
//!
//! Two strategies give the same snapshot ([`Strategy`]): one full `fields_get` per model, or
//! the bulk strategy, which reads `ir.model.fields` and `ir.model.fields.selection` in one
//! request each and asks each model's `fields_get` only for the attributes that the
//! `ir.model.fields` table does not hold (see [`BULK_FIELDS_GET_ATTRIBUTES`]).

use std::collections::{BTreeMap, BTreeSet};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use odoo_core::{Client, Map, SearchOptions, Value};
use odoo_schema::version::{Feature, OdooVersion};
use odoo_schema::{ModelSchema, Schema};
use serde_json::json;
use tokio::sync::Semaphore;
use tokio::task::JoinSet;

use crate::select::{ModelInfo, ModelSelection};
use crate::Error;

mod bulk;
pub mod methods;

use self::bulk::fetch_fields_bulk;

/// The `fields_get` attributes asked for: exactly those the snapshot keeps. `group_operator`
/// is the name of `aggregator` before Odoo 18; a server ignores the attributes it does not know.
pub const FIELD_ATTRIBUTES: &[&str] = &[
    "type",
    "string",
    "help",
    "required",
    "readonly",
    "store",
    "relation",
    "relation_field",
    "selection",
    "currency_field",
    "company_dependent",
    "groups",
    "translate",
    "searchable",
    "sortable",
    "related",
    "aggregator",
    "group_operator",
    "size",
    "depends",
    "exportable",
];

/// The `ir.model` fields read to describe models.
pub const IR_MODEL_FIELDS: &[&str] = &["model", "name", "transient", "modules", "order"];

/// The default number of models in flight, hence of requests: each model makes its
/// `fields_get`, then its probe, one after the other. On the threaded Odoo 16 to 19 servers
/// measured (see BENCHMARKS.md), 4, 6 and 8 took the same time within a few percent; 6 is
/// the middle of that range.
pub const DEFAULT_CONCURRENCY: usize = 6;

/// The `ir.model.fields` columns the bulk strategy reads (they exist from Odoo 16 to 19, but
/// `company_dependent`, which is a column from Odoo 18 only: see [`ir_model_fields_columns`]).
pub const IR_MODEL_FIELDS_COLUMNS: &[&str] = &[
    "name",
    "model",
    "ttype",
    "field_description",
    "help",
    "required",
    "readonly",
    "store",
    "relation",
    "relation_field",
    "translate",
    "related",
    "company_dependent",
    "size",
];

/// The `ir.model.fields` columns of a server of that version: Odoo 16 and 17 have no
/// `company_dependent` column (asking for it fails the whole read, and the strategy fell back
/// to `fields_get` there); the per-model `fields_get` then asks for the attribute instead.
pub fn ir_model_fields_columns(version: OdooVersion) -> Vec<&'static str> {
    let company_dependent = version.has(Feature::CompanyDependentColumn);
    IR_MODEL_FIELDS_COLUMNS
        .iter()
        .copied()
        .filter(|column| company_dependent || *column != "company_dependent")
        .collect()
}

/// What the bulk strategy still asks `fields_get` for, per model: what `ir.model.fields` does
/// not store or stores differently. `groups` is not reflected at all (the `groups` column of
/// `ir.model.fields` is an unimplemented, empty many2many), and the fields a user may not read
/// are left out of `fields_get` only; `searchable` and `sortable` of non-stored fields depend on
/// Python (`search=` methods, related fields); `aggregator` (`group_operator` before 18) and the
/// `currency_field` of non-stored monetary fields are not stored; neither are `exportable` nor
/// `depends` (the computed flag) in a form `fields_get` gives. `selection` is added for a
/// model with a reference field or a selection field without `ir.model.fields.selection` rows
/// (a selection computed by a method).
pub const BULK_FIELDS_GET_ATTRIBUTES: &[&str] = &[
    "type",
    "groups",
    "searchable",
    "sortable",
    "aggregator",
    "group_operator",
    "currency_field",
    "depends",
    "exportable",
];

/// How [`introspect`] reads the fields of the models.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Strategy {
    /// One `fields_get` per model with every attribute of [`FIELD_ATTRIBUTES`]. The default:
    /// on a measured Odoo 19 the per-request cost dominates, and it makes no extra requests.
    #[default]
    FieldsGet,
    /// `ir.model.fields` and `ir.model.fields.selection` in bulk, then per model a `fields_get`
    /// of the attributes only `fields_get` knows ([`BULK_FIELDS_GET_ATTRIBUTES`]). Falls back to
    /// [`Strategy::FieldsGet`] when the user may not read `ir.model.fields`. The same
    /// snapshot; it saves the server the description work of `fields_get` but not the
    /// per-model requests (the `fields_get` and, with the probe, the search), which are most
    /// of the cost (see BENCHMARKS.md).
    Bulk,
}

impl std::str::FromStr for Strategy {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text {
            "fields-get" | "fields_get" => Ok(Self::FieldsGet),
            "bulk" => Ok(Self::Bulk),
            other => Err(format!(
                "unknown introspection strategy `{other}` (fields-get or bulk)"
            )),
        }
    }
}

impl std::fmt::Display for Strategy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::FieldsGet => "fields-get",
            Self::Bulk => "bulk",
        })
    }
}

/// What [`introspect`] reports while it works.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProgressEvent {
    /// This many more models are queued.
    Queued(usize),
    /// The requests of this model finished, with success or not: its `fields_get` and, with
    /// the probe, its search.
    Done(String),
}

/// A progress callback.
pub type ProgressFn = Arc<dyn Fn(ProgressEvent) + Send + Sync>;

/// Options of [`introspect`].
#[derive(Clone)]
pub struct IntrospectOptions {
    /// Models in flight at once (at least 1), [`DEFAULT_CONCURRENCY`] by default. Each makes
    /// one request at a time (its `fields_get`, then its probe), so this is also the number
    /// of requests in flight.
    pub concurrency: usize,
    /// Called as models are queued and done.
    pub progress: Option<ProgressFn>,
    /// How the fields are read.
    pub strategy: Strategy,
    /// After its fields, search each model once (`search`, limit 1) to find the models the
    /// user cannot read (abstract models without a table, models without an access right,
    /// models that refuse a plain search), and mark them
    /// [`unreadable`](crate::schema::ModelSchema::unreadable) in the snapshot, so that the
    /// generator leaves them out. On by default; one more small request per model whose
    /// fields were read, made right after its `fields_get` in the same slot.
    pub probe: bool,
    /// Also read each model's public methods from its API documentation page (Odoo 19 and
    /// later, over JSON-2 with an API key; see [`methods`]), for typed method calls. Off by
    /// default: one more request per model, and the pages are large. Where the server cannot
    /// give them, the snapshot holds fields only and [`Introspection::warnings`] says why.
    pub methods: bool,
}

impl std::fmt::Debug for IntrospectOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IntrospectOptions")
            .field("concurrency", &self.concurrency)
            .field("progress", &self.progress.is_some())
            .field("strategy", &self.strategy)
            .field("probe", &self.probe)
            .field("methods", &self.methods)
            .finish()
    }
}

impl Default for IntrospectOptions {
    fn default() -> Self {
        Self {
            concurrency: DEFAULT_CONCURRENCY,
            progress: None,
            strategy: Strategy::default(),
            probe: true,
            methods: false,
        }
    }
}

/// A model whose `fields_get` failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelFailure {
    /// The model.
    pub model: String,
    /// Why, as the error said it.
    pub error: String,
    /// The model is not on the server at all (an exact name that `ir.model` does not list).
    pub not_on_server: bool,
}

/// The result of [`introspect`]: the snapshot of every model that could be read, and the models
/// that could not.
#[derive(Debug, Clone, PartialEq)]
pub struct Introspection {
    /// The snapshot.
    pub schema: Schema,
    /// Models whose `fields_get` failed; they are not in [`Introspection::schema`].
    pub failures: Vec<ModelFailure>,
    /// Requests made to the server (the login not counted).
    pub requests: usize,
    /// The strategy that was used: [`Strategy::FieldsGet`] when the bulk one fell back.
    pub strategy: Strategy,
    /// What the user should know that did not stop the snapshot, one sentence each: why no
    /// methods were read, or the models whose methods could not be read.
    pub warnings: Vec<String>,
}

/// Reads the models `selection` picks from the server behind `client`.
///
/// The list of models and their description, transient flag, modules and order come from
/// `ir.model`; the fields from one `fields_get` per model with [`FIELD_ATTRIBUTES`], followed
/// (with [`IntrospectOptions::probe`]) by that model's probe, at most `options.concurrency`
/// models at once. With a selection depth, the targets of relational fields are
/// read next, level by level. A model whose `fields_get` fails is reported in
/// [`Introspection::failures`] and the others are kept; only a failure to list the models is
/// an error.
pub async fn introspect(
    client: &Client,
    selection: &ModelSelection,
    options: &IntrospectOptions,
) -> Result<Introspection, Error> {
    let requests = AtomicUsize::new(0);
    let mut strategy = options.strategy;
    let by_name: BTreeMap<String, Map<String, Value>> = model_rows(client, selection, &requests)
        .await?
        .into_iter()
        .filter_map(|row| {
            let name = row.get("model")?.as_str()?.to_owned();
            Some((name, row))
        })
        .collect();
    let available: BTreeMap<String, ModelInfo> = by_name
        .iter()
        .map(|(name, row)| (name.clone(), model_info(row)))
        .collect();

    let mut schema = Schema::new(Some(client.server_version().version.clone()));
    let mut failures = not_on_server(selection, &available);
    let mut queue: BTreeSet<String> = selection.roots(&available);
    let mut seen: BTreeSet<String> = BTreeSet::new();
    let mut level = 0;
    while !queue.is_empty() {
        seen.extend(queue.iter().cloned());
        let fetched = fetch_level(client, &queue, options, &requests, &mut strategy).await;
        let mut next = BTreeSet::new();
        for (
            model,
            Fetched {
                schema: read,
                unreadable,
            },
        ) in fetched
        {
            let model_schema = match model_schema(read, by_name.get(&model), unreadable) {
                Ok(model_schema) => model_schema,
                Err(error) => {
                    failures.push(ModelFailure {
                        model,
                        error,
                        not_on_server: false,
                    });
                    continue;
                }
            };
            if level < selection.depth {
                for target in relation_targets(&model_schema) {
                    let follow = available.contains_key(target)
                        && !seen.contains(target)
                        && !selection.is_excluded(target);
                    if follow {
                        next.insert(target.clone());
                    }
                }
            }
            schema.models.insert(model, model_schema);
        }
        queue = next;
        level += 1;
    }
    failures.sort_by(|a, b| a.model.cmp(&b.model));
    let warnings = if options.methods {
        methods::add_methods(client, &mut schema, options, &requests).await
    } else {
        Vec::new()
    };
    Ok(Introspection {
        schema,
        failures,
        requests: requests.into_inner(),
        strategy,
        warnings,
    })
}

/// The snapshot of one model: its fields, its `ir.model` row, and whether the user can
/// search it.
fn model_schema(
    read: Result<ModelSchema, String>,
    ir_model: Option<&Map<String, Value>>,
    unreadable: Option<String>,
) -> Result<ModelSchema, String> {
    let mut schema = read?;
    if let Some(row) = ir_model {
        schema.set_ir_model(&Value::Object(row.clone()));
    }
    schema.unreadable = unreadable;
    Ok(schema)
}

/// Exact names the user listed that the server does not have: failures too.
fn not_on_server(
    selection: &ModelSelection,
    available: &BTreeMap<String, ModelInfo>,
) -> Vec<ModelFailure> {
    selection
        .models
        .iter()
        .filter(|name| {
            let is_glob = name.contains(['*', '?']);
            !is_glob && !available.contains_key(*name) && !selection.is_excluded(name)
        })
        .map(|name| ModelFailure {
            model: name.clone(),
            error: "no such model on the server (not in ir.model)".to_owned(),
            not_on_server: true,
        })
        .collect()
}

/// The targets of the relational fields of a model.
fn relation_targets(model: &ModelSchema) -> impl Iterator<Item = &String> {
    model
        .fields
        .values()
        .filter(|field| field.field_type.is_relational())
        .filter_map(|field| field.relation.as_ref())
}

/// The fields of one level of models, with the bulk strategy while it works: it falls back
/// to [`Strategy::FieldsGet`] (for this level and the next) when it cannot read in bulk.
async fn fetch_level(
    client: &Client,
    queue: &BTreeSet<String>,
    options: &IntrospectOptions,
    requests: &AtomicUsize,
    strategy: &mut Strategy,
) -> BTreeMap<String, Fetched> {
    if *strategy == Strategy::Bulk {
        if let Some(fetched) = fetch_fields_bulk(client, queue, options, requests).await {
            return fetched;
        }
        *strategy = Strategy::FieldsGet;
    }
    fetch_fields(client, queue, options, requests).await
}

async fn ir_models(
    client: &Client,
    requests: &AtomicUsize,
) -> Result<Vec<Map<String, Value>>, Error> {
    let read = |fields: &'static [&'static str]| {
        requests.fetch_add(1, Ordering::Relaxed);
        client.search_read::<Map<String, Value>>(
            "ir.model",
            json!([]),
            fields,
            SearchOptions::new().order("model"),
        )
    };
    match read(IR_MODEL_FIELDS).await {
        Ok(rows) => Ok(rows),
        // A server without one of the fields (`order` is young): retry with the basic ones.
        Err(error)
            if matches!(
                error.kind(),
                odoo_core::ErrorKind::Server | odoo_core::ErrorKind::ValidationError
            ) =>
        {
            Ok(read(&IR_MODEL_FIELDS[..4]).await?)
        }
        Err(error) => Err(error.into()),
    }
}

/// The `ir.model` rows; for a user who may not read `ir.model`, rows of the models named to
/// them.
async fn model_rows(
    client: &Client,
    selection: &ModelSelection,
    requests: &AtomicUsize,
) -> Result<Vec<Map<String, Value>>, Error> {
    match ir_models(client, requests).await {
        Ok(rows) => Ok(rows),
        Err(Error::Odoo(error)) if error.kind() == odoo_core::ErrorKind::AccessError => {
            named_rows(selection).ok_or(Error::Odoo(error))
        }
        Err(error) => Err(error),
    }
}

/// Rows standing in for `ir.model` when the user may not read it: the models the selection
/// names exactly, when it names them all so (a pattern needs the list of models).
fn named_rows(selection: &ModelSelection) -> Option<Vec<Map<String, Value>>> {
    if selection.models.is_empty() || selection.models.iter().any(|m| m.contains(['*', '?'])) {
        return None;
    }
    let rows = selection
        .models
        .iter()
        .map(|name| {
            let mut row = Map::new();
            row.insert("model".into(), Value::String(name.clone()));
            row
        })
        .collect();
    Some(rows)
}

fn model_info(row: &Map<String, Value>) -> ModelInfo {
    ModelInfo {
        transient: row.get("transient").and_then(Value::as_bool) == Some(true),
        modules: odoo_schema::ir_model_modules(&Value::Object(row.clone())),
        // Known only after the probe.
        unreadable: false,
    }
}

type FieldsResult = Result<Map<String, Value>, String>;

/// What was read of one model: its fields as a snapshot (without its `ir.model` row yet),
/// and with the probe, why the user cannot search it.
#[derive(Debug)]
struct Fetched {
    schema: Result<ModelSchema, String>,
    unreadable: Option<String>,
}

async fn fetch_fields(
    client: &Client,
    models: &BTreeSet<String>,
    options: &IntrospectOptions,
    requests: &AtomicUsize,
) -> BTreeMap<String, Fetched> {
    requests.fetch_add(models.len(), Ordering::Relaxed);
    let probes = Arc::new(AtomicUsize::new(0));
    let fetched = per_model(models, options, |model| {
        let client = client.clone();
        let probes = probes.clone();
        let probe = options.probe;
        async move {
            let fields = async {
                client
                    .fields_get(&model, &[], FIELD_ATTRIBUTES)
                    .await
                    .map_err(|error| error.to_string())
            };
            Ok(with_probe(&client, &model, probe, &probes, fields).await)
        }
    })
    .await;
    requests.fetch_add(probes.load(Ordering::Relaxed), Ordering::Relaxed);
    fetched_or_failed(fetched)
}

/// The results of [`per_model`] over [`Fetched`] work: a task that failed is a failure of
/// that model's fields.
fn fetched_or_failed(
    results: BTreeMap<String, Result<Fetched, String>>,
) -> BTreeMap<String, Fetched> {
    results
        .into_iter()
        .map(|(model, result)| {
            let fetched = result.unwrap_or_else(|error| Fetched {
                schema: Err(error),
                unreadable: None,
            });
            (model, fetched)
        })
        .collect()
}

/// A model's fields, read by `fields`, then with the probe its search: one unit of work, so
/// that each model's probe follows its `fields_get` at once, with no wait for the other
/// models. A model whose fields could not be read is not searched. The answer becomes the
/// model's snapshot here, while the other models' requests are in flight, rather than after
/// the last answer. Counts the searches made in `probes`.
async fn with_probe(
    client: &Client,
    model: &str,
    probe: bool,
    probes: &AtomicUsize,
    fields: impl std::future::Future<Output = FieldsResult>,
) -> Fetched {
    let fields = fields.await;
    let unreadable = if probe && fields.is_ok() {
        probes.fetch_add(1, Ordering::Relaxed);
        search_probe(client, model).await
    } else {
        None
    };
    let schema = fields.and_then(|fields| {
        ModelSchema::from_fields_get(model, &Value::Object(fields))
            .map_err(|error| error.to_string())
    });
    Fetched { schema, unreadable }
}

/// Runs `work` for every model, at most `options.concurrency` at once, reporting progress; a
/// task that panics is reported as that model's failure and the others are kept.
async fn per_model<T, F, Fut>(
    models: &BTreeSet<String>,
    options: &IntrospectOptions,
    work: F,
) -> BTreeMap<String, Result<T, String>>
where
    T: Send + 'static,
    F: Fn(String) -> Fut,
    Fut: std::future::Future<Output = Result<T, String>> + Send + 'static,
{
    if let Some(progress) = &options.progress {
        progress(ProgressEvent::Queued(models.len()));
    }
    let permits = Arc::new(Semaphore::new(options.concurrency.max(1)));
    let mut tasks = JoinSet::new();
    let mut task_models = BTreeMap::new();
    for model in models {
        let permits = permits.clone();
        let future = work(model.clone());
        let task_model = model.clone();
        let handle = tasks.spawn(async move {
            let result = match permits.acquire_owned().await {
                Ok(_permit) => future.await,
                Err(closed) => Err(closed.to_string()),
            };
            (task_model, result)
        });
        task_models.insert(handle.id(), model.clone());
    }
    let mut out = BTreeMap::new();
    while let Some(joined) = tasks.join_next().await {
        let (model, result) = match joined {
            Ok(done) => done,
            Err(join_error) => (
                task_models
                    .get(&join_error.id())
                    .cloned()
                    .unwrap_or_default(),
                Err(format!("introspection task failed: {join_error}")),
            ),
        };
        if let Some(progress) = &options.progress {
            progress(ProgressEvent::Done(model.clone()));
        }
        out.insert(model, result);
    }
    out
}

/// Searches `model` once (`search([], limit=1)`): `Some(reason)` when the user cannot.
async fn search_probe(client: &Client, model: &str) -> Option<String> {
    client
        .search(model, json!([]), SearchOptions::new().limit(1))
        .await
        .err()
        .map(|error| unreadable_reason(&error))
}

/// A short, stable reason for a failed search, for the snapshot.
fn unreadable_reason(error: &odoo_core::Error) -> String {
    let Some(odoo) = error.odoo_error() else {
        return match error.http_status() {
            Some(status) => format!("search answers HTTP {status}"),
            None => "search fails".to_owned(),
        };
    };
    let text = format!("{} {}", odoo.message, odoo.debug.as_deref().unwrap_or(""));
    if error.kind() == odoo_core::ErrorKind::AccessError {
        "no read access for this user".to_owned()
    } else if text.contains("UndefinedTable") || text.contains("does not exist") {
        "no table (abstract model)".to_owned()
    } else {
        format!("search raises {}", odoo.short_name().unwrap_or("an error"))
    }
}
