//! The lab the live benchmarks run against: a server with the demo data of `contacts`,
//! `sale_management` and `stock`, plus 5,000 partners named `Bench Partner NNNNN` (the
//! server the fixtures' `behaviours/` were recorded from). The benchmarks only read it;
//! `lab seed` creates the partners once, and `lab check` tells whether a server is a lab.
//!
//! The connection comes from `ODOO_URL`, `ODOO_DB`, `ODOO_USER`, `ODOO_PASSWORD` and
//! `ODOO_API_KEY`.

use std::time::Duration;

use odoo_core::types::{DateTime, Many2one, X2many};
use odoo_core::{Client, ClientBuilder, OdooModel, SearchOptions, TransportKind};
use serde_json::{json, Value};

/// The benchmarks' error type.
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// How many bench partners a lab holds.
pub const PARTNERS: usize = 5_000;

/// The name of the bench partners, before their number.
pub const PREFIX: &str = "Bench Partner ";

/// The 11 fields a 5,000-row read asks (`id` comes with them).
pub const FIELDS: [&str; 11] = [
    "name",
    "email",
    "phone",
    "street",
    "city",
    "zip",
    "country_id",
    "is_company",
    "parent_id",
    "category_id",
    "write_date",
];

/// A bench partner: `id` and the 11 fields of [`FIELDS`] (read for their cost; the benches
/// look at none but `id`).
#[derive(Debug, OdooModel)]
#[odoo(model = "res.partner")]
#[allow(dead_code)]
pub struct Partner {
    pub id: i64,
    name: Option<String>,
    email: Option<String>,
    phone: Option<String>,
    street: Option<String>,
    city: Option<String>,
    zip: Option<String>,
    country_id: Option<Many2one>,
    is_company: bool,
    parent_id: Option<Many2one>,
    category_id: X2many,
    write_date: Option<DateTime>,
}

/// The domain of the bench partners.
pub fn domain() -> Value {
    json!([["name", "=like", format!("{PREFIX}%")]])
}

/// A variable of the environment, unset when empty.
pub fn env(name: &str) -> Option<String> {
    std::env::var(name)
        .ok()
        .filter(|value| !value.trim().is_empty())
}

/// The connection settings of the environment (`Debug` leaves the secrets out).
#[derive(Clone)]
pub struct Settings {
    /// `ODOO_URL`.
    pub url: String,
    /// `ODOO_DB`.
    pub db: String,
    /// `ODOO_USER`.
    pub user: String,
    /// `ODOO_PASSWORD`.
    pub password: Option<String>,
    /// `ODOO_API_KEY`.
    pub api_key: Option<String>,
}

impl std::fmt::Debug for Settings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Settings")
            .field("url", &self.url)
            .field("db", &self.db)
            .field("user", &self.user)
            .field("password", &self.password.as_ref().map(|_| "<redacted>"))
            .field("api_key", &self.api_key.as_ref().map(|_| "<redacted>"))
            .finish()
    }
}

impl Settings {
    /// Reads the environment; an error names what is missing.
    pub fn from_env() -> Result<Self, BoxError> {
        let need = |name: &str| env(name).ok_or_else(|| format!("set {name}"));
        let settings = Settings {
            url: need("ODOO_URL")?,
            db: need("ODOO_DB")?,
            user: need("ODOO_USER")?,
            password: env("ODOO_PASSWORD"),
            api_key: env("ODOO_API_KEY"),
        };
        if settings.password.is_none() && settings.api_key.is_none() {
            return Err("set ODOO_PASSWORD or ODOO_API_KEY".into());
        }
        Ok(settings)
    }

    /// A builder with the password only, the key only, or both (`None` when the secret is not
    /// set), over `transport`.
    pub fn builder(
        &self,
        transport: TransportKind,
        password: bool,
        key: bool,
    ) -> Option<ClientBuilder> {
        let mut builder = Client::builder(&self.url)
            .database(&self.db)
            .login(&self.user)
            .transport(transport)
            .timeout(Duration::from_secs(600));
        if password {
            builder = builder.password(self.password.as_deref()?);
        }
        if key {
            builder = builder.api_key(self.api_key.as_deref()?);
        }
        Some(builder)
    }

    /// A client with whatever secrets are set, over `transport`.
    pub async fn connect(&self, transport: TransportKind) -> Result<Client, BoxError> {
        let (password, key) = (self.password.is_some(), self.api_key.is_some());
        let builder = self
            .builder(transport, password, key)
            .ok_or("set ODOO_PASSWORD or ODOO_API_KEY")?;
        Ok(builder.connect().await?)
    }
}

/// The ids of the bench partners, sorted, when the server holds exactly [`PARTNERS`] of
/// them; else an error that says how to make a lab.
pub async fn bench_partners(client: &Client) -> Result<Vec<i64>, BoxError> {
    let mut ids = client
        .search("res.partner", domain(), SearchOptions::new().order("id"))
        .await?;
    ids.sort_unstable();
    if ids.len() != PARTNERS {
        return Err(format!(
            "this server is not a bench lab: it has {} partners named `{PREFIX}NNNNN`, not {PARTNERS} \
             (`cargo run -p odoo-benches --release --bin lab -- seed` creates them)",
            ids.len()
        )
        .into());
    }
    Ok(ids)
}

/// The values of bench partner `n` (from 1): every field of [`FIELDS`] that a create sets,
/// some left empty as in real data.
fn partner(n: usize, countries: &[i64]) -> Value {
    let city = ["Brussels", "Liège", "Gent", "Namur", "Antwerpen"][n % 5];
    let mut vals = json!({
        "name": format!("{PREFIX}{n:05}"),
        "is_company": n % 7 == 0,
        "city": city,
        "zip": format!("{:04}", 1000 + n % 9000),
    });
    if n % 9 != 0 {
        vals["email"] = json!(format!("bench.partner.{n}@example.com"));
    }
    if n % 4 != 0 {
        vals["phone"] = json!(format!("+32 2 555 {:04}", n % 10_000));
    }
    if n % 6 != 0 {
        vals["street"] = json!(format!("{} Rue du Banc", n % 300 + 1));
    }
    if let Some(country) = countries.get(n % countries.len().max(1)) {
        vals["country_id"] = json!(country);
    }
    vals
}

/// Creates the bench partners that are missing (by number), 500 a request; the numbers
/// already there are kept. Returns how many were created.
pub async fn seed(client: &Client) -> Result<usize, BoxError> {
    let existing: Vec<Value> = client
        .search_read("res.partner", domain(), &["name"], SearchOptions::new())
        .await?;
    let have: std::collections::BTreeSet<String> = existing
        .iter()
        .filter_map(|row| row["name"].as_str().map(str::to_owned))
        .collect();
    let countries = client
        .search(
            "res.country",
            json!([["code", "in", ["BE", "FR", "NL", "DE", "LU"]]]),
            SearchOptions::new().order("id"),
        )
        .await?;
    let missing: Vec<Value> = (1..=PARTNERS)
        .filter(|n| !have.contains(&format!("{PREFIX}{n:05}")))
        .map(|n| partner(n, &countries))
        .collect();
    for batch in missing.chunks(500) {
        client.create_many("res.partner", batch).await?;
    }
    Ok(missing.len())
}
