//! `odoo-codegen`: snapshot an Odoo instance's models and generate Rust structs for them.
//!
//! Exit codes: 0 success; 1 differences found (`generate --check`, `diff`); 2 error (usage,
//! connection, files); 3 partial snapshot (some models could not be read: the snapshot of the
//! others is written, and `sync` does not generate).
//!
//! A thin layer over the library: it parses the arguments ([`args`]), connects and shows
//! progress ([`live`]), calls [`Generator`] and the snapshot functions, and reports
//! ([`report`]).

mod args;
mod live;
mod report;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Parser;
use odoo_codegen::config::Config;
use odoo_codegen::{
    diff, merge_snapshots, read_snapshot, write_snapshot, Error, Generation, Generator,
    ModelSelection, Schema, SchemaDiff,
};

use crate::args::{Cli, Command, ConnectionArgs, GenerateArgs, ModelSelectionArgs};

const EXIT_DIFFERENCES: u8 = 1;
const EXIT_ERROR: u8 = 2;
const EXIT_PARTIAL: u8 = 3;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::from(EXIT_ERROR)
        }
    }
}

fn run(cli: Cli) -> Result<u8, Error> {
    let config = Config::discover(cli.config.as_deref())?;
    let quiet = cli.quiet;
    match cli.command {
        Command::Snapshot {
            connection,
            selection,
            output,
        } => snapshot(&config, &connection, selection, output.as_deref(), quiet),
        Command::Generate {
            generate,
            selection,
            check,
        } => {
            let overrides = generate.overrides(selection)?;
            let generation = Generator::from_config(&config, &overrides).prepare()?;
            if !quiet {
                report::dropped(&generation.dropped);
            }
            finish(&generation, check, quiet)
        }
        Command::Diff {
            old,
            new,
            connection,
            selection,
        } => schema_diff(&config, &old, new.as_deref(), &connection, selection, quiet),
        Command::Merge {
            snapshots,
            output,
            union,
        } => {
            let merged = if union {
                odoo_codegen::union_snapshots(&snapshots)?
            } else {
                merge_snapshots(&snapshots)?
            };
            report::dropped(&merged.dropped);
            write_snapshot(&output, &merged.schema)?;
            report::written(&output, &merged.schema, quiet);
            Ok(0)
        }
        Command::Sync {
            connection,
            selection,
            generate,
        } => sync(&config, &connection, selection, generate, quiet),
    }
}

/// `snapshot`: introspect and write the snapshot.
fn snapshot(
    config: &Config,
    connection: &ConnectionArgs,
    selection: ModelSelectionArgs,
    output: Option<&Path>,
    quiet: bool,
) -> Result<u8, Error> {
    let output = output.map_or_else(|| config.snapshot_path(None), Path::to_owned);
    let selection = config.selection_with(&selection.overrides());
    let introspection = live::snapshot(connection, config, &selection, false, quiet)?;
    write_snapshot(&output, &introspection.schema)?;
    report::snapshot(&output, &introspection, quiet);
    Ok(report::failure_code(&introspection))
}

/// `sync`: introspect, write the snapshot, then generate from it unless it is partial.
fn sync(
    config: &Config,
    connection: &ConnectionArgs,
    selection: ModelSelectionArgs,
    generate: GenerateArgs,
    quiet: bool,
) -> Result<u8, Error> {
    if generate.snapshot.len() > 1 {
        return Err(Error::Config(
            "sync writes one snapshot: give --snapshot once (merge several with `merge`)".into(),
        ));
    }
    let overrides = generate.overrides(selection)?;
    let snapshot = config.snapshot_path(overrides.snapshots.first().map(PathBuf::as_path));
    let selection = config.selection_with(&overrides);
    let introspection = live::snapshot(connection, config, &selection, false, quiet)?;
    write_snapshot(&snapshot, &introspection.schema)?;
    report::snapshot(&snapshot, &introspection, quiet);
    let code = report::failure_code(&introspection);
    if code != 0 {
        eprintln!("error: not generating from a partial snapshot");
        return Ok(code);
    }
    // The snapshot holds exactly the selected models (depth applied): generate them all,
    // but for those the user cannot read, as `generate` would.
    let generation = Generator::from_config(config, &overrides)
        .schema(introspection.schema)
        .selection(ModelSelection {
            transient: true,
            ..selection
        })
        .prepare()?;
    finish(&generation, false, quiet)
}

/// Writes the generated files, or with `check` compares them with those on disk.
fn finish(generation: &Generation, check: bool, quiet: bool) -> Result<u8, Error> {
    for warning in &generation.rendered.warnings {
        eprintln!("warning: {warning}");
    }
    if check {
        let mismatches = generation.check()?;
        report::checked(generation, &mismatches, quiet);
        return Ok(if mismatches.is_empty() {
            0
        } else {
            EXIT_DIFFERENCES
        });
    }
    let written = generation.write()?;
    report::generated(generation, &written, quiet);
    Ok(0)
}

/// `diff`: compare a snapshot with another, or with the live server.
fn schema_diff(
    config: &Config,
    old: &Path,
    new: Option<&Path>,
    connection: &ConnectionArgs,
    selection: ModelSelectionArgs,
    quiet: bool,
) -> Result<u8, Error> {
    let old_schema = read_snapshot(old)?;
    let mut selection = config.selection_with(&selection.overrides());
    let new_schema = match new {
        Some(path) => read_snapshot(path)?,
        None => {
            selection = diff::live_selection(&old_schema, selection);
            // A snapshot with methods is compared with the server's methods.
            let methods = old_schema.models.values().any(|m| !m.methods.is_empty());
            complete(live::snapshot(
                connection, config, &selection, methods, quiet,
            )?)?
        }
    };
    let diff = SchemaDiff::of_selection(&old_schema, &new_schema, &selection);
    report::stdout(format_args!("{diff}"));
    Ok(if diff.is_empty() { 0 } else { EXIT_DIFFERENCES })
}

/// The snapshot of a live server to compare with; an error when a model it has could not be
/// read (a model it does not have shows in the diff).
fn complete(introspection: odoo_codegen::Introspection) -> Result<Schema, Error> {
    let real: Vec<_> = introspection
        .failures
        .iter()
        .filter(|failure| !failure.not_on_server)
        .collect();
    if real.is_empty() {
        return Ok(introspection.schema);
    }
    for failure in real {
        eprintln!("error: {}: {}", failure.model, failure.error);
    }
    Err(Error::Config(
        "some models could not be read; no diff made".into(),
    ))
}
