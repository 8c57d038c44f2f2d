//! Programs that must compile, compiled as modules of this test and run by it. They name their
//! snapshots in the attribute, as a project would.

pub mod common_fields;
pub mod declared_methods;
pub mod set_readonly;
pub mod shared_handles;
pub mod typed_model;
