#![doc = include_str!("../README.md")]
//!
//! ## The format
//!
//! ```json
//! {
//!   "format": 1,
//!   "server_version": "19.0",
//!   "models": {
//!     "res.partner": {
//!       "description": "Contact",
//!       "modules": ["base", "contacts"],
//!       "fields": {
//!         "name": { "type": "char", "string": "Name", "store": true },
//!         "parent_id": { "type": "many2one", "string": "Related Company", "relation": "res.partner", "store": true }
//!       }
//!     }
//!   }
//! }
//! ```
//!
//! Attributes that are `false`, empty or absent are left out of the file. The attribute
//! list is explicit (see [`FieldSchema`]); `fields_get` attributes outside it are dropped.
//! Odoo 16 and 17 call the aggregate function `group_operator`, later versions
//! `aggregator`: both read into [`FieldSchema::aggregator`]. `exportable` is written only
//! when `false`.
//!
//! [`Schema::from_fields_get`] builds a snapshot from `fields_get` answers;
//! [`Schema::to_fields_get`] (and the same method of [`ModelSchema`] and [`FieldSchema`])
//! writes them back, in the spelling of a given Odoo version.
//!
//! With methods (Odoo 19 and later, `odoo-codegen snapshot --methods`), a model also lists
//! its public methods as the server's API documentation describes them (`"methods"`, after
//! `"fields"`; see [`methods`]); a snapshot without them has no such key.
//!
//! Besides the format, the crate holds the toolkit's tables of Odoo knowledge that the
//! derive, the generator and the emulator share: [`rust_type`] (the Rust type of each field,
//! when it is an `Option`, when a typed write may set it, which fields a read can ask for)
//! and [`merge`] (the fields several snapshots have in common).
//!
//! This crate is re-exported as `odoo_core::schema`.

#![warn(missing_docs)]

pub mod api_doc;
mod fields_get;
pub mod known_methods;
pub mod merge;
pub mod methods;
pub mod rust_type;
pub mod version;

pub use methods::{MethodSchema, ParameterKind, ParameterSchema, ReturnSchema};
pub use version::{Feature, OdooVersion};

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The version of the snapshot format this crate reads and writes.
pub const FORMAT: u32 = 1;

/// The file name a project uses for its snapshot when it names none.
pub const DEFAULT_FILE: &str = "odoo-schema.json";

/// A schema snapshot: the server version and the selected models.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Schema {
    /// Format version of the file; [`FORMAT`] for what this crate writes.
    pub format: u32,
    /// `server_version` of the instance it was taken from, e.g. `"19.0"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub server_version: Option<String>,
    /// Models by technical name (`res.partner`).
    #[serde(default)]
    pub models: BTreeMap<String, ModelSchema>,
}

/// One model of a snapshot.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModelSchema {
    /// `ir.model.name`, the human name ("Contact").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// A transient (wizard) model.
    #[serde(default, skip_serializing_if = "is_false")]
    pub transient: bool,
    /// The modules that define or extend the model, sorted.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub modules: Vec<String>,
    /// The default order of the model (`_order`), when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order: Option<String>,
    /// Why the user the snapshot was taken as cannot search the model, when it cannot: an
    /// abstract model (no table), no access right, or a model that refuses a plain search.
    /// The generator leaves such models out unless they are named exactly.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unreadable: Option<String>,
    /// Fields by name.
    #[serde(default)]
    pub fields: BTreeMap<String, FieldSchema>,
    /// Public methods by name, as the server documents them (Odoo 19 and later, when the
    /// snapshot was taken with methods): see [`methods`]. Empty, and left out of the file,
    /// otherwise.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub methods: BTreeMap<String, MethodSchema>,
    /// The first Odoo major version that has the model, in a snapshot merged with
    /// [`merge::union`] when the older ones lack it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub since: Option<u32>,
    /// The last Odoo major version that has the model, in a snapshot merged with
    /// [`merge::union`] when the newer ones lack it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<u32>,
}

