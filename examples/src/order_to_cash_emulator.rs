//! The order-to-cash recipe on the embedded emulator: the buttons of the flow registered as
//! method handlers, answering with the wire shapes the real Odoo 16 to 19 servers answered
//! (recorded in `../shared/fixtures/odoo*/workflows`), on the recorded schema of each version
//! (`generated/fixture-models/schemas/odoo*.json`) plus the wizard models.
//!
//! It plays the server's side only as far as the recipe needs: confirming an order makes one
//! delivery with a move per line; validating it with missing quantities asks for a backorder,
//! then (once) whether to text the customer; invoicing bills the delivered quantities at the
//! products' list prices; the payment pays the whole invoice. Use it as a template for the
//! handlers of your own flows.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use odoo_core::schema::Schema;
use odoo_core::{json, Value};
use odoo_emulator::{Emulator, EmulatorError, HandlerCall, OdooVersion, Store, User};

use crate::BoxError;

/// The API key of the emulator's `admin` (password `admin`), for JSON-2 on 19.
pub const ADMIN_KEY: &str = "order-to-cash-admin-key";

/// The wizard models and `account.payment`, which the recorded snapshots do not hold.
const WIZARDS: &str = r#"{"format": 1, "models": {
  "stock.backorder.confirmation": {"transient": true, "fields": {
    "id": {"type": "integer", "string": "ID", "readonly": true, "store": true},
    "pick_ids": {"type": "many2many", "string": "Pick", "relation": "stock.picking", "store": true},
    "show_transfers": {"type": "boolean", "string": "Show Transfers", "store": true}}},
  "confirm.stock.sms": {"transient": true, "fields": {
    "id": {"type": "integer", "string": "ID", "readonly": true, "store": true},
    "pick_ids": {"type": "many2many", "string": "Pick", "relation": "stock.picking", "store": true}}},
  "sale.advance.payment.inv": {"transient": true, "fields": {
    "id": {"type": "integer", "string": "ID", "readonly": true, "store": true},
    "advance_payment_method": {"type": "selection", "string": "Create Invoice", "store": true,
      "selection": [["delivered", "Regular invoice"], ["percentage", "Down payment (percentage)"], ["fixed", "Down payment (fixed amount)"]]}}},
  "account.payment.register": {"transient": true, "fields": {
    "id": {"type": "integer", "string": "ID", "readonly": true, "store": true},
    "amount": {"type": "monetary", "string": "Amount", "store": true}}},
  "sale.order.cancel": {"transient": true, "fields": {
    "id": {"type": "integer", "string": "ID", "readonly": true, "store": true},
    "order_id": {"type": "many2one", "string": "Sale Order", "relation": "sale.order", "store": true}}},
  "account.payment": {"fields": {
    "id": {"type": "integer", "string": "ID", "readonly": true, "store": true},
    "amount": {"type": "monetary", "string": "Amount", "store": true},
    "partner_id": {"type": "many2one", "string": "Customer", "relation": "res.partner", "store": true},
    "state": {"type": "selection", "string": "Status", "store": true,
      "selection": [["draft", "Draft"], ["posted", "Posted"]]}}}
}}"#;

/// The recorded snapshot of `version` with the wizard models added.
fn schema(version: OdooVersion) -> Result<Schema, BoxError> {
    let path = format!(
        "{}/../generated/fixture-models/schemas/odoo{}.json",
        env!("CARGO_MANIFEST_DIR"),
        version.major()
    );
    let mut schema = Schema::from_json(&std::fs::read_to_string(&path)?)?;
    schema.models.extend(Schema::from_json(WIZARDS)?.models);
    Ok(schema)
}

fn ids_of(value: &Value) -> Vec<i64> {
    match value {
        Value::Array(items) => items.iter().filter_map(Value::as_i64).collect(),
        Value::Number(_) => value.as_i64().into_iter().collect(),
        _ => Vec::new(),
    }
}

/// The ids a context key names (a list, or one id).
fn context_ids(call: &HandlerCall<'_>, key: &str) -> Vec<i64> {
    call.context.get(key).map(ids_of).unwrap_or_default()
}

