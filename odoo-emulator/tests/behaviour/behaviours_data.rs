//! The emulator against real Odoo 16-19 on the data behaviours integrations read back:
//! `_inherits` (a product's template), `default_*` context keys, display names and
//! `name_search` by internal reference, the chatter (`message_post`, the messages read back)
//! and attachments (type, MIME type, size, checksum, `bin_size`).
//!
//! [`emulator_answers_the_recorded_data_behaviours`]: for each version, an emulator playing
//! it, with the version's recorded schema (`fields_get.json` and `ir_model.json` of
//! `ODOO_FIXTURES`, plus `stock.location`, which that snapshot lacks, declared as
//! `fields_get` describes it) and the records the cases rely on ([`start`]), gets the
//! requests of `odooNN/behaviours/` in the order they were recorded ([`STEPS`]). Each answer
//! must equal the recorded one, except:
//!
//! - ids the emulator numbers itself: a recorded `create` (or `message_post`) answer gives the
//!   emulator's id for the recorded one; later requests are rewritten with it and later
//!   answers compared with it. The ids of records created along (the product's template, the
//!   contact's creation message) are read from the emulator's answer where [`STEPS`] says,
//!   and checked on its records;
//! - nothing else: names, codes, bodies, subtypes, types, sizes, checksums and the order of
//!   the rows are compared as recorded. The seeded products and locations keep their
//!   recorded ids; a variant's attribute values (`(Custom, White)`) are part of its seeded
//!   name, the emulator does not play attributes.
//!
//! [`chatter_and_names_on_every_transport`]: `message_post` answers an id on 16-18 and a
//! list of one id on 19, over every transport; the message is read back through the record's
//! `message_ids` (newest first), many2one pairs and `display_name` carry the display names.

use crate::support;

use std::path::Path;

use odoo_core::schema::{
    FieldSchema, FieldType, ModelSchema, Schema, SelectionKey, SelectionOption,
};
use odoo_core::{Client, TransportKind};
use odoo_emulator::{Emulator, OdooVersion, User};
use serde_json::{json, Map, Value};
use support::behaviours::behaviour;
use support::http::send;
use support::transcript::Transcript;
use support::{body_value, require_fixtures, value_differences, IncomingRequest};

const ADMIN_KEY: &str = "behaviours-admin-key";

/// The recorded exchanges, in the order they were recorded, with where an answer holds the
/// id of a record the emulator created along (a JSON pointer into the result).
const STEPS: &[(&str, Option<&str>)] = &[
    ("jsonrpc_name_search_by_default_code", None),
    ("jsonrpc_display_name_product_with_code", None),
    ("jsonrpc_display_name_stock_location", None),
    ("jsonrpc_inherits_create_product", None),
    // The template the product's creation created.
    (
        "jsonrpc_inherits_read_product",
        Some("/0/product_tmpl_id/0"),
    ),
    ("jsonrpc_context_default_create_partner", None),
    ("jsonrpc_context_default_read_partner", None),
    ("jsonrpc_attachment_create", None),
    ("jsonrpc_attachment_metadata", None),
    ("jsonrpc_attachment_bin_size", None),
    ("jsonrpc_message_post", None),
    // The creation message of the contact, after the post.
    ("jsonrpc_messages_read", Some("/1/id")),
    ("json2_message_post", None),
];

/// The version's recorded schema, with `stock.location` as `fields_get` describes it.
fn load_schema(root: &Path, version: u32) -> Schema {
    let mut schema = support::behaviours::recorded_schema(root, version);
    let mut location = stock_location();
    if let Some(row) = support::behaviours::ir_model_row(root, version, "stock.location") {
        location.set_ir_model(&row);
    }
    schema.models.insert("stock.location".into(), location);
    schema
}

/// The fields of `stock.location` the cases read and write, as Odoo declares them.
fn stock_location() -> ModelSchema {
    let field = |field_type: FieldType, store: bool| FieldSchema {
        field_type,
        store,
        searchable: true,
        sortable: store,
        ..FieldSchema::default()
    };
    let mut model = ModelSchema::default();
    let mut name = field(FieldType::Char, true);
    name.required = true;
    let mut parent = field(FieldType::Many2one, true);
    parent.relation = Some("stock.location".into());
    let mut company = field(FieldType::Many2one, true);
    company.relation = Some("res.company".into());
    let mut usage = field(FieldType::Selection, true);
    usage.required = true;
    usage.selection = Some(
        [
            "supplier",
            "view",
            "internal",
            "customer",
            "inventory",
            "production",
            "transit",
        ]
        .iter()
        .map(|key| SelectionOption {
            key: SelectionKey::Str((*key).into()),
            label: (*key).into(),
        })
        .collect(),
    );
    for (key, value) in [
        ("name", name),
        ("complete_name", field(FieldType::Char, true)),
        ("location_id", parent),
        ("usage", usage),
        ("active", field(FieldType::Boolean, true)),
        ("company_id", company),
        ("display_name", field(FieldType::Char, false)),
    ] {
        model.fields.insert(key.into(), value);
    }
    model
}

