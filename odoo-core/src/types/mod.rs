//! Value types for typed Odoo records: what each kind of field looks like on the wire,
//! and the Rust type that reads and writes it.
//!
//! | Odoo field type | Rust type on a read struct | notes |
//! |---|---|---|
//! | `boolean` | `bool` | `false` is a value here, never "empty" |
//! | `integer` | `i64` | |
//! | `float`, `monetary` | `f64` | |
//! | `char`, `text`, `html` | `Option<String>` + [`odoo_option`] | empty is `false` |
//! | `selection` | `Option<E>` + [`odoo_option`], `E:` [`SelectionValue`] | see [`selection`] |
//! | `date` | `Option<`[`Date`]`>` + [`odoo_option`] | `YYYY-MM-DD` |
//! | `datetime` | `Option<`[`DateTime`]`>` + [`odoo_option`] | `YYYY-MM-DD HH:MM:SS`, UTC |
//! | `binary` | `Option<`[`Binary`]`>` + [`odoo_option`] | base64; `Option<String>` under `bin_size` |
//! | `many2one` | `Option<`[`Many2one<M>`]`>` + [`odoo_option`] | `[id, name]`, `{id, display_name}` or `id` |
//! | `one2many`, `many2many` | [`X2many<M>`] | list of ids; writes take [`Command`]s |
//! | `reference` | `Option<`[`Reference`]`>` + [`odoo_option`] | `"model,id"` |
//! | `many2one_reference` | `Option<`[`Many2oneReference`]`>` + [`odoo_option`] | bare id, model in another field |
//! | `json`, `properties` | `Option<`[`Json`]`>` + [`odoo_option`] | any JSON |
//!
//! "+ [`odoo_option`]" means the attribute
//! `#[serde(default, with = "odoo_core::types::odoo_option")]`: Odoo sends `false` for an
//! empty value of every non-boolean field, which plain serde does not read as `None`.
//! Deserializing `false` into one of this module's types without `Option` fails with a
//! message that says so.
//!
//! Relation types take a marker type `M` naming the target model (any type: no trait is
//! needed); [`AnyModel`] is the default. On the write side, [`FieldUpdate`] tells apart a
//! field left alone, emptied, or set.
//!
//! ```
//! use odoo_core::types::{Date, DateTime, Many2one, X2many};
//! use serde::Deserialize;
//!
//! #[derive(Debug, Deserialize)]
//! struct SaleOrder {
//!     id: i64,
//!     name: String,
//!     partner_id: Many2one,
//!     order_line: X2many,
//!     date_order: DateTime,
//!     #[serde(default, with = "odoo_core::types::odoo_option")]
//!     validity_date: Option<Date>,
//!     #[serde(default, with = "odoo_core::types::odoo_option")]
//!     commitment_date: Option<DateTime>,
//!     #[serde(default, with = "odoo_core::types::odoo_option")]
//!     pricelist_id: Option<Many2one>,
//!     #[serde(default, with = "odoo_core::types::odoo_option")]
//!     note: Option<String>,
//! }
//!
//! let order: SaleOrder = serde_json::from_str(r#"{
//!     "id": 2, "name": "S00002", "partner_id": [12, "Ready Mat"], "order_line": [4, 5],
//!     "date_order": "2026-10-28 06:06:00", "validity_date": "2026-12-28",
//!     "commitment_date": false, "pricelist_id": false, "note": false
//! }"#).unwrap();
//! assert_eq!(order.partner_id.name(), Some("Ready Mat"));
//! assert_eq!(order.order_line.ids(), &[4, 5]);
//! assert_eq!(order.validity_date, Date::from_ymd(2026, 12, 28));
//! assert!(order.commitment_date.is_none());
//! ```
//!
//! All readers here work from self-describing data (JSON text or a
//! [`serde_json::Value`]), which is what every Odoo protocol produces.

mod binary;
mod command;
mod datetime;
mod error;
pub mod odoo_option;
mod record_id;
mod reference;
mod relational;
pub mod selection;
mod update;

#[cfg(test)]
mod tests;

pub use self::binary::Binary;
pub use self::command::{Command, Commands};
pub use self::datetime::{Date, DateTime, DATETIME_FORMAT, DATE_FORMAT};
pub use self::error::ValueError;
pub use self::record_id::RecordId;
pub use self::reference::{Many2oneReference, Reference};
pub use self::relational::{AnyModel, Many2one, X2many};
pub use self::selection::{SelectionKey, SelectionValue};
pub use self::update::FieldUpdate;

/// The value of a `json` or `properties` field: any JSON, kept as it came.
pub type Json = serde_json::Value;
