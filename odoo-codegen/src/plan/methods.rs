//! The typed calls of a model's methods, planned from the methods a snapshot documents (Odoo
//! 19 and later, `snapshot --methods`): per method its Rust name, its required parameters as
//! arguments, its optional ones as setters of a builder, the Rust type of each from its Python
//! annotation ([`ArgType::from_annotation`]), what its answer reads as
//! ([`ReturnType::from_method`]), and the docs.
//!
//! A snapshot without methods plans none: the model's methods stay callable by name
//! (`ModelClient::call`), the ORM's own keep the client's typed calls.

use odoo_schema::{MethodSchema, ModelSchema, ParameterSchema};

use super::html;
use crate::names::{self, Namer};

/// The typed calls of one model's methods.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct MethodsPlan {
    /// The struct of calls that `ModelClient::methods` gives (`ResPartnerMethods`), in the
    /// model's module.
    pub structure: String,
    /// The doc lines of that struct.
    pub doc: Vec<String>,
    /// The methods, sorted by Odoo name.
    pub methods: Vec<MethodPlan>,
}

/// The module, inside the model's module, that holds the builders of calls with optional
/// parameters (`res_partner::methods::MessagePost`).
pub const BUILDERS_MODULE: &str = "methods";

/// One method's typed call.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct MethodPlan {
    /// The Odoo name (`message_post`).
    pub odoo_name: String,
    /// The Rust name of the function on the struct of calls.
    pub ident: String,
    /// It acts on records: the function takes their ids first.
    pub on_records: bool,
    /// The Odoo names of the parameters that can be passed by position, in signature order
    /// (what `TypedCall` sends by position).
    pub positional: Vec<String>,
    /// The parameters without a default: arguments of the function, in signature order.
    pub required: Vec<ArgPlan>,
    /// The parameters with a default: setters of the builder, in signature order.
    pub optional: Vec<ArgPlan>,
    /// It takes any other keyword (`**kwargs`): the builder has a `kwarg` setter.
    pub var_keyword: bool,
    /// The builder's name in [`BUILDERS_MODULE`], when the call has setters; without one
    /// the function returns the `TypedCall` itself.
    pub builder: Option<String>,
    /// What the answer reads as.
    pub returns: ReturnType,
    /// The doc lines of the function.
    pub doc: Vec<String>,
}

/// One parameter of a typed call.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ArgPlan {
    /// The Odoo name.
    pub odoo_name: String,
    /// The Rust name of the argument or setter.
    pub ident: String,
    /// The Rust type it takes.
    pub ty: ArgType,
    /// The doc lines.
    pub doc: Vec<String>,
}

/// The Rust type a parameter takes, from its Python annotation where that is unambiguous.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ArgType {
    /// `int`: `i64`.
    Int,
    /// `float`: `f64`.
    Float,
    /// `bool`.
    Bool,
    /// `str` (or `str|Markup`): `&str`.
    Str,
    /// `list[int]`: `&[i64]`.
    IntList,
    /// `list[str]`, `Sequence[str]`, `Collection[str]`: `&[&str]`.
    StrList,
    /// `dict`, `dict[str, ...]`: a JSON object (`odoo_core::Map`).
    Map,
    /// `ValuesType`: field values of the model, `odoo_core::Values` of its struct.
    Values,
    /// Anything else: a JSON value (`odoo_core::Value`); the doc gives the annotation.
    Json,
}

/// What a method's answer reads as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ReturnType {
    /// `None`: `()`.
    Unit,
    /// `int`: `i64`.
    Int,
    /// `float`: `f64`.
    Float,
    /// `bool` or `Literal[True]`.
    Bool,
    /// `str`: `String`.
    Str,
    /// `list[int]`: ids.
    IntList,
    /// `dict`, `ValuesType`: a JSON object.
    Map,
    /// `list[dict]`, `list[ValuesType]`: JSON objects.
    MapList,
    /// A button (`action_*`, `button_*`): `odoo_core::Action`, which reads any answer.
    Action,
    /// One record of a model (annotated with the model's name, `mail.message`):
    /// `odoo_core::types::RecordId`, which reads `42` and `[42]` alike.
    Record,
    /// Anything else: `serde_json::Value`.
    Json,
}

/// An annotation without spaces and without a `| None` (or `Optional[...]`) around it, and
/// whether it had one.
fn strip_none(annotation: &str) -> (String, bool) {
    let compact: String = annotation.chars().filter(|c| !c.is_whitespace()).collect();
    if let Some(inner) = compact
        .strip_prefix("Optional[")
        .and_then(|rest| rest.strip_suffix(']'))
    {
        return (inner.to_owned(), true);
    }
    let parts: Vec<&str> = compact.split('|').collect();
    let kept: Vec<&str> = parts
        .iter()
        .copied()
        .filter(|part| *part != "None")
        .collect();
    (kept.join("|"), kept.len() < parts.len())
}

