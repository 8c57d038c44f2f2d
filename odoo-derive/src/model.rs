//! Reads and validates a model struct: attributes, fields, and the checks against the
//! schema snapshots, by the rules of `odoo_schema::rust_type`.

use odoo_schema::rust_type::RustKind;
use odoo_schema::version::major_in;
use odoo_schema::{did_you_mean, FieldSchema, ModelSchema};
use proc_macro2::Span;
use quote::ToTokens;
use syn::{Data, DeriveInput, Fields, Ident, LitStr, Type};

use crate::attr::unraw;
use crate::attr::{self, ModelAttrs, SchemaSource, VersionAttrs};
use crate::ctxt::Ctxt;
use crate::methods::DeclaredMethod;
use crate::problems::{Problems, IN};
use crate::schema::{self, Loaded};
use crate::types::{self, Kind};

/// A model struct, ready to expand.
pub struct Model<'a> {
    pub ident: &'a Ident,
    pub vis: &'a syn::Visibility,
    pub model: String,
    pub fields: Vec<ModelField<'a>>,
    pub krate: syn::Path,
    /// The snapshots read, for `include_bytes!`, so cargo rebuilds when one changes.
    pub schema_paths: Vec<std::path::PathBuf>,
    /// Relation targets to check against the snapshots.
    pub relation_checks: Vec<RelationCheck<'a>>,
    /// The snapshot may come from the `ODOO_SCHEMA` env var: cargo must track it.
    pub track_env: bool,
    /// The methods of `#[odoo(methods(...))]`.
    pub methods: Vec<DeclaredMethod>,
    /// `#[odoo(fields = ResPartner)]`: the struct whose handles this one uses.
    pub fields_of: Option<syn::Path>,
    /// `#[odoo(since = .., until = ..)]` on the struct.
    pub versions: VersionAttrs,
}

/// A relation target the compiler checks: the struct `target` must name the model
/// `relation` (a constant evaluation fails with `message` otherwise).
pub struct RelationCheck<'a> {
    pub target: &'a Type,
    pub relation: String,
    pub message: String,
}

/// One field of a model struct.
pub struct ModelField<'a> {
    pub ident: &'a Ident,
    pub ty: &'a Type,
    pub odoo_name: String,
    pub skip: bool,
    /// Marked `#[odoo(readonly)]`, or not writable in one of the snapshots.
    pub readonly: bool,
    /// `#[odoo(since = .., until = ..)]`.
    pub versions: VersionAttrs,
    /// Listed in `#[odoo(handles { .. })]`: a handle, not read.
    pub handle_only: bool,
}

/// Reads `input`, whose `#[odoo(...)]` attributes are `attrs`; every problem found goes to
/// `cx`.
pub fn read<'a>(cx: &Ctxt, input: &'a DeriveInput, attrs: &'a ModelAttrs) -> Option<Model<'a>> {
    read_with(cx, input, attrs, schema::locate)
}

/// [`read`] with the snapshots from `locate` instead of the files.
pub fn read_with<'a>(
    cx: &Ctxt,
    input: &'a DeriveInput,
    attrs: &'a ModelAttrs,
    locate: impl FnOnce(&SchemaSource, Span) -> syn::Result<Vec<Loaded>>,
) -> Option<Model<'a>> {
    if !input.generics.params.is_empty() {
        cx.error_spanned_by(
            &input.generics,
            "OdooModel does not support generic structs",
        );
    }
    let named = match &input.data {
        Data::Struct(data) => match &data.fields {
            Fields::Named(fields) => Some(&fields.named),
            _ => {
                cx.error_spanned_by(
                    input,
                    "OdooModel needs a struct with named fields, one per Odoo field",
                );
                None
            }
        },
        _ => {
            cx.error_spanned_by(
                input,
                "OdooModel derives on structs; use OdooSelection for the enum of a selection field",
            );
            None
        }
    };
    let model_lit = attrs.model.clone();
    if model_lit.is_none() {
        cx.syn_error(syn::Error::new_spanned(
            &input.ident,
            "missing #[odoo(model = \"...\")]: name the Odoo model this struct reads, such as \"res.partner\"",
        ));
    }
    let named = named?;
    let read = named.iter().map(|field| (field, false));
    let handle_only = attrs.handles.iter().map(|field| (field, true));
    let mut fields = read_fields(cx, read.chain(handle_only));
    let mut out = Model {
        ident: &input.ident,
        vis: &input.vis,
        model: model_lit.as_ref().map(LitStr::value).unwrap_or_default(),
        fields: Vec::new(),
        krate: attrs
            .krate
            .clone()
            .unwrap_or_else(|| syn::parse_quote!(::odoo_core)),
        schema_paths: Vec::new(),
        relation_checks: Vec::new(),
        track_env: matches!(attrs.schema, attr::SchemaSource::Default),
        methods: crate::methods::declared(cx, &attrs.methods),
        fields_of: attrs.fields.clone(),
        versions: attrs.versions.clone(),
    };
    if let Some(model_lit) = &model_lit {
        match locate(&attrs.schema, model_lit.span()) {
            Err(error) => cx.syn_error(error),
            Ok(snapshots) if snapshots.is_empty() => {}
            Ok(snapshots) => {
                check_against(cx, model_lit, &snapshots, &mut fields, &mut out);
                out.schema_paths = snapshots.into_iter().map(|loaded| loaded.path).collect();
            }
        }
    }
    out.fields = fields.into_iter().map(|entry| entry.field).collect();
    Some(out)
}

