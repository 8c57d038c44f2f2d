//! Upsert by key: records matched by one or more of their fields (a product's `default_code`,
//! a partner's `ref`), created when no record has the key, written when a value differs, left
//! alone when none does.
//!
//! ```no_run
//! # async fn demo(client: odoo_core::Client) -> odoo_core::Result<()> {
//! use serde_json::json;
//! let report = client
//!     .upsert("product.product", &["default_code"])
//!     .row(json!({"default_code": "FURN_0001", "name": "Desk", "list_price": 120.0}))
//!     .row(json!({"default_code": "FURN_0002", "name": "Chair", "list_price": 45.0}))
//!     .run()
//!     .await?;
//! println!("{} created, {} updated, {} unchanged", report.created, report.updated, report.unchanged);
//! # Ok(()) }
//! ```
//!
//! Each batch (500 rows by default) costs one `search_read` for all its keys, one `create` for
//! the new records, and one `write` per distinct set of changed values. Values are compared as
//! Odoo reads them back: a many2one by its id, a many2many as a set of ids, `false`, `null`
//! and `""` alike, numbers by value. A value Odoo changes when it stores it (a float rounded to
//! the field's digits, a one2many given as commands) reads back different and is written
//! every time.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{json, Map, Value};

use crate::availability::Needs;
use crate::client::Client;
use crate::context::Context;
use crate::error::{Error, ErrorContext, Result};
use crate::options::SearchOptions;
use crate::values::Values;

/// Rows to create or update by key: [`Client::upsert`], then [`run`](Self::run).
#[derive(Debug, Clone)]
#[must_use = "rows are written by .run()"]
pub struct Upsert<'c> {
    client: &'c Client,
    model: String,
    keys: Vec<String>,
    rows: Vec<Value>,
    needs: Needs,
    batch: usize,
    archived: bool,
}

/// What an [`Upsert`] did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct UpsertReport {
    /// Records created.
    pub created: usize,
    /// Records written (a value differed).
    pub updated: usize,
    /// Records left alone (every value was the same).
    pub unchanged: usize,
    /// Each row's record, in the order of the rows.
    pub ids: Vec<i64>,
}

impl Client {
    /// Rows of `model` to create or update, matched on the fields `keys`.
    pub fn upsert(&self, model: &str, keys: &[&str]) -> Upsert<'_> {
        Upsert {
            client: self,
            model: model.to_owned(),
            keys: keys.iter().map(|k| (*k).to_owned()).collect(),
            rows: Vec::new(),
            needs: Needs::default(),
            batch: 500,
            archived: false,
        }
    }
}

