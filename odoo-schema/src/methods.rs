//! The public methods of a model, as Odoo 19's API documentation (`/doc-bearer/<model>.json`)
//! describes them: for each method its parameters in the order of the Python signature (kind,
//! default, annotation, doc), its return value, whether it acts on records or on the model, and
//! its documentation.
//!
//! A snapshot holds them in [`ModelSchema::methods`](crate::ModelSchema::methods) when it was
//! taken with methods (`odoo-codegen snapshot --methods`, Odoo 19 and later); the generator
//! makes typed calls of them, the derive checks `#[odoo(methods(...))]` against them. Docs stay
//! as the server wrote them (HTML); the generator turns them into rustdoc.
//!
//! ```json
//! "methods": {
//!   "copy": {
//!     "parameters": [
//!       { "name": "default", "default": null, "annotation": "ValuesType | None" }
//!     ],
//!     "return": { "annotation": "list[int]", "doc": "<p>new records</p>" },
//!     "defined_in": "core",
//!     "module": "core"
//!   }
//! }
//! ```
//!
//! [`api_doc`](crate::api_doc) reads and writes the documentation pages themselves.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;

/// One public method of a model.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MethodSchema {
    /// The `api` flags Odoo lists: `model` (the method acts on the model, not on records: no
    /// ids), `model_create_multi`, `readonly`, ...
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub api: Vec<String>,
    /// The parameters after `self`, in the order of the Python signature.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parameters: Vec<ParameterSchema>,
    /// What it returns, when documented.
    #[serde(default, rename = "return", skip_serializing_if = "Option::is_none")]
    pub returns: Option<ReturnSchema>,
    /// The exceptions it documents, by class name, with when they are raised (HTML).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub raises: BTreeMap<String, String>,
    /// The documentation (HTML, as the server renders the docstring).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc: Option<String>,
    /// Where it is defined: `core` for the ORM's own methods, else the model or mixin
    /// (`mail.thread`) whose class defines it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub defined_in: Option<String>,
    /// The Odoo module that defines it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub module: Option<String>,
}

/// One parameter of a method.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ParameterSchema {
    /// Its name in the Python signature.
    pub name: String,
    /// How it is passed.
    #[serde(
        default,
        skip_serializing_if = "ParameterKind::is_positional_or_keyword"
    )]
    pub kind: ParameterKind,
    /// Its default value as JSON (`null` for Python's `None`); absent when the parameter has
    /// none, which makes it required (unless it is `*args` or `**kwargs`).
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub default: Option<Value>,
    /// The Python annotation (`int`, `str | None`, `list[int]`, ...), or the type its
    /// docstring gives, when documented.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub annotation: Option<String>,
    /// The documentation (HTML).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc: Option<String>,
}

/// What a method returns.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReturnSchema {
    /// The Python annotation (`list[int]`, `bool`, ...), when documented.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub annotation: Option<String>,
    /// The documentation (HTML).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc: Option<String>,
}

/// How a parameter is passed, as Python's `inspect.Parameter.kind` names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum ParameterKind {
    /// Before a `/`: by position only.
    PositionalOnly,
    /// By position or by name: the usual parameter.
    #[default]
    PositionalOrKeyword,
    /// `*args`: any further positional arguments.
    VarPositional,
    /// After a `*` or `*args`: by name only.
    KeywordOnly,
    /// `**kwargs`: any further keyword arguments.
    VarKeyword,
}

impl ParameterKind {
    /// Every kind, in Python's order.
    pub const ALL: [ParameterKind; 5] = [
        Self::PositionalOnly,
        Self::PositionalOrKeyword,
        Self::VarPositional,
        Self::KeywordOnly,
        Self::VarKeyword,
    ];

    /// The name Python gives it (`POSITIONAL_OR_KEYWORD`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::PositionalOnly => "POSITIONAL_ONLY",
            Self::PositionalOrKeyword => "POSITIONAL_OR_KEYWORD",
            Self::VarPositional => "VAR_POSITIONAL",
            Self::KeywordOnly => "KEYWORD_ONLY",
            Self::VarKeyword => "VAR_KEYWORD",
        }
    }

    /// The kind of that Python name; `None` for a name Python does not have.
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.as_str() == name)
    }

    /// Whether it can be passed by position (`execute_kw`'s `args`).
    pub fn is_positional(self) -> bool {
        matches!(self, Self::PositionalOnly | Self::PositionalOrKeyword)
    }

    /// `*args` or `**kwargs`.
    pub fn is_variadic(self) -> bool {
        matches!(self, Self::VarPositional | Self::VarKeyword)
    }

    #[allow(clippy::trivially_copy_pass_by_ref)]
    fn is_positional_or_keyword(&self) -> bool {
        *self == Self::PositionalOrKeyword
    }
}

