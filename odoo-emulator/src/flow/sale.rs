//! Sales orders: confirming one (its delivery), cancelling one (the wizard of 16 to 18), and
//! the quantities its lines have delivered, invoiced and left to invoice.

use serde_json::{json, Value};

use super::answers::{self, Answer};
use super::lookup::{self, first, many2one, number, text, x2many};
use super::{picking, stock_level, Play};
use crate::Feature;
use crate::{EmulatorError, HandlerCall, OdooVersion, Store};

const ORDER: &str = "sale.order";
const LINE: &str = "sale.order.line";

/// Why orders cannot be confirmed, as each version says it.
fn not_confirmable(store: &Store, version: OdooVersion, ids: &[i64]) -> Option<EmulatorError> {
    let state = |id: i64| store.stored_value(ORDER, id, "state");
    // Odoo 16 refuses done and cancelled orders; later versions any not draft nor sent, 17
    // naming them.
    #[derive(Clone, Copy)]
    enum Wording {
        DoneOrCancel,
        Named,
        Unnamed,
    }
    let wording = version.pick(
        Wording::DoneOrCancel,
        &[
            (OdooVersion::V17, Wording::Named),
            (OdooVersion::V18, Wording::Unnamed),
        ],
    );
    let refused = |id: &i64| match wording {
        Wording::DoneOrCancel => matches!(state(*id).as_str(), Some("done" | "cancel")),
        Wording::Named | Wording::Unnamed => !matches!(state(*id).as_str(), Some("draft" | "sent")),
    };
    if !ids.iter().any(refused) {
        return None;
    }
    let message = match wording {
        Wording::DoneOrCancel => {
            "It is not allowed to confirm an order in the following states: done, cancel".to_owned()
        }
        Wording::Named => {
            let names: Vec<String> = ids
                .iter()
                .map(|&id| store.display_name(ORDER, id))
                .collect();
            format!(
                "The following orders are not in a state requiring confirmation: {}",
                names.join(", ")
            )
        }
        Wording::Unnamed => "Some orders are not in a state requiring confirmation.".to_owned(),
    };
    Some(EmulatorError::user_error(message))
}

/// `sale.order.action_confirm`: each order is `sale` and gets its delivery; answers `true`.
pub(crate) fn confirm(play: &Play, call: &mut HandlerCall<'_>) -> Result<Value, EmulatorError> {
    let ids = call.ids.clone();
    call.store.check_exists(ORDER, &ids)?;
    if let Some(error) = not_confirmable(call.store, play.version, &ids) {
        return Err(error);
    }
    for order in ids {
        let store = &mut *call.store;
        lookup::write(store, ORDER, &[order], json!({"state": "sale"}))?;
        if x2many(store, ORDER, order, "picking_ids").is_empty() {
            deliver(store, play.v16(), order)?;
        }
        refresh_order(store, order)?;
    }
    Ok(json!(true))
}

/// The picking type, source and destination of an order's delivery.
fn delivery_route(store: &Store, order: i64) -> (Option<i64>, Option<i64>, Option<i64>) {
    let warehouse = many2one(store, ORDER, order, "warehouse_id");
    let picking_type = warehouse
        .and_then(|w| {
            first(
                store,
                "stock.picking.type",
                json!([["code", "=", "outgoing"], ["warehouse_id", "=", w]]),
            )
        })
        .or_else(|| {
            first(
                store,
                "stock.picking.type",
                json!([["code", "=", "outgoing"]]),
            )
        });
    let of_type =
        |field: &str| picking_type.and_then(|t| many2one(store, "stock.picking.type", t, field));
    let source = of_type("default_location_src_id")
        .or_else(|| first(store, "stock.location", json!([["usage", "=", "internal"]])));
    let destination = of_type("default_location_dest_id")
        .or_else(|| first(store, "stock.location", json!([["usage", "=", "customer"]])));
    (picking_type, source, destination)
}

