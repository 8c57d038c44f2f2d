//! Test support of the odoo-rs workspace: the recorded Odoo exchanges (the fixtures), the server
//! that replays them, and the helpers that the tests of several packages share. It is not
//! published; the packages take it as a dev-dependency.
//!
//! - [`fixtures`] / [`fixtures_root`] / [`require_fixtures!`]: where the recordings are
//!   (`ODOO_FIXTURES`, else `../shared/fixtures` beside the workspace), as a [`Result`] whose
//!   error, [`FixturesMissing`], says where they were looked for; the macro skips a test loudly
//!   (or, under CI, fails it) when they are absent.
//! - [`Transcript`], [`load_transcripts`], [`load_transcript`]: the
//!   recordings of `<fixtures>/odooNN/transcripts/*.json`; [`behaviours`]: the recorded
//!   behaviours of `<fixtures>/odooNN/behaviours/` and the recorded database's schema.
//! - [`ReplayServer`]: a local HTTP server answering with recorded
//!   responses, with a log of which transcript answered each request.
//! - [`match_request`] / [`bodies_match`]: the semantic request comparison
//!   used by the server (rules in [`matching`]).
//! - [`support_transcripts`], [`transcript_user`]: the authenticate/version
//!   exchanges a client sends before a case, and who a case runs as.
//! - [`http::send`]: a tiny raw HTTP/1.1 client for tests without a client.
//! - [`emulator`]: clients of the emulator's demo users over each transport.
//! - [`outage_proxy::OutageProxy`]: a TCP proxy that can refuse, reset or lose the answer of
//!   the connections it forwards for a while.
//! - [`groups`], [`sync_runs`], [`session`]: checks and set-ups shared by the offline and the
//!   live tests; [`live_settings`]: the settings of the tests against a real Odoo.
//!
//! Missing fixtures: outside CI a test starting with `require_fixtures!()`
//! prints `skipped: fixtures not found at <path> (set ODOO_FIXTURES)` on
//! stderr (visible without `--nocapture`) and returns; when `CI` or
//! `ODOO_REQUIRE_FIXTURES` is set it fails instead, so a CI run can never
//! pass silently without them.
//!
//! # Why [`ReplayServer`] and not `odoo_emulator::Replay`
//!
//! Both answer HTTP requests with recorded answers, but they replay different recordings for
//! different tests. `odoo_emulator::Replay` is the library's public replay of a user's own
//! `record_to` recording (JSON lines): each exchange answers once, in order, its request matched
//! on method, path and body under the user's [`Rule`](odoo_emulator::Rule)s, and a strict replay
//! fails at `finish` on what was not asked for. [`ReplayServer`] replays the fixtures recorded
//! from real Odoo 16-19, one named exchange per file, to check the client's wire format against
//! them: it also checks the headers that the recordings carry (the media type, the
//! `Authorization` scheme, the session cookie, `X-Odoo-Database`), reads XML-RPC bodies as
//! values (`int` and `double` alike), lets the shared authenticate and version exchanges answer
//! any number of times ([`Reuse::Many`]), and logs which named transcript answered each request,
//! which the tests assert ([`ReplayServer::assert_served`]). Matching order: the replay server
//! tries its transcripts in the order given and the first match answers (details in
//! [`server`]).
//!
//! ```text
//! use odoo_test_support::*;
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

pub mod behaviours;
pub mod emulator;
pub mod groups;
pub mod http;
pub mod live_settings;
pub mod matching;
pub mod outage_proxy;
pub mod server;
pub mod session;
pub mod sync_runs;
pub mod transcript;
pub mod xmlrpc;

use std::ffi::OsString;
use std::fmt;
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

/// The fixtures folder is absent: where it was looked for. Its message names the place and the
/// variable that sets it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FixturesMissing {
    /// The folder looked for ([`fixtures_location`]).
    pub location: PathBuf,
}

impl fmt::Display for FixturesMissing {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "fixtures not found at {} (set {FIXTURES_ENV})",
            self.location.display()
        )
    }
}

impl std::error::Error for FixturesMissing {}

/// The fixtures folder to use, existing or not: `$ODOO_FIXTURES` when set
/// (and non-empty), else `<workspace root>/../shared/fixtures`.
pub fn fixtures_location() -> PathBuf {
    fixtures_location_from(
        std::env::var_os(FIXTURES_ENV),
        Path::new(env!("CARGO_MANIFEST_DIR")),
    )
}

/// [`fixtures_location`] with its inputs given explicitly: the value of
/// `ODOO_FIXTURES` and the manifest directory of a package at the workspace's top level (such
/// as this one), whose parent is the workspace root.
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

/// The fixtures folder, or [`FixturesMissing`] when it does not exist.
pub fn fixtures() -> Result<PathBuf, FixturesMissing> {
    let location = fixtures_location();
    if location.is_dir() {
        Ok(location)
    } else {
        Err(FixturesMissing { location })
    }
}

/// The fixtures folder, or `None` when it does not exist.
pub fn fixtures_root() -> Option<PathBuf> {
    fixtures().ok()
}

/// The fixtures folder; when it is absent, reports it for the calling test
/// ([`report_missing_fixtures`]: a panic under CI, a `skipped:` line naming the caller's
/// `file:line` otherwise) and gives `None`, so that the test returns. The function form of
/// [`require_fixtures!`], for helpers that give the folder to their tests.
#[track_caller]
pub fn fixtures_or_skip() -> Option<PathBuf> {
    match fixtures() {
        Ok(root) => Some(root),
        Err(_) => {
            let caller = std::panic::Location::caller();
            report_missing_fixtures(&format!("{}:{}", caller.file(), caller.line()));
            None
        }
    }
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
    let problem = FixturesMissing {
        location: fixtures_location(),
    };
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
#[macro_export]
macro_rules! require_fixtures {
    () => {
        $crate::require_fixtures!(return)
    };
    (return $($value:expr)?) => {
        match $crate::fixtures_root() {
            Some(root) => root,
            None => {
                $crate::report_missing_fixtures(concat!(file!(), ":", line!()));
                return $($value)?;
            }
        }
    };
}
