#![doc = include_str!("../README.md")]
//!
//! ## The API
//!
//! - [`Emulator`] is a running server: [`Emulator::demo`] starts one with the shipped demo
//!   data, [`Emulator::builder`] and [`Emulator::demo_builder`] give an [`EmulatorBuilder`]
//!   to choose the [`OdooVersion`], the schema, the seed records, the [`User`]s (with their
//!   [`Access`] rights, groups and companies) and extra methods.
//! - [`Store`] holds the records; [`Emulator::with_store`] reads or changes them between
//!   calls, and a method registered with [`EmulatorBuilder::method`] gets it in its
//!   [`HandlerCall`].
//! - [`EmulatorError`] is an Odoo exception of an [`ExceptionClass`], which each protocol
//!   writes as the played version does.
//! - A [`Flow`] (order to cash, stock, documents), enabled in one line with
//!   [`EmulatorBuilder::flow`], adds the models and records a business flow needs to any
//!   schema and plays its buttons and wizards as the recorded Odoo 16 to 19 servers answered
//!   them (see [`Flow`] for what each plays and what it does not).
//!
//! The demo data ([`Emulator::demo_builder`]) also works on your own snapshot
//! ([`EmulatorBuilder::schema`]): the models its records need and the snapshot lacks are added
//! from the demo schema, your models and fields are kept.
//!
//! ```
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! # tokio::runtime::Builder::new_current_thread().enable_all().build()?.block_on(async {
//! use odoo_core::schema::Schema;
//! use odoo_emulator::{Emulator, Flow, OdooVersion};
//!
//! // A snapshot of one model, as `odoo-codegen snapshot` writes it.
//! let mine = Schema::from_json(r#"{"format": 1, "models": {"res.partner": {"fields": {
//!     "name": {"type": "char", "string": "Name"},
//!     "x_shop_id": {"type": "char", "string": "Shop ID"}}}}}"#)?;
//! let emu = Emulator::demo_builder(OdooVersion::V18)
//!     .schema(mine)
//!     .flow(Flow::OrderToCash)
//!     .start()
//!     .await?;
//! emu.with_store(|store| {
//!     assert!(store.schema().model("res.country").is_some());
//!     assert!(store.schema().model("sale.advance.payment.inv").is_some());
//! });
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! # })
//! # }
//! ```
//!
//! [`Emulator`] serves HTTP on `127.0.0.1` (a random port) and speaks every protocol of the
//! Odoo version it plays, with the wire formats recorded from real Odoo 16 to 19 servers:
//!
//! | endpoint | versions |
//! |---|---|
//! | `/xmlrpc/2/common` (`version`, `login`, `authenticate`), `/xmlrpc/2/object` (`execute_kw`, `execute`), `/xmlrpc/2/db` (`list`, `server_version`) | all |
//! | `/jsonrpc` (services `common`, `object`, `db`) | all |
//! | `/web/session/authenticate`, `/web/session/get_session_info`, `/web/dataset/call_kw/<model>/<method>` (cookie `session_id`), `/web/webclient/version_info` | all |
//! | `/json/2/<model>/<method>` (bearer API key, named arguments, `X-Odoo-Database`), `/web/version`, `/json/version`, `/doc-bearer/<model>.json` | 19 (404 before, as real ones) |
//! | `/web/content/<id>` (web session): an attachment's content, with its MIME type and file name | all |
//! | `/report/download`, `/report/<pdf, html or text>/<report>/<ids>` (web session): the reports `sale.report_saleorder`, `account.report_invoice`, `account.report_invoice_with_payments`, `stock.report_deliveryslip` and `base.report_irmodeloverview` of the models the schema has, as a small valid PDF, HTML or text naming the records | all |
//!
//! Records live in memory as JSON, typed by an `odoo-schema` snapshot. The ORM's methods are
//! built in (`search`, `search_read`, `read`, `search_count`, `create`, `write`, `unlink`,
//! `fields_get`, `name_search`, `name_create`, `default_get`, `exists`, `web_search_read`,
//! `web_read` from 17, `context_get`, `action_archive`/`action_unarchive`, and the state
//! buttons of `sale.order`; `create` takes the context's `default_<field>` values; an
//! attachment's type, size, checksum and MIME type computed from its `datas`) with full domain
//! evaluation (see [`DomainExpr`]), and any
//! other method can be added with [`EmulatorBuilder::method`]. Errors come out as the played
//! version writes them: JSON-RPC `code` and `data.name`, XML-RPC fault codes, JSON-2 statuses.
//!
//! ## What the emulator plays of Odoo's data, and what it does not
//!
//! Checked against the answers of real Odoo 16 to 19 servers (the `behaviours` recordings):
//!
//! | behaviour | played | not played |
//! |---|---|---|
//! | `_inherits` (`product.product` of `product.template`, `res.users` of `res.partner`) | `create` makes the parent with the inherited fields' values; `read`, `write`, domains and `order` on them go through the parent (a field is inherited when the schema says it is related to the parent's field of that name); unlinking a template's last variant unlinks the template, a user's partner stays (and is refused unlinking while a user points at it, as Odoo words it) | other `_inherits` links; a template's variants made from attributes |
//! | defaults | the context's `default_<field>` keys (in `create` and `default_get`, over [`EmulatorBuilder::default_value`]), then Odoo's own on common models per version: `active`, `company_id` (the user's company: the first of `allowed_company_ids`, else the user's; none on contacts and products), `currency_id` (that company's), `state`, product types (`detailed_type` on 16-17, `is_storable` from 18), category and unit 1, a contact's `type` and `lang`, a message's type and author | defaults stored by users (`ir.default`), onchanges, computed fields other than those listed here |
//! | display names | `[code] name` for products, `WH/Stock` for locations (`complete_name`), `All / Saleable` for categories, `Company, Person` for contacts (an address without a name reads its type); in `read`, `display_name` and every many2one pair on every protocol; `name_search` finds products by exact code or barcode first | a variant's attribute values in its name, the `display_default_code` context, supplier names |
//! | chatter (models with their own `message_ids`) | `message_post`: a `mail.message` with body (`<p>…</p>`, a string's markup escaped from 17), type, `Note` subtype unless `subtype_xmlid` names another, author, `record_name`; the id on 16-18, `[id]` on 19, over every transport; `<Model> created` logged on create (unless `tracking_disable` or `mail_create_nolog`); `message_ids` newest first | followers, notifications and emails, tracking of changed fields, `message_notify`, activities |
//! | attachments | `type` `binary`, `file_size`, `checksum`, `mimetype` from `datas`; `bin_size` reads sizes (`6.00 bytes`) | files in a file store, URL attachments' content |
//! | `html` fields | text wrapped in `<p>` up to the first block, stray `&`, `<`, `>` escaped | the sanitizer's removal of tags and attributes |
//! | order | a search without `order`, and a one2many, in the model's `_order` (its stored fields) | ordering on an inherited field in the default order |
//!
//! ```
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! # tokio::runtime::Builder::new_current_thread().enable_all().build()?.block_on(async {
//! use odoo_emulator::{Access, Emulator, OdooVersion, User};
//! use odoo_core::{Client, ErrorKind, SearchOptions, TransportKind};
//! use serde_json::json;
//!
//! let emu = Emulator::demo_builder(OdooVersion::V19)
//!     .user(User::new("sales", "s3cret").uid(9).api_key("sales-key").access("sale.order", Access::read_only()))
//!     .method("sale.order", "action_quotation_send", |call| {
//!         let ids = call.ids.clone();
//!         call.store.write("sale.order", &ids, &json!({"state": "sent"}))?;
//!         Ok(json!(true))
//!     })
//!     .start()
//!     .await?;
//! let client = Client::builder(emu.url())
//!     .database(emu.database())
//!     .login("sales")
//!     .api_key("sales-key")
//!     .transport(TransportKind::Json2)
//!     .connect()
//!     .await?;
//! let companies = client
//!     .search_count("res.partner", json!([["is_company", "=", true]]), SearchOptions::new())
//!     .await?;
//! assert_eq!(companies, 3);
//! client.execute_kw("sale.order", "action_quotation_send", json!([]), json!({"ids": [2]})).await?;
//! assert_eq!(emu.with_store(|store| store.stored_value("sale.order", 2, "state")), json!("sent"));
//! let refused = client.unlink("sale.order", &[2]).await;
//! assert!(refused.is_err_and(|error| error.kind() == ErrorKind::AccessError));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! # })
//! # }
//! ```
//!
//! ## Refused as Odoo refuses
//!
//! The call runs as its user, and the emulator refuses what the played version refuses, with
//! its exception class and message:
//!
//! - records of other companies: on a model with a `company_id` to `res.company`, a call sees
//!   the records of the context's `allowed_company_ids` (else of the user's companies,
//!   [`User::companies`]) and those without a company, as Odoo's multi-company rules do;
//!   reading or writing another one is the record-rule AccessError; naming a company the user
//!   may not use is "Access to unauthorized or invalid companies.";
//! - fields whose `groups` the user is not in ([`User::groups`], by XML id; an
//!   [administrator](User::admin) is in all of them, and nobody may access groups `.`): refused
//!   in a read that names them, a write (a create on 19), and from 17 in a domain or an order;
//!   left out of a read that names no field and of `fields_get`;
//! - ordering by a field the snapshot says is not `sortable`: ignored by 16 and 17, refused
//!   from 18; grouping by it is refused by every version;
//! - a database the server does not have, on every transport, and an API key given as the web
//!   session's password; a user's `password` always reads empty.
//!
//! Not played: record rules other than the company scope (which follows `company_id` alone:
//! `res.users` is not scoped, and registered methods see every record), field groups in
//! `read_group`'s aggregates, `load` and `copy`.
//!
//! The server stops when the [`Emulator`] is dropped.
//!
//! [`Replay`] serves a recording of a real server's exchanges (made with
//! `odoo_core::ClientBuilder::record_to`) instead, with [`Rule`]s for the values that change
//! between runs and a strict mode ([`Replay::finish`]) that fails on recorded exchanges never
//! asked for.
#![warn(missing_docs)]

