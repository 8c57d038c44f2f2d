//! Search domains: parsing Odoo's prefix notation and evaluating it against the store.
//!
//! A domain is a JSON list of leaves `[path, operator, value]` and the prefix operators `"&"`,
//! `"|"` and `"!"`; leaves next to each other are joined by an implicit `"&"`. Paths may walk
//! through relational fields (`parent_id.name`, `order_line.product_id`).

use std::cmp::Ordering;
use std::collections::BTreeSet;

use serde_json::Value;

use super::error::{py_repr, py_tuple, EmulatorError};
use super::store::Store;
use super::OdooVersion;
use odoo_schema::FieldType;

/// The operators of a domain leaf.
const OPERATORS: [&str; 20] = [
    "=",
    "!=",
    "<>",
    "<",
    "<=",
    ">",
    ">=",
    "in",
    "not in",
    "like",
    "ilike",
    "=like",
    "=ilike",
    "not like",
    "not ilike",
    "child_of",
    "parent_of",
    "any",
    "not any",
    "=?",
];

/// A search domain parsed into a tree, as the emulator evaluates it.
///
/// This is the server side of a domain: the JSON a client sent (in Odoo's prefix notation),
/// read back. To build domains in a client, use `odoo_core::Domain` or the typed field
/// handles of `odoo_core`.
///
/// ```
/// use odoo_emulator::{DomainExpr, DomainLeaf};
/// use serde_json::json;
///
/// let leaf = DomainExpr::parse(&json!([["name", "ilike", "acme"]]))?;
/// let expected = DomainLeaf { path: "name".into(), operator: "ilike".into(), value: json!("acme") };
/// assert_eq!(leaf, DomainExpr::Leaf(expected));
/// let either = DomainExpr::parse(&json!(["|", ["id", "=", 1], ["id", "=", 3]]))?;
/// assert!(matches!(either, DomainExpr::Or(parts) if parts.len() == 2));
/// assert!(DomainExpr::parse(&json!(["&", ["id", "=", 1]])).is_err()); // "&" needs two
/// # Ok::<(), odoo_emulator::EmulatorError>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub enum DomainExpr {
    /// Matches every record (the empty domain, or the leaf `(1, '=', 1)`).
    True,
    /// Matches no record (the leaf `(0, '=', 1)`).
    False,
    /// All of these.
    And(Vec<DomainExpr>),
    /// Any of these.
    Or(Vec<DomainExpr>),
    /// Not this.
    Not(Box<DomainExpr>),
    /// One condition.
    Leaf(DomainLeaf),
}

/// One condition of a domain, `[path, operator, value]`.
#[derive(Debug, Clone, PartialEq)]
pub struct DomainLeaf {
    /// Field name or dotted path (`parent_id.name`).
    pub path: String,
    /// Operator, lower case (`ilike`, `not in`...).
    pub operator: String,
    /// The value compared with.
    pub value: Value,
}

impl DomainLeaf {
    fn repr(&self) -> String {
        py_tuple(&[
            Value::String(self.path.clone()),
            Value::String(self.operator.clone()),
            self.value.clone(),
        ])
    }
}

fn nested(depth: usize) -> Result<usize, EmulatorError> {
    if depth >= DomainExpr::MAX_DEPTH {
        return Err(EmulatorError::value_error(format!(
            "Domain nests operators deeper than {} levels",
            DomainExpr::MAX_DEPTH
        )));
    }
    Ok(depth + 1)
}

fn syntax_error(domain: &Value) -> EmulatorError {
    EmulatorError::value_error(format!(
        "Domain {} is syntactically not correct.",
        py_repr(domain)
    ))
}

impl DomainExpr {
    /// The deepest nesting of `&`, `|` and `!` a domain may have; a deeper one is refused
    /// with a `ValueError`, so that a hostile domain cannot exhaust the stack.
    pub const MAX_DEPTH: usize = 256;

