//! The demo data shipped with the emulator: a small schema and about thirty records.

use serde_json::Value;

use super::{Access, Emulator, EmulatorBuilder, OdooVersion, SetupError, User};
use odoo_schema::Schema;

const SCHEMA: &str = include_str!("demo/schema.json");
const RECORDS: &str = include_str!("demo/records.json");

/// The demo schema snapshot.
pub(crate) fn schema() -> Result<Schema, SetupError> {
    Schema::from_json(SCHEMA).map_err(|e| SetupError::Schema(e.to_string()))
}

/// The demo records, `[(model, record)]` in seeding order.
fn records() -> Vec<(String, Value)> {
    let Ok(Value::Array(groups)) = serde_json::from_str::<Value>(RECORDS) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for group in groups {
        let model = group
            .get("model")
            .and_then(Value::as_str)
            .unwrap_or_default();
        if let Some(Value::Array(records)) = group.get("records") {
            for record in records {
                out.push((model.to_owned(), record.clone()));
            }
        }
    }
    out
}

pub(crate) fn builder(version: OdooVersion) -> EmulatorBuilder {
    let mut builder = Emulator::builder()
        .version(version)
        .database("demo")
        .demo_records();
    for (model, record) in records() {
        builder = builder.record(model, record);
    }
    let sales_groups = ["Sales / User: Own Documents Only", "Sales / Administrator"];
    builder
        .user(
            User::new("admin", "admin")
                .uid(2)
                .name("Ada Admin")
                .api_key(Emulator::DEMO_ADMIN_KEY)
                .admin(),
        )
        .user(
            User::new("limited", "limited")
                .uid(7)
                .name("Lee Limited")
                .api_key(Emulator::DEMO_LIMITED_KEY)
                .access("sale.order", Access::none().groups(sales_groups))
                .access("sale.order.line", Access::none().groups(sales_groups)),
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_data_is_valid() {
        let schema = schema().expect("demo schema parses");
        assert_eq!(schema.models.len(), 10);
        let records = records();
        assert!((20..=40).contains(&records.len()), "{}", records.len());
        let mut store = super::super::Store::new(schema, OdooVersion::V19);
        for (model, record) in records {
            store.insert(&model, record).expect("demo record seeds");
        }
        assert_eq!(
            store.display_name("res.partner", 3),
            "Alder & Finch, Marta Quist"
        );
        assert_eq!(
            store.stored_value("sale.order", 1, "order_line"),
            serde_json::json!([1, 2])
        );
    }
}
