//! Generates Rust model structs for `#[derive(odoo_core::OdooModel)]` from a schema snapshot,
//! and (feature `introspect`) introspects an Odoo instance to write that snapshot.
//!
//! The command-line tool `odoo-codegen` (feature `cli`, on by default; see its `--help`) does
//! the network part. Without default features this library renders from a committed snapshot
//! only, for build scripts, prost-build style, and depends on neither the HTTP client nor an
//! async runtime:
//!
//! ```no_run
//! // build.rs
//! fn main() -> Result<(), Box<dyn std::error::Error>> {
//!     odoo_codegen::Generator::new()
//!         .snapshot("odoo-schema.json")
//!         .models(["res.partner", "sale.*"])
//!         .single_file("odoo_models.rs")
//!         .generate()?; // into OUT_DIR
//!     Ok(())
//! }
//! ```
//!
//! ```text
//! // src/lib.rs
//! pub mod models {
//!     include!(concat!(env!("OUT_DIR"), "/odoo_models.rs"));
//! }
//! ```
//!
//! ```toml
//! # Cargo.toml
//! [build-dependencies]
//! odoo-codegen = { version = "0.1", default-features = false }
//! ```
//!
//! Modules: `introspect` (live server to [`Schema`], feature `introspect`), [`select`] (which
//! models), [`mod@fields`] (which fields of each model), [`mod@render`] (snapshot to code),
//! [`names`] (safe Rust names), [`diff`] (snapshot differences), [`config`]
//! (`odoo-codegen.toml`).

#![warn(missing_docs)]

pub mod config;
pub mod diff;
pub mod fields;
#[cfg(feature = "introspect")]
pub mod introspect;
pub mod names;
pub mod plan;
pub mod render;
pub mod select;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

pub use odoo_schema::{self as schema, Schema};

pub use crate::diff::SchemaDiff;
pub use crate::fields::FieldChoice;
#[cfg(feature = "introspect")]
pub use crate::introspect::{introspect, IntrospectOptions, Introspection, ModelFailure};
pub use crate::render::{render, GeneratedFile, Layout, RenderOptions, Rendered};
pub use crate::select::Selection;

/// Everything that can go wrong in this crate.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Reading or writing a file.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// A snapshot that cannot be read.
    #[error("{}: {message}", path.display())]
    Snapshot {
        /// The snapshot file.
        path: PathBuf,
        /// What is wrong with it.
        message: String,
    },
    /// A call to Odoo failed.
    #[cfg(feature = "introspect")]
    #[error(transparent)]
    Odoo(#[from] odoo_core::Error),
    /// Invalid configuration or options.
    #[error("{0}")]
    Config(String),
    /// The code could not be generated.
    #[error("{0}")]
    Render(String),
}

/// Reads several snapshot files and keeps what they have in common (see [`schema::merge`]).
pub fn merge_snapshots(paths: &[PathBuf]) -> Result<schema::merge::Merged, Error> {
    let schemas = paths
        .iter()
        .map(|path| read_snapshot(path))
        .collect::<Result<Vec<_>, _>>()?;
    schema::merge::common(&schemas).map_err(|error| Error::Config(error.to_string()))
}

/// Reads a snapshot file.
pub fn read_snapshot(path: &Path) -> Result<Schema, Error> {
    let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
        path: path.to_owned(),
        source,
    })?;
    Schema::from_json(&text).map_err(|error| Error::Snapshot {
        path: path.to_owned(),
        message: error.to_string(),
    })
}

/// Writes a snapshot file (stable JSON), creating its directory.
pub fn write_snapshot(path: &Path, schema: &Schema) -> Result<(), Error> {
    if let Some(dir) = path.parent().filter(|dir| !dir.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|source| Error::Io {
            path: dir.to_owned(),
            source,
        })?;
    }
    std::fs::write(path, schema.to_json()).map_err(|source| Error::Io {
        path: path.to_owned(),
        source,
    })
}

/// What [`write_files`] did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WriteReport {
    /// Files written (new or changed).
    pub written: Vec<PathBuf>,
    /// Files already up to date.
    pub unchanged: Vec<PathBuf>,
    /// Files of an earlier run that are no longer generated, removed.
    pub removed: Vec<PathBuf>,
}

