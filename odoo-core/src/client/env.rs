//! Configuration from the environment: the `ODOO_*` variables the code generator reads too.

use std::time::Duration;

use super::{Client, ClientBuilder};
use crate::error::{Error, ErrorContext, Result};
use crate::transport_kind::TransportKind;

/// The variables [`ClientBuilder::from_env`] reads, as `(name, meaning)` pairs in this order:
///
/// | variable | meaning | when unset |
/// |---|---|---|
/// | `ODOO_URL` | the server's base URL (required) | an error |
/// | `ODOO_DB` | the database | none: JSON-RPC, XML-RPC and the web session need one; JSON-2 goes without on a server with one database |
/// | `ODOO_USER` | the login | none: JSON-RPC, XML-RPC and the web session need one; JSON-2 goes without |
/// | `ODOO_PASSWORD` | the password | an error if `ODOO_API_KEY` is unset too |
/// | `ODOO_API_KEY` | an API key (JSON-2 needs one) | an error if `ODOO_PASSWORD` is unset too |
/// | `ODOO_TRANSPORT` | json-rpc, xml-rpc, json-2, web-session or auto (the default) | `auto` |
/// | `ODOO_TIMEOUT` | the whole request's timeout, in seconds | 120 s ([`DEFAULT_TIMEOUT`](crate::DEFAULT_TIMEOUT)) |
/// | `ODOO_CONNECT_TIMEOUT` | the connection timeout, in seconds | 10 s ([`DEFAULT_CONNECT_TIMEOUT`](crate::DEFAULT_CONNECT_TIMEOUT)) |
/// | `ODOO_READ_TIMEOUT` | the wait for the next bytes of an answer, in seconds | 60 s ([`DEFAULT_READ_TIMEOUT`](crate::DEFAULT_READ_TIMEOUT)) |
/// | `ODOO_MAX_IN_FLIGHT` | the most requests in flight at once | 16 ([`DEFAULT_MAX_IN_FLIGHT`](crate::DEFAULT_MAX_IN_FLIGHT)) |
///
/// With both `ODOO_PASSWORD` and `ODOO_API_KEY` set, each transport sends one of them by the
/// rule of [`CredentialKind`](crate::CredentialKind).
///
/// A variable that is empty or only whitespace counts as unset. The timeouts take a number of
/// seconds above 0 (`2.5` too), `ODOO_MAX_IN_FLIGHT` a whole number of at least 1, and
/// `ODOO_TRANSPORT` any spelling [`TransportKind`] parses (`json2` and `web` too); another
/// value is an error that names the variable.
pub const ENV_VARIABLES: [(&str, &str); 10] = [
    ("ODOO_URL", "the server's base URL (required)"),
    ("ODOO_DB", "the database"),
    ("ODOO_USER", "the login"),
    ("ODOO_PASSWORD", "the password"),
    ("ODOO_API_KEY", "an API key (JSON-2 needs one)"),
    (
        "ODOO_TRANSPORT",
        "json-rpc, xml-rpc, json-2, web-session or auto (the default)",
    ),
    ("ODOO_TIMEOUT", "the whole request's timeout, in seconds"),
    ("ODOO_CONNECT_TIMEOUT", "the connection timeout, in seconds"),
    (
        "ODOO_READ_TIMEOUT",
        "the wait for the next bytes of an answer, in seconds",
    ),
    ("ODOO_MAX_IN_FLIGHT", "the most requests in flight at once"),
];

impl ClientBuilder {
    /// A builder set up from the environment: `ODOO_URL` (required), `ODOO_DB`, `ODOO_USER`,
    /// `ODOO_PASSWORD` and/or `ODOO_API_KEY` (one of them required), and optionally
    /// `ODOO_TRANSPORT`, `ODOO_TIMEOUT`, `ODOO_CONNECT_TIMEOUT`, `ODOO_READ_TIMEOUT` (seconds)
    /// and `ODOO_MAX_IN_FLIGHT` ([`ENV_VARIABLES`]). An empty variable counts as unset. The
    /// builder can be adjusted further before [`connect`](Self::connect).
    ///
    /// ```no_run
    /// # async fn demo() -> odoo_core::Result<()> {
    /// let client = odoo_core::ClientBuilder::from_env()?
    ///     .context(odoo_core::Context::new().lang("fr_FR"))
    ///     .connect()
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub fn from_env() -> Result<Self> {
        Self::from_variables(|name| std::env::var(name).ok())
    }