/// Makes the delivery of an order's lines of goods, reserved as far as the stock allows.
fn deliver(store: &mut Store, v16: bool, order: i64) -> Result<(), EmulatorError> {
    let lines: Vec<(i64, i64)> = x2many(store, ORDER, order, "order_line")
        .into_iter()
        .filter_map(|line| Some((line, many2one(store, LINE, line, "product_id")?)))
        .filter(|&(_, product)| !lookup::is_service(store, product))
        .collect();
    if lines.is_empty() {
        return Ok(());
    }
    let (picking_type, source, destination) = delivery_route(store, order);
    let partner = many2one(store, ORDER, order, "partner_shipping_id")
        .or_else(|| many2one(store, ORDER, order, "partner_id"));
    let name = crate::store::picking_name(store, picking_type);
    let origin = store.stored_value(ORDER, order, "name");
    let policy = text(store, ORDER, order, "picking_policy").unwrap_or_else(|| "direct".into());
    let picking = lookup::insert(
        store,
        "stock.picking",
        json!({"name": name, "partner_id": partner, "origin": origin, "sale_id": order,
               "picking_type_id": picking_type, "location_id": source, "location_dest_id": destination,
               "state": "confirmed", "move_type": policy, "scheduled_date": lookup::now()}),
    )?;
    for (line, product) in lines {
        let uom = lookup::product_value(store, product, "uom_id");
        let vals = json!({
            "name": store.display_name("product.product", product), "reference": name,
            "picking_id": picking, "product_id": product, "product_uom": lookup::ids_of(&uom).first(),
            "product_uom_qty": number(store, LINE, line, "product_uom_qty"), "sale_line_id": line,
            "state": "confirmed", "location_id": source, "location_dest_id": destination,
            "origin": origin, "picking_type_id": picking_type, "date": lookup::now(),
            "procure_method": "make_to_stock", "partner_id": partner,
        });
        lookup::insert(store, "stock.move", vals)?;
    }
    picking::assign(store, v16, &[picking])
}

/// `sale.order.action_cancel`: the cancel wizard on 16 to 18 for a confirmed order, else
/// cancelled; answers `true`.
pub(crate) fn cancel(play: &Play, call: &mut HandlerCall<'_>) -> Result<Value, EmulatorError> {
    let ids = call.ids.clone();
    call.store.check_exists(ORDER, &ids)?;
    let store = &*call.store;
    if play.version.has(Feature::LockedOrderCancelRefused)
        && ids
            .iter()
            .any(|&id| store.stored_value(ORDER, id, "locked") == Value::Bool(true))
    {
        return Err(EmulatorError::user_error(
            "You cannot cancel a locked order. Please unlock it first.",
        ));
    }
    let warn = !call
        .context
        .get("disable_cancel_warning")
        .is_some_and(|v| v == &Value::Bool(true));
    let confirmed = ids
        .iter()
        .any(|&id| store.stored_value(ORDER, id, "state") != "draft");
    if play.version.has(Feature::SaleOrderCancelWizard) && warn && confirmed {
        let mut action = answers::answer(play.version, Answer::Cancel);
        action["context"]["default_order_id"] = json!(ids.first());
        return Ok(action);
    }
    cancel_orders(call.store, &ids)?;
    Ok(json!(true))
}

/// `sale.order.cancel.action_cancel`: cancels the wizard's order (the context's
/// `default_order_id` when the wizard has none); answers `true`.
pub(crate) fn cancel_wizard(
    _play: &Play,
    call: &mut HandlerCall<'_>,
) -> Result<Value, EmulatorError> {
    let mut orders: Vec<i64> = call
        .ids
        .iter()
        .filter_map(|&w| many2one(call.store, "sale.order.cancel", w, "order_id"))
        .collect();
    if orders.is_empty() {
        orders = lookup::context_ids(&call.context, "default_order_id");
    }
    call.store.check_exists(ORDER, &orders)?;
    cancel_orders(call.store, &orders)?;
    Ok(json!(true))
}

/// Cancels orders, their transfers that are not done and their draft invoices.
fn cancel_orders(store: &mut Store, orders: &[i64]) -> Result<(), EmulatorError> {
    for &order in orders {
        for p in x2many(store, ORDER, order, "picking_ids") {
            if store.stored_value("stock.picking", p, "state") != "done" {
                let moves = picking::open_moves(store, &[p]);
                lookup::write(store, "stock.move", &moves, json!({"state": "cancel"}))?;
                lookup::write(store, "stock.picking", &[p], json!({"state": "cancel"}))?;
            }
        }
        let drafts: Vec<i64> = x2many(store, ORDER, order, "invoice_ids")
            .into_iter()
            .filter(|&i| store.stored_value("account.move", i, "state") == "draft")
            .collect();
        lookup::write(store, "account.move", &drafts, json!({"state": "cancel"}))?;
        lookup::write(store, ORDER, &[order], json!({"state": "cancel"}))?;
        refresh_order(store, order)?;
    }
    Ok(())
}

