//! The emulator playing a server newer than the recorded ones (19.1 to 20.0): the changes
//! Odoo documents for them, played by the table of version facts, and a client that still
//! works against them by deciding from what the server answers.

use odoo_core::{Client, ErrorKind, OdooVersion, SearchOptions, TransportKind};
use odoo_emulator::{Emulator, Flow};
use serde_json::json;

async fn connect(emu: &Emulator, transport: TransportKind) -> Client {
    let builder = Client::builder(emu.url())
        .database(emu.database())
        .login("admin")
        .transport(transport);
    // Reports and files need a web session, whose login takes the password: JSON-2 gets both.
    let builder = builder.password("admin");
    let builder = if transport == TransportKind::Json2 {
        builder.api_key(Emulator::DEMO_ADMIN_KEY)
    } else {
        builder
    };
    builder
        .connect()
        .await
        .unwrap_or_else(|e| panic!("connect over {transport}: {e}"))
}

async fn emulator(version: OdooVersion) -> Emulator {
    Emulator::demo_builder(version)
        .flows(Flow::ALL)
        .start()
        .await
        .expect("the emulator starts")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn it_tells_a_saas_release_as_odoo_does() {
    let emu = emulator(OdooVersion::new(19, 2)).await;
    let client = connect(&emu, TransportKind::JsonRpc).await;
    let version = client.server_version();
    assert_eq!(version.version, "saas~19.2");
    assert_eq!((version.major, version.minor), (19, 2));
    assert_eq!(version.odoo_version(), OdooVersion::new(19, 2));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn read_group_is_gone_from_19_1_and_formatted_read_group_answers() {
    let args = json!([[], ["name:count"], ["country_id"]]);
    for (version, gone) in [(OdooVersion::V19, false), (OdooVersion::new(19, 1), true)] {
        let emu = emulator(version).await;
        for transport in [TransportKind::JsonRpc, TransportKind::Json2] {
            let client = connect(&emu, transport).await;
            let kwargs = json!({"lazy": false});
            let old = if transport == TransportKind::Json2 {
                let named = json!({"domain": [], "fields": ["name:count"], "groupby": ["country_id"], "lazy": false});
                client
                    .execute_kw("res.partner", "read_group", json!([]), named)
                    .await
            } else {
                client
                    .execute_kw("res.partner", "read_group", args.clone(), kwargs)
                    .await
            };
            if !gone {
                assert!(old.is_ok(), "{version} over {transport}: {old:?}");
                continue;
            }
            let error = old.expect_err("read_group is gone");
            let text = error.to_string();
            assert!(
                text.contains("The method 'res.partner.read_group' does not exist"),
                "{version} over {transport}: {text}"
            );
            if transport == TransportKind::Json2 {
                assert_eq!(error.kind(), ErrorKind::NotFound, "{text}");
            }
            let grouped = client
                .execute_kw(
                    "res.partner",
                    "formatted_read_group",
                    json!([]),
                    json!({"domain": [], "groupby": ["country_id"], "aggregates": ["__count"]}),
                )
                .await
                .unwrap_or_else(|e| panic!("{version} over {transport}: {e}"));
            assert!(grouped.as_array().is_some_and(|groups| !groups.is_empty()));
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn attachments_lose_datas_in_19_3_and_the_client_uses_raw() {
    for version in [
        OdooVersion::new(19, 2),
        OdooVersion::new(19, 3),
        OdooVersion::V20,
    ] {
        let emu = emulator(version).await;
        let client = connect(&emu, TransportKind::JsonRpc).await;
        let fields = client
            .fields_get("ir.attachment", &["datas", "raw"], &["type"])
            .await
            .expect("fields_get");
        let has_datas = version.has(odoo_core::Feature::AttachmentDatas);
        assert_eq!(fields.contains_key("datas"), has_datas, "{version}");
        assert!(fields.contains_key("raw"), "{version}");

        let id = client
            .attachments()
            .attach("res.partner", 3, "note.txt", b"hello newer Odoo")
            .await
            .unwrap_or_else(|e| panic!("{version}: attach: {e}"));
        let document = client
            .attachments()
            .download(id)
            .await
            .unwrap_or_else(|e| panic!("{version}: download: {e}"));
        assert_eq!(&document.bytes[..], b"hello newer Odoo", "{version}");
        let written = client
            .write("ir.attachment", &[id], json!({"datas": "aGk="}))
            .await;
        assert_eq!(written.is_ok(), has_datas, "{version}: {written:?}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn access_rights_live_in_ir_access_from_19_4() {
    // The demo schema has no `ir.model.access`; a schema that has it loses it on 19.4.
    let mut schema = odoo_core::schema::Schema::new(Some("19.0".into()));
    let access = odoo_core::schema::ModelSchema::default();
    schema.models.insert("ir.model.access".into(), access);
    for (version, merged) in [(OdooVersion::new(19, 3), false), (OdooVersion::V20, true)] {
        let emu = Emulator::demo_builder(version)
            .schema(schema.clone())
            .start()
            .await
            .expect("the emulator starts");
        let client = connect(&emu, TransportKind::Json2).await;
        let new = client
            .search_count("ir.access", json!([]), SearchOptions::new())
            .await;
        let old = client
            .search_count("ir.model.access", json!([]), SearchOptions::new())
            .await;
        assert_eq!(new.is_ok(), merged, "{version}: {new:?}");
        assert_eq!(old.is_ok(), !merged, "{version}: {old:?}");
        if merged {
            let fields = client
                .fields_get("ir.access", &["operation", "group_id", "domain"], &["type"])
                .await
                .expect("fields_get of ir.access");
            assert_eq!(fields.len(), 3, "{fields:?}");
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_db_service_is_not_served_over_rpc_from_19_1() {
    for (version, served) in [(OdooVersion::V19, true), (OdooVersion::new(19, 1), false)] {
        let emu = emulator(version).await;
        let body = json!({"jsonrpc": "2.0", "method": "call", "id": 1,
            "params": {"service": "db", "method": "list", "args": []}});
        let answer: serde_json::Value = reqwest::Client::new()
            .post(format!("{}/jsonrpc", emu.url()))
            .json(&body)
            .send()
            .await
            .expect("the emulator answers")
            .json()
            .await
            .expect("a JSON answer");
        if served {
            assert_eq!(answer["result"], json!([emu.database()]), "{answer}");
        } else {
            assert_eq!(
                answer["error"]["data"]["message"], "Invalid service name: db",
                "{answer}"
            );
        }
    }
}

/// What a user of the client does on any server: typed CRUD over every transport, a grouped
/// read, a report and an attachment, on 20.0 as the emulator plays it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_works_on_20_over_every_transport() {
    let emu = emulator(OdooVersion::V20).await;
    for transport in [
        TransportKind::Auto,
        TransportKind::Json2,
        TransportKind::JsonRpc,
        TransportKind::XmlRpc,
        TransportKind::WebSession,
    ] {
        let client = connect(&emu, transport).await;
        let id = client
            .create("res.partner", json!({"name": "Newer", "is_company": true}))
            .await
            .unwrap_or_else(|e| panic!("create over {transport}: {e}"));
        client
            .write("res.partner", &[id], json!({"phone": "+32 2 000 00 00"}))
            .await
            .unwrap_or_else(|e| panic!("write over {transport}: {e}"));
        let count = client
            .search_count(
                "res.partner",
                json!([["id", "=", id], ["phone", "!=", false]]),
                SearchOptions::new(),
            )
            .await
            .unwrap_or_else(|e| panic!("search_count over {transport}: {e}"));
        assert_eq!(count, 1, "{transport}");
        assert!(
            client.unlink("res.partner", &[id]).await.is_ok(),
            "{transport}"
        );

        let report = client
            .report_by_xmlid("sale.action_report_saleorder", &[1])
            .await
            .unwrap_or_else(|e| panic!("report over {transport}: {e}"))
            .pdf()
            .await
            .unwrap_or_else(|e| panic!("pdf over {transport}: {e}"));
        assert!(report.bytes.starts_with(b"%PDF"), "{transport}");
    }
    let client = connect(&emu, TransportKind::Auto).await;
    let error = client
        .execute_kw(
            "res.partner",
            "read_group",
            json!([[], [], ["country_id"]]),
            json!({}),
        )
        .await
        .expect_err("no public read_group on 20.0");
    assert_ne!(error.kind(), ErrorKind::Transport, "{error}");
}

/// A build whose `rpc.use_deprecated_services` is off: `/jsonrpc` tells its version but
/// refuses the login and the `object` service with `NotFound`. A client forced onto JSON-RPC
/// gets that error; `Auto` with a password takes the web session and works.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_deprecated_services_off_jsonrpc_refuses_and_auto_goes_elsewhere() {
    let emu = Emulator::demo_builder(OdooVersion::V20)
        .deprecated_services(false)
        .start()
        .await
        .expect("the emulator starts");
    let forced = Client::builder(emu.url())
        .database(emu.database())
        .login("admin")
        .password("admin")
        .transport(TransportKind::JsonRpc)
        .connect()
        .await
        .expect_err("the login over /jsonrpc is refused");
    assert_eq!(forced.kind(), ErrorKind::NotFound, "{forced}");

    for transport in [
        TransportKind::Auto,
        TransportKind::XmlRpc,
        TransportKind::Json2,
    ] {
        let client = connect(&emu, transport).await;
        let count = client
            .search_count("res.partner", json!([]), SearchOptions::new())
            .await
            .unwrap_or_else(|e| panic!("over {transport}: {e}"));
        assert!(count > 0, "{transport}");
        assert_ne!(client.transport_kind(), TransportKind::JsonRpc);
    }
}
