//! Bulk import through Odoo's `load` (what its import wizard uses): rows of text cells under
//! column names, with external IDs (`id`, `partner_id/id`) and database ids (`.id`,
//! `partner_id/.id`), and one typed error per refused row.
//!
//! ```no_run
//! # async fn demo(client: odoo_core::Client) -> odoo_core::Result<()> {
//! let report = client
//!     .load("res.partner", &["id", "name", "parent_id/id"])
//!     .row(["my_shop.customer_1", "Azure Interior", ""])
//!     .row(["my_shop.customer_2", "Brandon Freeman", "my_shop.customer_1"])
//!     .run()
//!     .await?;
//! for error in &report.errors {
//!     eprintln!("{error}"); // row 2, field parent_id: No matching record found for ...
//! }
//! # Ok(()) }
//! ```
//!
//! Odoo's `load` writes a call's rows all or nothing: one refused row and none is written. This
//! loads in batches (1,000 rows by default) and, when Odoo refuses rows of a batch, sends the
//! batch again without them, until the rest is written: every row either gets its record's id
//! or an error. Nothing is sent twice after a failure of the connection (a batch whose answer
//! was lost may have been written).
//!
//! Cells are text as in a CSV file: numbers as written, booleans `1`/`0` (also `true`/`false`),
//! dates `YYYY-MM-DD`, datetimes `YYYY-MM-DD HH:MM:SS` in UTC (the call's context says `tz`
//! `UTC`, over the client's, unless [`Load::context`] sets another), selections by value or
//! label, an empty cell for an empty value.

use std::fmt;

use serde::Deserialize;
use serde_json::{json, Map, Value};

use crate::client::Client;
use crate::context::Context;
use crate::error::{Error, ErrorContext, ErrorKind, OdooError, Result};
use crate::transport::Call;

/// Rows to import into a model: [`Client::load`], then [`run`](Self::run).
#[derive(Debug, Clone)]
#[must_use = "rows are imported by .run()"]
pub struct Load<'c> {
    client: &'c Client,
    model: String,
    fields: Vec<String>,
    rows: Vec<Vec<String>>,
    batch: usize,
    context: Context,
    all_or_nothing: bool,
}

/// What a [`Load`] did: each row's record, and the rows Odoo refused.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct LoadReport {
    /// The id of each row's record (created or updated), in the order of the rows; `None` for
    /// a row that was refused (see [`errors`](Self::errors)), or not sent after an
    /// all-or-nothing batch failed.
    pub ids: Vec<Option<i64>>,
    /// Why rows were refused, one entry per message of Odoo's.
    pub errors: Vec<RowError>,
    /// Odoo's warnings (nothing was refused for them).
    pub warnings: Vec<RowError>,
}

impl LoadReport {
    /// The number of rows written.
    pub fn written(&self) -> usize {
        self.ids.iter().flatten().count()
    }
}

/// A message of Odoo's about a row of a [`Load`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct RowError {
    /// The row (0-based, in the order given) the message is about; `None` when Odoo named no
    /// row.
    pub row: Option<usize>,
    /// The field's technical name, when Odoo named one.
    pub field: Option<String>,
    /// The field's label, when Odoo named one.
    pub field_label: Option<String>,
    /// Odoo's message.
    pub message: String,
}

impl RowError {
    /// The message as an [`Error`] of kind
    /// [`ValidationError`](crate::ErrorKind::ValidationError), for a call that fails on it.
    pub fn to_error(&self, model: &str) -> Error {
        Error::odoo(OdooError {
            kind: ErrorKind::ValidationError,
            name: None,
            message: self.to_string(),
            debug: None,
            code: None,
            credential: None,
            context: ErrorContext::call(model, "load"),
        })
    }
}

/// `row 3, field parent_id: <message>`, rows counted from 1.
impl fmt::Display for RowError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(row) = self.row {
            write!(f, "row {}, ", row + 1)?;
        }
        if let Some(field) = &self.field {
            write!(f, "field {field}: ")?;
        }
        f.write_str(&self.message)
    }
}

impl Client {
    /// Rows to import into `model` through Odoo's `load`, under the column names `fields`:
    /// field names, `id` for the record's external ID, `<field>/id` for a relation by external
    /// ID, `.id` and `<field>/.id` for database ids.
    pub fn load(&self, model: &str, fields: &[&str]) -> Load<'_> {
        Load {
            client: self,
            model: model.to_owned(),
            fields: fields.iter().map(|f| (*f).to_owned()).collect(),
            rows: Vec::new(),
            batch: 1000,
            context: Context::new(),
            all_or_nothing: false,
        }
    }
}

