//! Domains (Odoo's search filters) and orders, typed by model.
//!
//! A [`Domain<M>`] is built from the field handles of a [`Model`]: each
//! comparison takes a value of the field's type, so a misspelt field or a wrong value type
//! does not compile. `&`, `|` and `!` combine domains, and the result serializes to Odoo's
//! prefix notation (`["|", [a], [b]]`). [`Domain::raw`] takes any domain Odoo accepts,
//! checked for shape only.
//!
//! | method | operator | method | operator |
//! |---|---|---|---|
//! | [`eq`](Field::eq) | `=` | [`ne`](Field::ne) | `!=` |
//! | [`lt`](Field::lt) | `<` | [`le`](Field::le) | `<=` |
//! | [`gt`](Field::gt) | `>` | [`ge`](Field::ge) | `>=` |
//! | [`is_in`](Field::is_in) | `in` | [`not_in`](Field::not_in) | `not in` |
//! | [`like`](Field::like) | `like` | [`not_like`](Field::not_like) | `not like` |
//! | [`ilike`](Field::ilike) | `ilike` | [`not_ilike`](Field::not_ilike) | `not ilike` |
//! | [`eq_like`](Field::eq_like) | `=like` | [`eq_ilike`](Field::eq_ilike) | `=ilike` |
//! | [`child_of`](Field::child_of) | `child_of` | [`parent_of`](Field::parent_of) | `parent_of` |
//! | [`any`](Field::any) | `any` | [`not_any`](Field::not_any) | `not any` |
//! | [`eq_if`](Field::eq_if) | `=?` (sent as `=`, or nothing) | [`is_set`](Field::is_set) / [`is_unset`](Field::is_unset) | `!= false` / `= false` |

use std::fmt;
use std::marker::PhantomData;
use std::ops::{BitAnd, BitOr, Not};

use serde::{Serialize, Serializer};
use serde_json::Value;

use crate::availability::Needs;
use crate::model::{Field, HierarchyField, Model, OdooField, Relational, TextField};
use crate::types::AnyModel;

/// A search filter on model `M`.
pub struct Domain<M = AnyModel> {
    node: Node,
    needs: Needs,
    marker: PhantomData<fn() -> M>,
}

#[derive(Debug, Clone, PartialEq)]
enum Node {
    /// Matches every record: the empty domain.
    All,
    /// `[path, operator, value]`.
    Leaf(Value),
    And(Vec<Node>),
    Or(Vec<Node>),
    Not(Box<Node>),
    /// One complete expression in prefix notation, as given to [`Domain::raw`].
    Raw(Vec<Value>),
}

/// Why [`Domain::raw`] refused a domain.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a valid domain: {0}")]
pub struct DomainError(String);

impl<M> Domain<M> {
    /// The domain that matches every record (`[]`).
    pub fn all() -> Self {
        Self::from_node(Node::All)
    }

    fn from_node(node: Node) -> Self {
        Self {
            node,
            needs: Needs::default(),
            marker: PhantomData,
        }
    }

    fn leaf<T, A>(field: &Field<M, T, A>, operator: &str, value: Value) -> Self {
        let mut domain = Self::from_node(Node::Leaf(Value::Array(vec![
            Value::String(field.name().to_owned()),
            Value::String(operator.to_owned()),
            value,
        ])));
        domain.needs.add(field.need());
        domain
    }

    /// What the domain uses that exists on some Odoo versions only.
    pub(crate) fn needs(&self) -> &Needs {
        &self.needs
    }

