//! Who the client logs in as: database, login and the secrets, which are never printed; and
//! the one rule of which secret each transport sends.

use std::fmt;

use secrecy::{ExposeSecret, SecretString};

use crate::credential_kind::CredentialKind;
use crate::error::{Error, ErrorContext, ErrorKind, Repr, Result};
use crate::transport_kind::TransportKind;

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
    /// The secret `transport` logs in with, by the rule of [`CredentialKind`]; `None` when the
    /// one it needs is not set.
    pub fn kind_for(&self, transport: TransportKind) -> Option<CredentialKind> {
        let (key, password) = (self.api_key.is_some(), self.password.is_some());
        match transport {
            TransportKind::Json2 => key.then_some(CredentialKind::ApiKey),
            TransportKind::WebSession => password.then_some(CredentialKind::Password),
            TransportKind::JsonRpc | TransportKind::XmlRpc | TransportKind::Auto => {
                if key {
                    Some(CredentialKind::ApiKey)
                } else {
                    password.then_some(CredentialKind::Password)
                }
            }
        }
    }

    /// What the transports' texts cannot say on their own, added to an error of a call or a
    /// login over `transport`: which secret an [`ErrorKind::AccessDenied`] refused, and the
    /// database an [`ErrorKind::DatabaseNotFound`] did not find, in one line on every
    /// transport (the server's own text, which may name the database server's host, stays
    /// in [`Error::debug_info`]).
    pub fn explain(&self, mut error: Error, transport: TransportKind) -> Error {
        let Repr::Odoo(odoo) = error.repr_mut() else {
            return error;
        };
        match odoo.kind {
            ErrorKind::AccessDenied => odoo.credential = self.kind_for(transport),
            ErrorKind::DatabaseNotFound => {
                odoo.message = match self.database.as_deref() {
                    Some(database) => format!(
                        "the server has no database named \"{database}\" (ClientBuilder::database, ODOO_DB)"
                    ),
                    None => "the server needs a database name: set ClientBuilder::database (or ODOO_DB)".to_owned(),
                };
            }
            _ => {}
        }
        error
    }

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

    /// The API key, else the password ([`CredentialKind`]'s rule for JSON-RPC and XML-RPC): Odoo
    /// accepts a key in place of the password there, and refuses passwords for users with
    /// two-factor authentication.
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
