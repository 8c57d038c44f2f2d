//! [`Rules`]: a replay's rules, applied to a request's view so that two requests that the
//! rules say are the same become equal values.

use serde_json::Value;

use super::rule::{Part, What};
use super::view::RequestView;

/// What stands where a rule left a value out of an array (an object's key is removed).
const IGNORED: &str = "<ignored by a rule>";

/// The operators of a domain leaf `[field, operator, value]`.
const OPERATORS: &[&str] = &[
    "=",
    "!=",
    "<>",
    "<",
    ">",
    "<=",
    ">=",
    "=?",
    "=like",
    "=ilike",
    "like",
    "not like",
    "ilike",
    "not ilike",
    "in",
    "not in",
    "child_of",
    "parent_of",
    "any",
    "not any",
];

/// A replay's rules, checked.
#[derive(Debug, Default)]
pub(crate) struct Rules {
    parts: Vec<Part>,
}

/// A request's view and envelope with the rules applied.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Normalised {
    pub view: Value,
    pub envelope: Value,
}

impl Rules {
    pub fn new(parts: Vec<Part>) -> Rules {
        Rules { parts }
    }

    /// The request's view with the rules that apply to it applied: the values at the
    /// pointers left out first (the pointers name places of the request as sent), then the
    /// keys, then the arrays of ids sorted. The envelope of an ORM call gets the key and id
    /// rules, not the pointers (they point into the call view).
    pub fn normalise(&self, request: &RequestView) -> Normalised {
        let applying: Vec<&Part> = self
            .parts
            .iter()
            .filter(|part| part.applies(request.route(), request.call()))
            .collect();
        let mut view = request.view.clone();
        let mut envelope = request.envelope.clone();
        for part in &applying {
            if let What::IgnoreAt(pointer) = &part.what {
                ignore_at(&mut view, &segments(pointer));
            }
        }
        for part in &applying {
            if let What::IgnoreKey(key) = &part.what {
                ignore_key(&mut view, key);
                ignore_key(&mut envelope, key);
            }
        }
        if applying.iter().any(|part| part.what == What::IdsAsSets) {
            ids_as_sets(&mut view);
            ids_as_sets(&mut envelope);
        }
        Normalised { view, envelope }
    }
}

/// The segments of a JSON pointer, unescaped (`~1` is `/`, `~0` is `~`).
fn segments(pointer: &str) -> Vec<String> {
    pointer
        .split('/')
        .skip(1)
        .map(|s| s.replace("~1", "/").replace("~0", "~"))
        .collect()
}

/// Leaves out the values at the path `segments` (`*` for any key or index).
fn ignore_at(value: &mut Value, segments: &[String]) {
    let Some((first, rest)) = segments.split_first() else {
        *value = Value::String(IGNORED.into());
        return;
    };
    let any = first == "*";
    match value {
        Value::Object(map) if rest.is_empty() => {
            if any {
                map.clear();
            } else {
                map.remove(first.as_str());
            }
        }
        Value::Object(map) => {
            for (key, item) in map.iter_mut() {
                if any || key == first {
                    ignore_at(item, rest);
                }
            }
        }
        Value::Array(items) => {
            let index = first.parse::<usize>().ok();
            for (n, item) in items.iter_mut().enumerate() {
                if any || index == Some(n) {
                    ignore_at(item, rest);
                }
            }
        }
        _ => {}
    }
}

/// Leaves out `key` from every object, and the value of every domain leaf on it.
fn ignore_key(value: &mut Value, key: &str) {
    match value {
        Value::Object(map) => {
            map.remove(key);
            for item in map.values_mut() {
                ignore_key(item, key);
            }
        }
        Value::Array(items) => {
            if is_leaf_on(items, key) {
                items[2] = Value::String(IGNORED.into());
            }
            for item in items {
                ignore_key(item, key);
            }
        }
        _ => {}
    }
}

/// Whether `items` is a domain leaf `[field, operator, value]` on `key` (or `path.key`).
fn is_leaf_on(items: &[Value], key: &str) -> bool {
    let [Value::String(field), Value::String(operator), _] = items else {
        return false;
    };
    let on_key = field == key
        || field
            .strip_suffix(key)
            .is_some_and(|head| head.ends_with('.'));
    on_key && OPERATORS.contains(&operator.to_ascii_lowercase().as_str())
}

