//! Default values, as `create` and `default_get` find them, first that applies:
//!
//! 1. the call's context: `default_<field>` keys, for fields of the model (in `create` they
//!    are values of the create: converted, delegated to an `_inherits` parent, x2many
//!    commands; `default_get` answers them as given);
//! 2. [`EmulatorBuilder::default_value`](crate::EmulatorBuilder::default_value);
//! 3. what follows from the record's other values (here, and in [`super::computed`]);
//! 4. the defaults Odoo declares on common models, per version ([`rule`]), for the fields the
//!    schema has: `active`, `company_id` (the user's company: the first of the context's
//!    `allowed_company_ids`, else the user's), `currency_id` (that company's currency),
//!    `state`, product types (`detailed_type` on 16-17, `is_storable` from 18), a partner's
//!    `type` and `lang`, a message's `message_type` and `author_id`...;
//! 5. the first option of a required selection (or of `state`).
//!
//! An inherited field (see [`super::inherits`]) takes its parent model's default.

use serde_json::{json, Map, Value};

use super::Store;
use crate::Feature;
use crate::OdooVersion;
use odoo_schema::{FieldSchema, FieldType, SelectionKey};

/// A default Odoo declares, by how its value is found.
#[derive(Debug, Clone, PartialEq)]
enum Rule {
    /// This value.
    Value(Value),
    /// The record `id` 1 of the field's model, when it exists (the first category, unit...).
    First,
    /// The company of the call (`env.company`).
    UserCompany,
    /// The companies of the call, for a many2many.
    UserCompanies,
    /// The currency of the company of the call.
    CompanyCurrency,
    /// The calling user.
    User,
    /// The calling user's partner.
    UserPartner,
    /// Now, in whole seconds.
    Now,
    /// The language of the call (its context's `lang`, else the user's).
    Lang,
}

/// Models whose `company_id` has no default (shared between companies unless set).
const NO_COMPANY_DEFAULT: &[&str] = &["res.partner", "product.template", "product.product"];

/// Models whose `user_id` defaults to the calling user.
const USER_DEFAULT: &[&str] = &["sale.order", "stock.picking", "purchase.order", "crm.lead"];

/// The default Odoo `version` declares for `field` of `model`, as `default_get` answers it
/// on a database with demo data; `None` when it declares none the emulator plays.
fn rule(version: OdooVersion, model: &str, name: &str, field: &FieldSchema) -> Option<Rule> {
    let text = |s: &str| Some(Rule::Value(json!(s)));
    let relation = field.relation.as_deref().unwrap_or_default();
    match (model, name) {
        (_, "active") if field.field_type == FieldType::Boolean => Some(Rule::Value(json!(true))),
        ("res.partner", "type") => text("contact"),
        ("res.partner", "lang") => Some(Rule::Lang),
        ("product.template", "type") => text("consu"),
        ("product.template", "detailed_type") if !version.has(Feature::ProductIsStorable) => {
            text("consu")
        }
        ("product.template", "is_storable") => Some(Rule::Value(json!(false))),
        ("product.template", "categ_id") if version.has(Feature::ProductCategoryDefault) => {
            Some(Rule::First)
        }
        ("product.template", "uom_id" | "uom_po_id") => Some(Rule::First),
        ("product.template", "list_price") => Some(Rule::Value(json!(1.0))),
        ("product.template", "sale_ok" | "purchase_ok") => Some(Rule::Value(json!(true))),
        ("sale.order", "state") | ("stock.move", "state") | ("account.move", "state") => {
            text("draft")
        }
        ("sale.order", "date_order") | ("mail.message", "date") => Some(Rule::Now),
        ("sale.order", "picking_policy") => text("direct"),
        ("sale.order.line", "product_uom_qty") => Some(Rule::Value(json!(1.0))),
        ("sale.order.line", "sequence") | ("stock.move", "sequence") => {
            Some(Rule::Value(json!(10)))
        }
        ("stock.move", "product_uom_qty") if version.has(Feature::StockMoveQuantityDefault) => {
            Some(Rule::Value(json!(1.0)))
        }
        ("account.move", "move_type") => text("entry"),
        ("ir.attachment", "type") => text("binary"),
        ("stock.location", "usage") => text("internal"),
        ("mail.message", "message_type") if version.has(Feature::MessageTypeDefaultEmail) => {
            text("email")
        }
        ("mail.message", "message_type") => text("comment"),
        ("mail.message", "author_id") => Some(Rule::UserPartner),
        ("account.move", "invoice_user_id") => Some(Rule::User),
        (_, "user_id") if USER_DEFAULT.contains(&model) && relation == "res.users" => {
            Some(Rule::User)
        }
        (_, "company_id") if !NO_COMPANY_DEFAULT.contains(&model) => Some(Rule::UserCompany),
        ("res.users", "company_ids") => Some(Rule::UserCompanies),
        (_, "currency_id") => Some(Rule::CompanyCurrency),
        _ => None,
    }
}