/// How a file on disk differs from the generated one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mismatch {
    /// The file is not there.
    Missing,
    /// The file has other contents.
    Differs,
    /// A generated file (it has the `// @generated` header) that would no longer be generated.
    Stale,
}

impl std::fmt::Display for Mismatch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::Missing => "missing",
            Self::Differs => "differs",
            Self::Stale => "no longer generated",
        })
    }
}

/// Writes `rendered` into `out_dir`: files whose contents are unchanged are not touched, and
/// `.rs` files of an earlier run (first line `// @generated by odoo-codegen`) that are no
/// longer generated are removed.
pub fn write_files(out_dir: &Path, rendered: &Rendered) -> Result<WriteReport, Error> {
    let io = |path: &Path| {
        let path = path.to_owned();
        move |source| Error::Io { path, source }
    };
    std::fs::create_dir_all(out_dir).map_err(io(out_dir))?;
    let mut report = WriteReport::default();
    for file in &rendered.files {
        let path = out_dir.join(&file.path);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(io(dir))?;
        }
        if std::fs::read_to_string(&path).ok().as_deref() == Some(file.contents.as_str()) {
            report.unchanged.push(path);
        } else {
            std::fs::write(&path, &file.contents).map_err(io(&path))?;
            report.written.push(path);
        }
    }
    for stale in stale_files(out_dir, rendered)? {
        std::fs::remove_file(&stale).map_err(io(&stale))?;
        report.removed.push(stale);
    }
    Ok(report)
}

/// Compares `rendered` with the files in `out_dir` without writing anything; an empty list
/// means the files are up to date.
pub fn check_files(out_dir: &Path, rendered: &Rendered) -> Result<Vec<(PathBuf, Mismatch)>, Error> {
    let mut out = Vec::new();
    for file in &rendered.files {
        let path = out_dir.join(&file.path);
        match std::fs::read_to_string(&path) {
            Ok(text) if text == file.contents => {}
            Ok(_) => out.push((path, Mismatch::Differs)),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                out.push((path, Mismatch::Missing));
            }
            Err(source) => return Err(Error::Io { path, source }),
        }
    }
    if out_dir.is_dir() {
        out.extend(
            stale_files(out_dir, rendered)?
                .into_iter()
                .map(|path| (path, Mismatch::Stale)),
        );
    }
    Ok(out)
}

fn stale_files(out_dir: &Path, rendered: &Rendered) -> Result<Vec<PathBuf>, Error> {
    let generated: BTreeSet<PathBuf> = rendered
        .files
        .iter()
        .map(|file| out_dir.join(&file.path))
        .collect();
    let entries = std::fs::read_dir(out_dir).map_err(|source| Error::Io {
        path: out_dir.to_owned(),
        source,
    })?;
    let mut stale = Vec::new();
    for entry in entries.flatten() {
        let path = entry.path();
        if path.extension().is_none_or(|ext| ext != "rs") || generated.contains(&path) {
            continue;
        }
        let is_ours = std::fs::read_to_string(&path)
            .map(|text| text.starts_with(render::HEADER_PREFIX))
            .unwrap_or(false);
        if is_ours {
            stale.push(path);
        }
    }
    stale.sort();
    Ok(stale)
}

/// Generates model code from a committed snapshot, for build scripts and tools; no network.
///
/// ```no_run
/// # fn main() -> Result<(), odoo_codegen::Error> {
/// let report = odoo_codegen::Generator::new()
///     .snapshot("odoo-schema.json")
///     .models(["res.partner", "sale.*"])
///     .depth(1)
///     .schema_attr("odoo-schema.json")
///     .out_dir("src/models")
///     .generate()?;
/// println!("{} files written", report.written.len());
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, Default)]
pub struct Generator {
    snapshot: Option<PathBuf>,
    snapshots: Vec<PathBuf>,
    schema: Option<Schema>,
    selection: Selection,
    out_dir: Option<PathBuf>,
    options: RenderOptions,
    cargo_messages: Option<bool>,
}