impl Serialize for ParameterKind {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for ParameterKind {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let name = String::deserialize(deserializer)?;
        Self::parse(&name)
            .ok_or_else(|| serde::de::Error::custom(format!("unknown parameter kind `{name}`")))
    }
}

/// A default that is present, `null` included (serde would read `null` as absent).
fn present<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Value>, D::Error> {
    Value::deserialize(deserializer).map(Some)
}

impl ParameterSchema {
    /// A positional-or-keyword parameter without a default (required), annotation or doc.
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            kind: ParameterKind::PositionalOrKeyword,
            default: None,
            annotation: None,
            doc: None,
        }
    }

    /// Whether a call must give it: no default, and not `*args` or `**kwargs`.
    pub fn is_required(&self) -> bool {
        self.default.is_none() && !self.kind.is_variadic()
    }
}

impl MethodSchema {
    /// Whether the method acts on the model rather than on records (`@api.model`): it takes
    /// no ids.
    pub fn is_model_method(&self) -> bool {
        self.api
            .iter()
            .any(|flag| flag == "model" || flag == "model_create_multi")
    }

    /// The parameter of that name.
    pub fn parameter(&self, name: &str) -> Option<&ParameterSchema> {
        self.parameters.iter().find(|p| p.name == name)
    }

    /// Whether it takes any other keyword argument (`**kwargs`).
    pub fn takes_var_keyword(&self) -> bool {
        self.parameters
            .iter()
            .any(|p| p.kind == ParameterKind::VarKeyword)
    }

    /// The names its positional arguments have, as `execute_kw` passes them: `ids` first
    /// for a method on records, then the parameters that can be passed by position.
    pub fn argument_names(&self) -> Vec<&str> {
        let ids = (!self.is_model_method()).then_some("ids");
        ids.into_iter()
            .chain(
                self.parameters
                    .iter()
                    .filter(|p| p.kind.is_positional())
                    .map(|p| p.name.as_str()),
            )
            .collect()
    }

    /// The signature as Odoo's documentation writes it, without `self`:
    /// `(name='', domain=None, operator='ilike', limit=100) -> list[tuple[int, str]]`
    /// (`*args` and `**kwargs` by their bare name).
    pub fn signature(&self) -> String {
        let mut out = String::from("(");
        for (index, parameter) in self.parameters.iter().enumerate() {
            if index > 0 {
                out.push_str(", ");
            }
            out.push_str(&parameter.name);
            if let Some(default) = &parameter.default {
                out.push('=');
                out.push_str(&python_repr(default));
            }
        }
        out.push(')');
        if let Some(annotation) = self.returns.as_ref().and_then(|r| r.annotation.as_ref()) {
            out.push_str(" -> ");
            out.push_str(annotation);
        }
        out
    }

    /// What a caller depends on, for comparing two versions of a method: model or records,
    /// and each parameter's name, kind, annotation and whether it has a default. Docs and
    /// default values aside.
    pub fn calling_convention(&self) -> String {
        let mut out = String::new();
        if self.is_model_method() {
            out.push_str("model ");
        }
        out.push('(');
        for (index, p) in self.parameters.iter().enumerate() {
            if index > 0 {
                out.push_str(", ");
            }
            let prefix = match p.kind {
                ParameterKind::VarPositional => "*",
                ParameterKind::VarKeyword => "**",
                ParameterKind::KeywordOnly => "kw ",
                _ => "",
            };
            let _ = write!(out, "{prefix}{}", p.name);
            if let Some(annotation) = &p.annotation {
                let _ = write!(out, ": {annotation}");
            }
            if p.default.is_some() {
                out.push_str(" = ...");
            }
        }
        out.push(')');
        if let Some(annotation) = self.returns.as_ref().and_then(|r| r.annotation.as_ref()) {
            let _ = write!(out, " -> {annotation}");
        }
        out
    }
}

/// A JSON value as Python writes it: `None`, `True`, `'text'`, `[1, 2]`, `{'a': 1}`.
pub fn python_repr(value: &Value) -> String {
    match value {
        Value::Null => "None".to_owned(),
        Value::Bool(true) => "True".to_owned(),
        Value::Bool(false) => "False".to_owned(),
        Value::Number(number) => number.to_string(),
        Value::String(text) => python_str(text),
        Value::Array(items) => {
            let items: Vec<String> = items.iter().map(python_repr).collect();
            format!("[{}]", items.join(", "))
        }
        Value::Object(map) => {
            let items: Vec<String> = map
                .iter()
                .map(|(k, v)| format!("{}: {}", python_str(k), python_repr(v)))
                .collect();
            format!("{{{}}}", items.join(", "))
        }
    }
}

fn python_str(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('\'');
    for c in text.chars() {
        match c {
            '\'' => out.push_str("\\'"),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\x{:02x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('\'');
    out
}
