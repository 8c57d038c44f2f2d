//! `#[odoo(methods(action_confirm, copy))]`: the methods a model struct calls, checked against
//! the snapshots that document the model's methods (Odoo 19 and later, taken with methods),
//! and the struct of calls emitted for them (`<Name>Methods`, from `ModelClient::methods`).

use odoo_schema::{did_you_mean, ModelSchema};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use syn::Ident;

use crate::ctxt::Ctxt;
use crate::model::{unraw, Model, Problems, IN};
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

/// The struct of calls and its `ModelMethods` impl; nothing when no method is declared.
pub fn tokens(model: &Model<'_>) -> TokenStream {
    if model.methods.is_empty() {
        return TokenStream::new();
    }
    let ident = model.ident;
    let vis = model.vis;
    let krate = &model.krate;
    let model_name = &model.model;
    let methods_ident = format_ident!("{}Methods", ident);
    let functions = model.methods.iter().map(|method| {
        let name = &method.name;
        let function = &method.ident;
        let doc = match &method.documented {
            Some((true, signature)) => format!(
                "`{signature}`, on records: a call by name; give the records with `MethodCall::ids` and the arguments with `arg`, `named_arg` or `kwarg`."
            ),
            Some((false, signature)) => format!(
                "`{signature}`, on the model: a call by name; give the arguments with `arg`, `named_arg` or `kwarg`."
            ),
            None => format!(
                "`{model_name}.{name}`: a call by name; give the records with `MethodCall::ids` and the arguments with `arg` or `kwarg`."
            ),
        };
        quote! {
            #[doc = #doc]
            pub fn #function(&self) -> #krate::MethodCall<#ident> {
                self.client.call(#name)
            }
        }
    });
    let doc = format!(
        "Calls of the methods of `{model_name}` that [`{ident}`] declares in `#[odoo(methods(...))]`, from `ModelClient::methods`."
    );
    quote! {
        #[doc = #doc]
        #[derive(::std::clone::Clone, ::std::fmt::Debug)]
        #vis struct #methods_ident {
            client: #krate::ModelClient<#ident>,
        }

        const _: () = {
            impl #krate::ModelMethods for #ident {
                type Methods = #methods_ident;
                fn methods(client: #krate::ModelClient<Self>) -> #methods_ident {
                    #methods_ident { client }
                }
            }

            impl #methods_ident {
                #(#functions)*
            }
        };
    }
}
