//! Comparing a recorded value with a sent one, where a recorded `<redacted>` stands for any
//! value: whether they are the same, and where they differ.

use odoo_core::recording::REDACTED;
use serde_json::Value;

/// How many differences are counted at most, so that comparing two large bodies stays cheap.
const COUNT_LIMIT: usize = 10_000;

/// Equal values, where a recorded `<redacted>` stands for anything.
pub(crate) fn same(want: &Value, got: &Value) -> bool {
    match (want, got) {
        (Value::String(s), _) if s == REDACTED => true,
        (Value::Array(a), Value::Array(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(x, y)| same(x, y))
        }
        (Value::Object(a), Value::Object(b)) => {
            a.len() == b.len() && a.iter().all(|(k, x)| b.get(k).is_some_and(|y| same(x, y)))
        }
        _ => want == got,
    }
}

/// One place where a recorded value and a sent one differ.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Difference {
    /// A JSON pointer to the place.
    pub pointer: String,
    /// The recorded value there (`None`: not there).
    pub recorded: Option<Value>,
    /// The sent value there (`None`: not there).
    pub sent: Option<Value>,
}

/// How two values differ: how many places (up to a bound) and the first of them.
#[derive(Debug, Default)]
pub(crate) struct Differences {
    pub count: usize,
    pub first: Option<Difference>,
}

impl Differences {
    /// Every place where `want` (recorded) and `got` (sent) differ.
    pub fn between(want: &Value, got: &Value) -> Differences {
        let mut out = Differences::default();
        out.walk(want, got, &mut String::new());
        out
    }

    /// Adds the differences of another pair of values (the envelope after the view).
    pub fn add(&mut self, other: Differences) {
        self.count = self.count.saturating_add(other.count);
        if self.first.is_none() {
            self.first = other.first;
        }
    }

    fn note(&mut self, pointer: &str, recorded: Option<&Value>, sent: Option<&Value>) {
        self.count += 1;
        if self.first.is_none() {
            self.first = Some(Difference {
                pointer: pointer.to_owned(),
                recorded: recorded.cloned(),
                sent: sent.cloned(),
            });
        }
    }

    fn walk(&mut self, want: &Value, got: &Value, pointer: &mut String) {
        if self.count >= COUNT_LIMIT {
            return;
        }
        match (want, got) {
            (Value::String(s), _) if s == REDACTED => {}
            (Value::Array(a), Value::Array(b)) => {
                for n in 0..a.len().max(b.len()) {
                    let len = pointer.len();
                    pointer.push_str(&format!("/{n}"));
                    match (a.get(n), b.get(n)) {
                        (Some(x), Some(y)) => self.walk(x, y, pointer),
                        (x, y) => self.note(pointer, x, y),
                    }
                    pointer.truncate(len);
                }
            }
            (Value::Object(a), Value::Object(b)) => {
                let extra = b.keys().filter(|k| !a.contains_key(*k));
                for key in a.keys().chain(extra) {
                    let len = pointer.len();
                    pointer.push('/');
                    pointer.push_str(&key.replace('~', "~0").replace('/', "~1"));
                    match (a.get(key), b.get(key)) {
                        (Some(x), Some(y)) => self.walk(x, y, pointer),
                        (x, y) => self.note(pointer, x, y),
                    }
                    pointer.truncate(len);
                }
            }
            _ if want == got => {}
            _ => self.note(pointer, Some(want), Some(got)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn redacted_stands_for_any_value_on_the_recorded_side_only() {
        assert!(same(&json!({"a": "<redacted>"}), &json!({"a": [1, 2]})));
        assert!(!same(&json!({"a": 1}), &json!({"a": "<redacted>"})));
        assert!(!same(&json!({"a": "<redacted>"}), &json!({})));
    }

    #[test]
    fn the_first_difference_and_the_count_are_found() {
        let recorded = json!({"args": [{"name": "a/b", "x": 1}], "kwargs": {"k": [1, 2]}});
        let sent = json!({"args": [{"name": "c", "x": 1}], "kwargs": {"k": [1], "new": true}});
        let found = Differences::between(&recorded, &sent);
        assert_eq!(found.count, 3);
        let first = found.first.expect("a difference");
        assert_eq!(first.pointer, "/args/0/name");
        assert_eq!(first.recorded, Some(json!("a/b")));
        assert_eq!(first.sent, Some(json!("c")));
        assert_eq!(Differences::between(&recorded, &recorded).count, 0);
    }
}