impl Load<'_> {
    /// Adds a row: one cell per column.
    pub fn row<I, S>(mut self, cells: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.rows.push(cells.into_iter().map(Into::into).collect());
        self
    }

    /// Adds rows.
    pub fn rows<R, I, S>(mut self, rows: R) -> Self
    where
        R: IntoIterator<Item = I>,
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.rows.extend(
            rows.into_iter()
                .map(|r| r.into_iter().map(Into::into).collect()),
        );
        self
    }

    /// Rows per `load` call (1,000 by default; at least 1).
    pub fn batch_size(mut self, rows: usize) -> Self {
        self.batch = rows.max(1);
        self
    }

    /// A context for the import, merged over the client's (`lang` for selection labels, ...).
    pub fn context(mut self, context: Context) -> Self {
        self.context = self.context.merged(&context);
        self
    }

    /// Stops at the first batch Odoo refuses a row of, as Odoo's `load` does within a call:
    /// that batch and the ones after it are not written.
    pub fn all_or_nothing(mut self) -> Self {
        self.all_or_nothing = true;
        self
    }

    /// Imports the rows. An error for a row of the wrong length (before anything is sent), a
    /// column Odoo does not know, or a failed call; the rows Odoo refuses are in the report.
    pub async fn run(self) -> Result<LoadReport> {
        let context =
            ErrorContext::call(self.model.clone(), "load").on(self.client.transport_kind());
        if self.fields.is_empty() {
            return Err(Error::invalid("no columns to load", context));
        }
        if let Some((at, row)) = self
            .rows
            .iter()
            .enumerate()
            .find(|(_, row)| row.len() != self.fields.len())
        {
            return Err(Error::invalid(
                format!(
                    "row {} has {} cells for {} columns",
                    at + 1,
                    row.len(),
                    self.fields.len()
                ),
                context,
            ));
        }
        let mut report = LoadReport {
            ids: vec![None; self.rows.len()],
            ..LoadReport::default()
        };
        let starts = (0..self.rows.len()).step_by(self.batch);
        for start in starts {
            let end = (start + self.batch).min(self.rows.len());
            let mut pending: Vec<usize> = (start..end).collect();
            while !pending.is_empty() {
                let answer = self.send(&pending).await?;
                let (errors, warnings) = answer.messages(&pending);
                report.warnings.extend(warnings);
                if errors.is_empty() {
                    let ids = answer.ids.unwrap_or_default();
                    if ids.len() != pending.len() {
                        return Err(Error::decode(
                            "",
                            format!(
                                "load answered {} ids for {} rows (a row per record is expected)",
                                ids.len(),
                                pending.len()
                            ),
                            context,
                        ));
                    }
                    for (row, id) in pending.iter().zip(ids) {
                        report.ids[*row] = Some(id);
                    }
                    break;
                }
                let refused: Vec<usize> = errors.iter().filter_map(|e| e.row).collect();
                let stop = self.all_or_nothing || refused.is_empty();
                report.errors.extend(errors);
                if stop {
                    // All or nothing, or errors that name no row: the batch is not written.
                    if self.all_or_nothing {
                        return Ok(report);
                    }
                    break;
                }
                pending.retain(|row| !refused.contains(row));
            }
        }
        Ok(report)
    }

    /// One `load` of the rows `pending`.
    async fn send(&self, pending: &[usize]) -> Result<LoadAnswer> {
        let data: Vec<&Vec<String>> = pending.iter().map(|at| &self.rows[*at]).collect();
        let context = Context::new().tz("UTC").merged(&self.context);
        let call = Call::new(self.model.clone(), "load")
            .arg(json!(self.fields))
            .arg(json!(data))
            .kwarg("context", Value::Object(context.into_map()));
        self.client.call_as(call).await
    }
}

/// What `load` answers: `{"ids": [...] | false, "messages": [...], "nextrow": n}`.
#[derive(Debug, Deserialize)]
struct LoadAnswer {
    #[serde(default, with = "crate::types::odoo_option")]
    ids: Option<Vec<i64>>,
    #[serde(default)]
    messages: Vec<Message>,
}