/// Sorts, without repeats, every array of two or more integers.
fn ids_as_sets(value: &mut Value) {
    match value {
        Value::Array(items) => {
            let ids: Option<Vec<i64>> = items.iter().map(Value::as_i64).collect();
            match ids {
                Some(mut ids) if ids.len() > 1 => {
                    ids.sort_unstable();
                    ids.dedup();
                    *items = ids.into_iter().map(Value::from).collect();
                }
                _ => items.iter_mut().for_each(ids_as_sets),
            }
        }
        Value::Object(map) => map.values_mut().for_each(ids_as_sets),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Rule;
    use serde_json::json;

    fn normalise(rule: Rule, request: &RequestView) -> Value {
        let rules = Rules::new(rule.into_parts().unwrap_or_else(|e| panic!("{e}")));
        rules.normalise(request).view
    }

    fn web(model: &str, method: &str, args: Value, kwargs: Value) -> RequestView {
        let body = json!({"jsonrpc": "2.0", "method": "call", "id": 3,
            "params": {"model": model, "method": method, "args": args, "kwargs": kwargs}});
        RequestView::read(
            "POST",
            &format!("/web/dataset/call_kw/{model}/{method}"),
            Some("application/json"),
            &body.to_string(),
        )
    }

    #[test]
    fn a_key_is_left_out_of_objects_and_domain_leaves_but_not_of_field_lists() {
        let request = web(
            "sale.order",
            "search_read",
            json!([[
                ["date_order", ">=", "2025-01-01"],
                ["x.date_order", "<", "2026"]
            ]]),
            json!({"fields": ["date_order", "name", "email"], "context": {"date_order": 1}}),
        );
        let view = normalise(Rule::ignore_key("date_order"), &request);
        assert_eq!(
            view["args"],
            json!([[
                ["date_order", ">=", IGNORED],
                ["x.date_order", "<", IGNORED]
            ]])
        );
        assert_eq!(
            view["kwargs"]["fields"],
            json!(["date_order", "name", "email"])
        );
        assert_eq!(view["kwargs"]["context"], json!({}));
    }

    #[test]
    fn pointers_with_stars_reach_every_item_and_scopes_narrow_them() {
        let request = web(
            "res.partner",
            "create",
            json!([[{"name": "a", "ref": 1}, {"name": "b", "ref": 2}]]),
            json!({}),
        );
        let view = normalise(Rule::ignore_at("/args/0/*/name"), &request);
        assert_eq!(view["args"], json!([[{"ref": 1}, {"ref": 2}]]));
        let view = normalise(Rule::ignore_at("/args/0/1"), &request);
        assert_eq!(view["args"], json!([[{"name": "a", "ref": 1}, IGNORED]]));
        let elsewhere = Rule::ignore_at("/args/0/*/name").on("res.partner", "write");
        assert_eq!(normalise(elsewhere, &request), request.view);
        let any_model = Rule::ignore_at("/args").on("*", "create");
        assert_eq!(normalise(any_model, &request)["args"], json!(null));
        let by_path = Rule::ignore_at("/args").on_path("/web/dataset/call_kw/*");
        assert_eq!(normalise(by_path, &request)["args"], json!(null));
    }

    #[test]
    fn arrays_of_integers_become_sorted_sets_and_others_stay() {
        let request = web(
            "res.partner",
            "read",
            json!([[9, 3, 3, 7]]),
            json!({"fields": ["b", "a"], "mixed": [2, "x", 1]}),
        );
        let view = normalise(Rule::ids_as_sets(), &request);
        assert_eq!(view["args"], json!([[3, 7, 9]]));
        assert_eq!(view["kwargs"]["fields"], json!(["b", "a"]));
        assert_eq!(view["kwargs"]["mixed"], json!([2, "x", 1]));
    }

    #[test]
    fn bad_rules_are_refused_with_what_to_write() {
        let bad = |rule: Rule| rule.into_parts().expect_err("refused");
        assert!(bad(Rule::ignore_at("args/0")).contains("begins with `/`"));
        assert!(bad(Rule::ignore_key("")).contains("empty"));
        assert!(bad(Rule::ids_as_sets().on("", "read")).contains("model"));
        assert!(bad(Rule::ids_as_sets().on_path("jsonrpc")).contains("begins with `/`"));
    }
}