/// The struct's fields (and the handle-only ones, marked `true`) with their attributes read,
/// each Odoo field read once.
fn read_fields<'a>(
    cx: &Ctxt,
    fields_read: impl Iterator<Item = (&'a syn::Field, bool)>,
) -> Vec<FieldEntry<'a>> {
    let mut fields = Vec::new();
    let mut seen: Vec<(String, &Ident)> = Vec::new();
    for (field, handle_only) in fields_read {
        let Some(ident) = &field.ident else { continue };
        let errors_before = cx.len();
        let field_attrs = attr::field_attrs(cx, &field.attrs);
        // A field whose attributes are wrong is not checked further: one mistake, one error.
        let attrs_ok = cx.len() == errors_before;
        let odoo_name = field_attrs
            .rename
            .as_ref()
            .map_or_else(|| unraw(ident), LitStr::value);
        if !field_attrs.skip {
            if let Some((_, first)) = seen.iter().find(|(name, _)| *name == odoo_name) {
                cx.error_spanned_by(
                    ident,
                    format!("Odoo field `{odoo_name}` is already read by `{first}`"),
                );
            }
            seen.push((odoo_name.clone(), ident));
        }
        if !field_attrs.versions.is_all() && !field_attrs.skip && !handle_only {
            check_reads_empty(cx, &field.ty, &odoo_name, &field_attrs.versions);
        }
        fields.push(FieldEntry {
            field: ModelField {
                ident,
                ty: &field.ty,
                odoo_name,
                skip: field_attrs.skip,
                readonly: field_attrs.readonly,
                versions: field_attrs.versions,
                handle_only,
            },
            unchecked: field_attrs.unchecked || !attrs_ok,
            rename: field_attrs.rename,
            attrs_ok,
        });
    }
    fields
}

/// A field of the struct while it is checked.
struct FieldEntry<'a> {
    field: ModelField<'a>,
    /// `#[odoo(unchecked)]`, or attributes that were wrong: the type is not checked.
    unchecked: bool,
    rename: Option<LitStr>,
    attrs_ok: bool,
}

/// One error for a model that a snapshot does not have, naming the snapshots.
fn report_missing_model(
    cx: &Ctxt,
    model_lit: &LitStr,
    name: &str,
    snapshots: &[Loaded],
    models: &[Option<&ModelSchema>],
    asked: &[bool],
) {
    let mut problems = Problems::new();
    for (index, (loaded, model)) in snapshots.iter().zip(models).enumerate() {
        if model.is_none() && asked[index] {
            let hint = did_you_mean(name, loaded.schema.models.keys().map(String::as_str))
                .map(|close| format!("; did you mean `{close}`?"))
                .unwrap_or_default();
            problems.add(
                model_lit,
                format!("model `{name}` is not in {IN}{hint}"),
                index,
            );
        }
    }
    problems.report(cx, snapshots);
}

