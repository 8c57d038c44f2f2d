//! What a field's Rust type is, read from its syntax, and which Odoo types it can hold.

use odoo_schema::FieldType;
use syn::{GenericArgument, PathArguments, Type};

/// The shape of a field type: `Option` or not, and what it holds.
pub struct Shape<'a> {
    pub optional: bool,
    pub kind: Kind<'a>,
}

/// What a field type holds, as far as its name tells.
pub enum Kind<'a> {
    Bool,
    Int,
    Float,
    Text,
    Date,
    DateTime,
    Binary,
    /// `Many2one<T>`: the target type when one is given.
    Many2one(Option<&'a Type>),
    /// `X2many<T>`.
    X2many(Option<&'a Type>),
    Reference,
    Many2oneReference,
    Json,
    /// A type this table does not know: a selection enum, or a user type.
    Other(String),
}

impl Kind<'_> {
    /// How the kind is named in messages.
    pub fn describe(&self) -> String {
        match self {
            Self::Bool => "bool".into(),
            Self::Int => "i64".into(),
            Self::Float => "f64".into(),
            Self::Text => "String".into(),
            Self::Date => "Date".into(),
            Self::DateTime => "DateTime".into(),
            Self::Binary => "Binary".into(),
            Self::Many2one(_) => "Many2one".into(),
            Self::X2many(_) => "X2many".into(),
            Self::Reference => "Reference".into(),
            Self::Many2oneReference => "Many2oneReference".into(),
            Self::Json => "Value".into(),
            Self::Other(name) => name.clone(),
        }
    }
}

/// Reads the shape of `ty` from its last path segment.
pub fn shape(ty: &Type) -> Shape<'_> {
    let Some((name, argument)) = last_segment(ty) else {
        return Shape {
            optional: false,
            kind: Kind::Other(quote::quote!(#ty).to_string()),
        };
    };
    if name == "Option" {
        if let Some(inner) = argument {
            let inner = shape(inner);
            return Shape {
                optional: true,
                kind: inner.kind,
            };
        }
    }
    let kind = match name.as_str() {
        "bool" => Kind::Bool,
        // Only the types that implement `OdooField`; others (`i32`, `NaiveDate`, ...) fall
        // to `Other` and get the message naming the type to use.
        "i64" => Kind::Int,
        "f64" => Kind::Float,
        "String" => Kind::Text,
        "Date" => Kind::Date,
        "DateTime" => Kind::DateTime,
        "Binary" => Kind::Binary,
        "Many2one" => Kind::Many2one(argument),
        "X2many" => Kind::X2many(argument),
        "Reference" => Kind::Reference,
        "Many2oneReference" => Kind::Many2oneReference,
        "Value" => Kind::Json,
        _ => Kind::Other(name),
    };
    Shape {
        optional: false,
        kind,
    }
}

/// The last segment's name and its first type argument.
fn last_segment(ty: &Type) -> Option<(String, Option<&Type>)> {
    let Type::Path(path) = ty else { return None };
    if path.qself.is_some() {
        return None;
    }
    let segment = path.path.segments.last()?;
    let argument = match &segment.arguments {
        PathArguments::AngleBracketed(args) => args.args.iter().find_map(|arg| match arg {
            GenericArgument::Type(ty) => Some(ty),
            _ => None,
        }),
        _ => None,
    };
    Some((segment.ident.to_string(), argument))
}

/// The target type of a relation, unless it is the untyped default.
pub fn relation_target<'a>(kind: &Kind<'a>) -> Option<&'a Type> {
    let (Kind::Many2one(Some(target)) | Kind::X2many(Some(target))) = kind else {
        return None;
    };
    match last_segment(target) {
        Some((name, _)) if name == "AnyModel" => None,
        _ => Some(target),
    }
}

/// Whether a Rust kind can hold an Odoo field of type `odoo`; `Err` names what fits.
pub fn fits(kind: &Kind<'_>, odoo: &FieldType) -> Result<(), &'static str> {
    use FieldType as F;
    if matches!(kind, Kind::Json) {
        return Ok(());
    }
    let expected = match odoo {
        F::Boolean => "bool",
        F::Integer => "i64",
        F::Float | F::Monetary => "f64",
        F::Char | F::Text | F::Html => "String",
        F::Date => "odoo_core::types::Date",
        F::Datetime => "odoo_core::types::DateTime",
        F::Binary => "odoo_core::types::Binary",
        F::Selection => "a selection enum (#[derive(OdooSelection)]) or String",
        F::Many2one => "odoo_core::types::Many2one<_>",
        F::One2many | F::Many2many => "odoo_core::types::X2many<_>",
        F::Reference => "odoo_core::types::Reference",
        F::Many2oneReference => "odoo_core::types::Many2oneReference",
        F::Json | F::Properties | F::PropertiesDefinition | F::Other(_) => "serde_json::Value",
    };
    let ok = matches!(
        (kind, odoo),
        (Kind::Bool, F::Boolean)
            | (Kind::Int, F::Integer | F::Many2oneReference)
            | (Kind::Float, F::Float | F::Monetary)
            | (
                Kind::Text,
                F::Char | F::Text | F::Html | F::Selection | F::Reference
            )
            | (Kind::Date, F::Date)
            | (Kind::DateTime, F::Datetime)
            | (Kind::Binary, F::Binary)
            | (Kind::Many2one(_), F::Many2one)
            | (Kind::X2many(_), F::One2many | F::Many2many)
            | (Kind::Reference, F::Reference)
            | (Kind::Many2oneReference, F::Many2oneReference)
            | (Kind::Other(_), F::Selection)
    );
    if ok {
        Ok(())
    } else {
        Err(expected)
    }
}

/// Whether an empty value of this Odoo type arrives as `false` (and so needs `Option`).
pub fn empty_is_false(odoo: &FieldType) -> bool {
    use FieldType as F;
    !matches!(
        odoo,
        F::Boolean | F::Integer | F::Float | F::Monetary | F::One2many | F::Many2many
    )
}