/// Whether `value` suits the field: the right JSON kind, one of a selection's options.
fn fits(field: &FieldSchema, value: &Value) -> bool {
    match field.field_type {
        FieldType::Boolean => value.is_boolean(),
        FieldType::Integer | FieldType::Float | FieldType::Monetary => value.is_number(),
        FieldType::Many2one => value.is_i64(),
        FieldType::Many2many | FieldType::One2many => value.is_array(),
        FieldType::Selection => field.selection.as_ref().is_none_or(|options| {
            options.iter().any(|o| match (&o.key, value) {
                (SelectionKey::Str(k), Value::String(v)) => k == v,
                (SelectionKey::Int(k), Value::Number(v)) => Some(*k) == v.as_i64(),
                _ => false,
            })
        }),
        _ => value.is_string(),
    }
}

impl Store {
    /// The `default_<field>` keys of the call's context, for fields `model` has.
    pub(super) fn context_defaults(&self, model: &str) -> Map<String, Value> {
        let Some(model_schema) = self.schema.model(model) else {
            return Map::new();
        };
        self.context
            .iter()
            .filter_map(|(key, value)| {
                let name = key.strip_prefix("default_")?;
                model_schema.field(name)?;
                Some((name.to_owned(), value.clone()))
            })
            .collect()
    }

    /// The values of a `create` with the context's defaults added for the fields not given.
    pub(super) fn with_context_defaults(&self, model: &str, vals: &Value) -> Option<Value> {
        let Value::Object(given) = vals else {
            return None;
        };
        let mut merged = given.clone();
        let mut added = false;
        for (name, value) in self.context_defaults(model) {
            if !merged.contains_key(&name) {
                merged.insert(name, value);
                added = true;
            }
        }
        added.then_some(Value::Object(merged))
    }

    /// The values `create` would give these fields when not given (`default_get`): the
    /// context's `default_<field>` keys, then those of
    /// [`EmulatorBuilder::default_value`](crate::EmulatorBuilder::default_value), then Odoo's
    /// own on common models (see the crate documentation); an x2many default as a
    /// `[6, 0, ids]` command.
    pub fn defaults(&self, model: &str, fields: &[String]) -> Map<String, Value> {
        let mut out = Map::new();
        let Some(model_schema) = self.schema.model(model) else {
            return out;
        };
        let context = self.context_defaults(model);
        let now = super::now_utc_micros();
        for name in fields {
            if matches!(
                name.as_str(),
                "create_date" | "write_date" | "create_uid" | "write_uid"
            ) {
                continue;
            }
            let Some(field) = model_schema.field(name) else {
                continue;
            };
            if let Some(value) = context.get(name) {
                out.insert(name.clone(), value.clone());
                continue;
            }
            let builder = self.defaults.get(&(model.to_owned(), name.clone()));
            if let (Some(value), Some(_)) = (builder, self.inherited(model, name)) {
                out.insert(name.clone(), value.clone());
                continue;
            }
            if let Some(delegation) = self.inherited(model, name) {
                let mut parent = self.defaults(delegation.parent, std::slice::from_ref(name));
                if let Some(value) = parent.remove(name) {
                    out.insert(name.clone(), value);
                }
                continue;
            }
            if model == "sale.order" && name == "name" {
                out.insert(name.clone(), json!("New"));
                continue;
            }
            if let Some(value) = self.default_for(model, name, field, &Map::new(), 0, &now) {
                let value = match value {
                    Value::Array(ids) if field.field_type.is_x2many() => json!([[6, 0, ids]]),
                    other => other,
                };
                out.insert(name.clone(), value);
            }
        }
        out
    }

