//! The emulator's records: one table of JSON records per model, typed by the schema.
//!
//! This module keeps the records (storage: tables, ids, stored values, display names,
//! snapshots to roll a failed call back); its children give them Odoo's semantics:
//! [`seed`] puts records in as given, [`search`] finds them (in the model's [`default_order`]
//! unless told), [`write`] creates, writes and deletes them as the ORM does (with [`x2many`]
//! for the x2many commands, [`defaults`] and [`computed`] for the values not given, [`html`]
//! for `html` fields), [`read`] answers them in the shapes Odoo reads them, with the names of
//! [`display_name`] and the values of [`related`] fields; [`inherits`] plays `_inherits` (a product's template, a user's partner)
//! and [`mail`] the chatter. Who runs the call limits what it sees: [`company`] scopes
//! multi-company records, [`field_access`] refuses fields of groups the user is not in,
//! [`sortable`] refuses to order or group by a field the database does not store,
//! [`unreadable`] hides what Odoo never reads back.

mod attachment;
mod company;
mod computed;
mod default_order;
mod defaults;
mod display_name;
mod field_access;
pub(crate) mod html;
mod inherits;
mod mail;
mod read;
mod related;
mod search;
mod seed;
mod sortable;
#[cfg(test)]
mod tests;
mod unreadable;
mod write;
mod x2many;
mod xmlid;

use std::collections::BTreeMap;

use serde_json::{json, Map, Value};

pub(crate) use computed::picking_name;

use crate::access::caller::Caller;
use crate::error::{py_repr, EmulatorError};
use crate::OdooVersion;
use odoo_schema::{FieldType, ModelSchema, Schema};

/// The records as they were before a call.
#[derive(Debug)]
pub(crate) struct Snapshot(BTreeMap<String, Table>);

#[derive(Debug, Default, Clone)]
struct Table {
    records: BTreeMap<i64, Map<String, Value>>,
    next_id: i64,
}

/// The records of every model, kept as JSON maps with an `id`, typed by the schema.
///
/// Values are stored in their written form: a many2one as the target id (or `false`), a
/// many2many as a list of ids; a one2many with a known inverse field is computed from the
/// children. Method handlers get a `&mut Store` to read and change records.
#[derive(Debug, Clone)]
pub struct Store {
    schema: Schema,
    version: OdooVersion,
    tables: BTreeMap<String, Table>,
    defaults: BTreeMap<(String, String), Value>,
    uid: i64,
    context: Map<String, Value>,
    caller: Option<Caller>,
}

/// `YYYY-MM-DD HH:MM:SS.ffffff` in UTC, now: how the database keeps `create_date` and
/// `write_date` (Odoo reads them back in whole seconds).
pub(crate) fn now_utc_micros() -> String {
    utc_micros(std::time::SystemTime::now())
}

/// `YYYY-MM-DD HH:MM:SS.ffffff` in UTC, at `time`.
pub(crate) fn utc_micros(time: std::time::SystemTime) -> String {
    let since = time
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    let secs = since.as_secs() as i64;
    let micros = since.subsec_micros();
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02} {:02}:{:02}:{:02}.{micros:06}",
        rem / 3600,
        (rem % 3600) / 60,
        rem % 60
    )
}

impl Store {
    /// An empty store for this schema.
    pub fn new(mut schema: Schema, version: OdooVersion) -> Self {
        // Every Odoo database has its external IDs.
        schema
            .models
            .entry(xmlid::MODEL.to_owned())
            .or_insert_with(xmlid::schema);
        // And a database with messages has their subtypes.
        mail::add_subtype_model(&mut schema);
        let mut store = Self {
            schema,
            version,
            tables: BTreeMap::new(),
            defaults: BTreeMap::new(),
            uid: 1,
            context: Map::new(),
            caller: None,
        };
        store.seed_subtypes();
        store
    }

    /// The schema the records follow.
    pub fn schema(&self) -> &Schema {
        &self.schema
    }

    /// The Odoo version being emulated.
    pub fn version(&self) -> OdooVersion {
        self.version
    }

    /// The uid of the user whose call is running (1 outside calls).
    pub fn uid(&self) -> i64 {
        self.uid
    }

    /// The context of the call that is running.
    pub fn context(&self) -> &Map<String, Value> {
        &self.context
    }

    /// Runs the next calls as `caller` (`None`: nothing refused nor hidden), with `context`.
    pub(crate) fn set_env(
        &mut self,
        uid: i64,
        context: Map<String, Value>,
        caller: Option<Caller>,
    ) {
        self.uid = uid;
        self.context = context;
        self.caller = caller;
    }

    /// Back to the environment outside calls: uid 1, no context, nothing refused nor hidden.
    pub(crate) fn clear_env(&mut self) {
        self.set_env(1, Map::new(), None);
    }

    /// A copy of every record, to roll a failed call back (Odoo runs each call in a
    /// transaction).
    pub(crate) fn snapshot(&self) -> Snapshot {
        Snapshot(self.tables.clone())
    }

    /// Puts the records of a [`Store::snapshot`] back.
    pub(crate) fn restore(&mut self, snapshot: Snapshot) {
        self.tables = snapshot.0;
    }

    pub(crate) fn set_default(&mut self, model: &str, field: &str, value: Value) {
        self.defaults
            .insert((model.to_owned(), field.to_owned()), value);
    }

    fn model_schema(&self, model: &str) -> Result<&ModelSchema, EmulatorError> {
        self.schema
            .model(model)
            .ok_or_else(|| EmulatorError::user_error(format!("Object {model} doesn't exist")))
    }

