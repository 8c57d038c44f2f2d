//! The `#[odoo(...)]` attributes of structs, fields, enums and variants.

use syn::{Attribute, Expr, ExprLit, Ident, Lit, LitStr, Meta};

use crate::ctxt::Ctxt;

/// Where the schema snapshot comes from.
pub enum SchemaSource {
    /// Not named: the env var or the default file, when present.
    Default,
    /// `schema = "path"` (one item) or `schema = ["a.json", "b.json"]`: each is checked.
    Paths(Vec<LitStr>),
    /// `schema = false`.
    Off,
}

/// `#[odoo(...)]` on a model struct.
pub struct ModelAttrs {
    pub model: Option<LitStr>,
    pub schema: SchemaSource,
    pub krate: Option<syn::Path>,
    /// `methods(action_confirm, copy)`: the methods the struct calls, in order.
    pub methods: Vec<syn::Ident>,
    /// `fields = ResPartner`: the model struct whose field handles this one uses.
    pub fields: Option<syn::Path>,
    /// `since = 17`, `until = 18`: the Odoo versions the model exists on.
    pub versions: VersionAttrs,
    /// `handles { pub note: Option<String>, ... }`: fields the struct does not read, with a
    /// handle all the same (the generator lists every other field of the model here).
    pub handles: Vec<syn::Field>,
}

/// `since = 17` and `until = 18` on a model struct or a field: the first and last Odoo major
/// versions it exists on.
#[derive(Default, Clone)]
pub struct VersionAttrs {
    pub since: Option<syn::LitInt>,
    pub until: Option<syn::LitInt>,
}

impl VersionAttrs {
    /// The first and last majors, as numbers.
    pub fn range(&self) -> (Option<u32>, Option<u32>) {
        let number =
            |lit: &Option<syn::LitInt>| lit.as_ref().and_then(|lit| lit.base10_parse::<u32>().ok());
        (number(&self.since), number(&self.until))
    }

    /// Whether the major version `major` is in the range.
    pub fn contains(&self, major: u32) -> bool {
        let (since, until) = self.range();
        odoo_schema::version::major_in(major, since, until)
    }

    /// Neither `since` nor `until`.
    pub fn is_all(&self) -> bool {
        self.since.is_none() && self.until.is_none()
    }

    /// Reads `since = N` or `until = N`; `false` when the key is neither.
    fn read(&mut self, meta: &syn::meta::ParseNestedMeta<'_>) -> syn::Result<bool> {
        let slot = if meta.path.is_ident("since") {
            &mut self.since
        } else if meta.path.is_ident("until") {
            &mut self.until
        } else {
            return Ok(false);
        };
        let lit: syn::LitInt = meta.value()?.parse()?;
        match lit.base10_parse::<u32>() {
            Ok(major) if (8..=99).contains(&major) => {}
            _ => {
                return Err(syn::Error::new(
                    lit.span(),
                    "expected an Odoo major version, such as 17",
                ))
            }
        }
        *slot = Some(lit);
        if let (Some(since), Some(until)) = self.range() {
            if since > until {
                return Err(meta.error(format!(
                    "`since = {since}` is after `until = {until}`: no version would have it"
                )));
            }
        }
        Ok(true)
    }
}

/// `#[odoo(...)]` on a field of a model struct.
#[derive(Default)]
pub struct FieldAttrs {
    pub rename: Option<LitStr>,
    pub skip: bool,
    pub readonly: bool,
    pub unchecked: bool,
    /// `since = 18`, `until = 16`: the Odoo versions the field exists on.
    pub versions: VersionAttrs,
}

/// `#[odoo(...)]` on a selection enum.
#[derive(Default)]
pub struct EnumAttrs {
    pub krate: Option<syn::Path>,
}

/// The key of a variant: `value = "draft"` or `value = 3`.
pub enum VariantKey {
    Str(LitStr),
    Int(syn::LitInt),
}

/// `#[odoo(...)]` on a variant of a selection enum.
#[derive(Default)]
pub struct VariantAttrs {
    pub value: Option<VariantKey>,
    pub other: bool,
}

