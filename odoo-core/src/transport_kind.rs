//! [`TransportKind`]: which protocol carries the calls, as configuration and errors name it.
//!
//! It lives beside the errors rather than in `transport/`: errors and credentials, below the
//! transports, name it; [`transport`](crate::transport) re-exports it.

use std::fmt;

use serde::{Deserialize, Serialize};

/// Which protocol carries the calls.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum TransportKind {
    /// `/jsonrpc` with the `common` and `object` services (every Odoo; deprecated in 19).
    JsonRpc,
    /// `/xmlrpc/2/common` and `/xmlrpc/2/object` (every Odoo; deprecated in 19).
    XmlRpc,
    /// `/json/2/<model>/<method>` with a bearer API key (Odoo 19 and later).
    Json2,
    /// The web client's cookie session: `/web/session/authenticate`, then
    /// `/web/dataset/call_kw/<model>/<method>`.
    WebSession,
    /// The fastest the credentials allow among those the server answers: the web session
    /// with a password, else JSON-2 with an API key (Odoo 19 and later), else JSON-RPC (with
    /// an API key before 19), else XML-RPC. A web login that asks for a second factor (the
    /// user has two-factor authentication) goes on to the next one.
    #[default]
    Auto,
}

impl TransportKind {
    /// The name used in messages and configuration (`json-rpc`, `xml-rpc`, `json-2`, `web-session`, `auto`).
    pub fn as_str(self) -> &'static str {
        match self {
            TransportKind::JsonRpc => "json-rpc",
            TransportKind::XmlRpc => "xml-rpc",
            TransportKind::Json2 => "json-2",
            TransportKind::WebSession => "web-session",
            TransportKind::Auto => "auto",
        }
    }
}

impl fmt::Display for TransportKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for TransportKind {
    type Err = String;

    fn from_str(s: &str) -> std::result::Result<Self, Self::Err> {
        match s.to_ascii_lowercase().replace('_', "-").as_str() {
            "json-rpc" | "jsonrpc" => Ok(TransportKind::JsonRpc),
            "xml-rpc" | "xmlrpc" => Ok(TransportKind::XmlRpc),
            "json-2" | "json2" => Ok(TransportKind::Json2),
            "web-session" | "web" | "websession" => Ok(TransportKind::WebSession),
            "auto" => Ok(TransportKind::Auto),
            other => Err(format!(
                "unknown transport `{other}` (expected json-rpc, xml-rpc, json-2, web-session or auto)"
            )),
        }
    }
}
