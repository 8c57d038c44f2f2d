//! The settings of a generation run that both the plan and the rendering read: which fields
//! each struct reads, the schema paths its attribute names, and the file layout. They sit
//! below both, so that [`mod@crate::plan`] reads them without naming [`mod@crate::render`], which
//! calls the plan. [`render`](crate::render) and the crate root re-export them.

use crate::fields::FieldChoice;

/// How the generated code is laid out.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Layout {
    /// One file per model (`res_partner.rs`) plus a `mod.rs` declaring them: for a module
    /// directory committed into a project (`src/models/`).
    #[default]
    Files,
    /// One file holding every model as an inline module, for `include!` from `OUT_DIR` in a
    /// build script; the name of that file (such as `odoo_models.rs`).
    SingleFile(String),
}

/// Options of [`render`](crate::render::render): what the plan needs ([`plan`](crate::plan::plan)
/// reads the schema paths and the field choice) and how the files are laid out.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RenderOptions {
    /// The paths written into `#[odoo(schema = ...)]` on each struct, relative to the
    /// `CARGO_MANIFEST_DIR` of the crate that compiles the code: one path, or several for code
    /// generated from several snapshots (the derive checks each). Empty writes no attribute
    /// (the derive then uses `ODOO_SCHEMA` or `./odoo-schema.json`).
    pub schema_attr: Vec<String>,
    /// File layout.
    pub layout: Layout,
    /// Which fields each struct reads.
    pub fields: FieldChoice,
}