/// Calls `f` for each item of every `#[odoo(...)]` attribute, recording parse errors.
fn for_each_item(
    cx: &Ctxt,
    attrs: &[Attribute],
    mut f: impl FnMut(syn::meta::ParseNestedMeta<'_>) -> syn::Result<()>,
) {
    for attr in attrs.iter().filter(|attr| attr.path().is_ident("odoo")) {
        if let Meta::List(list) = &attr.meta {
            if list.tokens.is_empty() {
                cx.error_spanned_by(attr, "empty #[odoo()] attribute");
                continue;
            }
        } else {
            cx.error_spanned_by(attr, "expected #[odoo(...)]");
            continue;
        }
        if let Err(error) = attr.parse_nested_meta(&mut f) {
            cx.syn_error(error);
        }
    }
}

/// Records an unknown key and skips its value, so that the keys after it are still read
/// (one mistake, one error).
fn unknown(cx: &Ctxt, meta: &syn::meta::ParseNestedMeta<'_>, known: &str) -> syn::Result<()> {
    let name = meta
        .path
        .get_ident()
        .map_or_else(|| "this".to_owned(), ToString::to_string);
    cx.syn_error(meta.error(format!(
        "unknown odoo attribute `{name}`; expected one of: {known}"
    )));
    if meta.input.peek(syn::Token![=]) {
        meta.value()?.parse::<Expr>()?;
    } else if meta.input.peek(syn::token::Paren) {
        let content;
        syn::parenthesized!(content in meta.input);
        content.parse::<proc_macro2::TokenStream>()?;
    }
    Ok(())
}

pub fn model_attrs(cx: &Ctxt, attrs: &[Attribute]) -> ModelAttrs {
    let mut out = ModelAttrs {
        model: None,
        schema: SchemaSource::Default,
        krate: None,
        methods: Vec::new(),
        fields: None,
        versions: VersionAttrs::default(),
        handles: Vec::new(),
    };
    for_each_item(cx, attrs, |meta| {
        if meta.path.is_ident("model") {
            let lit: LitStr = meta.value()?.parse()?;
            if out.model.is_some() {
                return Err(syn::Error::new(
                    lit.span(),
                    "duplicate odoo attribute `model`",
                ));
            }
            if !valid_model_name(&lit.value()) {
                return Err(syn::Error::new(
                    lit.span(),
                    "not an Odoo model name: expected dot-separated lowercase words such as \"res.partner\"",
                ));
            }
            out.model = Some(lit);
        } else if meta.path.is_ident("schema") {
            out.schema = schema_source(meta.value()?)?;
        } else if meta.path.is_ident("crate") {
            let lit: LitStr = meta.value()?.parse()?;
            out.krate = Some(lit.parse()?);
        } else if meta.path.is_ident("methods") {
            out.methods.extend(method_list(&meta)?);
        } else if meta.path.is_ident("fields") {
            out.fields = Some(meta.value()?.parse()?);
        } else if meta.path.is_ident("handles") {
            if !meta.input.peek(syn::token::Brace) {
                return Err(meta
                    .error("expected the fields in braces: handles { pub note: Option<String> }"));
            }
            let content;
            syn::braced!(content in meta.input);
            let fields =
                syn::punctuated::Punctuated::<syn::Field, syn::Token![,]>::parse_terminated_with(
                    &content,
                    syn::Field::parse_named,
                )?;
            out.handles.extend(fields);
        } else if out.versions.read(&meta)? {
        } else {
            return unknown(
                cx,
                &meta,
                "model, schema, crate, methods, fields, handles, since, until",
            );
        }
        Ok(())
    });
    out
}

/// `methods(action_confirm, copy)`: the names of Odoo methods, as identifiers.
fn method_list(meta: &syn::meta::ParseNestedMeta<'_>) -> syn::Result<Vec<syn::Ident>> {
    if !meta.input.peek(syn::token::Paren) {
        return Err(meta.error("expected a list of method names: methods(action_confirm, copy)"));
    }
    let content;
    syn::parenthesized!(content in meta.input);
    let names =
        syn::punctuated::Punctuated::<syn::Ident, syn::Token![,]>::parse_terminated(&content)?;
    Ok(names.into_iter().collect())
}

pub fn field_attrs(cx: &Ctxt, attrs: &[Attribute]) -> FieldAttrs {
    let mut out = FieldAttrs::default();
    for_each_item(cx, attrs, |meta| {
        if meta.path.is_ident("rename") {
            let lit: LitStr = meta.value()?.parse()?;
            if !valid_field_name(&lit.value()) {
                return Err(syn::Error::new(
                    lit.span(),
                    "not an Odoo field name: expected letters, digits and `_`",
                ));
            }
            out.rename = Some(lit);
        } else if meta.path.is_ident("skip") {
            out.skip = true;
        } else if meta.path.is_ident("readonly") {
            out.readonly = true;
        } else if meta.path.is_ident("unchecked") {
            out.unchecked = true;
        } else if out.versions.read(&meta)? {
        } else {
            return unknown(cx, &meta, "rename, skip, readonly, unchecked, since, until");
        }
        Ok(())
    });
    out
}

pub fn enum_attrs(cx: &Ctxt, attrs: &[Attribute]) -> EnumAttrs {
    let mut out = EnumAttrs::default();
    for_each_item(cx, attrs, |meta| {
        if meta.path.is_ident("crate") {
            let lit: LitStr = meta.value()?.parse()?;
            out.krate = Some(lit.parse()?);
        } else {
            return unknown(cx, &meta, "crate");
        }
        Ok(())
    });
    out
}

pub fn variant_attrs(cx: &Ctxt, attrs: &[Attribute]) -> VariantAttrs {
    let mut out = VariantAttrs::default();
    for_each_item(cx, attrs, |meta| {
        if meta.path.is_ident("value") {
            let lit: Lit = meta.value()?.parse()?;
            out.value = Some(match lit {
                Lit::Str(text) => VariantKey::Str(text),
                Lit::Int(number) => {
                    number.base10_parse::<i64>()?;
                    VariantKey::Int(number)
                }
                other => {
                    return Err(syn::Error::new_spanned(
                        other,
                        "a selection key is a string or an integer",
                    ))
                }
            });
        } else if meta.path.is_ident("other") {
            out.other = true;
        } else {
            return unknown(cx, &meta, "value, other");
        }
        Ok(())
    });
    out
}

const SCHEMA_FORMS: &str =
    "expected a path (schema = \"odoo-schema.json\"), a list of paths (schema = [\"odoo16.json\", \"odoo19.json\"]) or false";

/// The value of `schema = ...`: a path, a bracketed list of paths, or `false`.
fn schema_source(input: syn::parse::ParseStream<'_>) -> syn::Result<SchemaSource> {
    if input.peek(syn::token::Bracket) {
        let content;
        let bracket = syn::bracketed!(content in input);
        let paths =
            syn::punctuated::Punctuated::<Expr, syn::Token![,]>::parse_terminated(&content)?;
        if paths.is_empty() {
            return Err(syn::Error::new(
                bracket.span.join(),
                "an empty list of schema snapshots: name at least one, or write schema = false",
            ));
        }
        return paths
            .into_iter()
            .map(|element| match ungroup(element) {
                Expr::Lit(ExprLit {
                    lit: Lit::Str(path),
                    ..
                }) => Ok(path),
                other => Err(syn::Error::new_spanned(
                    other,
                    "expected the path of a schema snapshot, such as \"odoo19.json\"",
                )),
            })
            .collect::<syn::Result<Vec<_>>>()
            .map(SchemaSource::Paths);
    }
    let expr: Expr = input.parse()?;
    match ungroup(expr) {
        Expr::Lit(ExprLit {
            lit: Lit::Str(path),
            ..
        }) => Ok(SchemaSource::Paths(vec![path])),
        Expr::Lit(ExprLit {
            lit: Lit::Bool(flag),
            ..
        }) if !flag.value => Ok(SchemaSource::Off),
        other => Err(syn::Error::new_spanned(other, SCHEMA_FORMS)),
    }
}

/// A literal passed through a macro_rules fragment arrives wrapped in a group.
fn ungroup(mut expr: Expr) -> Expr {
    while let Expr::Group(group) = expr {
        expr = *group.expr;
    }
    expr
}

fn valid_field_name(name: &str) -> bool {
    !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

fn valid_model_name(name: &str) -> bool {
    name.split('.').all(valid_field_name)
}

/// The name of an identifier without its `r#` prefix.
pub fn unraw(ident: &Ident) -> String {
    let text = ident.to_string();
    text.strip_prefix("r#").map_or(text.clone(), str::to_owned)
}
