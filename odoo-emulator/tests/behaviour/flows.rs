//! The flows (`odoo_emulator::Flow`) through `odoo_core::Client`, on Odoo 16 to 19: order to
//! cash on the demo data, stock and documents on a user's schema of a few models, and the
//! demo data on such a schema.

use odoo_core::{Action, Client, ErrorKind, ReadOptions, SearchOptions, TransportKind, Wizard};
use odoo_emulator::{Emulator, EmulatorBuilder, Flow, OdooVersion, User};
use serde_json::{json, Map, Value};

/// The transport each version is tested over: JSON-2 on 19, the web session on 17, else
/// JSON-RPC.
fn transport(version: OdooVersion) -> TransportKind {
    match version {
        OdooVersion::V19 => TransportKind::Json2,
        OdooVersion::V17 => TransportKind::WebSession,
        _ => TransportKind::JsonRpc,
    }
}

/// The transport of a test on a schema without `res.users`: a JSON-2 client reads the user's
/// context (`res.users.context_get`) when it connects, so 19 is tested over XML-RPC there.
fn transport_without_users(version: OdooVersion) -> TransportKind {
    match transport(version) {
        TransportKind::Json2 => TransportKind::XmlRpc,
        other => other,
    }
}

/// The API key of the `admin` of the emulators of these tests.
const KEY: &str = "flows-admin-key";

/// Starts `builder` with an `admin` (password `admin`, API key [`KEY`]) and connects over
/// [`transport`].
async fn start(builder: EmulatorBuilder, version: OdooVersion) -> (Emulator, Client) {
    start_over(builder, version, transport(version)).await
}

/// [`start`] over `transport`.
async fn start_over(
    builder: EmulatorBuilder,
    version: OdooVersion,
    transport: TransportKind,
) -> (Emulator, Client) {
    let admin = User::new("admin", "admin").uid(2).api_key(KEY).admin();
    let emu = builder
        .version(version)
        .user(admin)
        .start()
        .await
        .unwrap_or_else(|e| panic!("{version}: the emulator starts: {e}"));
    let builder = Client::builder(emu.url())
        .database(emu.database())
        .login("admin")
        .transport(transport);
    let builder = match transport {
        TransportKind::Json2 => builder.api_key(KEY),
        _ => builder.password("admin"),
    };
    let client = builder
        .connect()
        .await
        .unwrap_or_else(|e| panic!("{version}: connect: {e}"));
    (emu, client)
}

/// A button of records, over any transport.
async fn button(client: &Client, model: &str, method: &str, ids: &[i64]) -> Value {
    let (args, kwargs) = match client.transport_kind() {
        TransportKind::Json2 => (json!([]), json!({ "ids": ids })),
        _ => (json!([ids]), json!({})),
    };
    client
        .execute_kw(model, method, args, kwargs)
        .await
        .unwrap_or_else(|e| panic!("{model}.{method}: {e}"))
}

/// One record's fields.
async fn read(client: &Client, model: &str, id: i64, fields: &[&str]) -> Map<String, Value> {
    let rows: Vec<Map<String, Value>> = client
        .read(model, &[id], fields, ReadOptions::new())
        .await
        .unwrap_or_else(|e| panic!("read {model} {id}: {e}"));
    rows.into_iter()
        .next()
        .unwrap_or_else(|| panic!("{model} {id} does not read"))
}

fn ids(value: &Value) -> Vec<i64> {
    value
        .as_array()
        .map(|items| items.iter().filter_map(Value::as_i64).collect())
        .unwrap_or_default()
}

/// The window a button answered, with its model.
fn window(answer: Value, model: &str) -> odoo_core::action::WindowAction {
    let action = Action::from_value(answer.clone());
    let window = action
        .as_window()
        .unwrap_or_else(|| panic!("not a window: {answer}"));
    assert_eq!(window.res_model, model, "{answer}");
    window.clone()
}