fn number(store: &Store, model: &str, id: i64, field: &str) -> f64 {
    store.stored_value(model, id, field).as_f64().unwrap_or(0.0)
}

fn id_value(store: &Store, model: &str, id: i64, field: &str) -> Option<i64> {
    ids_of(&store.stored_value(model, id, field))
        .first()
        .copied()
}

/// A move's done quantity: `quantity_done` on 16, `quantity` (with `picked`) from 17.
fn done_quantity(store: &Store, major: u32, id: i64) -> f64 {
    let field = if major <= 16 {
        "quantity_done"
    } else {
        "quantity"
    };
    number(store, "stock.move", id, field)
}

/// `action_confirm`: the order is confirmed and gets one delivery, a move per line.
fn confirm(call: &mut HandlerCall<'_>) -> Result<Value, EmulatorError> {
    for order in call.ids.clone() {
        let store = &mut *call.store;
        store.write("sale.order", &[order], &json!({"state": "sale"}))?;
        let partner = id_value(store, "sale.order", order, "partner_id");
        let picking = store.insert(
            "stock.picking",
            json!({"partner_id": partner, "sale_id": order, "state": "assigned",
                   "origin": store.stored_value("sale.order", order, "name")}),
        )?;
        let lines = ids_of(&store.stored_value("sale.order", order, "order_line"));
        for line in lines {
            let product = id_value(store, "sale.order.line", line, "product_id");
            let quantity = number(store, "sale.order.line", line, "product_uom_qty");
            store.insert(
                "stock.move",
                json!({"picking_id": picking, "product_id": product,
                       "product_uom_qty": quantity, "sale_line_id": line, "state": "confirmed"}),
            )?;
        }
    }
    Ok(json!(true))
}

/// Marks the pickings done, moving what was not delivered to a backorder each.
fn validate(store: &mut Store, major: u32, pickings: &[i64]) -> Result<(), EmulatorError> {
    for &picking in pickings {
        let moves = ids_of(&store.stored_value("stock.picking", picking, "move_ids"));
        let mut backorder = None;
        for m in moves {
            let missing =
                number(store, "stock.move", m, "product_uom_qty") - done_quantity(store, major, m);
            if missing > 0.0 {
                let into = match backorder {
                    Some(id) => id,
                    None => {
                        let partner = id_value(store, "stock.picking", picking, "partner_id");
                        let id = store.insert(
                            "stock.picking",
                            json!({"partner_id": partner, "backorder_id": picking, "state": "assigned",
                                   "sale_id": id_value(store, "stock.picking", picking, "sale_id")}),
                        )?;
                        backorder = Some(id);
                        id
                    }
                };
                let product = id_value(store, "stock.move", m, "product_id");
                store.insert(
                    "stock.move",
                    json!({"picking_id": into, "product_id": product,
                           "product_uom_qty": missing, "state": "confirmed"}),
                )?;
                let done = done_quantity(store, major, m);
                store.write("stock.move", &[m], &json!({"product_uom_qty": done}))?;
            }
            store.write("stock.move", &[m], &json!({"state": "done"}))?;
        }
        store.write("stock.picking", &[picking], &json!({"state": "done"}))?;
    }
    Ok(())
}

