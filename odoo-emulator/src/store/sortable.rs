//! Ordering and grouping only by what the database can sort: a field the snapshot says is
//! not `sortable` (computed and not stored) is ignored in an order by Odoo 16 and 17 and
//! refused from 18, and refused in a `groupby` by every version, each with its own words.
//!
//! The snapshot's `sortable` is what Odoo decides by (it is true for a stored column, and
//! for an inherited or related field that leads to one). A field described without it, as
//! in a hand-written schema, counts as sortable when it is stored and has a column (not an
//! x2many nor a binary).

use super::Store;
use crate::error::EmulatorError;
use crate::Feature;
use crate::OdooVersion;
use odoo_schema::{FieldSchema, FieldType};

/// Whether a field can be sorted on (see the module's documentation).
fn sortable(field: &FieldSchema) -> bool {
    let column = !matches!(
        field.field_type,
        FieldType::One2many | FieldType::Many2many | FieldType::Binary
    );
    field.sortable || (field.store && column)
}

impl Store {
    /// Whether `order` may sort on `field` of `model` (a field the schema has): `Ok(true)`
    /// when it sorts, `Ok(false)` when the played version ignores it (16, 17: not stored),
    /// else the error (18 and later: not stored; from 17, a field the caller may not read).
    pub(crate) fn order_field(&self, model: &str, field: &str) -> Result<bool, EmulatorError> {
        if field == "id" {
            return Ok(true);
        }
        if self.version.has(Feature::SearchChecksFieldAccess) {
            self.check_field_access(model, [field], "read")?;
        }
        let Some(schema) = self.schema.model(model).and_then(|m| m.field(field)) else {
            return Ok(true);
        };
        if sortable(schema) {
            return Ok(true);
        }
        if !self.version.has(Feature::OrderRefusesNonStored) {
            return Ok(false);
        }
        Err(not_stored(model, field))
    }

    /// Refuses a `groupby` on a field the database does not store (a stored many2many may
    /// be grouped by), and from 17 on a field the caller may not read.
    pub(crate) fn check_groupable(&self, model: &str, field: &str) -> Result<(), EmulatorError> {
        if self.version.has(Feature::SearchChecksFieldAccess) {
            self.check_field_access(model, [field], "read")?;
        }
        let Some(schema) = self.schema.model(model).and_then(|m| m.field(field)) else {
            return Ok(());
        };
        let many2many = schema.field_type == FieldType::Many2many && schema.store;
        if field == "id" || sortable(schema) || many2many {
            return Ok(());
        }
        // 16 refuses in its own words, 17 fails converting the field to SQL, 18 and later
        // say it is not stored.
        let refusal: fn(&str, &str) -> EmulatorError = self.version.pick(
            |model, field| EmulatorError::user_error(format!(
                "Field {model}.{field} is not a stored field, only stored fields (regular or many2many) are valid for the 'groupby' parameter"
            )),
            &[
                (OdooVersion::V17, |model, field| {
                    EmulatorError::value_error(format!("Cannot convert field {model}.{field} to SQL"))
                }),
                (OdooVersion::V18, not_stored),
            ],
        );
        Err(refusal(model, field))
    }
}

/// Odoo 18's and 19's refusal of a field that has no column.
fn not_stored(model: &str, field: &str) -> EmulatorError {
    EmulatorError::value_error(format!(
        "Cannot convert {model}.{field} to SQL because it is not stored"
    ))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::store::Store;
    use crate::OdooVersion;
    use odoo_schema::Schema;

    /// Partners whose `display_name` (not sortable) would order them otherwise than `name`.
    fn store(version: OdooVersion) -> Store {
        let schema = Schema::from_json(include_str!("../demo/schema.json")).expect("schema");
        let mut store = Store::new(schema, version);
        for (id, name, shown) in [(1, "B", "A"), (2, "A", "B")] {
            store
                .insert(
                    "res.partner",
                    json!({"id": id, "name": name, "display_name": shown}),
                )
                .expect("partner");
        }
        store
    }

    fn ordered(store: &Store, order: &str) -> Result<Vec<i64>, String> {
        store
            .search_ids("res.partner", &json!([]), Some(order), 0, None, None)
            .map_err(|e| e.message().to_owned())
    }

    #[test]
    fn a_field_not_stored_is_ignored_then_refused() {
        for version in [OdooVersion::V16, OdooVersion::V17] {
            let s = store(version);
            assert_eq!(ordered(&s, "display_name"), Ok(vec![1, 2]), "{version:?}");
            assert_eq!(ordered(&s, "display_name, name"), Ok(vec![2, 1]));
        }
        for version in [OdooVersion::V18, OdooVersion::V19] {
            let s = store(version);
            assert_eq!(
                ordered(&s, "display_name desc"),
                Err(
                    "Cannot convert res.partner.display_name to SQL because it is not stored"
                        .into()
                )
            );
            assert_eq!(ordered(&s, "name"), Ok(vec![2, 1]));
        }
    }

    #[test]
    fn grouping_by_it_is_refused_in_each_version_s_words() {
        let refused = |version| {
            store(version)
                .check_groupable("res.partner", "display_name")
                .map_err(|e| (e.kind().class_name().to_owned(), e.message().to_owned()))
        };
        assert_eq!(
            refused(OdooVersion::V16).map_err(|e| e.0),
            Err("odoo.exceptions.UserError".into())
        );
        assert_eq!(
            refused(OdooVersion::V17).map_err(|e| e.1),
            Err("Cannot convert field res.partner.display_name to SQL".into())
        );
        assert!(refused(OdooVersion::V19).is_err());
        let s = store(OdooVersion::V19);
        assert!(
            s.check_groupable("res.partner", "category_id").is_ok(),
            "many2many"
        );
        assert!(s.check_groupable("res.partner", "country_id").is_ok());
    }
}
