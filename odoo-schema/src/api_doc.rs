//! Odoo 19's API documentation pages (`/doc-bearer/<model>.json`) read into
//! [`MethodSchema`]s, and methods written back in that shape.
//!
//! A page lists each public method with its signature text, its parameters as an object in
//! the order of the Python signature (a parameter without `kind` is positional-or-keyword, one
//! without `default` is required), `return`, `api`, `raise`, `doc` (HTML), and `model` and
//! `module` (where it is defined). The order of the parameters matters (it is the order of
//! positional arguments), and a plain `serde_json::Map` would sort them: read a page from its
//! text with [`ApiDocPage`]'s `Deserialize`, never through a `serde_json::Value`.
//!
//! ```
//! use odoo_schema::api_doc::ApiDocPage;
//! let page = ApiDocPage::from_json(r#"{"model": "res.partner", "methods": {
//!     "name_search": {"signature": "(name='', limit=100)", "api": ["model", "readonly"],
//!         "parameters": {"name": {"default": ""}, "limit": {"default": 100, "annotation": "int"}}}
//! }}"#).unwrap();
//! let method = &page.methods["name_search"];
//! assert!(method.is_model_method());
//! assert_eq!(method.argument_names(), ["name", "limit"]);
//! assert_eq!(method.signature(), "(name='', limit=100)");
//! ```

use std::collections::BTreeMap;

use serde::de::{MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

use crate::methods::{MethodSchema, ParameterKind, ParameterSchema, ReturnSchema};
use crate::SchemaError;

/// The index of the documentation (`/doc-bearer/index.json`): the models the user may read
/// the documentation of (their fields and methods are not read). Odoo lists there only the
/// models the user has an access right on; a user who may not read the documentation at all
/// gets an access error instead.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
pub struct ApiDocIndex {
    /// The models documented for the user.
    #[serde(default, deserialize_with = "model_names")]
    pub models: std::collections::BTreeSet<String>,
}

fn model_names<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<std::collections::BTreeSet<String>, D::Error> {
    #[derive(Deserialize)]
    struct Entry {
        model: String,
    }
    let entries = Vec::<Entry>::deserialize(deserializer)?;
    Ok(entries.into_iter().map(|entry| entry.model).collect())
}

/// The methods of one documentation page (its fields and the rest are not read).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ApiDocPage {
    /// The model the page is about.
    pub model: Option<String>,
    /// The public methods, by name.
    pub methods: BTreeMap<String, MethodSchema>,
}

impl ApiDocPage {
    /// Reads a page from its JSON text.
    pub fn from_json(text: &str) -> Result<Self, SchemaError> {
        serde_json::from_str(text)
            .map_err(|error| SchemaError::new(format!("not an API documentation page: {error}")))
    }
}

impl<'de> Deserialize<'de> for ApiDocPage {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = RawPage::deserialize(deserializer)?;
        let methods = raw
            .methods
            .into_iter()
            .map(|(name, method)| {
                let method = method.into_schema().map_err(|error| {
                    serde::de::Error::custom(format!("method `{name}`: {error}"))
                })?;
                Ok((name, method))
            })
            .collect::<Result<_, D::Error>>()?;
        Ok(Self {
            model: raw.model,
            methods,
        })
    }
}

#[derive(Deserialize)]
struct RawPage {
    #[serde(default)]
    model: Option<String>,
    #[serde(default)]
    methods: BTreeMap<String, RawMethod>,
}

#[derive(Deserialize)]
struct RawMethod {
    #[serde(default)]
    api: Option<Vec<String>>,
    #[serde(default)]
    parameters: Ordered,
    #[serde(default, rename = "return")]
    returns: Option<RawText>,
    #[serde(default, rename = "raise")]
    raises: Option<BTreeMap<String, Value>>,
    #[serde(default)]
    doc: Option<Value>,
    #[serde(default)]
    model: Option<Value>,
    #[serde(default)]
    module: Option<Value>,
}

/// A `return` entry.
#[derive(Deserialize)]
struct RawText {
    #[serde(default)]
    annotation: Option<Value>,
    #[serde(default)]
    doc: Option<Value>,
}

/// The parameters object, in the order the server wrote it.
#[derive(Default)]
struct Ordered(Vec<(String, Value)>);

impl<'de> Deserialize<'de> for Ordered {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visit;
        impl<'de> Visitor<'de> for Visit {
            type Value = Ordered;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("an object of parameters")
            }
            fn visit_unit<E>(self) -> Result<Ordered, E> {
                Ok(Ordered::default())
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Ordered, A::Error> {
                let mut out = Vec::new();
                while let Some(entry) = map.next_entry::<String, Value>()? {
                    out.push(entry);
                }
                Ok(Ordered(out))
            }
        }
        deserializer.deserialize_any(Visit)
    }
}