    /// Parses a domain from its JSON form. `null` and `false` are the empty domain.
    pub fn parse(value: &Value) -> Result<DomainExpr, EmulatorError> {
        let items = match value {
            Value::Null | Value::Bool(false) => return Ok(DomainExpr::True),
            Value::Array(items) => items,
            _ => return Err(syntax_error(value)),
        };
        // Each entry keeps the nesting depth of its tree, bounded so that evaluating (and
        // dropping) a hostile domain cannot exhaust the stack.
        let mut stack: Vec<(DomainExpr, usize)> = Vec::new();
        for item in items.iter().rev() {
            match item {
                Value::String(op) if op == "&" || op == "|" => {
                    let (Some((left, l)), Some((right, r))) = (stack.pop(), stack.pop()) else {
                        return Err(syntax_error(value));
                    };
                    let node = if op == "&" {
                        DomainExpr::And(vec![left, right])
                    } else {
                        DomainExpr::Or(vec![left, right])
                    };
                    stack.push((node, nested(l.max(r))?));
                }
                Value::String(op) if op == "!" => {
                    let Some((inner, depth)) = stack.pop() else {
                        return Err(syntax_error(value));
                    };
                    stack.push((DomainExpr::Not(Box::new(inner)), nested(depth)?));
                }
                Value::Array(parts) if parts.len() == 3 => stack.push((parse_leaf(parts)?, 0)),
                _ => return Err(syntax_error(value)),
            }
        }
        stack.reverse();
        let mut nodes: Vec<DomainExpr> = stack.into_iter().map(|(node, _)| node).collect();
        Ok(match nodes.len() {
            0 => DomainExpr::True,
            1 => nodes.pop().unwrap_or(DomainExpr::True),
            _ => DomainExpr::And(nodes),
        })
    }

    /// Whether any leaf of this domain (outside `any` sub-domains) starts with `field`.
    pub(crate) fn mentions(&self, field: &str) -> bool {
        match self {
            DomainExpr::True | DomainExpr::False => false,
            DomainExpr::And(parts) | DomainExpr::Or(parts) => {
                parts.iter().any(|p| p.mentions(field))
            }
            DomainExpr::Not(inner) => inner.mentions(field),
            DomainExpr::Leaf(leaf) => leaf.path.split('.').next() == Some(field),
        }
    }
}

fn parse_leaf(parts: &[Value]) -> Result<DomainExpr, EmulatorError> {
    let operator = match &parts[1] {
        Value::String(op) => op.to_lowercase(),
        _ => {
            return Err(EmulatorError::value_error(format!(
                "Invalid leaf {}",
                py_tuple(parts)
            )))
        }
    };
    match &parts[0] {
        Value::String(path) => {
            if !OPERATORS.contains(&operator.as_str()) {
                return Err(EmulatorError::value_error(format!(
                    "Invalid operator {} in domain term {}",
                    py_repr(&parts[1]),
                    py_tuple(parts)
                )));
            }
            let operator = if operator == "<>" {
                "!=".to_owned()
            } else {
                operator
            };
            Ok(DomainExpr::Leaf(DomainLeaf {
                path: path.clone(),
                operator,
                value: parts[2].clone(),
            }))
        }
        Value::Number(n) if operator == "=" && parts[2].as_i64() == Some(1) => match n.as_i64() {
            Some(1) => Ok(DomainExpr::True),
            Some(0) => Ok(DomainExpr::False),
            _ => Err(EmulatorError::value_error(format!(
                "Invalid leaf {}",
                py_tuple(parts)
            ))),
        },
        _ => Err(EmulatorError::value_error(format!(
            "Invalid leaf {}",
            py_tuple(parts)
        ))),
    }
}

