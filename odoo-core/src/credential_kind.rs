//! [`CredentialKind`]: which secret a client logs in with, as the rule of each transport and
//! errors name it.

use std::fmt;

/// Which secret a client logs in with. Each transport sends one, by one rule:
///
/// | transport | secret |
/// |---|---|
/// | JSON-2 | the API key (required) |
/// | JSON-RPC, XML-RPC | the API key when one is set, else the password |
/// | web session | the password (required: Odoo refuses API keys for interactive logins) |
///
/// With both set, JSON-RPC and XML-RPC send the key and never the password. An
/// [`AccessDenied`](crate::ErrorKind::AccessDenied) error says which one the server refused
/// ([`OdooError::credential`](crate::OdooError::credential)).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum CredentialKind {
    /// The user's password ([`ClientBuilder::password`](crate::ClientBuilder::password), `ODOO_PASSWORD`).
    Password,
    /// An API key ([`ClientBuilder::api_key`](crate::ClientBuilder::api_key), `ODOO_API_KEY`).
    ApiKey,
}

impl CredentialKind {
    /// `password` or `API key`.
    pub fn as_str(self) -> &'static str {
        match self {
            CredentialKind::Password => "password",
            CredentialKind::ApiKey => "API key",
        }
    }
}

impl fmt::Display for CredentialKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
