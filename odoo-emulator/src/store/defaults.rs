//! The values `create` gives the fields it is not given: the builder's defaults, then what
//! Odoo's defaults and computed fields would put there, from the other values (a sales order
//! line's description and price from its product, a transfer's locations and name from its
//! picking type, a move's from its transfer and product, ...). A `default_<field>` key of the
//! call's context comes before those, as in Odoo.

use serde_json::{json, Map, Value};

use super::{now_utc_micros, Store};
use odoo_schema::{FieldSchema, FieldType, SelectionKey};

impl Store {
    /// The values `create` would give these fields when not given (`default_get`).
    pub fn defaults(&self, model: &str, fields: &[String]) -> Map<String, Value> {
        let mut out = Map::new();
        let Some(model_schema) = self.schema.model(model) else {
            return out;
        };
        let now = now_utc_micros();
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
            if model == "sale.order" && name == "name" {
                out.insert(name.clone(), json!("New"));
                continue;
            }
            if let Some(value) = self.default_for(model, name, field, &Map::new(), 0, &now) {
                out.insert(name.clone(), value);
            }
        }
        out
    }

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
        if let Some(value) = self.context.get(&format!("default_{name}")) {
            return context_default(field, value);
        }
        if let Some(value) = self.computed_default(model, name, vals, id, now) {
            return Some(value);
        }
        let exists = |relation: &str, id: i64| self.exists(relation, id);
        let relation = field.relation.as_deref().unwrap_or_default();
        match (name, &field.field_type) {
            ("active", FieldType::Boolean) => Some(Value::Bool(true)),
            ("create_date" | "write_date", FieldType::Datetime) => Some(json!(now)),
            ("create_uid" | "write_uid", FieldType::Many2one) => Some(json!(self.uid)),
            ("user_id", FieldType::Many2one)
                if relation == "res.users" && exists(relation, self.uid) =>
            {
                Some(json!(self.uid))
            }
            ("company_id", FieldType::Many2one) if exists(relation, 1) => Some(json!(1)),
            ("currency_id", FieldType::Many2one) if exists(relation, 1) => Some(json!(1)),
            ("date_order", FieldType::Datetime) => Some(json!(now[..now.len().min(19)])),
            ("partner_invoice_id" | "partner_shipping_id", FieldType::Many2one) => {
                vals.get("partner_id").cloned()
            }
            ("state", FieldType::Selection) | (_, FieldType::Selection)
                if field.required || name == "state" =>
            {
                field.selection.as_ref().and_then(|options| {
                    options.iter().find_map(|o| match &o.key {
                        SelectionKey::Str(s) => Some(json!(s)),
                        SelectionKey::Int(i) => Some(json!(i)),
                        SelectionKey::False => None,
                    })
                })
            }
            ("type", FieldType::Selection) if model == "res.partner" => Some(json!("contact")),
            _ => None,
        }
    }

    /// What Odoo computes for a field of these models from the record's other values.
    fn computed_default(
        &self,
        model: &str,
        name: &str,
        vals: &Map<String, Value>,
        id: i64,
        now: &str,
    ) -> Option<Value> {
        let given = |field: &str| vals.get(field).and_then(Value::as_i64);
        let seconds = || json!(now[..now.len().min(19)]);
        match (model, name) {
            ("sale.order", "name") => Some(json!(format!("S{id:05}"))),
            ("sale.order", "warehouse_id") => self.first_id("stock.warehouse").map(|w| json!(w)),
            ("sale.order.line", "name") => Some(json!(
                self.display_name("product.product", given("product_id")?)
            )),
            ("sale.order.line", "price_unit") => {
                let product = given("product_id")?;
                ["lst_price", "list_price"]
                    .iter()
                    .map(|f| self.stored_value("product.product", product, f))
                    .find(Value::is_number)
            }
            ("stock.picking", "location_id" | "location_dest_id") => {
                let source = if name == "location_id" {
                    "default_location_src_id"
                } else {
                    "default_location_dest_id"
                };
                self.target(self.stored_value(
                    "stock.picking.type",
                    given("picking_type_id")?,
                    source,
                ))
            }
            ("stock.picking", "name") => Some(json!(picking_name(self, given("picking_type_id")))),
            ("stock.picking", "scheduled_date") | ("stock.move", "date") => Some(seconds()),
            ("stock.move", "location_id" | "location_dest_id" | "picking_type_id") => {
                self.target(self.stored_value("stock.picking", given("picking_id")?, name))
            }
            ("stock.move", "name") => Some(json!(
                self.display_name("product.product", given("product_id")?)
            )),
            ("stock.move", "product_uom") => {
                let product = given("product_id")?;
                let template = self.stored_value("product.product", product, "product_tmpl_id");
                self.target(self.stored_value("product.product", product, "uom_id"))
                    .or_else(|| {
                        self.target(self.stored_value(
                            "product.template",
                            template.as_i64()?,
                            "uom_id",
                        ))
                    })
                    .or_else(|| self.first_id("uom.uom").map(|u| json!(u)))
            }
            ("stock.quant", "in_date") => Some(seconds()),
            ("account.payment.register", "payment_date") => Some(json!(now[..now.len().min(10)])),
            ("account.move", "date") => Some(json!(now[..now.len().min(10)])),
            _ => None,
        }
    }

    /// A many2one value's target, as a value (`None` when empty).
    fn target(&self, value: Value) -> Option<Value> {
        value.as_i64().map(|id| json!(id))
    }

    /// The lowest id of a model's records, when the schema has it.
    fn first_id(&self, model: &str) -> Option<i64> {
        self.schema.model(model)?;
        self.ids(model).first().copied()
    }
}

