//! What to generate, decided before any code is written: [`plan`] turns the snapshot, the
//! selected models and the [`RenderOptions`] into a [`Plan`], and
//! [`render::render_plan`](crate::render::render_plan) turns the plan into code.
//!
//! For each model the plan holds its module and struct names; for each field it reads, the
//! Rust identifier, the Odoo name, the Rust type ([`RustType`]: the kind and the `Option` come
//! from [`odoo_schema::rust_type`], the one table that `#[derive(OdooModel)]` checks structs
//! against), whether a typed write may set it, and its documentation; and the selection enums
//! to emit. Every name is a valid Rust identifier, unique in its scope, and every doc line is
//! Markdown that rustdoc takes literally. The plan depends only on its inputs: models and
//! fields come out sorted.

mod docs;
mod html;
pub mod methods;

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

use odoo_schema::rust_type::{self, RustKind};
use odoo_schema::{FieldSchema, FieldType, ModelSchema, Schema, SelectionKey};

use crate::fields::FieldChoice;
use crate::names::{self, Namer};

pub use self::methods::{ArgPlan, ArgType, MethodPlan, MethodsPlan, ReturnType, BUILDERS_MODULE};
use crate::options::RenderOptions;
use crate::Error;

/// The plan of one generation run.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Plan {
    /// The Odoo version of the snapshot, as the header of every file names it (several for a
    /// merged snapshot; "an unknown version" when the snapshot does not say).
    pub odoo_version: String,
    /// The models, sorted by Odoo name.
    pub models: Vec<ModelPlan>,
    /// The paths written into `#[odoo(schema = ...)]` on each struct (none: no attribute).
    pub schema_attr: Vec<String>,
    /// Things the user should know (fields of unknown types, fields named in the field choice
    /// that a model does not have), one sentence each.
    pub warnings: Vec<String>,
}

/// The Rust names of a model: its module and, in it, its struct.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ModelRef {
    /// The module (`res_partner`).
    pub module: String,
    /// The struct (`ResPartner`).
    pub structure: String,
}

/// One model: a module holding its struct and the struct's selection enums.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ModelPlan {
    /// The Odoo name (`res.partner`).
    pub model: String,
    /// Its module and struct names.
    pub names: ModelRef,
    /// The doc lines of the module.
    pub module_doc: Vec<String>,
    /// The doc lines of the struct.
    pub doc: Vec<String>,
    /// The fields the struct reads: `id` first, then sorted by Odoo name.
    pub fields: Vec<FieldPlan>,
    /// Every other field of the model, sorted by Odoo name: not read, with a handle all the
    /// same (`#[odoo(handles { .. })]`), so that any struct of the model can filter, sort
    /// and write by it.
    pub handles: Vec<FieldPlan>,
    /// The selection enums, in the order of the fields that use them.
    pub enums: Vec<EnumPlan>,
    /// The typed calls of its methods, when the snapshot documents them.
    pub methods: Option<MethodsPlan>,
    /// The first and last Odoo major versions that have the model (a snapshot merged with
    /// `union`): `#[odoo(since = ..)]`, `#[odoo(until = ..)]`.
    pub versions: (Option<u32>, Option<u32>),
}

/// One field of a struct.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct FieldPlan {
    /// The Rust identifier (`type_`).
    pub ident: String,
    /// The Odoo name (`type`); `#[odoo(rename)]` when it differs from the identifier.
    pub odoo_name: String,
    /// The Rust type.
    pub rust_type: RustType,
    /// A typed write may not set it ([`rust_type::writable`]): `#[odoo(readonly)]`.
    pub readonly: bool,
    /// Odoo declares it required (its type is an `Option` all the same when it can read as
    /// `false`: see [`RustType::optional`]).
    pub required: bool,
    /// The first and last Odoo major versions that have the field (a snapshot merged with
    /// `union`): `#[odoo(since = ..)]`, `#[odoo(until = ..)]`; its type is then an `Option`
    /// (or a list), which reads as empty on the other versions.
    pub versions: (Option<u32>, Option<u32>),
    /// The doc lines.
    pub doc: Vec<String>,
}

/// The Rust type of a field, as [`odoo_schema::rust_type`] decides it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct RustType {
    /// The type inside the `Option`, if any.
    pub base: BaseType,
    /// Wrapped in `Option` ([`rust_type::optional`]).
    pub optional: bool,
}

