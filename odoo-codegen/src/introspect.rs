//! Reads a schema snapshot from a live server: `ir.model` for the list of models, then the
//! fields of each selected model, a bounded number of requests at a time.
//!
//! Two strategies give the same snapshot ([`Strategy`]): one full `fields_get` per model, or
//! the bulk strategy, which reads `ir.model.fields` and `ir.model.fields.selection` in one
//! request each and asks each model's `fields_get` only for the attributes that the
//! `ir.model.fields` table does not hold (see [`BULK_FIELDS_GET_ATTRIBUTES`]).

use std::collections::{BTreeMap, BTreeSet};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use odoo_core::{Client, Map, SearchOptions, Value};
use odoo_schema::{ModelSchema, Schema};
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
    "depends",
    "exportable",
];

/// The `ir.model` fields read to describe models.
pub const IR_MODEL_FIELDS: &[&str] = &["model", "name", "transient", "modules", "order"];

/// The default number of `fields_get` requests in flight.
pub const DEFAULT_CONCURRENCY: usize = 4;

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

/// The `ir.model.fields` columns of a server of that major version: Odoo 16 and 17 have no
/// `company_dependent` column (asking for it fails the whole read, and the strategy fell back
/// to `fields_get` there); the per-model `fields_get` then asks for the attribute instead.
pub fn ir_model_fields_columns(major: u32) -> Vec<&'static str> {
    IR_MODEL_FIELDS_COLUMNS
        .iter()
        .copied()
        .filter(|column| major >= 18 || *column != "company_dependent")
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
    /// per-model request, which is most of the cost (see BENCHMARKS.md).
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
    /// How the fields are read.
    pub strategy: Strategy,
    /// After its fields, search each model once (`search`, limit 1) to find the models the
    /// user cannot read (abstract models without a table, models without an access right,
    /// models that refuse a plain search), and mark them
    /// [`unreadable`](crate::schema::ModelSchema::unreadable) in the snapshot, so that the
    /// generator leaves them out. On by default; one more small request per model.
    pub probe: bool,
}

impl std::fmt::Debug for IntrospectOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IntrospectOptions")
            .field("concurrency", &self.concurrency)
            .field("progress", &self.progress.is_some())
            .field("strategy", &self.strategy)
            .field("probe", &self.probe)
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
    let requests = AtomicUsize::new(0);
    let mut strategy = options.strategy;
    let rows = ir_models(client, &requests).await?;
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
        let mut fetched = None;
        if strategy == Strategy::Bulk {
            fetched = fetch_fields_bulk(client, &queue, options, &requests).await;
            if fetched.is_none() {
                strategy = Strategy::FieldsGet;
            }
        }
        let fetched = match fetched {
            Some(fetched) => fetched,
            None => fetch_fields(client, &queue, options, &requests).await,
        };
        let probed = if options.probe {
            let readable: BTreeSet<String> = fetched
                .iter()
                .filter(|(_, result)| result.is_ok())
                .map(|(model, _)| model.clone())
                .collect();
            probe(client, &readable, options, &requests).await
        } else {
            BTreeMap::new()
        };
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
                    model_schema.unreadable = probed.get(&model).cloned().flatten();
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
    Ok(Introspection {
        schema,
        failures,
        requests: requests.into_inner(),
        strategy,
    })
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
        // Known only after the probe.
        unreadable: false,
    }
}

type FieldsResult = Result<Map<String, Value>, String>;