/// The recorded answer's result (JSON-RPC `result`, a JSON-2 body).
fn result_of(path: &str, body: &str) -> Value {
    let value = body_value(path, body).unwrap_or_else(|e| panic!("{path}: {e}: {body}"));
    if path.starts_with("/json/2/") {
        return value;
    }
    match value.get("result") {
        Some(result) => result.clone(),
        None => panic!("{path}: an error where a result was recorded: {body}"),
    }
}

/// The products and locations of the recording the cases read, with the recorded ids.
fn seeds(root: &Path, version: u32) -> Vec<(&'static str, Value)> {
    let mut out = vec![
        (
            "res.partner",
            json!({"id": 1, "name": "YourCompany", "is_company": true}),
        ),
        (
            "res.partner",
            json!({"id": 3, "name": "Mitchell Admin", "parent_id": 1, "email": "admin@yourcompany.example.com"}),
        ),
        (
            "res.company",
            json!({"id": 1, "name": "YourCompany", "partner_id": 1}),
        ),
        (
            "res.users",
            json!({"id": 2, "login": "admin", "partner_id": 3, "company_id": 1}),
        ),
        ("product.category", json!({"id": 1, "name": "All"})),
        ("uom.uom", json!({"id": 1, "name": "Units"})),
        // A product whose reference starts like the one looked for.
        ("product.template", json!({"id": 900, "name": "Old Desk"})),
        (
            "product.product",
            json!({"id": 900, "product_tmpl_id": 900, "default_code": "DESK0005-OLD"}),
        ),
    ];
    if let Some(t) = behaviour(root, version, "jsonrpc_display_name_product_with_code") {
        let row = &result_of(&t.request.path, &t.response.body)[0];
        let shown = row["display_name"].as_str().unwrap_or_default();
        let code = row["default_code"].as_str().unwrap_or_default();
        let name = shown.strip_prefix(&format!("[{code}] ")).unwrap_or(shown);
        out.push(("product.template", json!({"id": 901, "name": name})));
        out.push((
            "product.product",
            json!({"id": row["id"], "product_tmpl_id": 901, "default_code": code}),
        ));
    }
    if let Some(t) = behaviour(root, version, "jsonrpc_display_name_stock_location") {
        out.extend(locations(&result_of(&t.request.path, &t.response.body)));
    }
    out
}

/// The warehouses of the recorded locations: `WH` (its stock, an archived input and the
/// recorded sublocations) and the other company's, with the recorded ids of those read.
fn locations(rows: &Value) -> Vec<(&'static str, Value)> {
    let id = |i: usize| rows[i]["id"].clone();
    let first = rows[0]["complete_name"].as_str().unwrap_or_default();
    let other_code = first.split('/').next().unwrap_or_default();
    let location = |id: Value, name: &str, parent: Value, usage: &str| {
        let mut record = json!({"id": id, "name": name, "location_id": parent, "usage": usage});
        if name == "Input" {
            record["active"] = json!(false);
        }
        ("stock.location", record)
    };
    vec![
        location(json!(800), "WH", json!(false), "view"),
        location(json!(801), "Stock", json!(800), "internal"),
        location(json!(802), "Input", json!(800), "internal"),
        location(id(1), "Order Processing", json!(802), "internal"),
        location(id(2), "Dispatch Zone", id(1), "internal"),
        location(json!(803), other_code, json!(false), "view"),
        location(id(0), "Stock", json!(803), "internal"),
        location(json!(804), "Customers", json!(false), "customer"),
    ]
}

/// An emulator playing `version` with its recorded schema and [`seeds`].
async fn start(root: &Path, version: u32) -> Emulator {
    let played = OdooVersion::from_major(version).unwrap_or(OdooVersion::V19);
    let mut builder = Emulator::builder()
        .version(played)
        .database(format!("odoo{version}"))
        .schema(load_schema(root, version))
        .user(
            User::new("admin", "admin")
                .uid(2)
                .name("Mitchell Admin")
                .api_key(ADMIN_KEY)
                .admin(),
        );
    for (model, record) in seeds(root, version) {
        builder = builder.record(model, record);
    }
    builder
        .start()
        .await
        .unwrap_or_else(|e| panic!("odoo{version}: the emulator does not start: {e}"))
}

