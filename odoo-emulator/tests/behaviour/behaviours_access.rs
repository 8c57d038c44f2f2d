//! The emulator refuses what Odoo refuses: for each behaviour recorded from real Odoo 16-19
//! (`<fixtures>/odooNN/behaviours/`), the recorded request is sent to an emulator playing
//! that version, and its answer compared with the recorded one on what matters: the HTTP
//! status and media type, the error's class, code and message, and the records answered.
//!
//! - company scoping: `allowed_company_ids` hides the warehouses of other companies, and
//!   names a company the user may not use at the price of an AccessError
//!   (`company_1_warehouses`, `company_2_warehouses`, `company_invalid`);
//! - field-level groups: the demo user reads its own `password` (empty) but not its
//!   `totp_secret` (`field_groups_demo_reads_*`);
//! - ordering by a field that is not stored (`order_by_non_stored`): ignored by 16 and 17,
//!   refused from 18;
//! - a wrong database on every transport, and an API key given as the web session's
//!   password (`wrong_database_*`, `web_api_key_as_password`).
//!
//! The emulators play the recorded database: its name (`odooNN`), its schema
//! (`fields_get.json`, `ir_model.json`, plus the two things the admin's `fields_get` cannot
//! show: `stock.warehouse` and `res.users.totp_secret`), its users `admin` and `demo`, and
//! the records the recorded answers show. Other refusals, beyond the recorded files, are
//! checked against the texts the real servers answer for them.

use crate::support;

use std::collections::BTreeMap;
use std::path::Path;

use odoo_core::schema::{FieldSchema, ModelSchema, Schema};
use odoo_emulator::{Emulator, OdooVersion, User};
use serde_json::{json, Value};
use support::http::{send, RawResponse};
use support::transcript::Transcript;
use support::{require_fixtures, values_equal, IncomingRequest};

const ADMIN_KEY: &str = "behaviours-admin-key";
const MAJORS: [u32; 4] = [16, 17, 18, 19];

/// The recorded exchange `behaviour_<name>.json` of Odoo `major`.
fn behaviour(root: &Path, major: u32, name: &str) -> Transcript {
    support::behaviours::behaviour(root, major, name)
        .unwrap_or_else(|| panic!("odoo{major} has no recorded behaviour {name}"))
}

/// The recorded database's schema, with what its admin's `fields_get` leaves out: the
/// warehouses, and the users' `totp_secret` (groups `.`: nobody may read it).
fn schema(root: &Path, major: u32) -> Schema {
    let mut schema = support::behaviours::recorded_schema(root, major);
    let stored = json!({"store": true, "searchable": true, "sortable": true});
    let field = |extra: Value| {
        let mut attributes = stored.clone();
        attributes
            .as_object_mut()
            .expect("an object")
            .extend(extra.as_object().cloned().unwrap_or_default());
        attributes
    };
    let mut warehouse = ModelSchema::from_fields_get(
        "stock.warehouse",
        &json!({
            "name": field(json!({"type": "char", "string": "Warehouse", "required": true})),
            "company_id": field(json!({"type": "many2one", "relation": "res.company", "required": true})),
            "active": field(json!({"type": "boolean"})),
        }),
    )
    .expect("the warehouse model");
    warehouse.description = Some("Warehouse".into());
    schema.models.insert("stock.warehouse".into(), warehouse);
    let users = schema.models.get_mut("res.users").expect("res.users");
    let totp = FieldSchema::from_fields_get(&json!({"type": "char", "groups": "."}))
        .expect("the totp_secret field");
    users.fields.insert("totp_secret".into(), totp);
    schema
}

/// The uid of the recorded demo user (6 on 16-18, 5 on 19), as the field-groups case sends
/// it.
fn demo_uid(root: &Path, major: u32) -> i64 {
    let case = behaviour(root, major, "jsonrpc_field_groups_demo_reads_password");
    let body = case.request_value().expect("a JSON body");
    body["params"]["args"][1].as_i64().expect("a uid")
}

