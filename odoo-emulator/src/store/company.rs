//! The multi-company scope: which records a call sees by their company, and the refusal of
//! companies the user may not use.
//!
//! Odoo scopes records by per-model rules (`ir.rule`); the emulator decides by the schema:
//! a model with a `company_id` many2one to `res.company` is scoped, its records with a
//! company outside the call's companies invisible (those without one stay visible), as
//! Odoo's usual rule `['|', ('company_id', '=', False), ('company_id', 'in', company_ids)]`
//! does. `res.users` is left unscoped (Odoo's rule there keeps internal users visible). The
//! call's companies are the context's `allowed_company_ids`, else the user's companies; a
//! user with every company (the default) who names none sees every record, even one whose
//! company the seeds left out.

use serde_json::Value;

use super::Store;
use crate::error::EmulatorError;
use crate::Feature;
use odoo_schema::FieldType;

/// The field that holds a record's company.
const COMPANY_FIELD: &str = "company_id";
/// The model of companies.
const COMPANY_MODEL: &str = "res.company";

impl Store {
    /// Whether `model` has a company: a `company_id` many2one to `res.company`, in a schema
    /// that has companies.
    fn has_company(&self, model: &str) -> bool {
        self.schema.model(COMPANY_MODEL).is_some()
            && self
                .schema
                .model(model)
                .and_then(|m| m.field(COMPANY_FIELD))
                .is_some_and(|f| {
                    f.field_type == FieldType::Many2one
                        && f.relation.as_deref() == Some(COMPANY_MODEL)
                })
    }

    /// The companies the caller may work in (every company of the database by default).
    pub(crate) fn caller_companies(&self) -> Vec<i64> {
        match self.caller.as_ref().and_then(|c| c.companies.clone()) {
            Some(companies) => companies,
            None => self.ids(COMPANY_MODEL),
        }
    }

    /// The companies the call works in, `None` when it sees every record: the context's
    /// `allowed_company_ids`, else the caller's companies (`None` for a caller with every
    /// company, and outside calls). Naming a company the caller may not use (or anything but
    /// company ids) is Odoo's AccessError.
    fn call_companies(&self) -> Result<Option<Vec<i64>>, EmulatorError> {
        let Some(caller) = &self.caller else {
            return Ok(None);
        };
        let asked = match self.context.get("allowed_company_ids") {
            None | Some(Value::Null | Value::Bool(false)) => return Ok(caller.companies.clone()),
            Some(Value::Array(items)) => {
                items.iter().map(Value::as_i64).collect::<Option<Vec<_>>>()
            }
            Some(_) => None,
        };
        match asked {
            Some(asked) if asked.is_empty() => Ok(caller.companies.clone()),
            Some(asked) if asked.iter().all(|c| self.caller_companies().contains(c)) => {
                Ok(Some(asked))
            }
            _ => Err(EmulatorError::access_error(
                "Access to unauthorized or invalid companies.",
            )),
        }
    }

    /// Refuses a call on a model with a company when the context names companies the caller
    /// may not use.
    pub(crate) fn check_allowed_companies(&self, model: &str) -> Result<(), EmulatorError> {
        if self.has_company(model) {
            self.call_companies()?;
        }
        Ok(())
    }

    /// The companies whose records of `model` the call sees; `None` when it sees them all.
    pub(crate) fn company_scope(&self, model: &str) -> Result<Option<Vec<i64>>, EmulatorError> {
        if !self.has_company(model) || model == "res.users" {
            return Ok(None);
        }
        self.call_companies()
    }

    /// Whether record `id` is in `scope` (see [`Store::company_scope`]): no company, or one
    /// of the scope's.
    pub(crate) fn in_company_scope(&self, model: &str, id: i64, scope: Option<&[i64]>) -> bool {
        let Some(scope) = scope else {
            return true;
        };
        match self.stored_value(model, id, COMPANY_FIELD).as_i64() {
            Some(company) => scope.contains(&company),
            None => true,
        }
    }

    /// Refuses a call on records (`read`, `write`...) that the company scope hides, with the
    /// AccessError of Odoo's record rules as the played version words it.
    pub(crate) fn check_company_scope(
        &self,
        model: &str,
        ids: &[i64],
    ) -> Result<(), EmulatorError> {
        let scope = self.company_scope(model)?;
        let hidden: Vec<i64> = ids
            .iter()
            .copied()
            .filter(|id| self.exists(model, *id))
            .filter(|id| !self.in_company_scope(model, *id, scope.as_deref()))
            .collect();
        if hidden.is_empty() {
            return Ok(());
        }
        Err(EmulatorError::access_error(
            self.record_rule_message(model, &hidden),
        ))
    }

    /// The message of Odoo's record-rule AccessError for records of `model` hidden by their
    /// company (16: "Due to security restrictions"; from 17 the longer text naming the user,
    /// and from 18 which company to switch to).
    fn record_rule_message(&self, model: &str, hidden: &[i64]) -> String {
        let description = self
            .schema
            .model(model)
            .and_then(|m| m.description.clone())
            .unwrap_or_else(|| model.to_owned());
        if !self.version.has(Feature::RecordRuleErrorNamesUser) {
            return format!(
                "Due to security restrictions, you are not allowed to access '{description}' ({model}) records.\n\nContact your administrator to request access if necessary."
            );
        }
        let (name, uid) = self
            .caller
            .as_ref()
            .map_or((String::new(), self.uid), |c| (c.name.clone(), c.uid));
        let mut message = format!(
            "Uh-oh! Looks like you have stumbled upon some top-secret records.\n\nSorry, {name} (id={uid}) doesn't have 'read' access to:\n- {description} ({model})\n\nIf you really, really need access, perhaps you can win over your friendly administrator with a batch of freshly baked cookies."
        );
        if self.version.has(Feature::CompanyErrorSuggestsCompany) {
            message.push_str(&self.company_suggestion(model, hidden));
        }
        message
    }