/// Registers the handlers of the flow on `builder`, answering as Odoo `version` does.
fn handlers(
    builder: odoo_emulator::EmulatorBuilder,
    version: OdooVersion,
) -> odoo_emulator::EmulatorBuilder {
    let major = version.major();
    // The company asks once whether to text customers when a delivery is done.
    let ask_sms = Arc::new(AtomicBool::new(true));
    let sms = Arc::clone(&ask_sms);
    builder
        .method("sale.order", "action_confirm", confirm)
        .method("stock.picking", "button_validate", move |call| {
            let missing = call.ids.iter().any(|&picking| {
                ids_of(&call.store.stored_value("stock.picking", picking, "move_ids"))
                    .into_iter()
                    .any(|m| done_quantity(call.store, major, m) < number(call.store, "stock.move", m, "product_uom_qty"))
            });
            if !missing {
                validate(call.store, major, &call.ids)?;
                return Ok(json!(true));
            }
            let ids = call.ids.clone();
            Ok(json!({
                "name": "Create Backorder?", "type": "ir.actions.act_window", "view_mode": "form",
                "res_model": "stock.backorder.confirmation", "views": [[788, "form"]], "view_id": 788,
                "target": "new",
                "context": {"button_validate_picking_ids": ids, "default_show_transfers": false,
                            "default_pick_ids": ids.iter().map(|id| json!([4, id])).collect::<Vec<_>>()},
            }))
        })
        .method("stock.backorder.confirmation", "process", move |call| {
            let pickings = context_ids(call, "button_validate_picking_ids");
            if ask_sms.load(Ordering::SeqCst) {
                // Not validated yet: Odoo first asks about the text message, on a wizard
                // record of its own, and validates when it is answered.
                let wizard = call.store.insert("confirm.stock.sms", json!({"pick_ids": pickings}))?;
                let mut context = call.context.clone();
                context.insert("skip_backorder".into(), json!(true));
                return Ok(json!({
                    "name": "SMS", "type": "ir.actions.act_window", "view_mode": "form",
                    "res_model": "confirm.stock.sms", "views": [[957, "form"]], "view_id": 957,
                    "target": "new", "res_id": wizard, "context": context,
                }));
            }
            validate(call.store, major, &pickings)?;
            Ok(json!(true))
        })
        .method("confirm.stock.sms", "dont_send_sms", move |call| {
            sms.store(false, Ordering::SeqCst);
            let pickings = context_ids(call, "button_validate_picking_ids");
            validate(call.store, major, &pickings)?;
            Ok(json!(true))
        })
        .method("sale.advance.payment.inv", "create_invoices", move |call| {
            let orders = context_ids(call, "active_ids");
            let mut invoice = None;
            for &order in &orders {
                let store = &mut *call.store;
                let mut total = 0.0;
                for line in ids_of(&store.stored_value("sale.order", order, "order_line")) {
                    let product = id_value(store, "sale.order.line", line, "product_id").unwrap_or_default();
                    let delivered: f64 = store
                        .ids("stock.move")
                        .into_iter()
                        .filter(|&m| id_value(store, "stock.move", m, "sale_line_id") == Some(line))
                        .filter(|&m| store.stored_value("stock.move", m, "state") == "done")
                        .map(|m| done_quantity(store, major, m))
                        .sum();
                    total += delivered * number(store, "product.product", product, "list_price");
                }
                let partner = id_value(store, "sale.order", order, "partner_id");
                let id = store.insert(
                    "account.move",
                    json!({"move_type": "out_invoice", "partner_id": partner, "state": "draft",
                           "amount_total": total, "amount_residual": total, "payment_state": "not_paid",
                           "invoice_origin": store.stored_value("sale.order", order, "name")}),
                )?;
                store.write("sale.order", &[order], &json!({"invoice_ids": [[4, id]], "invoice_status": "invoiced"}))?;
                invoice = Some(id);
            }
            if major <= 16 {
                return Ok(json!({"type": "ir.actions.act_window_close"}));
            }
            Ok(json!({
                "id": 262, "name": "Invoices", "type": "ir.actions.act_window",
                "xml_id": "account.action_move_out_invoice_type",
                "domain": "[('move_type', 'in', ['out_invoice', 'out_refund', 'out_receipt'])]",
                "context": {"default_move_type": "out_invoice"},
                "res_id": invoice, "res_model": "account.move", "target": "current",
                "view_mode": "list,kanban,form,activity",
                "views": [[743, "form"], [737, "list"], [false, "kanban"], [false, "activity"]],
            }))
        })
        .method("account.move", "action_post", |call| {
            let ids = call.ids.clone();
            call.store.write("account.move", &ids, &json!({"state": "posted"}))?;
            Ok(json!(false))
        })
        .method("account.payment.register", "action_create_payments", |call| {
            let invoices = context_ids(call, "active_ids");
            let store = &mut *call.store;
            let amount: f64 = invoices.iter().map(|&i| number(store, "account.move", i, "amount_residual")).sum();
            let partner = invoices.first().and_then(|&i| id_value(store, "account.move", i, "partner_id"));
            let payment = store.insert(
                "account.payment",
                json!({"amount": amount, "partner_id": partner, "state": "posted"}),
            )?;
            store.write("account.move", &invoices, &json!({"amount_residual": 0.0, "payment_state": "paid"}))?;
            Ok(json!({"name": "Payments", "type": "ir.actions.act_window", "res_model": "account.payment",
                      "context": {"create": false}, "view_mode": "form", "res_id": payment}))
        })
        .method("sale.order", "action_cancel", move |call| {
            let ids = call.ids.clone();
            let confirmed = ids.iter().any(|&id| call.store.stored_value("sale.order", id, "state") != "draft");
            if major <= 18 && confirmed && call.context.get("disable_cancel_warning") != Some(&json!(true)) {
                // 16 to 18 offer to mail the customer first.
                return Ok(json!({
                    "name": "Cancel Sales Order", "view_mode": "form", "res_model": "sale.order.cancel",
                    "view_id": 988, "type": "ir.actions.act_window", "target": "new",
                    "context": {"default_template_id": 14, "default_order_id": ids.first(),
                                "mark_so_as_canceled": true, "model_description": "Sales Order"},
                }));
            }
            call.store.write("sale.order", &ids, &json!({"state": "cancel"}))?;
            Ok(json!(true))
        })
        .method("sale.order.cancel", "action_cancel", |call| {
            let order = context_ids(call, "default_order_id");
            call.store.write("sale.order", &order, &json!({"state": "cancel"}))?;
            Ok(json!(true))
        })
}

