//! Display names as Odoo computes them for common models (what `display_name` reads, and the
//! name of every many2one pair `[id, name]`), and the `complete_name` of hierarchies:
//!
//! | model | display name |
//! |---|---|
//! | `product.product`, `product.template` | `[default_code] name` (`name` alone without a code) |
//! | `stock.location` | its `complete_name`: `WH/Stock` (the parent's complete name, `/`, the name; a `view` location or one without parent: its name) |
//! | `product.category` | its `complete_name`: `All / Saleable` |
//! | `res.partner` | `Company, Person` for a contact of a company (the commercial company's name; an address without a name reads the label of its `type`) |
//! | others | `name`, else `login` or `code` |
//!
//! A record whose rule gives an empty name reads `model,id`.
//! A `display_name` stored with the record (seeded) wins. A variant's attribute values
//! (`Desk (Custom, White)`) are not played: the name is the one stored.

use serde_json::{json, Value};

use super::Store;
use odoo_schema::SelectionKey;

/// How deep a parent chain is followed (a cycle stops there).
const MAX_DEPTH: usize = 64;

impl Store {
    /// The display name of a record, as Odoo computes it for its model: `[code] name` for
    /// products, the complete name of locations (`WH/Stock`) and categories, `Company, Person`
    /// for a contact of a company, else its `name` (or `login`, `code`); a stored
    /// `display_name` wins; `model,id` for a record that does not exist or has no name.
    pub fn display_name(&self, model: &str, id: i64) -> String {
        let Some(record) = self.record(model, id) else {
            return format!("{model},{id}");
        };
        if let Some(Value::String(name)) = record.get("display_name") {
            return name.clone();
        }
        let name = match model {
            "product.product" | "product.template" => {
                let name = self.text(model, id, "name");
                match (self.text(model, id, "default_code"), name) {
                    (Some(code), name) => Some(format!("[{code}] {}", name.unwrap_or_default())),
                    (None, name) => name,
                }
            }
            "stock.location" | "product.category" => self.complete_name(model, id, 0),
            "res.partner" => self.partner_name(id),
            _ => ["name", "login", "code"]
                .iter()
                .find_map(|field| self.text(model, id, field)),
        };
        name.filter(|name| !name.is_empty())
            .unwrap_or_else(|| format!("{model},{id}"))
    }

    /// A computed field the emulator plays: `display_name`, and the `complete_name` of
    /// locations, categories and contacts when none is stored.
    pub(super) fn computed_value(&self, model: &str, id: i64, field: &str) -> Option<Value> {
        let stored = self.record(model, id)?.get(field);
        match field {
            "display_name" => Some(json!(self.display_name(model, id))),
            "complete_name" if stored.is_none_or(Value::is_null) => match model {
                "stock.location" | "product.category" => {
                    self.complete_name(model, id, 0).map(Value::String)
                }
                "res.partner" => self.partner_name(id).map(Value::String),
                _ => None,
            },
            _ => None,
        }
    }

    /// A non-empty text value of a field (through an `_inherits` parent).
    fn text(&self, model: &str, id: i64, field: &str) -> Option<String> {
        match self.stored_value(model, id, field) {
            Value::String(text) if !text.is_empty() => Some(text),
            _ => None,
        }
    }

    /// The complete name of a location (`WH/Stock`) or category (`All / Saleable`).
    fn complete_name(&self, model: &str, id: i64, depth: usize) -> Option<String> {
        if let Some(Value::String(stored)) = self.record(model, id)?.get("complete_name") {
            return Some(stored.clone());
        }
        let name = self.text(model, id, "name").unwrap_or_default();
        let (parent_field, separator) = match model {
            "stock.location" => ("location_id", "/"),
            _ => ("parent_id", " / "),
        };
        let view = model == "stock.location"
            && self.stored_value(model, id, "usage").as_str() == Some("view");
        match self.stored_value(model, id, parent_field).as_i64() {
            Some(parent) if !view && parent != id && depth < MAX_DEPTH => {
                let prefix = self
                    .complete_name(model, parent, depth + 1)
                    .unwrap_or_default();
                Some(format!("{prefix}{separator}{name}"))
            }
            _ => Some(name),
        }
    }

    /// A contact's name as Odoo shows it: `Company, Person` for a person of a company.
    fn partner_name(&self, id: i64) -> Option<String> {
        const MODEL: &str = "res.partner";
        let mut name = self.text(MODEL, id, "name").unwrap_or_default();
        let parent = self
            .stored_value(MODEL, id, "parent_id")
            .as_i64()
            .filter(|p| *p != id && self.exists(MODEL, *p));
        let is_company = self.stored_value(MODEL, id, "is_company") == Value::Bool(true);
        let Some(parent) = parent else {
            return Some(name);
        };
        if name.is_empty() {
            name = self.type_label(id).unwrap_or_default();
        }
        if is_company {
            return Some(name);
        }
        let company = self
            .commercial_company_name(id)
            .or_else(|| self.text(MODEL, parent, "name"))
            .unwrap_or_default();
        Some(format!("{company}, {name}"))
    }