/// Checks every path of the domain against the schema: the error Odoo raises for an unknown
/// field (`Invalid field res.partner.x in leaf (...)`, "in condition" from 19 on).
pub(crate) fn check(
    store: &Store,
    model: &str,
    domain: &DomainExpr,
    version: OdooVersion,
) -> Result<(), EmulatorError> {
    match domain {
        DomainExpr::True | DomainExpr::False => Ok(()),
        DomainExpr::And(parts) | DomainExpr::Or(parts) => parts
            .iter()
            .try_for_each(|p| check(store, model, p, version)),
        DomainExpr::Not(inner) => check(store, model, inner, version),
        DomainExpr::Leaf(leaf) => {
            let mut current = model.to_owned();
            let segments: Vec<&str> = leaf.path.split('.').collect();
            for (i, segment) in segments.iter().enumerate() {
                if *segment == "id" && i + 1 == segments.len() {
                    break;
                }
                let field = store
                    .schema()
                    .model(&current)
                    .and_then(|m| m.field(segment));
                let Some(field) = field else {
                    let word = version.pick("leaf", &[(OdooVersion::V19, "condition")]);
                    return Err(EmulatorError::value_error(format!(
                        "Invalid field {current}.{segment} in {word} {}",
                        leaf.repr()
                    )));
                };
                if i + 1 < segments.len() || matches!(leaf.operator.as_str(), "any" | "not any") {
                    let Some(relation) = field
                        .relation
                        .clone()
                        .filter(|_| field.field_type.is_relational())
                    else {
                        return Err(EmulatorError::value_error(format!(
                            "Invalid path {} in {}: {segment} is not a relational field",
                            leaf.path,
                            leaf.repr()
                        )));
                    };
                    current = relation;
                }
            }
            if matches!(leaf.operator.as_str(), "any" | "not any") {
                let sub = DomainExpr::parse(&leaf.value)?;
                check(store, &current, &sub, version)?;
            }
            Ok(())
        }
    }
}

/// Whether record `id` of `model` satisfies the domain.
pub(crate) fn matches(store: &Store, model: &str, id: i64, domain: &DomainExpr) -> bool {
    match domain {
        DomainExpr::True => true,
        DomainExpr::False => false,
        DomainExpr::And(parts) => parts.iter().all(|p| matches(store, model, id, p)),
        DomainExpr::Or(parts) => parts.iter().any(|p| matches(store, model, id, p)),
        DomainExpr::Not(inner) => !matches(store, model, id, inner),
        DomainExpr::Leaf(leaf) => leaf_matches(store, model, id, &leaf.path, leaf),
    }
}

fn is_negative(op: &str) -> bool {
    matches!(op, "!=" | "not in" | "not like" | "not ilike")
}

fn leaf_matches(store: &Store, model: &str, id: i64, path: &str, leaf: &DomainLeaf) -> bool {
    let (first, rest) = match path.split_once('.') {
        Some((first, rest)) => (first, Some(rest)),
        None => (path, None),
    };
    let op = leaf.operator.as_str();
    if first == "id" && rest.is_none() {
        return match op {
            "child_of" | "parent_of" => {
                hierarchy(store, model, &leaf.value, op == "child_of").contains(&id)
            }
            "any" | "not any" => false,
            _ => compare(op, &Value::from(id), &leaf.value),
        };
    }
    let Some(field) = store.schema().model(model).and_then(|m| m.field(first)) else {
        return false;
    };
    let raw = store.stored_value(model, id, first);
    let relation = field.relation.as_deref().unwrap_or_default();
    match &field.field_type {
        FieldType::Many2one | FieldType::One2many | FieldType::Many2many => {
            let targets: Vec<i64> = match &raw {
                Value::Number(n) => n.as_i64().into_iter().collect(),
                Value::Array(items) => items.iter().filter_map(Value::as_i64).collect(),
                _ => Vec::new(),
            };
            if let Some(rest) = rest {
                if targets.is_empty() {
                    return is_negative(op);
                }
                return targets
                    .iter()
                    .any(|t| leaf_matches(store, relation, *t, rest, leaf));
            }
            match op {
                "any" | "not any" => {
                    let sub = DomainExpr::parse(&leaf.value).unwrap_or(DomainExpr::False);
                    let found = targets.iter().any(|t| matches(store, relation, *t, &sub));
                    found == (op == "any")
                }
                "child_of" | "parent_of" => {
                    let set = hierarchy(store, relation, &leaf.value, op == "child_of");
                    targets.iter().any(|t| set.contains(t))
                }
                _ => {
                    let text_value = leaf.value.is_string()
                        || leaf
                            .value
                            .as_array()
                            .is_some_and(|a| a.iter().any(Value::is_string));
                    if text_value {
                        // Compared with the display names of the targets.
                        let names: Vec<Value> = targets
                            .iter()
                            .map(|t| Value::String(store.display_name(relation, *t)))
                            .collect();
                        return match_many(op, &names, &leaf.value);
                    }
                    let values: Vec<Value> = targets.iter().map(|t| Value::from(*t)).collect();
                    match_many(op, &values, &leaf.value)
                }
            }
        }
        FieldType::Boolean => {
            let b = raw.as_bool().unwrap_or(false);
            compare(op, &Value::Bool(b), &leaf.value)
        }
        FieldType::Datetime => datetime_matches(store, op, &raw, &leaf.value),
        _ => compare(op, &raw, &leaf.value),
    }
}

