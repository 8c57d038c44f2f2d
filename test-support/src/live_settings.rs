//! The settings of the tests against a real Odoo (the `live*` tests of odoo-tests and of
//! odoo-codegen, the `live_common` test of fixture-models, the webshop's `live` test and the
//! `order_to_cash` test of the examples), read from the environment. Those tests are `#[ignore]`d, so that `cargo test --workspace` reports them as
//! ignored; `cargo test --workspace -- --ignored` runs them, and each fails with a message
//! naming the variables to set when they are not.

/// What the live tests connect with: `ODOO_URL`, `ODOO_DB`, `ODOO_USER`, and `ODOO_PASSWORD`
/// and/or `ODOO_API_KEY`. The `odoo-codegen` runs and the programs its tests build read the
/// same variables from the environment they inherit.
pub struct Settings {
    /// `ODOO_URL`.
    pub url: String,
    /// `ODOO_DB`.
    pub db: String,
    /// `ODOO_USER`.
    pub user: String,
    /// `ODOO_PASSWORD`, when set.
    pub password: Option<String>,
    /// `ODOO_API_KEY`, when set.
    pub api_key: Option<String>,
}

/// The URL, database and user; the password and the API key only as set or not, never their
/// values.
impl std::fmt::Debug for Settings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Settings")
            .field("url", &self.url)
            .field("db", &self.db)
            .field("user", &self.user)
            .field("password", &self.password.as_ref().map(|_| "<set>"))
            .field("api_key", &self.api_key.as_ref().map(|_| "<set>"))
            .finish()
    }
}

/// The settings of the environment (an empty variable counts as unset); panics naming the
/// variables that are missing.
#[track_caller]
pub fn settings() -> Settings {
    let var = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
    let (url, db, user) = (var("ODOO_URL"), var("ODOO_DB"), var("ODOO_USER"));
    let (password, api_key) = (var("ODOO_PASSWORD"), var("ODOO_API_KEY"));
    let mut missing: Vec<&str> = [("ODOO_URL", &url), ("ODOO_DB", &db), ("ODOO_USER", &user)]
        .into_iter()
        .filter(|(_, value)| value.is_none())
        .map(|(name, _)| name)
        .collect();
    if password.is_none() && api_key.is_none() {
        missing.push("ODOO_PASSWORD or ODOO_API_KEY");
    }
    match (url, db, user) {
        (Some(url), Some(db), Some(user)) if missing.is_empty() => Settings {
            url,
            db,
            user,
            password,
            api_key,
        },
        _ => panic!(
            "this live test needs a real Odoo (not set: {}): set ODOO_URL, ODOO_DB, ODOO_USER \
             and ODOO_PASSWORD or ODOO_API_KEY to a test database (the live tests write \
             records; docker-compose.yml starts a server)",
            missing.join(", ")
        ),
    }
}

impl Settings {
    /// A client builder for `transport` with these settings: the API key and the password
    /// when set.
    pub fn builder(&self, transport: odoo_core::TransportKind) -> odoo_core::ClientBuilder {
        let mut b = odoo_core::Client::builder(&self.url)
            .transport(transport)
            .database(&self.db)
            .login(&self.user);
        if let Some(key) = &self.api_key {
            b = b.api_key(key);
        }
        if let Some(password) = &self.password {
            b = b.password(password);
        }
        b
    }

    /// A client over `transport`; panics naming the transport when it cannot connect.
    pub async fn connect(&self, transport: odoo_core::TransportKind) -> odoo_core::Client {
        self.builder(transport)
            .connect()
            .await
            .unwrap_or_else(|e| panic!("{transport}: connect: {e}"))
    }

    /// A client with the API key alone (no password), when one is set.
    pub async fn key_only(&self) -> Option<odoo_core::Client> {
        let key = self.api_key.as_ref()?;
        let client = odoo_core::Client::builder(&self.url)
            .database(&self.db)
            .login(&self.user)
            .api_key(key)
            .connect()
            .await
            .unwrap_or_else(|e| panic!("connect with the key alone: {e}"));
        Some(client)
    }

    /// The transports this server and these credentials allow.
    pub async fn transports(&self) -> Vec<odoo_core::TransportKind> {
        let mut out = vec![
            odoo_core::TransportKind::JsonRpc,
            odoo_core::TransportKind::XmlRpc,
        ];
        // The web session's login is interactive: Odoo takes a password there, not an API key.
        if self.password.is_some() {
            out.push(odoo_core::TransportKind::WebSession);
        }
        if self.api_key.is_some() {
            let probe = self
                .builder(odoo_core::TransportKind::JsonRpc)
                .connect()
                .await;
            if let Ok(client) = probe {
                if client.server_version().major >= 19 {
                    out.push(odoo_core::TransportKind::Json2);
                }
            }
        }
        out
    }
}
