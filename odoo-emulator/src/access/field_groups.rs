//! Field-level groups: which fields a user may read or write (a field's `groups`
//! attribute), and the AccessError each version words for a refused field.

use std::collections::BTreeSet;

use crate::error::{py_repr, EmulatorError};
use crate::Feature;
use crate::OdooVersion;
use serde_json::Value;

/// The `groups` of a field nobody may access over the API, not even an administrator
/// (Odoo's `fields.NO_ACCESS`, e.g. `res.users.totp_secret`).
pub(crate) const NO_ACCESS: &str = ".";

/// The group whose members get the detailed field AccessError (Odoo's "Technical Features").
const TECHNICAL: &str = "base.group_no_one";

/// The user types an administrator is not: `base.group_portal` and `base.group_public`.
const OTHER_USER_TYPES: [&str; 2] = ["base.group_portal", "base.group_public"];

/// The groups a user is in, by XML id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Membership {
    /// An administrator: every group but the portal and public user types.
    Administrator,
    /// These groups only.
    Groups(BTreeSet<String>),
}

impl Membership {
    /// Whether the user is in the group `xmlid`.
    pub(crate) fn has(&self, xmlid: &str) -> bool {
        match self {
            Membership::Administrator => !OTHER_USER_TYPES.contains(&xmlid) && xmlid != NO_ACCESS,
            Membership::Groups(groups) => groups.contains(xmlid),
        }
    }

    /// Whether the user may access a field whose `groups` attribute is `spec`, as Odoo's
    /// `user_has_groups` decides: not in any `!group` listed, and in one of the others (when
    /// some are listed). `.` allows nobody.
    pub(crate) fn allows(&self, spec: &str) -> bool {
        let spec = spec.trim();
        if spec.is_empty() {
            return true;
        }
        if spec == NO_ACCESS {
            return false;
        }
        let mut positive = Vec::new();
        for group in spec.split(',').map(str::trim).filter(|g| !g.is_empty()) {
            match group.strip_prefix('!') {
                Some(negated) if self.has(negated) => return false,
                Some(_) => {}
                None => positive.push(group),
            }
        }
        positive.is_empty() || positive.iter().any(|g| self.has(g))
    }

    /// Whether the refusals name the groups that would allow the field (members of
    /// "Technical Features" get the detailed message).
    fn technical(&self) -> bool {
        self.has(TECHNICAL)
    }
}

/// Groups Odoo's demo databases have, in the order of their ids there: XML id, display name
/// on 16 and 17, on 18, on 19.
const KNOWN_GROUPS: &[(&str, &str, &str, &str)] = &[
    (
        "base.group_user",
        "User types / Internal User",
        "User types / Internal User",
        "Role / User",
    ),
    (
        "base.group_erp_manager",
        "Administration / Access Rights",
        "Administration / Access Rights",
        "Access Rights",
    ),
    (
        "base.group_system",
        "Administration / Settings",
        "Administration / Settings",
        "Role / Administrator",
    ),
    (
        "base.group_multi_company",
        "Extra Rights / Multi Companies",
        "Extra Rights / Multi Companies",
        "Multi Companies",
    ),
    (
        "base.group_no_one",
        "Extra Rights / Technical Features",
        "Extra Rights / Technical Features",
        "Technical Features",
    ),
    (
        "base.group_partner_manager",
        "Extra Rights / Contact Creation",
        "Extra Rights / Contact Creation",
        "Contact / Creation",
    ),
    (
        "base.group_portal",
        "User types / Portal",
        "User types / Portal",
        "Role / Portal",
    ),
    (
        "base.group_public",
        "User types / Public",
        "User types / Public",
        "Role / Public",
    ),
    (
        "sales_team.group_sale_salesman",
        "Sales / User: Own Documents Only",
        "Sales / User: Own Documents Only",
        "Sales / User: Own Documents Only",
    ),
    (
        "sales_team.group_sale_manager",
        "Sales / Administrator",
        "Sales / Administrator",
        "Sales / Administrator",
    ),
    (
        "account.group_account_readonly",
        "Technical / Show Accounting Features - Readonly",
        "Technical / Show Accounting Features - Readonly",
        "Show Accounting Features - Readonly",
    ),
    (
        "account.group_account_invoice",
        "Invoicing / Billing",
        "Invoicing / Invoicing",
        "Accounting / Invoicing",
    ),
    (
        "stock.group_stock_manager",
        "Inventory / Administrator",
        "Inventory / Administrator",
        "Inventory / Administrator",
    ),
];

