//! Typed access to Odoo's external API.
//!
//! `odoo-core` carries model method calls to an Odoo server and back over any of the
//! protocols Odoo offers:
//!
//! | transport | endpoint | Odoo versions |
//! |---|---|---|
//! | [`TransportKind::JsonRpc`] | `/jsonrpc` (`service`/`method`/`args`) | all (deprecated in 19) |
//! | [`TransportKind::XmlRpc`] | `/xmlrpc/2/common`, `/xmlrpc/2/object` | all (deprecated in 19) |
//! | [`TransportKind::Json2`] | `/json/2/<model>/<method>` with a bearer API key | 19 and later |
//! | [`TransportKind::WebSession`] | `/web/session/authenticate` + `/web/dataset/call_kw` | all |
//!
//! ```no_run
//! # async fn demo() -> Result<(), odoo_core::Error> {
//! use odoo_core::{Client, TransportKind};
//! use serde_json::json;
//!
//! let client = Client::builder("https://odoo.example.com")
//!     .database("prod")
//!     .login("api@example.com")
//!     .password("secret")
//!     .transport(TransportKind::Auto)
//!     .connect()
//!     .await?;
//! let ids = client
//!     .search("res.partner", json!([["is_company", "=", true]]), odoo_core::SearchOptions::new().limit(5))
//!     .await?;
//! println!("{ids:?}");
//! # Ok(()) }
//! ```
//!
//! Every failure is one [`Error`]: Odoo's own exceptions keep their class, message and the
//! model and method of the call; secrets never appear in `Debug`, `Display`, errors or logs.
#![warn(missing_docs)]

pub mod action;
mod client;
mod context;
pub mod domain;
mod error;
pub mod group;
mod http;
mod missing_fields;
pub mod model;
pub mod onchange;
mod options;
mod records;
mod retry;
pub mod transport;
pub mod types;
pub mod wire;
pub mod wizard;
pub mod xmlrpc;

/// The schema snapshot format (crate `odoo-schema`): models and fields of an instance,
/// written by `odoo-codegen`, read by the derive's compile-time checks and the emulator.
pub use odoo_schema as schema;

#[cfg(test)]
mod test_fixtures;

pub use action::Action;
pub use client::{Client, ClientBuilder, ServerVersion};
pub use context::Context;
pub use domain::{Domain, Order};
pub use error::{
    DecodeError, Error, ErrorContext, HttpError, InvalidInput, LimitError, OdooError,
    OdooErrorKind, Result, TransportError,
};
pub use http::Limits;
pub use model::{Field, FieldInfo, FieldKind, Model, OdooField, ReadOnly, Writable};
pub use options::{ReadOptions, SearchOptions};
pub use records::{MethodCall, ModelClient, Pager, Search, Values};
pub use retry::RetryPolicy;

#[cfg(feature = "derive")]
pub use odoo_derive::{OdooModel, OdooSelection};
pub use transport::TransportKind;
pub use wizard::Wizard;

/// Re-exported so that users can build argument values without a direct dependency.
pub use serde_json::{json, Map, Value};
