//! Seeding: records put in as given, with stubs for the records they point at.

use serde_json::{json, Map, Value};

use super::{invalid_field, Store};
use crate::error::EmulatorError;
use odoo_schema::{FieldSchema, FieldType};

/// The children a seeded record lists in a one2many whose inverse field is known: they are
/// seeded (or found) and pointed at the parent, since such a one2many is computed from them.
struct Children {
    relation: String,
    inverse: String,
    items: Vec<Value>,
}

/// A record a seed value points at: its id and, when given, its name.
type Reference = (Option<i64>, Option<String>);

/// A many2one seed value: an id, `[id, "name"]` or `{"id", "display_name"}`.
fn many2one_reference(value: &Value) -> Reference {
    match value {
        Value::Number(n) => (n.as_i64(), None),
        Value::Array(pair) => (
            pair.first().and_then(Value::as_i64),
            pair.get(1).and_then(Value::as_str).map(str::to_owned),
        ),
        Value::Object(o) => (
            o.get("id").and_then(Value::as_i64),
            o.get("display_name")
                .and_then(Value::as_str)
                .map(str::to_owned),
        ),
        _ => (None, None),
    }
}

/// One item of an x2many seed value: an id or `{"id", "display_name" or "name"}`.
fn x2many_reference(item: &Value) -> Reference {
    match item {
        Value::Number(n) => (n.as_i64(), None),
        Value::Object(o) => (
            o.get("id").and_then(Value::as_i64),
            o.get("display_name")
                .or_else(|| o.get("name"))
                .and_then(Value::as_str)
                .map(str::to_owned),
        ),
        _ => (None, None),
    }
}

impl Store {
    /// Puts a record in as given (seeding): keeps its `id` (else takes the next one), accepts
    /// many2one values as an id, `[id, "name"]` or `{"id", "display_name"}` and x2many values as
    /// ids or `{"id", ...}` objects, and creates a stub target (with that name) for any related
    /// record that does not exist yet. Applies no access rule, default or constraint; a record
    /// without `create_date` and `write_date` was written a day before.
    pub fn insert(&mut self, model: &str, record: Value) -> Result<i64, EmulatorError> {
        let Value::Object(values) = record else {
            return Err(EmulatorError::value_error(format!(
                "a record of {model} must be a JSON object"
            )));
        };
        let model_schema = self.model_schema(model)?.clone();
        let values = self.seed_parent(model, values)?;
        let id = self.seed_id(model, values.get("id"))?;
        let mut stored = Map::new();
        stored.insert("id".into(), json!(id));
        let mut children = Vec::new();
        for (name, value) in values {
            if name == "id" {
                continue;
            }
            let Some(field) = model_schema.field(&name) else {
                return Err(invalid_field(&name, model));
            };
            let value = match field.field_type {
                FieldType::Many2one => self.seed_many2one(field, &value)?,
                FieldType::One2many | FieldType::Many2many => {
                    let items = match value {
                        Value::Array(items) => items,
                        _ => Vec::new(),
                    };
                    if let Some((relation, inverse)) = self.computed_one2many(field) {
                        children.push(Children {
                            relation,
                            inverse,
                            items,
                        });
                        continue;
                    }
                    self.seed_x2many(field, &items)?
                }
                _ => value,
            };
            stored.insert(name, value);
        }
        // Every record of a database was written at some time: a seeded one, a day ago
        // unless it says when.
        for stamp in ["create_date", "write_date"] {
            if model_schema.field(stamp).is_some() && !stored.contains_key(stamp) {
                let day_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(86_400);
                stored.insert(stamp.into(), json!(super::utc_micros(day_ago)));
            }
        }
        self.put_seeded(model, id, stored);
        for children in children {
            self.seed_children(id, children)?;
        }
        Ok(id)
    }