/// An emulator playing the recorded database of Odoo `major`: `admin`/`admin` (uid 2, an
/// administrator, API key [`ADMIN_KEY`]) and `demo`/`demo` (internal user with Technical
/// Features, as in Odoo's demo data), and the records given.
async fn emulator(root: &Path, major: u32, records: Vec<(&str, Value)>) -> Emulator {
    let version = OdooVersion::from_major(major).expect("a played version");
    let mut builder = Emulator::builder()
        .version(version)
        .database(format!("odoo{major}"))
        .schema(schema(root, major))
        .user(
            User::new("admin", "admin")
                .uid(2)
                .name("Mitchell Admin")
                .api_key(ADMIN_KEY)
                .admin(),
        )
        .user(
            User::new("demo", "demo")
                .uid(demo_uid(root, major))
                .name("Marc Demo")
                .groups(["base.group_user", "base.group_no_one"]),
        );
    for (model, record) in records {
        builder = builder.record(model, record);
    }
    builder.start().await.expect("the emulator starts")
}

/// Sends the recorded request of `case` to the emulator, with `secret` in place of a
/// redacted password or bearer key.
async fn replay(emu: &Emulator, case: &Transcript, secret: &str) -> RawResponse {
    let mut request = IncomingRequest::from_transcript(case);
    request.body = request
        .body_text()
        .replace("<redacted>", secret)
        .into_bytes();
    if request.header("Authorization").is_some() {
        request.set_header("Authorization", Some(&format!("bearer {secret}")));
    }
    send(emu.url(), &request).await
}

/// The media type of a `content-type` value, without its parameters.
fn media_type(value: Option<&str>) -> String {
    value
        .unwrap_or_default()
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase()
}

/// Asserts that the emulator answered as Odoo did: status, media type; for a JSON-RPC error
/// its code, class, message and arguments; for a result, the same value; for a page, the
/// same text.
fn assert_same_answer(case: &Transcript, got: &RawResponse) {
    let what = format!("odoo{} {}", case.version, case.name);
    let text = got.text();
    assert_eq!(got.status, case.response.status, "{what}: {text}");
    assert_eq!(
        media_type(got.header("content-type")),
        media_type(case.response_header("content-type")),
        "{what}"
    );
    let Some(recorded) = case.response_value() else {
        assert_eq!(text, case.response.body, "{what}");
        return;
    };
    let answer: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{what}: {e}"));
    assert_eq!(answer["id"], recorded["id"], "{what}");
    if recorded.get("error").is_some() {
        for pointer in [
            "/error/code",
            "/error/message",
            "/error/data/name",
            "/error/data/message",
            "/error/data/arguments",
        ] {
            assert_eq!(
                answer.pointer(pointer),
                recorded.pointer(pointer),
                "{what}: {pointer} in {text}"
            );
        }
        assert!(answer.get("result").is_none(), "{what}: {text}");
    } else {
        assert!(
            values_equal(&answer["result"], &recorded["result"]),
            "{what}: {} instead of {}",
            answer["result"],
            recorded["result"]
        );
    }
}

