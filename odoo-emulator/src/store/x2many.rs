//! x2many commands (`[0, 0, vals]`, `[4, id]`, `[6, 0, ids]`, ...) applied to a record.

use serde_json::{json, Value};

use super::{bad_value, invalid_field, Store};
use crate::error::EmulatorError;
use odoo_schema::FieldType;

/// The x2many field being changed: the record, the field, and where its values live.
struct X2manyField<'a> {
    model: &'a str,
    id: i64,
    name: &'a str,
    relation: String,
    /// The inverse many2one of a one2many computed from its children (the targets hold the
    /// link); `None` when the record holds the list of ids itself.
    inverse: Option<String>,
}

impl X2manyField<'_> {
    /// The error for a command this field cannot take.
    fn bad(&self, command: &Value) -> EmulatorError {
        bad_value(self.model, self.name, command)
    }
}

/// The commands of a written x2many value: `false` clears, a plain list of ids sets.
fn command_list(model: &str, name: &str, commands: &Value) -> Result<Vec<Value>, EmulatorError> {
    Ok(match commands {
        Value::Bool(false) | Value::Null => vec![json!([5, 0, 0])],
        Value::Array(items) if items.iter().all(Value::is_number) => {
            vec![json!([6, 0, items])]
        }
        Value::Array(items) => items.clone(),
        other => return Err(bad_value(model, name, other)),
    })
}

impl Store {
    /// Applies x2many commands (or a plain list of ids, read as "set") to one record.
    pub(super) fn apply_x2many(
        &mut self,
        model: &str,
        id: i64,
        name: &str,
        commands: &Value,
    ) -> Result<(), EmulatorError> {
        let field = self
            .schema
            .model(model)
            .and_then(|m| m.field(name))
            .cloned()
            .ok_or_else(|| invalid_field(name, model))?;
        let relation = field.relation.clone().unwrap_or_default();
        let inverse = field.relation_field.clone().filter(|_| {
            field.field_type == FieldType::One2many && self.schema.model(&relation).is_some()
        });
        let field = X2manyField {
            model,
            id,
            name,
            relation,
            inverse,
        };
        let mut current: Vec<i64> = match self.stored_value(model, id, name) {
            Value::Array(items) => items.iter().filter_map(Value::as_i64).collect(),
            _ => Vec::new(),
        };
        for command in &command_list(model, name, commands)? {
            self.apply_command(&field, command, &mut current)?;
        }
        if field.inverse.is_none() {
            let mut unique = Vec::new();
            for c in current {
                if !unique.contains(&c) {
                    unique.push(c);
                }
            }
            self.set_raw(model, id, name, json!(unique));
        }
        Ok(())
    }

    /// Applies one command to `current`, the ids the field holds.
    fn apply_command(
        &mut self,
        field: &X2manyField<'_>,
        command: &Value,
        current: &mut Vec<i64>,
    ) -> Result<(), EmulatorError> {
        let parts = command.as_array().ok_or_else(|| field.bad(command))?;
        let code = parts
            .first()
            .and_then(Value::as_i64)
            .ok_or_else(|| field.bad(command))?;
        let target = || {
            parts
                .get(1)
                .and_then(Value::as_i64)
                .ok_or_else(|| field.bad(command))
        };
        let vals = || parts.get(2).cloned().unwrap_or_else(|| json!({}));
        match code {
            // CREATE
            0 => {
                let mut vals = vals();
                if let (Some(inverse), Value::Object(map)) = (&field.inverse, &mut vals) {
                    map.insert(inverse.clone(), json!(field.id));
                }
                current.push(self.create_inner(&field.relation, &vals)?);
            }
            // UPDATE
            1 => self.write_inner(&field.relation, &[target()?], &vals())?,
            // DELETE
            2 => {
                let target = target()?;
                current.retain(|c| *c != target);
                if self.exists(&field.relation, target) {
                    self.unlink_raw(&field.relation, &[target]);
                }
            }
            // UNLINK
            3 => {
                let target = target()?;
                current.retain(|c| *c != target);
                self.set_inverse(field, target, false);
            }
            // LINK
            4 => {
                let target = target()?;
                self.check_exists(&field.relation, &[target])?;
                if !current.contains(&target) {
                    current.push(target);
                }
                self.set_inverse(field, target, true);
            }
            // CLEAR
            5 => {
                for child in current.drain(..) {
                    self.set_inverse(field, child, false);
                }
            }
            // SET
            6 => {
                let ids: Vec<i64> = parts
                    .get(2)
                    .and_then(Value::as_array)
                    .map(|a| a.iter().filter_map(Value::as_i64).collect())
                    .unwrap_or_default();
                self.check_exists(&field.relation, &ids)?;
                for child in current.iter() {
                    self.set_inverse(field, *child, false);
                }
                for child in &ids {
                    self.set_inverse(field, *child, true);
                }
                *current = ids;
            }
            _ => return Err(field.bad(command)),
        }
        Ok(())
    }

    /// Points a target's inverse field at the record (`linked`) or at nothing, when the field
    /// is a one2many computed from its children.
    fn set_inverse(&mut self, field: &X2manyField<'_>, target: i64, linked: bool) {
        if let Some(inverse) = &field.inverse {
            let value = if linked {
                json!(field.id)
            } else {
                Value::Bool(false)
            };
            self.set_raw(&field.relation, target, inverse, value);
        }
    }
}