    /// A domain as Odoo writes it (a JSON list in prefix notation, terms joined by an
    /// implicit `&`), checked for shape: operators `&`, `|`, `!` with the right number of
    /// operands, and leaves of three items whose first is a field path and second an
    /// operator. Field names and values are not checked.
    ///
    /// ```
    /// use odoo_core::domain::Domain;
    /// let domain: Domain = Domain::raw(serde_json::json!(["|", ["a", "=", 1], ["b", "=", 2], ["c", "!=", false]])).unwrap();
    /// assert_eq!(
    ///     serde_json::to_value(&domain).unwrap(),
    ///     serde_json::json!(["&", "|", ["a", "=", 1], ["b", "=", 2], ["c", "!=", false]]),
    /// );
    /// assert!(Domain::<odoo_core::types::AnyModel>::raw(serde_json::json!(["|", ["a", "=", 1]])).is_err());
    /// ```
    pub fn raw(domain: Value) -> Result<Self, DomainError> {
        let Value::Array(items) = domain else {
            return Err(DomainError(format!("a domain is a list, not {domain}")));
        };
        let terms = split_terms(&items)?;
        let nodes: Vec<Node> = terms.into_iter().map(Node::Raw).collect();
        Ok(Self::from_node(match nodes.len() {
            0 => Node::All,
            1 => nodes.into_iter().next().unwrap_or(Node::All),
            _ => Node::And(nodes),
        }))
    }

    /// The domain as the JSON list Odoo takes.
    pub fn to_value(&self) -> Value {
        let mut out = Vec::new();
        write_prefix(&self.node, &mut out);
        Value::Array(out)
    }

    /// Matches every record: the empty domain.
    pub fn is_all(&self) -> bool {
        self.node == Node::All
    }

    /// Drops the model type: for a raw domain of another model, or untyped calls.
    pub fn cast<N>(self) -> Domain<N> {
        Domain {
            node: self.node,
            needs: self.needs,
            marker: PhantomData,
        }
    }

    /// `self` on `node`, keeping what both need.
    fn with_node(mut self, node: Node, other: Option<Needs>) -> Self {
        if let Some(other) = other {
            self.needs.extend(other);
        }
        Self {
            node,
            needs: self.needs,
            marker: PhantomData,
        }
    }
}

/// Splits a prefix-notation list into its top-level expressions, checking arity and leaves.
fn split_terms(items: &[Value]) -> Result<Vec<Vec<Value>>, DomainError> {
    let mut terms = Vec::new();
    let mut start = 0;
    // Number of operands still owed in the current term.
    let mut owed = 0_usize;
    for (index, item) in items.iter().enumerate() {
        if owed == 0 {
            start = index;
            owed = 1;
        }
        owed -= 1;
        match item {
            Value::String(op) if op == "&" || op == "|" => owed += 2,
            Value::String(op) if op == "!" => owed += 1,
            Value::String(other) => {
                return Err(DomainError(format!(
                    "`{other}` at position {index} is not an operator (`&`, `|`, `!`) nor a leaf"
                )))
            }
            Value::Array(leaf) => check_leaf(leaf, index)?,
            other => {
                return Err(DomainError(format!(
                    "{other} at position {index} is not an operator nor a leaf"
                )))
            }
        }
        if owed == 0 {
            terms.push(items[start..=index].to_vec());
        }
    }
    if owed > 0 {
        return Err(DomainError(format!(
            "the domain ends with {owed} operand(s) missing"
        )));
    }
    Ok(terms)
}

fn check_leaf(leaf: &[Value], index: usize) -> Result<(), DomainError> {
    // Odoo's TRUE_LEAF / FALSE_LEAF: (1, '=', 1) and (0, '=', 1).
    let constant = matches!(leaf.first(), Some(Value::Number(_)));
    match leaf {
        [Value::String(path), Value::String(op), _] if !path.is_empty() && !op.is_empty() => Ok(()),
        [Value::Number(n), Value::String(op), Value::Number(one)]
            if constant
                && op == "="
                && one.as_i64() == Some(1)
                && matches!(n.as_i64(), Some(0 | 1)) =>
        {
            Ok(())
        }
        _ => Err(DomainError(format!(
            "the leaf at position {index} is not [field, operator, value]: {}",
            Value::Array(leaf.to_vec())
        ))),
    }
}

fn write_prefix(node: &Node, out: &mut Vec<Value>) {
    match node {
        Node::All => {}
        Node::Leaf(leaf) => out.push(leaf.clone()),
        Node::Raw(items) => out.extend(items.iter().cloned()),
        Node::And(nodes) | Node::Or(nodes) => {
            let operator = if matches!(node, Node::And(_)) {
                "&"
            } else {
                "|"
            };
            for _ in 1..nodes.len() {
                out.push(Value::String(operator.to_owned()));
            }
            for node in nodes {
                write_prefix(node, out);
            }
        }
        Node::Not(inner) => {
            out.push(Value::String("!".to_owned()));
            write_prefix(inner, out);
        }
    }
}

