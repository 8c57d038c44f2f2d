//! Where the recorded Odoo exchanges are, for this crate's unit tests.

use std::path::PathBuf;

/// `ODOO_FIXTURES`, else `shared/fixtures` beside the repository. `None` when absent, after
/// saying so on stderr; under CI (`CI` set) an absent folder fails the test instead, so that a
/// missing checkout of the fixtures cannot pass silently.
pub(crate) fn root() -> Option<PathBuf> {
    let dir = std::env::var_os("ODOO_FIXTURES")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/fixtures"));
    if dir.is_dir() {
        return Some(dir);
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "fixtures not found at {} (set ODOO_FIXTURES)",
        dir.display()
    );
    eprintln!(
        "skipped: fixtures not found at {} (set ODOO_FIXTURES)",
        dir.display()
    );
    None
}
