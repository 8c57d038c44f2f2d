//! The JSON path a decode error names, checked against `serde_path_to_error` (which tracks the
//! path while deserializing) on every place of a value: each item and member replaced by each
//! wrong kind of value, and each member left out.
//!
//! The client finds the path from where `serde_json` stopped in the value's text, so that a type
//! is compiled for one deserializer only; this proves it names the same place, with the same
//! message, and accepts and refuses the same values.

use std::collections::BTreeMap;

use odoo_core::{ErrorContext, Limits};
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::{json, Value};

// The derive tests' sale order: text, number and relation fields, selections with text and
// number keys, a date, a skipped field.
use crate::derive_values::Order;

#[derive(Debug, PartialEq, Deserialize)]
pub struct Nested {
    pub id: u32,
    pub pair: (i64, String),
    pub tags: Vec<Tag>,
    pub counts: BTreeMap<String, i64>,
    pub maybe: Option<Vec<bool>>,
    pub kind: Kind,
    #[serde(default)]
    pub extra: Option<Value>,
    pub weird_keys: Weird,
}

#[derive(Debug, PartialEq, Deserialize)]
pub struct Tag {
    pub id: i64,
    pub name: String,
}

#[derive(Debug, PartialEq, Deserialize)]
pub enum Kind {
    Plain,
    Pair(i64, i64),
    Named { size: u8 },
}

#[derive(Debug, PartialEq, Deserialize)]
pub struct Weird {
    #[serde(rename = "a.b")]
    pub dotted: i64,
    #[serde(rename = "é \"q\"\n")]
    pub escaped: String,
}

/// What the client answers for `value` as the result of a JSON-2 call: the body does not fit
/// `T` (or fits), so the value is decoded again for the path.
fn client<T: DeserializeOwned>(value: &Value) -> Result<T, (String, String)> {
    let body = value.to_string();
    let context = ErrorContext::call("sale.order", "read");
    odoo_core::wire::decode_json2_as::<T>(
        200,
        Some("application/json"),
        body.as_bytes(),
        &Limits::default(),
        &context,
    )
    .map_err(|error| match error.decode_error() {
        Some(decode) => (decode.path.clone(), decode.message.clone()),
        None => panic!("not a decode error for {value}: {error:?}"),
    })
}

/// What `serde_path_to_error` answers, with its path of the whole value (`.`) written as the
/// client's (empty).
fn tracked<T: DeserializeOwned>(value: &Value) -> Result<T, (String, String)> {
    serde_path_to_error::deserialize::<_, T>(value.clone()).map_err(|error| {
        let path = match error.path().to_string() {
            root if root == "." => String::new(),
            path => path,
        };
        (path, error.into_inner().to_string())
    })
}

/// Every place of `value`: the JSON pointer of each item and member, the root first.
fn places(value: &Value, pointer: String, out: &mut Vec<String>) {
    out.push(pointer.clone());
    match value {
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                places(item, format!("{pointer}/{index}"), out);
            }
        }
        Value::Object(members) => {
            for (key, member) in members {
                let escaped = key.replace('~', "~0").replace('/', "~1");
                places(member, format!("{pointer}/{escaped}"), out);
            }
        }
        _ => {}
    }
}

/// `value` with the place at `pointer` replaced, and with it removed when it is a member.
fn variants(value: &Value) -> Vec<Value> {
    let replacements = [
        json!(null),
        json!(false),
        json!(true),
        json!(0),
        json!(-1),
        json!(1.5),
        json!(18_446_744_073_709_551_615_u64),
        json!("x"),
        json!(""),
        json!([]),
        json!([1, "y"]),
        json!({}),
        json!({"id": 1}),
    ];
    let mut pointers = Vec::new();
    places(value, String::new(), &mut pointers);
    let mut out = Vec::new();
    for pointer in &pointers {
        for replacement in &replacements {
            let mut changed = value.clone();
            if let Some(place) = changed.pointer_mut(pointer) {
                *place = replacement.clone();
                out.push(changed);
            }
        }
        if let Some((parent, key)) = pointer.rsplit_once('/') {
            let mut changed = value.clone();
            if let Some(Value::Object(members)) = changed.pointer_mut(parent) {
                let key = key.replace("~1", "/").replace("~0", "~");
                members.remove(&key);
                out.push(changed);
            }
        }
    }
    out
}

