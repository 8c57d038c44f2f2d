//! Every test of this package that runs without an Odoo server, as one test binary.
//!
//! One binary is compiled and linked once, where one per file repeated the work (and the
//! replay harness in `../support`) for each; a first `cargo test --workspace` spends most of its
//! time building. Each file is a module: `cargo test -p odoo-tests --test offline retries::`
//! runs one of them. The tests against a real Odoo (`live`, `live_load`) stay binaries of their
//! own, so that they can be named alone.

#[path = "../support/mod.rs"]
mod support;

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
pub mod emulator_behaviours_access;
pub mod emulator_behaviours_data;
pub mod emulator_client;
pub mod emulator_conformance;
pub mod emulator_typed;
pub mod emulator_wire;
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
