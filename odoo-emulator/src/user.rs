//! The users of the emulated database.

use std::collections::BTreeMap;
use std::fmt;

use secrecy::{ExposeSecret, SecretString};

use crate::Access;

/// A user of the emulated database: login, password, API keys and access rights.
///
/// Passwords and API keys never appear in `Debug` output.
#[derive(Clone)]
pub struct User {
    pub(crate) login: String,
    password: SecretString,
    pub(crate) uid: i64,
    api_keys: Vec<SecretString>,
    pub(crate) admin: bool,
    name: Option<String>,
    pub(crate) access: BTreeMap<String, Access>,
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