    /// The default of one field in `create` (the context's were merged into `vals`): the
    /// builder's, Odoo's ([`rule`]), the values other fields imply, the first option of a
    /// required selection. In the stored form.
    pub(super) fn default_for(
        &self,
        model: &str,
        name: &str,
        field: &FieldSchema,
        vals: &Map<String, Value>,
        id: i64,
        now: &str,
    ) -> Option<Value> {
        if let Some(value) = self.defaults.get(&(model.to_owned(), name.to_owned())) {
            return Some(value.clone());
        }
        if let Some(value) = self.implied_default(model, name, field, vals, now) {
            return Some(value);
        }
        if let Some(value) = self.computed_default(model, name, vals, id, now) {
            return Some(value);
        }
        if let Some(value) = rule(self.version, model, name, field)
            .and_then(|rule| self.apply_rule(&rule, field, now))
            .filter(|value| fits(field, value))
        {
            return Some(value);
        }
        let first_option =
            field.field_type == FieldType::Selection && (field.required || name == "state");
        first_option
            .then(|| {
                field.selection.as_ref().and_then(|options| {
                    options.iter().find_map(|o| match &o.key {
                        SelectionKey::Str(s) => Some(json!(s)),
                        SelectionKey::Int(i) => Some(json!(i)),
                        SelectionKey::False => None,
                    })
                })
            })
            .flatten()
    }

    /// Defaults that follow from the record being created: its dates and author, an order's
    /// addresses from its customer, a product's type from its detailed type (the values of
    /// specific models, such as an order's number or a line's price, are [`super::computed`]'s).
    fn implied_default(
        &self,
        model: &str,
        name: &str,
        field: &FieldSchema,
        vals: &Map<String, Value>,
        now: &str,
    ) -> Option<Value> {
        match (name, &field.field_type) {
            ("create_date" | "write_date", FieldType::Datetime) => Some(json!(now)),
            ("create_uid" | "write_uid", FieldType::Many2one) => Some(json!(self.uid)),
            ("partner_invoice_id" | "partner_shipping_id", FieldType::Many2one) => {
                vals.get("partner_id").cloned()
            }
            ("type", FieldType::Selection) if model == "product.template" => vals
                .get("detailed_type")
                .cloned()
                .filter(|v| fits(field, v)),
            _ => None,
        }
    }

    fn apply_rule(&self, rule: &Rule, field: &FieldSchema, now: &str) -> Option<Value> {
        let relation = field.relation.as_deref().unwrap_or_default();
        let existing = |id: i64| self.exists(relation, id).then(|| json!(id));
        match rule {
            Rule::Value(value) => Some(value.clone()),
            Rule::First => existing(1),
            Rule::UserCompany => existing(self.user_company()?),
            Rule::UserCompanies => self.user_company().map(|company| json!([company])),
            Rule::CompanyCurrency => {
                let company = self.user_company();
                let currency = company
                    .and_then(|c| self.stored_value("res.company", c, "currency_id").as_i64());
                existing(currency.unwrap_or(1))
            }
            Rule::User => existing(self.uid),
            Rule::UserPartner => existing(
                self.stored_value("res.users", self.uid, "partner_id")
                    .as_i64()?,
            ),
            Rule::Now => Some(json!(now[..now.len().min(19)])),
            Rule::Lang => {
                let user_lang = self.stored_value("res.users", self.uid, "lang");
                let lang = self
                    .context
                    .get("lang")
                    .filter(|v| v.is_string())
                    .cloned()
                    .or_else(|| user_lang.is_string().then_some(user_lang))
                    .unwrap_or_else(|| json!("en_US"));
                Some(lang)
            }
        }
    }

