//! Typed calls of documented methods (`odoo_core::TypedCall`) on the wire of every transport of
//! Odoo 19, `Client::model_doc`, and the emulator's `/doc-bearer` pages and `copy` built from
//! a snapshot with methods.

use crate::support;

use std::collections::BTreeMap;

use odoo_core::schema::api_doc::{ApiDocIndex, ApiDocPage};
use odoo_core::schema::Schema;
use odoo_core::{json, Client, ErrorKind, OdooModel, TransportKind, TypedCall, Value};
use odoo_emulator::{Emulator, OdooVersion};
use support::emulator::{connect, transports};

#[derive(Debug, Clone, OdooModel)]
#[odoo(
    model = "res.partner",
    schema = "../odoo-emulator/src/demo/schema.json"
)]
pub struct Contact {
    pub id: i64,
    pub name: Option<String>,
    pub email: Option<String>,
}

/// Methods of `res.partner` as a documentation page lists them; parameters deliberately not
/// in alphabetical order.
const METHODS: &str = r#"{"methods": {
    "find_or_create": {"api": ["model"], "parameters": {
        "email": {"annotation": "str"},
        "assert_valid_email": {"default": false, "annotation": "bool"}}},
    "rename_all": {"parameters": {
        "prefix": {"annotation": "str"},
        "suffix": {"default": ""},
        "upper": {"default": false}}},
    "message_post": {"parameters": {
        "body": {"kind": "KEYWORD_ONLY", "default": ""},
        "kwargs": {"kind": "VAR_KEYWORD"}}}
}}"#;

/// The demo emulator of Odoo 19 whose snapshot documents [`METHODS`] on `res.partner`, each
/// answering what it received.
async fn emulator() -> Emulator {
    let mut schema = Schema::from_json(include_str!("../../../odoo-emulator/src/demo/schema.json"))
        .expect("demo schema");
    let page = ApiDocPage::from_json(METHODS).expect("methods");
    if let Some(partner) = schema.models.get_mut("res.partner") {
        partner.methods = page.methods.clone();
    }
    let mut builder = Emulator::demo_builder(OdooVersion::V19).schema(schema);
    for method in page.methods.keys() {
        builder = builder.method("res.partner", method, |call| {
            Ok(json!({"ids": call.ids, "args": call.args, "kwargs": call.kwargs}))
        });
    }
    builder.start().await.expect("emulator starts")
}

/// What the handler received: `(ids, positional, keyword)`.
fn received(echo: &Value) -> (Value, Value, Value) {
    (
        echo["ids"].clone(),
        echo["args"].clone(),
        echo["kwargs"].clone(),
    )
}

#[tokio::test]
async fn arguments_go_by_position_up_to_the_first_left_out_and_by_name_on_json2() {
    let emu = emulator().await;
    for transport in transports(OdooVersion::V19) {
        let client = connect(&emu, transport, "admin").await;
        let partners = client.model::<Contact>();
        let named = transport == TransportKind::Json2;

        // `suffix` left out: `upper` goes by name.
        let echo = TypedCall::<Contact>::on_records(
            &partners,
            "rename_all",
            &[1, 2],
            &["prefix", "suffix", "upper"],
        )
        .arg("upper", true)
        .arg("prefix", "A")
        .send()
        .await
        .unwrap_or_else(|e| panic!("{transport:?}: {e}"));
        let (ids, args, kwargs) = received(&echo);
        assert_eq!(ids, json!([1, 2]), "{transport:?}");
        if named {
            assert_eq!(args, json!([]));
            assert_eq!(kwargs, json!({"prefix": "A", "upper": true}));
        } else {
            assert_eq!(args, json!(["A"]), "{transport:?}");
            assert_eq!(kwargs, json!({"upper": true}), "{transport:?}");
        }

        // A model method: no ids.
        let echo = TypedCall::<Contact>::on_model(
            &partners,
            "find_or_create",
            &["email", "assert_valid_email"],
        )
        .arg("email", "ada@example.com")
        .arg("assert_valid_email", true)
        .send()
        .await
        .unwrap_or_else(|e| panic!("{transport:?}: {e}"));
        let (ids, args, kwargs) = received(&echo);
        assert_eq!(ids, json!([]), "{transport:?}");
        if named {
            assert_eq!(
                kwargs,
                json!({"email": "ada@example.com", "assert_valid_email": true})
            );
        } else {
            assert_eq!(args, json!(["ada@example.com", true]), "{transport:?}");
        }

        // Keyword-only parameters and `**kwargs` always by name.
        let echo = TypedCall::<Contact>::on_records(&partners, "message_post", &[3], &[])
            .arg("body", "Hello")
            .arg("subtype_xmlid", "mail.mt_note")
            .send()
            .await
            .unwrap_or_else(|e| panic!("{transport:?}: {e}"));
        let (_, args, kwargs) = received(&echo);
        assert_eq!(args, json!([]), "{transport:?}");
        assert_eq!(
            kwargs,
            json!({"body": "Hello", "subtype_xmlid": "mail.mt_note"})
        );
    }
}