fn true_leaf() -> Node {
    Node::Leaf(serde_json::json!([1, "=", 1]))
}

fn false_leaf() -> Node {
    Node::Leaf(serde_json::json!([0, "=", 1]))
}

fn combine(left: Node, right: Node, and: bool) -> Node {
    match (left, right, and) {
        // The empty domain is "true": neutral for `&`, absorbing for `|`.
        (Node::All, other, true) | (other, Node::All, true) => other,
        (Node::All, _, false) | (_, Node::All, false) => true_leaf(),
        (Node::And(mut a), Node::And(b), true) | (Node::Or(mut a), Node::Or(b), false) => {
            a.extend(b);
            rebuild(a, and)
        }
        (Node::And(mut a), other, true) | (Node::Or(mut a), other, false) => {
            a.push(other);
            rebuild(a, and)
        }
        (other, Node::And(b), true) | (other, Node::Or(b), false) => {
            let mut nodes = vec![other];
            nodes.extend(b);
            rebuild(nodes, and)
        }
        (a, b, _) => rebuild(vec![a, b], and),
    }
}

fn rebuild(nodes: Vec<Node>, and: bool) -> Node {
    if and {
        Node::And(nodes)
    } else {
        Node::Or(nodes)
    }
}

impl<M> BitAnd for Domain<M> {
    type Output = Domain<M>;

    fn bitand(mut self, rhs: Self) -> Self {
        let node = std::mem::replace(&mut self.node, Node::All);
        self.with_node(combine(node, rhs.node, true), Some(rhs.needs))
    }
}

impl<M> BitOr for Domain<M> {
    type Output = Domain<M>;

    fn bitor(mut self, rhs: Self) -> Self {
        let node = std::mem::replace(&mut self.node, Node::All);
        self.with_node(combine(node, rhs.node, false), Some(rhs.needs))
    }
}

impl<M> Not for Domain<M> {
    type Output = Domain<M>;

    fn not(mut self) -> Self {
        let node = match std::mem::replace(&mut self.node, Node::All) {
            Node::All => false_leaf(),
            Node::Not(inner) => *inner,
            other => Node::Not(Box::new(other)),
        };
        self.with_node(node, None)
    }
}

impl<M> Default for Domain<M> {
    fn default() -> Self {
        Self::all()
    }
}

impl<M> Clone for Domain<M> {
    fn clone(&self) -> Self {
        Self {
            node: self.node.clone(),
            needs: self.needs.clone(),
            marker: PhantomData,
        }
    }
}

impl<M> PartialEq for Domain<M> {
    fn eq(&self, other: &Self) -> bool {
        self.to_value() == other.to_value()
    }
}

impl<M> fmt::Debug for Domain<M> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Domain({})", self.to_value())
    }
}

impl<M> fmt::Display for Domain<M> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.to_value(), f)
    }
}

impl<M> Serialize for Domain<M> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.to_value().serialize(serializer)
    }
}

impl<M> From<Domain<M>> for Value {
    fn from(domain: Domain<M>) -> Value {
        domain.to_value()
    }
}

impl<M, T: OdooField, A> Field<M, T, A> {
    fn compare(&self, operator: &str, value: impl Into<T::Compare>) -> Domain<M> {
        Domain::leaf(self, operator, T::compare_value(value.into()))
    }

    fn compare_list<V: Into<T::Compare>>(
        &self,
        operator: &str,
        values: impl IntoIterator<Item = V>,
    ) -> Domain<M> {
        let values = values
            .into_iter()
            .map(|value| T::compare_value(value.into()))
            .collect();
        Domain::leaf(self, operator, Value::Array(values))
    }

    /// `=`: equal to `value` (a many2one compares its id).
    pub fn eq(&self, value: impl Into<T::Compare>) -> Domain<M> {
        self.compare("=", value)
    }