    /// [`ClientBuilder::from_env`], reading the variables through `get` (for tests, or
    /// another source of settings).
    pub fn from_variables(get: impl Fn(&str) -> Option<String>) -> Result<Self> {
        let var = |name: &str| get(name).filter(|value| !value.trim().is_empty());
        let Some(url) = var("ODOO_URL") else {
            return Err(missing(
                "ODOO_URL is not set: it names the server (https://odoo.example.com)",
            ));
        };
        let (password, api_key) = (var("ODOO_PASSWORD"), var("ODOO_API_KEY"));
        if password.is_none() && api_key.is_none() {
            return Err(missing(
                "neither ODOO_PASSWORD nor ODOO_API_KEY is set: the client logs in with one of them",
            ));
        }
        let mut builder = Client::builder(url);
        if let Some(db) = var("ODOO_DB") {
            builder = builder.database(db);
        }
        if let Some(login) = var("ODOO_USER") {
            builder = builder.login(login);
        }
        if let Some(password) = password {
            builder = builder.password(password);
        }
        if let Some(key) = api_key {
            builder = builder.api_key(key);
        }
        if let Some(transport) = var("ODOO_TRANSPORT") {
            let kind = transport
                .parse::<TransportKind>()
                .map_err(|e| missing(format!("ODOO_TRANSPORT: {e}")))?;
            builder = builder.transport(kind);
        }
        if let Some(wait) = seconds(&var, "ODOO_TIMEOUT")? {
            builder = builder.timeout(wait);
        }
        if let Some(wait) = seconds(&var, "ODOO_CONNECT_TIMEOUT")? {
            builder = builder.connect_timeout(wait);
        }
        if let Some(wait) = seconds(&var, "ODOO_READ_TIMEOUT")? {
            builder = builder.read_timeout(wait);
        }
        if let Some(text) = var("ODOO_MAX_IN_FLIGHT") {
            let count = text
                .trim()
                .parse::<usize>()
                .ok()
                .filter(|n| *n > 0)
                .ok_or_else(|| {
                    missing(format!(
                        "ODOO_MAX_IN_FLIGHT must be a whole number of at least 1, not `{text}`"
                    ))
                })?;
            builder = builder.max_in_flight(count);
        }
        Ok(builder)
    }
}

impl Client {
    /// Connects with the settings of the environment: [`ClientBuilder::from_env`], then
    /// [`connect`](ClientBuilder::connect).
    pub async fn from_env() -> Result<Client> {
        ClientBuilder::from_env()?.connect().await
    }
}

fn missing(message: impl Into<String>) -> Error {
    Error::invalid(message, ErrorContext::default())
}