/// A group's display name as `version` writes it, and its rank (Odoo lists groups by id);
/// a group the table does not know is named by its XML id and ranked after the known ones.
fn group_name(xmlid: &str, version: OdooVersion) -> (usize, String) {
    match KNOWN_GROUPS.iter().position(|g| g.0 == xmlid) {
        Some(rank) => {
            let (_, old, v18, v19) = KNOWN_GROUPS[rank];
            let name = version.pick(old, &[(OdooVersion::V18, v18), (OdooVersion::V19, v19)]);
            (rank, name.to_owned())
        }
        None => (KNOWN_GROUPS.len(), xmlid.to_owned()),
    }
}

/// `'A', 'B'`: the display names of groups, in Odoo's order (by id), quoted as Python's
/// `repr`.
fn quoted_names<'a>(groups: impl Iterator<Item = &'a str>, version: OdooVersion) -> String {
    let mut named: Vec<(usize, String)> = groups.map(|g| group_name(g, version)).collect();
    named.sort();
    named.dedup();
    named
        .iter()
        .map(|(_, name)| py_repr(&Value::String(name.clone())))
        .collect::<Vec<_>>()
        .join(", ")
}

/// What the detailed message says of a field's groups: `always forbidden`,
/// `allowed for groups 'A'` (with `; forbidden for groups 'B'` on 16 and 17).
fn describe_groups(spec: &str, version: OdooVersion) -> String {
    if spec.trim() == NO_ACCESS {
        return "always forbidden".to_owned();
    }
    let groups: Vec<&str> = spec
        .split(',')
        .map(str::trim)
        .filter(|g| !g.is_empty())
        .collect();
    if version.has(Feature::FieldAccessNamesGroups) {
        let all = groups.iter().map(|g| g.trim_start_matches('!'));
        return format!("allowed for groups {}", quoted_names(all, version));
    }
    let allowed: Vec<&str> = groups
        .iter()
        .copied()
        .filter(|g| !g.starts_with('!'))
        .collect();
    let forbidden: Vec<&str> = groups.iter().filter_map(|g| g.strip_prefix('!')).collect();
    let mut parts = Vec::new();
    if !allowed.is_empty() {
        parts.push(format!(
            "allowed for groups {}",
            quoted_names(allowed.into_iter(), version)
        ));
    }
    if !forbidden.is_empty() {
        parts.push(format!(
            "forbidden for groups {}",
            quoted_names(forbidden.into_iter(), version)
        ));
    }
    parts.join("; ")
}

/// Fields a user was refused: on which model, for which operation, and each field with its
/// `groups`, in the order the call named them.
#[derive(Debug)]
pub(crate) struct Refusal<'a> {
    /// The model, e.g. `res.users`.
    pub model: &'a str,
    /// Its description, e.g. `User`.
    pub description: &'a str,
    /// `read` or `write`.
    pub operation: &'a str,
    /// The user refused.
    pub uid: i64,
    /// The user's groups.
    pub membership: &'a Membership,
    /// The fields refused and their `groups`, in the order asked.
    pub fields: Vec<(String, String)>,
}