/// A datetime field compared with a value, as the emulated version compares them.
fn datetime_matches(store: &Store, op: &str, raw: &Value, value: &Value) -> bool {
    let whole_seconds = store
        .version()
        .has(crate::Feature::DomainDatetimeWholeSeconds);
    let expected = match value {
        Value::Array(items) => Value::Array(
            items
                .iter()
                .map(|v| datetime_term(v, whole_seconds))
                .collect(),
        ),
        one => datetime_term(one, whole_seconds),
    };
    compare(op, &datetime_term(raw, whole_seconds), &expected)
}

/// A datetime as a domain compares it: the database keeps microseconds, which Odoo 16-18
/// compare as they are (`> "12:00:00"` holds for `12:00:00.5`), and which 19 drops from both
/// sides (it does not). A `T` between the date and the time reads as a space.
fn datetime_term(value: &Value, whole_seconds: bool) -> Value {
    let Value::String(text) = value else {
        return value.clone();
    };
    let mut text = text.replacen('T', " ", 1);
    if whole_seconds {
        text.truncate(19);
    }
    Value::String(text)
}

/// A relational field compared with a value: positive operators hold when any target
/// matches, negative ones when no target matches the positive form.
fn match_many(op: &str, values: &[Value], expected: &Value) -> bool {
    if op == "=?" && is_empty(expected) {
        return true;
    }
    if is_empty(expected) && matches!(op, "=" | "!=") {
        return values.is_empty() == (op == "=");
    }
    if is_negative(op) {
        let positive = match op {
            "!=" => "=",
            "not in" => "in",
            "not like" => "like",
            _ => "ilike",
        };
        return !values.iter().any(|v| compare(positive, v, expected));
    }
    if values.is_empty() {
        return compare(op, &Value::Bool(false), expected);
    }
    values.iter().any(|v| compare(op, v, expected))
}

/// The ids of `model` below (child_of) or above (parent_of) the given ids through
/// `parent_id`, the given ids included.
fn hierarchy(store: &Store, model: &str, value: &Value, down: bool) -> BTreeSet<i64> {
    let mut start: BTreeSet<i64> = match value {
        Value::Number(n) => n.as_i64().into_iter().collect(),
        Value::Array(items) => items.iter().filter_map(Value::as_i64).collect(),
        Value::String(name) => store
            .ids(model)
            .into_iter()
            .filter(|id| like(&store.display_name(model, *id), name, false, true))
            .collect(),
        _ => BTreeSet::new(),
    };
    let parent_of = |id: i64| store.stored_value(model, id, "parent_id").as_i64();
    let all = store.ids(model);
    let mut changed = true;
    while changed {
        changed = false;
        for id in &all {
            if down {
                if !start.contains(id) && parent_of(*id).is_some_and(|p| start.contains(&p)) {
                    start.insert(*id);
                    changed = true;
                }
            } else if start.contains(id) {
                if let Some(parent) = parent_of(*id) {
                    if start.insert(parent) {
                        changed = true;
                    }
                }
            }
        }
    }
    start
}

/// Whether a stored value counts as empty (`false` on the wire).
pub(crate) fn is_empty(value: &Value) -> bool {
    match value {
        Value::Null | Value::Bool(false) => true,
        Value::String(s) => s.is_empty(),
        Value::Array(a) => a.is_empty(),
        _ => false,
    }
}

fn values_equal(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        _ => a == b,
    }
}

/// Orders two stored values: numbers numerically, strings by code point, empty first.
pub(crate) fn compare_values(a: &Value, b: &Value) -> Option<Ordering> {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64()?.partial_cmp(&y.as_f64()?),
        (Value::String(x), Value::String(y)) => Some(x.cmp(y)),
        (Value::Bool(x), Value::Bool(y)) => Some(x.cmp(y)),
        _ => None,
    }
}