/// One field of a model, with the `fields_get` attributes the toolkit keeps.
///
/// How a field maps to Rust (its type, whether it is an `Option`, whether a typed write may
/// set it) is decided by the methods of [`rust_type`], for the derive and
/// the generator alike.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldSchema {
    /// The Odoo field type.
    #[serde(rename = "type")]
    pub field_type: FieldType,
    /// The label.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub string: Option<String>,
    /// The help text (tooltip).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    /// A value is required on create and cannot be emptied.
    #[serde(default, skip_serializing_if = "is_false")]
    pub required: bool,
    /// The field cannot be written (computed without inverse, or marked so).
    #[serde(default, skip_serializing_if = "is_false")]
    pub readonly: bool,
    /// The field is stored in the database (searchable and sortable without a method).
    #[serde(default, skip_serializing_if = "is_false")]
    pub store: bool,
    /// Target model of a relational field.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub relation: Option<String>,
    /// For a one2many, the many2one field on the target that points back.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub relation_field: Option<String>,
    /// The choices of a selection field, `(key, label)`, in Odoo's order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub selection: Option<Vec<SelectionOption>>,
    /// For a monetary field, the field holding its currency.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency_field: Option<String>,
    /// The value depends on the company (stored per company).
    #[serde(default, skip_serializing_if = "is_false")]
    pub company_dependent: bool,
    /// Comma-separated XML ids of the groups that may see the field.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub groups: Option<String>,
    /// The value is translated per language.
    #[serde(default, skip_serializing_if = "is_false")]
    pub translate: bool,
    /// The field may appear in a domain.
    #[serde(default, skip_serializing_if = "is_false")]
    pub searchable: bool,
    /// The field may appear in an `order`.
    #[serde(default, skip_serializing_if = "is_false")]
    pub sortable: bool,
    /// A related field: the dotted path it follows.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub related: Option<String>,
    /// The aggregate function of read_group (`aggregator`, `group_operator` before 18).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aggregator: Option<String>,
    /// Maximum length of a char field.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size: Option<i64>,
    /// The fields a computed field's value depends on (`depends`), as dotted paths; empty for
    /// a field that is not computed (and for the rare computed field that depends on
    /// nothing). See [`FieldSchema::is_computed`].
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub depends: Vec<String>,
    /// Odoo can serialize the value for export (`exportable`; written to the file only when
    /// `false`). Fields that are not exportable hold Python objects, JSON in a field declared
    /// binary, or are virtual: reading them over the external API fails or gives another type.
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub exportable: bool,
    /// The first Odoo major version that has the field, in a snapshot merged from several
    /// versions with [`merge::union`] when the older ones lack it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub since: Option<u32>,
    /// The last Odoo major version that has the field, in a snapshot merged with
    /// [`merge::union`] when the newer ones lack it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<u32>,
}

impl Default for FieldSchema {
    fn default() -> Self {
        Self {
            field_type: FieldType::default(),
            string: None,
            help: None,
            required: false,
            readonly: false,
            store: false,
            relation: None,
            relation_field: None,
            selection: None,
            currency_field: None,
            company_dependent: false,
            groups: None,
            translate: false,
            searchable: false,
            sortable: false,
            related: None,
            aggregator: None,
            size: None,
            depends: Vec::new(),
            exportable: true,
            since: None,
            until: None,
        }
    }
}

/// One choice of a selection field.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SelectionOption {
    /// The stored key.
    pub key: SelectionKey,
    /// The label shown to users.
    pub label: String,
}

/// The key of a selection choice: a string (nearly always) or an integer.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SelectionKey {
    /// A string key, such as `"draft"` or `"0"`.
    Str(String),
    /// An integer key.
    Int(i64),
    /// `false`: the "no choice" entry some computed selections list first (the
    /// `sel_groups_*` fields of `res.users` up to Odoo 18).
    False,
}

impl Serialize for SelectionKey {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Str(key) => serializer.serialize_str(key),
            Self::Int(key) => serializer.serialize_i64(*key),
            Self::False => serializer.serialize_bool(false),
        }
    }
}

impl<'de> Deserialize<'de> for SelectionKey {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        match Value::deserialize(deserializer)? {
            Value::String(key) => Ok(Self::Str(key)),
            Value::Bool(false) => Ok(Self::False),
            Value::Number(number) => number.as_i64().map(Self::Int).ok_or_else(|| {
                serde::de::Error::custom(format!("selection key {number} is not an integer"))
            }),
            other => Err(serde::de::Error::custom(format!(
                "selection key must be a string, an integer or false, not {other}"
            ))),
        }
    }
}