impl ArgType {
    /// The type of a parameter annotated `annotation`; a nullable annotation (`int | None`)
    /// types an optional parameter by its inner type (leaving the setter out sends the
    /// default), and a required one as JSON.
    pub fn from_annotation(annotation: Option<&str>, required: bool) -> Self {
        let Some(annotation) = annotation else {
            return Self::Json;
        };
        let (inner, nullable) = strip_none(annotation);
        if nullable && required {
            return Self::Json;
        }
        match inner.as_str() {
            "int" => Self::Int,
            "float" => Self::Float,
            "bool" => Self::Bool,
            "str" | "str|Markup" | "Markup|str" => Self::Str,
            "list[int]" | "list(int)" | "Sequence[int]" => Self::IntList,
            "list[str]"
            | "list(str)"
            | "Sequence[str]"
            | "Collection[str]"
            | "list[str]|tuple[str,...]" => Self::StrList,
            "ValuesType" => Self::Values,
            "dict" => Self::Map,
            other if other.starts_with("dict[str,") => Self::Map,
            _ => Self::Json,
        }
    }
}

impl ReturnType {
    /// What the answer of `method` reads as: an [`Action`](ReturnType::Action) for a button,
    /// else by its return annotation.
    pub fn from_method(name: &str, method: &MethodSchema) -> Self {
        if name.starts_with("action_") || name.starts_with("button_") {
            return Self::Action;
        }
        let annotation = method
            .returns
            .as_ref()
            .and_then(|r| r.annotation.as_deref());
        let Some(annotation) = annotation else {
            return Self::Json;
        };
        let compact: String = annotation.chars().filter(|c| !c.is_whitespace()).collect();
        match compact.as_str() {
            "None" => Self::Unit,
            "int" => Self::Int,
            "float" => Self::Float,
            "bool" | "typing.Literal[True]" | "Literal[True]" => Self::Bool,
            "str" => Self::Str,
            "list[int]" => Self::IntList,
            "dict" | "ValuesType" => Self::Map,
            "list[dict]" | "list[ValuesType]" => Self::MapList,
            other if other.starts_with("dict[str,") => Self::Map,
            other if other.starts_with("list[dict[str,") => Self::MapList,
            // A model's name: one record of it.
            other
                if other.contains('.')
                    && other
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c == '.' || c == '_') =>
            {
                Self::Record
            }
            _ => Self::Json,
        }
    }
}

/// Names a builder does not take: the prelude's, and those its own methods use.
const RESERVED_BUILDERS: &[&str] = &[
    "Option",
    "Some",
    "None",
    "Result",
    "Ok",
    "Err",
    "String",
    "Vec",
    "Box",
    "Self",
    "Default",
    "Clone",
    "Copy",
    "Debug",
    "Send",
    "Sync",
    "Sized",
    "Drop",
    "Fn",
    "FnMut",
    "FnOnce",
    "Into",
    "From",
    "Iterator",
    "IntoIterator",
    "Extend",
    "ToString",
    "ToOwned",
    "PartialEq",
    "Eq",
    "PartialOrd",
    "Ord",
    "AsRef",
    "AsMut",
    "Unpin",
];

/// Setter names a builder keeps for itself.
const RESERVED_SETTERS: &[&str] = &["context", "kwarg", "into_call", "send", "send_value"];

/// Plans the typed calls of `schema`'s methods; `None` when the snapshot holds none.
pub(super) fn plan(model: &str, structure: &str, schema: &ModelSchema) -> Option<MethodsPlan> {
    if schema.methods.is_empty() {
        return None;
    }
    let idents: std::collections::BTreeMap<String, String> = names::assign(
        schema.methods.keys().map(String::as_str),
        names::field_name,
        &["clone", "fmt"],
    )
    .into_iter()
    .collect();
    let mut builders = Namer::new();
    for reserved in RESERVED_BUILDERS {
        builders.reserve(reserved);
    }
    let methods = schema
        .methods
        .iter()
        .map(|(name, method)| {
            let ident = idents
                .get(name)
                .cloned()
                .unwrap_or_else(|| names::field_name(name));
            let mut plan = method_plan(model, name, ident, method, &mut builders);
            // A wizard's buttons answer what the web client does next, as a button does.
            if schema.transient && plan.returns == ReturnType::Json {
                plan.returns = ReturnType::Action;
            }
            plan
        })
        .collect();
    let doc = html::lines(&[
        format!("Typed calls of the public methods of `{model}`, as the server documents them: `client.model::<{structure}>().methods()`."),
        String::new(),
        "Required parameters are arguments; optional ones are setters of the call each function returns. Send it with `send()`, which reads the answer as its documented type (`send_value()` reads any JSON).".to_owned(),
    ]);
    Some(MethodsPlan {
        structure: format!("{structure}Methods"),
        doc,
        methods,
    })
}