/// Sets the done quantities of moves: `quantity_done` on 16, `quantity` and `picked` after.
async fn set_done(client: &Client, version: OdooVersion, moves: &[(i64, f64)]) {
    for &(id, quantity) in moves {
        let vals = if version == OdooVersion::V16 {
            json!({ "quantity_done": quantity })
        } else {
            json!({ "quantity": quantity, "picked": true })
        };
        client
            .write("stock.move", &[id], vals)
            .await
            .unwrap_or_else(|e| panic!("{version}: write move {id}: {e}"));
    }
}

/// A confirmed order of Alder & Finch (who has a phone): 3 oak desks at 320, 2 lamps at
/// 45.50 and an installation at 60 (a service).
async fn confirmed_order(client: &Client) -> i64 {
    let line = |product: i64, quantity: f64| json!([0, 0, {"product_id": product, "product_uom_qty": quantity}]);
    let order = client
        .create(
            "sale.order",
            json!({"partner_id": 2, "order_line": [line(1, 3.0), line(2, 2.0), line(3, 1.0)]}),
        )
        .await
        .expect("the quotation is created");
    assert_eq!(
        button(client, "sale.order", "action_confirm", &[order]).await,
        json!(true)
    );
    order
}

/// Validates the delivery with 1 of 3 desks and both lamps: the backorder wizard, then once
/// the text-message wizard; answers the backorder.
async fn deliver_partly(client: &Client, version: OdooVersion, picking: i64) -> i64 {
    let moves = ids(&read(client, "stock.picking", picking, &["move_ids"]).await["move_ids"]);
    assert_eq!(moves.len(), 2, "{version}: a move per line of goods");
    set_done(client, version, &[(moves[0], 1.0), (moves[1], 2.0)]).await;
    let answer = button(client, "stock.picking", "button_validate", &[picking]).await;
    let backorder = window(answer, "stock.backorder.confirmation");
    assert_eq!(
        backorder.context.get("button_validate_picking_ids"),
        Some(&json!([picking]))
    );
    let view = [788, 843, 893, 934][version.major() as usize - 16];
    assert_eq!(
        backorder.view_id,
        Some(view),
        "{version}: the recorded view"
    );
    let sms = Wizard::from_action(client, &backorder)
        .run("process")
        .await
        .expect("process");
    let sms = sms.as_wizard().expect("the text-message wizard").clone();
    assert_eq!(sms.res_model, "confirm.stock.sms");
    assert_eq!(sms.context.get("skip_backorder"), Some(&json!(true)));
    let done = Wizard::from_action(client, &sms)
        .run("dont_send_sms")
        .await
        .expect("dont_send_sms");
    assert!(done.is_done(), "{version}: {done:?}");
    let picking = read(
        client,
        "stock.picking",
        picking,
        &["state", "backorder_ids"],
    )
    .await;
    assert_eq!(picking["state"], "done", "{version}");
    let backorders = ids(&picking["backorder_ids"]);
    assert_eq!(backorders.len(), 1, "{version}: {picking:?}");
    backorders[0]
}

/// Invoices what was delivered; answers the invoice.
async fn invoice(client: &Client, version: OdooVersion, order: i64) -> i64 {
    let answer = Wizard::new(client, "sale.advance.payment.inv")
        .active("sale.order", &[order])
        .value("advance_payment_method", "delivered")
        .run("create_invoices")
        .await
        .expect("create_invoices");
    let invoices = ids(&read(client, "sale.order", order, &["invoice_ids"]).await["invoice_ids"]);
    assert_eq!(invoices.len(), 1, "{version}");
    if version == OdooVersion::V16 {
        assert!(answer.is_finished(), "16 closes the wizard: {answer:?}");
    } else {
        assert_eq!(
            answer.record(),
            Some(invoices[0]),
            "{version}: the window on the invoice"
        );
    }
    invoices[0]
}