/// A context's `default_<field>` value in its stored form: a many2one's id, the ids an
/// x2many's commands link (`[4, id]`, `[6, 0, ids]`, plain ids); `None` for a one2many
/// computed from its children.
fn context_default(field: &FieldSchema, value: &Value) -> Option<Value> {
    match field.field_type {
        FieldType::Many2one => match value {
            Value::Array(pair) => pair.first().cloned(),
            other => Some(other.clone()),
        },
        FieldType::One2many if field.relation_field.is_some() => None,
        FieldType::One2many | FieldType::Many2many => {
            let Value::Array(items) = value else {
                return Some(json!([]));
            };
            let mut ids = Vec::new();
            for item in items {
                match item {
                    Value::Number(_) => ids.push(item.clone()),
                    Value::Array(command) => match command.first().and_then(Value::as_i64) {
                        Some(4) => ids.extend(command.get(1).cloned()),
                        Some(6) => ids.extend(
                            command
                                .get(2)
                                .and_then(Value::as_array)
                                .cloned()
                                .unwrap_or_default(),
                        ),
                        _ => {}
                    },
                    _ => {}
                }
            }
            Some(Value::Array(ids))
        }
        _ => Some(value.clone()),
    }
}

/// The name of a new transfer of `picking_type`: `<warehouse code>/<sequence code>/<00001>`,
/// numbered after the type's transfers, as the type's sequence makes it; `/` without a type.
pub(crate) fn picking_name(store: &Store, picking_type: Option<i64>) -> String {
    let Some(picking_type) = picking_type.filter(|&t| store.exists("stock.picking.type", t)) else {
        return "/".to_owned();
    };
    let code = store.stored_value("stock.picking.type", picking_type, "sequence_code");
    let code = code.as_str().unwrap_or("TR");
    let warehouse = store.stored_value("stock.picking.type", picking_type, "warehouse_id");
    let prefix = match warehouse
        .as_i64()
        .map(|w| store.stored_value("stock.warehouse", w, "code"))
    {
        Some(Value::String(wh)) => format!("{wh}/{code}/"),
        _ => format!("{code}/"),
    };
    let taken = store
        .ids("stock.picking")
        .into_iter()
        .filter_map(|p| {
            let name = store.stored_value("stock.picking", p, "name");
            name.as_str()?.strip_prefix(&prefix)?.parse::<u32>().ok()
        })
        .max()
        .unwrap_or(0);
    format!("{prefix}{:05}", taken + 1)
}
