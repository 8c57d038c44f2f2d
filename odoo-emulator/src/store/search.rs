//! Searching: domain, `active_test`, order, offset and limit.

use serde_json::{json, Value};

use super::{invalid_field, Store};
use crate::domain::{self, DomainExpr};
use crate::error::{py_repr, EmulatorError};
use odoo_core::SearchOptions;
use odoo_schema::FieldType;

impl Store {
    /// The ids matching a domain, after `active_test` (records with `active = false` are left
    /// out unless the domain mentions `active` or the context sets `active_test` to false),
    /// in `order` (`"name desc, id"`; default: the model's own order, see `default_order`),
    /// then `offset` and `limit`.
    ///
    /// ```
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # tokio::runtime::Builder::new_current_thread().enable_all().build()?.block_on(async {
    /// use odoo_emulator::{Emulator, OdooVersion};
    /// use odoo_core::SearchOptions;
    /// use serde_json::json;
    ///
    /// let emu = Emulator::demo(OdooVersion::V18).await?;
    /// let ids = emu.with_store(|store| {
    ///     store.search("res.partner", &json!([["is_company", "=", true]]), &SearchOptions::new().order("name desc").limit(2))
    /// })?;
    /// assert_eq!(ids.len(), 2);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// # })
    /// # }
    /// ```
    pub fn search(
        &self,
        model: &str,
        domain: &Value,
        options: &SearchOptions,
    ) -> Result<Vec<i64>, EmulatorError> {
        let active_test = options
            .get_context()
            .and_then(|c| c.get("active_test"))
            .and_then(Value::as_bool);
        self.search_ids(
            model,
            domain,
            options.get_order(),
            options
                .get_offset()
                .and_then(|n| usize::try_from(n).ok())
                .unwrap_or(0),
            options
                .get_limit()
                .filter(|n| *n > 0)
                .and_then(|n| usize::try_from(n).ok()),
            active_test,
        )
    }

    /// [`Store::search`] with its options spelled out; `active_test` overrides the call's
    /// context.
    pub(crate) fn search_ids(
        &self,
        model: &str,
        domain: &Value,
        order: Option<&str>,
        offset: usize,
        limit: Option<usize>,
        active_test: Option<bool>,
    ) -> Result<Vec<i64>, EmulatorError> {
        let model_schema = self.model_schema(model)?;
        let parsed = DomainExpr::parse(domain)?;
        domain::check(self, model, &parsed, self.version)?;
        self.check_domain_access(model, &parsed)?;
        let scope = self.company_scope(model)?;
        let wanted =
            active_test.unwrap_or(self.context.get("active_test") != Some(&Value::Bool(false)));
        let active_test =
            wanted && model_schema.field("active").is_some() && !parsed.mentions("active");
        let mut ids: Vec<i64> = self
            .ids(model)
            .into_iter()
            .filter(|id| {
                (!active_test || self.stored_value(model, *id, "active") != Value::Bool(false))
                    && self.in_company_scope(model, *id, scope.as_deref())
                    && domain::matches(self, model, *id, &parsed)
            })
            .collect();
        match order.filter(|o| !o.trim().is_empty()) {
            Some(order) => self.sort(model, &mut ids, Some(order))?,
            None => self.sort_default(model, &mut ids),
        }
        Ok(ids
            .into_iter()
            .skip(offset)
            .take(limit.unwrap_or(usize::MAX))
            .collect())
    }

    pub(super) fn sort(
        &self,
        model: &str,
        ids: &mut [i64],
        order: Option<&str>,
    ) -> Result<(), EmulatorError> {
        let keys = self.order_keys(model, order)?;
        let sort_value = |id: i64, field: &str| -> Value {
            let value = self.stored_value(model, id, field);
            let f = self.schema.model(model).and_then(|m| m.field(field));
            match (f.map(|f| &f.field_type), &value) {
                (Some(FieldType::Many2one), Value::Number(n)) => {
                    let relation = f.and_then(|f| f.relation.as_deref()).unwrap_or_default();
                    Value::String(self.display_name(relation, n.as_i64().unwrap_or(0)))
                }
                // Booleans order false < true; they are never "empty".
                (Some(FieldType::Boolean), _) => json!(i64::from(value.as_bool().unwrap_or(false))),
                _ => value,
            }
        };
        ids.sort_by(|a, b| {
            for (field, descending) in &keys {
                let (va, vb) = (sort_value(*a, field), sort_value(*b, field));
                let ordering = match (
                    domain::is_empty(&va) && !va.is_number(),
                    domain::is_empty(&vb) && !vb.is_number(),
                ) {
                    (true, true) => std::cmp::Ordering::Equal,
                    // Empty values sort last ascending, first descending (PostgreSQL's NULLS).
                    (true, false) => std::cmp::Ordering::Greater,
                    (false, true) => std::cmp::Ordering::Less,
                    (false, false) => {
                        domain::compare_values(&va, &vb).unwrap_or(std::cmp::Ordering::Equal)
                    }
                };
                let ordering = if *descending {
                    ordering.reverse()
                } else {
                    ordering
                };
                if ordering != std::cmp::Ordering::Equal {
                    return ordering;
                }
            }
            a.cmp(b)
        });
        Ok(())
    }

    /// The fields of an `order` clause with their direction (descending or not), checked as
    /// Odoo checks them; `id` when the clause names nothing to sort by.
    fn order_keys(
        &self,
        model: &str,
        order: Option<&str>,
    ) -> Result<Vec<(String, bool)>, EmulatorError> {
        let mut keys: Vec<(String, bool)> = Vec::new();
        for part in order.unwrap_or("id").split(',') {
            let words: Vec<&str> = part.split_whitespace().collect();
            let Some(field) = words.first() else { continue };
            let field = field.trim_matches('"');
            let direction = words.get(1).map(|w| w.to_ascii_lowercase());
            let nulls = words.get(2..).map(|w| w.join(" ").to_ascii_lowercase());
            let valid_direction = matches!(direction.as_deref(), None | Some("asc" | "desc"));
            let valid_nulls = matches!(
                nulls.as_deref(),
                None | Some("") | Some("nulls first" | "nulls last")
            );
            if !valid_direction || !valid_nulls {
                return Err(EmulatorError::value_error(format!(
                    "Invalid order {}",
                    py_repr(&Value::String(order.unwrap_or_default().to_owned()))
                )));
            }
            if field != "id"
                && self
                    .schema
                    .model(model)
                    .and_then(|m| m.field(field))
                    .is_none()
            {
                return Err(invalid_field(field, model));
            }
            if self.order_field(model, field)? {
                keys.push((field.to_owned(), direction.as_deref() == Some("desc")));
            }
        }
        if keys.is_empty() {
            keys.push(("id".into(), false));
        }
        Ok(keys)
    }
}