#[tokio::test]
async fn order_to_cash_plays_each_version() {
    for version in OdooVersion::ALL {
        let builder = Emulator::demo_builder(version).flow(Flow::OrderToCash);
        let (_emu, client) = start(builder, version).await;
        let order = confirmed_order(&client).await;
        let read_order = read(
            &client,
            "sale.order",
            order,
            &["state", "picking_ids", "delivery_count"],
        )
        .await;
        assert_eq!(read_order["state"], "sale");
        assert_eq!(read_order["delivery_count"], 1, "{version}: one delivery");
        let picking = ids(&read_order["picking_ids"])[0];
        let delivery = read(&client, "stock.picking", picking, &["name", "state"]).await;
        assert_eq!(delivery["name"], "WH/OUT/00001", "{version}");
        // Consumables are reserved at once.
        assert_eq!(delivery["state"], "assigned", "{version}");
        let backorder = deliver_partly(&client, version, picking).await;
        let lines = ids(&read(&client, "sale.order", order, &["order_line"]).await["order_line"]);
        let delivered: Vec<Value> = {
            let rows: Vec<Map<String, Value>> = client
                .read(
                    "sale.order.line",
                    &lines,
                    &["qty_delivered"],
                    ReadOptions::new(),
                )
                .await
                .expect("lines");
            rows.into_iter()
                .map(|r| r["qty_delivered"].clone())
                .collect()
        };
        assert_eq!(delivered, [json!(1.0), json!(2.0), json!(0.0)], "{version}");
        let invoice_id = invoice(&client, version, order).await;
        // 1 desk at 320 and 2 lamps at 45.50 delivered, the installation ordered.
        let amounts = read(
            &client,
            "account.move",
            invoice_id,
            &["amount_total", "state"],
        )
        .await;
        assert_eq!(amounts["amount_total"], 471.0, "{version}");
        assert_eq!(amounts["state"], "draft");
        assert_eq!(
            button(&client, "account.move", "action_post", &[invoice_id]).await,
            json!(false)
        );
        let posted = read(&client, "account.move", invoice_id, &["name", "state"]).await;
        assert!(
            posted["name"]
                .as_str()
                .is_some_and(|n| n.starts_with("INV/")),
            "{posted:?}"
        );
        let paid = Wizard::new(&client, "account.payment.register")
            .active("account.move", &[invoice_id])
            .run("action_create_payments")
            .await
            .expect("action_create_payments");
        let payment = paid.record().expect("the window on the payment");
        let invoice = read(
            &client,
            "account.move",
            invoice_id,
            &["payment_state", "amount_residual"],
        )
        .await;
        assert_eq!(invoice["payment_state"], "paid", "{version}");
        assert_eq!(invoice["amount_residual"], 0.0, "{version}");
        assert_eq!(
            read(&client, "account.payment", payment, &["amount"]).await["amount"],
            471.0
        );
        // The backorder: the text message is not asked again.
        let moves =
            ids(&read(&client, "stock.picking", backorder, &["move_ids"]).await["move_ids"]);
        set_done(&client, version, &[(moves[0], 2.0)]).await;
        let answer = button(&client, "stock.picking", "button_validate", &[backorder]).await;
        assert_eq!(answer, json!(true), "{version}");
        cancel(&client, version).await;
    }
}

/// Cancels a confirmed order: through the wizard on 16 to 18, at once on 19.
async fn cancel(client: &Client, version: OdooVersion) {
    let order = confirmed_order(client).await;
    let answer = button(client, "sale.order", "action_cancel", &[order]).await;
    if version <= OdooVersion::V18 {
        let wizard = window(answer, "sale.order.cancel");
        assert_eq!(wizard.context.get("default_order_id"), Some(&json!(order)));
        let done = Wizard::from_action(client, &wizard)
            .run("action_cancel")
            .await
            .expect("cancel");
        assert!(done.is_done(), "{done:?}");
    } else {
        assert_eq!(answer, json!(true));
    }
    let cancelled = read(client, "sale.order", order, &["state", "picking_ids"]).await;
    assert_eq!(cancelled["state"], "cancel", "{version}");
    let picking = ids(&cancelled["picking_ids"])[0];
    assert_eq!(
        read(client, "stock.picking", picking, &["state"]).await["state"],
        "cancel"
    );
}

#[tokio::test]
async fn the_users_methods_win_over_the_flows() {
    let builder = Emulator::demo_builder(OdooVersion::V18)
        .flow(Flow::OrderToCash)
        .method("sale.order", "action_confirm", |_| Ok(json!("mine")));
    let (_emu, client) = start(builder, OdooVersion::V18).await;
    assert_eq!(
        button(&client, "sale.order", "action_confirm", &[3]).await,
        json!("mine")
    );
    // The flow's other buttons are there.
    let refused = client
        .execute_kw("account.move", "action_post", json!([[999]]), json!({}))
        .await;
    assert!(refused.is_err_and(|e| e.kind() == ErrorKind::MissingError));
}