mod access;
mod builder;
mod demo;
mod domain;
mod error;
mod flow;
mod group;
mod handler;
mod newer;
mod orm;
mod replay;
mod schema_fill;
mod server;
mod shared;
mod store;
mod traffic;
mod user;
mod version;

use std::fmt;
use std::net::SocketAddr;
use std::sync::Arc;

pub use access::{Access, Operation};
pub use builder::{EmulatorBuilder, SetupError};
pub use domain::{DomainExpr, DomainLeaf};
pub use error::{EmulatorError, ExceptionClass};
pub use flow::Flow;
pub use handler::{Handler, HandlerCall};
pub use replay::{
    Replay, ReplayBuilder, ReplayError, RequestSummary, Rule, UnmatchedRequest, UnusedExchange,
};
pub use store::Store;
pub use user::User;
pub use version::{Feature, OdooVersion};

use shared::Shared;

/// A running emulated Odoo server. Dropping it stops the server.
pub struct Emulator {
    addr: SocketAddr,
    url: String,
    shared: Arc<Shared>,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
}

impl fmt::Debug for Emulator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Emulator")
            .field("url", &self.url)
            .field("version", &self.shared.version)
            .field("database", &self.shared.database)
            .finish_non_exhaustive()
    }
}

impl Drop for Emulator {
    /// Stops accepting connections and closes the open ones once their request is answered.
    fn drop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
    }
}

