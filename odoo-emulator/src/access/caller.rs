//! Who runs a call, as the records see it: the user's groups (for field-level access) and
//! companies (for the multi-company scope).

use super::field_groups::Membership;

/// The user a call runs as. Outside calls (and for calls of a uid without a configured
/// user) there is none, and nothing is refused or hidden, as for Odoo's superuser.
#[derive(Debug, Clone)]
pub(crate) struct Caller {
    /// The user's id.
    pub uid: i64,
    /// The user's name, as record-rule refusals write it.
    pub name: String,
    /// The groups the user is in.
    pub membership: Membership,
    /// The companies the user may work in; `None` for every company of the database.
    pub companies: Option<Vec<i64>>,
}