#[tokio::test]
async fn nothing_to_invoice_is_refused_as_the_version_says() {
    for (version, start_of_message) in [
        (OdooVersion::V16, "There is nothing to invoice!"),
        (
            OdooVersion::V19,
            "Cannot create an invoice. No items are available to invoice.",
        ),
    ] {
        let builder = Emulator::demo_builder(version).flow(Flow::OrderToCash);
        let (_emu, client) = start(builder, version).await;
        let line = json!([0, 0, {"product_id": 1, "product_uom_qty": 1.0}]);
        let order = client
            .create("sale.order", json!({"partner_id": 4, "order_line": [line]}))
            .await
            .expect("order");
        button(&client, "sale.order", "action_confirm", &[order]).await;
        let refused = Wizard::new(&client, "sale.advance.payment.inv")
            .active("sale.order", &[order])
            .run("create_invoices")
            .await
            .expect_err("nothing was delivered");
        assert_eq!(refused.kind(), ErrorKind::UserError, "{version}");
        let message = refused
            .odoo_error()
            .map(|e| e.message.clone())
            .unwrap_or_default();
        assert!(
            message.starts_with(start_of_message),
            "{version}: {message}"
        );
        // Bluewater Tiles has no phone: no text-message wizard, and no backorder.
        let picking =
            ids(&read(&client, "sale.order", order, &["picking_ids"]).await["picking_ids"])[0];
        let moves = ids(&read(&client, "stock.picking", picking, &["move_ids"]).await["move_ids"]);
        set_done(&client, version, &[(moves[0], 1.0)]).await;
        assert_eq!(
            button(&client, "stock.picking", "button_validate", &[picking]).await,
            json!(true)
        );
        let count = client
            .search_count("confirm.stock.sms", json!([]), SearchOptions::new())
            .await
            .expect("count");
        assert_eq!(count, 0, "{version}");
    }
}

/// A user's snapshot of a few models: products with a name, contacts with a name and a
/// field of the user's own, and the sales orders of a webshop (a name and a customer).
fn few_models(version: OdooVersion) -> odoo_core::schema::Schema {
    let text = format!(
        r#"{{"format": 1, "server_version": "{}.0", "models": {{
          "product.product": {{"description": "Product", "fields": {{
            "id": {{"type": "integer", "string": "ID", "store": true}},
            "name": {{"type": "char", "string": "Name", "store": true}}}}}},
          "res.partner": {{"description": "Contact", "fields": {{
            "id": {{"type": "integer", "string": "ID", "store": true}},
            "name": {{"type": "char", "string": "Customer Name", "store": true}},
            "x_webshop_id": {{"type": "char", "string": "Webshop ID", "store": true}}}}}},
          "sale.order": {{"description": "Sales Order", "fields": {{
            "id": {{"type": "integer", "string": "ID", "store": true}},
            "name": {{"type": "char", "string": "Order Reference", "store": true}},
            "partner_id": {{"type": "many2one", "string": "Customer", "relation": "res.partner", "store": true}}}}}}
        }}}}"#,
        version.major()
    );
    odoo_core::schema::Schema::from_json(&text).expect("the user's snapshot")
}

/// A storable product's values on `version`.
fn storable(version: OdooVersion, name: &str) -> Value {
    match version {
        OdooVersion::V16 | OdooVersion::V17 => json!({"name": name, "type": "product"}),
        _ => json!({"name": name, "type": "consu", "is_storable": true}),
    }
}

/// The first record of `model` matching `domain`.
async fn first(client: &Client, model: &str, domain: Value) -> i64 {
    let found = client
        .search(model, domain.clone(), SearchOptions::new().limit(1))
        .await
        .unwrap_or_else(|e| panic!("search {model}: {e}"));
    *found
        .first()
        .unwrap_or_else(|| panic!("no {model} matches {domain}"))
}

