//! External IDs: the `module.name` keys Odoo's data files, its import and most integrations
//! name records by (`ir.model.data`), resolved to records, read back from records, and given to
//! records created or updated under them.
//!
//! ```no_run
//! # use odoo_core::{Model, OdooModel, types::Many2one};
//! # #[derive(Debug, Clone, OdooModel)]
//! # #[odoo(model = "res.company")] struct Company { id: i64, name: String }
//! # async fn demo(client: odoo_core::Client) -> odoo_core::Result<()> {
//! let ids = client.external_ids();
//! let company: Many2one<Company> = ids.record("base.main_company").await?;
//! let id = ids
//!     .save("my_shop.product_1001", "product.product", serde_json::json!({"name": "Desk"}))
//!     .await?;
//! assert_eq!(ids.of("product.product", &[id]).await?[&id], "my_shop.product_1001");
//! # Ok(()) }
//! ```
//!
//! Resolving asks `ir.model.data` for all the names in one request. A user without the right to
//! read it (only "Administration / Access Rights" has it) resolves each name with
//! `ir.model.data.check_object_reference`, the public method Odoo offers every user, which also
//! says when the record exists but the user may not see it. Saving goes through Odoo's
//! `load` (what its import uses): the record and its external ID are written together in one
//! transaction, by any user who may create the record.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::{json, Value};

use crate::client::Client;
use crate::context::Context;
use crate::error::{Error, ErrorContext, ErrorKind, OdooError, Result};
use crate::load::{import_row, FieldTypes};
use crate::model::Model;
use crate::options::SearchOptions;
use crate::transport::Call;
use crate::types::Many2one;

const MODEL: &str = "ir.model.data";

/// The external IDs of a server: [`Client::external_ids`].
#[derive(Debug, Clone, Copy)]
pub struct ExternalIds<'c> {
    client: &'c Client,
}

/// The record an external ID names.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ExternalRef {
    /// The external ID, `module.name`.
    pub xmlid: String,
    /// The model of the record.
    pub model: String,
    /// The record's id.
    pub id: i64,
}

impl Client {
    /// The external IDs (`module.name`) of this server.
    pub fn external_ids(&self) -> ExternalIds<'_> {
        ExternalIds { client: self }
    }
}