impl Emulator {
    /// A builder with nothing seeded (the demo schema, version 19, database `demo`).
    pub fn builder() -> EmulatorBuilder {
        EmulatorBuilder::default()
    }

    /// A builder seeded with the shipped demo data: companies, countries, contacts, tags,
    /// products and sales orders; users `admin`/`admin` (uid 2, API key
    /// [`Emulator::DEMO_ADMIN_KEY`]) and `limited`/`limited` (uid 7, API key
    /// [`Emulator::DEMO_LIMITED_KEY`], no access to sales orders and their lines).
    pub fn demo_builder(version: OdooVersion) -> EmulatorBuilder {
        demo::builder(version)
    }

    /// Starts an emulator with the demo data (see [`Emulator::demo_builder`]).
    pub async fn demo(version: OdooVersion) -> Result<Emulator, SetupError> {
        demo::builder(version).start().await
    }

    /// The API key of the demo `admin` user.
    pub const DEMO_ADMIN_KEY: &'static str = "demo-admin-api-key";
    /// The API key of the demo `limited` user.
    pub const DEMO_LIMITED_KEY: &'static str = "demo-limited-api-key";

    /// The base URL, `http://127.0.0.1:<port>`.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The socket address served.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The database name.
    pub fn database(&self) -> &str {
        &self.shared.database
    }

    /// The version played.
    pub fn version(&self) -> OdooVersion {
        self.shared.version
    }

    /// How many requests the emulator has received.
    pub fn request_count(&self) -> usize {
        self.shared.traffic.total()
    }

    /// The most requests it has had in flight at once (being answered, or waiting out the
    /// builder's [`latency`](EmulatorBuilder::latency)).
    pub fn peak_in_flight(&self) -> usize {
        self.shared.traffic.peak()
    }

    /// Ends every web session, as a server whose sessions expired does: the next call of a
    /// web session answers `SessionExpiredException`, and a report route the login page.
    pub fn end_sessions(&self) {
        self.shared.end_sessions();
    }

    /// Runs `f` on the records (to inspect or change them between calls).
    pub fn with_store<R>(&self, f: impl FnOnce(&mut Store) -> R) -> R {
        f(&mut self.shared.lock_store())
    }
}
