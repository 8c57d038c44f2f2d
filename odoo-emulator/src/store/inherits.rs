//! `_inherits` (delegation inheritance): a `product.product` is a variant of a
//! `product.template`, a `res.users` is a `res.partner`. The child holds a required many2one
//! to its parent (`product_tmpl_id`, `partner_id`) and reads and writes the parent's fields
//! through it, as Odoo does:
//!
//! - a field of the child is *inherited* when the schema declares it related to the same
//!   field of the parent (`related: "product_tmpl_id.name"`, as `fields_get` says); a value
//!   the create or write gives for a field the child lacks but the parent has goes to the
//!   parent too (snapshots that list only some of the child's fields);
//! - `create` of a child without its link creates the parent first with the inherited values
//!   (with the link, it writes them on that parent); `write` writes them on each record's
//!   parent; reading, searching and ordering on an inherited field see the parent's value;
//! - `unlink` of the last variant of a template deletes the template (`product.product`); a
//!   user's partner stays (`res.users`), and cannot be unlinked while the user is active.

use serde_json::{json, Map, Value};

use super::Store;
use crate::error::{EmulatorError, ExceptionClass};
use crate::Feature;
use odoo_schema::FieldType;

/// One `_inherits` link of Odoo: `child` delegates to `parent` through its many2one `link`.
#[derive(Debug)]
pub(crate) struct Delegation {
    /// The delegating model.
    pub child: &'static str,
    /// Its required many2one to the parent.
    pub link: &'static str,
    /// The parent model.
    pub parent: &'static str,
    /// Whether unlinking the last child deletes the parent too.
    pub unlink_parent: bool,
}

/// The `_inherits` links of Odoo 16 to 19 that the emulator plays.
const DELEGATIONS: &[Delegation] = &[
    Delegation {
        child: "product.product",
        link: "product_tmpl_id",
        parent: "product.template",
        unlink_parent: true,
    },
    Delegation {
        child: "res.users",
        link: "partner_id",
        parent: "res.partner",
        unlink_parent: false,
    },
];

/// Fields a child never takes from its parent, even when both have them.
const OWN_FIELDS: &[&str] = &[
    "id",
    "display_name",
    "create_date",
    "create_uid",
    "write_date",
    "write_uid",
    "__last_update",
];

