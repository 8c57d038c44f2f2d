//! The multi-company scope: which records a call sees by their company, and the refusal of
//! companies the user may not use.
//!
//! Odoo scopes records by per-model rules (`ir.rule`); the emulator decides by the schema:
//! a model with a `company_id` many2one to `res.company` is scoped, its records with a
//! company outside the call's companies invisible (those without one stay visible), as
//! Odoo's usual rule `['|', ('company_id', '=', False), ('company_id', 'in', company_ids)]`
//! does. `res.users` is left unscoped (Odoo's rule there keeps internal users visible). The
//! call's companies are the context's `allowed_company_ids`, else every company of the
//! user.

use serde_json::Value;

use super::Store;
use crate::error::EmulatorError;
use crate::OdooVersion;
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

    /// The companies the call works in, `None` outside calls (nothing is scoped): the
    /// context's `allowed_company_ids`, else the caller's companies. Naming a company the
    /// caller may not use (or anything but company ids) is Odoo's AccessError.
    fn call_companies(&self) -> Result<Option<Vec<i64>>, EmulatorError> {
        if self.caller.is_none() {
            return Ok(None);
        }
        let mine = self.caller_companies();
        let Some(asked) = self.context.get("allowed_company_ids") else {
            return Ok(Some(mine));
        };
        let asked = match asked {
            Value::Array(items) => items.iter().map(Value::as_i64).collect::<Option<Vec<_>>>(),
            Value::Null | Value::Bool(false) => Some(Vec::new()),
            _ => None,
        };
        match asked {
            Some(asked) if asked.is_empty() => Ok(Some(mine)),
            Some(asked) if asked.iter().all(|c| mine.contains(c)) => Ok(Some(asked)),
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
        if self.version == OdooVersion::V16 {
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
        if self.version >= OdooVersion::V18 {
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