fn method_plan(
    model: &str,
    name: &str,
    ident: String,
    method: &MethodSchema,
    builders: &mut Namer,
) -> MethodPlan {
    let on_records = !method.is_model_method();
    let mut arg_names = Namer::new();
    arg_names.reserve("self");
    if on_records {
        arg_names.reserve("ids");
    }
    let mut setter_names = Namer::new();
    for reserved in RESERVED_SETTERS {
        setter_names.reserve(reserved);
    }
    let mut required = Vec::new();
    let mut optional = Vec::new();
    for parameter in &method.parameters {
        if parameter.kind.is_variadic() {
            continue;
        }
        let is_required = parameter.is_required();
        let namer = if is_required {
            &mut arg_names
        } else {
            &mut setter_names
        };
        let arg = ArgPlan {
            odoo_name: parameter.name.clone(),
            ident: namer.unique(&names::field_name(&parameter.name)),
            ty: ArgType::from_annotation(parameter.annotation.as_deref(), is_required),
            doc: html::parameter(parameter),
        };
        if is_required {
            required.push(arg);
        } else {
            optional.push(arg);
        }
    }
    let var_keyword = method.takes_var_keyword();
    let builder = (!optional.is_empty() || var_keyword).then(|| {
        let wanted = names::camel_name(name);
        if builders.is_taken(&wanted) {
            builders.unique(&format!("{wanted}Call"))
        } else {
            builders.unique(&wanted)
        }
    });
    let builder_path = builder
        .as_ref()
        .map(|builder| format!("{BUILDERS_MODULE}::{builder}"));
    MethodPlan {
        odoo_name: name.to_owned(),
        ident,
        on_records,
        positional: positional(&method.parameters),
        returns: ReturnType::from_method(name, method),
        doc: html::method(model, name, method, builder_path.as_deref()),
        required,
        optional,
        var_keyword,
        builder,
    }
}

fn positional(parameters: &[ParameterSchema]) -> Vec<String> {
    parameters
        .iter()
        .filter(|p| p.kind.is_positional())
        .map(|p| p.name.clone())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn annotations_map_to_rust_types_where_unambiguous() {
        let ty = |annotation, required| ArgType::from_annotation(Some(annotation), required);
        assert_eq!(ty("int", true), ArgType::Int);
        assert_eq!(ty("int | None", false), ArgType::Int);
        assert_eq!(ty("int | None", true), ArgType::Json);
        assert_eq!(ty("str|Markup", false), ArgType::Str);
        assert_eq!(ty("list(int)", false), ArgType::IntList);
        assert_eq!(ty("list[str] | tuple[str, ...]", true), ArgType::StrList);
        assert_eq!(ty("Optional[Sequence[str]]", false), ArgType::StrList);
        assert_eq!(ty("dict[str, dict]", true), ArgType::Map);
        assert_eq!(ty("dict[int, str]", true), ArgType::Json);
        assert_eq!(ty("ValuesType | None", false), ArgType::Values);
        assert_eq!(ty("DomainType", true), ArgType::Json);
        assert_eq!(ty("record/str", true), ArgType::Json);
        assert_eq!(ArgType::from_annotation(None, true), ArgType::Json);
    }

    #[test]
    fn answers_read_as_their_annotation_and_buttons_as_actions() {
        let returning = |annotation: &str| MethodSchema {
            returns: Some(odoo_schema::ReturnSchema {
                annotation: Some(annotation.to_owned()),
                doc: None,
            }),
            ..MethodSchema::default()
        };
        assert_eq!(
            ReturnType::from_method("copy", &returning("list[int]")),
            ReturnType::IntList
        );
        assert_eq!(
            ReturnType::from_method("write", &returning("typing.Literal[True]")),
            ReturnType::Bool
        );
        assert_eq!(
            ReturnType::from_method("action_confirm", &returning("bool")),
            ReturnType::Action
        );
        assert_eq!(
            ReturnType::from_method("button_validate", &MethodSchema::default()),
            ReturnType::Action
        );
        assert_eq!(
            ReturnType::from_method("name_search", &returning("list[tuple[int, str]]")),
            ReturnType::Json
        );
        assert_eq!(
            ReturnType::from_method("web_read", &returning("list[dict]")),
            ReturnType::MapList
        );
        assert_eq!(
            ReturnType::from_method("x", &MethodSchema::default()),
            ReturnType::Json
        );
    }
}