/// The type of a field, `Option` aside.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum BaseType {
    /// The type of the table for this kind ([`RustKind::type_path`]): `bool`, `i64`, `f64`,
    /// `String`, `Date`, `DateTime`, `Binary`, `Reference`, `Many2oneReference` or JSON.
    Plain(RustKind),
    /// `Many2one<T>` or `X2many<T>` (the kind says which), `T` the struct of the target model
    /// when it is generated in the same run, else left to its default (typed by id only).
    Relation {
        /// [`RustKind::Many2one`] or [`RustKind::X2many`].
        kind: RustKind,
        /// The target's struct.
        target: Option<ModelRef>,
    },
    /// The selection enum of that name, in the model's module.
    Selection(String),
}

/// A selection enum: one variant per value of the field, and one for the values it does not
/// list.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct EnumPlan {
    /// The enum's name (`State`, or `SaleOrderState` when `State` is taken).
    pub name: String,
    /// The doc lines.
    pub doc: Vec<String>,
    /// The variants of the values, in the order of the snapshot, duplicates and `false` left
    /// out.
    pub variants: Vec<VariantPlan>,
    /// The variant holding a value the enum does not list, as the server sent it.
    pub other: String,
}

/// A variant of a selection enum.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct VariantPlan {
    /// The variant's name.
    pub name: String,
    /// The value Odoo uses.
    pub value: VariantValue,
    /// The doc lines (the label).
    pub doc: Vec<String>,
}

/// The value of a selection variant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VariantValue {
    /// A text key.
    Str(String),
    /// An integer key.
    Int(i64),
}

/// Type names a selection enum does not take as they are: the prelude's and the derive's.
const RESERVED_TYPE_NAMES: &[&str] = &[
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
    "Debug",
    "Value",
    "Many2one",
    "X2many",
    "Date",
    "DateTime",
    "Binary",
    "Reference",
];

/// Plans the code of `models` (names in `schema`); an error when one is not in the snapshot.
pub fn plan(
    schema: &Schema,
    models: &BTreeSet<String>,
    options: &RenderOptions,
) -> Result<Plan, Error> {
    let all = model_names(models);
    let mut warnings = Vec::new();
    let mut planned = Vec::with_capacity(all.len());
    for (model, names) in &all {
        let model_schema = schema
            .models
            .get(model)
            .ok_or_else(|| Error::Render(format!("model `{model}` is not in the snapshot")))?;
        let planner = Planner {
            model,
            names,
            all: &all,
            choice: &options.fields,
            warnings: &mut warnings,
        };
        planned.push(planner.model(model_schema));
    }
    Ok(Plan {
        odoo_version: schema
            .server_version
            .clone()
            .unwrap_or_else(|| "an unknown version".to_owned()),
        models: planned,
        schema_attr: options.schema_attr.clone(),
        warnings,
    })
}

/// The module and struct names of every model, unique among them.
fn model_names(models: &BTreeSet<String>) -> BTreeMap<String, ModelRef> {
    let models = || models.iter().map(String::as_str);
    let structs = names::assign(models(), names::struct_name, &[]);
    let modules = names::assign(models(), names::module_name, &[]);
    structs
        .into_iter()
        .zip(modules)
        .map(|((model, structure), (_, module))| (model, ModelRef { module, structure }))
        .collect()
}

/// Every record has an `id`, even when a hand-made snapshot leaves it out.
fn with_id(schema: &ModelSchema) -> Cow<'_, ModelSchema> {
    if schema.fields.contains_key("id") {
        return Cow::Borrowed(schema);
    }
    let mut copy = schema.clone();
    copy.fields.insert(
        "id".to_owned(),
        FieldSchema {
            field_type: FieldType::Integer,
            string: Some("ID".to_owned()),
            readonly: true,
            store: true,
            ..FieldSchema::default()
        },
    );
    Cow::Owned(copy)
}

/// Plans one model.
struct Planner<'a> {
    model: &'a str,
    names: &'a ModelRef,
    all: &'a BTreeMap<String, ModelRef>,
    choice: &'a FieldChoice,
    warnings: &'a mut Vec<String>,
}

