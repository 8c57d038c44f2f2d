//! What the tool tells its user on stderr (and, for checks and diffs, stdout).

use std::fmt;
use std::io::Write;
use std::path::Path;

use odoo_codegen::schema::merge::Dropped;
use odoo_codegen::{Generation, Introspection, Mismatch, Schema, WriteReport};

use crate::EXIT_PARTIAL;

/// Writes `text` to stdout. A reader that stopped reading (`odoo-codegen diff ... | head`)
/// ends the output quietly rather than the program with a panic.
pub(crate) fn stdout(text: fmt::Arguments<'_>) {
    let mut out = std::io::stdout().lock();
    if let Err(error) = out.write_fmt(text).and_then(|()| out.flush()) {
        if error.kind() != std::io::ErrorKind::BrokenPipe {
            eprintln!("error: cannot write to stdout: {error}");
        }
    }
}

/// Names the models that could not be read; the exit code: 0, or 3 when some failed.
pub(crate) fn failure_code(introspection: &Introspection) -> u8 {
    for failure in &introspection.failures {
        eprintln!("error: {}: {}", failure.model, failure.error);
    }
    if introspection.failures.is_empty() {
        0
    } else {
        eprintln!(
            "error: {} model(s) could not be read; the snapshot holds the others",
            introspection.failures.len()
        );
        EXIT_PARTIAL
    }
}

/// The snapshot written, what did not stop it, and the models the user cannot search.
pub(crate) fn snapshot(path: &Path, introspection: &Introspection, quiet: bool) {
    written(path, &introspection.schema, quiet);
    for warning in &introspection.warnings {
        eprintln!("warning: {warning}");
    }
    let unreadable: Vec<String> = introspection
        .schema
        .models
        .iter()
        .filter_map(|(name, model)| Some(format!("{name} ({})", model.unreadable.as_ref()?)))
        .collect();
    if !quiet && !unreadable.is_empty() {
        eprintln!(
            "note: {} model(s) cannot be searched by this user and are not generated unless named \
             exactly or with --unreadable: {}",
            unreadable.len(),
            unreadable.join(", ")
        );
    }
}

/// A snapshot file written.
pub(crate) fn written(path: &Path, schema: &Schema, quiet: bool) {
    if quiet {
        return;
    }
    let fields: usize = schema.models.values().map(|model| model.fields.len()).sum();
    let methods: usize = schema
        .models
        .values()
        .map(|model| model.methods.len())
        .sum();
    let methods = if methods > 0 {
        format!(", {methods} methods")
    } else {
        String::new()
    };
    eprintln!(
        "wrote {}: {} models, {fields} fields{methods} (Odoo {})",
        path.display(),
        schema.models.len(),
        schema.server_version.as_deref().unwrap_or("?")
    );
}

/// What merging several snapshots left out.
pub(crate) fn dropped(dropped: &[Dropped]) {
    for dropped in dropped {
        eprintln!("left out: {dropped}");
    }
    if !dropped.is_empty() {
        eprintln!(
            "{} model(s) or field(s) are not common to every snapshot and are left out",
            dropped.len()
        );
    }
}

/// The files that differ from what would be generated (stdout), or that they are up to date.
pub(crate) fn checked(
    generation: &Generation,
    mismatches: &[(std::path::PathBuf, Mismatch)],
    quiet: bool,
) {
    if mismatches.is_empty() {
        if !quiet {
            eprintln!(
                "{}: up to date ({} files)",
                generation.out_dir.display(),
                generation.rendered.files.len()
            );
        }
        return;
    }
    for (path, mismatch) in mismatches {
        stdout(format_args!("{}: {mismatch}\n", path.display()));
    }
    eprintln!(
        "{} file(s) differ from what would be generated; run `odoo-codegen generate`",
        mismatches.len()
    );
}

/// The files written.
pub(crate) fn generated(generation: &Generation, report: &WriteReport, quiet: bool) {
    if !quiet {
        eprintln!(
            "{}: {} models, {} file(s) written, {} unchanged, {} removed",
            generation.out_dir.display(),
            generation.models.len(),
            report.written.len(),
            report.unchanged.len(),
            report.removed.len()
        );
    }
}
