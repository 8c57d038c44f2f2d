//! The pieces of code that the rendering of structs and of method calls both write: plan
//! names as identifiers and doc lines as `#[doc]` attributes.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use crate::Error;

/// An identifier of the plan; an error (not a panic) when it is not one.
pub(super) fn ident(name: &str) -> Result<Ident, Error> {
    syn::parse_str::<Ident>(name)
        .map_err(|_| Error::Render(format!("`{name}` is not a Rust identifier")))
}

/// `#[doc]` attributes for doc lines of the plan (already trimmed and escaped).
pub(super) fn doc_attrs<S: AsRef<str>>(lines: &[S]) -> TokenStream {
    let attrs = lines.iter().map(|line| {
        let line = line.as_ref();
        let text = if line.is_empty() {
            String::new()
        } else {
            format!(" {line}")
        };
        quote! { #[doc = #text] }
    });
    quote! { #(#attrs)* }
}