impl fmt::Display for SelectionKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Str(key) => f.write_str(key),
            Self::Int(key) => fmt::Display::fmt(key, f),
            Self::False => f.write_str("false"),
        }
    }
}

impl Serialize for SelectionOption {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        (&self.key, &self.label).serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for SelectionOption {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let (key, label) = <(SelectionKey, Value)>::deserialize(deserializer)?;
        // Odoo allows a label of `False`/`None` on some computed selections.
        let label = match label {
            Value::String(label) => label,
            Value::Null | Value::Bool(false) => String::new(),
            other => other.to_string(),
        };
        Ok(Self { key, label })
    }
}

/// The type of an Odoo field.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum FieldType {
    /// `boolean`
    Boolean,
    /// `integer`
    Integer,
    /// `float`
    Float,
    /// `monetary`: a float with a currency field.
    Monetary,
    /// `char`
    #[default]
    Char,
    /// `text`
    Text,
    /// `html`
    Html,
    /// `date`
    Date,
    /// `datetime`
    Datetime,
    /// `binary`
    Binary,
    /// `selection`
    Selection,
    /// `many2one`
    Many2one,
    /// `one2many`
    One2many,
    /// `many2many`
    Many2many,
    /// `reference`: `"model,id"`.
    Reference,
    /// `many2one_reference`: an id whose model is in another field.
    Many2oneReference,
    /// `json`
    Json,
    /// `properties`
    Properties,
    /// `properties_definition`
    PropertiesDefinition,
    /// A type this crate does not know, by name.
    Other(String),
}

impl FieldType {
    /// Every known type, in a fixed order.
    pub const KNOWN: [FieldType; 19] = [
        Self::Boolean,
        Self::Integer,
        Self::Float,
        Self::Monetary,
        Self::Char,
        Self::Text,
        Self::Html,
        Self::Date,
        Self::Datetime,
        Self::Binary,
        Self::Selection,
        Self::Many2one,
        Self::One2many,
        Self::Many2many,
        Self::Reference,
        Self::Many2oneReference,
        Self::Json,
        Self::Properties,
        Self::PropertiesDefinition,
    ];

    /// The type named as Odoo names it; unknown names give [`FieldType::Other`].
    pub fn parse(name: &str) -> Self {
        Self::KNOWN
            .into_iter()
            .find(|known| known.as_str() == name)
            .unwrap_or_else(|| Self::Other(name.to_owned()))
    }

    /// The name Odoo uses.
    pub fn as_str(&self) -> &str {
        match self {
            Self::Boolean => "boolean",
            Self::Integer => "integer",
            Self::Float => "float",
            Self::Monetary => "monetary",
            Self::Char => "char",
            Self::Text => "text",
            Self::Html => "html",
            Self::Date => "date",
            Self::Datetime => "datetime",
            Self::Binary => "binary",
            Self::Selection => "selection",
            Self::Many2one => "many2one",
            Self::One2many => "one2many",
            Self::Many2many => "many2many",
            Self::Reference => "reference",
            Self::Many2oneReference => "many2one_reference",
            Self::Json => "json",
            Self::Properties => "properties",
            Self::PropertiesDefinition => "properties_definition",
            Self::Other(name) => name,
        }
    }

    /// A one2many or many2many field.
    pub fn is_x2many(&self) -> bool {
        matches!(self, Self::One2many | Self::Many2many)
    }

    /// A field whose value points at records of [`FieldSchema::relation`].
    pub fn is_relational(&self) -> bool {
        matches!(self, Self::Many2one | Self::One2many | Self::Many2many)
    }
}

impl fmt::Display for FieldType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for FieldType {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for FieldType {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let name = String::deserialize(deserializer)?;
        Ok(Self::parse(&name))
    }
}

/// Why a snapshot could not be read or built.
#[derive(Debug)]
pub struct SchemaError {
    message: String,
}

impl SchemaError {
    pub(crate) fn new(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
        }
    }
}