/// Counts 10 bolts in `WH/Stock`; answers the location.
async fn count_inventory(client: &Client, version: OdooVersion, bolt: i64) -> i64 {
    let stock = client
        .external_ids()
        .resolve("stock.stock_location_stock")
        .await
        .expect("WH/Stock has its external ID")
        .id;
    let quant = client
        .create(
            "stock.quant",
            json!({"product_id": bolt, "location_id": stock, "inventory_quantity": 10.0}),
        )
        .await
        .expect("the counted quant");
    let applied = button(client, "stock.quant", "action_apply_inventory", &[quant]).await;
    assert_eq!(applied, Value::Null, "{version}");
    let quant = read(
        client,
        "stock.quant",
        quant,
        &["quantity", "inventory_quantity"],
    )
    .await;
    assert_eq!(quant["quantity"], 10.0, "{version}");
    assert_eq!(quant["inventory_quantity"], 0.0, "{version}");
    let adjustments = client
        .search_count(
            "stock.move",
            json!([["is_inventory", "=", true], ["state", "=", "done"]]),
            SearchOptions::new(),
        )
        .await
        .expect("count");
    assert_eq!(adjustments, 1, "{version}: the adjustment's move");
    stock
}

/// Receives 5 bolts: a receipt made by the user, confirmed, reserved and validated (through
/// the immediate transfer on 16).
async fn receive(client: &Client, version: OdooVersion, bolt: i64, stock: i64) {
    let receipts = first(
        client,
        "stock.picking.type",
        json!([["code", "=", "incoming"]]),
    )
    .await;
    let move_line = json!([0, 0, {"product_id": bolt, "product_uom_qty": 5.0}]);
    let receipt = client
        .create(
            "stock.picking",
            json!({"picking_type_id": receipts, "move_ids": [move_line]}),
        )
        .await
        .expect("the receipt");
    let fields = ["name", "state", "location_dest_id", "move_ids"];
    let made = read(client, "stock.picking", receipt, &fields).await;
    assert_eq!(made["name"], "WH/IN/00001", "{version}");
    assert_eq!(made["state"], "draft", "{version}");
    assert_eq!(
        made["location_dest_id"][0], stock,
        "{version}: from the picking type"
    );
    assert_eq!(
        button(client, "stock.picking", "action_confirm", &[receipt]).await,
        json!(true)
    );
    assert_eq!(
        button(client, "stock.picking", "action_assign", &[receipt]).await,
        json!(true)
    );
    assert_eq!(
        read(client, "stock.picking", receipt, &["state"]).await["state"],
        "assigned"
    );
    let answer = button(client, "stock.picking", "button_validate", &[receipt]).await;
    if version == OdooVersion::V16 {
        let immediate = window(answer, "stock.immediate.transfer");
        let done = Wizard::from_action(client, &immediate)
            .run("process")
            .await
            .expect("process");
        assert!(done.is_done(), "{done:?}");
    } else {
        assert_eq!(answer, json!(true), "{version}");
    }
    assert_eq!(
        read(client, "stock.picking", receipt, &["state"]).await["state"],
        "done"
    );
}

