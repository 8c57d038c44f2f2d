//! Reading records in the shapes Odoo answers: `read` (many2one as `[id, name]`, `false` for
//! empty values) and the web client's specification reads.

use serde_json::{json, Map, Value};

use super::{invalid_field, Store};
use crate::domain;
use crate::error::EmulatorError;
use odoo_schema::{FieldSchema, FieldType};

impl Store {
    /// Reads records as Odoo's `read` does: `id` plus the fields asked (all when `None`), many2one
    /// as `[id, display_name]`, x2many as id lists, `false` for empty values. Ids that do not
    /// exist are left out.
    pub fn read(
        &self,
        model: &str,
        ids: &[i64],
        fields: Option<&[String]>,
    ) -> Result<Vec<Value>, EmulatorError> {
        self.read_with(model, ids, fields, true)
    }

    /// [`Store::read`]; with `names` false (Odoo's `load=None`), a many2one reads as its bare
    /// id.
    pub fn read_with(
        &self,
        model: &str,
        ids: &[i64],
        fields: Option<&[String]>,
        with_names: bool,
    ) -> Result<Vec<Value>, EmulatorError> {
        let model_schema = self.model_schema(model)?;
        let names: Vec<String> = match fields {
            Some(fields) if !fields.is_empty() => {
                for f in fields {
                    if f != "id" && model_schema.field(f).is_none() {
                        return Err(invalid_field(f, model));
                    }
                }
                self.check_field_access(model, fields.iter().map(String::as_str), "read")?;
                fields.to_vec()
            }
            _ => self.accessible_fields(model),
        };
        let bin_size = self.context.get("bin_size") == Some(&Value::Bool(true));
        let mut rows = Vec::new();
        for id in ids {
            if !self.exists(model, *id) {
                continue;
            }
            let mut row = Map::new();
            row.insert("id".into(), json!(id));
            for name in &names {
                if name == "id" {
                    continue;
                }
                let Some(field) = model_schema.field(name) else {
                    continue;
                };
                let value = match self.stored_value(model, *id, name) {
                    Value::Number(target)
                        if !with_names && field.field_type == FieldType::Many2one =>
                    {
                        Value::Number(target)
                    }
                    _ => self.read_value(model, *id, name, field, bin_size),
                };
                row.insert(name.clone(), value);
            }
            rows.push(Value::Object(row));
        }
        Ok(rows)
    }

    fn read_value(
        &self,
        model: &str,
        id: i64,
        name: &str,
        field: &FieldSchema,
        bin_size: bool,
    ) -> Value {
        if name == "display_name" {
            return json!(self.display_name(model, id));
        }
        if let Some(hidden) = super::unreadable::hidden_value(model, name) {
            return hidden;
        }
        let raw = self.stored_value(model, id, name);
        match field.field_type {
            FieldType::Many2one => match raw.as_i64() {
                Some(target) => {
                    let relation = field.relation.as_deref().unwrap_or_default();
                    json!([target, self.display_name(relation, target)])
                }
                None => Value::Bool(false),
            },
            FieldType::Binary if bin_size => match &raw {
                Value::String(data) if !data.is_empty() => json!(human_size(data)),
                _ => Value::Bool(false),
            },
            _ if raw.is_null() => empty_value(field),
            // Kept to the microsecond, read in whole seconds.
            FieldType::Datetime => match raw.as_str() {
                Some(text) if text.len() > 19 => json!(text[..19]),
                _ if domain::is_empty(&raw) => Value::Bool(false),
                _ => raw,
            },
            FieldType::Integer | FieldType::Float | FieldType::Monetary | FieldType::Boolean => raw,
            _ if domain::is_empty(&raw) && !raw.is_array() => Value::Bool(false),
            _ => raw,
        }
    }

