//! Every test of this package that runs without an Odoo server, as one test binary.
//!
//! One binary is compiled and linked once, where one per file repeated the work for each; a
//! first `cargo test --workspace` spends most of its time building. Each file is a module:
//! `cargo test -p odoo-tests --test offline retries::` runs one of them. The tests against a
//! real Odoo (`live`, `live_load`) stay binaries of their own, so that they can be named alone.
//! The emulator's own behaviour is tested beside it, in `odoo-emulator/tests/behaviour`.

// The workspace's test support (fixtures, replay server, shared helpers), as `crate::support`.
use odoo_test_support as support;

// `pub`, as the files were at a binary's root before: the structs a test declares only to
// derive a model from are not dead code.
pub mod architecture;
pub mod attachments;
pub mod blocking;
pub mod client_setup;
pub mod connect_errors;
pub mod decode_paths;
pub mod derive_values;
pub mod derive_wire;
pub mod fuzz_regressions;
pub mod limits;
pub mod outage;
pub mod record_replay;
pub mod replay;
pub mod replay_harness;
pub mod replay_rules;
pub mod reports;
pub mod retries;
pub mod sync;
pub mod timeouts;
pub mod typed_calls;
pub mod web_routes;
pub mod workflow_wire;