    /// What Odoo 18 and later add about the company of the hidden records.
    fn company_suggestion(&self, model: &str, hidden: &[i64]) -> String {
        let mut companies: Vec<i64> = hidden
            .iter()
            .take(6)
            .filter_map(|id| self.stored_value(model, *id, COMPANY_FIELD).as_i64())
            .collect();
        companies.sort_unstable();
        companies.dedup();
        match companies.as_slice() {
            [] => String::new(),
            [one] if self.caller_companies().contains(one) => format!(
                "\n\nThis seems to be a multi-company issue, you might be able to access the record by switching to the company: {}.",
                self.display_name(COMPANY_MODEL, *one)
            ),
            [_] => "\n\nThis seems to be a multi-company issue, but you do not have access to the proper company to access the record anyhow.".to_owned(),
            _ => "\n\nNote: this might be a multi-company issue. Switching company may help - in Odoo, not in real life!".to_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Map, Value};

    use crate::access::caller::Caller;
    use crate::access::field_groups::Membership;
    use crate::store::Store;
    use crate::OdooVersion;
    use odoo_schema::Schema;

    /// The demo schema with two companies and a contact in each, and one in none.
    fn store(version: OdooVersion) -> Store {
        let schema = Schema::from_json(include_str!("../demo/schema.json")).expect("schema");
        let mut store = Store::new(schema, version);
        for (id, name) in [(1, "North"), (2, "South")] {
            store
                .insert("res.company", json!({"id": id, "name": name}))
                .expect("company");
        }
        for (id, company) in [(10, json!(1)), (11, json!(2)), (12, json!(false))] {
            store
                .insert(
                    "res.partner",
                    json!({"id": id, "name": format!("P{id}"), "company_id": company}),
                )
                .expect("partner");
        }
        store
    }

    fn as_user(store: &mut Store, companies: Option<Vec<i64>>, context: Value) {
        let caller = Caller {
            uid: 2,
            name: "Ann".into(),
            membership: Membership::Administrator,
            companies,
        };
        let context: Map<String, Value> = context.as_object().cloned().unwrap_or_default();
        store.set_env(2, context, Some(caller));
    }

    fn search(store: &Store) -> Result<Vec<i64>, String> {
        store
            .search_ids("res.partner", &json!([]), None, 0, None, None)
            .map_err(|e| e.message().to_owned())
    }

    #[test]
    fn allowed_companies_scope_the_records_of_models_with_a_company() {
        let mut s = store(OdooVersion::V17);
        assert_eq!(search(&s), Ok(vec![10, 11, 12]), "outside calls: all");
        as_user(&mut s, None, json!({}));
        assert_eq!(search(&s), Ok(vec![10, 11, 12]), "every company");
        as_user(&mut s, None, json!({"allowed_company_ids": [2]}));
        assert_eq!(search(&s), Ok(vec![11, 12]));
        assert!(s.check_company_scope("res.partner", &[11, 12, 99]).is_ok());
        let refused = s
            .check_company_scope("res.partner", &[10])
            .expect_err("hidden");
        assert!(refused.message().contains("Sorry, Ann (id=2)"), "{refused}");
        as_user(&mut s, Some(vec![1]), json!({}));
        assert_eq!(search(&s), Ok(vec![10, 12]), "the user's companies");
        as_user(
            &mut s,
            Some(vec![1]),
            json!({"allowed_company_ids": [1, 2]}),
        );
        let invalid = Err("Access to unauthorized or invalid companies.".to_owned());
        assert_eq!(search(&s), invalid);
        as_user(&mut s, None, json!({"allowed_company_ids": "1"}));
        assert_eq!(search(&s), invalid, "not a list of ids");
        // Countries have no company: nothing to scope nor to refuse.
        assert!(s.check_allowed_companies("res.country").is_ok());
        s.clear_env();
        assert_eq!(search(&s), Ok(vec![10, 11, 12]));
    }

    #[test]
    fn the_refusal_suggests_a_company_from_18() {
        let mut s = store(OdooVersion::V18);
        as_user(
            &mut s,
            Some(vec![1, 2]),
            json!({"allowed_company_ids": [1]}),
        );
        let one = s
            .check_company_scope("res.partner", &[11])
            .expect_err("hidden");
        assert!(
            one.message()
                .ends_with("by switching to the company: South."),
            "{one}"
        );
        as_user(&mut s, Some(vec![1]), json!({}));
        let foreign = s
            .check_company_scope("res.partner", &[11])
            .expect_err("hidden");
        assert!(
            foreign.message().ends_with("to access the record anyhow."),
            "{foreign}"
        );
        let mut old = store(OdooVersion::V16);
        as_user(&mut old, None, json!({"allowed_company_ids": [1]}));
        let refused = old
            .check_company_scope("res.partner", &[11])
            .expect_err("hidden");
        assert!(
            refused
                .message()
                .starts_with("Due to security restrictions, you are not allowed to access"),
            "{refused}"
        );
    }
}