/// Recorded ids and the emulator's for the same records.
#[derive(Debug, Default)]
struct Ids(Vec<(i64, i64)>);

impl Ids {
    fn learn(&mut self, recorded: &Value, actual: &Value) {
        if let (Some(r), Some(a)) = (recorded.as_i64(), actual.as_i64()) {
            if !self.0.iter().any(|(known, _)| *known == r) {
                self.0.push((r, a));
            }
        }
    }

    /// `value` with every recorded id replaced by the emulator's.
    fn rewrite(&self, value: &Value) -> Value {
        match value {
            Value::Number(n) => n
                .as_i64()
                .and_then(|r| self.0.iter().find(|(known, _)| *known == r))
                .map_or_else(|| value.clone(), |(_, a)| json!(a)),
            Value::Array(items) => Value::Array(items.iter().map(|v| self.rewrite(v)).collect()),
            Value::Object(map) => Value::Object(
                map.iter()
                    .map(|(k, v)| (k.clone(), self.rewrite(v)))
                    .collect::<Map<String, Value>>(),
            ),
            other => other.clone(),
        }
    }
}

/// The recorded request for the emulator: the ids it numbered itself, its API key.
fn request_for(t: &Transcript, ids: &Ids) -> IncomingRequest {
    let mut request = IncomingRequest::from_transcript(t);
    let mut body: Value = serde_json::from_str(t.request.body.as_deref().unwrap_or("null"))
        .unwrap_or_else(|e| panic!("{}: the request is not JSON: {e}", t.name));
    if t.request.path == "/jsonrpc" {
        // Database, uid and password stay as recorded: the emulator has them.
        if let Some(args) = body
            .pointer_mut("/params/args")
            .and_then(Value::as_array_mut)
        {
            for arg in args.iter_mut().skip(5) {
                *arg = ids.rewrite(arg);
            }
        }
    } else {
        body = ids.rewrite(&body);
        request.set_header("Authorization", Some(&format!("bearer {ADMIN_KEY}")));
    }
    request.body = body.to_string().into_bytes();
    request
}

/// Sends one recorded request and compares the answer; the differences found.
async fn replay(
    emu: &Emulator,
    t: &Transcript,
    learned_at: Option<&str>,
    ids: &mut Ids,
) -> Vec<String> {
    let answer = send(emu.url(), &request_for(t, ids)).await;
    if answer.status != t.response.status {
        return vec![format!(
            "status {} where {} was recorded: {}",
            answer.status,
            t.response.status,
            answer.text()
        )];
    }
    let recorded = result_of(&t.request.path, &t.response.body);
    let actual = match body_value(&t.request.path, &answer.text()) {
        Ok(value) if t.request.path.starts_with("/json/2/") => value,
        Ok(value) => match value.get("result") {
            Some(result) => result.clone(),
            None => return vec![format!("an error: {value}")],
        },
        Err(e) => return vec![format!("the answer does not parse: {e}")],
    };
    let created = matches!(
        t.case(),
        "inherits_create_product" | "context_default_create_partner"
    ) || t.case().ends_with("_create")
        || t.case() == "message_post";
    if created {
        // An id where an id was recorded, `[id]` where `[id]` was.
        let unwrap = |v: &Value| v.as_array().map_or(v.clone(), |a| a[0].clone());
        if recorded.is_array() != actual.is_array() || !unwrap(&actual).is_i64() {
            return vec![format!("answered {actual} where {recorded} was recorded")];
        }
        ids.learn(&unwrap(&recorded), &unwrap(&actual));
        return Vec::new();
    }
    if let Some(pointer) = learned_at {
        if let (Some(r), Some(a)) = (recorded.pointer(pointer), actual.pointer(pointer)) {
            ids.learn(r, a);
        }
    }
    value_differences(&ids.rewrite(&recorded), &actual)
}