impl Store {
    /// The delegation of `model`, when the schema has both models and the link.
    pub(crate) fn delegation(&self, model: &str) -> Option<&'static Delegation> {
        let delegation = DELEGATIONS.iter().find(|d| d.child == model)?;
        let link = self.schema.model(model)?.field(delegation.link)?;
        let links = link.field_type == FieldType::Many2one
            && link.relation.as_deref() == Some(delegation.parent);
        (links && self.schema.model(delegation.parent).is_some()).then_some(delegation)
    }

    /// The delegation through which `field` of `model` is read, when it is inherited.
    pub(crate) fn inherited(&self, model: &str, field: &str) -> Option<&'static Delegation> {
        let delegation = self.delegation(model)?;
        if OWN_FIELDS.contains(&field) || field == delegation.link {
            return None;
        }
        self.schema.model(delegation.parent)?.field(field)?;
        match self.schema.model(model)?.field(field) {
            Some(own) => {
                let through = own
                    .related
                    .as_deref()
                    .and_then(|path| path.strip_prefix(delegation.link))
                    .and_then(|rest| rest.strip_prefix('.'));
                (through == Some(field)).then_some(delegation)
            }
            None => Some(delegation),
        }
    }

    /// The value of an inherited field: the parent's, when the record has a parent.
    pub(super) fn inherited_value(&self, model: &str, id: i64, field: &str) -> Option<Value> {
        let delegation = self.inherited(model, field)?;
        let parent = self.record(model, id)?.get(delegation.link)?.as_i64()?;
        Some(self.stored_value(delegation.parent, parent, field))
    }

    /// Splits create or write values into the child's own and its parent's (empty when
    /// `model` delegates nothing).
    fn split_inherited(
        &self,
        model: &str,
        vals: &Map<String, Value>,
    ) -> (Map<String, Value>, Map<String, Value>) {
        let mut own = Map::new();
        let mut parent = Map::new();
        for (name, value) in vals {
            if self.inherited(model, name).is_some() {
                parent.insert(name.clone(), value.clone());
            } else {
                own.insert(name.clone(), value.clone());
            }
        }
        (own, parent)
    }

    /// `create` of a delegating model: creates the parent with the inherited values (or
    /// writes them on the parent the values name) and answers the child's own values with
    /// the link set; `None` when `model` delegates nothing.
    pub(super) fn create_parent(
        &mut self,
        model: &str,
        vals: &Value,
    ) -> Result<Option<Value>, EmulatorError> {
        let (Some(delegation), Value::Object(vals)) = (self.delegation(model), vals) else {
            return Ok(None);
        };
        let (mut own, mut inherited) = self.split_inherited(model, vals);
        // The builder's defaults of the child's inherited fields are the parent's values.
        for ((default_model, field), value) in &self.defaults {
            if default_model == model
                && !vals.contains_key(field)
                && self.inherited(model, field).is_some()
            {
                inherited.insert(field.clone(), value.clone());
            }
        }
        match own.get(delegation.link).and_then(link_id) {
            Some(parent) => {
                if !inherited.is_empty() {
                    self.write_inner(delegation.parent, &[parent], &Value::Object(inherited))?;
                }
            }
            None => {
                let parent = self.create_inner(delegation.parent, &Value::Object(inherited))?;
                own.insert(delegation.link.to_owned(), json!(parent));
            }
        }
        Ok(Some(Value::Object(own)))
    }

    /// `write` of a delegating model: writes the inherited values on the parents of `ids`
    /// and answers the child's own values (`vals` itself when nothing is inherited).
    pub(super) fn write_parents(
        &mut self,
        model: &str,
        ids: &[i64],
        vals: &Value,
    ) -> Result<Option<Value>, EmulatorError> {
        let (Some(delegation), Value::Object(vals)) = (self.delegation(model), vals) else {
            return Ok(None);
        };
        let (own, inherited) = self.split_inherited(model, vals);
        if inherited.is_empty() {
            return Ok(None);
        }
        self.check_exists(model, ids)?;
        let mut parents: Vec<i64> = ids
            .iter()
            .filter_map(|id| self.record(model, *id)?.get(delegation.link)?.as_i64())
            .collect();
        parents.sort_unstable();
        parents.dedup();
        self.write_inner(delegation.parent, &parents, &Value::Object(inherited))?;
        Ok(Some(Value::Object(own)))
    }

    /// Seeding a delegating model: the inherited values go to the parent (seeded or
    /// completed), and the child's own values are answered with the link set.
    pub(super) fn seed_parent(
        &mut self,
        model: &str,
        values: Map<String, Value>,
    ) -> Result<Map<String, Value>, EmulatorError> {
        let Some(delegation) = self.delegation(model) else {
            return Ok(values);
        };
        let (mut own, mut inherited) = self.split_inherited(model, &values);
        if inherited.is_empty() {
            return Ok(own);
        }
        let existing = values
            .get("id")
            .and_then(Value::as_i64)
            .and_then(|id| self.record(model, id))
            .and_then(|record| record.get(delegation.link))
            .and_then(Value::as_i64);
        if let Some(parent) = own.get(delegation.link).and_then(link_id).or(existing) {
            inherited.insert("id".into(), json!(parent));
        }
        let parent = self.insert(delegation.parent, Value::Object(inherited))?;
        own.insert(delegation.link.to_owned(), json!(parent));
        Ok(own)
    }

    /// The parents that unlinking `ids` leaves without children and that go with them
    /// (`product.template`s of their last variants), found before the unlink.
    pub(super) fn parents_left_alone(&self, model: &str, ids: &[i64]) -> Vec<i64> {
        let Some(delegation) = self.delegation(model).filter(|d| d.unlink_parent) else {
            return Vec::new();
        };
        let parent_of = |id: i64| {
            self.record(model, id)
                .and_then(|r| r.get(delegation.link))
                .and_then(Value::as_i64)
        };
        let mut parents: Vec<i64> = ids.iter().filter_map(|id| parent_of(*id)).collect();
        parents.sort_unstable();
        parents.dedup();
        parents.retain(|parent| {
            self.ids(model)
                .into_iter()
                .filter(|other| !ids.contains(other))
                .all(|other| parent_of(other) != Some(*parent))
        });
        parents
    }
}

