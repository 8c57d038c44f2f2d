//! Compile-time UI tests of the derive macros: see `tests/derive_ui.rs`.