impl Upsert<'_> {
    /// Adds a row: an object of field values (as [`Client::create`] takes them) that holds
    /// every key field.
    pub fn row(mut self, values: impl Into<Value>) -> Self {
        self.rows.push(values.into());
        self
    }

    /// Adds rows.
    pub fn rows<I, V>(mut self, rows: I) -> Self
    where
        I: IntoIterator<Item = V>,
        V: Into<Value>,
    {
        self.rows.extend(rows.into_iter().map(Into::into));
        self
    }

    /// Adds a typed row: [`Values`] built from field handles. A field that the server's
    /// version lacks (a handle of a union of versions) fails the run before anything is sent,
    /// with [`ErrorKind::Unavailable`](crate::ErrorKind::Unavailable), as a typed create does.
    pub fn values<M>(mut self, values: Values<M>) -> Self {
        self.needs.extend(values.needs().clone());
        self.rows.push(Value::Object(values.into_map()));
        self
    }

    /// Rows per batch (500 by default; at least 1).
    pub fn batch_size(mut self, rows: usize) -> Self {
        self.batch = rows.max(1);
        self
    }

    /// Matches archived records too (`active_test` off): a row whose key an archived record
    /// has updates it instead of creating another.
    pub fn with_archived(mut self) -> Self {
        self.archived = true;
        self
    }

    /// Creates and writes. Rows are checked before anything is sent: each must be an object
    /// holding every key with a value, and no two rows may have the same key. Two records with
    /// one key on the server are an error too. A failed call stops the run; the batches before
    /// it are written, and nothing is sent twice.
    pub async fn run(self) -> Result<UpsertReport> {
        let context =
            ErrorContext::call(self.model.clone(), "upsert").on(self.client.transport_kind());
        if self.keys.is_empty() {
            return Err(Error::invalid(
                "an upsert needs at least one key field",
                context,
            ));
        }
        self.needs
            .check(&self.model, "upsert", self.client.server_version())?;
        let mut keyed = Vec::with_capacity(self.rows.len());
        let mut seen = BTreeSet::new();
        for (at, row) in self.rows.iter().enumerate() {
            let Value::Object(values) = row else {
                return Err(Error::invalid(
                    format!("row {} is not a JSON object", at + 1),
                    context,
                ));
            };
            let key = self.key_of(values).ok_or_else(|| {
                Error::invalid(
                    format!(
                        "row {} lacks a value for a key field ({:?})",
                        at + 1,
                        self.keys
                    ),
                    context.clone(),
                )
            })?;
            if !seen.insert(key.clone()) {
                return Err(Error::invalid(
                    format!("row {} repeats the key {key} of an earlier row", at + 1),
                    context,
                ));
            }
            keyed.push((key, values));
        }
        let mut report = UpsertReport::default();
        for batch in keyed.chunks(self.batch) {
            self.run_batch(batch, &mut report, &context).await?;
        }
        Ok(report)
    }

    async fn run_batch(
        &self,
        batch: &[(String, &Map<String, Value>)],
        report: &mut UpsertReport,
        context: &ErrorContext,
    ) -> Result<()> {
        let mut fields: BTreeSet<&str> = self.keys.iter().map(String::as_str).collect();
        for (_, values) in batch {
            fields.extend(values.keys().map(String::as_str));
        }
        let fields: Vec<&str> = fields.into_iter().collect();
        let options = SearchOptions::new().order("id");
        let options = if self.archived {
            options.context(Context::new().active_test(false))
        } else {
            options
        };
        let existing: Vec<Map<String, Value>> = self
            .client
            .search_read(&self.model, self.domain(batch), &fields, options)
            .await?;
        let mut by_key: BTreeMap<String, &Map<String, Value>> = BTreeMap::new();
        for record in &existing {
            let Some(key) = self.key_of(record) else {
                continue;
            };
            if by_key.insert(key.clone(), record).is_some() {
                return Err(Error::invalid(
                    format!("two records of {} have the key {key}", self.model),
                    context.clone(),
                ));
            }
        }
        let Plan {
            mut ids,
            to_create,
            writes,
        } = plan(batch, &by_key, report, context)?;
        for (values, group) in writes.into_values() {
            self.client.write(&self.model, &group, values).await?;
            report.updated += group.len();
        }
        if !to_create.is_empty() {
            let values: Vec<&Map<String, Value>> =
                to_create.iter().map(|at| batch[*at].1).collect();
            let created = self.client.create_many(&self.model, &values).await?;
            if created.len() != to_create.len() {
                return Err(Error::decode(
                    "",
                    format!(
                        "create answered {} ids for {} records",
                        created.len(),
                        to_create.len()
                    ),
                    context.clone(),
                ));
            }
            report.created += created.len();
            for (at, id) in to_create.into_iter().zip(created) {
                ids[at] = Some(id);
            }
        }
        report.ids.extend(ids.into_iter().flatten());
        Ok(())
    }

    /// The domain of the batch's keys: `key in [...]` for one key field, else one branch per
    /// row.
    fn domain(&self, batch: &[(String, &Map<String, Value>)]) -> Value {
        if let [key] = self.keys.as_slice() {
            let values: Vec<Value> = batch
                .iter()
                .filter_map(|(_, v)| v.get(key).map(comparable))
                .collect();
            return json!([[key, "in", values]]);
        }
        let mut domain = Vec::new();
        for _ in 1..batch.len() {
            domain.push(json!("|"));
        }
        for (_, values) in batch {
            for _ in 1..self.keys.len() {
                domain.push(json!("&"));
            }
            for key in &self.keys {
                let value = values.get(key).map(comparable).unwrap_or(Value::Null);
                domain.push(json!([key, "=", value]));
            }
        }
        Value::Array(domain)
    }

    /// The key of a row or a record, as text; `None` when a key field has no value.
    fn key_of(&self, values: &Map<String, Value>) -> Option<String> {
        let mut parts = Vec::with_capacity(self.keys.len());
        for key in &self.keys {
            let value = comparable(values.get(key)?);
            if is_empty(&value) {
                return None;
            }
            parts.push(value);
        }
        Some(Value::Array(parts).to_string())
    }
}