    /// Reads records for the web client (`web_read`, `web_search_read` from 17): the fields of
    /// the specification; a many2one as `{"id", "display_name"}` when its spec asks for fields
    /// (else the bare id), an x2many as nested records when its spec asks for fields.
    pub fn read_specification(
        &self,
        model: &str,
        ids: &[i64],
        spec: &Map<String, Value>,
    ) -> Result<Vec<Value>, EmulatorError> {
        let Some(model_schema) = self.schema.model(model) else {
            return Ok(self.read_undescribed(model, ids, spec));
        };
        for name in spec.keys() {
            if name != "id" && model_schema.field(name).is_none() {
                return Err(invalid_field(name, model));
            }
        }
        self.check_specification_access(model, spec)?;
        let mut rows = Vec::new();
        for id in ids {
            if !self.exists(model, *id) {
                continue;
            }
            let mut row = Map::new();
            row.insert("id".into(), json!(id));
            for (name, sub) in spec {
                if name == "id" {
                    continue;
                }
                let Some(field) = model_schema.field(name) else {
                    continue;
                };
                let sub_spec = sub.get("fields").and_then(Value::as_object);
                let value = self.specified_value(model, *id, name, field, sub_spec)?;
                row.insert(name.clone(), value);
            }
            rows.push(Value::Object(row));
        }
        Ok(rows)
    }

    /// Records of a related model the schema does not describe: ids and display names only.
    fn read_undescribed(&self, model: &str, ids: &[i64], spec: &Map<String, Value>) -> Vec<Value> {
        ids.iter()
            .map(|id| {
                let mut row = Map::new();
                row.insert("id".into(), json!(id));
                if spec.contains_key("display_name") {
                    row.insert("display_name".into(), json!(self.display_name(model, *id)));
                }
                Value::Object(row)
            })
            .collect()
    }

    /// One field of a specification read; `sub_spec` is the field's own `fields`, if any.
    fn specified_value(
        &self,
        model: &str,
        id: i64,
        name: &str,
        field: &FieldSchema,
        sub_spec: Option<&Map<String, Value>>,
    ) -> Result<Value, EmulatorError> {
        let relation = field.relation.as_deref().unwrap_or_default();
        Ok(match (&field.field_type, sub_spec) {
            (FieldType::Many2one, sub_spec) => match self.stored_value(model, id, name).as_i64() {
                None => Value::Bool(false),
                Some(target) => match sub_spec {
                    None => json!(target),
                    Some(sub_spec) => self.specified_target(relation, target, sub_spec)?,
                },
            },
            (FieldType::One2many | FieldType::Many2many, Some(sub_spec)) => {
                let targets: Vec<i64> = self
                    .stored_value(model, id, name)
                    .as_array()
                    .map(|a| a.iter().filter_map(Value::as_i64).collect())
                    .unwrap_or_default();
                Value::Array(self.read_specification(relation, &targets, sub_spec)?)
            }
            _ => self.read_value(model, id, name, field, false),
        })
    }

    /// The record a many2one points at, read by its own specification.
    fn specified_target(
        &self,
        relation: &str,
        target: i64,
        sub_spec: &Map<String, Value>,
    ) -> Result<Value, EmulatorError> {
        let mut nested = self
            .read_specification(relation, &[target], sub_spec)?
            .pop()
            .unwrap_or_else(|| json!({"id": target}));
        if let (Some(obj), true) = (
            nested.as_object_mut(),
            sub_spec.contains_key("display_name"),
        ) {
            obj.insert(
                "display_name".into(),
                json!(self.display_name(relation, target)),
            );
        }
        Ok(nested)
    }
}

fn human_size(base64: &str) -> String {
    let bytes = base64.trim_end_matches('=').len() * 3 / 4;
    let units = ["bytes", "Kb", "Mb", "Gb"];
    let mut size = bytes as f64;
    let mut unit = 0;
    while size >= 1024.0 && unit + 1 < units.len() {
        size /= 1024.0;
        unit += 1;
    }
    format!("{size:.2} {}", units[unit])
}

/// Whether a field type reads as `false` when empty (every type but boolean and numbers).
fn empty_value(field: &FieldSchema) -> Value {
    match field.field_type {
        FieldType::Boolean => Value::Bool(false),
        FieldType::Integer => json!(0),
        FieldType::Float | FieldType::Monetary => json!(0.0),
        FieldType::One2many | FieldType::Many2many => json!([]),
        _ => Value::Bool(false),
    }
}