    /// `!=`: different from `value`.
    pub fn ne(&self, value: impl Into<T::Compare>) -> Domain<M> {
        self.compare("!=", value)
    }

    /// `<`
    pub fn lt(&self, value: impl Into<T::Compare>) -> Domain<M> {
        self.compare("<", value)
    }

    /// `<=`
    pub fn le(&self, value: impl Into<T::Compare>) -> Domain<M> {
        self.compare("<=", value)
    }

    /// `>`
    pub fn gt(&self, value: impl Into<T::Compare>) -> Domain<M> {
        self.compare(">", value)
    }

    /// `>=`
    pub fn ge(&self, value: impl Into<T::Compare>) -> Domain<M> {
        self.compare(">=", value)
    }

    /// `in`: equal to one of `values`.
    pub fn is_in<V: Into<T::Compare>>(&self, values: impl IntoIterator<Item = V>) -> Domain<M> {
        self.compare_list("in", values)
    }

    /// `not in`: equal to none of `values`.
    pub fn not_in<V: Into<T::Compare>>(&self, values: impl IntoIterator<Item = V>) -> Domain<M> {
        self.compare_list("not in", values)
    }

    /// Odoo's `=?` made explicit: equal to `value` when it is `Some`, every record when it
    /// is `None`. (Odoo's own `=?` also matches every record for `false`, `0` and `""`,
    /// which would make `eq_if(Some(false))` a no-op; this sends `=` for any `Some`.)
    pub fn eq_if<V: Into<T::Compare>>(&self, value: Option<V>) -> Domain<M> {
        match value {
            Some(value) => self.eq(value),
            None => Domain::all(),
        }
    }

    /// `!= false`: the field has a value.
    pub fn is_set(&self) -> Domain<M> {
        Domain::leaf(self, "!=", Value::Bool(false))
    }

    /// `= false`: the field is empty.
    pub fn is_unset(&self) -> Domain<M> {
        Domain::leaf(self, "=", Value::Bool(false))
    }

    /// Sorts by this field, ascending (Odoo's default direction, so the order says just
    /// the field name).
    pub fn asc(&self) -> Order<M> {
        Order::term(self, None)
    }

    /// Sorts by this field, descending.
    pub fn desc(&self) -> Order<M> {
        Order::term(self, Some("desc"))
    }
}

impl<M, T: TextField, A> Field<M, T, A> {
    /// `like`: contains `pattern`, case-sensitive (`%` and `_` are wildcards).
    pub fn like(&self, pattern: impl Into<String>) -> Domain<M> {
        Domain::leaf(self, "like", Value::String(pattern.into()))
    }

    /// `not like`
    pub fn not_like(&self, pattern: impl Into<String>) -> Domain<M> {
        Domain::leaf(self, "not like", Value::String(pattern.into()))
    }

    /// `ilike`: contains `pattern`, case-insensitive.
    pub fn ilike(&self, pattern: impl Into<String>) -> Domain<M> {
        Domain::leaf(self, "ilike", Value::String(pattern.into()))
    }

    /// `not ilike`
    pub fn not_ilike(&self, pattern: impl Into<String>) -> Domain<M> {
        Domain::leaf(self, "not ilike", Value::String(pattern.into()))
    }

    /// `=like`: matches `pattern` as a whole, case-sensitive.
    pub fn eq_like(&self, pattern: impl Into<String>) -> Domain<M> {
        Domain::leaf(self, "=like", Value::String(pattern.into()))
    }

    /// `=ilike`: matches `pattern` as a whole, case-insensitive.
    pub fn eq_ilike(&self, pattern: impl Into<String>) -> Domain<M> {
        Domain::leaf(self, "=ilike", Value::String(pattern.into()))
    }
}

impl<M, T: HierarchyField, A> Field<M, T, A> {
    /// `child_of`: the record `id` or any of its descendants (through `parent_id`).
    pub fn child_of(&self, ids: impl IntoIterator<Item = i64>) -> Domain<M> {
        Domain::leaf(self, "child_of", ids_value(ids))
    }

