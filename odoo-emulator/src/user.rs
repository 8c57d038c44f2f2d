//! The users of the emulated database.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use secrecy::{ExposeSecret, SecretString};

use crate::access::field_groups::Membership;
use crate::Access;

/// The group every user is in unless [`User::groups`] says otherwise: Odoo's internal user.
const INTERNAL_USER: &str = "base.group_user";

/// A user of the emulated database: login, password, API keys, access rights, groups and
/// companies.
///
/// Passwords and API keys never appear in `Debug` output.
///
/// ```
/// use odoo_emulator::User;
/// let accountant = User::new("anna", "s3cret")
///     .uid(9)
///     .groups(["base.group_user", "account.group_account_invoice"])
///     .companies([1, 2]);
/// assert_eq!(accountant.company_ids(), Some(&[1, 2][..]));
/// ```
#[derive(Clone)]
pub struct User {
    pub(crate) login: String,
    password: SecretString,
    pub(crate) uid: i64,
    api_keys: Vec<SecretString>,
    pub(crate) admin: bool,
    name: Option<String>,
    pub(crate) access: BTreeMap<String, Access>,
    groups: Option<BTreeSet<String>>,
    companies: Option<Vec<i64>>,
}

impl fmt::Debug for User {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("User")
            .field("login", &self.login)
            .field("password", &"<redacted>")
            .field("uid", &self.uid)
            .field(
                "api_keys",
                &format_args!("[{} redacted]", self.api_keys.len()),
            )
            .field("admin", &self.admin)
            .field("name", &self.name)
            .field("access", &self.access)
            .field("groups", &self.groups)
            .field("companies", &self.companies)
            .finish()
    }
}

impl User {
    /// A user with this login and password (uid 2 until [`User::uid`] says otherwise).
    pub fn new(login: impl Into<String>, password: impl Into<String>) -> Self {
        Self {
            login: login.into(),
            password: SecretString::from(password.into()),
            uid: 2,
            api_keys: Vec::new(),
            admin: false,
            name: None,
            access: BTreeMap::new(),
            groups: None,
            companies: None,
        }
    }

    /// The user id that `authenticate` returns.
    pub fn uid(mut self, uid: i64) -> Self {
        self.uid = uid;
        self
    }

    /// Adds an API key (accepted as the password over RPC, and as the bearer token of JSON-2).
    pub fn api_key(mut self, key: impl Into<String>) -> Self {
        self.api_keys.push(SecretString::from(key.into()));
        self
    }

    /// Makes the user an administrator (`is_admin`, `is_system` in the session; may read the
    /// `/doc-bearer` pages).
    pub fn admin(mut self) -> Self {
        self.admin = true;
        self
    }

    /// The user's display name (default: the login).
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// Sets the user's rights on one model (every right on models not given).
    pub fn access(mut self, model: impl Into<String>, access: Access) -> Self {
        self.access.insert(model.into(), access);
        self
    }

    /// The groups the user is in, by XML id (`base.group_user`, `base.group_no_one`...): they
    /// decide which fields with `groups` the user may read and write. Replaces the default,
    /// `base.group_user` (Odoo's internal user). An [`admin`](User::admin) is in every group
    /// but the portal and public user types, whatever this says.
    pub fn groups<I, S>(mut self, groups: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.groups = Some(groups.into_iter().map(Into::into).collect());
        self
    }

    /// The companies (`res.company` ids) the user may work in, the first being their main
    /// one: what the context's `allowed_company_ids` may name, and, without that key, the
    /// companies whose records the user sees. Default: every company of the database.
    pub fn companies(mut self, ids: impl IntoIterator<Item = i64>) -> Self {
        self.companies = Some(ids.into_iter().collect());
        self
    }

    /// The companies given with [`User::companies`]; `None` for every company of the
    /// database.
    pub fn company_ids(&self) -> Option<&[i64]> {
        self.companies.as_deref()
    }

    /// Whether the user is in the group `xmlid` (see [`User::groups`]).
    pub fn has_group(&self, xmlid: &str) -> bool {
        self.membership().has(xmlid)
    }

    pub(crate) fn membership(&self) -> Membership {
        if self.admin {
            return Membership::Administrator;
        }
        Membership::Groups(
            self.groups
                .clone()
                .unwrap_or_else(|| BTreeSet::from([INTERNAL_USER.to_owned()])),
        )
    }

    /// The login.
    pub fn login_name(&self) -> &str {
        &self.login
    }

    /// The uid.
    pub fn user_id(&self) -> i64 {
        self.uid
    }

    pub(crate) fn display(&self) -> String {
        self.name.clone().unwrap_or_else(|| self.login.clone())
    }

    pub(crate) fn password_is(&self, password: &str) -> bool {
        constant_time_eq(self.password.expose_secret(), password)
    }

    pub(crate) fn has_key(&self, key: &str) -> bool {
        self.api_keys
            .iter()
            .any(|k| constant_time_eq(k.expose_secret(), key))
    }
}

fn constant_time_eq(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}
