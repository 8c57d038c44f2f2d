//! Finding and reading the schema snapshot, once per file per compiler process.

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

type Cache = Mutex<HashMap<PathBuf, (Option<SystemTime>, u64, Arc<Schema>)>>;

fn cache() -> &'static Cache {
    static CACHE: OnceLock<Cache> = OnceLock::new();
    CACHE.get_or_init(|| Mutex::new(HashMap::new()))
}

/// The snapshot for this derive: `Ok(None)` when none is named and the default file is absent.
pub fn locate(source: &SchemaSource, model_span: Span) -> syn::Result<Option<Loaded>> {
    let root = std::env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .unwrap_or_default();
    let (path, span, required) = match source {
        SchemaSource::Off => return Ok(None),
        SchemaSource::Path(lit) => (root.join(lit.value()), lit.span(), true),
        // The env var names the snapshot of the crates being built (cargo's primary
        // packages), not of dependencies that happen to use the derive too.
        SchemaSource::Default => match std::env::var_os(ENV_VAR) {
            Some(value) if !value.is_empty() && is_primary_package() => {
                (root.join(value), model_span, true)
            }
            _ => (root.join(odoo_schema::DEFAULT_FILE), model_span, false),
        },
    };
    if !path.is_file() {
        if required {
            return Err(syn::Error::new(
                span,
                format!("schema snapshot not found: {} (paths are relative to the crate root; `odoo-codegen snapshot` writes one)", path.display()),
            ));
        }
        return Ok(None);
    }
    load(&path, span).map(|schema| Some(Loaded { schema, path }))
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