impl ExternalIds<'_> {
    /// The record `xmlid` (`module.name`) names. A [`NotFound`](crate::ErrorKind::NotFound)
    /// error when no record has it, as Odoo words it.
    pub async fn resolve(&self, xmlid: &str) -> Result<ExternalRef> {
        let mut found = self.resolve_many(&[xmlid]).await?;
        found.pop().ok_or_else(|| not_found(&[xmlid.to_owned()]))
    }

    /// The records `xmlids` name, in their order, in one request (one per name for a user who
    /// may not read `ir.model.data`). One [`NotFound`](crate::ErrorKind::NotFound) error
    /// naming every external ID that no record has; an
    /// [`AccessError`](crate::ErrorKind::AccessError) naming those whose record the user may
    /// not see (or that is archived, when resolved one by one).
    pub async fn resolve_many(&self, xmlids: &[&str]) -> Result<Vec<ExternalRef>> {
        let context = ErrorContext::call(MODEL, "search_read").on(self.client.transport_kind());
        let names = xmlids
            .iter()
            .map(|x| split(x, &context))
            .collect::<Result<Vec<_>>>()?;
        if names.is_empty() {
            return Ok(Vec::new());
        }
        let found = match self.search(&names).await {
            Ok(found) => found,
            Err(error) if error.kind() == ErrorKind::AccessError => {
                self.check_one_by_one(&names).await?
            }
            Err(error) => return Err(error),
        };
        let missing: Vec<String> = xmlids
            .iter()
            .filter(|x| !found.contains_key(**x))
            .map(|x| (*x).to_owned())
            .collect();
        if !missing.is_empty() {
            return Err(not_found(&missing));
        }
        Ok(xmlids
            .iter()
            .filter_map(|x| found.get(*x).cloned())
            .collect())
    }

    /// The record `xmlid` names, as a typed [`Many2one`] of `M`: an
    /// [`InvalidInput`](crate::ErrorKind::InvalidInput) error when it names a record of another
    /// model.
    pub async fn record<M: Model>(&self, xmlid: &str) -> Result<Many2one<M>> {
        let found = self.resolve(xmlid).await?;
        if found.model != M::MODEL {
            return Err(Error::invalid(
                format!(
                    "the external ID {xmlid} names a record of {}, not of {}",
                    found.model,
                    M::MODEL
                ),
                ErrorContext::call(MODEL, "resolve"),
            ));
        }
        Ok(Many2one::from(found.id))
    }

    /// The external ID of each record of `ids` of `model` that has one (the first, when it has
    /// several), by `get_metadata`, which every user who may read the records may call.
    pub async fn of(&self, model: &str, ids: &[i64]) -> Result<BTreeMap<i64, String>> {
        #[derive(Deserialize)]
        struct Metadata {
            id: i64,
            #[serde(default, with = "crate::types::odoo_option")]
            xmlid: Option<String>,
        }
        if ids.is_empty() {
            return Ok(BTreeMap::new());
        }
        let call = Call::new(model, "get_metadata").arg(json!(ids));
        let rows: Vec<Metadata> = self.client.call_as(call).await?;
        Ok(rows
            .into_iter()
            .filter_map(|row| Some((row.id, row.xmlid.filter(|x| !x.is_empty())?)))
            .collect())
    }

    /// Creates the record of `model` with `values` under the external ID `xmlid`, or updates
    /// the record that has it already: the record's id. The record and its external ID are
    /// written together (Odoo's `load`), so that saving again is idempotent.
    ///
    /// `values` is an object of field values as [`Client::create`] takes them, except that
    /// one2many fields and [`Command`](crate::types::Command) lists cannot be given (an
    /// [`InvalidInput`](crate::ErrorKind::InvalidInput) error names them); a many2one may be
    /// given as an id or as an external ID (a string). The external ID is created with
    /// `noupdate` off, as Odoo's import does: an integration's own module name (`my_shop.*`)
    /// is never updated by Odoo's module upgrades either way. Odoo's refusal of a value is a
    /// [`ValidationError`](crate::ErrorKind::ValidationError) with its message, field and row.
    pub async fn save(&self, xmlid: &str, model: &str, values: Value) -> Result<i64> {
        let mut ids = self
            .save_many(model, vec![(xmlid.to_owned(), values)])
            .await?;
        ids.pop().ok_or_else(|| {
            Error::decode(
                "",
                "load answered no id for the record",
                ErrorContext::call(model, "load"),
            )
        })
    }

    /// [`save`](Self::save) for many records of `model` at once: one `load` per batch of 500;
    /// the ids in the order of `records`. Any refused record is an error, and then no record of
    /// its batch was written (Odoo's `load` writes a batch all or nothing); the batches before
    /// it were.
    pub async fn save_many(&self, model: &str, records: Vec<(String, Value)>) -> Result<Vec<i64>> {
        let context = ErrorContext::call(model, "load").on(self.client.transport_kind());
        for (xmlid, _) in &records {
            split(xmlid, &context)?;
        }
        let types = FieldTypes::fetch(self.client, model).await?;
        let mut ids = Vec::with_capacity(records.len());
        for batch in records.chunks(500) {
            let mut columns: Vec<String> = Vec::new();
            let mut rows = Vec::with_capacity(batch.len());
            for (xmlid, values) in batch {
                let Value::Object(values) = values else {
                    return Err(Error::invalid(
                        format!("the values for {xmlid} are not a JSON object"),
                        context.clone(),
                    ));
                };
                let cells = import_row(&types, values, &context)?;
                let (names, mut row): (Vec<String>, Vec<String>) = cells.into_iter().unzip();
                if columns.is_empty() {
                    columns = names;
                } else if names != columns {
                    // A field left out of one row would be an empty cell: emptied on it.
                    return Err(Error::invalid(
                        format!(
                            "every record saved in one call must give the same fields: {xmlid} \
                             gives {names:?}, the first gave {columns:?}"
                        ),
                        context.clone(),
                    ));
                }
                row.insert(0, xmlid.clone());
                rows.push(row);
            }
            let mut names: Vec<&str> = vec!["id"];
            names.extend(columns.iter().map(String::as_str));
            let report = self
                .client
                .load(model, &names)
                .rows(rows)
                .batch_size(batch.len())
                .all_or_nothing()
                .run()
                .await?;
            if let Some(error) = report.errors.first() {
                return Err(error.to_error(model));
            }
            ids.extend(report.ids.into_iter().flatten());
        }
        Ok(ids)
    }

    /// One `search_read` of `ir.model.data` for all the names (grouped by module).
    async fn search(&self, names: &[(&str, &str)]) -> Result<BTreeMap<String, ExternalRef>> {
        #[derive(Deserialize)]
        struct Row {
            module: String,
            name: String,
            model: String,
            res_id: i64,
        }
        let mut by_module: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for (module, name) in names {
            by_module.entry(module).or_default().push(name);
        }
        let mut domain: Vec<Value> = Vec::new();
        for _ in 1..by_module.len() {
            domain.push(json!("|"));
        }
        for (module, names) in &by_module {
            domain.push(json!("&"));
            domain.push(json!(["module", "=", module]));
            domain.push(json!(["name", "in", names]));
        }
        let rows: Vec<Row> = self
            .client
            .search_read(
                MODEL,
                Value::Array(domain),
                &["module", "name", "model", "res_id"],
                SearchOptions::new(),
            )
            .await?;
        Ok(rows
            .into_iter()
            .map(|row| {
                let xmlid = format!("{}.{}", row.module, row.name);
                let found = ExternalRef {
                    xmlid: xmlid.clone(),
                    model: row.model,
                    id: row.res_id,
                };
                (xmlid, found)
            })
            .collect())
    }

    /// `check_object_reference` for each name, for a user who may not read `ir.model.data`.
    async fn check_one_by_one(
        &self,
        names: &[(&str, &str)],
    ) -> Result<BTreeMap<String, ExternalRef>> {
        let mut found = BTreeMap::new();
        let mut hidden = Vec::new();
        for (module, name) in names {
            let xmlid = format!("{module}.{name}");
            // Archived records are records too.
            let call = Call::new(MODEL, "check_object_reference")
                .arg(*module)
                .arg(*name)
                .kwarg(
                    "context",
                    Value::Object(Context::new().active_test(false).into_map()),
                );
            let answer: Result<(String, Value)> = self.client.call_as(call).await;
            match answer {
                Ok((model, Value::Number(id))) => {
                    let Some(id) = id.as_i64() else { continue };
                    found.insert(xmlid.clone(), ExternalRef { xmlid, model, id });
                }
                Ok(_) => hidden.push(xmlid),
                // "External ID not found in the system: ..."
                Err(error) if error.kind() == ErrorKind::NotFound => {}
                Err(error) => return Err(error),
            }
        }
        if !hidden.is_empty() {
            return Err(Error::odoo(OdooError {
                kind: ErrorKind::AccessError,
                name: None,
                message: format!(
                    "the records of the external IDs {} exist, but this user may not see them",
                    hidden.join(", ")
                ),
                debug: None,
                code: None,
                credential: None,
                context: ErrorContext::call(MODEL, "check_object_reference"),
            }));
        }
        Ok(found)
    }
}

/// `module.name` split at its first dot, as Odoo splits it.
fn split<'x>(xmlid: &'x str, context: &ErrorContext) -> Result<(&'x str, &'x str)> {
    match xmlid.split_once('.') {
        Some((module, name)) if !module.is_empty() && !name.is_empty() => Ok((module, name)),
        _ => Err(Error::invalid(
            format!("`{xmlid}` is not an external ID: they are written `module.name`"),
            context.clone(),
        )),
    }
}

/// The error for external IDs that no record has.
fn not_found(xmlids: &[String]) -> Error {
    Error::odoo(OdooError {
        kind: ErrorKind::NotFound,
        name: None,
        message: format!("External ID not found in the system: {}", xmlids.join(", ")),
        debug: None,
        code: None,
        credential: None,
        context: ErrorContext::call(MODEL, "resolve"),
    })
}