    /// `parent_of`: the record `id` or any of its ancestors.
    pub fn parent_of(&self, ids: impl IntoIterator<Item = i64>) -> Domain<M> {
        Domain::leaf(self, "parent_of", ids_value(ids))
    }
}

impl<M, T: Relational, A> Field<M, T, A>
where
    T::Target: Model,
{
    /// `any`: some related record matches `domain` (Odoo 17 and later).
    pub fn any(&self, domain: Domain<<T::Target as Model>::Base>) -> Domain<M> {
        Domain::leaf(self, "any", domain.to_value()).with_node_needs(domain.needs, self.name())
    }

    /// `not any`: no related record matches `domain` (Odoo 17 and later).
    pub fn not_any(&self, domain: Domain<<T::Target as Model>::Base>) -> Domain<M> {
        Domain::leaf(self, "not any", domain.to_value()).with_node_needs(domain.needs, self.name())
    }
}

impl<M> Domain<M> {
    /// Adds what an inner domain (of `any`) needs, its names under `prefix`.
    fn with_node_needs(mut self, inner: Needs, prefix: &str) -> Self {
        self.needs.extend(inner.prefixed(prefix));
        self
    }
}

fn ids_value(ids: impl IntoIterator<Item = i64>) -> Value {
    Value::Array(ids.into_iter().map(Value::from).collect())
}

/// A sort order on model `M`: `name asc, id desc`. Build it from field handles with
/// [`Field::asc`] / [`Field::desc`] and chain with [`Order::then`].
pub struct Order<M = AnyModel> {
    terms: Vec<String>,
    needs: Needs,
    marker: PhantomData<fn() -> M>,
}

impl<M> Order<M> {
    fn term<T, A>(field: &Field<M, T, A>, direction: Option<&str>) -> Self {
        let term = match direction {
            Some(direction) => format!("{} {direction}", field.name()),
            None => field.name().to_owned(),
        };
        let mut needs = Needs::default();
        needs.add(field.need());
        Self {
            terms: vec![term],
            needs,
            marker: PhantomData,
        }
    }

    /// Sorts by `self`, then by `next` among equals.
    #[must_use]
    pub fn then(mut self, next: Order<M>) -> Self {
        self.terms.extend(next.terms);
        self.needs.extend(next.needs);
        self
    }

    /// An order as Odoo writes it (`"name asc, id desc"`), not checked.
    pub fn raw(order: impl Into<String>) -> Self {
        Self {
            terms: vec![order.into()],
            needs: Needs::default(),
            marker: PhantomData,
        }
    }

    /// What the order uses that exists on some Odoo versions only.
    pub(crate) fn needs(&self) -> &Needs {
        &self.needs
    }

    /// The text Odoo takes.
    pub fn as_string(&self) -> String {
        self.terms.join(", ")
    }
}

impl<M> Clone for Order<M> {
    fn clone(&self) -> Self {
        Self {
            terms: self.terms.clone(),
            needs: self.needs.clone(),
            marker: PhantomData,
        }
    }
}

impl<M> fmt::Debug for Order<M> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Order({})", self.as_string())
    }
}

