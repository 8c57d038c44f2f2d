// Each live test binary reads the part of the settings it needs. The same as the workspace's
// `tests/tests/support/live_settings.rs`: this crate is published, and its tests stay within
// its package.
#![allow(dead_code)]
//! The settings of the live tests (`live`, `live_models`, `live_methods`), read from the
//! environment. Those tests are `#[ignore]`d, so that `cargo test --workspace` reports them as
//! ignored; `cargo test -p odoo-codegen -- --ignored` runs them, and each fails with a message
//! naming the variables to set when they are not.

/// What the live tests connect with: `ODOO_URL`, `ODOO_DB`, `ODOO_USER`, and `ODOO_PASSWORD`
/// and/or `ODOO_API_KEY`. The `odoo-codegen` runs and the programs the tests build read the
/// same variables from the environment they inherit.
pub struct Settings {
    pub url: String,
    pub db: String,
    pub user: String,
    pub password: Option<String>,
    pub api_key: Option<String>,
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
             records)",
            missing.join(", ")
        ),
    }
}
