//! External IDs (`ir.model.data`): a model of every store, as in every Odoo database, whose
//! rows name records by `module.name`. A record's rows go when it is deleted.

use serde_json::{json, Value};

use super::Store;
use odoo_schema::ModelSchema;

/// The model that keeps external IDs.
pub(crate) const MODEL: &str = "ir.model.data";

/// `ir.model.data` as Odoo 16-19 describe it (the fields an integration uses).
pub(super) fn schema() -> ModelSchema {
    serde_json::from_value(json!({
        "description": "Model Data",
        "modules": ["base"],
        "order": "module, model, name",
        "fields": {
            "id": {"type": "integer", "string": "ID", "readonly": true, "store": true, "searchable": true, "sortable": true},
            "module": {"type": "char", "string": "Module", "required": true, "store": true, "searchable": true, "sortable": true},
            "name": {"type": "char", "string": "External Identifier", "required": true, "store": true, "searchable": true, "sortable": true},
            "model": {"type": "char", "string": "Model Name", "required": true, "store": true, "searchable": true, "sortable": true},
            "res_id": {"type": "integer", "string": "Record ID", "store": true, "searchable": true, "sortable": true},
            "noupdate": {"type": "boolean", "string": "Non Updatable", "store": true, "searchable": true, "sortable": true},
            "complete_name": {"type": "char", "string": "Complete ID", "readonly": true},
            "display_name": {"type": "char", "string": "Display Name", "readonly": true},
            "create_date": {"type": "datetime", "string": "Created on", "readonly": true, "store": true, "searchable": true, "sortable": true},
            "write_date": {"type": "datetime", "string": "Last Updated on", "readonly": true, "store": true, "searchable": true, "sortable": true}
        }
    }))
    .unwrap_or_default()
}

impl Store {
    /// The model and id `module.name` names, when a row has it.
    pub fn xmlid_lookup(&self, xmlid: &str) -> Option<(String, i64)> {
        let (module, name) = xmlid.split_once('.')?;
        self.ids(MODEL).into_iter().find_map(|row| {
            let value = |f: &str| self.stored_value(MODEL, row, f);
            (value("module") == json!(module) && value("name") == json!(name)).then(|| {
                let model = value("model").as_str().unwrap_or_default().to_owned();
                (model, value("res_id").as_i64().unwrap_or(0))
            })
        })
    }

    /// The first external ID of the record `id` of `model`, with its `noupdate`.
    pub fn xmlid_of(&self, model: &str, id: i64) -> Option<(String, bool)> {
        self.ids(MODEL).into_iter().find_map(|row| {
            let value = |f: &str| self.stored_value(MODEL, row, f);
            (value("model") == json!(model) && value("res_id") == json!(id)).then(|| {
                let module = value("module");
                let name = value("name");
                let xmlid = format!(
                    "{}.{}",
                    module.as_str().unwrap_or_default(),
                    name.as_str().unwrap_or_default()
                );
                (xmlid, value("noupdate") == Value::Bool(true))
            })
        })
    }

    /// Gives the record `id` of `model` the external ID `module.name`.
    pub fn set_xmlid(&mut self, xmlid: &str, model: &str, id: i64, noupdate: bool) {
        let Some((module, name)) = xmlid.split_once('.') else {
            return;
        };
        let values = json!({
            "module": module, "name": name, "model": model, "res_id": id, "noupdate": noupdate,
        });
        let _ = self.create(MODEL, &values);
    }

    /// Deletes the external IDs of deleted records.
    pub(super) fn forget_xmlids(&mut self, model: &str, ids: &[i64]) {
        if model == MODEL || !self.schema.models.contains_key(MODEL) {
            return;
        }
        let rows: Vec<i64> = self
            .ids(MODEL)
            .into_iter()
            .filter(|row| {
                self.stored_value(MODEL, *row, "model") == json!(model)
                    && self
                        .stored_value(MODEL, *row, "res_id")
                        .as_i64()
                        .is_some_and(|id| ids.contains(&id))
            })
            .collect();
        if let Some(table) = self.tables.get_mut(MODEL) {
            for row in rows {
                table.records.remove(&row);
            }
        }
    }
}
