//! The ORM's writes: `create` (defaults, required fields), `write`, `unlink`, the
//! constraints they check and the computed fields they keep up to date. A failed call changes
//! nothing.

use std::collections::BTreeSet;

use serde_json::{json, Map, Value};

use super::{bad_value, invalid_field, now_utc_micros, Store};
use crate::domain;
use crate::error::{py_repr, EmulatorError};
use crate::Feature;
use odoo_schema::{FieldSchema, FieldType, ModelSchema, SelectionKey};

impl Store {
    /// Creates a record as Odoo's `create` does: defaults (the context's `default_*` keys
    /// first), the `_inherits` parent, required fields, x2many commands, one2many children with
    /// their inverse field set, `create_date`/`write_date`, the chatter's creation message.
    /// Nothing changes when it fails.
    pub fn create(&mut self, model: &str, vals: &Value) -> Result<i64, EmulatorError> {
        let snapshot = self.snapshot();
        let outcome = self.create_inner(model, vals);
        if outcome.is_err() {
            self.restore(snapshot);
        }
        outcome
    }

    /// The values of a `create` or `write` (`verb`): a dictionary of fields the model has,
    /// with the model's schema.
    fn checked_vals<'v>(
        &self,
        verb: &str,
        model: &str,
        vals: &'v Value,
    ) -> Result<(&'v Map<String, Value>, ModelSchema), EmulatorError> {
        let Value::Object(vals) = vals else {
            return Err(EmulatorError::type_error(format!(
                "{verb}() values of {model} must be a dictionary, not {}",
                py_repr(vals)
            )));
        };
        let model_schema = self.model_schema(model)?.clone();
        if let Some(name) = vals.keys().find(|name| model_schema.field(name).is_none()) {
            return Err(invalid_field(name, model));
        }
        Ok((vals, model_schema))
    }

    pub(super) fn create_inner(&mut self, model: &str, vals: &Value) -> Result<i64, EmulatorError> {
        let with_defaults = self.with_context_defaults(model, vals);
        let vals = with_defaults.as_ref().unwrap_or(vals);
        let delegated = self.create_parent(model, vals)?;
        let vals = delegated.as_ref().unwrap_or(vals);
        let (vals, model_schema) = self.checked_vals("create", model, vals)?;
        let id = self.next_id(model);
        let mut record = Map::new();
        record.insert("id".into(), json!(id));
        let now = now_utc_micros();
        // Defaults first, then the given values.
        for (name, field) in &model_schema.fields {
            if vals.contains_key(name) || self.inherited(model, name).is_some() {
                continue;
            }
            if let Some(value) = self.default_for(model, name, field, vals, id, &now) {
                record.insert(name.clone(), value);
            }
        }
        let mut x2many: Vec<(String, Value)> = Vec::new();
        for (name, value) in vals {
            let Some(field) = model_schema.field(name) else {
                continue;
            };
            if field.field_type.is_x2many() {
                x2many.push((name.clone(), value.clone()));
            } else {
                record.insert(name.clone(), self.convert(model, name, field, value)?);
            }
        }
        if model_schema.field("display_name").is_some() {
            record.remove("display_name");
        }
        self.check_required(model, &model_schema, &record, &x2many)?;
        let table = self.tables.entry(model.to_owned()).or_default();
        table.records.insert(id, record);
        for (name, commands) in x2many {
            self.apply_x2many(model, id, &name, &commands)?;
        }
        self.check_recursion(model, &[id])?;
        self.recompute(model, &[id]);
        self.log_creation(model, id)?;
        Ok(id)
    }

    fn check_required(
        &self,
        model: &str,
        model_schema: &ModelSchema,
        record: &Map<String, Value>,
        x2many: &[(String, Value)],
    ) -> Result<(), EmulatorError> {
        for (name, field) in &model_schema.fields {
            if !field.required || !field.store || field.field_type.is_x2many() {
                continue;
            }
            if matches!(
                field.field_type,
                FieldType::Boolean | FieldType::Integer | FieldType::Float | FieldType::Monetary
            ) {
                continue;
            }
            if let Some(relation) = &field.relation {
                if self.schema.model(relation).is_none() {
                    continue;
                }
            }
            // The inverse of a one2many being created with its parent is set afterwards.
            if x2many.iter().any(|(parent_field, _)| {
                self.schema
                    .model(model)
                    .and_then(|m| m.field(parent_field))
                    .is_some_and(|f| f.relation_field.as_deref() == Some(name))
            }) {
                continue;
            }
            let value = record.get(name).cloned().unwrap_or(Value::Null);
            if domain::is_empty(&value) {
                return Err(self.required_error(model, model_schema, name, field));
            }
        }
        Ok(())
    }

    fn required_error(
        &self,
        model: &str,
        model_schema: &ModelSchema,
        name: &str,
        field: &FieldSchema,
    ) -> EmulatorError {
        let description = model_schema.description.as_deref().unwrap_or(model);
        let label = field.string.as_deref().unwrap_or(name);
        if self.version.has(Feature::RewordedErrors) {
            EmulatorError::validation(format!(
                "The operation cannot be completed: Missing required value for the field '{label}' ({name}).\nModel: '{description}' ({model})\n- create/update: a mandatory field is not set\n- delete: another model requires the record being deleted, you can archive it instead\n"
            ))
        } else {
            EmulatorError::validation(format!(
                "The operation cannot be completed:\n- Create/update: a mandatory field is not set.\n- Delete: another model requires the record being deleted. If possible, archive it instead.\n\nModel: {description} ({model})\nField: {label} ({name})\n"
            ))
        }
    }

    /// A written value in its stored form.
    fn convert(
        &mut self,
        model: &str,
        name: &str,
        field: &FieldSchema,
        value: &Value,
    ) -> Result<Value, EmulatorError> {
        Ok(match field.field_type {
            FieldType::Many2one => match value {
                Value::Bool(false) | Value::Null => Value::Bool(false),
                Value::Number(n) => {
                    let id = n.as_i64().ok_or_else(|| bad_value(model, name, value))?;
                    json!(id)
                }
                Value::Array(pair) => match pair.first().and_then(Value::as_i64) {
                    Some(id) => json!(id),
                    None => return Err(bad_value(model, name, value)),
                },
                _ => return Err(bad_value(model, name, value)),
            },
            FieldType::Integer => match value {
                Value::Bool(false) | Value::Null => json!(0),
                Value::Number(n) if n.is_i64() => value.clone(),
                Value::Number(n) => json!(n.as_f64().unwrap_or(0.0) as i64),
                _ => return Err(bad_value(model, name, value)),
            },
            FieldType::Float | FieldType::Monetary => match value {
                Value::Bool(false) | Value::Null => json!(0.0),
                Value::Number(n) => json!(n.as_f64().unwrap_or(0.0)),
                _ => return Err(bad_value(model, name, value)),
            },
            FieldType::Boolean => Value::Bool(match value {
                Value::Bool(b) => *b,
                Value::Null => false,
                Value::Number(n) => n.as_f64() != Some(0.0),
                Value::String(s) => !s.is_empty(),
                _ => true,
            }),
            FieldType::Selection => {
                if let (Some(options), false) = (&field.selection, domain::is_empty(value)) {
                    let known = options.iter().any(|o| match (&o.key, value) {
                        (SelectionKey::Str(k), Value::String(v)) => k == v,
                        (SelectionKey::Int(k), Value::Number(v)) => Some(*k) == v.as_i64(),
                        _ => false,
                    });
                    if !known {
                        return Err(EmulatorError::value_error(format!(
                            "Wrong value for {model}.{name}: {}",
                            py_repr(value)
                        )));
                    }
                }
                if domain::is_empty(value) {
                    Value::Bool(false)
                } else {
                    value.clone()
                }
            }
            FieldType::Html => match value {
                Value::String(text) => json!(super::html::sanitize(text)),
                Value::Null => Value::Bool(false),
                other => other.clone(),
            },
            _ => match value {
                Value::Null => Value::Bool(false),
                other => other.clone(),
            },
        })
    }

    /// Writes values on existing records as Odoo's `write` does.
    /// Nothing changes when it fails.
    pub fn write(&mut self, model: &str, ids: &[i64], vals: &Value) -> Result<(), EmulatorError> {
        let snapshot = self.snapshot();
        let outcome = self.write_inner(model, ids, vals);
        if outcome.is_err() {
            self.restore(snapshot);
        }
        outcome
    }

    pub(super) fn write_inner(
        &mut self,
        model: &str,
        ids: &[i64],
        vals: &Value,
    ) -> Result<(), EmulatorError> {
        let own = self.write_parents(model, ids, vals)?;
        let vals = own.as_ref().unwrap_or(vals);
        let (vals, model_schema) = self.checked_vals("write", model, vals)?;
        self.check_exists(model, ids)?;
        let now = now_utc_micros();
        let mut scalars = Map::new();
        let mut x2many = Vec::new();
        for (name, value) in vals {
            let Some(field) = model_schema.field(name) else {
                continue;
            };
            if field.field_type.is_x2many() {
                x2many.push((name.clone(), value.clone()));
            } else {
                scalars.insert(name.clone(), self.convert(model, name, field, value)?);
            }
        }
        if model_schema.field("write_date").is_some() && !scalars.contains_key("write_date") {
            scalars.insert("write_date".into(), json!(now));
        }
        for id in ids {
            if let Some(record) = self
                .tables
                .get_mut(model)
                .and_then(|t| t.records.get_mut(id))
            {
                if ["name", "parent_id", "location_id", "usage"]
                    .iter()
                    .any(|f| scalars.contains_key(*f))
                {
                    record.remove("display_name");
                    record.remove("complete_name");
                }
                record.extend(scalars.clone());
            }
            for (name, commands) in &x2many {
                self.apply_x2many(model, *id, name, commands)?;
            }
        }
        // Only the fields written can break a NOT NULL constraint.
        let cleared: Vec<&String> = scalars
            .iter()
            .filter(|(_, v)| domain::is_empty(v))
            .map(|(k, _)| k)
            .collect();
        self.check_recursion(model, ids)?;
        for name in cleared {
            if let Some(field) = model_schema.field(name) {
                let mut probe = Map::new();
                probe.insert(name.clone(), Value::Bool(false));
                let mut only = model_schema.clone();
                only.fields.retain(|k, _| k == name);
                self.check_required(model, &only, &probe, &[])
                    .map_err(|_| self.required_error(model, &model_schema, name, field))?;
            }
        }
        self.recompute(model, ids);
        Ok(())
    }

    /// The few computed fields the emulator keeps up to date: a sales order line's
    /// `price_subtotal` (quantity times unit price) and its order's `amount_untaxed` and
    /// `amount_total` (the sum of the subtotals; no taxes); an attachment's type, size,
    /// checksum and MIME type.
    fn recompute(&mut self, model: &str, ids: &[i64]) {
        let has = |store: &Self, m: &str, f: &str| {
            store.schema.model(m).and_then(|s| s.field(f)).is_some()
        };
        let mut orders: Vec<i64> = Vec::new();
        match model {
            "sale.order.line" => {
                for id in ids {
                    let number = |f: &str| self.stored_value(model, *id, f).as_f64().unwrap_or(0.0);
                    let subtotal = number("product_uom_qty") * number("price_unit");
                    if has(self, model, "price_subtotal") {
                        self.set_raw(model, *id, "price_subtotal", json!(subtotal));
                    }
                    if let Some(order) = self.stored_value(model, *id, "order_id").as_i64() {
                        orders.push(order);
                    }
                }
            }
            "sale.order" => orders.extend_from_slice(ids),
            "ir.attachment" => {
                for &id in ids {
                    self.compute_attachment(id);
                }
                return;
            }
            _ => return,
        }
        for order in orders {
            let lines = self.stored_value("sale.order", order, "order_line");
            let untaxed: f64 = lines
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(Value::as_i64)
                .map(|line| {
                    self.stored_value("sale.order.line", line, "price_subtotal")
                        .as_f64()
                        .unwrap_or(0.0)
                })
                .sum();
            let tax = self
                .stored_value("sale.order", order, "amount_tax")
                .as_f64()
                .unwrap_or(0.0);
            for (field, value) in [("amount_untaxed", untaxed), ("amount_total", untaxed + tax)] {
                if has(self, "sale.order", field) {
                    self.set_raw("sale.order", order, field, json!(value));
                }
            }
        }
    }

    pub(crate) fn check_exists(&self, model: &str, ids: &[i64]) -> Result<(), EmulatorError> {
        let missing: Vec<i64> = ids
            .iter()
            .copied()
            .filter(|id| !self.exists(model, *id))
            .collect();
        if missing.is_empty() {
            Ok(())
        } else {
            Err(EmulatorError::missing_records(model, &missing, self.uid))
        }
    }

    /// Refuses a `parent_id` cycle: `You cannot create recursive Partner hierarchies.` on
    /// contacts, `Recursion Detected.` elsewhere.
    fn check_recursion(&self, model: &str, ids: &[i64]) -> Result<(), EmulatorError> {
        let is_hierarchy = self
            .schema
            .model(model)
            .and_then(|m| m.field("parent_id"))
            .is_some_and(|f| f.relation.as_deref() == Some(model));
        if !is_hierarchy {
            return Ok(());
        }
        for id in ids {
            let mut seen = BTreeSet::new();
            let mut current = *id;
            while let Some(parent) = self.stored_value(model, current, "parent_id").as_i64() {
                if parent == *id || !seen.insert(parent) {
                    let message = if model == "res.partner" {
                        "You cannot create recursive Partner hierarchies.".to_owned()
                    } else {
                        "Recursion Detected.".to_owned()
                    };
                    return Err(EmulatorError::validation(message));
                }
                current = parent;
            }
        }
        Ok(())
    }

    /// Deletes records as Odoo's `unlink` does (MissingError for ids that do not exist); a
    /// `product.product` takes its template along when it was the template's last variant.
    pub fn unlink(&mut self, model: &str, ids: &[i64]) -> Result<(), EmulatorError> {
        self.model_schema(model)?;
        self.check_exists(model, ids)?;
        self.check_kept_parents(model, ids)?;
        let parents = self.parents_left_alone(model, ids);
        self.unlink_raw(model, ids);
        self.forget_xmlids(model, ids);
        self.forget_messages(model, ids);
        if let (Some(delegation), false) = (self.delegation(model), parents.is_empty()) {
            self.unlink_raw(delegation.parent, &parents);
            self.forget_xmlids(delegation.parent, &parents);
        }
        Ok(())
    }
}