#[tokio::test]
async fn results_read_as_their_type_and_bad_arguments_fail_before_sending() {
    let emu = emulator().await;
    for transport in transports(OdooVersion::V19) {
        let client = connect(&emu, transport, "admin").await;
        let partners = client.model::<Contact>();
        let copies: Vec<i64> = TypedCall::on_records(&partners, "copy", &[1], &["default"])
            .arg("default", json!({"name": "Copied"}))
            .send()
            .await
            .unwrap_or_else(|e| panic!("{transport:?}: {e}"));
        assert_eq!(copies.len(), 1, "{transport:?}");
        let copy = partners
            .get(copies[0])
            .await
            .expect("reads")
            .expect("exists");
        let original = partners.get(1).await.expect("reads").expect("exists");
        assert_eq!(copy.name.as_deref(), Some("Copied"));
        assert_eq!(copy.email, original.email, "other values are copied");

        // A value that cannot be JSON: an error of the call, nothing sent.
        let bad: BTreeMap<(i64, i64), i64> = [((1, 2), 3)].into();
        let error =
            TypedCall::<Contact, Vec<i64>>::on_records(&partners, "copy", &[1], &["default"])
                .arg("default", bad)
                .send()
                .await
                .expect_err("not JSON");
        assert_eq!(error.kind(), ErrorKind::InvalidInput, "{error}");
        assert!(error.to_string().contains("`default`"), "{error}");

        // A result of another type: a decode error; `send_value` reads anything.
        let result = TypedCall::<Contact, bool>::on_records(&partners, "copy", &[1], &["default"])
            .send()
            .await;
        assert_eq!(
            result.expect_err("a list").kind(),
            ErrorKind::Decode,
            "{transport:?}"
        );
        let value = TypedCall::<Contact, bool>::on_records(&partners, "copy", &[1], &[])
            .send_value()
            .await
            .expect("any value");
        assert!(value.is_array(), "{value}");
    }
}

async fn json2(emu: &Emulator, login: &str) -> Client {
    connect(emu, TransportKind::Json2, login).await
}

#[tokio::test]
async fn the_documentation_page_lists_the_snapshot_methods_in_signature_order() {
    let emu = emulator().await;
    let client = json2(&emu, "admin").await;
    let page: ApiDocPage = client.model_doc("res.partner").await.expect("page");
    assert_eq!(
        page.methods["find_or_create"].argument_names(),
        ["email", "assert_valid_email"]
    );
    assert_eq!(
        page.methods["search"].argument_names(),
        ["domain", "offset", "limit", "order"],
        "the ORM's own"
    );
    assert!(page.methods.contains_key("copy") || page.methods.contains_key("write"));
    let whole: Value = client.model_doc("res.partner").await.expect("page");
    assert!(whole["fields"]["email"].is_object());
    let index: ApiDocIndex = client.model_doc_index().await.expect("index");
    assert!(index.models.contains("res.partner"));

    // Positional arguments of a method the client does not know are named from that page,
    // in the signature's order.
    let echo = client
        .execute_kw(
            "res.partner",
            "find_or_create",
            json!(["ada@example.com", true]),
            json!({}),
        )
        .await
        .expect("named from the page");
    assert_eq!(
        echo["kwargs"],
        json!({"email": "ada@example.com", "assert_valid_email": true})
    );

    let missing = client.model_doc::<Value>("no.such.model").await;
    assert_eq!(missing.expect_err("404").kind(), ErrorKind::NotFound);
    let limited = json2(&emu, "limited").await;
    let denied = limited.model_doc::<ApiDocPage>("res.partner").await;
    assert_eq!(denied.expect_err("403").kind(), ErrorKind::AccessError);
    let denied = limited.model_doc_index::<ApiDocIndex>().await;
    assert_eq!(denied.expect_err("403").kind(), ErrorKind::AccessError);
    let rpc = connect(&emu, TransportKind::JsonRpc, "admin").await;
    let error = rpc
        .model_doc::<ApiDocPage>("res.partner")
        .await
        .expect_err("JSON-2 only");
    assert_eq!(error.kind(), ErrorKind::InvalidInput);
    assert!(error.to_string().contains("JSON-2"), "{error}");
}

#[tokio::test]
async fn copy_answers_one_id_before_19() {
    let emu = Emulator::demo_builder(OdooVersion::V17)
        .start()
        .await
        .expect("emulator starts");
    let client = connect(&emu, TransportKind::JsonRpc, "admin").await;
    let id: i64 = client
        .model::<Contact>()
        .call("copy")
        .ids(&[1])
        .send_as()
        .await
        .expect("copies");
    assert!(id > 1);
}
