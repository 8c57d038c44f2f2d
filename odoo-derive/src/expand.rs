//! The code `#[derive(OdooModel)]` emits.

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote};
use syn::DeriveInput;

use crate::ctxt::Ctxt;
use crate::model::{self, Model};

/// Expands the derive; on errors, the errors plus a fallback `Model` impl so that one
/// mistake gives one error, not a cascade at every use of the struct.
pub fn model(input: &DeriveInput) -> TokenStream {
    let cx = Ctxt::new();
    let attrs = crate::attr::model_attrs(&cx, &input.attrs);
    let model = model::read(&cx, input, &attrs);
    match (cx.check(), model) {
        (Ok(()), Some(model)) => expand(&model),
        (Err(error), model) => {
            let fallback = model.map(|model| fallback(&model)).unwrap_or_default();
            let errors = error.to_compile_error();
            quote! { #errors #fallback }
        }
        (Ok(()), None) => {
            syn::Error::new(Span::call_site(), "OdooModel: nothing to derive").to_compile_error()
        }
    }
}

/// A `Model` impl and field handles that compile whatever the fields, used after an
/// error: uses of the struct then raise no error of their own.
fn fallback(model: &Model<'_>) -> TokenStream {
    let ident = model.ident;
    let krate = &model.krate;
    let model_name = &model.model;
    let handles = field_handles(model);
    let fields_impl = fields_impl(model);
    let methods = methods_tokens(model);
    quote! {
        #handles
        #methods
        const _: () = {
            use #krate::model::__private as __p;
            impl __p::Model for #ident {
                const MODEL: &'static str = #model_name;
                const FIELDS: &'static [__p::FieldInfo] = &[];
                #fields_impl
            }
            impl<'de> __p::serde::Deserialize<'de> for #ident {
                fn deserialize<D: __p::serde::Deserializer<'de>>(_: D) -> ::std::result::Result<Self, D::Error> {
                    ::std::unimplemented!()
                }
            }
        };
    }
}

/// `Base`, `Fields` and `fields()` of the `Model` impl: the struct's own handles, or those of
/// the struct named by `#[odoo(fields = ..)]`.
fn fields_impl(model: &Model<'_>) -> TokenStream {
    if let Some(base) = &model.fields_of {
        return quote! {
            type Base = <#base as __p::Model>::Base;
            type Fields = <#base as __p::Model>::Fields;
            fn fields() -> Self::Fields {
                <#base as __p::Model>::fields()
            }
        };
    }
    let ident = model.ident;
    let fields_ident = format_ident!("{}Fields", ident);
    let inits = handle_inits(model);
    quote! {
        type Base = #ident;
        type Fields = #fields_ident;
        fn fields() -> #fields_ident {
            #fields_ident { #(#inits,)* }
        }
    }
}