/// What a line has delivered: its done moves to a customer, less those back from one.
fn delivered(store: &Store, line: i64) -> f64 {
    let usage = |m: i64, field: &str| {
        many2one(store, "stock.move", m, field)
            .map(|l| store.stored_value("stock.location", l, "usage"))
            .unwrap_or(Value::Null)
    };
    store
        .ids("stock.move")
        .into_iter()
        .filter(|&m| many2one(store, "stock.move", m, "sale_line_id") == Some(line))
        .filter(|&m| store.stored_value("stock.move", m, "state") == "done")
        .map(|m| {
            let quantity = number(store, "stock.move", m, "product_uom_qty");
            if usage(m, "location_id") == "customer" {
                -quantity
            } else if stock_level::is_internal(
                store,
                many2one(store, "stock.move", m, "location_dest_id"),
            ) {
                0.0
            } else {
                quantity
            }
        })
        .sum()
}

/// What a line has invoiced: the quantities of the invoice lines made from it, on invoices
/// that are not cancelled.
pub(crate) fn invoiced(store: &Store, line: i64) -> f64 {
    store
        .ids("account.move.line")
        .into_iter()
        .filter(|&l| x2many(store, "account.move.line", l, "sale_line_ids").contains(&line))
        .filter(|&l| {
            many2one(store, "account.move.line", l, "move_id")
                .is_some_and(|m| store.stored_value("account.move", m, "state") != "cancel")
        })
        .map(|l| number(store, "account.move.line", l, "quantity"))
        .sum()
}

/// Whether a line is invoiced on ordered quantities: its product's `invoice_policy`, else
/// `order` for a service and `delivery` for goods.
fn on_order(store: &Store, line: i64) -> bool {
    let Some(product) = many2one(store, LINE, line, "product_id") else {
        return true;
    };
    match lookup::product_value(store, product, "invoice_policy").as_str() {
        Some(policy) => policy == "order",
        None => lookup::is_service(store, product),
    }
}

/// What a line has left to invoice (nothing before the order is confirmed).
pub(crate) fn to_invoice(store: &Store, line: i64) -> f64 {
    let order = many2one(store, LINE, line, "order_id");
    if order.is_none_or(|o| store.stored_value(ORDER, o, "state") != "sale") {
        return 0.0;
    }
    let basis = if on_order(store, line) {
        number(store, LINE, line, "product_uom_qty")
    } else {
        delivered(store, line)
    };
    basis - invoiced(store, line)
}

/// Sets an order's lines' `qty_delivered`, `qty_invoiced`, `qty_to_invoice` and
/// `invoice_status`, and the order's `invoice_status`, `delivery_count` and `invoice_count`.
pub(crate) fn refresh_order(store: &mut Store, order: i64) -> Result<(), EmulatorError> {
    let confirmed = store.stored_value(ORDER, order, "state") == "sale";
    let mut statuses = Vec::new();
    for line in x2many(store, ORDER, order, "order_line") {
        let (done, billed, left) = (
            delivered(store, line),
            invoiced(store, line),
            to_invoice(store, line),
        );
        let status = if !confirmed {
            "no"
        } else if left > 0.0 {
            "to invoice"
        } else if billed >= number(store, LINE, line, "product_uom_qty") {
            "invoiced"
        } else {
            "no"
        };
        statuses.push(status);
        let vals = json!({"qty_delivered": done, "qty_invoiced": billed, "qty_to_invoice": left, "invoice_status": status});
        lookup::write(store, LINE, &[line], vals)?;
    }
    let status = if statuses.contains(&"to invoice") {
        "to invoice"
    } else if !statuses.is_empty() && statuses.iter().all(|s| *s == "invoiced") {
        "invoiced"
    } else {
        "no"
    };
    let vals = json!({
        "invoice_status": status,
        "delivery_count": x2many(store, ORDER, order, "picking_ids").len(),
        "invoice_count": x2many(store, ORDER, order, "invoice_ids").len(),
    });
    lookup::write(store, ORDER, &[order], vals)
}