impl fmt::Display for SchemaError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for SchemaError {}

impl Schema {
    /// An empty snapshot of the current format.
    pub fn new(server_version: Option<String>) -> Self {
        Self {
            format: FORMAT,
            server_version,
            models: BTreeMap::new(),
        }
    }

    /// Reads a snapshot from its JSON text, refusing a newer format.
    pub fn from_json(text: &str) -> Result<Self, SchemaError> {
        let schema: Self = serde_json::from_str(text).map_err(|error| {
            SchemaError::new(format!("not a valid odoo-rs schema snapshot: {error}"))
        })?;
        if schema.format == 0 || schema.format > FORMAT {
            return Err(SchemaError::new(format!(
                "schema snapshot format {} is not supported (this version reads format {FORMAT})",
                schema.format
            )));
        }
        Ok(schema)
    }

    /// The snapshot as stable, pretty JSON with a trailing newline.
    pub fn to_json(&self) -> String {
        // Every map is a BTreeMap: keys come out sorted.
        let mut text = serde_json::to_string_pretty(self).unwrap_or_default();
        text.push('\n');
        text
    }

    /// The model of that name.
    pub fn model(&self, name: &str) -> Option<&ModelSchema> {
        self.models.get(name)
    }

    /// Builds a snapshot from `fields_get` answers, `{model: {field: {attribute: value}}}`
    /// (the shape of the recorded `fields_get.json`), and optionally the `ir.model` rows
    /// (`model`, `name`, `transient`, `modules`, `order`) that describe the models.
    pub fn from_fields_get(
        server_version: Option<String>,
        fields_get: &Value,
        ir_model: Option<&Value>,
    ) -> Result<Self, SchemaError> {
        let models = fields_get
            .as_object()
            .ok_or_else(|| SchemaError::new("fields_get data is not an object of models"))?;
        let mut schema = Self::new(server_version);
        for (model, fields) in models {
            schema
                .models
                .insert(model.clone(), ModelSchema::from_fields_get(model, fields)?);
        }
        if let Some(rows) = ir_model {
            let rows = rows
                .as_array()
                .ok_or_else(|| SchemaError::new("ir.model data is not a list of records"))?;
            for row in rows {
                let Some(name) = row.get("model").and_then(Value::as_str) else {
                    continue;
                };
                if let Some(model) = schema.models.get_mut(name) {
                    model.set_ir_model(row);
                }
            }
        }
        Ok(schema)
    }
}

impl ModelSchema {
    /// Builds a model from one `fields_get` answer, `{field: {attribute: value}}`.
    pub fn from_fields_get(model: &str, fields: &Value) -> Result<Self, SchemaError> {
        let fields = fields.as_object().ok_or_else(|| {
            SchemaError::new(format!("fields_get of {model} is not an object of fields"))
        })?;
        let mut out = Self::default();
        for (name, attributes) in fields {
            let field = FieldSchema::from_fields_get(attributes)
                .map_err(|error| SchemaError::new(format!("{model}.{name}: {error}")))?;
            out.fields.insert(name.clone(), field);
        }
        Ok(out)
    }

    /// Takes the description, transient flag, modules and order from an `ir.model` row.
    pub fn set_ir_model(&mut self, row: &Value) {
        self.description = non_empty_str(row.get("name"));
        self.transient = row.get("transient").and_then(Value::as_bool) == Some(true);
        self.order = non_empty_str(row.get("order"));
        self.modules = ir_model_modules(row);
    }

    /// The field of that name.
    pub fn field(&self, name: &str) -> Option<&FieldSchema> {
        self.fields.get(name)
    }

    /// The method of that name, when the snapshot holds the model's methods.
    pub fn method(&self, name: &str) -> Option<&MethodSchema> {
        self.methods.get(name)
    }
}

