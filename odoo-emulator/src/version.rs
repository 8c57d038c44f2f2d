//! The Odoo version an emulator plays.
//!
//! The version type and the table of what each version does are `odoo_schema::version`'s,
//! shared with the client: the emulator asks [`OdooVersion::has`] and [`OdooVersion::pick`]
//! rather than comparing numbers, and tells its version with
//! [`OdooVersion::release_text`] and [`OdooVersion::version_info`]. A version newer than the
//! recorded ones (20.0, or a saas release such as 19.3) plays the behaviours that table
//! documents for it; those come from Odoo's change notes, not from recordings (see the crate's
//! section on newer servers).

pub use odoo_schema::version::{Feature, OdooVersion};