/// What a batch does: each row's record when it has one, the rows to create, and the writes
/// grouped by the values they write (one call per distinct change).
struct Plan {
    ids: Vec<Option<i64>>,
    to_create: Vec<usize>,
    writes: BTreeMap<String, (Value, Vec<i64>)>,
}

/// Compares each row with the record of its key (counting the unchanged ones).
fn plan(
    batch: &[(String, &Map<String, Value>)],
    by_key: &BTreeMap<String, &Map<String, Value>>,
    report: &mut UpsertReport,
    context: &ErrorContext,
) -> Result<Plan> {
    let mut ids: Vec<Option<i64>> = vec![None; batch.len()];
    let mut to_create = Vec::new();
    let mut writes: BTreeMap<String, (Value, Vec<i64>)> = BTreeMap::new();
    for (at, (key, values)) in batch.iter().enumerate() {
        let Some(record) = by_key.get(key) else {
            to_create.push(at);
            continue;
        };
        let id = record.get("id").and_then(Value::as_i64).ok_or_else(|| {
            Error::decode(
                "",
                "search_read answered a record without an id",
                context.clone(),
            )
        })?;
        ids[at] = Some(id);
        let changed: Map<String, Value> = values
            .iter()
            .filter(|(field, value)| !same(record.get(field.as_str()), value))
            .map(|(field, value)| (field.clone(), value.clone()))
            .collect();
        if changed.is_empty() {
            report.unchanged += 1;
            continue;
        }
        let group = Value::Object(changed);
        writes
            .entry(group.to_string())
            .or_insert_with(|| (group, Vec::new()))
            .1
            .push(id);
    }
    Ok(Plan {
        ids,
        to_create,
        writes,
    })
}

/// A value as it compares: a many2one's `[id, name]` as its id.
fn comparable(value: &Value) -> Value {
    match value {
        Value::Array(pair) if pair.len() == 2 && pair[0].is_i64() && pair[1].is_string() => {
            pair[0].clone()
        }
        other => other.clone(),
    }
}

fn is_empty(value: &Value) -> bool {
    matches!(value, Value::Null | Value::Bool(false)) || value.as_str() == Some("")
}

/// Whether the value read from the server equals the value given.
fn same(read: Option<&Value>, given: &Value) -> bool {
    let Some(read) = read else {
        return false;
    };
    let (read, given) = (comparable(read), comparable(given));
    if is_empty(&read) && is_empty(&given) {
        return true;
    }
    match (&read, &given) {
        (Value::Number(a), Value::Number(b)) => a.as_f64() == b.as_f64(),
        (Value::Array(a), Value::Array(b)) if a.iter().chain(b).all(Value::is_i64) => {
            let a: BTreeSet<i64> = a.iter().filter_map(Value::as_i64).collect();
            let b: BTreeSet<i64> = b.iter().filter_map(Value::as_i64).collect();
            a == b
        }
        _ => read == given,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_compare_as_odoo_reads_them_back() {
        assert!(same(Some(&json!([7, "Azure"])), &json!(7)));
        assert!(same(Some(&json!(false)), &json!("")));
        assert!(same(Some(&json!(false)), &Value::Null));
        assert!(same(Some(&json!([3, 1, 2])), &json!([1, 2, 3])));
        assert!(same(Some(&json!(12)), &json!(12.0)));
        assert!(!same(Some(&json!(12.5)), &json!(12.0)));
        assert!(!same(Some(&json!("Desk")), &json!("desk")));
        assert!(!same(None, &json!("x")));
        assert!(!same(Some(&json!([1, 2])), &json!([[4, 1, 0]])));
    }
}
