//! The code `#[derive(OdooSelection)]` emits.

use heck::ToSnakeCase;
use proc_macro2::{Span, TokenStream};
use quote::quote;
use syn::{Data, DeriveInput, Fields};

use crate::attr::{self, VariantKey};
use crate::ctxt::Ctxt;

enum Key {
    Str(String),
    Int(i64),
}

pub fn expand(input: &DeriveInput) -> TokenStream {
    let cx = Ctxt::new();
    let enum_attrs = attr::enum_attrs(&cx, &input.attrs);
    let krate: syn::Path = enum_attrs
        .krate
        .unwrap_or_else(|| syn::parse_quote!(::odoo_core));
    let ident = &input.ident;
    if !input.generics.params.is_empty() {
        cx.error_spanned_by(
            &input.generics,
            "OdooSelection does not support generic enums",
        );
    }
    let (known, other) = variants(&cx, input);
    if let Err(error) = cx.check() {
        return impls_despite_errors(&error.to_compile_error(), &krate, ident);
    }
    let Some(other) = other else {
        return TokenStream::new();
    };

    let from_arms = known.iter().map(|(variant, key)| match key {
        Key::Str(text) => {
            quote!(__p::SelectionKey::Str(ref __key) if __key == #text => Self::#variant,)
        }
        Key::Int(number) => quote!(__p::SelectionKey::Int(#number) => Self::#variant,),
    });
    let key_arms = known.iter().map(|(variant, key)| match key {
        Key::Str(text) => {
            quote!(Self::#variant => __p::SelectionKey::Str(::std::string::String::from(#text)),)
        }
        Key::Int(number) => quote!(Self::#variant => __p::SelectionKey::Int(#number),),
    });

    quote! {
        const _: () = {
            use #krate::model::__private as __p;

            impl __p::SelectionValue for #ident {
                fn from_key(key: __p::SelectionKey) -> Self {
                    match key {
                        #(#from_arms)*
                        __other => Self::#other(__other.into_string()),
                    }
                }
                fn key(&self) -> __p::SelectionKey {
                    match self {
                        #(#key_arms)*
                        Self::#other(__key) => __p::SelectionKey::Str(::std::clone::Clone::clone(__key)),
                    }
                }
            }

            impl __p::serde::Serialize for #ident {
                fn serialize<S: __p::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                    __p::selection_serialize(self, serializer)
                }
            }

            impl<'de> __p::serde::Deserialize<'de> for #ident {
                fn deserialize<D: __p::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                    __p::selection_deserialize(deserializer)
                }
            }

            impl __p::OdooField for #ident {
                type Write = Self;
                type Compare = Self;
                const KIND: __p::RustKind = __p::RustKind::Selection;
                fn deserialize_field<'de, D: __p::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                    __p::selection_deserialize(deserializer)
                }
                fn write_value(value: Self) -> __p::Value {
                    __p::selection_key_value(__p::SelectionValue::key(&value))
                }
                fn compare_value(value: Self) -> __p::Value {
                    __p::selection_key_value(__p::SelectionValue::key(&value))
                }
            }
        };
    }
}

/// The variants of the enum: each listed one with its key, and the one that holds unlisted keys.
fn variants<'a>(
    cx: &Ctxt,
    input: &'a DeriveInput,
) -> (Vec<(&'a syn::Ident, Key)>, Option<&'a syn::Ident>) {
    let mut known: Vec<(&syn::Ident, Key)> = Vec::new();
    let mut other: Option<&syn::Ident> = None;
    match &input.data {
        Data::Enum(data) => {
            for variant in &data.variants {
                let variant_attrs = attr::variant_attrs(cx, &variant.attrs);
                if variant_attrs.other {
                    if variant_attrs.value.is_some() {
                        cx.error_spanned_by(
                            variant,
                            "the `other` variant holds unlisted keys; it has no `value`",
                        );
                    }
                    let one_field = matches!(&variant.fields, Fields::Unnamed(fields) if fields.unnamed.len() == 1);
                    if !one_field {
                        cx.error_spanned_by(
                            variant,
                            "the `other` variant must hold the key: `Unknown(String)`",
                        );
                    }
                    if other.is_some() {
                        cx.error_spanned_by(variant, "only one variant can be #[odoo(other)]");
                    }
                    other = Some(&variant.ident);
                    continue;
                }
                if !matches!(variant.fields, Fields::Unit) {
                    cx.error_spanned_by(variant, "selection variants are unit variants; mark the one that holds unlisted keys #[odoo(other)]");
                    continue;
                }
                let key = match variant_attrs.value {
                    Some(VariantKey::Str(lit)) => Key::Str(lit.value()),
                    Some(VariantKey::Int(lit)) => Key::Int(lit.base10_parse().unwrap_or_default()),
                    None => Key::Str(variant.ident.to_string().to_snake_case()),
                };
                let duplicate = known.iter().any(|(_, seen)| match (seen, &key) {
                    (Key::Str(a), Key::Str(b)) => a == b,
                    (Key::Int(a), Key::Int(b)) => a == b,
                    _ => false,
                });
                if duplicate {
                    cx.error_spanned_by(variant, "two variants have the same selection key");
                }
                known.push((&variant.ident, key));
            }
            if other.is_none() {
                cx.syn_error(syn::Error::new(
                    Span::call_site(),
                    "a selection enum needs a fallback variant for keys it does not list, so that a value added on the server still reads: add `#[odoo(other)] Unknown(String)`",
                ));
            }
        }
        _ => cx.error_spanned_by(
            input,
            "OdooSelection derives on enums; use OdooModel for structs",
        ),
    }
    (known, other)
}

/// With the errors, impls that compile, so that fields of this type and uses of the enum raise
/// no errors of their own.
fn impls_despite_errors(
    errors: &TokenStream,
    krate: &syn::Path,
    ident: &syn::Ident,
) -> TokenStream {
    quote! {
    #errors
    const _: () = {
        use #krate::model::__private as __p;
        impl __p::OdooField for #ident {
            type Write = Self;
            type Compare = Self;
            const KIND: __p::RustKind = __p::RustKind::Selection;
            fn deserialize_field<'de, D: __p::serde::Deserializer<'de>>(_: D) -> ::std::result::Result<Self, D::Error> {
                ::std::unimplemented!()
            }
            fn write_value(_: Self) -> __p::Value { ::std::unimplemented!() }
            fn compare_value(_: Self) -> __p::Value { ::std::unimplemented!() }
        }
    };
    }
}
