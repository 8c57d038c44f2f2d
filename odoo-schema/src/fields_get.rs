//! A snapshot written back as `fields_get` answers: the inverse of
//! [`Schema::from_fields_get`], [`ModelSchema::from_fields_get`] and
//! [`FieldSchema::from_fields_get`].
//!
//! Reading what is written gives the same snapshot back (the `ir.model` side, description,
//! modules and order, is not part of `fields_get`). The attributes are those the snapshot
//! keeps, spelled as the given Odoo version spells them: the aggregate function is
//! `group_operator` up to Odoo 17 and `aggregator` from 18.

use serde_json::{json, Map, Value};

use crate::version::{Feature, OdooVersion};
use crate::{FieldSchema, FieldType, ModelSchema, Schema};

impl Schema {
    /// [`Schema::server_version`] read as a version: 17.0 for `"17.0"`, 17.2 for `"saas~17.2"`;
    /// `None` when the version is unknown or has no number.
    pub fn odoo_version(&self) -> Option<OdooVersion> {
        self.server_version.as_deref()?.parse().ok()
    }

    /// The major number of [`Schema::server_version`]: 17 for `"17.0"` or `"saas~17.2"`;
    /// `None` when the version is unknown or has no number.
    pub fn server_major(&self) -> Option<u32> {
        self.server_version
            .as_deref()?
            .split(['.', '-', '~', '+'])
            .find_map(|part| part.parse().ok())
    }

    /// `fields_get` of every model, `{model: {field: {attribute: value}}}`: the shape
    /// [`Schema::from_fields_get`] reads, spelled as the snapshot's server version spells it
    /// (as Odoo 18 and later when the version is unknown).
    pub fn to_fields_get(&self) -> Value {
        let version = self
            .odoo_version()
            .unwrap_or(Feature::FieldAggregatorAttribute.since());
        let models: Map<String, Value> = self
            .models
            .iter()
            .map(|(name, model)| (name.clone(), model.to_fields_get(version)))
            .collect();
        Value::Object(models)
    }
}

impl ModelSchema {
    /// The model's `fields_get` answer, `{field: {attribute: value}}`, as Odoo `version`
    /// writes it (see [`FieldSchema::to_fields_get`]).
    pub fn to_fields_get(&self, version: OdooVersion) -> Value {
        let fields: Map<String, Value> = self
            .fields
            .iter()
            .map(|(name, field)| (name.clone(), Value::Object(field.to_fields_get(version))))
            .collect();
        Value::Object(fields)
    }
}

impl FieldSchema {
    /// The field's `fields_get` attributes as Odoo `version` writes them.
    ///
    /// Always written: `type`, `string` (empty when unknown), `required`, `readonly`,
    /// `store`, `searchable`, `sortable`, `company_dependent`, `depends` and `exportable`;
    /// `translate` on char, text and html fields (and on any field that is translated).
    /// Written when set: `help`, `relation`, `relation_field`, `selection`,
    /// `currency_field`, `groups`, `related`, `size`, and the aggregate function
    /// (`group_operator` before 18, `aggregator` from 18).
    ///
    /// ```
    /// use odoo_schema::{FieldSchema, FieldType, OdooVersion};
    ///
    /// let field = FieldSchema {
    ///     field_type: FieldType::Float,
    ///     string: Some("Total".into()),
    ///     aggregator: Some("sum".into()),
    ///     ..FieldSchema::default()
    /// };
    /// let attributes = field.to_fields_get(OdooVersion::V17);
    /// assert_eq!(attributes["group_operator"], "sum");
    /// let back = FieldSchema::from_fields_get(&attributes.into()).expect("reads back");
    /// assert_eq!(back, field);
    /// ```
    pub fn to_fields_get(&self, version: OdooVersion) -> Map<String, Value> {
        let mut attrs = Map::new();
        attrs.insert("type".into(), json!(self.field_type.as_str()));
        attrs.insert(
            "string".into(),
            json!(self.string.clone().unwrap_or_default()),
        );
        if let Some(help) = &self.help {
            attrs.insert("help".into(), json!(help));
        }
        attrs.insert("required".into(), json!(self.required));
        attrs.insert("readonly".into(), json!(self.readonly));
        attrs.insert("store".into(), json!(self.store));
        attrs.insert("searchable".into(), json!(self.searchable));
        attrs.insert("sortable".into(), json!(self.sortable));
        attrs.insert("company_dependent".into(), json!(self.company_dependent));
        attrs.insert("depends".into(), json!(self.depends));
        attrs.insert("exportable".into(), json!(self.exportable));
        let optional = [
            ("relation", &self.relation),
            ("relation_field", &self.relation_field),
            ("currency_field", &self.currency_field),
            ("groups", &self.groups),
            ("related", &self.related),
        ];
        for (key, value) in optional {
            if let Some(value) = value {
                attrs.insert(key.into(), json!(value));
            }
        }
        if let Some(selection) = &self.selection {
            attrs.insert("selection".into(), json!(selection));
        }
        if let Some(size) = self.size {
            attrs.insert("size".into(), json!(size));
        }
        if let Some(aggregator) = &self.aggregator {
            let key = if version.has(Feature::FieldAggregatorAttribute) {
                "aggregator"
            } else {
                "group_operator"
            };
            attrs.insert(key.into(), json!(aggregator));
        }
        let textual = matches!(
            self.field_type,
            FieldType::Char | FieldType::Text | FieldType::Html
        );
        if textual || self.translate {
            attrs.insert("translate".into(), json!(self.translate));
        }
        attrs
    }
}
