//! Fields Odoo never reads back: a user's `password` is computed empty on every read, so
//! that a password written (or seeded) never leaves the server.

use serde_json::Value;

/// What a read answers for `field` of `model` whatever is stored, when Odoo hides it.
pub(super) fn hidden_value(model: &str, field: &str) -> Option<Value> {
    (model == "res.users" && field == "password").then(|| Value::String(String::new()))
}

#[cfg(test)]
mod tests {
    use super::hidden_value;

    #[test]
    fn only_the_password_of_users_is_hidden() {
        assert_eq!(hidden_value("res.users", "password"), Some("".into()));
        assert_eq!(hidden_value("res.users", "login"), None);
        assert_eq!(hidden_value("res.partner", "password"), None);
    }
}