impl Planner<'_> {
    fn model(mut self, schema: &ModelSchema) -> ModelPlan {
        let schema = with_id(schema);
        let chosen = self.choice.choose(self.model, &schema, self.warnings);
        // Names are assigned over every field of the model, chosen or not, so that choosing
        // fewer fields never renames the others.
        let field_names: BTreeMap<String, String> = names::assign(
            schema.fields.keys().map(String::as_str),
            names::field_name,
            &[],
        )
        .into_iter()
        .collect();
        // `id` first, then the others sorted by their Odoo name.
        let mut order: Vec<(&str, &FieldSchema)> = chosen.into_iter().collect();
        order.sort_by_key(|(name, _)| (*name != "id", *name));

        let methods = methods::plan(self.model, &self.names.structure, &schema);
        let mut types = Namer::new();
        types.reserve(&self.names.structure);
        if let Some(methods) = &methods {
            types.reserve(&methods.structure);
        }
        for reserved in RESERVED_TYPE_NAMES {
            types.reserve(reserved);
        }
        let read: BTreeSet<&str> = order.iter().map(|(name, _)| *name).collect();
        let mut fields = Vec::with_capacity(order.len());
        let mut handles = Vec::new();
        let mut enums = Vec::new();
        let others = schema
            .fields
            .iter()
            .filter(|(name, _)| !read.contains(name.as_str()))
            .map(|(name, field)| (name.as_str(), field));
        for (index, (odoo_name, field)) in order.into_iter().chain(others).enumerate() {
            let ident = field_names
                .get(odoo_name)
                .cloned()
                .unwrap_or_else(|| names::field_name(odoo_name));
            let (rust_type, enum_plan) = self.rust_type(odoo_name, &ident, field, &mut types);
            enums.extend(enum_plan);
            let plan = FieldPlan {
                readonly: !rust_type::writable(odoo_name, field),
                required: field.required,
                versions: (field.since, field.until),
                doc: docs::field(field),
                ident,
                odoo_name: odoo_name.to_owned(),
                rust_type,
            };
            if index < read.len() {
                fields.push(plan);
            } else {
                handles.push(plan);
            }
        }
        ModelPlan {
            model: self.model.to_owned(),
            names: self.names.clone(),
            module_doc: docs::module(self.model, &schema),
            doc: docs::structure(self.model, &schema, self.choice),
            fields,
            handles,
            enums,
            methods,
            versions: (schema.since, schema.until),
        }
    }

    /// The type of a field, with the enum it needs for a selection.
    fn rust_type(
        &mut self,
        odoo_name: &str,
        ident: &str,
        field: &FieldSchema,
        types: &mut Namer,
    ) -> (RustType, Option<EnumPlan>) {
        let model = self.model;
        if let FieldType::Other(name) = &field.field_type {
            self.warnings.push(format!(
                "{model}.{odoo_name}: unknown field type `{name}`, generated as Option<odoo_core::Value>"
            ));
        }
        let kind = field.rust_kind();
        // A field some versions lack reads as empty there.
        let versioned = field.since.is_some() || field.until.is_some();
        let optional = rust_type::optional(model, odoo_name, field)
            || (versioned && !matches!(kind, RustKind::X2many | RustKind::Json));
        let (base, enum_plan) = match kind {
            RustKind::Many2one | RustKind::X2many => {
                let target = field.relation.as_ref().and_then(|r| self.all.get(r));
                let target = target.cloned();
                (BaseType::Relation { kind, target }, None)
            }
            RustKind::Selection => {
                // Each model has its own module, so the enum is named after the field alone
                // (`sale_order::State`); a name taken by the struct, another enum or a prelude
                // type gets the struct's name in front.
                let wanted = names::camel_name(ident);
                let name = if types.is_taken(&wanted) {
                    types.unique(&format!("{}{wanted}", self.names.structure))
                } else {
                    types.unique(&wanted)
                };
                let enum_plan = selection_enum(model, odoo_name, field, &name);
                (BaseType::Selection(name), Some(enum_plan))
            }
            plain => (BaseType::Plain(plain), None),
        };
        (RustType { base, optional }, enum_plan)
    }
}

