//! The typed calls of a model's methods as code: the struct of calls (`ResPartnerMethods`,
//! one function per method, from `ModelClient::methods`), its `ModelMethods` impl, and the
//! module of builders for calls with optional parameters (`res_partner::methods`). Every call
//! is an `odoo_core::TypedCall`.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::tokens::{doc_attrs, ident};
use crate::plan::{ArgPlan, ArgType, MethodPlan, MethodsPlan, ReturnType, BUILDERS_MODULE};
use crate::Error;

/// More arguments than clippy's `too_many_arguments` lets pass.
const MANY_ARGUMENTS: usize = 7;

/// The struct of calls, its `ModelMethods` impl and the builders' module.
pub(super) fn tokens(plan: &MethodsPlan, structure: &Ident) -> Result<TokenStream, Error> {
    let methods_ident = ident(&plan.structure)?;
    let module = ident(BUILDERS_MODULE)?;
    let mut functions = Vec::with_capacity(plan.methods.len());
    let mut builders = Vec::new();
    for method in &plan.methods {
        functions.push(function(method, structure, &module)?);
        if let Some(builder) = &method.builder {
            builders.push(builder_tokens(method, builder, structure)?);
        }
    }
    let doc = doc_attrs(&plan.doc);
    let module_doc = doc_attrs(&[format!(
        "The calls of `{}` that take optional parameters, each with one setter per parameter.",
        plan.structure
    )]);
    let builders_module = (!builders.is_empty()).then(|| {
        quote! {
            #module_doc
            pub mod #module {
                #(#builders)*
            }
        }
    });
    Ok(quote! {
        #doc
        #[derive(::std::fmt::Debug, ::std::clone::Clone)]
        pub struct #methods_ident {
            client: ::odoo_core::ModelClient<#structure>,
        }

        impl ::odoo_core::ModelMethods for #structure {
            type Methods = #methods_ident;
            fn methods(client: ::odoo_core::ModelClient<Self>) -> #methods_ident {
                #methods_ident { client }
            }
        }

        impl #methods_ident {
            #(#functions)*
        }

        #builders_module
    })
}

