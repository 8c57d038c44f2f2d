//! Finding and reading the schema snapshots, once per file per compiler process, and how
//! messages name them.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::SystemTime;

use odoo_schema::Schema;
use proc_macro2::Span;

use crate::attr::SchemaSource;

/// The env var that names the snapshot when the attribute does not.
pub const ENV_VAR: &str = "ODOO_SCHEMA";

/// A loaded snapshot and the absolute path it came from.
pub struct Loaded {
    pub schema: Arc<Schema>,
    pub path: PathBuf,
}

impl Loaded {
    /// The file name, as messages give it.
    pub fn file_name(&self) -> String {
        self.path.file_name().map_or_else(
            || self.path.display().to_string(),
            |file| file.to_string_lossy().into_owned(),
        )
    }
}

/// How messages name some of the snapshots: "the Odoo 17.0 snapshot (odoo17.json)", "the
/// Odoo 16.0 and 17.0 snapshots (odoo16.json, odoo17.json)"; by file name alone for a
/// snapshot that records no server version.
pub fn describe(snapshots: &[&Loaded]) -> String {
    let files: Vec<String> = snapshots.iter().map(|loaded| loaded.file_name()).collect();
    let versions: Option<Vec<&str>> = snapshots
        .iter()
        .map(|loaded| loaded.schema.server_version.as_deref())
        .collect();
    match versions {
        Some(versions) => {
            let mut distinct: Vec<&str> = Vec::new();
            for version in versions {
                if !distinct.contains(&version) {
                    distinct.push(version);
                }
            }
            let plural = if files.len() > 1 { "s" } else { "" };
            format!(
                "the Odoo {} snapshot{plural} ({})",
                join_and(&distinct),
                files.join(", ")
            )
        }
        None => {
            let items: Vec<String> = snapshots
                .iter()
                .zip(&files)
                .map(|(loaded, file)| match &loaded.schema.server_version {
                    Some(version) => format!("Odoo {version} ({file})"),
                    None => file.clone(),
                })
                .collect();
            let items: Vec<&str> = items.iter().map(String::as_str).collect();
            if items.len() == 1 {
                format!("the snapshot {}", items[0])
            } else {
                format!("the snapshots {}", join_and(&items))
            }
        }
    }
}

/// `a`, `a and b`, `a, b and c`.
fn join_and(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [head @ .., last] => format!("{} and {last}", head.join(", ")),
    }
}

type Cache = Mutex<HashMap<PathBuf, (Option<SystemTime>, u64, Arc<Schema>)>>;

fn cache() -> &'static Cache {
    static CACHE: OnceLock<Cache> = OnceLock::new();
    CACHE.get_or_init(|| Mutex::new(HashMap::new()))
}

/// The snapshots for this derive, in the order named: none when none is named and the
/// default file is absent. The attribute and `ODOO_SCHEMA` may name several (the env var
/// separated as `std::env::split_paths` reads it); the struct is checked against each.
pub fn locate(source: &SchemaSource, model_span: Span) -> syn::Result<Vec<Loaded>> {
    let root = std::env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .unwrap_or_default();
    let (paths, required): (Vec<(PathBuf, Span)>, bool) = match source {
        SchemaSource::Off => return Ok(Vec::new()),
        SchemaSource::Paths(lits) => (
            lits.iter()
                .map(|lit| (root.join(lit.value()), lit.span()))
                .collect(),
            true,
        ),
        // The env var names the snapshots of the crates being built (cargo's primary
        // packages), not of dependencies that happen to use the derive too.
        SchemaSource::Default => match std::env::var_os(ENV_VAR) {
            Some(value) if !value.is_empty() && is_primary_package() => (
                std::env::split_paths(&value)
                    .filter(|path| !path.as_os_str().is_empty())
                    .map(|path| (root.join(path), model_span))
                    .collect(),
                true,
            ),
            _ => (
                vec![(root.join(odoo_schema::DEFAULT_FILE), model_span)],
                false,
            ),
        },
    };
    let mut loaded: Vec<Loaded> = Vec::new();
    let mut error: Option<syn::Error> = None;
    let mut fail = |new: syn::Error| match &mut error {
        Some(error) => error.combine(new),
        None => error = Some(new),
    };
    for (path, span) in paths {
        if loaded.iter().any(|seen| seen.path == path) {
            continue; // named twice: checked once
        }
        if !path.is_file() {
            if required {
                fail(syn::Error::new(
                    span,
                    format!("schema snapshot not found: {} (paths are relative to the crate root; `odoo-codegen snapshot` writes one)", path.display()),
                ));
            }
            continue;
        }
        match load(&path, span) {
            Ok(schema) => loaded.push(Loaded { schema, path }),
            Err(new) => fail(new),
        }
    }
    match error {
        Some(error) => Err(error),
        None => Ok(loaded),
    }
}

fn is_primary_package() -> bool {
    std::env::var_os("CARGO_PRIMARY_PACKAGE").is_some()
}

/// Whether this is the first derive of the crate being compiled that asks to track `key`.
///
/// The code that makes cargo rebuild when the snapshot changes (an `include_bytes!` of it)
/// is emitted once per crate, not once per struct: a large snapshot embedded in every
/// struct would cost the compiler gigabytes.
pub fn first_in_crate(key: &Path) -> bool {
    type Seen = Mutex<std::collections::HashSet<(String, String, PathBuf)>>;
    static SEEN: OnceLock<Seen> = OnceLock::new();
    let var = |name: &str| std::env::var(name).unwrap_or_default();
    let entry = (
        var("CARGO_MANIFEST_DIR"),
        var("CARGO_CRATE_NAME"),
        key.to_owned(),
    );
    SEEN.get_or_init(|| Mutex::new(std::collections::HashSet::new()))
        .lock()
        .map_or(true, |mut seen| seen.insert(entry))
}

fn load(path: &Path, span: Span) -> syn::Result<Arc<Schema>> {
    let metadata = std::fs::metadata(path).ok();
    let modified = metadata.as_ref().and_then(|m| m.modified().ok());
    let len = metadata.as_ref().map_or(0, std::fs::Metadata::len);
    if let Ok(cache) = cache().lock() {
        if let Some((cached_time, cached_len, schema)) = cache.get(path) {
            if *cached_time == modified && *cached_len == len && modified.is_some() {
                return Ok(schema.clone());
            }
        }
    }
    let text = std::fs::read_to_string(path).map_err(|error| {
        syn::Error::new(
            span,
            format!("cannot read schema snapshot {}: {error}", path.display()),
        )
    })?;
    let schema = Schema::from_json(&text).map_err(|error| {
        syn::Error::new(span, format!("schema snapshot {}: {error}", path.display()))
    })?;
    let schema = Arc::new(schema);
    if let Ok(mut cache) = cache().lock() {
        cache.insert(path.to_owned(), (modified, len, schema.clone()));
    }
    Ok(schema)
}