impl Store {
    /// Refuses to unlink parents a delegating model keeps (`res.partner`s of `res.users`):
    /// Odoo's `RedirectWarning` naming the active users of the contacts (its text, without
    /// the action Odoo appends), and the database's refusal for archived ones.
    pub(super) fn check_kept_parents(&self, model: &str, ids: &[i64]) -> Result<(), EmulatorError> {
        for delegation in DELEGATIONS
            .iter()
            .filter(|d| d.parent == model && !d.unlink_parent)
        {
            if self.delegation(delegation.child).is_none() {
                continue;
            }
            let children: Vec<i64> = self
                .ids(delegation.child)
                .into_iter()
                .filter(|child| {
                    self.record(delegation.child, *child)
                        .and_then(|r| r.get(delegation.link))
                        .and_then(Value::as_i64)
                        .is_some_and(|p| ids.contains(&p))
                })
                .collect();
            let active: Vec<String> = children
                .iter()
                .filter(|c| self.stored_value(delegation.child, **c, "active") != json!(false))
                .map(|c| self.display_name(delegation.child, *c))
                .collect();
            if !active.is_empty() {
                return Err(EmulatorError::new(
                    ExceptionClass::RedirectWarning,
                    format!(
                        "You cannot delete contacts linked to an active user.\nYou should rather archive them after archiving their associated user.\n\nLinked active users : {}",
                        active.join(", ")
                    ),
                ));
            }
            if !children.is_empty() {
                return Err(self.restricted(delegation));
            }
        }
        Ok(())
    }

    /// The database's refusal to delete a parent a child still points at, as each version
    /// words it.
    fn restricted(&self, delegation: &Delegation) -> EmulatorError {
        let child = self.schema.model(delegation.child);
        let description = child
            .and_then(|m| m.description.as_deref())
            .unwrap_or(delegation.child);
        if self.version.has(Feature::RewordedErrors) {
            let label = child
                .and_then(|m| m.field(delegation.link))
                .and_then(|f| f.string.as_deref())
                .unwrap_or(delegation.link);
            return EmulatorError::validation(format!(
                "The operation cannot be completed: Another model is using the record you are trying to delete.\n\nThe troublemaker is: '{description}' ({})\nThanks to the following constraint: '{label}' ({})\nHow about archiving the record instead?",
                delegation.child, delegation.link
            ));
        }
        EmulatorError::validation(format!(
            "The operation cannot be completed: another model requires the record being deleted. If possible, archive it instead.\n\nModel: {description} ({})\nConstraint: {}_{}_fkey\n",
            delegation.child,
            delegation.child.replace('.', "_"),
            delegation.link
        ))
    }
}