    /// The id a seeded record gets: the one it gives (a positive integer), else the next one.
    fn seed_id(&mut self, model: &str, given: Option<&Value>) -> Result<i64, EmulatorError> {
        match given {
            Some(Value::Number(n)) => n
                .as_i64()
                .filter(|id| *id > 0)
                .ok_or_else(|| EmulatorError::value_error(format!("invalid id {n} for {model}"))),
            _ => Ok(self.next_id(model)),
        }
    }

    /// A many2one seed value in its stored form, its target stubbed when missing.
    fn seed_many2one(
        &mut self,
        field: &FieldSchema,
        value: &Value,
    ) -> Result<Value, EmulatorError> {
        let (target, label) = many2one_reference(value);
        match (target, &field.relation) {
            (Some(target), Some(relation)) => {
                self.ensure_stub(relation, target, label.as_deref())?;
                Ok(json!(target))
            }
            (Some(target), None) => Ok(json!(target)),
            _ => Ok(Value::Bool(false)),
        }
    }

    /// An x2many seed value in its stored form (a list of ids), its targets stubbed when
    /// missing.
    fn seed_x2many(
        &mut self,
        field: &FieldSchema,
        items: &[Value],
    ) -> Result<Value, EmulatorError> {
        let mut ids = Vec::new();
        for item in items {
            let (target, label) = x2many_reference(item);
            if let Some(target) = target {
                if let Some(relation) = &field.relation {
                    self.ensure_stub(relation, target, label.as_deref())?;
                }
                ids.push(json!(target));
            }
        }
        Ok(Value::Array(ids))
    }

    /// The target model and inverse field of a one2many that is computed from its children
    /// (both known to the schema), else `None`.
    fn computed_one2many(&self, field: &FieldSchema) -> Option<(String, String)> {
        if field.field_type != FieldType::One2many {
            return None;
        }
        let relation = field
            .relation
            .as_deref()
            .filter(|r| self.schema.model(r).is_some())?;
        let inverse = field.relation_field.as_deref()?;
        Some((relation.to_owned(), inverse.to_owned()))
    }

    /// Stores a seeded record; over a stub made earlier for this id, the real values win.
    fn put_seeded(&mut self, model: &str, id: i64, stored: Map<String, Value>) {
        let table = self.tables.entry(model.to_owned()).or_default();
        match table.records.get_mut(&id) {
            Some(existing) => existing.extend(stored),
            None => {
                table.records.insert(id, stored);
            }
        }
        table.next_id = table.next_id.max(id + 1);
    }

    /// Seeds (or finds) the children a record listed and points their inverse field at it.
    fn seed_children(&mut self, parent: i64, children: Children) -> Result<(), EmulatorError> {
        for item in &children.items {
            let (child, label) = x2many_reference(item);
            let Some(child) = child else { continue };
            self.ensure_stub(&children.relation, child, label.as_deref())?;
            if let Some(record) = self
                .tables
                .get_mut(&children.relation)
                .and_then(|t| t.records.get_mut(&child))
            {
                record.insert(children.inverse.clone(), json!(parent));
            }
        }
        Ok(())
    }

    /// Makes sure a related record exists, creating `{id, name}` when it does not (only for
    /// models of the schema).
    fn ensure_stub(
        &mut self,
        model: &str,
        id: i64,
        label: Option<&str>,
    ) -> Result<(), EmulatorError> {
        if self.schema.model(model).is_none() || self.exists(model, id) {
            return Ok(());
        }
        let has_name = self
            .schema
            .model(model)
            .is_some_and(|m| m.field("name").is_some());
        let mut stub = Map::new();
        stub.insert("id".into(), json!(id));
        if let Some(label) = label {
            let key = if has_name { "name" } else { "display_name" };
            stub.insert(key.into(), json!(label));
        }
        let table = self.tables.entry(model.to_owned()).or_default();
        table.records.insert(id, stub);
        table.next_id = table.next_id.max(id + 1);
        Ok(())
    }
}