/// What the emulator's records must show after a step (the effects the answers do not).
fn check_records(emu: &Emulator, case: &str, ids: &Ids) -> Vec<String> {
    let mut out = Vec::new();
    let last = ids.0.last().map(|(_, a)| *a).unwrap_or_default();
    emu.with_store(|store| match case {
        "inherits_read_product" => {
            let product = ids.0[ids.0.len() - 2].1;
            let template = store.stored_value("product.product", product, "product_tmpl_id");
            let name = template
                .as_i64()
                .map(|t| store.stored_value("product.template", t, "name"));
            if name != Some(json!("Behaviour probe")) {
                out.push(format!(
                    "the product's template {template} is named {name:?}"
                ));
            }
        }
        "messages_read" => {
            let record = store
                .record("mail.message", last)
                .cloned()
                .unwrap_or_default();
            if record.get("model") != Some(&json!("res.partner"))
                || record.get("message_type") != Some(&json!("notification"))
            {
                out.push(format!("the creation message is {record:?}"));
            }
        }
        _ => {}
    });
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn emulator_answers_the_recorded_data_behaviours() {
    let root = require_fixtures!();
    let mut failures = Vec::new();
    let mut replayed = 0;
    for version in 16..=19 {
        let emu = start(&root, version).await;
        let mut ids = Ids::default();
        for (name, learned_at) in STEPS {
            let Some(t) = behaviour(&root, version, name) else {
                continue;
            };
            replayed += 1;
            let mut problems = replay(&emu, &t, *learned_at, &mut ids).await;
            problems.extend(check_records(&emu, t.case(), &ids));
            if !problems.is_empty() {
                failures.push(format!(
                    "odoo{version} {name}:\n    {}",
                    problems.join("\n    ")
                ));
            }
        }
    }
    // 12 cases on each version, and JSON-2's post on 19.
    assert_eq!(replayed, 4 * 12 + 1, "the recorded cases");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// A client of the admin over `transport`.
async fn connect(emu: &Emulator, transport: TransportKind) -> Client {
    let builder = Client::builder(emu.url())
        .database(emu.database())
        .login("admin")
        .transport(transport);
    let builder = if transport == TransportKind::Json2 {
        builder.api_key(ADMIN_KEY)
    } else {
        builder.password("admin")
    };
    builder
        .connect()
        .await
        .unwrap_or_else(|e| panic!("{transport:?}: {e}"))
}

/// A method on records, with its ids as each transport sends them.
async fn on_records(
    client: &Client,
    transport: TransportKind,
    (model, method): (&str, &str),
    ids: &[i64],
    kwargs: Value,
) -> Value {
    let (args, kwargs) = if transport == TransportKind::Json2 {
        let mut named = kwargs;
        named["ids"] = json!(ids);
        (json!([]), named)
    } else {
        (json!([ids]), kwargs)
    };
    client
        .execute_kw(model, method, args, kwargs)
        .await
        .unwrap_or_else(|e| panic!("{transport:?} {model}.{method}: {e}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn chatter_and_names_on_every_transport() {
    let root = require_fixtures!();
    for version in 16..=19 {
        let emu = start(&root, version).await;
        for transport in support::emulator::transports(emu.version()) {
            let what = format!("odoo{version} {transport:?}");
            let client = connect(&emu, transport).await;
            let product = client
                .execute_kw(
                    "product.product",
                    "create",
                    json!([{"name": "Probe"}]),
                    json!({}),
                )
                .await
                .unwrap_or_else(|e| panic!("{what}: create: {e}"));
            let product = product.as_i64().or_else(|| product[0].as_i64());
            let product = product.unwrap_or_else(|| panic!("{what}: created {product:?}"));
            let read = on_records(
                &client,
                transport,
                ("product.product", "read"),
                &[product],
                json!({"fields": ["product_tmpl_id", "display_name"]}),
            )
            .await;
            assert_eq!(read[0]["product_tmpl_id"][1], json!("Probe"), "{what}");
            assert_eq!(read[0]["display_name"], json!("Probe"), "{what}");
            let posted = on_records(
                &client,
                transport,
                ("res.partner", "message_post"),
                &[3],
                json!({"body": "over the wire", "message_type": "comment"}),
            )
            .await;
            let message = if version >= 19 {
                assert!(
                    posted.as_array().is_some_and(|a| a.len() == 1),
                    "{what}: {posted}"
                );
                posted[0].as_i64()
            } else {
                posted.as_i64()
            };
            let message = message.unwrap_or_else(|| panic!("{what}: posted {posted}"));
            let read = on_records(
                &client,
                transport,
                ("res.partner", "read"),
                &[3],
                json!({"fields": ["message_ids", "parent_id", "display_name"]}),
            )
            .await;
            assert_eq!(
                read[0]["message_ids"][0],
                json!(message),
                "{what}: newest first"
            );
            assert_eq!(read[0]["parent_id"], json!([1, "YourCompany"]), "{what}");
            assert_eq!(
                read[0]["display_name"],
                json!("YourCompany, Mitchell Admin"),
                "{what}"
            );
            let body = emu.with_store(|s| s.stored_value("mail.message", message, "body"));
            assert_eq!(body, json!("<p>over the wire</p>"), "{what}");
        }
    }
}