/// One scalar compared with a leaf's value.
fn compare(op: &str, actual: &Value, expected: &Value) -> bool {
    match op {
        "=?" => is_empty(expected) || compare("=", actual, expected),
        "=" => {
            if expected == &Value::Bool(false) || expected.is_null() {
                is_empty(actual)
            } else {
                values_equal(actual, expected)
            }
        }
        "!=" => !compare("=", actual, expected),
        "<" | "<=" | ">" | ">=" => {
            if is_empty(actual) && !actual.is_number() {
                return false;
            }
            match compare_values(actual, expected) {
                Some(order) => match op {
                    "<" => order == Ordering::Less,
                    "<=" => order != Ordering::Greater,
                    ">" => order == Ordering::Greater,
                    _ => order != Ordering::Less,
                },
                None => false,
            }
        }
        "in" => match expected {
            Value::Array(options) => options.iter().any(|o| compare("=", actual, o)),
            single => compare("=", actual, single),
        },
        "not in" => !compare("in", actual, expected),
        "like" | "ilike" | "=like" | "=ilike" => {
            let Value::String(pattern) = expected else {
                return compare("=", actual, expected);
            };
            let text = match actual {
                Value::String(s) => s.clone(),
                Value::Number(n) => n.to_string(),
                _ => return false,
            };
            let exact = op.starts_with('=');
            let insensitive = op.ends_with("ilike");
            like(&text, pattern, exact, insensitive)
        }
        "not like" => !compare("like", actual, expected),
        "not ilike" => !compare("ilike", actual, expected),
        _ => false,
    }
}

/// SQL `LIKE` matching: `%` any run, `_` any one character, `\` escapes. Without `exact`
/// the pattern is wrapped in `%...%` as Odoo does for `like`/`ilike`.
pub(crate) fn like(text: &str, pattern: &str, exact: bool, insensitive: bool) -> bool {
    #[derive(Clone, Copy, PartialEq)]
    enum Token {
        Any,
        One,
        Char(char),
    }
    let fold = |c: char| -> char {
        if insensitive {
            c.to_lowercase().next().unwrap_or(c)
        } else {
            c
        }
    };
    let mut tokens = Vec::new();
    if !exact {
        tokens.push(Token::Any);
    }
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        tokens.push(match c {
            '%' => Token::Any,
            '_' => Token::One,
            '\\' => Token::Char(fold(chars.next().unwrap_or('\\'))),
            c => Token::Char(fold(c)),
        });
    }
    if !exact {
        tokens.push(Token::Any);
    }
    let text: Vec<char> = text.chars().map(fold).collect();
    // Classic wildcard matching with one backtracking point.
    let (mut t, mut p) = (0usize, 0usize);
    let mut star: Option<(usize, usize)> = None;
    while t < text.len() {
        match tokens.get(p) {
            Some(Token::Any) => {
                star = Some((p, t));
                p += 1;
            }
            Some(Token::One) => {
                t += 1;
                p += 1;
            }
            Some(Token::Char(c)) if *c == text[t] => {
                t += 1;
                p += 1;
            }
            _ => match star {
                Some((sp, st)) => {
                    p = sp + 1;
                    t = st + 1;
                    star = Some((sp, st + 1));
                }
                None => return false,
            },
        }
    }
    tokens[p..].iter().all(|tok| *tok == Token::Any)
}

#[cfg(test)]
mod tests {
    use super::*;
    use odoo_schema::Schema;
    use serde_json::json;

    fn store() -> Store {
        let schema = Schema::from_json(include_str!("demo/schema.json")).expect("demo schema");
        let mut store = Store::new(schema, OdooVersion::V19);
        let rows = [
            json!({"id": 1, "name": "Acme", "is_company": true, "email": "info@acme.test", "credit_limit": 1000.0, "category_id": [1]}),
            json!({"id": 2, "name": "Alice Smith", "parent_id": 1, "email": "alice@acme.test", "credit_limit": 10.0}),
            json!({"id": 3, "name": "Bob Stone", "parent_id": 2, "email": false, "credit_limit": 0.0, "category_id": [1, 2]}),
            json!({"id": 4, "name": "Globex", "is_company": true, "email": "hello@globex.test", "credit_limit": 500.0, "active": false}),
            json!({"id": 5, "name": "100% Percent", "credit_limit": 50.0}),
        ];
        store
            .insert("res.partner.category", json!({"id": 1, "name": "Vip"}))
            .expect("seed");
        store
            .insert("res.partner.category", json!({"id": 2, "name": "Prospect"}))
            .expect("seed");
        for row in rows {
            store.insert("res.partner", row).expect("seed");
        }
        store
    }