/// An emulator playing Odoo `version` with what the recipe needs: the recorded schema, a
/// customer, two storable products, the defaults the sale forms would fill in, and the
/// buttons of the flow.
pub async fn emulator(version: OdooVersion) -> Result<Emulator, BoxError> {
    let goods = if version.major() <= 17 {
        "product"
    } else {
        "consu"
    };
    let mut builder = Emulator::builder()
        .version(version)
        .database("order-to-cash")
        .schema(schema(version)?)
        .user(
            User::new("admin", "admin")
                .uid(2)
                .api_key(ADMIN_KEY)
                .admin(),
        )
        .record(
            "res.partner",
            json!({"id": 10, "name": "Bluewater Tiles", "is_company": true}),
        )
        .record(
            "product.product",
            json!({"id": 5, "name": "Office Chair", "default_code": "FURN_7777",
                                          "sale_ok": true, "type": goods, "list_price": 50.0}),
        )
        .record(
            "product.product",
            json!({"id": 6, "name": "Office Lamp", "default_code": "FURN_8888",
                                          "sale_ok": true, "type": goods, "list_price": 25.0}),
        )
        .record(
            "product.product",
            json!({"id": 7, "name": "Design Hours", "sale_ok": true,
                                          "type": "service", "list_price": 80.0}),
        );
    // What the quotation form fills in before it saves.
    let defaults = [
        ("name", json!("S00001")),
        ("company_id", json!(1)),
        ("date_order", json!("2026-12-01 09:00:00")),
        ("partner_invoice_id", json!(10)),
        ("partner_shipping_id", json!(10)),
        ("picking_policy", json!("direct")),
        ("pricelist_id", json!(1)),
        ("warehouse_id", json!(1)),
        ("state", json!("draft")),
    ];
    for (field, value) in defaults {
        builder = builder.default_value("sale.order", field, value);
    }
    for (field, value) in [
        ("name", json!("order line")),
        ("price_unit", json!(0.0)),
        ("customer_lead", json!(0.0)),
    ] {
        builder = builder.default_value("sale.order.line", field, value);
    }
    Ok(handlers(builder, version).start().await?)
}
