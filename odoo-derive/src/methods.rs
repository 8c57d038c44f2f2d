//! `#[odoo(methods(action_confirm, copy))]`: the methods a model struct calls, checked against
//! the snapshots that document the model's methods (Odoo 19 and later, taken with methods).
//! The struct of calls emitted for them (`<Name>Methods`, from `ModelClient::methods`) is
//! written with the rest of the expansion ([`crate::expand`]).

use odoo_schema::{did_you_mean, ModelSchema};
use syn::Ident;

use crate::attr::unraw;
use crate::ctxt::Ctxt;
use crate::problems::{Problems, IN};
use crate::schema::Loaded;

/// One method named in `methods(...)`.
pub struct DeclaredMethod {
    /// The name as written, for the function of the struct of calls.
    pub ident: Ident,
    /// The Odoo name (the identifier without `r#`).
    pub name: String,
    /// What a snapshot documents of it: `(on records, signature)`.
    pub documented: Option<(bool, String)>,
}

/// The methods of `methods(...)`; a name listed twice is an error.
pub fn declared(cx: &Ctxt, idents: &[Ident]) -> Vec<DeclaredMethod> {
    let mut out: Vec<DeclaredMethod> = Vec::with_capacity(idents.len());
    for ident in idents {
        let name = unraw(ident);
        if out.iter().any(|seen| seen.name == name) {
            cx.error_spanned_by(ident, format!("method `{name}` is listed twice"));
            continue;
        }
        out.push(DeclaredMethod {
            ident: ident.clone(),
            name,
            documented: None,
        });
    }
    out
}

/// Checks each declared method against the snapshots that document the methods of `model`
/// (`models[i]` is the model in `snapshots[i]`); snapshots without methods for it are not
/// asked.
pub fn check(
    cx: &Ctxt,
    model: &str,
    methods: &mut [DeclaredMethod],
    snapshots: &[Loaded],
    models: &[Option<&ModelSchema>],
) {
    for method in methods.iter_mut() {
        let mut problems = Problems::new();
        for (index, schema) in models.iter().enumerate() {
            let Some(schema) = schema.filter(|schema| !schema.methods.is_empty()) else {
                continue;
            };
            match schema.method(&method.name) {
                Some(documented) => {
                    method.documented.get_or_insert_with(|| {
                        let signature =
                            format!("{model}.{}{}", method.name, documented.signature());
                        (!documented.is_model_method(), signature)
                    });
                }
                None => {
                    let hint =
                        did_you_mean(&method.name, schema.methods.keys().map(String::as_str))
                            .map(|close| format!("; did you mean `{close}`?"))
                            .unwrap_or_default();
                    problems.add(
                        &method.ident,
                        format!(
                            "model `{model}` has no method `{}` in {IN}{hint}",
                            method.name
                        ),
                        index,
                    );
                }
            }
        }
        problems.report(cx, snapshots);
    }
}
