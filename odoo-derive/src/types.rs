//! What a field's Rust type is, read from its syntax, and which fields it can hold (by the
//! table of `odoo_schema::rust_type`, shared with the generator).

use odoo_schema::rust_type::RustKind;
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

impl Kind<'_> {
    /// The kind of the table in `odoo_schema::rust_type` that this type is, if any (a
    /// selection enum or a user type is none).
    pub fn rust_kind(&self) -> Option<RustKind> {
        Some(match self {
            Self::Bool => RustKind::Bool,
            Self::Int => RustKind::Int,
            Self::Float => RustKind::Float,
            Self::Text => RustKind::Text,
            Self::Date => RustKind::Date,
            Self::DateTime => RustKind::DateTime,
            Self::Binary => RustKind::Binary,
            Self::Many2one(_) => RustKind::Many2one,
            Self::X2many(_) => RustKind::X2many,
            Self::Reference => RustKind::Reference,
            Self::Many2oneReference => RustKind::Many2oneReference,
            Self::Json => RustKind::Json,
            Self::Other(_) => return None,
        })
    }
}

/// Whether a Rust type of this kind can hold a field whose kind, by the table of
/// `odoo_schema::rust_type`, is `field`; `Err` says what fits.
///
/// The type must be the table's, with these alternatives: `serde_json::Value` holds any
/// field; `String` holds a selection (its key) or a reference (`"model,id"`); `i64` holds a
/// many2one_reference (the id); a type the table does not know may be the enum of a
/// selection.
pub fn fits(kind: &Kind<'_>, field: RustKind) -> Result<(), &'static str> {
    let ok = match kind.rust_kind() {
        Some(RustKind::Json) => true,
        Some(found) if found == field => true,
        Some(RustKind::Text) => matches!(field, RustKind::Selection | RustKind::Reference),
        Some(RustKind::Int) => field == RustKind::Many2oneReference,
        Some(_) => false,
        None => field == RustKind::Selection,
    };
    if ok {
        Ok(())
    } else {
        Err(field.expected())
    }
}