    /// The ids of every record of a model, ascending.
    pub fn ids(&self, model: &str) -> Vec<i64> {
        self.tables
            .get(model)
            .map(|t| t.records.keys().copied().collect())
            .unwrap_or_default()
    }

    /// Whether this record exists.
    pub fn exists(&self, model: &str, id: i64) -> bool {
        self.tables
            .get(model)
            .is_some_and(|t| t.records.contains_key(&id))
    }

    /// The stored record, as kept (many2one as an id, many2many as ids).
    pub fn record(&self, model: &str, id: i64) -> Option<&Map<String, Value>> {
        self.tables.get(model)?.records.get(&id)
    }

    /// The stored value of one field (`null` when never set): an inherited field's from the
    /// record's `_inherits` parent, a one2many with a known inverse computed from its children
    /// (in their model's order), `display_name` and the `complete_name` of hierarchies
    /// computed.
    pub fn stored_value(&self, model: &str, id: i64, field: &str) -> Value {
        if field == "id" {
            return json!(id);
        }
        if let Some(value) = self.inherited_value(model, id, field) {
            return value;
        }
        if let Some(value) = self.computed_value(model, id, field) {
            return value;
        }
        if let Some(value) = self.related_value(model, id, field) {
            return value;
        }
        if let Some(children) = self.one2many_children(model, id, field) {
            return json!(children);
        }
        let value = self
            .record(model, id)
            .and_then(|r| r.get(field))
            .cloned()
            .unwrap_or(Value::Null);
        if field == "active" && value.is_null() {
            return Value::Bool(true);
        }
        value
    }

    /// The children of a one2many whose inverse the schema knows, in their model's order;
    /// through a `many2one_reference` inverse (a message's `res_id`), only those of `model`.
    fn one2many_children(&self, model: &str, id: i64, field: &str) -> Option<Vec<i64>> {
        let f = self.schema.model(model)?.field(field)?;
        if f.field_type != FieldType::One2many {
            return None;
        }
        let (relation, inverse) = (f.relation.as_deref()?, f.relation_field.as_deref()?);
        let target = self.schema.model(relation)?;
        let by_reference = target
            .field(inverse)
            .is_some_and(|f| f.field_type == FieldType::Many2oneReference);
        let model_field = ["model", "res_model"]
            .into_iter()
            .find(|name| target.field(name).is_some());
        let mut children: Vec<i64> = self
            .tables
            .get(relation)
            .map(|t| {
                t.records
                    .iter()
                    .filter(|(_, r)| r.get(inverse).and_then(Value::as_i64) == Some(id))
                    .filter(|(_, r)| {
                        !by_reference
                            || model_field.is_some_and(|m| r.get(m) == Some(&json!(model)))
                    })
                    .map(|(child, _)| *child)
                    .collect()
            })
            .unwrap_or_default();
        self.sort_default(relation, &mut children);
        Some(children)
    }

    fn next_id(&mut self, model: &str) -> i64 {
        let table = self.tables.entry(model.to_owned()).or_default();
        table.next_id = table
            .next_id
            .max(table.records.keys().last().map_or(1, |k| k + 1));
        let id = table.next_id;
        table.next_id += 1;
        id
    }

    fn set_raw(&mut self, model: &str, id: i64, field: &str, value: Value) {
        if let Some(record) = self
            .tables
            .get_mut(model)
            .and_then(|t| t.records.get_mut(&id))
        {
            record.insert(field.to_owned(), value);
        }
    }

    fn unlink_raw(&mut self, model: &str, ids: &[i64]) {
        if let Some(table) = self.tables.get_mut(model) {
            for id in ids {
                table.records.remove(id);
            }
        }
        // Drop references to the deleted records; children of a one2many go with them when
        // their inverse is required (`ondelete='cascade'` in Odoo), else they are detached.
        let references: Vec<(String, String, bool)> = self
            .schema
            .models
            .iter()
            .flat_map(|(other, model_schema)| {
                model_schema
                    .fields
                    .iter()
                    .filter(|(_, f)| f.relation.as_deref() == Some(model))
                    .map(move |(name, f)| {
                        let cascade = f.required && f.field_type == FieldType::Many2one;
                        (other.clone(), name.clone(), cascade)
                    })
            })
            .collect();
        for (other, name, cascades) in references {
            let Some(table) = self.tables.get_mut(&other) else {
                continue;
            };
            let mut cascade = Vec::new();
            for (rid, record) in table.records.iter_mut() {
                match record.get_mut(&name) {
                    Some(Value::Number(n)) if n.as_i64().is_some_and(|t| ids.contains(&t)) => {
                        if cascades {
                            cascade.push(*rid);
                        } else {
                            record.insert(name.clone(), Value::Bool(false));
                        }
                    }
                    Some(Value::Array(items)) => {
                        items.retain(|v| v.as_i64().is_none_or(|t| !ids.contains(&t)));
                    }
                    _ => {}
                }
            }
            if !cascade.is_empty() && other != model {
                self.unlink_raw(&other, &cascade);
            }
        }
    }
}

/// Odoo's error for a field that is not on the model.
pub(crate) fn invalid_field(name: &str, model: &str) -> EmulatorError {
    EmulatorError::value_error(format!("Invalid field '{name}' on model '{model}'"))
}

fn bad_value(model: &str, name: &str, value: &Value) -> EmulatorError {
    EmulatorError::value_error(format!(
        "Wrong value for {model}.{name}: {}",
        py_repr(value)
    ))
}