impl Generator {
    /// A generator with no snapshot yet, every model of the snapshot, one file per model.
    pub fn new() -> Self {
        Self::default()
    }

    /// Reads the snapshot from this file (relative to the current directory, which is the
    /// package root in a build script).
    #[must_use]
    pub fn snapshot(mut self, path: impl Into<PathBuf>) -> Self {
        self.snapshot = Some(path.into());
        self
    }

    /// Generates from several snapshot files (servers or Odoo versions) together: the models
    /// and fields that all of them have, with the attributes that hold on each (see
    /// [`schema::merge`]). Replaces [`Generator::snapshot`]. Pair it with
    /// [`Generator::schema_attr`] naming the same files, so that the derive checks each.
    #[must_use]
    pub fn snapshots<I, P>(mut self, paths: I) -> Self
    where
        I: IntoIterator<Item = P>,
        P: Into<PathBuf>,
    {
        self.snapshots = paths.into_iter().map(Into::into).collect();
        self
    }

    /// Uses this snapshot instead of reading a file.
    #[must_use]
    pub fn schema(mut self, schema: Schema) -> Self {
        self.schema = Some(schema);
        self
    }

    /// Selects models by name glob (`res.partner`, `sale.*`); adds to earlier calls.
    #[must_use]
    pub fn models<I, S>(mut self, globs: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.selection
            .models
            .extend(globs.into_iter().map(Into::into));
        self
    }

    /// Selects the models of these Odoo modules; adds to earlier calls.
    #[must_use]
    pub fn modules<I, S>(mut self, modules: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.selection
            .modules
            .extend(modules.into_iter().map(Into::into));
        self
    }

    /// Leaves out models matching these globs; adds to earlier calls.
    #[must_use]
    pub fn exclude<I, S>(mut self, globs: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.selection
            .exclude
            .extend(globs.into_iter().map(Into::into));
        self
    }

    /// Also generates transient (wizard) models matched by the globs or modules.
    #[must_use]
    pub fn transient(mut self, transient: bool) -> Self {
        self.selection.transient = transient;
        self
    }

    /// Follows relations this many steps, generating their targets too (when in the snapshot).
    #[must_use]
    pub fn depth(mut self, depth: u32) -> Self {
        self.selection.depth = depth;
        self
    }

    /// Replaces the whole selection.
    #[must_use]
    pub fn selection(mut self, selection: Selection) -> Self {
        self.selection = selection;
        self
    }

    /// Writes `#[odoo(schema = "<path>")]` on each struct: the snapshot path relative to the
    /// `CARGO_MANIFEST_DIR` of the crate compiling the code. Called again, adds a path: the
    /// structs then carry `#[odoo(schema = ["a.json", "b.json"])]` and are checked against each.
    #[must_use]
    pub fn schema_attr(mut self, path: impl Into<String>) -> Self {
        self.options.schema_attr.push(path.into());
        self
    }

    /// Reads exactly these fields (and `id`) of the models matching `glob`.
    #[must_use]
    pub fn fields<I, S>(mut self, glob: impl Into<String>, fields: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        let list = self.options.fields.only.entry(glob.into()).or_default();
        list.extend(fields.into_iter().map(Into::into));
        self
    }

    /// Reads these fields of the models matching `glob` in addition to the default choice
    /// (binary and non-stored fields are left out by default).
    #[must_use]
    pub fn extra_fields<I, S>(mut self, glob: impl Into<String>, fields: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        let list = self.options.fields.extra.entry(glob.into()).or_default();
        list.extend(fields.into_iter().map(Into::into));
        self
    }

    /// Leaves these fields of the models matching `glob` out.
    #[must_use]
    pub fn exclude_fields<I, S>(mut self, glob: impl Into<String>, fields: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        let list = self.options.fields.exclude.entry(glob.into()).or_default();
        list.extend(fields.into_iter().map(Into::into));
        self
    }

    /// Reads every field that round-trips, binary and non-stored ones included.
    #[must_use]
    pub fn all_fields(mut self, all: bool) -> Self {
        self.options.fields.all = all;
        self
    }

