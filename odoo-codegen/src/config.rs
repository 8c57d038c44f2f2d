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
//! schema_attr = "odoo-schema.json"   # written into #[odoo(schema = "...")] (or a list)
//! models = ["res.partner", "sale.*"]
//! modules = ["stock"]
//! exclude = ["sale.report"]
//! transient = false
//! unreadable = false                 # also models the user cannot search
//! depth = 1
//! # Generate from several snapshots (servers, Odoo versions): the fields all of them have.
//! # snapshots = ["schema/odoo16.json", "schema/odoo19.json"]
//!
//! # Which fields the structs read (see odoo_codegen::fields): by default every field but
//! # binary and non-stored ones.
//! all_fields = false
//! [fields]                           # exactly these (and id), per model glob
//! "res.partner" = ["name", "email", "country_id"]
//! [extra_fields]                     # added to the default choice
//! "product.*" = ["image_128"]
//! [exclude_fields]                   # left out
//! "sale.order" = ["note"]
//! ```
//!
//! Secrets never go here (nor on the command line): the password comes from `ODOO_PASSWORD`,
//! the API key from `ODOO_API_KEY`. A file naming one is refused.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::fields::FieldChoice;
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
    /// The path (or paths) written into `#[odoo(schema = ...)]`.
    pub schema_attr: Option<SchemaAttr>,
    /// Several snapshots to generate from: the models and fields all of them have.
    #[serde(default)]
    pub snapshots: Vec<PathBuf>,
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
    /// Also select models the user cannot search.
    #[serde(default)]
    pub unreadable: bool,
    /// Every field, costly ones included.
    #[serde(default)]
    pub all_fields: bool,
    /// Exactly these fields, per model glob.
    #[serde(default)]
    pub fields: std::collections::BTreeMap<String, Vec<String>>,
    /// Fields added to the default choice, per model glob.
    #[serde(default)]
    pub extra_fields: std::collections::BTreeMap<String, Vec<String>>,
    /// Fields left out, per model glob.
    #[serde(default)]
    pub exclude_fields: std::collections::BTreeMap<String, Vec<String>>,
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
        for path in &mut config.snapshots {
            if path.is_relative() {
                *path = base.join(&*path);
            }
        }
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
            unreadable: self.unreadable,
            depth: self.depth,
        }
    }

    /// The field choice this file describes.
    pub fn field_choice(&self) -> FieldChoice {
        FieldChoice {
            all: self.all_fields,
            only: self.fields.clone(),
            extra: self.extra_fields.clone(),
            exclude: self.exclude_fields.clone(),
        }
    }
}

/// `schema_attr`: one path, or a list of paths (a struct checked against several snapshots).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(untagged)]
pub enum SchemaAttr {
    /// One snapshot.
    One(String),
    /// Several snapshots.
    Several(Vec<String>),
}

impl SchemaAttr {
    /// The paths.
    pub fn paths(&self) -> Vec<String> {
        match self {
            Self::One(path) => vec![path.clone()],
            Self::Several(paths) => paths.clone(),
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
    fn reads_field_choice_and_several_snapshots() {
        let config = Config::parse(
            r#"
            snapshots = ["odoo16.json", "odoo19.json"]
            schema_attr = ["odoo16.json", "odoo19.json"]
            all_fields = false
            [fields]
            "res.partner" = ["name", "email"]
            [extra_fields]
            "product.*" = ["image_128"]
            [exclude_fields]
            "sale.order" = ["note"]
            "#,
            Path::new("/project"),
        )
        .expect("parses");
        assert_eq!(
            config.snapshots,
            [
                PathBuf::from("/project/odoo16.json"),
                PathBuf::from("/project/odoo19.json")
            ]
        );
        assert_eq!(
            config.schema_attr.as_ref().map(SchemaAttr::paths),
            Some(vec!["odoo16.json".to_owned(), "odoo19.json".to_owned()])
        );
        let choice = config.field_choice();
        assert_eq!(choice.only["res.partner"], ["name", "email"]);
        assert_eq!(choice.extra["product.*"], ["image_128"]);
        assert_eq!(choice.exclude["sale.order"], ["note"]);
    }

    #[test]
    fn refuses_secrets_and_unknown_keys() {
        let error = Config::parse("password = \"admin\"", Path::new(".")).expect_err("secret");
        assert!(error.to_string().contains("ODOO_PASSWORD"), "{error}");
        let error = Config::parse("urll = \"x\"", Path::new(".")).expect_err("typo");
        assert!(error.to_string().contains("urll"), "{error}");
    }
}
