//! `odoo-codegen.toml`: the settings a project commits so that everyone runs the tool the
//! same way.
//!
//! ```toml
//! url = "https://odoo.example.com"   # or ODOO_URL
//! database = "prod"                  # or ODOO_DB
//! user = "api@example.com"           # or ODOO_USER
//! transport = "auto"                 # auto, json-rpc, xml-rpc, json2, web
//! timeout = 60                       # seconds per request
//! concurrency = 6                    # models (requests) in flight
//! introspect = "fields-get"          # or "bulk": ir.model.fields in bulk + lighter fields_get
//! methods = false                    # also the methods, for typed calls (Odoo 19+, API key)
//! snapshot = "odoo-schema.json"      # relative to this file
//! out_dir = "src/models"             # relative to this file
//! schema_attr = "odoo-schema.json"   # written into #[odoo(schema = "...")] (or a list)
//! models = ["res.partner", "sale.*"]
//! modules = ["stock"]
//! exclude = ["sale.report"]
//! transient = false
//! unreadable = false                 # also models the user cannot search
//! depth = 1
//! # Generate from several snapshots (servers, Odoo versions): the fields all of them have,
//! # or with `union = true` (one snapshot per Odoo version) what any of them has.
//! # snapshots = ["schema/odoo16.json", "schema/odoo19.json"]
//! # union = false
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
use crate::select::ModelSelection;
use crate::Error;

/// The default name of the configuration file, looked up in the current directory.
pub const CONFIG_FILE: &str = "odoo-codegen.toml";

