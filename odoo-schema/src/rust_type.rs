//! How an Odoo field maps to Rust: the one table that `#[derive(OdooModel)]` checks structs
//! against and `odoo-codegen` generates structs from, so that the two cannot disagree.
//!
//! | Odoo | [`RustKind`] | Rust type | `Option` |
//! |---|---|---|---|
//! | boolean, integer, float, monetary | `Bool`, `Int`, `Float` | `bool`, `i64`, `f64` | never (Odoo sends `false`/`0`) |
//! | char, text, html | `Text` | `String` | unless [always set](FieldSchema::always_set) |
//! | selection | `Selection` | an `OdooSelection` enum (or `String`) | unless always set |
//! | date, datetime | `Date`, `DateTime` | `Date`, `DateTime` | unless always set |
//! | many2one | `Many2one` | `Many2one<T>` | unless always set |
//! | one2many, many2many | `X2many` | `X2many<T>` | never (an empty list) |
//! | binary | `Binary` | `Binary` | always |
//! | reference, many2one_reference | `Reference`, `Many2oneReference` | `Reference`, `Many2oneReference` | always |
//! | json, properties, properties_definition, unknown | `Json` | `serde_json::Value` | always |
//!
//! A field is *always set* when it is required, stored and not company-dependent (a computed
//! or company-dependent required field still reads as `false` where it was never set), and
//! it is not a selection listing a `false` choice.

use crate::{FieldSchema, FieldType, SelectionKey};

/// The kind of Rust type that holds an Odoo field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RustKind {
    /// `bool`.
    Bool,
    /// `i64`.
    Int,
    /// `f64`.
    Float,
    /// `String`.
    Text,
    /// An `OdooSelection` enum, or `String`.
    Selection,
    /// `odoo_core::types::Date`.
    Date,
    /// `odoo_core::types::DateTime`.
    DateTime,
    /// `odoo_core::types::Binary` (base64 text).
    Binary,
    /// `odoo_core::types::Many2one<T>`.
    Many2one,
    /// `odoo_core::types::X2many<T>`.
    X2many,
    /// `odoo_core::types::Reference`.
    Reference,
    /// `odoo_core::types::Many2oneReference`.
    Many2oneReference,
    /// `serde_json::Value` (`odoo_core::Value`): any JSON.
    Json,
}

impl RustKind {
    /// The kind for an Odoo field type; types this crate does not know are `Json`.
    pub fn of(field_type: &FieldType) -> Self {
        use FieldType as F;
        match field_type {
            F::Boolean => Self::Bool,
            F::Integer => Self::Int,
            F::Float | F::Monetary => Self::Float,
            F::Char | F::Text | F::Html => Self::Text,
            F::Selection => Self::Selection,
            F::Date => Self::Date,
            F::Datetime => Self::DateTime,
            F::Binary => Self::Binary,
            F::Many2one => Self::Many2one,
            F::One2many | F::Many2many => Self::X2many,
            F::Reference => Self::Reference,
            F::Many2oneReference => Self::Many2oneReference,
            F::Json | F::Properties | F::PropertiesDefinition | F::Other(_) => Self::Json,
        }
    }

    /// The path of the type, as generated code names it (with a leading `::`). A selection
    /// has no fixed type (the generator names an enum per field); it is given as `String`.
    pub fn type_path(self) -> &'static str {
        match self {
            Self::Bool => "bool",
            Self::Int => "i64",
            Self::Float => "f64",
            Self::Text | Self::Selection => "::std::string::String",
            Self::Date => "::odoo_core::types::Date",
            Self::DateTime => "::odoo_core::types::DateTime",
            Self::Binary => "::odoo_core::types::Binary",
            Self::Many2one => "::odoo_core::types::Many2one",
            Self::X2many => "::odoo_core::types::X2many",
            Self::Reference => "::odoo_core::types::Reference",
            Self::Many2oneReference => "::odoo_core::types::Many2oneReference",
            Self::Json => "::odoo_core::Value",
        }
    }

    /// What a message says is expected for a field of this kind.
    pub fn expected(self) -> &'static str {
        match self {
            Self::Bool => "bool",
            Self::Int => "i64",
            Self::Float => "f64",
            Self::Text => "String",
            Self::Selection => "a selection enum (#[derive(OdooSelection)]) or String",
            Self::Date => "odoo_core::types::Date",
            Self::DateTime => "odoo_core::types::DateTime",
            Self::Binary => "odoo_core::types::Binary",
            Self::Many2one => "odoo_core::types::Many2one<_>",
            Self::X2many => "odoo_core::types::X2many<_>",
            Self::Reference => "odoo_core::types::Reference",
            Self::Many2oneReference => "odoo_core::types::Many2oneReference",
            Self::Json => "serde_json::Value",
        }
    }

    /// Odoo sends `false` for an empty value of this kind (every kind but booleans, numbers
    /// and x2many lists).
    pub fn empty_is_false(self) -> bool {
        !matches!(self, Self::Bool | Self::Int | Self::Float | Self::X2many)
    }

    /// Kinds that are an `Option` even when the field is required: binary content, references
    /// and JSON can be empty whatever the field says.
    pub fn always_optional(self) -> bool {
        matches!(
            self,
            Self::Binary | Self::Reference | Self::Many2oneReference | Self::Json
        )
    }
}