    fn ids(domain: Value) -> Vec<i64> {
        let store = store();
        let parsed = DomainExpr::parse(&domain).expect("parse");
        check(&store, "res.partner", &parsed, OdooVersion::V19).expect("check");
        let mut out: Vec<i64> = store
            .ids("res.partner")
            .into_iter()
            .filter(|id| matches(&store, "res.partner", *id, &parsed))
            .collect();
        out.sort_unstable();
        out
    }

    #[test]
    fn equality_and_inequality() {
        assert_eq!(ids(json!([["name", "=", "Acme"]])), [1]);
        assert_eq!(ids(json!([["name", "!=", "Acme"]])), [2, 3, 4, 5]);
        assert_eq!(ids(json!([["is_company", "=", true]])), [1, 4]);
        assert_eq!(ids(json!([["is_company", "=", false]])), [2, 3, 5]);
        assert_eq!(ids(json!([["is_company", "<>", true]])), [2, 3, 5]);
    }

    #[test]
    fn false_matches_empty_values() {
        assert_eq!(ids(json!([["email", "=", false]])), [3, 5]);
        assert_eq!(ids(json!([["email", "!=", false]])), [1, 2, 4]);
        assert_eq!(ids(json!([["parent_id", "=", false]])), [1, 4, 5]);
        assert_eq!(ids(json!([["category_id", "=", false]])), [2, 4, 5]);
    }

    #[test]
    fn ordering_operators() {
        assert_eq!(ids(json!([["credit_limit", "<", 50]])), [2, 3]);
        assert_eq!(ids(json!([["credit_limit", "<=", 50]])), [2, 3, 5]);
        assert_eq!(ids(json!([["credit_limit", ">", 500]])), [1]);
        assert_eq!(ids(json!([["credit_limit", ">=", 500]])), [1, 4]);
        assert_eq!(ids(json!([["name", ">", "B"]])), [3, 4]);
    }

    #[test]
    fn membership() {
        assert_eq!(ids(json!([["id", "in", [1, 3, 99]]])), [1, 3]);
        assert_eq!(ids(json!([["id", "not in", [1, 3]]])), [2, 4, 5]);
        assert_eq!(ids(json!([["parent_id", "in", [1, false]]])), [1, 2, 4, 5]);
        assert_eq!(ids(json!([["category_id", "in", [2]]])), [3]);
        assert_eq!(ids(json!([["category_id", "not in", [2]]])), [1, 2, 4, 5]);
        assert_eq!(ids(json!([["id", "=", 4]])), [4]);
    }

    #[test]
    fn pattern_operators() {
        assert_eq!(ids(json!([["name", "like", "Smith"]])), [2]);
        assert_eq!(ids(json!([["name", "like", "smith"]])), Vec::<i64>::new());
        assert_eq!(ids(json!([["name", "ilike", "smith"]])), [2]);
        assert_eq!(ids(json!([["name", "=like", "A%"]])), [1, 2]);
        assert_eq!(ids(json!([["name", "=ilike", "a_me"]])), [1]);
        assert_eq!(ids(json!([["name", "not like", "o"]])), [1, 2, 5]);
        assert_eq!(ids(json!([["email", "not ilike", "ACME"]])), [3, 4, 5]);
        assert_eq!(ids(json!([["name", "ilike", "100\\%"]])), [5]);
        assert!(like("abc", "a_c", true, false));
        assert!(!like("abcd", "a_c", true, false));
        assert!(like("xaBcx", "abc", false, true));
    }

    #[test]
    fn optional_equality() {
        assert_eq!(ids(json!([["name", "=?", false]])).len(), 5);
        assert_eq!(ids(json!([["name", "=?", "Acme"]])), [1]);
    }

