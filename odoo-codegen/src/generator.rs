//! [`Generator`]: the settings of one generation run, from a committed snapshot to files.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::config::{Config, Overrides};
use crate::fields::FieldChoice;
use crate::files::{check_files, write_files, Mismatch, WriteReport};
use crate::render::{self, Layout, RenderOptions, Rendered};
use crate::schema::merge::Dropped;
use crate::select::ModelSelection;
use crate::{merge_snapshots, read_snapshot, schema, Error, Schema};

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
    union: bool,
    schema: Option<Schema>,
    selection: ModelSelection,
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

    /// With [`Generator::snapshots`] of several Odoo versions: generates what any of them has
    /// (their union, [`crate::union_snapshots`]), marking what only some versions have with
    /// `#[odoo(since = ..)]` / `#[odoo(until = ..)]`, and with the typed business methods of
    /// the table of each version ([`schema::known_methods`]). Without it, what all have.
    #[must_use]
    pub fn union(mut self, union: bool) -> Self {
        self.union = union;
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
    pub fn selection(mut self, selection: ModelSelection) -> Self {
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

    /// The settings of `odoo-codegen.toml` with `overrides` (a command line) laid over them
    /// (see [`Overrides`]): the snapshot files (one is read as it is, several are merged as
    /// with [`Generator::snapshots`]), the selection, the field choice, the `schema_attr`
    /// paths, the layout, and the output directory, `src/models` when neither says.
    pub fn from_config(config: &Config, overrides: &Overrides) -> Self {
        let generator = Self::new()
            .selection(config.selection_with(overrides))
            .field_choice(config.field_choice_with(&overrides.fields))
            .out_dir(config.out_dir_with(overrides.out_dir.as_deref()));
        let mut generator = match config.snapshot_paths(&overrides.snapshots).as_slice() {
            [one] => generator.snapshot(one.clone()),
            several => generator
                .snapshots(several.iter().cloned())
                .union(config.union || overrides.union),
        };
        generator.options.schema_attr = config.schema_attr_with(&overrides.schema_attr);
        if let Some(name) = &overrides.single_file {
            generator = generator.single_file(name.clone());
        }
        generator
    }

    /// The snapshot this generator works from: the one given or read, or the common set of
    /// [`Generator::snapshots`].
    pub fn load_schema(&self) -> Result<Schema, Error> {
        Ok(self.load()?.0)
    }

    /// The snapshot, and what merging several left out.
    fn load(&self) -> Result<(Schema, Vec<Dropped>), Error> {
        if self.schema.is_none() && !self.snapshots.is_empty() {
            let merged = if self.union {
                crate::union_snapshots(&self.snapshots)?
            } else {
                merge_snapshots(&self.snapshots)?
            };
            return Ok((merged.schema, merged.dropped));
        }
        let schema = match (&self.schema, &self.snapshot) {
            (Some(schema), _) => schema.clone(),
            (None, Some(path)) => read_snapshot(path)?,
            (None, None) => read_snapshot(Path::new(schema::DEFAULT_FILE))?,
        };
        Ok((schema, Vec::new()))
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

    /// Reads the snapshot, selects the models and renders them, writing nothing: the
    /// [`Generation`] then writes the files or compares them with those on disk. Needs the
    /// output directory ([`Generator::out_dir`], or `OUT_DIR` in a build script).
    pub fn prepare(&self) -> Result<Generation, Error> {
        let (schema, dropped) = self.load()?;
        let models = self.selected_models(&schema)?;
        let rendered = render::render(&schema, &models, &self.options)?;
        Ok(Generation {
            out_dir: self.target_dir()?,
            models,
            rendered,
            dropped,
        })
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
        let generation = self.prepare()?;
        if cargo {
            for warning in &generation.rendered.warnings {
                println!("cargo:warning={warning}");
            }
        }
        generation.write()
    }

    /// Compares what would be generated with the files in the output directory; an empty list
    /// means up to date.
    pub fn check(&self) -> Result<Vec<(PathBuf, Mismatch)>, Error> {
        self.prepare()?.check()
    }
}

/// A generation run rendered in memory ([`Generator::prepare`]), to write or to check.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Generation {
    /// The directory the files belong in.
    pub out_dir: PathBuf,
    /// The models generated.
    pub models: BTreeSet<String>,
    /// The files and the warnings met on the way.
    pub rendered: Rendered,
    /// What merging several snapshots left out (models and fields not common to all of them).
    pub dropped: Vec<Dropped>,
}

impl Generation {
    /// Writes the files into [`Generation::out_dir`] (see [`write_files`]).
    pub fn write(&self) -> Result<WriteReport, Error> {
        write_files(&self.out_dir, &self.rendered)
    }

    /// Compares the files with those in [`Generation::out_dir`] (see [`check_files`]); an
    /// empty list means up to date.
    pub fn check(&self) -> Result<Vec<(PathBuf, Mismatch)>, Error> {
        check_files(&self.out_dir, &self.rendered)
    }
}
