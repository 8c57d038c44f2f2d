//! The models and fields of the flows, per version: trimmed snapshots of Odoo 16 to 19
//! shipped in `schema/odooNN.json`.

use crate::{OdooVersion, SetupError};
use odoo_schema::Schema;

/// The flows' snapshot of `version`: every model any flow needs, with the fields the flows
/// read and write and those a client commonly reads.
pub(crate) fn flow_schema(version: OdooVersion) -> Result<Schema, SetupError> {
    let text = version.pick(
        include_str!("schema/odoo16.json"),
        &[
            (OdooVersion::V17, include_str!("schema/odoo17.json")),
            (OdooVersion::V18, include_str!("schema/odoo18.json")),
            (OdooVersion::V19, include_str!("schema/odoo19.json")),
        ],
    );
    Schema::from_json(text)
        .map_err(|e| SetupError::Schema(format!("the flows' schema of {version}: {e}")))
}