fn check_against<'a>(
    cx: &Ctxt,
    model_lit: &LitStr,
    snapshots: &[Loaded],
    fields: &mut [FieldEntry<'a>],
    out: &mut Model<'a>,
) {
    let name = model_lit.value();
    let majors: Vec<Option<u32>> = snapshots
        .iter()
        .map(|loaded| loaded.schema.server_major())
        .collect();
    // A snapshot of a version the struct says the model is not on is not asked.
    let in_range = |versions: &VersionAttrs, index: usize| {
        majors[index].is_none_or(|major| versions.contains(major))
    };
    let models: Vec<Option<&ModelSchema>> = snapshots
        .iter()
        .enumerate()
        .map(|(index, loaded)| {
            if in_range(&out.versions, index) {
                loaded.schema.model(&name)
            } else {
                None
            }
        })
        .collect();
    let asked: Vec<bool> = (0..snapshots.len())
        .map(|index| in_range(&out.versions, index))
        .collect();
    report_missing_model(cx, model_lit, &name, snapshots, &models, &asked);
    crate::methods::check(cx, &name, &mut out.methods, snapshots, &models);

    for entry in fields.iter_mut() {
        if entry.field.skip || !entry.attrs_ok {
            continue;
        }
        // The snapshots of the versions the field is on.
        let on: Vec<Option<&ModelSchema>> = models
            .iter()
            .enumerate()
            .map(|(index, model)| model.filter(|_| in_range(&entry.field.versions, index)))
            .collect();
        let hint = version_hint(&entry.field.odoo_name, &models, &majors);
        let checks = check_field(cx, &name, entry, &on, &hint, snapshots);
        out.relation_checks.extend(checks);
    }
}

/// Checks one field against the snapshots `models` (`None`: not asked), reporting what does
/// not fit (with `hint` after an unknown field); the relation targets left to the compiler.
fn check_field<'a>(
    cx: &Ctxt,
    name: &str,
    entry: &mut FieldEntry<'a>,
    models: &[Option<&ModelSchema>],
    hint: &str,
    snapshots: &[Loaded],
) -> Vec<RelationCheck<'a>> {
    let span_source: &dyn ToTokens = match &entry.rename {
        Some(lit) => lit,
        None => entry.field.ident,
    };
    let mut problems = Problems::new();
    // Relation targets to check, each with the snapshots that name it.
    let mut relations: Vec<(&'a Type, String, Vec<usize>)> = Vec::new();
    for (index, model) in models.iter().enumerate() {
        let Some(model) = model else { continue };
        let Some(schema_field) = model.field(&entry.field.odoo_name) else {
            if entry.field.odoo_name != "id" {
                // Every model has an `id`; fields_get may leave it out.
                let template = unknown_field(name, &entry.field.odoo_name, model) + hint;
                problems.add(span_source, template, index);
            }
            continue;
        };
        // Read-only in any snapshot: the handle is read-only.
        if !odoo_schema::rust_type::writable(&entry.field.odoo_name, schema_field) {
            entry.field.readonly = true;
        }
        if entry.unchecked {
            continue;
        }
        if let Err(template) = check_type(name, &entry.field, schema_field) {
            problems.add(entry.field.ty, template, index);
            continue;
        }
        let shape = types::shape(entry.field.ty);
        if let (Some(target), Some(relation)) =
            (types::relation_target(&shape.kind), &schema_field.relation)
        {
            match relations.iter_mut().find(|(_, known, _)| known == relation) {
                Some((_, _, indices)) => indices.push(index),
                None => relations.push((target, relation.clone(), vec![index])),
            }
        }
    }
    problems.report(cx, snapshots);
    relations
        .into_iter()
        .map(|(target, relation, indices)| {
            let named: Vec<&Loaded> = indices.iter().map(|&index| &snapshots[index]).collect();
            RelationCheck {
                target,
                message: format!(
                    "the struct in Many2one<_>/X2many<_> is a model other than `{relation}`, the relation of `{name}.{}` in {}",
                    entry.field.odoo_name,
                    schema::describe(&named)
                ),
                relation,
            }
        })
        .collect()
}

/// A field with `since`/`until` must read as empty where it does not exist.
fn check_reads_empty(cx: &Ctxt, ty: &Type, name: &str, versions: &VersionAttrs) {
    let shape = types::shape(ty);
    if shape.optional || matches!(shape.kind, Kind::X2many(_) | Kind::Json) {
        return;
    }
    let (since, until) = versions.range();
    let on = match (since, until) {
        (Some(since), None) => format!("on Odoo {since} and later only"),
        (None, Some(until)) => format!("up to Odoo {until} only"),
        (Some(since), Some(until)) => format!("on Odoo {since} to {until} only"),
        (None, None) => return,
    };
    cx.error_spanned_by(
        ty,
        format!(
            "`{name}` exists {on}: on other versions it is not read and reads as empty, so the type must be `Option<{}>`",
            type_text(ty)
        ),
    );
}

