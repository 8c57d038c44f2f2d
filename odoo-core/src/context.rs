//! Odoo's call context: language, timezone, companies, `active_test` and anything else.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// The `context` Odoo methods receive: `lang`, `tz`, `allowed_company_ids`, `active_test`,
/// `bin_size`, or any other key as JSON.
///
/// A client has a default context; each call may add its own, which is merged over it key by
/// key (the call's value wins).
///
/// ```
/// use odoo_core::Context;
/// let ctx = Context::new().lang("fr_FR").tz("Europe/Paris").active_test(false);
/// assert_eq!(ctx.get("lang").and_then(|v| v.as_str()), Some("fr_FR"));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Context(Map<String, Value>);

impl Context {
    /// An empty context.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets `lang` (`en_US`, `fr_FR`, ...): the language of translated texts.
    #[must_use]
    pub fn lang(self, lang: impl Into<String>) -> Self {
        self.with("lang", Value::String(lang.into()))
    }

    /// Sets `tz` (`Europe/Brussels`): the user's timezone, used by some server-side computations.
    /// Datetimes on the wire stay naive UTC whatever `tz` says.
    #[must_use]
    pub fn tz(self, tz: impl Into<String>) -> Self {
        self.with("tz", Value::String(tz.into()))
    }

    /// Sets `allowed_company_ids`: the companies the call works in, the first one being current.
    #[must_use]
    pub fn allowed_company_ids(self, ids: impl IntoIterator<Item = i64>) -> Self {
        self.with(
            "allowed_company_ids",
            Value::Array(ids.into_iter().map(Value::from).collect()),
        )
    }

    /// Sets `active_test`; `false` makes searches include archived records.
    #[must_use]
    pub fn active_test(self, active_test: bool) -> Self {
        self.with("active_test", Value::Bool(active_test))
    }

    /// Sets `bin_size`; `true` makes binary fields read as their human-readable size.
    #[must_use]
    pub fn bin_size(self, bin_size: bool) -> Self {
        self.with("bin_size", Value::Bool(bin_size))
    }

    /// Sets any key.
    #[must_use]
    pub fn with(mut self, key: impl Into<String>, value: impl Into<Value>) -> Self {
        self.0.insert(key.into(), value.into());
        self
    }

    /// Sets any key in place.
    pub fn insert(&mut self, key: impl Into<String>, value: impl Into<Value>) {
        self.0.insert(key.into(), value.into());
    }

    /// The value of a key.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.0.get(key)
    }

    /// Whether no key is set.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// This context with `other`'s keys laid over it.
    #[must_use]
    pub fn merged(&self, other: &Context) -> Context {
        let mut out = self.0.clone();
        for (k, v) in &other.0 {
            out.insert(k.clone(), v.clone());
        }
        Context(out)
    }

    /// The keys and values.
    pub fn as_map(&self) -> &Map<String, Value> {
        &self.0
    }

    /// The keys and values, owned.
    pub fn into_map(self) -> Map<String, Value> {
        self.0
    }
}

impl From<Map<String, Value>> for Context {
    fn from(map: Map<String, Value>) -> Self {
        Self(map)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn call_context_wins_over_default() {
        let default = Context::new().lang("en_US").tz("UTC");
        let call = Context::new().lang("fr_FR").active_test(false);
        let merged = default.merged(&call);
        assert_eq!(merged.get("lang"), Some(&Value::from("fr_FR")));
        assert_eq!(merged.get("tz"), Some(&Value::from("UTC")));
        assert_eq!(merged.get("active_test"), Some(&Value::from(false)));
    }
}
