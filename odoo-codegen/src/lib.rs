#![doc = include_str!("../README.md")]
//!
//! ## The library
//!
//! Without default features this library renders from a committed snapshot only, and depends
//! on neither the HTTP client nor an async runtime; the command-line tool `odoo-codegen`
//! (feature `cli`; see its `--help`) does the network part.
//!
//! A snapshot taken with methods (`snapshot --methods`, Odoo 19 and later) also gives each
//! model typed calls of its public methods (see [`plan::methods`]); one without them generates
//! the structs alone.
//!
//! Modules: `introspect` (live server to [`Schema`], feature `introspect`), [`select`] (which
//! models), [`mod@fields`] (which fields of each model), [`mod@plan`] (names, types and docs
//! decided), [`mod@render`] (plan to code), [`names`] (safe Rust names), [`diff`] (snapshot
//! differences), [`config`] (`odoo-codegen.toml`); [`Generator`] ties them together, for
//! build scripts and for the command-line tool alike.

#![warn(missing_docs)]

pub mod config;
pub mod diff;
pub mod fields;
mod files;
mod generator;
#[cfg(feature = "introspect")]
pub mod introspect;
pub mod names;
mod options;
pub mod plan;
pub mod render;
pub mod select;

use std::path::{Path, PathBuf};

pub use odoo_schema::{self as schema, Schema};

pub use crate::diff::SchemaDiff;
pub use crate::fields::FieldChoice;
pub use crate::files::{check_files, write_files, Mismatch, WriteReport};
pub use crate::generator::{Generation, Generator};
#[cfg(feature = "introspect")]
pub use crate::introspect::{introspect, IntrospectOptions, Introspection, ModelFailure};
pub use crate::options::{Layout, RenderOptions};
pub use crate::render::{render, GeneratedFile, Rendered};
pub use crate::select::ModelSelection;

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

/// Merges snapshot files of several Odoo versions into their union (see
/// [`schema::merge::union`]), each with the methods of the table of its version added first
/// ([`schema::known_methods`]): what only some versions have is kept with the versions it
/// exists on.
pub fn union_snapshots(paths: &[PathBuf]) -> Result<schema::merge::Merged, Error> {
    let schemas = paths
        .iter()
        .map(|path| {
            let mut schema = read_snapshot(path)?;
            schema
                .add_known_methods()
                .map_err(|error| Error::Snapshot {
                    path: path.clone(),
                    message: error.to_string(),
                })?;
            Ok(schema)
        })
        .collect::<Result<Vec<_>, Error>>()?;
    schema::merge::union(&schemas).map_err(|error| Error::Config(error.to_string()))
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