/// ", it exists in the Odoo 17.0 and 18.0 snapshots: mark it #[odoo(since = 17)]" when the
/// snapshots that have the field are the newest (or the oldest) ones.
fn version_hint(field: &str, models: &[Option<&ModelSchema>], majors: &[Option<u32>]) -> String {
    let mut with: Vec<u32> = Vec::new();
    let mut without: Vec<u32> = Vec::new();
    for (model, major) in models.iter().zip(majors) {
        let (Some(model), Some(major)) = (model, major) else {
            continue;
        };
        if model.field(field).is_some() {
            with.push(*major);
        } else {
            without.push(*major);
        }
    }
    let (Some(first), Some(last)) = (with.iter().min(), with.iter().max()) else {
        return String::new();
    };
    let before = |major: &u32| !major_in(*major, Some(*first), None);
    let after = |major: &u32| !major_in(*major, None, Some(*last));
    let attribute = if without.iter().all(before) {
        format!("since = {first}")
    } else if without.iter().all(after) {
        format!("until = {last}")
    } else {
        return String::new();
    };
    let on: Vec<String> = with.iter().map(u32::to_string).collect();
    format!(
        " (it exists on Odoo {}: mark it #[odoo({attribute})] and make it an `Option`)",
        on.join(", ")
    )
}

fn unknown_field(model_name: &str, field: &str, model: &ModelSchema) -> String {
    let hint = did_you_mean(field, model.fields.keys().map(String::as_str))
        .map(|close| format!("; did you mean `{close}`?"))
        .unwrap_or_default();
    format!("model `{model_name}` has no field `{field}` in {IN}{hint}")
}

/// Checks the Rust type of `field` against one snapshot's field, by the rules of
/// `odoo_schema::rust_type`; `Err` is the message template.
fn check_type(
    model_name: &str,
    field: &ModelField<'_>,
    schema_field: &FieldSchema,
) -> Result<(), String> {
    let shape = types::shape(field.ty);
    let odoo = &schema_field.field_type;
    let kind = schema_field.rust_kind();
    let article = if odoo.as_str().starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    };
    let what = format!(
        "`{model_name}.{}` is {article} {odoo} field",
        field.odoo_name
    );
    // `serde_json::Value` holds whatever Odoo sends, `false` included.
    let json = matches!(shape.kind, Kind::Json);
    // A field that is not read is not asked whether it reads back.
    if !schema_field.round_trips() && !json && !field.handle_only {
        return Err(format!(
            "{what} that Odoo cannot export in {IN}: reading it fails or gives a value that is not of its declared type (some binary fields, such as `sale.order.tax_totals`, are sent as a JSON object); declare it as `serde_json::Value`, or leave it out of the struct"
        ));
    }
    if let Err(expected) = types::fits(&shape.kind, kind) {
        let found = shape.kind.describe();
        // A type of the user's own (not a primitive such as `i32`) may implement OdooField.
        let own_type =
            matches!(&shape.kind, Kind::Other(name) if name.starts_with(char::is_uppercase));
        let hint = if own_type {
            "; if it is a type of yours that implements OdooField, add #[odoo(unchecked)]"
        } else {
            ""
        };
        return Err(format!(
            "{what} in {IN}: expected {expected}, found `{found}`{hint}"
        ));
    }
    if !json
        && !shape.optional
        && odoo_schema::rust_type::optional(model_name, &field.odoo_name, schema_field)
    {
        let (clause, why) = why_optional(schema_field);
        return Err(format!(
            "{what}{clause} in {IN}: {why}, so the type must be `Option<{}>`",
            type_text(field.ty)
        ));
    }
    if !json && shape.optional && kind == RustKind::X2many {
        return Err(format!(
            "{what} in {IN}: an empty x2many is an empty list; use `X2many<_>` without `Option`"
        ));
    }
    Ok(())
}

/// Why a field for which [`FieldSchema::optional`] holds can read as `false`: the clause
/// after "is a char field" and the reason.
fn why_optional(field: &FieldSchema) -> (&'static str, &'static str) {
    if field.rust_kind().always_optional() {
        (
            "",
            "Odoo sends `false` when it is empty, even when the field is required",
        )
    } else if !field.required {
        (
            " that is not required",
            "Odoo sends `false` when it is empty",
        )
    } else if !field.store {
        (
            " that is required but not stored",
            "Odoo computes it when it is read, and `required` does not keep that value from being empty (Odoo then sends `false`)",
        )
    } else if field.company_dependent {
        (
            " that is company-dependent",
            "it reads as `false` for a company where it was never set",
        )
    } else if field.optional() {
        (
            " that lists a `false` choice",
            "Odoo sends `false` for that choice",
        )
    } else {
        (
            " that is required but not enforced",
            "the model is a report over a database view that holds empty values (odoo_core::schema::rust_type::NULLABLE_REQUIRED)",
        )
    }
}

fn type_text(ty: &Type) -> String {
    quote::quote!(#ty).to_string().replace(' ', "")
}