/// Both accept the value alike, or refuse it at the same path with the same message. Two
/// kinds of message differ: serde_json words errors of serde's enums (`Kind`) in its own way
/// for text and for values, and the client says "more items than expected" where a list is
/// longer than its type (a tuple, a tuple variant) takes.
fn same<T: PartialEq + std::fmt::Debug>(
    mine: &Result<T, (String, String)>,
    tracked: &Result<T, (String, String)>,
    value: &Value,
) {
    match (mine, tracked) {
        (Err((path, message)), Err((tracked_path, tracked_message))) => {
            assert_eq!(path, tracked_path, "{value}");
            let worded_apart = path.contains("kind") || message == "more items than expected";
            if !worded_apart {
                assert_eq!(message, tracked_message, "{value}");
            }
        }
        _ => assert_eq!(mine, tracked, "{value}"),
    }
}

/// The client and `serde_path_to_error` agree on every variant of `good` (as `T` and as a list
/// of two), and the paths of at least some failures are deep ones.
fn agree<T: DeserializeOwned + PartialEq + std::fmt::Debug>(good: &Value) -> usize {
    let mut failures = 0;
    let mut deep = 0;
    let listed = |v: &Value| json!([good.clone(), v.clone()]);
    for changed in variants(good) {
        let mine = client::<T>(&changed);
        same(&mine, &tracked::<T>(&changed), &changed);
        let in_list = listed(&changed);
        same(
            &client::<Vec<T>>(&in_list),
            &tracked::<Vec<T>>(&in_list),
            &in_list,
        );
        if let Err((path, _)) = &mine {
            failures += 1;
            deep += usize::from(path.contains('.') || path.contains('['));
        }
    }
    assert!(client::<T>(good).is_ok(), "{good} decodes");
    assert!(deep > 0, "no failure below the root");
    failures
}

#[test]
fn paths_of_derived_models_are_those_serde_path_to_error_tracks() {
    let good = json!({
        "id": 7, "name": "S007", "note": false, "state": "sale", "level": 2, "locked": false,
        "amount_total": 10.5, "partner_id": [3, "Acme"], "order_line": [1, 2],
        "validity_date": "2026-12-01", "unknown_field": {"ignored": [true]}
    });
    let failures = agree::<Order>(&good);
    assert!(failures > 40, "only {failures} variants failed");
}

#[test]
fn paths_of_nested_serde_types_are_those_serde_path_to_error_tracks() {
    let good = json!({
        "id": 1,
        "pair": [2, "two"],
        "tags": [{"id": 1, "name": "a"}, {"id": 2, "name": "b"}],
        "counts": {"x": 1, "y/z": 2, "w~": 3},
        "maybe": [true, false],
        "kind": {"Named": {"size": 3}},
        "extra": {"deep": [[1], {"k": null}]},
        "weird_keys": {"a.b": 1, "é \"q\"\n": "s"}
    });
    let failures = agree::<Nested>(&good);
    assert!(failures > 100, "only {failures} variants failed");
    let other_kinds = json!({
        "id": 1, "pair": [2, "two"], "tags": [], "counts": {}, "maybe": null,
        "kind": {"Pair": [1, 2]}, "weird_keys": {"a.b": 1, "é \"q\"\n": "s"}
    });
    agree::<Nested>(&other_kinds);
}

#[test]
fn a_path_names_the_place_and_the_message_drops_the_text_position() {
    let value = json!([{"id": 1, "name": "A"}, {"id": 2, "name": false}]);
    let (path, message) = client::<Vec<Tag>>(&value).expect_err("does not fit");
    assert_eq!(path, "[1].name");
    assert_eq!(message, "invalid type: boolean `false`, expected a string");
    let (path, message) = client::<Vec<Tag>>(&json!([{"id": 1}])).expect_err("a missing field");
    assert_eq!(
        (path.as_str(), message.as_str()),
        ("[0]", "missing field `name`")
    );
    let (path, _) = client::<Tag>(&json!(3)).expect_err("not an object");
    assert_eq!(path, "");
}