impl<M> fmt::Display for Order<M> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.as_string())
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::types::{Many2one, X2many};

    struct P;

    fn name() -> Field<P, Option<String>> {
        Field::new("name")
    }
    fn active() -> Field<P, bool> {
        Field::new("active")
    }
    fn parent() -> Field<P, Option<Many2one<P>>> {
        Field::new("parent_id")
    }
    fn tags() -> Field<P, X2many> {
        Field::new("category_id")
    }
    fn id() -> Field<P, i64> {
        Field::new("id")
    }

    #[test]
    fn operators_write_their_leaves() {
        let cases: Vec<(Domain<P>, Value)> = vec![
            (name().eq("a"), json!([["name", "=", "a"]])),
            (name().ne("a"), json!([["name", "!=", "a"]])),
            (id().lt(3), json!([["id", "<", 3]])),
            (id().le(3), json!([["id", "<=", 3]])),
            (id().gt(3), json!([["id", ">", 3]])),
            (id().ge(3), json!([["id", ">=", 3]])),
            (id().is_in([1, 2]), json!([["id", "in", [1, 2]]])),
            (id().not_in(vec![1]), json!([["id", "not in", [1]]])),
            (name().like("a%"), json!([["name", "like", "a%"]])),
            (name().not_like("a"), json!([["name", "not like", "a"]])),
            (name().ilike("a"), json!([["name", "ilike", "a"]])),
            (name().not_ilike("a"), json!([["name", "not ilike", "a"]])),
            (name().eq_like("a"), json!([["name", "=like", "a"]])),
            (name().eq_ilike("a"), json!([["name", "=ilike", "a"]])),
            (
                parent().child_of([7]),
                json!([["parent_id", "child_of", [7]]]),
            ),
            (
                parent().parent_of([7]),
                json!([["parent_id", "parent_of", [7]]]),
            ),
            (parent().eq(7), json!([["parent_id", "=", 7]])),
            (tags().eq(3), json!([["category_id", "=", 3]])),
            (
                tags().any(Domain::raw(json!([["name", "=", "VIP"]])).expect("valid")),
                json!([["category_id", "any", [["name", "=", "VIP"]]]]),
            ),
            (
                tags().not_any(Domain::all()),
                json!([["category_id", "not any", []]]),
            ),
            (name().eq_if(None::<String>), json!([])),
            (name().eq_if(Some("x")), json!([["name", "=", "x"]])),
            (active().eq_if(Some(false)), json!([["active", "=", false]])),
            (parent().is_set(), json!([["parent_id", "!=", false]])),
            (parent().is_unset(), json!([["parent_id", "=", false]])),
            (active().eq(false), json!([["active", "=", false]])),
        ];
        for (domain, expected) in cases {
            assert_eq!(domain.to_value(), expected);
        }
    }

    #[test]
    fn combinators_flatten_to_prefix_notation() {
        let d = name().eq("a") & id().gt(1) & active().eq(true);
        assert_eq!(
            d.to_value(),
            json!([
                "&",
                "&",
                ["name", "=", "a"],
                ["id", ">", 1],
                ["active", "=", true]
            ])
        );
        let d = (name().eq("a") | name().eq("b")) & !active().eq(true);
        assert_eq!(
            d.to_value(),
            json!([
                "&",
                "|",
                ["name", "=", "a"],
                ["name", "=", "b"],
                "!",
                ["active", "=", true]
            ])
        );
        assert_eq!(
            (!!active().eq(true)).to_value(),
            json!([["active", "=", true]])
        );
        assert_eq!(
            (Domain::<P>::all() & id().eq(1)).to_value(),
            json!([["id", "=", 1]])
        );
        assert_eq!(
            (Domain::<P>::all() | id().eq(1)).to_value(),
            json!([[1, "=", 1]])
        );
        assert_eq!((!Domain::<P>::all()).to_value(), json!([[0, "=", 1]]));
        assert!(Domain::<P>::all().is_all());
    }

    #[test]
    fn raw_domains_are_checked_and_nest() {
        let raw: Domain<P> =
            Domain::raw(json!(["!", ["a", "=", 1], ["b", "=", 2]])).expect("valid");
        let d = id().eq(1) | raw;
        assert_eq!(
            d.to_value(),
            json!(["|", ["id", "=", 1], "&", "!", ["a", "=", 1], ["b", "=", 2]])
        );
        let bad = [
            json!({"a": 1}),
            json!(["&", ["a", "=", 1]]),
            json!(["x"]),
            json!([["a", "="]]),
            json!([3]),
            json!([["", "=", 1]]),
            json!([[5, "bogus", 3]]),
        ];
        for domain in bad {
            assert!(Domain::<P>::raw(domain.clone()).is_err(), "{domain}");
        }
        assert!(Domain::<P>::raw(json!([])).expect("valid").is_all());
        assert!(Domain::<P>::raw(json!([[1, "=", 1]])).is_ok());
    }

    #[test]
    fn orders_chain() {
        let order = name().asc().then(id().desc());
        assert_eq!(order.as_string(), "name, id desc");
    }
}