impl FieldSchema {
    /// Reads the kept attributes of one `fields_get` entry; others are ignored.
    pub fn from_fields_get(attributes: &Value) -> Result<Self, SchemaError> {
        let object = attributes
            .as_object()
            .ok_or_else(|| SchemaError::new("field attributes are not an object"))?;
        let field_type = object
            .get("type")
            .and_then(Value::as_str)
            .ok_or_else(|| SchemaError::new("field has no `type` attribute"))?;
        let flag = |key: &str| object.get(key).and_then(Value::as_bool) == Some(true);
        let text = |key: &str| non_empty_str(object.get(key));
        let selection = match object.get("selection") {
            Some(Value::Array(options)) => Some(
                options
                    .iter()
                    .map(|option| serde_json::from_value::<SelectionOption>(option.clone()))
                    .collect::<Result<Vec<_>, _>>()
                    .map_err(|error| SchemaError::new(format!("bad selection: {error}")))?,
            ),
            _ => None,
        };
        Ok(Self {
            field_type: FieldType::parse(field_type),
            string: text("string"),
            help: text("help"),
            required: flag("required"),
            readonly: flag("readonly"),
            store: flag("store"),
            relation: text("relation"),
            relation_field: text("relation_field"),
            selection,
            currency_field: text("currency_field"),
            company_dependent: flag("company_dependent"),
            groups: text("groups"),
            translate: flag("translate"),
            searchable: flag("searchable"),
            sortable: flag("sortable"),
            related: match object.get("related") {
                Some(Value::Array(path)) => {
                    let parts: Vec<&str> = path.iter().filter_map(Value::as_str).collect();
                    (!parts.is_empty()).then(|| parts.join("."))
                }
                other => non_empty_str(other),
            },
            aggregator: text("aggregator").or_else(|| text("group_operator")),
            size: object.get("size").and_then(Value::as_i64),
            depends: match object.get("depends") {
                Some(Value::Array(depends)) => depends
                    .iter()
                    .filter_map(Value::as_str)
                    .map(str::to_owned)
                    .collect(),
                // `ir.model.fields.depends`: comma-separated.
                Some(Value::String(depends)) => depends
                    .split(',')
                    .map(str::trim)
                    .filter(|path| !path.is_empty())
                    .map(str::to_owned)
                    .collect(),
                _ => Vec::new(),
            },
            // Absent (an older snapshot, a hand-made answer): exportable, as Odoo's default.
            exportable: object.get("exportable").and_then(Value::as_bool) != Some(false),
            since: None,
            until: None,
        })
    }
}

/// The candidate closest to `name` by edit distance, if it is close enough to be a likely
/// typo: for "did you mean" hints.
pub fn did_you_mean<'a>(
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let limit = (name.chars().count() / 3).max(1);
    candidates
        .into_iter()
        .map(|candidate| (edit_distance(name, candidate), candidate))
        .filter(|(distance, _)| *distance <= limit)
        .min()
        .map(|(_, candidate)| candidate)
}

/// Edit distance over chars where swapping two neighbours counts as one edit (optimal
/// string alignment).
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let width = b.len() + 1;
    let mut d = vec![0_usize; (a.len() + 1) * width];
    for i in 0..=a.len() {
        d[i * width] = i;
    }
    for (j, cell) in d.iter_mut().enumerate().take(width) {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (d[(i - 1) * width + j] + 1)
                .min(d[i * width + j - 1] + 1)
                .min(d[(i - 1) * width + j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d[(i - 2) * width + j - 2] + 1);
            }
            d[i * width + j] = best;
        }
    }
    d[a.len() * width + b.len()]
}

fn non_empty_str(value: Option<&Value>) -> Option<String> {
    match value {
        Some(Value::String(text)) if !text.is_empty() => Some(text.clone()),
        _ => None,
    }
}

#[allow(clippy::trivially_copy_pass_by_ref)]
fn is_false(value: &bool) -> bool {
    !*value
}

#[allow(clippy::trivially_copy_pass_by_ref)]
fn is_true(value: &bool) -> bool {
    *value
}

fn yes() -> bool {
    true
}

/// The modules of an `ir.model` row (its comma-separated `modules`), sorted, without repeats.
pub fn ir_model_modules(row: &Value) -> Vec<String> {
    let mut modules: Vec<String> = row
        .get("modules")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .split(',')
        .map(str::trim)
        .filter(|module| !module.is_empty())
        .map(str::to_owned)
        .collect();
    modules.sort();
    modules.dedup();
    modules
}

#[cfg(test)]
mod tests;
