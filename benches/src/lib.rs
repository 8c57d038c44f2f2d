//! Benchmarks of odoo-rs (see `BENCHMARKS.md` at the repository root): the generator of
//! realistic `search_read` answers, the typed model they decode into, a static stand-in
//! server, and the measuring helpers shared by the bench targets and the measuring binaries.

pub mod decode;
pub mod gen;
pub mod lab;
pub mod measure;
pub mod model;
pub mod request;
pub mod server;