#[tokio::test]
async fn stock_counts_receives_and_reserves_on_each_version() {
    for version in OdooVersion::ALL {
        let builder = Emulator::builder()
            .schema(few_models(version))
            .flow(Flow::Stock)
            .record("product.product", storable(version, "Bolt"));
        let (_emu, client) = start_over(builder, version, transport_without_users(version)).await;
        let bolt = first(&client, "product.product", json!([["name", "=", "Bolt"]])).await;
        let stock = count_inventory(&client, version, bolt).await;
        receive(&client, version, bolt, stock).await;
        let available = read(&client, "product.product", bolt, &["qty_available"]).await;
        assert_eq!(available["qty_available"], 15.0, "{version}");
        // A delivery of 20 reserves the 15 on hand.
        let deliveries = first(
            &client,
            "stock.picking.type",
            json!([["code", "=", "outgoing"]]),
        )
        .await;
        let move_line = json!([0, 0, {"product_id": bolt, "product_uom_qty": 20.0}]);
        let delivery = client
            .create(
                "stock.picking",
                json!({"picking_type_id": deliveries, "move_ids": [move_line]}),
            )
            .await
            .expect("the delivery");
        button(&client, "stock.picking", "action_assign", &[delivery]).await;
        let moved =
            ids(&read(&client, "stock.picking", delivery, &["move_ids"]).await["move_ids"])[0];
        let reserved = if version == OdooVersion::V16 {
            "reserved_availability"
        } else {
            "quantity"
        };
        let movement = read(&client, "stock.move", moved, &[reserved, "state"]).await;
        assert_eq!(movement[reserved], 15.0, "{version}");
        assert_eq!(movement["state"], "partially_available", "{version}");
        // The user's fields are kept; the flow's are added.
        let fields = client
            .fields_get("res.partner", &[], &[])
            .await
            .expect("fields_get");
        assert_eq!(fields["name"]["string"], "Customer Name", "{version}");
        assert!(fields.get("phone").is_some(), "{version}: the flow's field");
    }
}

#[tokio::test]
async fn an_empty_transfer_is_refused_as_the_version_says() {
    for (version, message) in [
        (OdooVersion::V16, "Please add some items to move."),
        (OdooVersion::V19, "You can\u{2019}t validate an empty transfer. Please add some products to move before proceeding."),
    ] {
        let builder = Emulator::builder().schema(few_models(version)).flow(Flow::Stock);
        let (_emu, client) = start_over(builder, version, transport_without_users(version)).await;
        let receipts = first(&client, "stock.picking.type", json!([["code", "=", "incoming"]])).await;
        let empty = client
            .create("stock.picking", json!({"picking_type_id": receipts}))
            .await
            .expect("an empty receipt");
        let refused = client
            .execute_kw("stock.picking", "button_validate", json!([[empty]]), json!({}))
            .await;
        let refused = refused.expect_err("nothing to validate");
        assert_eq!(refused.kind(), ErrorKind::UserError, "{version}");
        assert_eq!(refused.message(), message, "{version}");
    }
}

#[tokio::test]
async fn documents_finds_reports_by_external_id_and_keeps_attachments() {
    for version in [OdooVersion::V16, OdooVersion::V19] {
        let builder = Emulator::builder()
            .schema(few_models(version))
            .flow(Flow::Documents)
            .record("res.partner", json!({"id": 4, "name": "Bluewater Tiles"}))
            .record(
                "sale.order",
                json!({"id": 7, "name": "S00007", "partner_id": 4}),
            );
        // The report routes need a web session: a password, over JSON-RPC.
        let admin = User::new("admin", "admin").uid(2).admin();
        let emu = builder
            .version(version)
            .user(admin)
            .start()
            .await
            .expect("starts");
        let client = Client::builder(emu.url())
            .database(emu.database())
            .login("admin")
            .password("admin")
            .transport(TransportKind::JsonRpc)
            .connect()
            .await
            .expect("connect");
        let report = client
            .report_by_xmlid("sale.action_report_saleorder", &[7])
            .await
            .expect("the report action");
        let pdf = report.pdf().await.expect("the PDF");
        assert!(pdf.bytes.starts_with(b"%PDF-"), "{version}");
        // The user's schema has no invoices: no invoice report action.
        let missing = client
            .report_by_xmlid("account.account_invoices", &[1])
            .await;
        assert!(
            missing.is_err_and(|e| e.kind() == ErrorKind::NotFound),
            "{version}"
        );
        let attachment = client
            .attachments()
            .attach("sale.order", 7, "terms.txt", b"Pay within 30 days.")
            .await
            .expect("attached");
        let file = client
            .attachments()
            .download(attachment)
            .await
            .expect("download");
        assert_eq!(&file.bytes[..], b"Pay within 30 days.", "{version}");
    }
}