async fn fetch_fields(
    client: &Client,
    models: &BTreeSet<String>,
    options: &IntrospectOptions,
    requests: &AtomicUsize,
) -> BTreeMap<String, FieldsResult> {
    requests.fetch_add(models.len(), Ordering::Relaxed);
    per_model(models, options, |model| {
        let client = client.clone();
        async move {
            client
                .fields_get(&model, &[], FIELD_ATTRIBUTES)
                .await
                .map_err(|error| error.to_string())
        }
    })
    .await
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

/// Searches each model once; `Some(reason)` for the models the user cannot search.
async fn probe(
    client: &Client,
    models: &BTreeSet<String>,
    options: &IntrospectOptions,
    requests: &AtomicUsize,
) -> BTreeMap<String, Option<String>> {
    requests.fetch_add(models.len(), Ordering::Relaxed);
    per_model(models, options, |model| {
        let client = client.clone();
        async move {
            let searched = client
                .search(&model, json!([]), SearchOptions::new().limit(1))
                .await;
            Ok(searched.err().map(|error| unreadable_reason(&error)))
        }
    })
    .await
    .into_iter()
    .map(|(model, result)| (model, result.unwrap_or_else(Some)))
    .collect()
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
    if matches!(error, odoo_core::Error::AccessError(_)) {
        "no read access for this user".to_owned()
    } else if text.contains("UndefinedTable") || text.contains("does not exist") {
        "no table (abstract model)".to_owned()
    } else {
        format!("search raises {}", odoo.short_name().unwrap_or("an error"))
    }
}

/// The `ir.model.fields` rows of one model, by field name, and the selection options of its
/// selection fields (from `ir.model.fields.selection`, in order), by field name.
#[derive(Debug, Default)]
struct BulkModel {
    fields: BTreeMap<String, Map<String, Value>>,
    selections: BTreeMap<String, Vec<Value>>,
}

/// The bulk strategy for one level of models: `None` when `ir.model.fields` or
/// `ir.model.fields.selection` cannot be read (no access), so that the caller falls back to
/// one `fields_get` per model.
async fn fetch_fields_bulk(
    client: &Client,
    models: &BTreeSet<String>,
    options: &IntrospectOptions,
    requests: &AtomicUsize,
) -> Option<BTreeMap<String, FieldsResult>> {
    let names: Vec<&str> = models.iter().map(String::as_str).collect();
    let major = client.server_version().major;
    let columns = ir_model_fields_columns(major);
    let company_dependent_column = columns.contains(&"company_dependent");
    // On Odoo 16 the `readonly` column disagrees with `fields_get` for some fields (seen on
    // mail.mail, mail.message and mail.tracking.value); ask `fields_get` for it there.
    let readonly_from_fields_get = major <= 16;
    requests.fetch_add(2, Ordering::Relaxed);
    let (rows, options_rows) = tokio::join!(
        client.search_read::<Map<String, Value>>(
            "ir.model.fields",
            json!([["model", "in", names]]),
            &columns,
            SearchOptions::new().order("id"),
        ),
        client.search_read::<Map<String, Value>>(
            "ir.model.fields.selection",
            json!([["field_id.model", "in", names]]),
            &["value", "name", "field_id"],
            SearchOptions::new().order("field_id, sequence, id"),
        ),
    );
    let (rows, options_rows) = (rows.ok()?, options_rows.ok()?);
    let mut by_model: BTreeMap<String, BulkModel> = BTreeMap::new();
    let mut by_id: BTreeMap<i64, (String, String)> = BTreeMap::new();
    for row in rows {
        let (Some(id), Some(model), Some(name)) = (
            row.get("id").and_then(Value::as_i64),
            row.get("model").and_then(Value::as_str),
            row.get("name").and_then(Value::as_str),
        ) else {
            continue;
        };
        by_id.insert(id, (model.to_owned(), name.to_owned()));
        by_model
            .entry(model.to_owned())
            .or_default()
            .fields
            .insert(name.to_owned(), row);
    }
    for option in options_rows {
        let field_id = match option.get("field_id") {
            Some(Value::Array(pair)) => pair.first().and_then(Value::as_i64),
            Some(other) => other.as_i64(),
            None => None,
        };
        let Some((model, field)) = field_id.and_then(|id| by_id.get(&id)) else {
            continue;
        };
        let value = option.get("value").cloned().unwrap_or(Value::Null);
        let label = option.get("name").cloned().unwrap_or(Value::Null);
        by_model
            .entry(model.clone())
            .or_default()
            .selections
            .entry(field.clone())
            .or_default()
            .push(Value::Array(vec![value, label]));
    }

    let by_model = Arc::new(by_model);
    let requests_here = Arc::new(AtomicUsize::new(0));
    let out = per_model(models, options, |model| {
        let client = client.clone();
        let by_model = by_model.clone();
        let requests_here = requests_here.clone();
        async move {
            let bulk = by_model.get(&model);
            let extra: &[&str] = match (company_dependent_column, readonly_from_fields_get) {
                (true, false) => &[],
                (true, true) => &["readonly"],
                (false, false) => &["company_dependent"],
                (false, true) => &["company_dependent", "readonly"],
            };
            bulk_model_fields(&client, &model, bulk, extra, &requests_here).await
        }
    })
    .await;
    requests.fetch_add(requests_here.load(Ordering::Relaxed), Ordering::Relaxed);
    Some(out)
}

/// One model of the bulk strategy: its `fields_get` of [`BULK_FIELDS_GET_ATTRIBUTES`] (the set
/// of fields the user may read, and what only `fields_get` knows) merged with its
/// `ir.model.fields` rows into the shape of a full `fields_get` answer. A field that
/// `fields_get` lists and `ir.model.fields` does not makes it ask the full `fields_get`.
async fn bulk_model_fields(
    client: &Client,
    model: &str,
    bulk: Option<&BulkModel>,
    extra_attributes: &[&str],
    requests: &AtomicUsize,
) -> FieldsResult {
    let empty = BulkModel::default();
    let bulk = bulk.unwrap_or(&empty);
    // A selection whose options are not all in ir.model.fields.selection: ask fields_get.
    let computed_selection =
        bulk.fields.iter().any(
            |(name, row)| match row.get("ttype").and_then(Value::as_str) {
                Some("reference") => true,
                Some("selection") => !bulk.selections.contains_key(name),
                _ => false,
            },
        );
    let mut attributes = BULK_FIELDS_GET_ATTRIBUTES.to_vec();
    if computed_selection {
        attributes.push("selection");
    }
    attributes.extend_from_slice(extra_attributes);
    requests.fetch_add(1, Ordering::Relaxed);
    let answer = client
        .fields_get(model, &[], &attributes)
        .await
        .map_err(|error| error.to_string())?;
    match merge_bulk(&answer, bulk, computed_selection) {
        Some(merged) => Ok(merged),
        None => {
            requests.fetch_add(1, Ordering::Relaxed);
            client
                .fields_get(model, &[], FIELD_ATTRIBUTES)
                .await
                .map_err(|error| error.to_string())
        }
    }
}

/// Merges a partial `fields_get` answer with the `ir.model.fields` rows of the same model;
/// `None` when a field of the answer has no row.
fn merge_bulk(
    answer: &Map<String, Value>,
    bulk: &BulkModel,
    selection_from_answer: bool,
) -> Option<Map<String, Value>> {
    let mut out = Map::new();
    for (name, partial) in answer {
        let row = bulk.fields.get(name)?;
        let mut attributes = partial.as_object()?.clone();
        let field_type = attributes
            .get("type")
            .and_then(Value::as_str)
            .or_else(|| row.get("ttype").and_then(Value::as_str))?
            .to_owned();
        // What the per-model `fields_get` answered wins over the table.
        let copy = |attributes: &mut Map<String, Value>, to: &str, from: &str| {
            if let Some(value) = row.get(from) {
                attributes
                    .entry(to.to_owned())
                    .or_insert_with(|| value.clone());
            }
        };
        copy(&mut attributes, "string", "field_description");
        copy(&mut attributes, "help", "help");
        copy(&mut attributes, "required", "required");
        copy(&mut attributes, "readonly", "readonly");
        copy(&mut attributes, "store", "store");
        copy(&mut attributes, "company_dependent", "company_dependent");
        copy(&mut attributes, "related", "related");
        // `translate` is a boolean up to 16, the name of the translation method from 17.
        let translate = match row.get("translate") {
            Some(Value::Bool(flag)) => *flag,
            Some(Value::String(method)) => !method.is_empty(),
            _ => false,
        };
        attributes.insert("translate".into(), Value::Bool(translate));
        // fields_get describes `relation` on relational fields only, `relation_field` on
        // one2many only, `size` on char only.
        if matches!(field_type.as_str(), "many2one" | "one2many" | "many2many") {
            copy(&mut attributes, "relation", "relation");
        }
        if field_type == "one2many" {
            copy(&mut attributes, "relation_field", "relation_field");
        }
        if field_type == "char" {
            if let Some(size) = row.get("size").and_then(Value::as_i64).filter(|&n| n > 0) {
                attributes.insert("size".into(), size.into());
            }
        }
        if field_type == "selection" && !selection_from_answer {
            let options = bulk.selections.get(name).cloned().unwrap_or_default();
            attributes.insert("selection".into(), Value::Array(options));
        }
        out.insert(name.clone(), Value::Object(attributes));
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn object(value: Value) -> Map<String, Value> {
        match value {
            Value::Object(map) => map,
            _ => Map::new(),
        }
    }

    /// The mapping rules of the bulk merge, on rows shaped as Odoo 17+ answers them (the
    /// fixtures hold no `ir.model.fields` rows; equality with `fields_get` is the live test's).
    #[test]
    fn company_dependent_is_a_column_from_odoo_18() {
        assert!(!ir_model_fields_columns(16).contains(&"company_dependent"));
        assert!(!ir_model_fields_columns(17).contains(&"company_dependent"));
        assert!(ir_model_fields_columns(18).contains(&"company_dependent"));
        assert_eq!(
            ir_model_fields_columns(19).len(),
            IR_MODEL_FIELDS_COLUMNS.len()
        );
    }

    #[test]
    fn bulk_rows_merge_into_fields_get_attributes() {
        let mut bulk = BulkModel::default();
        for row in [
            json!({"name": "name", "ttype": "char", "field_description": "Name", "help": false,
                   "required": true, "readonly": false, "store": true, "relation": false,
                   "relation_field": false, "translate": "standard", "related": false,
                   "company_dependent": false, "size": 0}),
            json!({"name": "first_line_index", "ttype": "char", "field_description": "Index",
                   "help": false, "required": false, "readonly": true, "store": true,
                   "relation": "account.bank.statement.line", "relation_field": false,
                   "translate": false, "related": false, "company_dependent": false, "size": 8}),
            json!({"name": "line_ids", "ttype": "one2many", "field_description": "Lines",
                   "help": "The lines", "required": false, "readonly": false, "store": true,
                   "relation": "x.line", "relation_field": "order_id", "translate": false,
                   "related": false, "company_dependent": false, "size": 0}),
            json!({"name": "state", "ttype": "selection", "field_description": "Status",
                   "help": false, "required": false, "readonly": false, "store": true,
                   "relation": false, "relation_field": false, "translate": false,
                   "related": false, "company_dependent": false, "size": 0}),
        ] {
            let row = object(row);
            let name = row["name"].as_str().unwrap_or_default().to_owned();
            bulk.fields.insert(name, row);
        }
        bulk.selections.insert(
            "state".into(),
            vec![json!(["draft", "Draft"]), json!(["done", "Done"])],
        );
        let answer = object(json!({
            "name": {"type": "char", "searchable": true, "sortable": true},
            "first_line_index": {"type": "char", "searchable": true, "sortable": true},
            "line_ids": {"type": "one2many", "searchable": true, "groups": "base.group_user"},
            "state": {"type": "selection", "searchable": true, "sortable": true},
        }));
        let merged = merge_bulk(&answer, &bulk, false).expect("every field has a row");
        assert_eq!(merged["name"]["translate"], json!(true));
        assert_eq!(merged["name"]["required"], json!(true));
        assert!(merged["name"].get("size").is_none());
        assert!(merged["first_line_index"].get("relation").is_none());
        assert_eq!(merged["first_line_index"]["size"], json!(8));
        assert_eq!(merged["line_ids"]["relation"], json!("x.line"));
        assert_eq!(merged["line_ids"]["relation_field"], json!("order_id"));
        assert_eq!(merged["line_ids"]["groups"], json!("base.group_user"));
        assert_eq!(
            merged["state"]["selection"],
            json!([["draft", "Draft"], ["done", "Done"]])
        );
        // A field fields_get lists without a row: ask the full fields_get instead.
        let mut more = answer.clone();
        more.insert("x_custom".into(), json!({"type": "char"}));
        assert!(merge_bulk(&more, &bulk, false).is_none());
    }
}
