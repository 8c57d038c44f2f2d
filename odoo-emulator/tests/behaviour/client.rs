//! The real `odoo_core::Client`, over each of its transports, against the emulator: CRUD,
//! counts, `fields_get`, and the error variants Odoo's exceptions map to.

use crate::support;

use support::emulator::{connect, transports};

use odoo_core::{Client, ErrorKind, SearchOptions, TransportKind};
use odoo_emulator::{Emulator, EmulatorError, OdooVersion};
use serde_json::{json, Map, Value};

async fn crud_round_trip(version: OdooVersion, transport: TransportKind) {
    let emu = Emulator::demo(version).await.expect("emulator starts");
    let client = connect(&emu, transport, "admin").await;
    assert_eq!(client.uid(), Some(2), "{transport:?}");

    let companies: Vec<Map<String, Value>> = client
        .search_read(
            "res.partner",
            json!([["is_company", "=", true]]),
            &["name", "country_id", "category_id", "parent_id"],
            SearchOptions::new().order("name").limit(10),
        )
        .await
        .expect("search_read");
    let names: Vec<&str> = companies
        .iter()
        .filter_map(|r| r["name"].as_str())
        .collect();
    assert_eq!(
        names,
        ["Alder & Finch", "Bluewater Tiles", "Harbor Lights Ltd"],
        "{transport:?}"
    );
    assert_eq!(companies[0]["country_id"], json!([2, "United States"]));
    assert_eq!(companies[0]["parent_id"], json!(false));
    assert_eq!(companies[1]["category_id"], json!([1, 2]));

    let count = client
        .search_count(
            "res.partner",
            json!([["is_company", "=", true]]),
            SearchOptions::new(),
        )
        .await
        .expect("search_count");
    assert_eq!(count, 3);

    let id = client
        .create(
            "res.partner",
            json!({"name": "Emulated Co", "is_company": true, "category_id": [[6, 0, [3]]]}),
        )
        .await
        .expect("create");
    assert!(client
        .write(
            "res.partner",
            &[id],
            json!({"email": "hello@emulated.test", "child_ids": [[0, 0, {"name": "Kim"}]]})
        )
        .await
        .expect("write"));
    let rows: Vec<Map<String, Value>> = client
        .read(
            "res.partner",
            &[id],
            &["email", "child_ids", "category_id"],
            Default::default(),
        )
        .await
        .expect("read");
    assert_eq!(rows[0]["email"], json!("hello@emulated.test"));
    assert_eq!(rows[0]["category_id"], json!([3]));
    assert_eq!(rows[0]["child_ids"].as_array().map(Vec::len), Some(1));
    let count = client
        .search_count(
            "res.partner",
            json!([["is_company", "=", true]]),
            SearchOptions::new(),
        )
        .await
        .expect("search_count");
    assert_eq!(count, 4);

    assert!(client.unlink("res.partner", &[id]).await.expect("unlink"));
    let err = client
        .write("res.partner", &[id], json!({"name": "gone"}))
        .await
        .expect_err("write on a deleted record");
    assert!(
        (err.kind() == ErrorKind::MissingError),
        "{transport:?}: {err:?}"
    );

    let fields = client
        .fields_get(
            "res.partner",
            &["name", "type"],
            &["string", "type", "selection"],
        )
        .await
        .expect("fields_get");
    assert_eq!(fields["name"]["type"], json!("char"));
    assert_eq!(
        fields["type"]["selection"][0],
        json!(["contact", "Contact"])
    );

    let err = client
        .search(
            "res.partner",
            json!([["no_such_field", "=", 1]]),
            SearchOptions::new(),
        )
        .await
        .expect_err("bad domain");
    assert_eq!(err.kind(), ErrorKind::Server, "{transport:?}: {err:?}");
    let err = client
        .create("res.partner.category", json!({"color": 1}))
        .await
        .expect_err("required field");
    assert!(
        (err.kind() == ErrorKind::ValidationError),
        "{transport:?}: {err:?}"
    );
    let err = client
        .unlink("sale.order", &[1])
        .await
        .expect_err("confirmed order");
    assert_eq!(err.kind(), ErrorKind::UserError, "{transport:?}: {err:?}");
    let err = client
        .execute_kw("res.partner", "no_such_method", json!([]), json!({}))
        .await
        .expect_err("unknown method");
    assert!(
        matches!(err.kind(), ErrorKind::NotFound | ErrorKind::Server),
        "{transport:?}: {err:?}"
    );

    // The limited user may not read sales orders.
    let limited = connect(&emu, transport, "limited").await;
    assert_eq!(limited.uid(), Some(7));
    let err = limited
        .search_read::<Map<String, Value>>("sale.order", json!([]), &["name"], SearchOptions::new())
        .await
        .expect_err("limited user reads orders");
    assert!(
        (err.kind() == ErrorKind::AccessError),
        "{transport:?}: {err:?}"
    );
}

#[tokio::test]
async fn every_transport_on_19() {
    for transport in transports(OdooVersion::V19) {
        crud_round_trip(OdooVersion::V19, transport).await;
    }
}