/// Models whose record ids are not integers: SQL views that make their ids from text (the
/// account prefixes of `account.root` are ids such as `"60"`). A relation to one of them reads
/// as JSON, not as a `Many2one`.
pub const TEXT_ID_MODELS: &[&str] = &["account.root"];

/// Fields declared required that a server still sends as `false`: columns of reports built
/// over SQL views, where `required` is not enforced (seen on Odoo 19: the valuation report
/// keeps rows whose product was deleted, and rows of stock moves that name no user).
pub const NULLABLE_REQUIRED: &[(&str, &str)] = &[
    ("stock.avco.report", "product_id"),
    ("stock.avco.report", "user_id"),
];

/// Stored binary fields whose content is not base64: Odoo keeps raw text in them and sends it
/// as it is (seen on 16 to 19: `ir.actions.client.params_store` holds a Python dict literal).
pub const RAW_TEXT_BINARY: &[(&str, &str)] = &[("ir.actions.client", "params_store")];

/// Whether the binary field `name` of `model` may come as something other than base64: a
/// binary field Odoo computes on read ([`FieldSchema::is_computed_binary`]) or one of
/// [`RAW_TEXT_BINARY`]. Generated only when named; read one as `serde_json::Value`.
pub fn binary_not_base64(model: &str, name: &str, field: &FieldSchema) -> bool {
    field.is_computed_binary()
        || (field.field_type == FieldType::Binary && RAW_TEXT_BINARY.contains(&(model, name)))
}

/// Whether the field `name` of `model` needs an `Option`: [`FieldSchema::optional`], or a
/// field of [`NULLABLE_REQUIRED`] whose kind can be empty.
pub fn optional(model: &str, name: &str, field: &FieldSchema) -> bool {
    field.optional()
        || (field.rust_kind().empty_is_false() && NULLABLE_REQUIRED.contains(&(model, name)))
}

/// The fields Odoo fills in itself on every model (the id and the log-access fields): never
/// written by a typed write, whatever their attributes say.
pub const AUTOMATIC_FIELDS: &[&str] = &[
    "id",
    "create_uid",
    "create_date",
    "write_uid",
    "write_date",
    "__last_update",
    "display_name",
];

/// Whether a typed write may set the field `name` described by `field`: [`FieldSchema::writable`],
/// and not one of the [`AUTOMATIC_FIELDS`].
pub fn writable(name: &str, field: &FieldSchema) -> bool {
    field.writable() && !AUTOMATIC_FIELDS.contains(&name)
}

impl FieldSchema {
    /// The kind of Rust type that holds this field: that of its type, but JSON for a relation
    /// to a model of [`TEXT_ID_MODELS`].
    pub fn rust_kind(&self) -> RustKind {
        let text_ids = self.field_type.is_relational()
            && self
                .relation
                .as_deref()
                .is_some_and(|relation| TEXT_ID_MODELS.contains(&relation));
        if text_ids {
            RustKind::Json
        } else {
            RustKind::of(&self.field_type)
        }
    }

    /// The field always holds a value: required, stored, not company-dependent, and not a
    /// selection that lists a `false` choice.
    pub fn always_set(&self) -> bool {
        let false_choice = self
            .selection
            .iter()
            .flatten()
            .any(|option| option.key == SelectionKey::False);
        self.required && self.store && !self.company_dependent && !false_choice
    }

    /// The Rust type must be an `Option`: the field can read as `false`.
    pub fn optional(&self) -> bool {
        let kind = self.rust_kind();
        kind.empty_is_false() && (kind.always_optional() || !self.always_set())
    }

    /// A typed write may set the field. Not when Odoo computes it without an inverse or
    /// follows a relation for it (`readonly` and computed or related, or `readonly` and not
    /// stored); a `readonly` stored field of its own (a `state`, a sequence-made `name`) is
    /// read-only in forms only and stays writable.
    pub fn writable(&self) -> bool {
        !self.readonly || (self.store && !self.is_computed() && self.related.is_none())
    }

    /// Odoo computes the value: the field lists what it depends on.
    pub fn is_computed(&self) -> bool {
        !self.depends.is_empty()
    }

    /// A read can ask for the field and gets a value of its declared type. Not for fields
    /// Odoo cannot export ([`FieldSchema::exportable`]: Python objects, JSON in binary fields,
    /// virtual fields that `fields_get` lists and reads leave out).
    pub fn round_trips(&self) -> bool {
        self.exportable
    }