fn seconds(var: &impl Fn(&str) -> Option<String>, name: &str) -> Result<Option<Duration>> {
    let Some(text) = var(name) else {
        return Ok(None);
    };
    text.trim()
        .parse::<f64>()
        .ok()
        .and_then(|secs| Duration::try_from_secs_f64(secs).ok())
        .filter(|wait| !wait.is_zero())
        .map(Some)
        .ok_or_else(|| {
            missing(format!(
                "{name} must be a number of seconds above 0, not `{text}`"
            ))
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn from(pairs: &[(&str, &str)]) -> Result<ClientBuilder> {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        ClientBuilder::from_variables(|name| map.get(name).cloned())
    }

    #[test]
    fn what_is_missing_is_named() {
        let err = from(&[]).expect_err("no URL");
        assert!(err.to_string().contains("ODOO_URL"), "{err}");
        let err = from(&[
            ("ODOO_URL", "http://localhost:8069"),
            ("ODOO_PASSWORD", " "),
        ])
        .expect_err("no secret");
        assert!(
            err.to_string().contains("ODOO_PASSWORD nor ODOO_API_KEY"),
            "{err}"
        );
        let err = from(&[
            ("ODOO_URL", "http://x"),
            ("ODOO_API_KEY", "k"),
            ("ODOO_TRANSPORT", "soap"),
        ])
        .expect_err("unknown transport");
        assert!(err.to_string().contains("ODOO_TRANSPORT"), "{err}");
        let err = from(&[
            ("ODOO_URL", "http://x"),
            ("ODOO_API_KEY", "k"),
            ("ODOO_TIMEOUT", "soon"),
        ])
        .expect_err("not seconds");
        assert!(err.to_string().contains("ODOO_TIMEOUT"), "{err}");
        let err = from(&[
            ("ODOO_URL", "http://x"),
            ("ODOO_API_KEY", "k"),
            ("ODOO_MAX_IN_FLIGHT", "0"),
        ])
        .expect_err("zero");
        assert!(err.to_string().contains("ODOO_MAX_IN_FLIGHT"), "{err}");
    }

    /// The table in the documentation of [`ENV_VARIABLES`] names its variables in its order,
    /// with the same meanings, and the builder's defaults.
    #[test]
    fn the_documented_table_is_the_array() {
        use crate::client::{
            DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_IN_FLIGHT, DEFAULT_READ_TIMEOUT, DEFAULT_TIMEOUT,
        };
        let source = include_str!("env.rs");
        let doc = source
            .split("pub const ENV_VARIABLES")
            .next()
            .unwrap_or_default();
        let rows: Vec<Vec<&str>> = doc
            .lines()
            .filter_map(|line| line.trim().strip_prefix("/// | `"))
            .map(|row| row.trim_end_matches(" |").split(" | ").collect())
            .collect();
        let documented: Vec<(&str, &str)> = rows
            .iter()
            .map(|row| (row[0].trim_end_matches('`'), row[1]))
            .collect();
        assert_eq!(documented, ENV_VARIABLES);
        let default = |name: &str| {
            rows.iter()
                .find(|row| row[0].trim_end_matches('`') == name)
                .map_or("", |row| row[2])
        };
        for (name, value) in [
            ("ODOO_TIMEOUT", format!("{} s", DEFAULT_TIMEOUT.as_secs())),
            (
                "ODOO_CONNECT_TIMEOUT",
                format!("{} s", DEFAULT_CONNECT_TIMEOUT.as_secs()),
            ),
            (
                "ODOO_READ_TIMEOUT",
                format!("{} s", DEFAULT_READ_TIMEOUT.as_secs()),
            ),
            ("ODOO_MAX_IN_FLIGHT", DEFAULT_MAX_IN_FLIGHT.to_string()),
        ] {
            assert!(
                default(name).starts_with(&format!("{value} (")),
                "{name}: {}",
                default(name)
            );
        }
    }

    #[test]
    fn present_variables_are_used_and_secrets_hidden() {
        let builder = from(&[
            ("ODOO_URL", "http://localhost:8069"),
            ("ODOO_DB", "prod"),
            ("ODOO_USER", "api"),
            ("ODOO_PASSWORD", "hunter2"),
            ("ODOO_TRANSPORT", "xml-rpc"),
            ("ODOO_TIMEOUT", "2.5"),
            ("ODOO_READ_TIMEOUT", "7"),
            ("ODOO_MAX_IN_FLIGHT", "4"),
        ])
        .expect("a builder");
        let text = format!("{builder:?}");
        for expected in ["prod", "api", "XmlRpc", "2.5s", "7s", "max_in_flight: 4"] {
            assert!(text.contains(expected), "{expected} in {text}");
        }
        assert!(!text.contains("hunter2"));
    }
}
