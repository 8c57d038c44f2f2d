//! The typed method calls generated for Odoo 19's `res.partner` and `sale.order` (from their
//! API documentation pages) sent to the emulator playing the snapshot they came from, over
//! every transport of 19: `message_post` (a registered handler), `copy` with a default and
//! `action_archive` (built in), `action_confirm` (the built-in state button of `sale.order`).

use method_models::odoo19_methods::res_partner::ResPartner;
use method_models::odoo19_methods::sale_order::SaleOrder;
use odoo_core::schema::Schema;
use odoo_core::{json, Client, Map, Model, ReadOptions, TransportKind, Value, Values};
use odoo_emulator::{Emulator, OdooVersion, User};

const KEY: &str = "method-models-admin-key";

/// The 19 fixtures' snapshot, with the methods of `schemas/odoo19-methods.json`.
fn schema() -> Schema {
    let mut schema = Schema::from_json(include_str!("../../fixture-models/schemas/odoo19.json"))
        .expect("snapshot");
    let methods =
        Schema::from_json(include_str!("../schemas/odoo19-methods.json")).expect("snapshot");
    for (name, model) in methods.models {
        if let Some(target) = schema.models.get_mut(&name) {
            target.methods = model.methods;
        }
    }
    assert!(schema.models["res.partner"]
        .methods
        .contains_key("message_post"));
    schema
}

async fn emulator() -> Emulator {
    let schema = schema();
    Emulator::builder()
        .version(OdooVersion::V19)
        .schema(schema)
        .user(User::new("admin", "admin").uid(2).api_key(KEY).admin())
        .record(
            "res.partner",
            json!({"id": 10, "name": "Azure Interior", "email": "azure@example.com",
                   "is_company": true, "autopost_bills": "ask"}),
        )
        .record(
            "sale.order",
            json!({"id": 20, "name": "S00020", "partner_id": 10, "partner_invoice_id": 10,
                   "partner_shipping_id": 10, "company_id": 1, "state": "draft",
                   "date_order": "2025-01-01 10:00:00", "picking_policy": "direct"}),
        )
        // Posting a message is mail's business: the body lands in the partner's notes here.
        .method("res.partner", "message_post", |call| {
            let body = call.kwargs.get("body").cloned().unwrap_or(Value::Null);
            let ids = call.ids.clone();
            call.store
                .write("res.partner", &ids, &json!({"comment": body}))?;
            Ok(json!(77))
        })
        .start()
        .await
        .expect("emulator starts")
}

async fn connect(emu: &Emulator, transport: TransportKind) -> Client {
    let builder = Client::builder(emu.url())
        .database(emu.database())
        .login("admin")
        .transport(transport);
    let builder = if transport == TransportKind::Json2 {
        builder.api_key(KEY)
    } else {
        builder.password("admin")
    };
    builder.connect().await.expect("connects")
}

async fn read(client: &Client, model: &str, id: i64, fields: &[&str]) -> Map<String, Value> {
    let rows: Vec<Map<String, Value>> = client
        .read(model, &[id], fields, ReadOptions::new())
        .await
        .expect("reads");
    rows.into_iter().next().expect("the record")
}

#[tokio::test]
async fn generated_method_calls_run_on_the_emulator_over_every_transport() {
    let emu = emulator().await;
    for transport in [
        TransportKind::JsonRpc,
        TransportKind::XmlRpc,
        TransportKind::WebSession,
        TransportKind::Json2,
    ] {
        let client = connect(&emu, transport).await;
        let partners = client.model::<ResPartner>();
        let f = ResPartner::fields();

        let posted = partners
            .methods()
            .message_post(&[10])
            .body("Hello from a typed call")
            .message_type("comment")
            .send()
            .await
            .unwrap_or_else(|e| panic!("{transport:?}: {e}"));
        assert_eq!(posted, json!(77));
        let partner = read(&client, "res.partner", 10, &["comment"]).await;
        // `comment` is an html field: Odoo (and the emulator) store text as a paragraph.
        assert_eq!(partner["comment"], json!("<p>Hello from a typed call</p>"));

        let copies: Vec<i64> = partners
            .methods()
            .copy(&[10])
            .default(Values::new().set(&f.name, "Azure Interior (copy)"))
            .send()
            .await
            .unwrap_or_else(|e| panic!("{transport:?}: {e}"));
        assert_eq!(copies.len(), 1);
        let copy = read(&client, "res.partner", copies[0], &["name", "email"]).await;
        assert_eq!(copy["name"], json!("Azure Interior (copy)"));
        assert_eq!(copy["email"], json!("azure@example.com"));

        let archived = partners
            .methods()
            .action_archive(&copies)
            .send()
            .await
            .unwrap_or_else(|e| panic!("{transport:?}: {e}"));
        assert!(archived.is_done(), "{archived:?}");
        let copy = read(&client, "res.partner", copies[0], &["active"]).await;
        assert_eq!(copy["active"], json!(false));

        let orders = client.model::<SaleOrder>();
        let confirmed = orders
            .methods()
            .action_confirm(&[20])
            .send()
            .await
            .unwrap_or_else(|e| panic!("{transport:?}: {e}"));
        assert!(confirmed.is_done(), "{confirmed:?}");
        let order = read(&client, "sale.order", 20, &["state"]).await;
        assert_eq!(order["state"], json!("sale"));
        orders
            .methods()
            .action_draft(&[20])
            .send()
            .await
            .expect("back to a quotation");
        assert_eq!(<SaleOrder as Model>::MODEL, "sale.order");
    }
}