/// A non-empty string, else `None` (`null`, `false` and other types alike).
fn text(value: Option<&Value>) -> Option<String> {
    match value {
        Some(Value::String(text)) if !text.is_empty() => Some(text.clone()),
        _ => None,
    }
}

impl RawMethod {
    fn into_schema(self) -> Result<MethodSchema, String> {
        let parameters = self
            .parameters
            .0
            .into_iter()
            .map(|(name, spec)| parameter(name, &spec))
            .collect::<Result<Vec<_>, _>>()?;
        let returns = self
            .returns
            .map(|r| ReturnSchema {
                annotation: text(r.annotation.as_ref()),
                doc: text(r.doc.as_ref()),
            })
            .filter(|r| r.annotation.is_some() || r.doc.is_some());
        let raises = self
            .raises
            .unwrap_or_default()
            .into_iter()
            .map(|(class, doc)| (class, text(Some(&doc)).unwrap_or_default()))
            .collect();
        Ok(MethodSchema {
            api: self.api.unwrap_or_default(),
            parameters,
            returns,
            raises,
            doc: text(self.doc.as_ref()),
            defined_in: text(self.model.as_ref()),
            module: text(self.module.as_ref()),
        })
    }
}

fn parameter(name: String, spec: &Value) -> Result<ParameterSchema, String> {
    let Value::Object(spec) = spec else {
        return Err(format!("parameter `{name}` is not an object"));
    };
    let kind = match spec.get("kind") {
        None | Some(Value::Null) => ParameterKind::PositionalOrKeyword,
        Some(Value::String(kind)) => ParameterKind::parse(kind)
            .ok_or_else(|| format!("parameter `{name}` has an unknown kind `{kind}`"))?,
        Some(other) => return Err(format!("parameter `{name}` has a kind of {other}")),
    };
    Ok(ParameterSchema {
        kind,
        default: spec.get("default").cloned(),
        // `annotations` is the type a docstring gives (`:type x: int or None`).
        annotation: text(spec.get("annotation")).or_else(|| text(spec.get("annotations"))),
        doc: text(spec.get("doc")),
        name,
    })
}

/// Methods written as the `methods` object of a documentation page, parameters in order: what
/// [`ApiDocPage`] reads back.
#[derive(Debug, Clone, Copy)]
pub struct ApiDocMethods<'a>(pub &'a BTreeMap<String, MethodSchema>);

impl Serialize for ApiDocMethods<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (name, method) in self.0 {
            map.serialize_entry(name, &DocMethod(method))?;
        }
        map.end()
    }
}

struct DocMethod<'a>(&'a MethodSchema);

impl Serialize for DocMethod<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let method = self.0;
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("signature", &method.signature())?;
        map.serialize_entry("parameters", &DocParameters(&method.parameters))?;
        if let Some(returns) = &method.returns {
            map.serialize_entry(
                "return",
                &Entries(&[("annotation", &returns.annotation), ("doc", &returns.doc)]),
            )?;
        }
        if !method.api.is_empty() {
            map.serialize_entry("api", &method.api)?;
        }
        if !method.raises.is_empty() {
            map.serialize_entry("raise", &method.raises)?;
        }
        if let Some(doc) = &method.doc {
            map.serialize_entry("doc", doc)?;
        }
        map.serialize_entry("model", &method.defined_in)?;
        map.serialize_entry("module", &method.module)?;
        map.end()
    }
}

struct DocParameters<'a>(&'a [ParameterSchema]);

impl Serialize for DocParameters<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for parameter in self.0 {
            map.serialize_entry(&parameter.name, &DocParameter(parameter))?;
        }
        map.end()
    }
}

struct DocParameter<'a>(&'a ParameterSchema);

impl Serialize for DocParameter<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let parameter = self.0;
        let mut map = serializer.serialize_map(None)?;
        if parameter.kind != ParameterKind::PositionalOrKeyword {
            map.serialize_entry("kind", parameter.kind.as_str())?;
        }
        if let Some(default) = &parameter.default {
            map.serialize_entry("default", default)?;
        }
        if let Some(annotation) = &parameter.annotation {
            map.serialize_entry("annotation", annotation)?;
        }
        if let Some(doc) = &parameter.doc {
            map.serialize_entry("doc", doc)?;
        }
        map.end()
    }
}

/// Optional text entries, those that are set.
struct Entries<'a>(&'a [(&'a str, &'a Option<String>)]);

impl Serialize for Entries<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        for (key, value) in self.0 {
            if let Some(value) = value {
                map.serialize_entry(key, value)?;
            }
        }
        map.end()
    }
}