/// The enum of a selection field: one variant per distinct value but `false`.
fn selection_enum(model: &str, odoo_name: &str, field: &FieldSchema, name: &str) -> EnumPlan {
    let mut variant_names = Namer::new();
    let mut seen = BTreeSet::new();
    let mut variants = Vec::new();
    for (index, option) in field.selection.iter().flatten().enumerate() {
        if option.key == SelectionKey::False || !seen.insert(option.key.clone()) {
            continue;
        }
        let (wanted, value) = match &option.key {
            SelectionKey::Str(key) => (
                names::variant_name(key).unwrap_or_else(|| format!("Value{index}")),
                VariantValue::Str(key.clone()),
            ),
            SelectionKey::Int(key) if *key < 0 => (
                format!("VMinus{}", key.unsigned_abs()),
                VariantValue::Int(*key),
            ),
            SelectionKey::Int(key) => (format!("V{key}"), VariantValue::Int(*key)),
            SelectionKey::False => continue,
        };
        variants.push(VariantPlan {
            name: variant_names.unique(&wanted),
            value,
            doc: docs::lines(&[docs::escape_markdown(&option.label)]),
        });
    }
    let other = ["Other", "Unknown", "UnknownValue"]
        .into_iter()
        .find(|name| variant_names.reserve(name))
        .map_or_else(|| variant_names.unique("Other"), str::to_owned);
    let label = field.string.as_deref().unwrap_or(odoo_name);
    EnumPlan {
        name: name.to_owned(),
        doc: docs::lines(&[format!(
            "Values of `{model}.{odoo_name}` ({}).",
            docs::escape_markdown(label)
        )]),
        variants,
        other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use odoo_schema::SelectionOption;

    fn field(field_type: FieldType, required: bool) -> FieldSchema {
        FieldSchema {
            field_type,
            required,
            store: true,
            ..FieldSchema::default()
        }
    }

    fn relation(field_type: FieldType, target: &str) -> FieldSchema {
        FieldSchema {
            relation: Some(target.to_owned()),
            ..field(field_type, false)
        }
    }

    #[test]
    fn types_come_from_the_rust_type_table() {
        let mut order = ModelSchema::default();
        let mut state = field(FieldType::Selection, true);
        state.selection = Some(vec![SelectionOption {
            key: SelectionKey::Str("draft".into()),
            label: "Draft".into(),
        }]);
        for (name, f) in [
            ("name", field(FieldType::Char, true)),
            ("note", field(FieldType::Html, false)),
            ("amount", field(FieldType::Monetary, false)),
            ("state", state),
            ("partner_id", relation(FieldType::Many2one, "res.partner")),
            ("line_ids", relation(FieldType::One2many, "sale.order.line")),
            ("root_id", relation(FieldType::Many2one, "account.root")),
        ] {
            order.fields.insert(name.to_owned(), f);
        }
        let mut schema = Schema::new(None);
        schema.models.insert("sale.order".into(), order);
        schema
            .models
            .insert("res.partner".into(), ModelSchema::default());
        let models: BTreeSet<String> = ["sale.order".to_owned(), "res.partner".to_owned()].into();
        let planned = plan(&schema, &models, &RenderOptions::default()).expect("plans");
        assert_eq!(planned.odoo_version, "an unknown version");
        let names: Vec<&str> = planned.models.iter().map(|m| m.model.as_str()).collect();
        assert_eq!(names, ["res.partner", "sale.order"]);
        let order = &planned.models[1];
        assert_eq!(order.names.structure, "SaleOrder");
        assert_eq!(
            order.fields[0].ident, "id",
            "id comes first, added when missing"
        );
        assert!(order.fields[0].readonly);
        let ty = |name: &str| {
            let field = order.fields.iter().find(|f| f.odoo_name == name);
            field.map(|f| (f.rust_type.base.clone(), f.rust_type.optional))
        };
        assert_eq!(ty("name"), Some((BaseType::Plain(RustKind::Text), false)));
        assert_eq!(ty("note"), Some((BaseType::Plain(RustKind::Text), true)));
        assert_eq!(
            ty("amount"),
            Some((BaseType::Plain(RustKind::Float), false))
        );
        assert_eq!(
            ty("state"),
            Some((BaseType::Selection("State".into()), false))
        );
        let partner = ModelRef {
            module: "res_partner".into(),
            structure: "ResPartner".into(),
        };
        let many2one = |target| BaseType::Relation {
            kind: RustKind::Many2one,
            target,
        };
        assert_eq!(ty("partner_id"), Some((many2one(Some(partner)), true)));
        // Not generated in this run: typed by id only.
        let lines = BaseType::Relation {
            kind: RustKind::X2many,
            target: None,
        };
        assert_eq!(ty("line_ids"), Some((lines, false)));
        // Text ids: JSON, as the table says.
        assert_eq!(ty("root_id"), Some((BaseType::Plain(RustKind::Json), true)));
        assert_eq!(order.enums.len(), 1);
        assert_eq!(order.enums[0].variants[0].name, "Draft");
        assert_eq!(order.enums[0].variants[0].doc, ["Draft"]);
        assert_eq!(order.enums[0].other, "Other");

        let missing: BTreeSet<String> = ["nope".to_owned()].into();
        assert!(plan(&schema, &missing, &RenderOptions::default()).is_err());
    }
}