#[tokio::test]
async fn the_demo_data_fills_a_users_schema_of_a_few_models() {
    for version in [OdooVersion::V16, OdooVersion::V19] {
        let builder = Emulator::demo_builder(version).schema(few_models(version));
        let (_emu, client) = start(builder, version).await;
        let countries = client
            .search_count("res.country", json!([]), SearchOptions::new())
            .await
            .expect("res.country is added");
        assert_eq!(countries, 3, "{version}");
        let fields = client
            .fields_get("res.partner", &[], &[])
            .await
            .expect("fields_get");
        assert_eq!(
            fields["name"]["string"], "Customer Name",
            "{version}: the user's field"
        );
        assert!(fields.get("x_webshop_id").is_some(), "{version}");
        assert!(
            fields.get("country_id").is_some(),
            "{version}: the demo's field"
        );
        let order = read(
            &client,
            "sale.order",
            1,
            &["name", "partner_id", "amount_total"],
        )
        .await;
        assert_eq!(order["name"], "S00001", "{version}");
        assert_eq!(order["amount_total"], 700.0, "{version}");
        // With a flow too.
        let builder = Emulator::demo_builder(version)
            .schema(few_models(version))
            .flow(Flow::OrderToCash);
        let (_emu, client) = start(builder, version).await;
        let order = confirmed_order(&client).await;
        let delivery = read(&client, "sale.order", order, &["delivery_count"]).await;
        assert_eq!(delivery["delivery_count"], 1, "{version}");
    }
}

#[tokio::test]
async fn a_backorder_can_be_refused_and_an_invoice_paid_in_part() {
    for version in [OdooVersion::V16, OdooVersion::V19] {
        let builder = Emulator::demo_builder(version).flow(Flow::OrderToCash);
        let (_emu, client) = start(builder, version).await;
        // Bluewater Tiles has no phone: no text-message wizard.
        let line = json!([0, 0, {"product_id": 1, "product_uom_qty": 3.0}]);
        let order = client
            .create("sale.order", json!({"partner_id": 4, "order_line": [line]}))
            .await
            .expect("order");
        button(&client, "sale.order", "action_confirm", &[order]).await;
        let picking =
            ids(&read(&client, "sale.order", order, &["picking_ids"]).await["picking_ids"])[0];
        let moves = ids(&read(&client, "stock.picking", picking, &["move_ids"]).await["move_ids"]);
        set_done(&client, version, &[(moves[0], 1.0)]).await;
        let answer = button(&client, "stock.picking", "button_validate", &[picking]).await;
        let wizard = window(answer, "stock.backorder.confirmation");
        let done = Wizard::from_action(&client, &wizard)
            .run("process_cancel_backorder")
            .await
            .expect("process_cancel_backorder");
        assert!(done.is_done(), "{version}: {done:?}");
        let picking = read(
            &client,
            "stock.picking",
            picking,
            &["state", "backorder_ids"],
        )
        .await;
        assert_eq!(picking["state"], "done", "{version}");
        assert_eq!(
            picking["backorder_ids"],
            json!([]),
            "{version}: no backorder"
        );
        let moved = read(
            &client,
            "stock.move",
            moves[0],
            &["product_uom_qty", "state"],
        )
        .await;
        assert_eq!(
            moved["product_uom_qty"], 1.0,
            "{version}: the rest is dropped"
        );
        let invoice_id = invoice(&client, version, order).await;
        button(&client, "account.move", "action_post", &[invoice_id]).await;
        Wizard::new(&client, "account.payment.register")
            .active("account.move", &[invoice_id])
            .value("amount", 100.0)
            .run("action_create_payments")
            .await
            .expect("a payment of 100");
        let invoice = read(
            &client,
            "account.move",
            invoice_id,
            &["payment_state", "amount_residual"],
        )
        .await;
        assert_eq!(invoice["payment_state"], "partial", "{version}");
        assert_eq!(invoice["amount_residual"], 220.0, "{version}: 320 less 100");
        // 16 refuses to post it again; 19 keeps it posted.
        if version == OdooVersion::V16 {
            let again = client
                .execute_kw(
                    "account.move",
                    "action_post",
                    json!([[invoice_id]]),
                    json!({}),
                )
                .await;
            assert!(again.is_err_and(|e| e.kind() == ErrorKind::UserError));
        } else {
            let again = button(&client, "account.move", "action_post", &[invoice_id]).await;
            assert_eq!(again, json!(false), "{version}");
        }
    }
}
