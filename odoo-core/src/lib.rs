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

// The modules, from the top layer down; each uses only those of its own layer or below
// (checked by `tests/tests/offline/architecture.rs`, see ARCHITECTURE.md).
//
// Typed layer: models, domains, records and what operates Odoo.
pub mod action;
mod attachment;
#[cfg(feature = "blocking")]
pub mod blocking;
pub mod changes;
pub mod domain;
mod external_id;
pub mod group;
mod load;
mod method_call;
mod missing_fields;
pub mod model;
mod model_client;
pub mod onchange;
mod projection;
mod report;
mod search;
mod server_check;
pub mod typed_call;
pub mod types;
mod upsert;
mod values;
mod web;
pub mod wizard;
// Client: the settings, one call's journey (context, retries, session renewal, redaction).
mod client;
mod retry;
// Transports: one per protocol, each with its quirks.
pub mod transport;
// HTTP: one `reqwest::Client`, bounded reads, recording.
mod http;
pub mod recording;
// Wire decoding: responses into results or errors; the XML-RPC codec.
pub mod wire;
pub mod xmlrpc;
// Foundation, used by every layer: errors, limits, the ORM table, plain values.
mod availability;
mod context;
mod credential_kind;
mod credentials;
mod document;
mod error;
mod limits;
mod options;
pub mod orm;
mod redact;
mod transport_kind;
mod version;
mod version_range;

/// The schema snapshot format (crate `odoo-schema`): models and fields of an instance,
/// written by `odoo-codegen`, read by the derive's compile-time checks and the emulator.
pub use odoo_schema as schema;

#[cfg(test)]
mod test_fixtures;

pub use action::Action;
pub use attachment::{AttachmentInfo, Attachments};
pub use changes::{ChangeCursor, Changes};
pub use client::{
    Client, ClientBuilder, DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_IN_FLIGHT, DEFAULT_READ_TIMEOUT,
    DEFAULT_TIMEOUT, ENV_VARIABLES,
};
pub use context::Context;
pub use credential_kind::CredentialKind;
pub use document::{Document, Downloaded};
pub use domain::{Domain, Order};
pub use error::{
    DecodeError, Error, ErrorContext, ErrorKind, HttpError, InvalidInput, LimitError, LimitKind,
    OdooError, Result, TransportError, Unavailable,
};
pub use external_id::{ExternalIds, ExternalRef};
pub use limits::Limits;
pub use load::{Load, LoadReport, RowError};
pub use method_call::MethodCall;
pub use model::{Field, FieldInfo, Model, OdooField, ReadOnly, RustKind, Writable};
pub use model_client::ModelClient;
pub use options::{ReadOptions, SearchOptions};
pub use projection::Projection;
/// The module [`recording`] under a shorter name.
#[doc(hidden)]
pub use recording as record;
pub use report::ReportRequest;
pub use retry::RetryPolicy;
pub use search::{Pager, Search};
/// The module [`typed_call`] under its plural name.
#[doc(hidden)]
pub use typed_call as calls;
pub use typed_call::{ModelMethods, TypedCall};
pub use upsert::{Upsert, UpsertReport};
pub use values::Values;
pub use version_range::Versions;

#[cfg(feature = "derive")]
pub use odoo_derive::{OdooModel, OdooSelection};
pub use transport_kind::TransportKind;
pub use version::ServerVersion;
pub use web::WebRequest;
pub use wizard::Wizard;

/// The HTTP client crate, for [`ClientBuilder::http_client`], [`ClientBuilder::proxy`] and
/// certificates, at the version this crate uses.
pub use reqwest;

/// Re-exported so that users can build argument values without a direct dependency.
pub use serde_json::{json, Map, Value};