/// The warehouses and companies the company cases show: each warehouse a recorded answer
/// lists (with its company's recorded name), and a company for each id a request names and
/// Odoo accepted.
fn warehouses_recorded(cases: &[Transcript]) -> Vec<(&'static str, Value)> {
    let mut companies: BTreeMap<i64, String> = BTreeMap::new();
    let mut warehouses: BTreeMap<i64, Value> = BTreeMap::new();
    for case in cases {
        let request = case.request_value().expect("a JSON body");
        let answer = case.response_value().expect("a JSON answer");
        let Some(rows) = answer["result"].as_array() else {
            continue;
        };
        let asked = &request["params"]["args"][6]["context"]["allowed_company_ids"];
        for company in asked.as_array().into_iter().flatten() {
            let id = company.as_i64().expect("a company id");
            companies
                .entry(id)
                .or_insert_with(|| format!("Company {id}"));
        }
        for row in rows {
            let company = row["company_id"][0].as_i64().expect("a company id");
            let name = row["company_id"][1].as_str().expect("a company name");
            companies.insert(company, name.to_owned());
            let id = row["id"].as_i64().expect("an id");
            warehouses.insert(
                id,
                json!({"id": id, "name": row["name"], "company_id": company}),
            );
        }
    }
    let companies = companies
        .into_iter()
        .map(|(id, name)| ("res.company", json!({"id": id, "name": name})));
    let warehouses = warehouses
        .into_values()
        .map(|record| ("stock.warehouse", record));
    companies.chain(warehouses).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn allowed_companies_scope_and_refuse_as_odoo_does() {
    let root = require_fixtures!();
    for major in MAJORS {
        let cases: Vec<Transcript> = [
            "jsonrpc_company_1_warehouses",
            "jsonrpc_company_2_warehouses",
            "jsonrpc_company_invalid",
        ]
        .iter()
        .map(|name| behaviour(&root, major, name))
        .collect();
        let seeds = warehouses_recorded(&cases);
        let emu = emulator(&root, major, seeds).await;
        let warehouses = emu.with_store(|store| store.ids("stock.warehouse"));
        assert!(!warehouses.is_empty(), "odoo{major}: warehouses are seeded");
        for case in &cases {
            assert_same_answer(case, &replay(&emu, case, "admin").await);
        }
        // Without the key the admin sees the warehouses of all its companies.
        let all = emu.with_store(|store| store.ids("stock.warehouse"));
        let answer = call(
            &emu,
            2,
            "admin",
            "stock.warehouse",
            "search",
            json!([[]]),
            json!({}),
        )
        .await;
        assert_eq!(answer["result"], json!(all), "odoo{major}");
    }
}

/// Calls `execute_kw` over JSON-RPC on the emulator's database.
async fn call(
    emu: &Emulator,
    uid: i64,
    password: &str,
    model: &str,
    method: &str,
    args: Value,
    kwargs: Value,
) -> Value {
    let body = json!({
        "jsonrpc": "2.0", "method": "call", "id": 1,
        "params": {"service": "object", "method": "execute_kw",
                   "args": [emu.database(), uid, password, model, method, args, kwargs]},
    });
    let request = IncomingRequest::new(
        "POST",
        "/jsonrpc",
        &[("Content-Type", "application/json")],
        body.to_string().as_bytes(),
    );
    let text = send(emu.url(), &request).await.text();
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"))
}

/// The error message of a JSON-RPC answer (panics on a result).
fn error_message(answer: &Value) -> (&str, &str) {
    let data = &answer["error"]["data"];
    match (data["name"].as_str(), data["message"].as_str()) {
        (Some(name), Some(message)) => (name, message),
        _ => panic!("an error, not {answer}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_record_of_another_company_is_refused_as_odoo_words_it() {
    let root = require_fixtures!();
    for major in MAJORS {
        let seeds = vec![
            (
                "res.company",
                json!({"id": 1, "name": "My Company (San Francisco)"}),
            ),
            (
                "res.company",
                json!({"id": 2, "name": "My Company (Chicago)"}),
            ),
            (
                "stock.warehouse",
                json!({"id": 1, "name": "YourCompany", "company_id": 1}),
            ),
            (
                "stock.warehouse",
                json!({"id": 2, "name": "Chicago 1", "company_id": 2}),
            ),
        ];
        let emu = emulator(&root, major, seeds).await;
        let context = json!({"context": {"allowed_company_ids": [1]}});
        let mut kwargs = context.clone();
        kwargs["fields"] = json!(["name"]);
        let read = call(
            &emu,
            2,
            "admin",
            "stock.warehouse",
            "read",
            json!([[2]]),
            kwargs,
        )
        .await;
        let written = call(
            &emu,
            2,
            "admin",
            "stock.warehouse",
            "write",
            json!([[2], {"name": "x"}]),
            context,
        )
        .await;
        // What the real servers answer to both.
        let expected = match major {
            16 => "Due to security restrictions, you are not allowed to access 'Warehouse' (stock.warehouse) records.\n\nContact your administrator to request access if necessary.".to_owned(),
            _ => {
                let mut text = "Uh-oh! Looks like you have stumbled upon some top-secret records.\n\nSorry, Mitchell Admin (id=2) doesn't have 'read' access to:\n- Warehouse (stock.warehouse)\n\nIf you really, really need access, perhaps you can win over your friendly administrator with a batch of freshly baked cookies.".to_owned();
                if major >= 18 {
                    text.push_str("\n\nThis seems to be a multi-company issue, you might be able to access the record by switching to the company: My Company (Chicago).");
                }
                text
            }
        };
        for answer in [&read, &written] {
            assert_eq!(
                error_message(answer),
                ("odoo.exceptions.AccessError", expected.as_str()),
                "odoo{major}"
            );
        }
        let name = emu.with_store(|store| store.stored_value("stock.warehouse", 2, "name"));
        assert_eq!(name, json!("Chicago 1"), "odoo{major}: nothing written");
        // The other company's warehouse is there once the call works in it.
        let both = json!({"context": {"allowed_company_ids": [1, 2]}, "fields": ["name"]});
        let read = call(
            &emu,
            2,
            "admin",
            "stock.warehouse",
            "read",
            json!([[2]]),
            both,
        )
        .await;
        assert_eq!(
            read["result"],
            json!([{"id": 2, "name": "Chicago 1"}]),
            "odoo{major}"
        );
        // A user limited to company 1 may not name company 2.
        let emu = Emulator::builder()
            .version(emu.version())
            .schema(schema(&root, major))
            .record("res.company", json!({"id": 1, "name": "Main"}))
            .record("res.company", json!({"id": 2, "name": "Other"}))
            .user(User::new("solo", "solo").uid(9).companies([1]))
            .start()
            .await
            .expect("starts");
        let kwargs = json!({"context": {"allowed_company_ids": [2]}});
        let answer = call(
            &emu,
            9,
            "solo",
            "res.partner",
            "search",
            json!([[]]),
            kwargs,
        )
        .await;
        assert_eq!(
            error_message(&answer),
            (
                "odoo.exceptions.AccessError",
                "Access to unauthorized or invalid companies."
            ),
            "odoo{major}"
        );
        // A model without a company does not mind, as in Odoo.
        let kwargs = json!({"context": {"allowed_company_ids": [999]}});
        let answer = call(
            &emu,
            9,
            "solo",
            "res.country",
            "search_count",
            json!([[]]),
            kwargs,
        )
        .await;
        assert_eq!(answer["result"], json!(0), "odoo{major}: {answer}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fields_of_other_groups_are_refused_as_odoo_does() {
    let root = require_fixtures!();
    for major in MAJORS {
        let emu = emulator(&root, major, Vec::new()).await;
        for name in [
            "jsonrpc_field_groups_demo_reads_password",
            "jsonrpc_field_groups_demo_reads_totp_secret",
        ] {
            let case = behaviour(&root, major, name);
            assert_same_answer(&case, &replay(&emu, &case, "demo").await);
        }
        // The administrator may not read it either: nobody may.
        let kwargs = json!({"fields": ["totp_secret"]});
        let answer = call(&emu, 2, "admin", "res.users", "read", json!([[2]]), kwargs).await;
        let (class, message) = error_message(&answer);
        assert_eq!(class, "odoo.exceptions.AccessError", "odoo{major}");
        assert!(message.contains("totp_secret"), "odoo{major}: {message}");
        assert!(
            message.contains("always forbidden"),
            "odoo{major}: {message}"
        );
    }
}

/// What Odoo answers the demo user (uid 6) reading `signup_type` (groups
/// `base.group_erp_manager`) of a contact.
fn signup_type_refusal(major: u32) -> String {
    match major {
        16 | 17 => "The requested operation can not be completed due to security restrictions.\n\nDocument type: Contact (res.partner)\nOperation: read\nUser: 6\nFields:\n- signup_type (allowed for groups 'Administration / Access Rights')".to_owned(),
        18 => "You do not have enough rights to access the fields \"signup_type\" on Contact (res.partner). Please contact your system administrator.\n\nOperation: read\nUser: 6\nFields:\n- signup_type (allowed for groups 'Administration / Access Rights')".to_owned(),
        _ => "You do not have enough rights to access the field \"signup_type\" on Contact (res.partner). Please contact your system administrator.\n\nOperation: read\nUser: 5\nGroups: allowed for groups 'Access Rights'".to_owned(),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_field_of_another_group_is_left_out_or_refused_where_odoo_does() {
    let root = require_fixtures!();
    for major in MAJORS {
        let partner = (
            "res.partner",
            json!({"id": 1, "name": "Azure", "signup_type": "signup"}),
        );
        let emu = emulator(&root, major, vec![partner]).await;
        let demo = demo_uid(&root, major);
        let kwargs = json!({"fields": ["signup_type", "name"]});
        let answer = call(
            &emu,
            demo,
            "demo",
            "res.partner",
            "read",
            json!([[1]]),
            kwargs,
        )
        .await;
        let expected = signup_type_refusal(major);
        assert_eq!(
            error_message(&answer),
            ("odoo.exceptions.AccessError", expected.as_str()),
            "odoo{major}"
        );
        // Left out of a read that names no field, and of fields_get.
        let answer = call(
            &emu,
            demo,
            "demo",
            "res.partner",
            "read",
            json!([[1]]),
            json!({}),
        )
        .await;
        let row = &answer["result"][0];
        assert_eq!(row["name"], json!("Azure"), "odoo{major}: {answer}");
        assert!(row.get("signup_type").is_none(), "odoo{major}: {row}");
        let described = call(
            &emu,
            demo,
            "demo",
            "res.partner",
            "fields_get",
            json!([]),
            json!({"attributes": ["type"]}),
        )
        .await;
        assert!(described["result"].get("name").is_some(), "odoo{major}");
        assert!(
            described["result"].get("signup_type").is_none(),
            "odoo{major}"
        );
        let described = call(
            &emu,
            2,
            "admin",
            "res.users",
            "fields_get",
            json!([]),
            json!({"attributes": ["type"]}),
        )
        .await;
        assert!(
            described["result"].get("signup_type").is_some(),
            "odoo{major}"
        );
        assert!(
            described["result"].get("totp_secret").is_none(),
            "odoo{major}"
        );
        // Written: refused as a write (19 reads the field first and says so); created with
        // it: let through before 19.
        let vals = json!([[1], {"signup_type": "invitation"}]);
        let answer = call(&emu, demo, "demo", "res.partner", "write", vals, json!({})).await;
        let operation = if major >= 19 { "read" } else { "write" };
        let as_write = expected.replace("Operation: read", &format!("Operation: {operation}"));
        assert_eq!(error_message(&answer).1, as_write, "odoo{major}");
        let kept = emu.with_store(|s| s.stored_value("res.partner", 1, "signup_type"));
        assert_eq!(kept, json!("signup"), "odoo{major}");
        let vals = json!([{"name": "Probe", "signup_type": "signup"}]);
        let answer = call(&emu, demo, "demo", "res.partner", "create", vals, json!({})).await;
        if major >= 19 {
            let refused = expected.replace("Operation: read", "Operation: write");
            assert_eq!(error_message(&answer).1, refused, "odoo19");
        } else {
            assert!(answer["result"].is_i64(), "odoo{major}: {answer}");
        }
        // In a domain: ignored by 16, refused from 17.
        let domain = json!([[["signup_type", "=", "signup"]]]);
        let answer = call(
            &emu,
            demo,
            "demo",
            "res.partner",
            "search",
            domain,
            json!({}),
        )
        .await;
        if major == 16 {
            assert!(answer["result"].is_array(), "odoo16: {answer}");
        } else {
            assert_eq!(error_message(&answer).1, expected, "odoo{major}");
        }
    }
}

/// The products of the non-stored order case: the three the recorded answer lists, and
/// two later ones holding the most stock (first, if `qty_available` sorted).
fn products_recorded(case: &Transcript) -> Vec<(&'static str, Value)> {
    let mut rows: Vec<Value> = vec![
        json!({"id": 101, "name": "Large Stock"}),
        json!({"id": 102, "name": "Larger Stock"}),
    ];
    if let Some(Value::Array(recorded)) = case.response_value().map(|v| v["result"].clone()) {
        rows.extend(recorded);
    } else {
        rows.extend((1..=3).map(|id| json!({"id": id, "name": format!("Product {id}")})));
    }
    let mut records = Vec::new();
    for row in rows {
        let stock = if row["id"].as_i64() > Some(100) {
            500.0
        } else {
            0.0
        };
        records.push((
            "product.template",
            json!({"id": row["id"], "name": row["name"]}),
        ));
        records.push((
            "product.product",
            json!({"id": row["id"], "name": row["name"], "product_tmpl_id": row["id"], "qty_available": stock}),
        ));
    }
    records
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ordering_or_grouping_by_a_field_not_stored_goes_as_in_odoo() {
    let root = require_fixtures!();
    for major in MAJORS {
        let case = behaviour(&root, major, "jsonrpc_order_by_non_stored");
        let emu = emulator(&root, major, products_recorded(&case)).await;
        assert_same_answer(&case, &replay(&emu, &case, "admin").await);
        // Grouping by it: refused by every version, in its own words.
        let args = json!([[], ["name"], ["qty_available"]]);
        let answer = call(
            &emu,
            2,
            "admin",
            "product.product",
            "read_group",
            args,
            json!({}),
        )
        .await;
        let expected = match major {
            16 => ("odoo.exceptions.UserError", "Field product.product.qty_available is not a stored field, only stored fields (regular or many2many) are valid for the 'groupby' parameter"),
            17 => ("builtins.ValueError", "Cannot convert field product.product.qty_available to SQL"),
            _ => ("builtins.ValueError", "Cannot convert product.product.qty_available to SQL because it is not stored"),
        };
        assert_eq!(error_message(&answer), expected, "odoo{major}");
        // Before 18 the field is left out of the order and the rest sorts.
        if major < 18 {
            let kwargs = json!({"order": "qty_available desc, name desc"});
            let answer = call(
                &emu,
                2,
                "admin",
                "product.product",
                "search",
                json!([[]]),
                kwargs,
            )
            .await;
            let mut by_name: Vec<(String, i64)> = emu.with_store(|s| {
                s.ids("product.product")
                    .into_iter()
                    .map(|id| {
                        let name = s.stored_value("product.product", id, "name");
                        (name.as_str().unwrap_or_default().to_owned(), id)
                    })
                    .collect()
            });
            by_name.sort();
            let expected: Vec<i64> = by_name.into_iter().rev().map(|(_, id)| id).collect();
            assert_eq!(answer["result"], json!(expected), "odoo{major}");
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_database_and_a_key_as_web_password_answer_as_odoo_does() {
    let root = require_fixtures!();
    for major in MAJORS {
        let emu = emulator(&root, major, Vec::new()).await;
        let mut names = vec![
            "jsonrpc_wrong_database_authenticate",
            "jsonrpc_wrong_database_execute_kw",
            "web_wrong_database_authenticate",
            "web_api_key_as_password",
        ];
        if major >= 19 {
            names.push("json2_wrong_database_search_count");
        }
        for name in names {
            let case = behaviour(&root, major, name);
            assert_same_answer(&case, &replay(&emu, &case, ADMIN_KEY).await);
        }
    }
}