    /// The company of the call (Odoo's `env.company`): the first of the context's
    /// `allowed_company_ids` that exists, else the user's company, else company 1.
    pub(crate) fn user_company(&self) -> Option<i64> {
        let allowed = self
            .context
            .get("allowed_company_ids")
            .and_then(Value::as_array)
            .and_then(|ids| ids.first())
            .and_then(Value::as_i64)
            .filter(|id| self.exists("res.company", *id));
        allowed
            .or_else(|| {
                self.stored_value("res.users", self.uid, "company_id")
                    .as_i64()
                    .filter(|id| self.exists("res.company", *id))
            })
            .or_else(|| self.exists("res.company", 1).then_some(1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn selection(options: &[&str]) -> FieldSchema {
        FieldSchema {
            field_type: FieldType::Selection,
            selection: Some(
                options
                    .iter()
                    .map(|o| odoo_schema::SelectionOption {
                        key: SelectionKey::Str((*o).to_owned()),
                        label: (*o).to_owned(),
                    })
                    .collect(),
            ),
            ..FieldSchema::default()
        }
    }

    #[test]
    fn product_types_follow_the_version() {
        let field = selection(&["consu", "service", "product"]);
        let detailed = |v| rule(v, "product.template", "detailed_type", &field);
        assert_eq!(
            detailed(OdooVersion::V16),
            Some(Rule::Value(json!("consu")))
        );
        assert_eq!(detailed(OdooVersion::V18), None);
        let boolean = FieldSchema {
            field_type: FieldType::Boolean,
            ..FieldSchema::default()
        };
        assert_eq!(
            rule(
                OdooVersion::V19,
                "product.template",
                "is_storable",
                &boolean
            ),
            Some(Rule::Value(json!(false)))
        );
    }

    #[test]
    fn a_message_type_is_email_on_16_and_comment_after() {
        let field = selection(&["email", "comment", "notification"]);
        let kind = |v| rule(v, "mail.message", "message_type", &field);
        assert_eq!(kind(OdooVersion::V16), Some(Rule::Value(json!("email"))));
        assert_eq!(kind(OdooVersion::V17), Some(Rule::Value(json!("comment"))));
    }

    #[test]
    fn partners_and_products_have_no_company_by_default() {
        let many2one = FieldSchema {
            field_type: FieldType::Many2one,
            relation: Some("res.company".into()),
            ..FieldSchema::default()
        };
        let company = |m| rule(OdooVersion::V17, m, "company_id", &many2one);
        assert_eq!(company("res.partner"), None);
        assert_eq!(company("product.template"), None);
        assert_eq!(company("sale.order"), Some(Rule::UserCompany));
    }

    fn store() -> Store {
        let schema = odoo_schema::Schema::from_json(include_str!("../demo/schema.json"))
            .expect("demo schema");
        let mut store = Store::new(schema, OdooVersion::V18);
        store
            .insert("res.company", json!({"id": 1, "name": "Harbor"}))
            .expect("seed");
        store
    }

    #[test]
    fn the_context_then_the_builder_then_odoo() {
        let mut s = store();
        s.set_default("res.partner", "type", json!("invoice"));
        let mut context = Map::new();
        context.insert("default_comment".into(), json!("from context"));
        context.insert("default_no_such_field".into(), json!(1));
        s.set_env(2, context.clone(), None);
        let partner = s
            .create("res.partner", &json!({"name": "Ann"}))
            .expect("create");
        // Stored as the html field it is.
        assert_eq!(
            s.stored_value("res.partner", partner, "comment"),
            json!("<p>from context</p>")
        );
        assert_eq!(
            s.stored_value("res.partner", partner, "type"),
            json!("invoice")
        );
        // Partners have no company by default; orders have the user's.
        assert_eq!(
            s.stored_value("res.partner", partner, "company_id"),
            Value::Null
        );
        context.insert("default_type".into(), json!("delivery"));
        s.set_env(2, context, None);
        let fields = ["comment".to_owned(), "type".to_owned(), "active".to_owned()];
        assert_eq!(
            Value::Object(s.defaults("res.partner", &fields)),
            json!({"comment": "from context", "type": "delivery", "active": true})
        );
        let order = s
            .create("sale.order", &json!({"partner_id": partner}))
            .expect("create an order");
        assert_eq!(s.stored_value("sale.order", order, "company_id"), json!(1));
        assert_eq!(s.stored_value("sale.order", order, "state"), json!("draft"));
    }

    #[test]
    fn a_value_outside_the_selection_does_not_fit() {
        let field = selection(&["contact", "invoice"]);
        assert!(fits(&field, &json!("contact")));
        assert!(!fits(&field, &json!("private")));
        assert!(!fits(&field, &json!(3)));
    }
}