#[tokio::test]
async fn rpc_transports_on_16_to_18() {
    for version in [OdooVersion::V16, OdooVersion::V17, OdooVersion::V18] {
        for transport in transports(version) {
            crud_round_trip(version, transport).await;
        }
    }
}

/// `Auto` takes the fastest transport the credentials allow: the web session with a
/// password, JSON-2 with a key on 19, JSON-RPC with a key before 19.
#[tokio::test]
async fn auto_picks_the_fastest_transport_the_credentials_allow() {
    use TransportKind::{Json2, JsonRpc, WebSession};
    let cases = [
        (OdooVersion::V19, true, false, Json2),
        (OdooVersion::V19, false, true, WebSession),
        (OdooVersion::V19, true, true, WebSession),
        (OdooVersion::V16, true, false, JsonRpc),
        (OdooVersion::V16, false, true, WebSession),
        (OdooVersion::V17, true, true, WebSession),
        (OdooVersion::V18, false, true, WebSession),
    ];
    for (version, key, password, expected) in cases {
        let emu = Emulator::demo(version).await.expect("emulator starts");
        let mut builder = Client::builder(emu.url())
            .database(emu.database())
            .login("admin")
            .transport(TransportKind::Auto);
        if key {
            builder = builder.api_key(Emulator::DEMO_ADMIN_KEY);
        }
        if password {
            builder = builder.password("admin");
        }
        let client = builder.connect().await.expect("connect");
        let case = format!("{version:?}, key {key}, password {password}");
        assert_eq!(client.transport_kind(), expected, "{case}");
        assert_eq!(client.server_version().major, version.major(), "{case}");
        let count = client
            .search_count("res.partner", json!([]), SearchOptions::new())
            .await
            .unwrap_or_else(|e| panic!("{case}: {e}"));
        assert!(count > 0, "{case}");
    }
}

#[tokio::test]
async fn wrong_credentials_are_access_denied() {
    let emu = Emulator::demo(OdooVersion::V19)
        .await
        .expect("emulator starts");
    for transport in transports(OdooVersion::V19) {
        let builder = Client::builder(emu.url())
            .database(emu.database())
            .login("admin")
            .transport(transport);
        let builder = if transport == TransportKind::Json2 {
            builder.api_key("not-a-key")
        } else {
            builder.password("wrong-password")
        };
        let err = builder.connect().await.expect_err("bad credentials");
        assert!(
            (err.kind() == ErrorKind::AccessDenied),
            "{transport:?}: {err:?}"
        );
    }
}

#[tokio::test]
async fn registered_methods_and_store_access() {
    let emu = Emulator::demo_builder(OdooVersion::V19)
        .method("res.partner", "rename_then_fail", |call| {
            let ids = call.ids.clone();
            call.store
                .write("res.partner", &ids, &json!({"name": "Half done"}))?;
            Err(EmulatorError::user_error("Changed my mind."))
        })
        .method("res.partner", "archive_all_contacts", |call| {
            let ids = call.store.search(
                "res.partner",
                &json!([["is_company", "=", false]]),
                &SearchOptions::new(),
            )?;
            call.store
                .write("res.partner", &ids, &json!({"active": false}))?;
            Ok(json!(ids.len()))
        })
        .start()
        .await
        .expect("emulator starts");
    let client = connect(&emu, TransportKind::JsonRpc, "admin").await;
    let archived = client
        .execute_kw("res.partner", "archive_all_contacts", json!([]), json!({}))
        .await
        .expect("custom method");
    assert_eq!(archived, json!(5));
    let left = emu.with_store(|s| {
        s.search("res.partner", &json!([]), &SearchOptions::new())
            .map(|ids| ids.len())
    });
    assert_eq!(left, Ok(3));
    // A failing method leaves nothing behind.
    let err = client
        .execute_kw("res.partner", "rename_then_fail", json!([[2]]), json!({}))
        .await
        .expect_err("the handler fails");
    assert_eq!(err.kind(), ErrorKind::UserError, "{err:?}");
    assert_eq!(
        emu.with_store(|s| s.display_name("res.partner", 2)),
        "Alder & Finch"
    );
    // action_confirm is built in for sale.order.
    client
        .execute_kw("sale.order", "action_confirm", json!([[2]]), json!({}))
        .await
        .expect("confirm");
    let state = emu.with_store(|s| s.stored_value("sale.order", 2, "state"));
    assert_eq!(state, json!("sale"));
    // Lines take the product's price; the order's totals follow its lines.
    let order = client
        .create(
            "sale.order",
            json!({"partner_id": 6, "order_line": [[0, 0, {"product_id": 2, "product_uom_qty": 3}], [0, 0, {"product_id": 1, "product_uom_qty": 1, "price_unit": 300.0}]]}),
        )
        .await
        .expect("create order");
    let rows: Vec<Map<String, Value>> = client
        .read(
            "sale.order",
            &[order],
            &["name", "amount_total", "state", "order_line"],
            Default::default(),
        )
        .await
        .expect("read order");
    assert_eq!(rows[0]["amount_total"], json!(436.5));
    assert_eq!(rows[0]["state"], json!("draft"));
    assert_eq!(rows[0]["name"], json!(format!("S{order:05}")));
}