/// One function of the struct of calls: the required arguments, the call built.
fn function(method: &MethodPlan, structure: &Ident, module: &Ident) -> Result<TokenStream, Error> {
    let name = ident(&method.ident)?;
    let odoo_name = &method.odoo_name;
    let positional = &method.positional;
    let returns = return_type(method.returns);
    let mut params = Vec::new();
    if method.on_records {
        params.push(quote! { ids: &[i64] });
    }
    let mut args = Vec::new();
    for arg in &method.required {
        let arg_ident = ident(&arg.ident)?;
        let ty = arg_type(arg.ty, &quote! { #structure });
        params.push(quote! { #arg_ident: #ty });
        args.push(arg_call(arg, &arg_ident));
    }
    let start = if method.on_records {
        quote! { ::odoo_core::TypedCall::on_records(&self.client, #odoo_name, ids, &[#(#positional),*]) }
    } else {
        quote! { ::odoo_core::TypedCall::on_model(&self.client, #odoo_name, &[#(#positional),*]) }
    };
    let call = quote! { #start #(#args)* };
    let (output, body) = match &method.builder {
        Some(builder) => {
            let builder = ident(builder)?;
            (
                quote! { #module::#builder },
                quote! { #module::#builder(#call) },
            )
        }
        None => (
            quote! { ::odoo_core::TypedCall<#structure, #returns> },
            call,
        ),
    };
    let allow = (params.len() + 1 > MANY_ARGUMENTS)
        .then(|| quote! { #[allow(clippy::too_many_arguments)] });
    let doc = doc_attrs(&method.doc);
    Ok(quote! {
        #doc
        #allow
        pub fn #name(&self, #(#params),*) -> #output {
            #body
        }
    })
}

/// `.arg("name", value)`: every argument type serializes as Odoo takes it.
fn arg_call(arg: &ArgPlan, value: &Ident) -> TokenStream {
    let odoo = &arg.odoo_name;
    quote! { .arg(#odoo, #value) }
}

/// The Rust type an argument takes; `structure` is the model's struct as seen from there.
fn arg_type(ty: ArgType, structure: &TokenStream) -> TokenStream {
    match ty {
        ArgType::Int => quote! { i64 },
        ArgType::Float => quote! { f64 },
        ArgType::Bool => quote! { bool },
        ArgType::Str => quote! { &str },
        ArgType::IntList => quote! { &[i64] },
        ArgType::StrList => quote! { &[&str] },
        ArgType::Map => quote! { ::odoo_core::Map<::std::string::String, ::odoo_core::Value> },
        ArgType::Values => quote! { ::odoo_core::Values<#structure> },
        _ => quote! { ::odoo_core::Value },
    }
}

fn return_type(ty: ReturnType) -> TokenStream {
    let map = quote! { ::odoo_core::Map<::std::string::String, ::odoo_core::Value> };
    match ty {
        ReturnType::Unit => quote! { () },
        ReturnType::Int => quote! { i64 },
        ReturnType::Float => quote! { f64 },
        ReturnType::Bool => quote! { bool },
        ReturnType::Str => quote! { ::std::string::String },
        ReturnType::IntList => quote! { ::std::vec::Vec<i64> },
        ReturnType::Map => map,
        ReturnType::MapList => quote! { ::std::vec::Vec<#map> },
        ReturnType::Action => quote! { ::odoo_core::Action },
        ReturnType::Record => quote! { ::odoo_core::types::RecordId },
        _ => quote! { ::odoo_core::Value },
    }
}

/// The builder of a call with optional parameters: one setter per parameter, `kwarg` for a
/// method taking `**kwargs`, `context`, and the ways to send it.
fn builder_tokens(
    method: &MethodPlan,
    builder: &str,
    structure: &Ident,
) -> Result<TokenStream, Error> {
    let builder = ident(builder)?;
    let returns = return_type(method.returns);
    let model = quote! { super::#structure };
    let call_type = quote! { ::odoo_core::TypedCall<#model, #returns> };
    let mut setters = Vec::with_capacity(method.optional.len());
    for arg in &method.optional {
        let name = ident(&arg.ident)?;
        let ty = arg_type(arg.ty, &model);
        let call = arg_call(arg, &name);
        let doc = doc_attrs(&arg.doc);
        setters.push(quote! {
            #doc
            pub fn #name(self, #name: #ty) -> Self {
                Self(self.0 #call)
            }
        });
    }
    let kwarg = method.var_keyword.then(|| {
        let doc = doc_attrs(&["Any other keyword argument (the method takes `**kwargs`)."]);
        quote! {
            #doc
            pub fn kwarg(self, name: &str, value: ::odoo_core::Value) -> Self {
                Self(self.0.arg(name, value))
            }
        }
    });
    let doc = doc_attrs(&[format!(
        "A call of `{}`, from `{}`: set its optional parameters, then send it.",
        method.odoo_name, method.ident
    )]);
    let context_doc = doc_attrs(&["Merges `context` over the client's for this call."]);
    let into_doc = doc_attrs(&["The call itself."]);
    let send_doc = doc_attrs(&["Sends the call; the answer read as the method documents it."]);
    let value_doc = doc_attrs(&["Sends the call; the answer as JSON, whatever it is."]);
    Ok(quote! {
        #doc
        #[derive(::std::fmt::Debug)]
        #[must_use = "a call does nothing until it is sent"]
        pub struct #builder(pub(super) #call_type);

        impl #builder {
            #(#setters)*
            #kwarg
            #context_doc
            pub fn context(self, context: ::odoo_core::Context) -> Self {
                Self(self.0.context(context))
            }
            #into_doc
            pub fn into_call(self) -> #call_type {
                self.0
            }
            #send_doc
            pub async fn send(self) -> ::odoo_core::Result<#returns> {
                self.0.send().await
            }
            #value_doc
            pub async fn send_value(self) -> ::odoo_core::Result<::odoo_core::Value> {
                self.0.send_value().await
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use odoo_schema::api_doc::ApiDocPage;
    use odoo_schema::{ModelSchema, Schema};

    use crate::render::{render, RenderOptions};

    /// Methods whose names need care: keywords, a prelude name, a parameter named as a
    /// builder's own method, many required arguments, `**kwargs`.
    const PAGE: &str = r#"{"methods": {
        "type": {"api": ["model"], "parameters": {}},
        "copy": {"parameters": {"default": {"default": null, "annotation": "ValuesType | None"}},
                 "return": {"annotation": "list[int]"}},
        "action_go": {"parameters": {"context": {"default": null}, "send": {"default": 1, "annotation": "int"}},
                      "doc": "<p>Go <b>now</b> [x] see https://odoo.com</p><pre>a = [1]</pre>"},
        "many": {"parameters": {"a": {"annotation": "int"}, "b": {"annotation": "float"},
                 "c": {"annotation": "bool"}, "d": {"annotation": "str"}, "e": {"annotation": "list[int]"},
                 "f": {"annotation": "list[str]"}, "g": {"annotation": "dict"}, "ids": {}},
                 "return": {"annotation": "None"}},
        "post": {"parameters": {"body": {"kind": "KEYWORD_ONLY", "default": "", "annotation": "str"}, "kwargs": {"kind": "VAR_KEYWORD"}}}
    }}"#;

    #[test]
    fn awkward_methods_render_to_valid_code() {
        let mut schema = Schema::new(Some("19.0".into()));
        let model = ModelSchema {
            methods: ApiDocPage::from_json(PAGE).expect("page").methods,
            ..ModelSchema::default()
        };
        schema.models.insert("x.thing".into(), model);
        let models: BTreeSet<String> = ["x.thing".to_owned()].into();
        let rendered = render(&schema, &models, &RenderOptions::default()).expect("renders");
        let text = &rendered.files[1].contents;
        syn::parse_file(text).expect("valid Rust");
        let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
        for expected in [
            "pub struct XThingMethods { client: ::odoo_core::ModelClient<XThing>, }",
            "impl ::odoo_core::ModelMethods for XThing {",
            "pub fn type_(&self) -> ::odoo_core::TypedCall<XThing, ::odoo_core::Value> { ::odoo_core::TypedCall::on_model(&self.client, \"type\", &[]) }",
            "pub fn copy(&self, ids: &[i64]) -> methods::CopyCall {",
            "pub struct CopyCall( pub(super) ::odoo_core::TypedCall<super::XThing, ::std::vec::Vec<i64>>, );",
            "pub fn default(self, default: ::odoo_core::Values<super::XThing>) -> Self {",
            "pub fn action_go(&self, ids: &[i64]) -> methods::ActionGo {",
            "::odoo_core::TypedCall<super::XThing, ::odoo_core::Action>",
            "pub fn context_2(self, context_2: ::odoo_core::Value) -> Self { Self(self.0.arg(\"context\", context_2)) }",
            "pub fn send_2(self, send_2: i64) -> Self { Self(self.0.arg(\"send\", send_2)) }",
            "/// Go now \\[x\\] see <https://odoo.com>",
            "/// ```text /// a = [1] /// ```",
            "#[allow(clippy::too_many_arguments)] pub fn many( &self, ids: &[i64], a: i64, b: f64, c: bool, d: &str, e: &[i64], f: &[&str], g: ::odoo_core::Map<::std::string::String, ::odoo_core::Value>, ids_2: ::odoo_core::Value, ) -> ::odoo_core::TypedCall<XThing, ()>",
            ".arg(\"ids\", ids_2)",
            "pub fn kwarg(self, name: &str, value: ::odoo_core::Value) -> Self {",
            "pub fn body(self, body: &str) -> Self",
        ] {
            assert!(flat.contains(expected), "missing `{expected}` in:\n{text}");
        }
        assert!(!text.contains("r#"), "{text}");
    }
}
