//! Replay harness for recorded HTTP exchanges with real Odoo servers.
//!
//! The offline test binary (`offline/main.rs`) declares it at its crate root (the
//! `require_fixtures!` macro refers to `crate::support`); `live.rs` takes `groups` alone.
//!
//! - [`fixtures_root`] / [`require_fixtures!`]: where the recordings are,
//!   and a loud skip (or, under CI, a failure) when they are absent.
//! - [`Transcript`], [`load_transcripts`], [`load_transcript`]: the
//!   recordings of `<fixtures>/odooNN/transcripts/*.json`.
//! - [`ReplayServer`]: a local HTTP server answering with recorded
//!   responses, with a log of which transcript answered each request.
//! - [`match_request`] / [`bodies_match`]: the semantic request comparison
//!   used by the server (rules in [`matching`]).
//! - [`support_transcripts`], [`transcript_user`]: the authenticate/version
//!   exchanges a client sends before a case, and who a case runs as.
//! - [`http::send`]: a tiny raw HTTP/1.1 client for tests without a client.
//! - [`outage_proxy::OutageProxy`]: a TCP proxy that can refuse, reset or lose the answer of
//!   the connections it forwards for a while.
//!
//! Missing fixtures: outside CI a test starting with `require_fixtures!()`
//! prints `skipped: fixtures not found at <path> (set ODOO_FIXTURES)` on
//! stderr (visible without `--nocapture`) and returns; when `CI` or
//! `ODOO_REQUIRE_FIXTURES` is set it fails instead, so a CI run can never
//! pass silently without them.
//!
//! Matching order: the replay server tries its transcripts in the order
//! given and the first match answers (details in [`server`]).
//!
//! ```text
//! mod support;
//! use support::*;
//!
//! #[tokio::test]
//! async fn read_partner_over_jsonrpc() {
//!     require_fixtures!();
//!     let case = load_transcript("odoo18", "jsonrpc_read_partner");
//!     let server = ReplayServer::start(case_with_support(&case)).await;
//!     // ... point the client under test at server.url() and call read ...
//!     server.assert_served(&case.name);
//!     server.assert_all_matched();
//! }
//! ```

#![allow(dead_code, unused_imports, unused_macros)]

pub mod behaviours;
pub mod emulator;
pub mod groups;
pub mod http;
pub mod matching;
pub mod outage_proxy;
pub mod server;
pub mod session;
pub mod sync_runs;
pub mod transcript;
pub mod xmlrpc;

use std::ffi::OsString;
use std::io::Write;
use std::path::{Path, PathBuf};

pub use matching::{
    bodies_match, match_request, numbers_equal, value_differences, values_equal, IncomingRequest,
    Mismatch, MismatchKind,
};
pub use server::{Exchange, Outcome, ReplayServer, Reuse, NO_MATCH_PREFIX, NO_MATCH_STATUS};
pub use transcript::{
    body_value, case_with_support, load_transcript, load_transcripts, support_names,
    support_transcripts, transcript_user, try_load_transcript, version_number, Family,
    RecordedRequest, RecordedResponse, Transcript, User, VERSIONS,
};

/// Environment variable naming the fixtures folder (the one holding
/// `odoo16/` ... `odoo19/`).
pub const FIXTURES_ENV: &str = "ODOO_FIXTURES";

/// The fixtures folder to use, existing or not: `$ODOO_FIXTURES` when set
/// (and non-empty), else `<workspace root>/../shared/fixtures`, the
/// workspace root being the parent of the tests package's
/// `CARGO_MANIFEST_DIR` (read at run time, falling back to the compile-time
/// value).
pub fn fixtures_location() -> PathBuf {
    let manifest_dir = std::env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")));
    fixtures_location_from(std::env::var_os(FIXTURES_ENV), &manifest_dir)
}

/// [`fixtures_location`] with its inputs given explicitly: the value of
/// `ODOO_FIXTURES` and the tests package's manifest directory.
pub fn fixtures_location_from(env_value: Option<OsString>, manifest_dir: &Path) -> PathBuf {
    if let Some(value) = env_value.filter(|v| !v.is_empty()) {
        return PathBuf::from(value);
    }
    let workspace_root = manifest_dir.parent().unwrap_or(manifest_dir);
    match workspace_root.parent() {
        Some(above) => above.join("shared").join("fixtures"),
        None => workspace_root.join("..").join("shared").join("fixtures"),
    }
}

/// The fixtures folder, or `None` when it does not exist.
pub fn fixtures_root() -> Option<PathBuf> {
    let location = fixtures_location();
    location.is_dir().then_some(location)
}

/// Whether missing fixtures must fail the test rather than skip it: true
/// when `CI` or `ODOO_REQUIRE_FIXTURES` is set to anything but empty, `0`
/// or `false`.
pub fn fixtures_required() -> bool {
    ["CI", "ODOO_REQUIRE_FIXTURES"].iter().any(|name| {
        std::env::var(name).is_ok_and(|v| {
            let v = v.trim();
            !v.is_empty() && v != "0" && !v.eq_ignore_ascii_case("false")
        })
    })
}

/// Reports missing fixtures for the test at `test` (a `file:line`): panics when
/// [`fixtures_required`], otherwise writes a `skipped:` line straight to the
/// process's stderr (not through the test output capture, so it shows in a
/// plain `cargo test` run).
pub fn report_missing_fixtures(test: &str) {
    let problem = format!(
        "fixtures not found at {} (set {FIXTURES_ENV})",
        fixtures_location().display()
    );
    let place = if test.is_empty() {
        String::new()
    } else {
        format!(" [{test}]")
    };
    if fixtures_required() {
        panic!("{problem}{place}; they are required because CI or ODOO_REQUIRE_FIXTURES is set");
    }
    let mut stderr = std::io::stderr().lock();
    let _ = writeln!(stderr, "skipped: {problem}{place}");
}

/// Evaluates to the fixtures folder ([`fixtures_root`]); when it is absent,
/// prints `skipped: fixtures not found at <path> (set ODOO_FIXTURES)` and
/// returns from the calling test (or panics under CI, see
/// [`fixtures_required`]).
///
/// `require_fixtures!()` returns `()`; in a test returning a value write
/// `require_fixtures!(return Ok(()))`.
macro_rules! require_fixtures {
    () => {
        $crate::support::require_fixtures!(return)
    };
    (return $($value:expr)?) => {
        match $crate::support::fixtures_root() {
            Some(root) => root,
            None => {
                $crate::support::report_missing_fixtures(concat!(file!(), ":", line!()));
                return $($value)?;
            }
        }
    };
}
pub(crate) use require_fixtures;