    /// Replaces the whole field choice.
    #[must_use]
    pub fn field_choice(mut self, choice: FieldChoice) -> Self {
        self.options.fields = choice;
        self
    }

    /// Writes one file of that name holding every model as an inline module (for `include!`),
    /// instead of one file per model plus `mod.rs`.
    #[must_use]
    pub fn single_file(mut self, name: impl Into<String>) -> Self {
        self.options.layout = Layout::SingleFile(name.into());
        self
    }

    /// The directory to write into; by default `OUT_DIR` (set for build scripts).
    #[must_use]
    pub fn out_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.out_dir = Some(dir.into());
        self
    }

    /// Whether to print `cargo:rerun-if-changed` for the snapshot and `cargo:warning` lines;
    /// by default only when running in a build script (`OUT_DIR` and `TARGET` set).
    #[must_use]
    pub fn cargo_messages(mut self, on: bool) -> Self {
        self.cargo_messages = Some(on);
        self
    }

    /// The snapshot this generator works from: the one given or read, or the common set of
    /// [`Generator::snapshots`].
    pub fn load_schema(&self) -> Result<Schema, Error> {
        if self.schema.is_none() && !self.snapshots.is_empty() {
            return Ok(merge_snapshots(&self.snapshots)?.schema);
        }
        match (&self.schema, &self.snapshot) {
            (Some(schema), _) => Ok(schema.clone()),
            (None, Some(path)) => read_snapshot(path),
            (None, None) => read_snapshot(Path::new(schema::DEFAULT_FILE)),
        }
    }

    /// The models that will be generated.
    pub fn selected_models(&self, schema: &Schema) -> Result<BTreeSet<String>, Error> {
        let models = self.selection.resolve(schema);
        if let Some(missing) = self
            .selection
            .models
            .iter()
            .find(|name| !name.contains(['*', '?']) && !schema.models.contains_key(*name))
        {
            let hint = schema::did_you_mean(missing, schema.models.keys().map(String::as_str))
                .map(|candidate| format!(" (did you mean `{candidate}`?)"))
                .unwrap_or_default();
            return Err(Error::Config(format!(
                "model `{missing}` is not in the snapshot{hint}"
            )));
        }
        Ok(models)
    }

    /// The generated files, in memory.
    pub fn render(&self) -> Result<Rendered, Error> {
        let schema = self.load_schema()?;
        let models = self.selected_models(&schema)?;
        render::render(&schema, &models, &self.options)
    }

    fn target_dir(&self) -> Result<PathBuf, Error> {
        match &self.out_dir {
            Some(dir) => Ok(dir.clone()),
            None => std::env::var_os("OUT_DIR")
                .map(PathBuf::from)
                .ok_or_else(|| {
                    Error::Config(
                        "no output directory: call out_dir(...) or run in a build script".into(),
                    )
                }),
        }
    }

    fn in_build_script(&self) -> bool {
        self.cargo_messages.unwrap_or_else(|| {
            std::env::var_os("OUT_DIR").is_some() && std::env::var_os("TARGET").is_some()
        })
    }

    /// Generates and writes the files (see [`write_files`]).
    pub fn generate(&self) -> Result<WriteReport, Error> {
        let cargo = self.in_build_script();
        if cargo && self.schema.is_none() {
            let paths = if self.snapshots.is_empty() {
                vec![self
                    .snapshot
                    .clone()
                    .unwrap_or_else(|| PathBuf::from(schema::DEFAULT_FILE))]
            } else {
                self.snapshots.clone()
            };
            for path in paths {
                println!("cargo:rerun-if-changed={}", path.display());
            }
        }
        let rendered = self.render()?;
        if cargo {
            for warning in &rendered.warnings {
                println!("cargo:warning={warning}");
            }
        }
        write_files(&self.target_dir()?, &rendered)
    }

    /// Compares what would be generated with the files in the output directory; an empty list
    /// means up to date.
    pub fn check(&self) -> Result<Vec<(PathBuf, Mismatch)>, Error> {
        let rendered = self.render()?;
        check_files(&self.target_dir()?, &rendered)
    }
}
