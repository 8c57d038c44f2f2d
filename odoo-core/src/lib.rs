#![doc = include_str!("../README.md")]
//!
//! ## Where to start in the API
//!
//! [`Client`] (built by [`ClientBuilder`]) makes the calls; a struct deriving `OdooModel`
//! implements [`Model`], and [`Client::model`] gives its [`ModelClient`] for typed searches,
//! writes and method calls; [`Error`] and [`ErrorKind`] describe every failure; [`Action`] and
//! [`Wizard`] operate buttons; [`group`], [`onchange`], [`changes`] and [`types`] hold the typed
//! pieces of grouped reads, form onchanges, incremental exports and Odoo's values.
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
mod exception;
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

pub use exception::ExceptionClass;
#[cfg(feature = "derive")]
pub use odoo_derive::{OdooModel, OdooSelection};
pub use transport_kind::TransportKind;
pub use version::{Feature, OdooVersion, ServerVersion};
pub use web::WebRequest;
pub use wizard::Wizard;

/// The HTTP client crate, for [`ClientBuilder::http_client`], [`ClientBuilder::proxy`] and
/// certificates, at the version this crate uses.
pub use reqwest;

/// Re-exported so that users can build argument values without a direct dependency.
pub use serde_json::{json, Map, Value};