#[derive(Debug, Deserialize)]
struct Message {
    #[serde(rename = "type", default)]
    kind: String,
    #[serde(default)]
    message: String,
    #[serde(default, with = "crate::types::odoo_option")]
    rows: Option<Rows>,
    #[serde(default, with = "crate::types::odoo_option")]
    field: Option<String>,
    #[serde(default, with = "crate::types::odoo_option")]
    field_name: Option<String>,
}

#[derive(Debug, Deserialize)]
struct Rows {
    from: usize,
    to: usize,
}

impl LoadAnswer {
    /// The errors and the warnings, with rows counted among all the rows loaded (`pending`
    /// maps a row of the call to one of those).
    fn messages(&self, pending: &[usize]) -> (Vec<RowError>, Vec<RowError>) {
        let (mut errors, mut warnings) = (Vec::new(), Vec::new());
        for message in &self.messages {
            let rows: Vec<Option<usize>> = match &message.rows {
                Some(rows) => (rows.from..=rows.to.max(rows.from))
                    .map(|r| pending.get(r).copied())
                    .collect(),
                None => vec![None],
            };
            for row in rows {
                let entry = RowError {
                    row,
                    field: message.field.clone(),
                    field_label: message.field_name.clone(),
                    message: message.message.clone(),
                };
                if message.kind == "warning" {
                    warnings.push(entry);
                } else {
                    errors.push(entry);
                }
            }
        }
        (errors, warnings)
    }
}

/// The type (and relation) of each field of a model, for turning values into cells.
#[derive(Debug, Clone)]
pub(crate) struct FieldTypes {
    model: String,
    types: Map<String, Value>,
}

impl FieldTypes {
    pub async fn fetch(client: &Client, model: &str) -> Result<Self> {
        let types = client.fields_get(model, &[], &["type"]).await?;
        Ok(Self {
            model: model.to_owned(),
            types,
        })
    }

    fn of(&self, field: &str) -> Option<&str> {
        self.types.get(field)?.get("type")?.as_str()
    }
}

/// The columns and cells of one record's `values` (as [`Client::create`] takes them) for
/// `load`: a many2one by id as `<field>/.id`, by external ID (a string) as `<field>/id`; a
/// many2many as a list of either, joined by commas; `false` or `null` as an empty cell.
pub(crate) fn import_row(
    types: &FieldTypes,
    values: &Map<String, Value>,
    context: &ErrorContext,
) -> Result<Vec<(String, String)>> {
    let refuse = |field: &str, why: &str| {
        Err(Error::invalid(
            format!("{}.{field}: {why}", types.model),
            context.clone(),
        ))
    };
    let mut cells = Vec::with_capacity(values.len());
    for (field, value) in values {
        if field == "id" || field.contains('/') {
            return refuse(
                field,
                "give the record's key as its external ID, not as a field",
            );
        }
        let Some(kind) = types.of(field) else {
            return refuse(field, "no such field");
        };
        let cell = match (kind, value) {
            (_, Value::Null | Value::Bool(false)) => (field.clone(), String::new()),
            ("one2many", _) => {
                return refuse(field, "a one2many cannot be saved this way: write it after")
            }
            ("many2one", Value::Number(id)) => (format!("{field}/.id"), id.to_string()),
            ("many2one", Value::Array(pair)) => match pair.first() {
                Some(Value::Number(id)) => (format!("{field}/.id"), id.to_string()),
                _ => return refuse(field, "a many2one is an id, [id, name] or an external ID"),
            },
            ("many2one", Value::String(xmlid)) => (format!("{field}/id"), xmlid.clone()),
            ("many2many", Value::Array(items)) => {
                if items.iter().all(Value::is_i64) {
                    let ids: Vec<String> = items.iter().map(Value::to_string).collect();
                    (format!("{field}/.id"), ids.join(","))
                } else if items.iter().all(Value::is_string) {
                    let xmlids: Vec<&str> = items.iter().filter_map(Value::as_str).collect();
                    (format!("{field}/id"), xmlids.join(","))
                } else {
                    return refuse(
                        field,
                        "a many2many is a list of ids or of external IDs here, not commands",
                    );
                }
            }
            ("boolean", Value::Bool(true)) => (field.clone(), "1".to_owned()),
            (_, Value::String(text)) => (field.clone(), text.clone()),
            (_, Value::Number(number)) => (field.clone(), number.to_string()),
            (_, Value::Bool(true)) => (field.clone(), "1".to_owned()),
            _ => return refuse(field, "this value has no form in an import"),
        };
        cells.push(cell);
    }
    // The same fields give the same columns, whatever their order in the object.
    cells.sort();
    Ok(cells)
}
