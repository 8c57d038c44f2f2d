//! `name_search`: the `[id, display name]` pairs of the records whose name matches, in the
//! model's order, as Odoo 16 to 19 search them:
//!
//! - products (`product.product`, `product.template`) by internal reference first (an exact
//!   `default_code`, else an exact `barcode`), else by reference then name with the operator,
//!   else by the `[CODE]` a pasted display name holds;
//! - locations and categories by `complete_name`, contacts by complete name, email,
//!   reference and VAT number, other models by `name` (else `display_name`).

use serde_json::{json, Value};

use crate::error::EmulatorError;
use crate::store::Store;

/// The operators a product's exact code is looked up for.
const POSITIVE: &[&str] = &["=", "ilike", "=ilike", "like", "=like"];

/// A `name_search` call.
pub(super) struct NameSearch<'a> {
    /// The model searched.
    pub model: &'a str,
    /// The name looked for.
    pub name: &'a str,
    /// How it is compared (`ilike` by default).
    pub operator: &'a str,
    /// The domain the records must also match.
    pub domain: Vec<Value>,
    /// How many pairs at most.
    pub limit: usize,
}

impl NameSearch<'_> {
    /// The `[id, display name]` pairs found.
    pub(super) fn run(&self, store: &Store) -> Result<Value, EmulatorError> {
        let ids = if self.name.is_empty() && self.operator == "ilike" {
            self.search(store, Vec::new(), self.limit)?
        } else if matches!(self.model, "product.product" | "product.template") {
            self.products(store)?
        } else {
            let leaves: Vec<Value> = self
                .fields(store)
                .into_iter()
                .map(|field| json!([field, self.operator, self.name]))
                .collect();
            self.search(store, combine(leaves, self.is_negative()), self.limit)?
        };
        Ok(Value::Array(
            ids.into_iter()
                .map(|id| json!([id, store.display_name(self.model, id)]))
                .collect(),
        ))
    }

    fn is_negative(&self) -> bool {
        self.operator.starts_with('!') || self.operator.starts_with("not ")
    }

    /// The fields a name is looked for in: of each group, the first the schema has.
    fn fields(&self, store: &Store) -> Vec<&'static str> {
        const NAME: &[&str] = &["name", "display_name"];
        let groups: &[&[&'static str]] = match self.model {
            "stock.location" => &[&["complete_name", "name"], &["barcode"]],
            "product.category" => &[&["complete_name", "name"]],
            "res.partner" => &[
                &["complete_name", "display_name", "name"],
                &["email"],
                &["ref"],
                &["vat"],
            ],
            _ => &[NAME],
        };
        let model = store.schema().model(self.model);
        let found: Vec<&'static str> = groups
            .iter()
            .filter_map(|group| {
                group
                    .iter()
                    .copied()
                    .find(|f| model.is_some_and(|m| m.field(f).is_some()))
            })
            .collect();
        if found.is_empty() {
            vec!["display_name"]
        } else {
            found
        }
    }

    /// The records matching the call's domain and `more`, in the model's order.
    fn search(
        &self,
        store: &Store,
        more: Vec<Value>,
        limit: usize,
    ) -> Result<Vec<i64>, EmulatorError> {
        let mut domain = self.domain.clone();
        domain.extend(more);
        store.search_ids(
            self.model,
            &Value::Array(domain),
            None,
            0,
            Some(limit),
            None,
        )
    }

    /// Products: by exact code or barcode, else by code then name, else by a `[CODE]`.
    fn products(&self, store: &Store) -> Result<Vec<i64>, EmulatorError> {
        let (name, op) = (self.name, self.operator);
        let has = |field: &str| {
            store
                .schema()
                .model(self.model)
                .is_some_and(|m| m.field(field).is_some())
        };
        let positive = POSITIVE.contains(&op);
        let mut found = Vec::new();
        if positive {
            for field in ["default_code", "barcode"].into_iter().filter(|f| has(f)) {
                found = self.search(store, vec![json!([field, "=", name])], self.limit)?;
                if !found.is_empty() {
                    return Ok(found);
                }
            }
        }
        if self.is_negative() {
            let domain = json!([
                "&",
                ["name", op, name],
                "|",
                ["default_code", op, name],
                ["default_code", "=", false]
            ]);
            return self.search(store, domain_items(domain), self.limit);
        }
        if has("default_code") {
            found = self.search(store, vec![json!(["default_code", op, name])], self.limit)?;
        }
        if found.len() < self.limit {
            let more = vec![json!(["name", op, name]), json!(["id", "not in", found])];
            let rest = self.search(store, more, self.limit - found.len())?;
            found.extend(rest);
        }
        if found.is_empty() && positive && has("default_code") {
            if let Some(code) = bracketed_code(name) {
                found = self.search(store, vec![json!(["default_code", "=", code])], self.limit)?;
            }
        }
        Ok(found)
    }
}

/// Leaves joined by `|` (by `&` for a negative operator), in prefix notation.
fn combine(leaves: Vec<Value>, negative: bool) -> Vec<Value> {
    let joiner = if negative { "&" } else { "|" };
    let mut domain = Vec::new();
    for _ in 1..leaves.len() {
        domain.push(json!(joiner));
    }
    domain.extend(leaves);
    domain
}

fn domain_items(domain: Value) -> Vec<Value> {
    match domain {
        Value::Array(items) => items,
        _ => Vec::new(),
    }
}

/// The `CODE` of a name holding `[CODE]`, as Odoo reads a pasted display name.
fn bracketed_code(name: &str) -> Option<&str> {
    let start = name.find('[')?;
    let end = start + name[start..].find(']')?;
    Some(&name[start + 1..end])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pasted_display_name_gives_its_code() {
        assert_eq!(bracketed_code("[DESK0005] Desk"), Some("DESK0005"));
        assert_eq!(bracketed_code("Desk"), None);
    }

    #[test]
    fn leaves_join_in_prefix_notation() {
        let leaves = vec![json!(["a", "=", 1]), json!(["b", "=", 1])];
        assert_eq!(combine(leaves.clone(), false)[0], json!("|"));
        assert_eq!(combine(leaves, true)[0], json!("&"));
        assert_eq!(combine(vec![json!(["a", "=", 1])], false).len(), 1);
    }
}
