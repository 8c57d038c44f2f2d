//! Unit tests of the store: seeding, the ORM's writes, searches and reads.

use serde_json::{json, Value};

use super::{now_utc_micros, Store};
use crate::{ExceptionClass, OdooVersion};
use odoo_core::SearchOptions;
use odoo_schema::Schema;

fn store() -> Store {
    let schema = Schema::from_json(include_str!("../demo/schema.json")).expect("demo schema");
    Store::new(schema, OdooVersion::V18)
}

#[test]
fn create_read_write_unlink() {
    let mut s = store();
    s.insert("res.country", json!({"id": 5, "name": "Belgium"}))
        .expect("seed");
    let id = s
        .create(
            "res.partner",
            &json!({"name": "Ann", "country_id": 5, "email": "a@x.test"}),
        )
        .expect("create");
    let rows = s
        .read(
            "res.partner",
            &[id],
            Some(&[
                "name".into(),
                "country_id".into(),
                "phone".into(),
                "is_company".into(),
                "category_id".into(),
            ]),
        )
        .expect("read");
    assert_eq!(
        rows,
        [
            json!({"id": id, "name": "Ann", "country_id": [5, "Belgium"], "phone": false, "is_company": false, "category_id": []})
        ]
    );
    s.write("res.partner", &[id], &json!({"email": false}))
        .expect("write");
    assert_eq!(
        s.stored_value("res.partner", id, "email"),
        Value::Bool(false)
    );
    s.unlink("res.partner", &[id]).expect("unlink");
    assert!(s.read("res.partner", &[id], None).expect("read").is_empty());
    let e = s
        .write("res.partner", &[id], &json!({"name": "x"}))
        .expect_err("missing");
    assert_eq!(e.kind(), &ExceptionClass::MissingError);
}

#[test]
fn x2many_commands() {
    let mut s = store();
    for (id, name) in [(1, "A"), (2, "B"), (3, "C")] {
        s.insert("res.partner.category", json!({"id": id, "name": name}))
            .expect("seed");
    }
    let id = s
        .create(
            "res.partner",
            &json!({"name": "Co", "is_company": true, "category_id": [[6, 0, [1, 2]]],
                    "child_ids": [[0, 0, {"name": "Kid A"}], [0, 0, {"name": "Kid B"}]]}),
        )
        .expect("create");
    let kids = s.stored_value("res.partner", id, "child_ids");
    let kids: Vec<i64> = kids
        .as_array()
        .expect("list")
        .iter()
        .filter_map(Value::as_i64)
        .collect();
    assert_eq!(kids.len(), 2);
    s.write(
        "res.partner",
        &[id],
        &json!({"category_id": [[4, 3], [3, 1]],
                "child_ids": [[1, kids[0], {"email": "a@x.test"}], [2, kids[1]], [0, 0, {"name": "Kid C"}]]}),
    )
    .expect("write");
    assert_eq!(
        s.stored_value("res.partner", id, "category_id"),
        json!([2, 3])
    );
    let now: Vec<i64> = s
        .stored_value("res.partner", id, "child_ids")
        .as_array()
        .expect("list")
        .iter()
        .filter_map(Value::as_i64)
        .collect();
    assert_eq!(now.len(), 2);
    assert!(!s.exists("res.partner", kids[1]));
    assert_eq!(s.display_name("res.partner", kids[0]), "Co, Kid A");
    s.write("res.partner", &[id], &json!({"category_id": [[5, 0, 0]]}))
        .expect("clear");
    assert_eq!(s.stored_value("res.partner", id, "category_id"), json!([]));
}

#[test]
fn required_and_recursion() {
    let mut s = store();
    let e = s
        .create("res.partner.category", &json!({"color": 3}))
        .expect_err("required");
    assert_eq!(e.kind(), &ExceptionClass::ValidationError);
    assert!(
        e.message().contains("(res.partner.category)"),
        "{}",
        e.message()
    );
    let a = s
        .create("res.partner", &json!({"name": "A"}))
        .expect("create");
    let e = s
        .write("res.partner", &[a], &json!({"parent_id": a}))
        .expect_err("recursion");
    assert_eq!(
        e.message(),
        "You cannot create recursive Partner hierarchies."
    );
    assert_eq!(s.stored_value("res.partner", a, "parent_id"), Value::Null);
    let e = s
        .create("res.partner", &json!({"nope": 1}))
        .expect_err("unknown field");
    assert_eq!(e.message(), "Invalid field 'nope' on model 'res.partner'");
}

