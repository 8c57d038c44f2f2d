//! Field-level access of the call's user: a field whose `groups` the user is not in cannot
//! be read nor written, is left out of reads that name no fields and of `fields_get`, and
//! (from Odoo 17) cannot appear in a domain or an order.

use serde_json::Value;

use super::Store;
use crate::access::field_groups::Refusal;
use crate::domain::DomainExpr;
use crate::error::EmulatorError;
use crate::Feature;

impl Store {
    /// The `groups` of a field the caller may not access; `None` when the caller may (or
    /// the field has no groups, or there is no caller).
    fn refused_groups(&self, model: &str, field: &str) -> Option<String> {
        let caller = self.caller.as_ref()?;
        let spec = self.schema.model(model)?.field(field)?.groups.as_deref()?;
        (!caller.membership.allows(spec)).then(|| spec.to_owned())
    }

    /// Whether the caller may read and write `field` of `model`.
    pub(crate) fn field_accessible(&self, model: &str, field: &str) -> bool {
        self.refused_groups(model, field).is_none()
    }

    /// Refuses `fields` of `model` the caller may not access, with the AccessError of the
    /// played version; `operation` is `read` or `write`.
    pub(crate) fn check_field_access<'a>(
        &self,
        model: &str,
        fields: impl IntoIterator<Item = &'a str>,
        operation: &str,
    ) -> Result<(), EmulatorError> {
        let Some(caller) = &self.caller else {
            return Ok(());
        };
        let mut refused: Vec<(String, String)> = Vec::new();
        for field in fields {
            if refused.iter().any(|(name, _)| name == field) {
                continue;
            }
            if let Some(spec) = self.refused_groups(model, field) {
                refused.push((field.to_owned(), spec));
            }
        }
        if refused.is_empty() {
            return Ok(());
        }
        let description = self
            .schema
            .model(model)
            .and_then(|m| m.description.as_deref())
            .unwrap_or(model);
        Err(Refusal {
            model,
            description,
            operation,
            uid: caller.uid,
            membership: &caller.membership,
            fields: refused,
        }
        .error(self.version))
    }

    /// From Odoo 17, refuses a domain that names a field the caller may not read (on the
    /// model or along a path).
    pub(crate) fn check_domain_access(
        &self,
        model: &str,
        domain: &DomainExpr,
    ) -> Result<(), EmulatorError> {
        if !self.version.has(Feature::SearchChecksFieldAccess) || self.caller.is_none() {
            return Ok(());
        }
        match domain {
            DomainExpr::True | DomainExpr::False => Ok(()),
            DomainExpr::And(parts) | DomainExpr::Or(parts) => parts
                .iter()
                .try_for_each(|part| self.check_domain_access(model, part)),
            DomainExpr::Not(inner) => self.check_domain_access(model, inner),
            DomainExpr::Leaf(leaf) => {
                let mut current = model.to_owned();
                for segment in leaf.path.split('.') {
                    self.check_field_access(&current, [segment], "read")?;
                    let relation = self
                        .schema
                        .model(&current)
                        .and_then(|m| m.field(segment))
                        .and_then(|f| f.relation.clone());
                    match relation {
                        Some(relation) => current = relation,
                        None => break,
                    }
                }
                if matches!(leaf.operator.as_str(), "any" | "not any") {
                    if let Ok(sub) = DomainExpr::parse(&leaf.value) {
                        self.check_domain_access(&current, &sub)?;
                    }
                }
                Ok(())
            }
        }
    }

    /// The fields a read that names none returns: those the caller may access.
    pub(crate) fn accessible_fields(&self, model: &str) -> Vec<String> {
        self.schema
            .model(model)
            .map(|m| {
                m.fields
                    .keys()
                    .filter(|name| self.field_accessible(model, name))
                    .cloned()
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Refuses the keys of a specification (`web_read`) the caller may not read.
    pub(crate) fn check_specification_access(
        &self,
        model: &str,
        spec: &serde_json::Map<String, Value>,
    ) -> Result<(), EmulatorError> {
        self.check_field_access(model, spec.keys().map(String::as_str), "read")
    }
}