/// `Versions::since(17)`, ... for `since`/`until`; `None` for every version.
fn versions_tokens(versions: &crate::attr::VersionAttrs) -> Option<TokenStream> {
    match (&versions.since, &versions.until) {
        (None, None) => None,
        (Some(since), None) => Some(quote!(__p::Versions::since(#since))),
        (None, Some(until)) => Some(quote!(__p::Versions::until(#until))),
        (Some(since), Some(until)) => Some(quote!(__p::Versions::between(#since, #until))),
    }
}

/// The initializers of the handles, `name: Field::new("name")` (`Field::new_readonly` for a
/// read-only field, `.on(versions)` for one that some versions lack).
fn handle_inits(model: &Model<'_>) -> Vec<TokenStream> {
    model
        .fields
        .iter()
        .filter(|field| !field.skip)
        .map(|field| {
            let field_ident = field.ident;
            let name = &field.odoo_name;
            let on = versions_tokens(&field.versions).map(|versions| quote!(.on(#versions)));
            if field.readonly {
                quote!(#field_ident: __p::Field::new_readonly(#name) #on)
            } else {
                quote!(#field_ident: __p::Field::new(#name) #on)
            }
        })
        .collect()
}

/// The `<Name>Fields` struct of typed handles; nothing when the struct uses another's.
fn field_handles(model: &Model<'_>) -> TokenStream {
    if model.fields_of.is_some() {
        return TokenStream::new();
    }
    let ident = model.ident;
    let vis = model.vis;
    let krate = &model.krate;
    let model_name = &model.model;
    let fields_ident = format_ident!("{}Fields", ident);
    let decls = model
        .fields
        .iter()
        .filter(|field| !field.skip)
        .map(|field| {
            let field_ident = field.ident;
            let ty = field.ty;
            if field.readonly {
                let doc = format!(
                    "`{}` of `{model_name}`, read-only: domains and orders take it, a typed write does not.",
                    field.odoo_name
                );
                quote! {
                    #[doc = #doc]
                    pub #field_ident: #krate::Field<#ident, #ty, #krate::ReadOnly>
                }
            } else {
                let doc = format!("`{}` of `{model_name}`.", field.odoo_name);
                quote! {
                    #[doc = #doc]
                    pub #field_ident: #krate::Field<#ident, #ty>
                }
            }
        });
    let doc = format!(
        "Typed handles on the fields of [`{ident}`] (`{model_name}`), for domains, orders and write values."
    );
    quote! {
        #[doc = #doc]
        #[derive(::std::clone::Clone, ::std::fmt::Debug)]
        #vis struct #fields_ident {
            #(#decls,)*
        }
    }
}

pub fn expand(model: &Model<'_>) -> TokenStream {
    let ident = model.ident;
    let krate = &model.krate;
    let model_name = &model.model;
    let read: Vec<_> = model
        .fields
        .iter()
        .filter(|field| !field.skip && !field.handle_only)
        .collect();

    let infos = read.iter().map(|field| {
        let name = &field.odoo_name;
        let rust_name = crate::attr::unraw(field.ident);
        let ty = field.ty;
        let readonly = field.readonly;
        let versions =
            versions_tokens(&field.versions).unwrap_or_else(|| quote!(__p::Versions::ALL));
        quote! {
            __p::FieldInfo {
                name: #name,
                rust_name: #rust_name,
                kind: <#ty as __p::OdooField>::KIND,
                optional: <#ty as __p::OdooField>::OPTIONAL,
                readonly: #readonly,
                versions: #versions,
            }
        }
    });
    let names = read.iter().map(|field| &field.odoo_name);
    let handles = field_handles(model);
    let fields_impl = fields_impl(model);
    let model_versions = versions_tokens(&model.versions)
        .map(|versions| quote!(const VERSIONS: __p::Versions = #versions;));
    let base_check = model.fields_of.as_ref().map(|base| {
        let message =
            format!("`#[odoo(fields = ..)]` names a struct of another model than `{model_name}`");
        let span = syn::spanned::Spanned::span(base);
        quote::quote_spanned! {span=>
            const _: () = __p::check_relation(<#base as __p::Model>::MODEL, #model_name, #message);
        }
    });
    let slots = read.iter().enumerate().map(|(index, field)| {
        let slot = format_ident!("__f{}", index);
        let ty = field.ty;
        quote!(let mut #slot: ::std::option::Option<#ty> = ::std::option::Option::None;)
    });
    let arms = read.iter().enumerate().map(|(index, field)| {
        let slot = format_ident!("__f{}", index);
        let name = &field.odoo_name;
        quote!(::std::option::Option::Some(#index) => __p::next_field(&mut map, &mut #slot, #name),)
    });
    let mut read_index = 0_usize;
    let builds: Vec<_> = model
        .fields
        .iter()
        .filter(|field| !field.handle_only)
        .map(|field| {
            let field_ident = field.ident;
            if field.skip {
                return quote!(#field_ident: ::std::default::Default::default());
            }
            let value = format_ident!("__v{}", read_index);
            read_index += 1;
            quote!(#field_ident: #value)
        })
        .collect();
    let record = build_record(ident, read.len(), &builds);
    let relation_checks = model.relation_checks.iter().map(quote_spanned_check);
    // One `include_bytes!` per snapshot file per crate.
    let include = model
        .schema_paths
        .iter()
        .filter(|path| crate::schema::first_in_crate(path))
        .map(|path| {
            let path = path.to_string_lossy();
            quote!(
                const _: &[u8] = ::std::include_bytes!(#path);
            )
        });
    // Makes cargo rebuild when the env var that may name the snapshot changes.
    let env = (model.track_env
        && crate::schema::first_in_crate(std::path::Path::new("env:ODOO_SCHEMA")))
    .then(|| {
        quote!(
            const _: ::std::option::Option<&str> = ::std::option_env!("ODOO_SCHEMA");
        )
    });
    let expecting = format!("a record of {model_name}");
    let methods = methods_tokens(model);

    quote! {
        #handles
        #methods

        const _: () = {
            use #krate::model::__private as __p;
            #(#include)*
            #env
            #(#relation_checks)*
            #base_check

            const __NAMES: &[&str] = &[#(#names),*];

            impl __p::Model for #ident {
                const MODEL: &'static str = #model_name;
                const FIELDS: &'static [__p::FieldInfo] = &[#(#infos),*];
                #model_versions
                #fields_impl
            }

            impl<'de> __p::serde::Deserialize<'de> for #ident {
                fn deserialize<D: __p::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                    struct __Visitor;
                    impl<'de> __p::serde::de::Visitor<'de> for __Visitor {
                        type Value = #ident;
                        fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                            f.write_str(#expecting)
                        }
                        fn visit_map<A: __p::serde::de::MapAccess<'de>>(self, mut map: A) -> ::std::result::Result<#ident, A::Error> {
                            #(#slots)*
                            let mut __hint = 0_usize;
                            while let ::std::option::Option::Some(__key) = map.next_key_seed(__p::KeySeed { names: __NAMES, hint: __hint })? {
                                if let ::std::option::Option::Some(index) = __key {
                                    __hint = index + 1;
                                }
                                let __step = match __key {
                                    #(#arms)*
                                    _ => map.next_value::<__p::serde::de::IgnoredAny>().map(|_| ()),
                                };
                                __step?;
                            }
                            #record
                        }
                    }
                    deserializer.deserialize_map(__Visitor)
                }
            }
        };
    }
}

/// The record from the `read` field slots `__f0`, `__f1`, ... of `visit_map`, or the error
/// naming the first required field the map lacked.
///
/// The slots are moved into one tuple and matched once, and the loop above leaves through one
/// `?`: with a `?` for each field, every early return dropped every slot still alive, and the
/// compiler's work on a record of n fields grew as n squared (most of the build time of a
/// crate of generated models).
fn build_record(ident: &syn::Ident, read: usize, builds: &[TokenStream]) -> TokenStream {
    if read == 0 {
        return quote!(::std::result::Result::Ok(#ident { #(#builds,)* }));
    }
    let slots = (0..read).map(|index| format_ident!("__f{}", index));
    let values = (0..read).map(|index| format_ident!("__v{}", index));
    let positions = (0..read).map(syn::Index::from);
    quote! {
        match (#(__p::or_missing(#slots),)*) {
            (#(::std::option::Option::Some(#values),)*) => {
                ::std::result::Result::Ok(#ident { #(#builds,)* })
            }
            __slots => ::std::result::Result::Err(__p::missing_field(
                &[#(__slots.#positions.is_none(),)*],
                __NAMES,
            )),
        }
    }
}

fn quote_spanned_check(check: &crate::model::RelationCheck<'_>) -> TokenStream {
    let target = check.target;
    let relation = &check.relation;
    let message = &check.message;
    let span = syn::spanned::Spanned::span(target);
    quote::quote_spanned! {span=>
        const _: () = __p::check_relation(<#target as __p::Model>::MODEL, #relation, #message);
    }
}

/// The struct of calls of the methods of `#[odoo(methods(...))]` ([`crate::methods`]) and its
/// `ModelMethods` impl; nothing when no method is declared.
fn methods_tokens(model: &Model<'_>) -> TokenStream {
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
