//! `fields_get` answers are the schema the emulator was given, written as the played version
//! writes it: reading them back gives that schema again.

use odoo_core::schema::{FieldSchema, FieldType, ModelSchema, Schema};
use odoo_core::{Client, TransportKind};
use odoo_emulator::{Emulator, OdooVersion};

async fn admin(emu: &Emulator) -> Client {
    match Client::builder(emu.url())
        .database(emu.database())
        .login("admin")
        .password("admin")
        .transport(TransportKind::JsonRpc)
        .connect()
        .await
    {
        Ok(client) => client,
        Err(e) => panic!("connect: {e}"),
    }
}

#[tokio::test]
async fn every_demo_model_reads_back_to_the_emulators_schema() {
    for version in [OdooVersion::V16, OdooVersion::V19] {
        let emu = Emulator::demo(version).await.expect("emulator starts");
        let client = admin(&emu).await;
        let schema = emu.with_store(|store| store.schema().clone());
        for (name, model) in &schema.models {
            let answer = client
                .fields_get(name, &[], &[])
                .await
                .unwrap_or_else(|e| panic!("{version}: fields_get of {name}: {e}"));
            let read = ModelSchema::from_fields_get(name, &answer.into())
                .unwrap_or_else(|e| panic!("{version}: {name}: {e}"));
            assert_eq!(read.fields, model.fields, "{version}: {name}");
        }
    }
}

#[tokio::test]
async fn the_aggregate_function_is_spelled_as_the_version_spells_it() {
    let mut schema = Schema::new(None);
    let mut order = ModelSchema::default();
    order.fields.insert(
        "amount_total".into(),
        FieldSchema {
            field_type: FieldType::Monetary,
            string: Some("Total".into()),
            aggregator: Some("sum".into()),
            ..FieldSchema::default()
        },
    );
    schema.models.insert("sale.order".into(), order);
    for (version, key) in [
        (OdooVersion::V17, "group_operator"),
        (OdooVersion::V18, "aggregator"),
    ] {
        let emu = Emulator::builder()
            .schema(schema.clone())
            .version(version)
            .start()
            .await
            .expect("emulator starts");
        let answer = admin(&emu)
            .await
            .fields_get("sale.order", &["amount_total"], &[])
            .await
            .expect("fields_get");
        assert_eq!(answer["amount_total"][key], "sum", "{version}: {answer:?}");
    }
}