    /// The name of the company a contact belongs to: its first ancestor that is a company.
    fn commercial_company_name(&self, id: i64) -> Option<String> {
        const MODEL: &str = "res.partner";
        let mut current = id;
        for _ in 0..MAX_DEPTH {
            if self.stored_value(MODEL, current, "is_company") == Value::Bool(true) {
                return self.text(MODEL, current, "name");
            }
            current = self
                .stored_value(MODEL, current, "parent_id")
                .as_i64()
                .filter(|p| *p != current)?;
        }
        None
    }

    /// The label of an address's `type` (`Invoice Address`), for an address without a name.
    fn type_label(&self, id: i64) -> Option<String> {
        let kind = self.stored_value("res.partner", id, "type");
        let kind = kind.as_str().filter(|k| *k != "contact")?;
        let field = self.schema.model("res.partner")?.field("type")?;
        field.selection.as_ref()?.iter().find_map(|o| match &o.key {
            SelectionKey::Str(key) if key == kind => Some(o.label.clone()),
            _ => None,
        })
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::Store;
    use crate::OdooVersion;
    use odoo_schema::{FieldSchema, FieldType, ModelSchema, Schema};

    /// The demo schema with the locations and categories of a stock database.
    fn store() -> Store {
        let mut schema =
            Schema::from_json(include_str!("../demo/schema.json")).expect("demo schema");
        for (model, parent) in [
            ("stock.location", "location_id"),
            ("product.category", "parent_id"),
        ] {
            let mut m = ModelSchema::default();
            for (name, field_type) in [
                ("name", FieldType::Char),
                ("complete_name", FieldType::Char),
                ("usage", FieldType::Char),
                (parent, FieldType::Many2one),
            ] {
                let relation = (field_type == FieldType::Many2one).then(|| model.to_owned());
                let field = FieldSchema {
                    field_type,
                    relation,
                    store: true,
                    searchable: true,
                    ..FieldSchema::default()
                };
                m.fields.insert(name.to_owned(), field);
            }
            schema.models.insert(model.to_owned(), m);
        }
        Store::new(schema, OdooVersion::V18)
    }

    #[test]
    fn locations_and_categories_read_their_complete_names() {
        let mut s = store();
        let wh = s
            .create("stock.location", &json!({"name": "WH", "usage": "view"}))
            .expect("create");
        let stock = s
            .create(
                "stock.location",
                &json!({"name": "Stock", "location_id": wh, "usage": "internal"}),
            )
            .expect("create");
        let shelf = s
            .create(
                "stock.location",
                &json!({"name": "Shelf 1", "location_id": stock, "usage": "internal"}),
            )
            .expect("create");
        assert_eq!(s.display_name("stock.location", stock), "WH/Stock");
        assert_eq!(
            s.stored_value("stock.location", shelf, "complete_name"),
            json!("WH/Stock/Shelf 1")
        );
        s.write("stock.location", &[wh], &json!({"name": "HQ"}))
            .expect("rename");
        assert_eq!(s.display_name("stock.location", shelf), "HQ/Stock/Shelf 1");
        let all = s
            .create("product.category", &json!({"name": "All"}))
            .expect("create");
        let saleable = s
            .create(
                "product.category",
                &json!({"name": "Saleable", "parent_id": all}),
            )
            .expect("create");
        assert_eq!(
            s.display_name("product.category", saleable),
            "All / Saleable"
        );
    }

    #[test]
    fn contacts_of_companies_and_nameless_addresses() {
        let mut s = store();
        let company = s
            .create("res.partner", &json!({"name": "Acme", "is_company": true}))
            .expect("create");
        let person = s
            .create("res.partner", &json!({"name": "Ann", "parent_id": company}))
            .expect("create");
        let assistant = s
            .create("res.partner", &json!({"name": "Bob", "parent_id": person}))
            .expect("create");
        let invoicing = s
            .create(
                "res.partner",
                &json!({"parent_id": company, "type": "invoice"}),
            )
            .expect("create");
        assert_eq!(s.display_name("res.partner", person), "Acme, Ann");
        assert_eq!(s.display_name("res.partner", assistant), "Acme, Bob");
        assert_eq!(
            s.display_name("res.partner", invoicing),
            "Acme, Invoice Address"
        );
        assert_eq!(s.display_name("res.partner", company), "Acme");
        assert_eq!(s.display_name("res.partner", 999), "res.partner,999");
    }
}
