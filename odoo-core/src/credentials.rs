//! Who the client logs in as: database, login and the secrets, which are never printed.

use std::fmt;

use secrecy::{ExposeSecret, SecretString};

use crate::error::{Error, ErrorContext, Result};

/// Who the client logs in as. Secrets are held as [`SecretString`] and never printed.
pub(crate) struct Credentials {
    pub database: Option<String>,
    pub login: Option<String>,
    pub password: Option<SecretString>,
    pub api_key: Option<SecretString>,
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("database", &self.database)
            .field("login", &self.login)
            .field("password", &self.password.as_ref().map(|_| "<redacted>"))
            .field("api_key", &self.api_key.as_ref().map(|_| "<redacted>"))
            .finish()
    }
}

impl Credentials {
    pub fn database_or_err(&self, context: &ErrorContext) -> Result<&str> {
        self.database.as_deref().ok_or_else(|| {
            Error::invalid(
                "this transport needs the database name: set ClientBuilder::database (or ODOO_DB)",
                context.clone(),
            )
        })
    }

    pub fn login_or_err(&self, context: &ErrorContext) -> Result<&str> {
        self.login.as_deref().ok_or_else(|| {
            Error::invalid(
                "this transport needs the login: set ClientBuilder::login (or ODOO_USER)",
                context.clone(),
            )
        })
    }

    /// The API key, else the password: Odoo accepts a key in place of the password on JSON-RPC
    /// and XML-RPC, and refuses passwords there for users with two-factor authentication.
    pub fn secret_or_err(&self, context: &ErrorContext) -> Result<&str> {
        self.api_key
            .as_ref()
            .or(self.password.as_ref())
            .map(|s| s.expose_secret())
            .ok_or_else(|| {
                Error::invalid(
                    "no password or API key: set ClientBuilder::password or ClientBuilder::api_key",
                    context.clone(),
                )
            })
    }

    /// The password only: the web session's login is interactive, and Odoo refuses API keys there.
    pub fn password_or_err(&self, context: &ErrorContext) -> Result<&str> {
        self.password
            .as_ref()
            .map(|s| s.expose_secret())
            .ok_or_else(|| {
                Error::invalid(
                    "the web session logs in with a password (Odoo refuses API keys there): set ClientBuilder::password, or use another transport with the API key",
                    context.clone(),
                )
            })
    }

    /// The secret texts, for scrubbing them from error messages.
    pub fn secrets(&self) -> Vec<&str> {
        [&self.password, &self.api_key]
            .into_iter()
            .flatten()
            .map(|s| s.expose_secret())
            .collect()
    }
}