    /// A binary field Odoo computes on every read instead of storing: what it sends is what
    /// the compute made, base64 for an attachment's `datas` or an avatar, but a JSON object or
    /// list in others (`needed_terms`, `tag_ids_domain`, `ir.actions.act_window.views`,
    /// `account.fiscal.position.account_map`), whatever their `exportable` says, and raw bytes
    /// in `ir.attachment.raw` (which Odoo 18 and later cannot even send: the whole read fails).
    /// Only a struct that names one reads it.
    pub fn is_computed_binary(&self) -> bool {
        self.field_type == FieldType::Binary && !self.store
    }

    /// Costly to read and rarely wanted by an integration: binary content (images,
    /// attachments) and fields computed on every read (not stored, and not a plain related
    /// field: the fields a variant takes from its template through `_inherits` are related,
    /// and read about as cheaply as its own). Generated structs leave them out unless asked
    /// for.
    pub fn costly(&self) -> bool {
        self.field_type == FieldType::Binary || (!self.store && self.related.is_none())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::SelectionOption;

    fn field(field_type: FieldType) -> FieldSchema {
        FieldSchema {
            field_type,
            ..FieldSchema::default()
        }
    }

    #[test]
    fn binary_fields_that_are_not_base64() {
        let mut stored = field(FieldType::Binary);
        stored.store = true;
        let computed = field(FieldType::Binary);
        assert!(!binary_not_base64("res.partner", "image_1920", &stored));
        assert!(binary_not_base64("ir.attachment", "raw", &computed));
        assert!(binary_not_base64(
            "ir.actions.client",
            "params_store",
            &stored
        ));
        assert!(!binary_not_base64(
            "ir.actions.client",
            "params_store",
            &field(FieldType::Char)
        ));
    }

    #[test]
    fn optional_follows_the_table() {
        let mut name = field(FieldType::Char);
        assert!(name.optional());
        name.required = true;
        assert!(name.optional(), "required but not stored");
        name.store = true;
        assert!(!name.optional());
        name.company_dependent = true;
        assert!(name.optional());

        let mut image = field(FieldType::Binary);
        image.required = true;
        image.store = true;
        assert!(image.optional(), "binary content is always optional");

        for kind in [
            FieldType::Boolean,
            FieldType::Integer,
            FieldType::Monetary,
            FieldType::Many2many,
        ] {
            assert!(!field(kind).optional());
        }

        let mut state = field(FieldType::Selection);
        state.required = true;
        state.store = true;
        assert!(!state.optional());
        state.selection = Some(vec![SelectionOption {
            key: SelectionKey::False,
            label: String::new(),
        }]);
        assert!(state.optional(), "a false choice reads as false");
    }

    #[test]
    fn required_is_not_trusted_on_sql_view_reports() {
        let mut product = field(FieldType::Many2one);
        product.required = true;
        product.store = true;
        assert!(!product.optional());
        assert!(optional("stock.avco.report", "product_id", &product));
        assert!(!optional("sale.order.line", "product_id", &product));
    }

    #[test]
    fn relations_to_text_ids_read_as_json() {
        let mut root = field(FieldType::Many2one);
        root.relation = Some("account.root".into());
        assert_eq!(root.rust_kind(), RustKind::Json);
        assert!(root.optional());
        root.relation = Some("account.account".into());
        assert_eq!(root.rust_kind(), RustKind::Many2one);
    }

    #[test]
    fn writable_leaves_out_computed_and_related_readonly_fields() {
        let mut total = field(FieldType::Monetary);
        total.readonly = true;
        total.store = true;
        total.depends = vec!["order_line.price_total".into()];
        assert!(!total.writable());
        let mut state = field(FieldType::Selection);
        state.readonly = true;
        state.store = true;
        assert!(state.writable(), "a stored readonly field of its own");
        let mut related = field(FieldType::Char);
        related.readonly = true;
        related.store = true;
        related.related = Some("partner_id.name".into());
        assert!(!related.writable());
        let mut display = field(FieldType::Char);
        display.readonly = true;
        assert!(!display.writable(), "readonly and not stored");
        let mut id = field(FieldType::Integer);
        id.readonly = true;
        id.store = true;
        assert!(id.writable() && !writable("id", &id));
        assert!(writable("state", &state));
        let mut inverse = field(FieldType::Char);
        inverse.depends = vec!["name".into()];
        assert!(
            inverse.writable(),
            "computed with an inverse is not readonly"
        );
    }

    #[test]
    fn costly_and_round_trips() {
        let mut image = field(FieldType::Binary);
        image.store = true;
        assert!(image.costly());
        let mut name = field(FieldType::Char);
        assert!(name.costly(), "not stored");
        name.related = Some("product_tmpl_id.name".into());
        assert!(!name.costly(), "related");
        name.related = None;
        name.store = true;
        assert!(!name.costly());
        assert!(name.round_trips());
        name.exportable = false;
        assert!(!name.round_trips());
    }
}
