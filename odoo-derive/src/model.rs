//! Reads and validates a model struct: attributes, fields, and the schema check.

use odoo_schema::{did_you_mean, FieldSchema, FieldType, ModelSchema};
use syn::{Data, DeriveInput, Fields, Ident, LitStr, Type};

use crate::attr::{self, ModelAttrs};
use crate::ctxt::Ctxt;
use crate::schema::{self, Loaded};
use crate::types::{self, Kind};

/// A model struct, ready to expand.
pub struct Model<'a> {
    pub ident: &'a Ident,
    pub vis: &'a syn::Visibility,
    pub model: String,
    pub fields: Vec<ModelField<'a>>,
    pub krate: syn::Path,
    /// The snapshot read, for `include_bytes!`, so cargo rebuilds when it changes.
    pub schema_path: Option<std::path::PathBuf>,
    /// Relation targets to check against the snapshot: (target type, expected model).
    pub relation_checks: Vec<(&'a Type, String)>,
    /// The snapshot may come from the `ODOO_SCHEMA` env var: cargo must track it.
    pub track_env: bool,
}

/// One field of a model struct.
pub struct ModelField<'a> {
    pub ident: &'a Ident,
    pub ty: &'a Type,
    pub odoo_name: String,
    pub skip: bool,
    pub readonly: bool,
}

/// Reads `input`; every problem found goes to `cx`.
pub fn read<'a>(cx: &Ctxt, input: &'a DeriveInput) -> Option<Model<'a>> {
    let attrs = attr::model_attrs(cx, &input.attrs);
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
    let mut fields = Vec::new();
    let mut seen: Vec<(String, &Ident)> = Vec::new();
    for field in named {
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
        fields.push((
            ModelField {
                ident,
                ty: &field.ty,
                odoo_name,
                skip: field_attrs.skip,
                readonly: field_attrs.readonly,
            },
            field_attrs.unchecked || !attrs_ok,
            field_attrs.rename,
            attrs_ok,
        ));
    }

    let mut out = Model {
        ident: &input.ident,
        vis: &input.vis,
        model: model_lit.as_ref().map(LitStr::value).unwrap_or_default(),
        fields: Vec::new(),
        krate: attrs
            .krate
            .clone()
            .unwrap_or_else(|| syn::parse_quote!(::odoo_core)),
        schema_path: None,
        relation_checks: Vec::new(),
        track_env: matches!(attrs.schema, attr::SchemaSource::Default),
    };
    if let Some(model_lit) = &model_lit {
        match schema::locate(&attrs.schema, model_lit.span()) {
            Err(error) => cx.syn_error(error),
            Ok(None) => {}
            Ok(Some(loaded)) => {
                check_against(cx, &attrs, model_lit, &loaded, &fields, &mut out);
                out.schema_path = Some(loaded.path);
            }
        }
    }
    out.fields = fields.into_iter().map(|(field, ..)| field).collect();
    Some(out)
}

type FieldEntry<'a> = (ModelField<'a>, bool, Option<LitStr>, bool);

fn check_against<'a>(
    cx: &Ctxt,
    _attrs: &ModelAttrs,
    model_lit: &LitStr,
    loaded: &Loaded,
    fields: &[FieldEntry<'a>],
    out: &mut Model<'a>,
) {
    let name = model_lit.value();
    let Some(model) = loaded.schema.model(&name) else {
        let hint = did_you_mean(&name, loaded.schema.models.keys().map(String::as_str))
            .map(|close| format!("; did you mean `{close}`?"))
            .unwrap_or_default();
        cx.error_spanned_by(
            model_lit,
            format!(
                "model `{name}` is not in the schema snapshot {}{hint}",
                loaded
                    .path
                    .file_name()
                    .map_or_else(String::new, |file| file.to_string_lossy().into_owned())
            ),
        );
        return;
    };
    for (field, unchecked, rename, attrs_ok) in fields {
        if field.skip || !attrs_ok {
            continue;
        }
        let span_source: &dyn quote::ToTokens = match rename {
            Some(lit) => lit,
            None => field.ident,
        };
        let Some(schema_field) = model.field(&field.odoo_name) else {
            if field.odoo_name == "id" {
                continue; // every model has one; fields_get may leave it out
            }
            cx.error_spanned_by(span_source, unknown_field(&name, &field.odoo_name, model));
            continue;
        };
        if *unchecked {
            continue;
        }
        check_type(cx, &name, field, schema_field, out);
    }
}

fn unknown_field(model_name: &str, field: &str, model: &ModelSchema) -> String {
    let hint = did_you_mean(field, model.fields.keys().map(String::as_str))
        .map(|close| format!("; did you mean `{close}`?"))
        .unwrap_or_default();
    format!("model `{model_name}` has no field `{field}` in the schema snapshot{hint}")
}

fn check_type<'a>(
    cx: &Ctxt,
    model_name: &str,
    field: &ModelField<'a>,
    schema_field: &FieldSchema,
    out: &mut Model<'a>,
) {
    let shape = types::shape(field.ty);
    let odoo = &schema_field.field_type;
    let article = if odoo.as_str().starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    };
    let what = format!(
        "`{model_name}.{}` is {article} {odoo} field",
        field.odoo_name
    );
    if let Err(expected) = types::fits(&shape.kind, odoo) {
        let found = shape.kind.describe();
        // A type of the user's own (not a primitive such as `i32`) may implement OdooField.
        let own_type =
            matches!(&shape.kind, Kind::Other(name) if name.starts_with(char::is_uppercase));
        let hint = if own_type {
            "; if it is a type of yours that implements OdooField, add #[odoo(unchecked)]"
        } else {
            ""
        };
        cx.error_spanned_by(
            field.ty,
            format!("{what}: expected {expected}, found `{found}`{hint}"),
        );
        return;
    }
    if !shape.optional
        && !schema_field.required
        && types::empty_is_false(odoo)
        && !matches!(shape.kind, Kind::Json)
    {
        cx.error_spanned_by(
            field.ty,
            format!(
                "{what} that is not required: Odoo sends `false` when it is empty, so the type must be `Option<{}>`",
                type_text(field.ty)
            ),
        );
        return;
    }
    if shape.optional && matches!(odoo, FieldType::One2many | FieldType::Many2many) {
        cx.error_spanned_by(
            field.ty,
            format!("{what}: an empty x2many is an empty list; use `X2many<_>` without `Option`"),
        );
        return;
    }
    if let (Some(target), Some(relation)) =
        (types::relation_target(&shape.kind), &schema_field.relation)
    {
        out.relation_checks.push((target, relation.clone()));
    }
}

fn type_text(ty: &Type) -> String {
    quote::quote!(#ty).to_string().replace(' ', "")
}

/// The name of an identifier without its `r#` prefix.
pub fn unraw(ident: &Ident) -> String {
    let text = ident.to_string();
    text.strip_prefix("r#").map_or(text.clone(), str::to_owned)
}