/// The directory of the generated modules when neither the command line nor the file says.
pub const DEFAULT_OUT_DIR: &str = "src/models";

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
    /// Models in flight, hence requests: each makes its `fields_get`, then its probe.
    pub concurrency: Option<usize>,
    /// How fields are read: `fields-get` (one full `fields_get` per model) or `bulk`.
    pub introspect: Option<String>,
    /// Also read each model's public methods (Odoo 19 and later, JSON-2 with an API key).
    #[serde(default)]
    pub methods: bool,
    /// The snapshot file.
    pub snapshot: Option<PathBuf>,
    /// The directory of the generated modules.
    pub out_dir: Option<PathBuf>,
    /// The path (or paths) written into `#[odoo(schema = ...)]`.
    pub schema_attr: Option<SchemaAttr>,
    /// Several snapshots to generate from: the models and fields all of them have.
    #[serde(default)]
    pub snapshots: Vec<PathBuf>,
    /// With several snapshots of Odoo versions, what any of them has, marked with the versions
    /// that have it (see `Generator::union`).
    #[serde(default)]
    pub union: bool,
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
    pub fn selection(&self) -> ModelSelection {
        ModelSelection {
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

    /// The model selection of this file with `overrides` laid over it: their lists replace
    /// the file's when given, their flags add to the file's, their depth replaces the file's.
    pub fn selection_with(&self, overrides: &Overrides) -> ModelSelection {
        let pick = |given: &[String], file: &[String]| {
            if given.is_empty() { file } else { given }.to_vec()
        };
        ModelSelection {
            models: pick(&overrides.models, &self.models),
            modules: pick(&overrides.modules, &self.modules),
            exclude: pick(&overrides.exclude, &self.exclude),
            transient: overrides.transient || self.transient,
            unreadable: overrides.unreadable || self.unreadable,
            depth: overrides.depth.unwrap_or(self.depth),
        }
    }

    /// The field choice of this file with `given` laid over it: `given`'s exact lists replace
    /// the file's exact lists, its other lists and its `all` add to the file's.
    pub fn field_choice_with(&self, given: &FieldChoice) -> FieldChoice {
        let mut choice = self.field_choice();
        if !given.only.is_empty() {
            choice.only.clear();
        }
        choice.extend(given);
        choice
    }

    /// The `schema_attr` paths: `given` if any, else the file's.
    pub fn schema_attr_with(&self, given: &[String]) -> Vec<String> {
        if given.is_empty() {
            self.schema_attr
                .as_ref()
                .map(SchemaAttr::paths)
                .unwrap_or_default()
        } else {
            given.to_vec()
        }
    }

    /// The directory of the generated modules: `given`, else the file's `out_dir`, else
    /// `src/models`.
    pub fn out_dir_with(&self, given: Option<&Path>) -> PathBuf {
        given
            .map(Path::to_owned)
            .or_else(|| self.out_dir.clone())
            .unwrap_or_else(|| PathBuf::from(DEFAULT_OUT_DIR))
    }

    /// The snapshot files to generate from: `given` if any, else the file's `snapshots`, else
    /// the one snapshot file ([`Config::snapshot_path`]).
    pub fn snapshot_paths(&self, given: &[PathBuf]) -> Vec<PathBuf> {
        if !given.is_empty() {
            given.to_vec()
        } else if !self.snapshots.is_empty() {
            self.snapshots.clone()
        } else {
            vec![self.snapshot_path(None)]
        }
    }

    /// The snapshot file to write or read: `given`, else the file's `snapshot`, else
    /// `odoo-schema.json`.
    pub fn snapshot_path(&self, given: Option<&Path>) -> PathBuf {
        given
            .map(Path::to_owned)
            .or_else(|| self.snapshot.clone())
            .unwrap_or_else(|| PathBuf::from(crate::schema::DEFAULT_FILE))
    }
}

/// Settings of one run, such as the command line's, laid over those of the file: a list given
/// replaces the file's, a flag set adds to it, a value given replaces it (see
/// [`Config::selection_with`], [`Config::field_choice_with`], and
/// [`Generator::from_config`](crate::Generator::from_config), which applies them all).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Overrides {
    /// Snapshot files to generate from (several: the models and fields all of them have).
    pub snapshots: Vec<PathBuf>,
    /// Several snapshots give their union (added to the file's `union`).
    pub union: bool,
    /// The directory of the generated modules.
    pub out_dir: Option<PathBuf>,
    /// The paths written into `#[odoo(schema = ...)]`.
    pub schema_attr: Vec<String>,
    /// Model name globs.
    pub models: Vec<String>,
    /// Odoo modules whose models are selected.
    pub modules: Vec<String>,
    /// Model name globs left out.
    pub exclude: Vec<String>,
    /// Also select transient models.
    pub transient: bool,
    /// Also select models the user cannot search.
    pub unreadable: bool,
    /// Relation steps to follow.
    pub depth: Option<u32>,
    /// The field choice: exact lists (`only`) replace the file's exact lists, the others and
    /// `all` add to the file's.
    pub fields: FieldChoice,
    /// One file of this name with inline modules, instead of a file per model.
    pub single_file: Option<String>,
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
    fn overrides_replace_lists_and_add_flags() {
        let config = Config::parse(
            r#"
            snapshots = ["a.json", "b.json"]
            out_dir = "models"
            schema_attr = "a.json"
            models = ["res.partner"]
            modules = ["sale"]
            transient = true
            depth = 2
            all_fields = true
            [fields]
            "res.partner" = ["name"]
            [extra_fields]
            "res.partner" = ["image_128"]
            "#,
            Path::new("/p"),
        )
        .expect("parses");
        let nothing = Overrides::default();
        assert_eq!(config.selection_with(&nothing), config.selection());
        assert_eq!(
            config.field_choice_with(&nothing.fields),
            config.field_choice()
        );
        assert_eq!(config.schema_attr_with(&[]), ["a.json"]);
        assert_eq!(config.out_dir_with(None), PathBuf::from("/p/models"));
        assert_eq!(config.snapshot_paths(&[]).len(), 2);

        let mut given = Overrides {
            models: vec!["sale.*".into()],
            unreadable: true,
            depth: Some(0),
            ..Overrides::default()
        };
        FieldChoice::parse_arg(&mut given.fields.only, "sale.order=name").expect("parses");
        FieldChoice::parse_arg(&mut given.fields.extra, "res.partner=email").expect("parses");
        let selection = config.selection_with(&given);
        assert_eq!(selection.models, ["sale.*"]);
        assert_eq!(selection.modules, ["sale"], "not given: the file's");
        assert!(selection.transient && selection.unreadable);
        assert_eq!(selection.depth, 0);
        let choice = config.field_choice_with(&given.fields);
        assert!(choice.all);
        assert_eq!(choice.only.keys().collect::<Vec<_>>(), ["sale.order"]);
        assert_eq!(choice.extra["res.partner"], ["image_128", "email"]);
        assert_eq!(
            config.snapshot_paths(&[PathBuf::from("c.json")]),
            [PathBuf::from("c.json")]
        );
        assert_eq!(
            Config::default().out_dir_with(None),
            PathBuf::from(DEFAULT_OUT_DIR)
        );
        assert_eq!(
            Config::default().snapshot_paths(&[]),
            [PathBuf::from(crate::schema::DEFAULT_FILE)]
        );
    }

    #[test]
    fn refuses_secrets_and_unknown_keys() {
        let error = Config::parse("password = \"admin\"", Path::new(".")).expect_err("secret");
        assert!(error.to_string().contains("ODOO_PASSWORD"), "{error}");
        let error = Config::parse("urll = \"x\"", Path::new(".")).expect_err("typo");
        assert!(error.to_string().contains("urll"), "{error}");
    }
}
