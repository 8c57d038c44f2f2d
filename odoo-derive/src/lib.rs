#![doc = include_str!("../README.md")]
//!
//! ## Every attribute
//!
//! The documentation of the generated API is on `odoo_core::Model`.
//!
//! ```text
//! #[derive(Debug, Clone, odoo_core::OdooModel)]
//! #[odoo(model = "res.partner")]                 // required
//! #[odoo(schema = "odoo-schema.json")]           // optional snapshot, relative to the crate root
//!                                                // (or several: schema = ["odoo16.json", "odoo19.json"])
//! pub struct Partner {
//!     pub id: i64,
//!     pub name: Option<String>,
//!     #[odoo(rename = "type")]                   // the Odoo name, when it differs
//!     pub kind: Option<PartnerType>,
//!     #[odoo(readonly)]                          // Odoo computes it: a read-only handle
//!     pub display_name: Option<String>,
//!     #[odoo(skip)]                              // not read; takes Default::default()
//!     pub local_note: String,
//! }
//!
//! #[derive(Debug, odoo_core::OdooModel)]
//! #[odoo(model = "res.partner", fields = Partner)] // Partner's handles: filter by any of them
//! pub struct PartnerName { pub id: i64, pub name: Option<String> }
//!
//! #[derive(Debug, odoo_core::OdooModel)]
//! #[odoo(model = "stock.move", handles { pub reference: Option<String> })] // a handle, not read
//! pub struct Move {
//!     pub id: i64,
//!     #[odoo(until = 16)]                        // on Odoo 16 and before only
//!     pub quantity_done: Option<f64>,
//!     #[odoo(since = 17)]                        // on Odoo 17 and later only
//!     pub quantity: Option<f64>,
//! }
//!
//! #[derive(Debug, odoo_core::OdooModel)]
//! #[odoo(model = "sale.order", methods(action_confirm, copy))] // the methods it calls
//! pub struct Order { pub id: i64 }
//! // client.model::<Order>().methods().action_confirm().ids(&[7]).send_action().await?
//!
//! #[derive(Debug, Clone, PartialEq, Eq, odoo_core::OdooSelection)]
//! pub enum PartnerType {
//!     Contact,                                   // key "contact" (snake_case of the variant)
//!     #[odoo(value = "invoice")]
//!     Invoice,
//!     #[odoo(other)]                             // any key the enum does not list
//!     Unknown(String),
//! }
//! ```
//!
//! With a schema snapshot (attribute `schema`, else the env var `ODOO_SCHEMA`, else
//! `odoo-schema.json` at the crate root when it exists), the model, each field and each
//! field's Rust type are checked against it at compile time, by the table of
//! `odoo_schema::rust_type` that `odoo-codegen` generates structs by: the type must be the
//! field's kind (or `serde_json::Value`, which holds anything), an `Option` wherever
//! `FieldSchema::optional` says the field can read as `false`, and a field Odoo cannot
//! export (`FieldSchema::round_trips`) must be a `serde_json::Value`. The snapshot is read
//! from disk, never from the network; `#[odoo(schema = false)]` turns the check off.
//!
//! `methods(...)` names the methods the struct calls: `client.model::<Order>().methods()`
//! then has one function per name, each giving a `MethodCall` of that method. When a snapshot
//! documents the model's methods (Odoo 19 and later, taken with `odoo-codegen snapshot
//! --methods`), each name must be one of them, with a "did you mean" for typos; a snapshot
//! without methods for the model does not check them.
//!
//! The attribute may list several snapshots (`schema = ["odoo16.json", "odoo19.json"]`), and
//! `ODOO_SCHEMA` several paths (separated as `std::env::split_paths` reads them, `:` on Unix,
//! `;` on Windows): the struct is then checked against each, and every message names the
//! snapshots it is about ("in the Odoo 17.0 snapshot (odoo17.json)"). A field must be an
//! `Option` if any snapshot says it can be empty, and is read-only if any says so.
//!
//! A field's handle in `<Name>Fields` is a `Field<Name, T, ReadOnly>` when the field is marked
//! `#[odoo(readonly)]` or a snapshot says a typed write may not set it
//! (`FieldSchema::writable`: computed without an inverse, or related); `Values::set` does
//! not take such a handle. `FieldInfo::readonly` says the same.
//!
//! `fields = Other` makes the struct use the field handles of `Other` (a struct of the same
//! Odoo model, checked at compile time): `Model::Base` is `Other`'s, and its domains, orders and
//! values are those of `Other`, so that any number of narrow structs share one set of handles.
//! `handles { .. }` lists fields that get a handle without being read (generated structs list
//! every field they do not read); they are checked against the snapshots like read fields.
//!
//! `since = N` and `until = N` (on a field, or on the struct for the model) say on which Odoo
//! major versions it exists. A marked field must be an `Option` (or a list, or JSON): a read on
//! another version leaves it out and reads it as empty, and a call that uses its handle there
//! fails before anything is sent (`ErrorKind::Unavailable`). It is checked only against the
//! snapshots of the versions it is marked for; a field that some snapshots lack says which mark
//! the others call for.
//!
//! Cargo rebuilds when a snapshot file or `ODOO_SCHEMA` changes (the env var applies to the
//! packages being built, not to dependencies); a default file created after a build is
//! seen at the next change of the crate.
#![warn(missing_docs)]

mod attr;
mod ctxt;
mod expand;
mod methods;
mod model;
mod problems;
mod schema;
mod selection;
mod types;

use proc_macro::TokenStream;
use syn::{parse_macro_input, DeriveInput};

/// Implements `odoo_core::Model` and `Deserialize` for a struct naming an Odoo model, and
/// defines its field-handle struct `<Name>Fields`. See the crate documentation.
#[proc_macro_derive(OdooModel, attributes(odoo))]
pub fn derive_odoo_model(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    expand::model(&input).into()
}

/// Implements `SelectionValue`, `OdooField`, `Serialize` and `Deserialize` for the enum of a
/// selection field. See the crate documentation.
#[proc_macro_derive(OdooSelection, attributes(odoo))]
pub fn derive_odoo_selection(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    selection::expand(&input).into()
}

#[cfg(test)]
mod tests;
