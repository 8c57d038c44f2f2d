//! The emulator's behaviour, through HTTP and through `odoo_core::Client`, as one test binary
//! (one link instead of one per file). Each file is a module: `cargo test -p odoo-emulator
//! --test behaviour conformance::` runs one of them.
//!
//! - `conformance`, `behaviours_access`, `behaviours_data`: the emulator against the exchanges
//!   and behaviours recorded from real Odoo 16-19 (the fixtures, `ODOO_FIXTURES`; a test without
//!   them says so, and fails under CI);
//! - `wire`, `client`, `typed`: its protocols on the wire, and clients of it, untyped and typed;
//! - `fields_get`, `flows`: its `fields_get` answers and its business flows;
//! - `newer_servers`: what it plays for versions newer than the recorded ones.

// The workspace's test support (fixtures, raw HTTP, shared checks), as `crate::support`.
use odoo_test_support as support;

// `pub`: the structs a test declares only to derive a model from are not dead code.
pub mod behaviours_access;
pub mod behaviours_data;
pub mod client;
pub mod conformance;
pub mod fields_get;
pub mod flows;
pub mod newer_servers;
pub mod typed;
pub mod wire;
