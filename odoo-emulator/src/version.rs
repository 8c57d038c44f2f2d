//! The Odoo versions the emulator plays.

use std::fmt;

use serde_json::Value;

/// The Odoo version an emulator plays.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum OdooVersion {
    /// Odoo 16.0.
    V16,
    /// Odoo 17.0.
    V17,
    /// Odoo 18.0.
    V18,
    /// Odoo 19.0 (JSON-2, `/web/version`, `/doc-bearer`).
    V19,
}

impl OdooVersion {
    /// Every version, oldest first.
    pub const ALL: [OdooVersion; 4] = [Self::V16, Self::V17, Self::V18, Self::V19];

    /// The major number: 16 to 19.
    pub fn major(self) -> u32 {
        match self {
            Self::V16 => 16,
            Self::V17 => 17,
            Self::V18 => 18,
            Self::V19 => 19,
        }
    }

    /// The version with this major number.
    pub fn from_major(major: u32) -> Option<Self> {
        Self::ALL.into_iter().find(|v| v.major() == major)
    }

    /// `server_version` as `common.version` reports it, e.g. `"18.0"`.
    pub fn server_version(self) -> String {
        format!("{}.0", self.major())
    }

    /// `server_version_info`, e.g. `[18, 0, 0, "final", 0, ""]`.
    pub fn version_info(self) -> Value {
        serde_json::json!([self.major(), 0, 0, "final", 0, ""])
    }
}

impl fmt::Display for OdooVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.0", self.major())
    }
}