#[test]
fn order_limit_offset_and_active() {
    let mut s = store();
    for (name, active) in [("b", true), ("a", true), ("c", false), ("d", true)] {
        s.create("res.partner", &json!({"name": name, "active": active}))
            .expect("create");
    }
    let all = s
        .search_ids("res.partner", &json!([]), Some("name desc"), 0, None, None)
        .expect("search");
    let names: Vec<String> = all
        .iter()
        .map(|id| s.display_name("res.partner", *id))
        .collect();
    assert_eq!(names, ["d", "b", "a"]);
    let page = s
        .search(
            "res.partner",
            &json!([]),
            &SearchOptions::new().order("name").offset(1).limit(1),
        )
        .expect("search");
    assert_eq!(s.display_name("res.partner", page[0]), "b");
    let with_inactive = s
        .search(
            "res.partner",
            &json!([["active", "in", [true, false]]]),
            &SearchOptions::new(),
        )
        .expect("search");
    assert_eq!(with_inactive.len(), 4);
    assert!(now_utc_micros().len() == 26);
}

#[test]
fn multi_key_order_and_bad_orders() {
    let mut s = store();
    for (name, company) in [("b", false), ("a", true), ("c", true), ("a", false)] {
        s.create("res.partner", &json!({"name": name, "is_company": company}))
            .expect("create");
    }
    let ids = s
        .search(
            "res.partner",
            &json!([]),
            &SearchOptions::new().order("is_company desc, name asc, id desc"),
        )
        .expect("search");
    let rows: Vec<(bool, String, i64)> = ids
        .iter()
        .map(|id| {
            let r = s.record("res.partner", *id).expect("exists");
            (
                r["is_company"].as_bool().unwrap_or(false),
                s.display_name("res.partner", *id),
                *id,
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            (true, "a".into(), 2),
            (true, "c".into(), 3),
            (false, "a".into(), 4),
            (false, "b".into(), 1)
        ]
    );
    // Without an order, the model's own: `complete_name ASC, id DESC` for contacts.
    assert_eq!(
        s.search("res.partner", &json!([]), &SearchOptions::new())
            .expect("search"),
        [4, 2, 1, 3]
    );
    assert_eq!(
        s.search("res.partner", &json!([]), &SearchOptions::new().order("id"))
            .expect("search"),
        [1, 2, 3, 4]
    );
    let e = s
        .search(
            "res.partner",
            &json!([]),
            &SearchOptions::new().order("nope"),
        )
        .expect_err("unknown field");
    assert_eq!(e.message(), "Invalid field 'nope' on model 'res.partner'");
    assert!(s
        .search(
            "res.partner",
            &json!([]),
            &SearchOptions::new().order("name sideways")
        )
        .is_err());
    let bare = s
        .read_with("res.partner", &[1], Some(&["country_id".into()]), false)
        .expect("read");
    assert_eq!(bare[0]["country_id"], json!(false));
}

#[test]
fn failed_calls_change_nothing() {
    let mut s = store();
    s.insert("res.partner.category", json!({"id": 1, "name": "A"}))
        .expect("seed");
    let id = s
        .create(
            "res.partner",
            &json!({"name": "Co", "category_id": [[6, 0, [1]]]}),
        )
        .expect("create");
    let before = s.record("res.partner", id).cloned();
    let e = s
        .write(
            "res.partner",
            &[id],
            &json!({"name": "Renamed", "child_ids": [[0, 0, {"name": "Kid"}], [4, 999]]}),
        )
        .expect_err("unknown child");
    assert_eq!(e.kind(), &ExceptionClass::MissingError);
    assert_eq!(s.record("res.partner", id).cloned(), before);
    assert_eq!(s.ids("res.partner"), [id]);
    let e = s
        .create(
            "res.partner",
            &json!({"name": "X", "child_ids": [[0, 0, {"nope": 1}]]}),
        )
        .expect_err("bad child");
    assert_eq!(e.kind(), &ExceptionClass::ValueError);
    assert_eq!(s.ids("res.partner"), [id]);
}

#[test]
fn a_related_field_reads_the_end_of_its_path() {
    let mut schema = Schema::from_json(include_str!("../demo/schema.json")).expect("demo schema");
    let char_field = |related: Option<&str>| odoo_schema::FieldSchema {
        field_type: odoo_schema::FieldType::Char,
        related: related.map(str::to_owned),
        ..odoo_schema::FieldSchema::default()
    };
    let country = schema.models.get_mut("res.country").expect("countries");
    country.fields.insert("code".into(), char_field(None));
    let partner = schema.models.get_mut("res.partner").expect("partners");
    let related = char_field(Some("country_id.code"));
    partner.fields.insert("country_code".into(), related);
    let mut s = Store::new(schema, OdooVersion::V18);
    s.insert(
        "res.country",
        json!({"id": 5, "name": "Belgium", "code": "BE"}),
    )
    .expect("seed");
    let abroad = s
        .create("res.partner", &json!({"name": "Ann", "country_id": 5}))
        .expect("create");
    let nowhere = s
        .create("res.partner", &json!({"name": "Bob"}))
        .expect("create");
    assert_eq!(
        s.stored_value("res.partner", abroad, "country_code"),
        json!("BE")
    );
    // An empty many2one on the way reads as empty.
    assert_eq!(
        s.stored_value("res.partner", nowhere, "country_code"),
        Value::Null
    );
}