/// The id of a link value: an id or `[id, name]`.
fn link_id(value: &Value) -> Option<i64> {
    match value {
        Value::Number(n) => n.as_i64(),
        Value::Array(pair) => pair.first().and_then(Value::as_i64),
        Value::Object(o) => o.get("id").and_then(Value::as_i64),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::Store;
    use crate::OdooVersion;
    use odoo_core::SearchOptions;
    use odoo_schema::Schema;

    fn store() -> Store {
        let schema = Schema::from_json(include_str!("../demo/schema.json")).expect("demo schema");
        Store::new(schema, OdooVersion::V17)
    }

    #[test]
    fn a_variant_is_created_read_and_written_through_its_template() {
        let mut s = store();
        s.set_default("product.product", "sale_ok", json!(false));
        let product = s
            .create(
                "product.product",
                &json!({"name": "Chair", "list_price": 30.0, "default_code": "CH-1"}),
            )
            .expect("create");
        let template = s
            .stored_value("product.product", product, "product_tmpl_id")
            .as_i64()
            .expect("a template");
        assert_eq!(
            s.stored_value("product.template", template, "name"),
            json!("Chair")
        );
        assert_eq!(
            s.stored_value("product.template", template, "list_price"),
            json!(30.0)
        );
        // The template's defaults (the builder's for the variant first), the variant's own
        // code.
        assert_eq!(
            s.stored_value("product.template", template, "type"),
            json!("consu")
        );
        assert_eq!(
            s.stored_value("product.template", template, "sale_ok"),
            json!(false)
        );
        assert_eq!(
            s.stored_value("product.product", product, "default_code"),
            json!("CH-1")
        );
        s.write("product.product", &[product], &json!({"name": "Armchair"}))
            .expect("write");
        assert_eq!(
            s.stored_value("product.template", template, "name"),
            json!("Armchair")
        );
        let rows = s
            .read("product.product", &[product], Some(&["name".into()]))
            .expect("read");
        assert_eq!(rows, [json!({"id": product, "name": "Armchair"})]);
        let found = s
            .search(
                "product.product",
                &json!([["name", "=", "Armchair"]]),
                &SearchOptions::new(),
            )
            .expect("search");
        assert_eq!(found, [product]);
    }

    #[test]
    fn ordering_on_an_inherited_field_orders_by_the_parents() {
        let mut s = store();
        let ids: Vec<i64> = ["Zeta", "Alpha", "Mu"]
            .iter()
            .map(|name| {
                s.create("product.product", &json!({"name": name}))
                    .expect("create")
            })
            .collect();
        let found = s
            .search(
                "product.product",
                &json!([["id", "in", ids]]),
                &SearchOptions::new().order("name"),
            )
            .expect("search");
        assert_eq!(found, [ids[1], ids[2], ids[0]]);
    }

    #[test]
    fn the_last_variant_takes_its_template_along_a_user_leaves_its_partner() {
        let mut s = store();
        let first = s
            .create("product.product", &json!({"name": "Lamp"}))
            .expect("create");
        let template = s
            .stored_value("product.product", first, "product_tmpl_id")
            .as_i64()
            .expect("a template");
        let second = s
            .create(
                "product.product",
                &json!({"product_tmpl_id": template, "default_code": "L-2"}),
            )
            .expect("a second variant");
        s.unlink("product.product", &[first]).expect("unlink");
        assert!(s.exists("product.template", template), "a variant is left");
        s.unlink("product.product", &[second]).expect("unlink");
        assert!(!s.exists("product.template", template));

        s.insert("res.company", json!({"id": 1, "name": "Harbor"}))
            .expect("seed");
        let user = s
            .create("res.users", &json!({"name": "Una User", "login": "una"}))
            .expect("create a user");
        let partner = s
            .stored_value("res.users", user, "partner_id")
            .as_i64()
            .expect("a partner");
        assert_eq!(
            s.stored_value("res.partner", partner, "name"),
            json!("Una User")
        );
        assert_eq!(s.display_name("res.users", user), "Una User");
        let refused = s
            .unlink("res.partner", &[partner])
            .expect_err("an active user's");
        assert_eq!(
            refused.kind().class_name(),
            "odoo.exceptions.RedirectWarning"
        );
        assert!(refused
            .message()
            .ends_with("Linked active users : Una User"));
        s.write("res.users", &[user], &json!({"active": false}))
            .expect("archive");
        let refused = s.unlink("res.partner", &[partner]).expect_err("a user's");
        assert!(refused
            .message()
            .contains("Constraint: res_users_partner_id_fkey"));
        s.unlink("res.users", &[user]).expect("unlink");
        assert!(s.exists("res.partner", partner));
        s.unlink("res.partner", &[partner])
            .expect("a contact without user");
    }

    #[test]
    fn seeding_a_variant_seeds_its_template() {
        let mut s = store();
        s.insert(
            "product.product",
            json!({"id": 40, "product_tmpl_id": [30, "Desk"], "name": "Desk", "default_code": "D1"}),
        )
        .expect("seed");
        assert_eq!(
            s.stored_value("product.template", 30, "name"),
            json!("Desk")
        );
        assert_eq!(s.display_name("product.product", 40), "[D1] Desk");
        s.insert("product.product", json!({"id": 41, "name": "Shelf"}))
            .expect("seed without a template");
        let template = s.stored_value("product.product", 41, "product_tmpl_id");
        assert!(template.is_i64(), "{template}");
        assert_eq!(s.display_name("product.product", 41), "Shelf");
    }
}
