//! What the emulator plays for a version newer than the recorded ones (16.0 to 19.0), such as
//! 20.0 or a saas release (19.1 to 19.4).
//!
//! These behaviours are not recordings: no such server runs here. They are what Odoo's change
//! notes and sources document, entered in the table of version facts
//! (`odoo_schema::version`), and the emulator plays them by asking that table:
//!
//! - the public `read_group` is gone (19.1): calling it is the `AttributeError` of a method
//!   that does not exist (`404` over JSON-2); `formatted_read_group` remains;
//! - `ir.attachment.datas` is gone (19.3): the content is `raw`, base64 on the wire;
//! - `ir.access` holds access rights and record rules (19.4), in place of `ir.model.access`
//!   and `ir.rule`;
//! - the `db` service is not served over RPC (19.1): `Invalid service name: db`;
//! - `common.version` tells a saas release as `saas~19.2`, `["saas~19", 2, 0, "final", 0, ""]`.
//!
//! Everything else is played as the newest recorded version (19.0) plays it: `/jsonrpc` and
//! `/xmlrpc/2` still answer, deprecated, as 20.0 and 21.0 keep them
//! ([`crate::EmulatorBuilder::legacy_rpc`] turns them off).

use std::collections::BTreeMap;

use odoo_schema::{FieldSchema, FieldType, ModelSchema, Schema, SelectionKey, SelectionOption};

use crate::{Feature, OdooVersion};

/// Brings `schema` to what `version` has: drops the fields and models it no longer has and
/// adds those it brings. A no-op for the recorded versions.
pub(crate) fn adjust_schema(version: OdooVersion, schema: &mut Schema) {
    if !version.has(Feature::AttachmentDatas) {
        if let Some(attachment) = schema.models.get_mut("ir.attachment") {
            attachment.fields.remove("datas");
        }
    }
    if version.has(Feature::IrAccessModel) {
        schema.models.remove("ir.model.access");
        schema.models.remove("ir.rule");
        schema.models.insert("ir.access".into(), ir_access());
    }
}

/// `ir.access` as Odoo 19.4 defines it: one row grants (with a group) or restricts (without)
/// some of the operations `c`, `r`, `u`, `d` on a model, under an optional domain.
fn ir_access() -> ModelSchema {
    let field = |field_type: FieldType, string: &str| FieldSchema {
        field_type,
        string: Some(string.to_owned()),
        store: true,
        searchable: true,
        sortable: true,
        ..FieldSchema::default()
    };
    let relation = |string: &str, model: &str| FieldSchema {
        relation: Some(model.to_owned()),
        ..field(FieldType::Many2one, string)
    };
    let letters = ["crud", "cru", "crd", "cr", "ru", "r", "c", "u", "d"];
    let operation = FieldSchema {
        required: true,
        selection: Some(
            letters
                .iter()
                .map(|key| SelectionOption {
                    key: SelectionKey::Str((*key).to_owned()),
                    label: (*key).to_owned(),
                })
                .collect(),
        ),
        ..field(FieldType::Selection, "Operation")
    };
    let mut fields = BTreeMap::new();
    fields.insert(
        "name".into(),
        FieldSchema {
            required: true,
            ..field(FieldType::Char, "Name")
        },
    );
    fields.insert("active".into(), field(FieldType::Boolean, "Active"));
    fields.insert(
        "model_id".into(),
        FieldSchema {
            required: true,
            ..relation("Model", "ir.model")
        },
    );
    fields.insert("group_id".into(), relation("Group", "res.groups"));
    fields.insert("operation".into(), operation);
    fields.insert("domain".into(), field(FieldType::Char, "Domain"));
    fields.insert("note".into(), field(FieldType::Html, "Note"));
    for (name, string) in [
        ("for_read", "Read"),
        ("for_write", "Write"),
        ("for_create", "Create"),
        ("for_unlink", "Delete"),
    ] {
        fields.insert(name.into(), field(FieldType::Boolean, string));
    }
    ModelSchema {
        description: Some("Access".into()),
        modules: vec!["base".into()],
        fields,
        ..ModelSchema::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_newer_version_loses_datas_and_gains_ir_access() {
        let mut schema = Schema::new(Some("19.0".into()));
        let mut attachment = ModelSchema::default();
        attachment
            .fields
            .insert("datas".into(), FieldSchema::default());
        attachment
            .fields
            .insert("raw".into(), FieldSchema::default());
        schema.models.insert("ir.attachment".into(), attachment);
        schema
            .models
            .insert("ir.model.access".into(), ModelSchema::default());

        let mut recorded = schema.clone();
        adjust_schema(OdooVersion::V19, &mut recorded);
        assert_eq!(recorded, schema, "19.0 is played as recorded");

        adjust_schema(OdooVersion::new(19, 3), &mut schema);
        let fields = &schema.models["ir.attachment"].fields;
        assert!(!fields.contains_key("datas") && fields.contains_key("raw"));
        assert!(schema.models.contains_key("ir.model.access"));

        adjust_schema(OdooVersion::V20, &mut schema);
        assert!(!schema.models.contains_key("ir.model.access"));
        assert!(schema.models["ir.access"].fields["operation"].required);
    }
}