impl Refusal<'_> {
    /// The AccessError `version` raises: 16 and 17 list the fields under "security
    /// restrictions" (or, to users outside Technical Features, name them in one line); 18
    /// names them in a line and lists them for technical users; 19 names only the first.
    pub(crate) fn error(&self, version: OdooVersion) -> EmulatorError {
        let (model, description, operation) = (self.model, self.description, self.operation);
        let technical = self.membership.technical();
        let names: Vec<&str> = self.fields.iter().map(|(name, _)| name.as_str()).collect();
        let mut sorted = self.fields.clone();
        sorted.sort();
        let listed = sorted
            .iter()
            .map(|(name, spec)| format!("- {name} ({})", describe_groups(spec, version)))
            .collect::<Vec<_>>()
            .join("\n");
        let uid = self.uid;
        // The wording of 16 and 17, of 18, and of 19 (one field, its groups).
        #[derive(Clone, Copy)]
        enum Wording {
            Old,
            Of18,
            Of19,
        }
        let wording = version.pick(
            Wording::Old,
            &[
                (OdooVersion::V18, Wording::Of18),
                (OdooVersion::V19, Wording::Of19),
            ],
        );
        let message = match wording {
            Wording::Old if technical => format!(
                "The requested operation can not be completed due to security restrictions.\n\nDocument type: {description} ({model})\nOperation: {operation}\nUser: {uid}\nFields:\n{listed}"
            ),
            Wording::Old => format!(
                "You do not have enough rights to access the fields \"{}\" on {description} ({model}). Please contact your system administrator.\n\n(Operation: {operation})",
                names.join(",")
            ),
            Wording::Of18 => {
                let mut text = format!(
                    "You do not have enough rights to access the fields \"{}\" on {description} ({model}). Please contact your system administrator.\n\nOperation: {operation}",
                    names.join(",")
                );
                if technical {
                    text.push_str(&format!("\nUser: {uid}\nFields:\n{listed}"));
                }
                text
            }
            Wording::Of19 => {
                let (first, spec) = self.fields.first().cloned().unwrap_or_default();
                let mut text = format!(
                    "You do not have enough rights to access the field \"{first}\" on {description} ({model}). Please contact your system administrator.\n\nOperation: {operation}"
                );
                if technical {
                    text.push_str(&format!(
                        "\nUser: {uid}\nGroups: {}",
                        describe_groups(&spec, version)
                    ));
                }
                text
            }
        };
        EmulatorError::access_error(message)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn groups(list: &[&str]) -> Membership {
        Membership::Groups(list.iter().map(|g| (*g).to_owned()).collect())
    }

    #[test]
    fn membership_follows_user_has_groups() {
        let user = groups(&["base.group_user"]);
        assert!(user.allows(""));
        assert!(user.allows("base.group_user"));
        assert!(user.allows("base.group_system,base.group_user"));
        assert!(!user.allows("base.group_system"));
        assert!(!user.allows("base.group_user,!base.group_user"));
        assert!(user.allows("!base.group_portal"));
        assert!(!user.allows(NO_ACCESS));
        let admin = Membership::Administrator;
        assert!(admin.allows("base.group_system"));
        assert!(admin.allows("account.group_account_invoice"));
        assert!(!admin.allows(NO_ACCESS));
        assert!(!admin.allows("base.group_portal"));
        assert!(admin.allows("!base.group_portal"));
    }

    #[test]
    fn refusals_as_each_version_words_them() {
        let demo = groups(&["base.group_user", "base.group_no_one"]);
        let refusal = |membership: &Membership, fields: &[(&str, &str)]| {
            Refusal {
                model: "res.users",
                description: "User",
                operation: "read",
                uid: 6,
                membership,
                fields: fields
                    .iter()
                    .map(|(f, g)| ((*f).to_owned(), (*g).to_owned()))
                    .collect(),
            }
            .error(OdooVersion::V16)
            .message()
            .to_owned()
        };
        assert_eq!(
            refusal(&demo, &[("totp_secret", ".")]),
            "The requested operation can not be completed due to security restrictions.\n\nDocument type: User (res.users)\nOperation: read\nUser: 6\nFields:\n- totp_secret (always forbidden)"
        );
        let plain = groups(&["base.group_user"]);
        assert_eq!(
            refusal(&plain, &[("signup_type", "base.group_erp_manager")]),
            "You do not have enough rights to access the fields \"signup_type\" on User (res.users). Please contact your system administrator.\n\n(Operation: read)"
        );
        let two = Refusal {
            model: "res.users",
            description: "User",
            operation: "read",
            uid: 6,
            membership: &demo,
            fields: vec![
                ("signup_type".into(), "base.group_erp_manager".into()),
                ("totp_secret".into(), ".".into()),
            ],
        };
        assert_eq!(
            two.error(OdooVersion::V18).message(),
            "You do not have enough rights to access the fields \"signup_type,totp_secret\" on User (res.users). Please contact your system administrator.\n\nOperation: read\nUser: 6\nFields:\n- signup_type (allowed for groups 'Administration / Access Rights')\n- totp_secret (always forbidden)"
        );
        assert_eq!(
            two.error(OdooVersion::V19).message(),
            "You do not have enough rights to access the field \"signup_type\" on User (res.users). Please contact your system administrator.\n\nOperation: read\nUser: 6\nGroups: allowed for groups 'Access Rights'"
        );
        assert_eq!(
            describe_groups(
                "account.group_account_invoice,base.group_user,x.unknown",
                OdooVersion::V17
            ),
            "allowed for groups 'User types / Internal User', 'Invoicing / Billing', 'x.unknown'"
        );
        assert_eq!(
            describe_groups("base.group_user,!base.group_portal", OdooVersion::V16),
            "allowed for groups 'User types / Internal User'; forbidden for groups 'User types / Portal'"
        );
    }
}