    #[test]
    fn hierarchies() {
        assert_eq!(ids(json!([["id", "child_of", 1]])), [1, 2, 3]);
        assert_eq!(ids(json!([["id", "child_of", [2]]])), [2, 3]);
        assert_eq!(ids(json!([["id", "parent_of", 3]])), [1, 2, 3]);
        assert_eq!(ids(json!([["parent_id", "child_of", 1]])), [2, 3]);
    }

    #[test]
    fn dotted_paths_and_any() {
        assert_eq!(ids(json!([["parent_id.name", "=", "Acme"]])), [2]);
        assert_eq!(
            ids(json!([["parent_id.parent_id.name", "ilike", "acm"]])),
            [3]
        );
        assert_eq!(ids(json!([["category_id.name", "=", "Prospect"]])), [3]);
        assert_eq!(
            ids(json!([["category_id", "any", [["name", "=", "Vip"]]]])),
            [1, 3]
        );
        assert_eq!(
            ids(json!([["category_id", "not any", [["name", "=", "Vip"]]]])),
            [2, 4, 5]
        );
        assert_eq!(
            ids(json!([["parent_id", "any", [["is_company", "=", true]]]])),
            [2]
        );
        assert_eq!(ids(json!([["parent_id", "=", "Acme"]])), [2]);
    }

    #[test]
    fn prefix_operators_and_nesting() {
        assert_eq!(
            ids(json!(["|", ["name", "=", "Acme"], ["name", "=", "Globex"]])),
            [1, 4]
        );
        assert_eq!(ids(json!(["!", ["is_company", "=", true]])), [2, 3, 5]);
        // implicit & between leaves
        assert_eq!(
            ids(json!([
                ["is_company", "=", true],
                ["credit_limit", ">", 600]
            ])),
            [1]
        );
        // & | A B C  ==  (A or B) and C
        assert_eq!(
            ids(json!([
                "&",
                "|",
                ["name", "ilike", "acme"],
                ["name", "ilike", "bob"],
                ["credit_limit", ">", 100]
            ])),
            [1]
        );
        // | A & B C  ==  A or (B and C)
        assert_eq!(
            ids(json!([
                "|",
                ["name", "=", "Globex"],
                "&",
                ["is_company", "=", false],
                ["credit_limit", ">", 20]
            ])),
            [4, 5]
        );
        // ! | A B  ==  neither
        assert_eq!(
            ids(json!(["!", "|", ["id", "=", 1], ["id", "=", 2]])),
            [3, 4, 5]
        );
        // a prefix operator followed by an implicit &
        assert_eq!(
            ids(json!([
                "|",
                ["id", "=", 1],
                ["id", "=", 2],
                ["email", "ilike", "alice"]
            ])),
            [2]
        );
        assert_eq!(ids(json!([[1, "=", 1]])).len(), 5);
        assert_eq!(ids(json!([[0, "=", 1]])), Vec::<i64>::new());
        assert_eq!(ids(json!([])).len(), 5);
    }

    #[test]
    fn errors_read_like_odoo() {
        let store = store();
        let bad = DomainExpr::parse(&json!([["no_such_field", "=", 1]])).expect("parse");
        let e = check(&store, "res.partner", &bad, OdooVersion::V19).expect_err("unknown field");
        assert_eq!(
            e.message(),
            "Invalid field res.partner.no_such_field in condition ('no_such_field', '=', 1)"
        );
        let e = check(&store, "res.partner", &bad, OdooVersion::V17).expect_err("unknown field");
        assert_eq!(
            e.message(),
            "Invalid field res.partner.no_such_field in leaf ('no_such_field', '=', 1)"
        );
        assert!(DomainExpr::parse(&json!(["&", ["id", "=", 1]])).is_err());
        assert!(DomainExpr::parse(&json!([["id", "~", 1]])).is_err());
        assert!(DomainExpr::parse(&json!("nope")).is_err());
        let mut deep = vec![json!("!"); 10_000];
        deep.push(json!(["id", "=", 1]));
        assert!(DomainExpr::parse(&Value::Array(deep)).is_err());
        let mut ok = vec![json!("!"); 100];
        ok.push(json!(["id", "=", 1]));
        assert!(DomainExpr::parse(&Value::Array(ok)).is_ok());
        assert!(DomainExpr::parse(&json!([["id", "="]])).is_err());
    }
}
