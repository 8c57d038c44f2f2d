//! `odoo-codegen.toml`: the settings a project commits so that everyone runs the tool the
//! same way.
//!
//! ```toml
//! url = "https://odoo.example.com"   # or ODOO_URL
//! database = "prod"                  # or ODOO_DB
//! user = "api@example.com"           # or ODOO_USER
//! transport = "auto"                 # auto, json-rpc, xml-rpc, json2, web
//! timeout = 60                       # seconds per request
//! concurrency = 4                    # fields_get requests in flight
//! introspect = "fields-get"          # or "bulk": ir.model.fields in bulk + lighter fields_get
//! snapshot = "odoo-schema.json"      # relative to this file
//! out_dir = "src/models"             # relative to this file
//! schema_attr = "odoo-schema.json"   # written into #[odoo(schema = "...")]
//! models = ["res.partner", "sale.*"]
//! modules = ["stock"]
//! exclude = ["sale.report"]
//! transient = false
//! depth = 1
//! ```
//!
//! Secrets never go here (nor on the command line): the password comes from `ODOO_PASSWORD`,
//! the API key from `ODOO_API_KEY`. A file naming one is refused.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::select::Selection;
use crate::Error;

/// The default name of the configuration file, looked up in the current directory.
pub const CONFIG_FILE: &str = "odoo-codegen.toml";

/// The contents of `odoo-codegen.toml`. Every setting is optional; command-line options and
/// environment variables take precedence.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The server's base URL.
    pub url: Option<String>,
    /// The database.
    pub database: Option<String>,
    /// The login.
    pub user: Option<String>,
    /// The transport: `auto`, `json-rpc`, `xml-rpc`, `json2` or `web`.
    pub transport: Option<String>,
    /// Seconds per request.
    pub timeout: Option<u64>,
    /// `fields_get` requests in flight.
    pub concurrency: Option<usize>,
    /// How fields are read: `fields-get` (one full `fields_get` per model) or `bulk`.
    pub introspect: Option<String>,
    /// The snapshot file.
    pub snapshot: Option<PathBuf>,
    /// The directory of the generated modules.
    pub out_dir: Option<PathBuf>,
    /// The path written into `#[odoo(schema = "...")]`.
    pub schema_attr: Option<String>,
    /// Model name globs.
    #[serde(default)]
    pub models: Vec<String>,
    /// Odoo modules whose models are selected.
    #[serde(default)]
    pub modules: Vec<String>,
    /// Model name globs left out.
    #[serde(default)]
    pub exclude: Vec<String>,
    /// Also select transient models.
    #[serde(default)]
    pub transient: bool,
    /// Relation steps to follow.
    #[serde(default)]
    pub depth: u32,
}

impl Config {
    /// Reads a configuration from its text. `base` is the directory relative paths are
    /// resolved against (the file's directory).
    pub fn parse(text: &str, base: &Path) -> Result<Self, Error> {
        let table: toml::Table = toml::from_str(text)
            .map_err(|error| Error::Config(format!("{CONFIG_FILE}: {error}")))?;
        for secret in ["password", "api_key", "apikey", "key", "secret", "token"] {
            if table.contains_key(secret) {
                return Err(Error::Config(format!(
                    "{CONFIG_FILE}: `{secret}` does not belong in a committed file; \
                     set ODOO_PASSWORD or ODOO_API_KEY in the environment"
                )));
            }
        }
        let mut config: Self = toml::from_str(text)
            .map_err(|error| Error::Config(format!("{CONFIG_FILE}: {error}")))?;
        let resolve = |path: &mut Option<PathBuf>| {
            if let Some(path) = path.as_mut().filter(|path| path.is_relative()) {
                *path = base.join(&*path);
            }
        };
        resolve(&mut config.snapshot);
        resolve(&mut config.out_dir);
        Ok(config)
    }

    /// Reads `path`.
    pub fn load(path: &Path) -> Result<Self, Error> {
        let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
            path: path.to_owned(),
            source,
        })?;
        let base = path.parent().unwrap_or_else(|| Path::new(""));
        Self::parse(&text, base)
    }

    /// Reads `path` if given (it must exist), else `odoo-codegen.toml` of the current
    /// directory if there is one, else the empty configuration.
    pub fn discover(path: Option<&Path>) -> Result<Self, Error> {
        match path {
            Some(path) => Self::load(path),
            None if Path::new(CONFIG_FILE).is_file() => Self::load(Path::new(CONFIG_FILE)),
            None => Ok(Self::default()),
        }
    }

    /// The model selection this file describes.
    pub fn selection(&self) -> Selection {
        Selection {
            models: self.models.clone(),
            modules: self.modules.clone(),
            exclude: self.exclude.clone(),
            transient: self.transient,
            depth: self.depth,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_settings_and_resolves_paths() {
        let config = Config::parse(
            r#"
            url = "http://localhost:8069"
            database = "odoo"
            snapshot = "schema/odoo.json"
            out_dir = "/abs/models"
            models = ["res.partner", "sale.*"]
            depth = 1
            "#,
            Path::new("/project"),
        )
        .expect("parses");
        assert_eq!(config.url.as_deref(), Some("http://localhost:8069"));
        assert_eq!(
            config.snapshot,
            Some(PathBuf::from("/project/schema/odoo.json"))
        );
        assert_eq!(config.out_dir, Some(PathBuf::from("/abs/models")));
        assert_eq!(config.selection().models, ["res.partner", "sale.*"]);
        assert_eq!(config.selection().depth, 1);
    }

    #[test]
    fn refuses_secrets_and_unknown_keys() {
        let error = Config::parse("password = \"admin\"", Path::new(".")).expect_err("secret");
        assert!(error.to_string().contains("ODOO_PASSWORD"), "{error}");
        let error = Config::parse("urll = \"x\"", Path::new(".")).expect_err("typo");
        assert!(error.to_string().contains("urll"), "{error}");
    }
}
