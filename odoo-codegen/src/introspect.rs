//! Reads a schema snapshot from a live server: `ir.model` for the list of models, then
//! `fields_get` for each selected model, a bounded number of requests at a time.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use odoo_core::schema::{ModelSchema, Schema};
use odoo_core::{Client, Map, SearchOptions, Value};
use serde_json::json;
use tokio::sync::Semaphore;
use tokio::task::JoinSet;

use crate::select::{ModelInfo, Selection};
use crate::Error;

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
];

/// The `ir.model` fields read to describe models.
pub const IR_MODEL_FIELDS: &[&str] = &["model", "name", "transient", "modules", "order"];

/// The default number of `fields_get` requests in flight.
pub const DEFAULT_CONCURRENCY: usize = 4;

/// What [`introspect`] reports while it works.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProgressEvent {
    /// This many more models are queued for `fields_get`.
    Queued(usize),
    /// The `fields_get` of this model finished (with success or not).
    Done(String),
}

/// A progress callback.
pub type ProgressFn = Arc<dyn Fn(ProgressEvent) + Send + Sync>;

/// Options of [`introspect`].
#[derive(Clone)]
pub struct IntrospectOptions {
    /// `fields_get` requests in flight at once (at least 1).
    pub concurrency: usize,
    /// Called as models are queued and done.
    pub progress: Option<ProgressFn>,
}

impl std::fmt::Debug for IntrospectOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IntrospectOptions")
            .field("concurrency", &self.concurrency)
            .field("progress", &self.progress.is_some())
            .finish()
    }
}

impl Default for IntrospectOptions {
    fn default() -> Self {
        Self {
            concurrency: DEFAULT_CONCURRENCY,
            progress: None,
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
}

/// Reads the models `selection` picks from the server behind `client`.
///
/// The list of models and their description, transient flag, modules and order come from
/// `ir.model`; the fields from one `fields_get` per model with [`FIELD_ATTRIBUTES`], at most
/// `options.concurrency` at once. With a selection depth, the targets of relational fields are
/// read next, level by level. A model whose `fields_get` fails is reported in
/// [`Introspection::failures`] and the others are kept; only a failure to list the models is
/// an error.
pub async fn introspect(
    client: &Client,
    selection: &Selection,
    options: &IntrospectOptions,
) -> Result<Introspection, Error> {
    let rows = ir_models(client).await?;
    let by_name: BTreeMap<String, Map<String, Value>> = rows
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
    let mut failures = Vec::new();
    let mut queue: BTreeSet<String> = selection.roots(&available);
    // Exact names the user listed that the server does not have are failures too.
    for name in &selection.models {
        let is_glob = name.contains(['*', '?']);
        if !is_glob && !available.contains_key(name) && !selection.is_excluded(name) {
            failures.push(ModelFailure {
                model: name.clone(),
                error: "no such model on the server (not in ir.model)".to_owned(),
                not_on_server: true,
            });
        }
    }
    let mut seen: BTreeSet<String> = BTreeSet::new();
    let mut level = 0;
    while !queue.is_empty() {
        seen.extend(queue.iter().cloned());
        let fetched = fetch_fields(client, &queue, options).await;
        let mut next = BTreeSet::new();
        for (model, result) in fetched {
            let built = result.and_then(|fields| {
                ModelSchema::from_fields_get(&model, &Value::Object(fields))
                    .map_err(|error| error.to_string())
            });
            match built {
                Ok(mut model_schema) => {
                    if let Some(row) = by_name.get(&model) {
                        model_schema.set_ir_model(&Value::Object(row.clone()));
                    }
                    if level < selection.depth {
                        for field in model_schema.fields.values() {
                            if let Some(target) = field
                                .relation
                                .as_ref()
                                .filter(|_| field.field_type.is_relational())
                            {
                                if available.contains_key(target)
                                    && !seen.contains(target)
                                    && !selection.is_excluded(target)
                                {
                                    next.insert(target.clone());
                                }
                            }
                        }
                    }
                    schema.models.insert(model, model_schema);
                }
                Err(error) => failures.push(ModelFailure {
                    model,
                    error,
                    not_on_server: false,
                }),
            }
        }
        queue = next;
        level += 1;
    }
    failures.sort_by(|a, b| a.model.cmp(&b.model));
    Ok(Introspection { schema, failures })
}

async fn ir_models(client: &Client) -> Result<Vec<Map<String, Value>>, Error> {
    let read = |fields: &'static [&'static str]| {
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
        Err(odoo_core::Error::Server(_) | odoo_core::Error::ValidationError(_)) => {
            Ok(read(&IR_MODEL_FIELDS[..4]).await?)
        }
        Err(error) => Err(error.into()),
    }
}

fn model_info(row: &Map<String, Value>) -> ModelInfo {
    let mut modules: Vec<String> = row
        .get("modules")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .split(',')
        .map(str::trim)
        .filter(|module| !module.is_empty())
        .map(str::to_owned)
        .collect();
    modules.sort();
    ModelInfo {
        transient: row.get("transient").and_then(Value::as_bool) == Some(true),
        modules,
    }
}

type FieldsResult = Result<Map<String, Value>, String>;

async fn fetch_fields(
    client: &Client,
    models: &BTreeSet<String>,
    options: &IntrospectOptions,
) -> BTreeMap<String, FieldsResult> {
    if let Some(progress) = &options.progress {
        progress(ProgressEvent::Queued(models.len()));
    }
    let permits = Arc::new(Semaphore::new(options.concurrency.max(1)));
    let mut tasks = JoinSet::new();
    let mut task_models = BTreeMap::new();
    for model in models {
        let client = client.clone();
        let permits = permits.clone();
        let model = model.clone();
        let task_model = model.clone();
        let handle = tasks.spawn(async move {
            let result = match permits.acquire_owned().await {
                Ok(_permit) => client
                    .fields_get(&model, &[], FIELD_ATTRIBUTES)
                    .await
                    .map_err(|error| error.to_string()),
                Err(closed) => Err(closed.to_string()),
            };
            (model, result)
        });
        task_models.insert(handle.id(), task_model);
    }
    let mut out = BTreeMap::new();
    while let Some(joined) = tasks.join_next().await {
        match joined {
            Ok((model, result)) => {
                if let Some(progress) = &options.progress {
                    progress(ProgressEvent::Done(model.clone()));
                }
                out.insert(model, result);
            }
            Err(join_error) => {
                // A panicking task: keep the others, and name its model.
                let model = task_models
                    .get(&join_error.id())
                    .cloned()
                    .unwrap_or_default();
                if let Some(progress) = &options.progress {
                    progress(ProgressEvent::Done(model.clone()));
                }
                out.insert(model, Err(format!("fields_get task failed: {join_error}")));
            }
        }
    }
    out
}
