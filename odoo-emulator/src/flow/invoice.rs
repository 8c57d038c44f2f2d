//! Invoicing: the invoice wizard of sales orders (`sale.advance.payment.inv`), and posting an
//! invoice.

use serde_json::{json, Value};

use super::answers::{self, Answer};
use super::lookup::{self, many2one, number, x2many};
use super::{sale, Play};
use crate::Feature;
use crate::{EmulatorError, HandlerCall, OdooVersion, Store};

const INVOICE: &str = "account.move";

/// The error when no order has anything to invoice, as each version says it.
fn nothing_to_invoice(version: OdooVersion) -> EmulatorError {
    EmulatorError::user_error(version.pick(
        "There is nothing to invoice!\n\nReason(s) of this behavior could be:\n- You should deliver your products before invoicing them.\n- You should modify the invoicing policy of your product: Open the product, go to the \"Sales\" tab and modify invoicing policy from \"delivered quantities\" to \"ordered quantities\". For Services, you should modify the Service Invoicing Policy to 'Prepaid'.",
        &[(OdooVersion::V17, "Cannot create an invoice. No items are available to invoice.\n\nTo resolve this issue, please ensure that:\n   \u{2022} The products have been delivered before attempting to invoice them.\n   \u{2022} The invoicing policy of the product is configured correctly.\n\nIf you want to invoice based on ordered quantities instead:\n   \u{2022} For consumable or storable products, open the product, go to the 'General Information' tab and change the 'Invoicing Policy' from 'Delivered Quantities' to 'Ordered Quantities'.\n   \u{2022} For services (and other products), change the 'Invoicing Policy' to 'Prepaid/Fixed Price'.\n")],
    ))
}

/// `sale.advance.payment.inv.create_invoices`: a draft invoice per order of the context's
/// `active_ids` (or the wizard's `sale_order_ids`) with something to invoice.
pub(crate) fn create_invoices(
    play: &Play,
    call: &mut HandlerCall<'_>,
) -> Result<Value, EmulatorError> {
    for &wizard in &call.ids {
        let method =
            call.store
                .stored_value("sale.advance.payment.inv", wizard, "advance_payment_method");
        if let Some(method) = method.as_str().filter(|m| *m != "delivered") {
            return Err(EmulatorError::user_error(format!(
                "the emulator makes regular invoices only (advance_payment_method 'delivered'), not '{method}'"
            )));
        }
    }
    let mut orders = lookup::context_ids(&call.context, "active_ids");
    if orders.is_empty() {
        orders = call
            .ids
            .iter()
            .flat_map(|&w| x2many(call.store, "sale.advance.payment.inv", w, "sale_order_ids"))
            .collect();
    }
    call.store.check_exists("sale.order", &orders)?;
    let mut invoices = Vec::new();
    for &order in &orders {
        sale::refresh_order(call.store, order)?;
        invoices.extend(invoice_order(call.store, order)?);
    }
    if invoices.is_empty() {
        return Err(nothing_to_invoice(play.version));
    }
    Ok(answer(
        play.version,
        call.store,
        &invoices,
        orders.first().copied(),
    ))
}

/// The invoice of what an order has left to invoice, if anything.
fn invoice_order(store: &mut Store, order: i64) -> Result<Option<i64>, EmulatorError> {
    let lines: Vec<(i64, f64)> = x2many(store, "sale.order", order, "order_line")
        .into_iter()
        .map(|line| (line, sale::to_invoice(store, line)))
        .filter(|&(_, quantity)| quantity > 0.0)
        .collect();
    if lines.is_empty() {
        return Ok(None);
    }
    let total: f64 = lines
        .iter()
        .map(|&(line, quantity)| quantity * number(store, "sale.order.line", line, "price_unit"))
        .sum();
    let partner = many2one(store, "sale.order", order, "partner_invoice_id")
        .or_else(|| many2one(store, "sale.order", order, "partner_id"));
    let invoice = lookup::insert(
        store,
        INVOICE,
        json!({"name": "/", "move_type": "out_invoice", "state": "draft", "partner_id": partner,
               "invoice_origin": store.stored_value("sale.order", order, "name"),
               "date": lookup::today(), "amount_untaxed": total, "amount_tax": 0.0,
               "amount_total": total, "amount_residual": total, "payment_state": "not_paid"}),
    )?;
    let draft_name = format!("Draft Invoice (* {invoice})");
    lookup::write(
        store,
        INVOICE,
        &[invoice],
        json!({"display_name": draft_name}),
    )?;
    for (line, quantity) in lines {
        let price = number(store, "sale.order.line", line, "price_unit");
        lookup::insert(
            store,
            "account.move.line",
            json!({"move_id": invoice, "name": store.stored_value("sale.order.line", line, "name"),
                   "product_id": many2one(store, "sale.order.line", line, "product_id"),
                   "quantity": quantity, "price_unit": price, "price_subtotal": quantity * price,
                   "price_total": quantity * price, "sale_line_ids": [line]}),
        )?;
    }
    lookup::write(
        store,
        "sale.order",
        &[order],
        json!({"invoice_ids": [[4, invoice]]}),
    )?;
    sale::refresh_order(store, order)?;
    Ok(Some(invoice))
}

/// What `create_invoices` answers: 16 closes the wizard; 17 to 19 open the invoice (the list
/// of them when there are several).
fn answer(version: OdooVersion, store: &Store, invoices: &[i64], order: Option<i64>) -> Value {
    let mut action = answers::answer(version, Answer::Invoices);
    if action.get("res_model").is_none() {
        return action;
    }
    if let [invoice] = invoices {
        action["res_id"] = json!(invoice);
    } else {
        if let Value::Object(map) = &mut action {
            map.remove("res_id");
        }
        action["domain"] = json!([["id", "in", invoices]]);
    }
    if let Some(order) = order {
        let partner = many2one(store, "sale.order", order, "partner_id");
        action["context"]["default_partner_id"] = json!(partner);
        let shipping = many2one(store, "sale.order", order, "partner_shipping_id").or(partner);
        action["context"]["default_partner_shipping_id"] = json!(shipping);
        if action["context"].get("default_invoice_origin").is_some() {
            action["context"]["default_invoice_origin"] =
                store.stored_value("sale.order", order, "name");
        }
    }
    action
}

/// `account.move.action_post`: each draft entry is `posted` and numbered; answers `false`.
pub(crate) fn post(play: &Play, call: &mut HandlerCall<'_>) -> Result<Value, EmulatorError> {
    let ids = call.ids.clone();
    call.store.check_exists(INVOICE, &ids)?;
    for id in ids {
        let store = &mut *call.store;
        match store.stored_value(INVOICE, id, "state").as_str() {
            Some("posted") if play.version.has(Feature::RepostRefused) => {
                let name = store.display_name(INVOICE, id);
                return Err(EmulatorError::user_error(format!(
                    "The entry {name} (id {id}) is already posted."
                )));
            }
            Some("draft") | None => {}
            _ => continue,
        }
        let date = lookup::text(store, INVOICE, id, "invoice_date").unwrap_or_else(lookup::today);
        let name = next_number(store, &date);
        lookup::write(
            store,
            INVOICE,
            &[id],
            json!({"state": "posted", "name": name, "invoice_date": date}),
        )?;
    }
    Ok(json!(false))
}

/// The next invoice number of the year of `date`: `INV/<year>/<00001>`.
fn next_number(store: &Store, date: &str) -> String {
    let prefix = format!("INV/{}/", date.get(..4).unwrap_or("2026"));
    let taken = store
        .ids(INVOICE)
        .into_iter()
        .filter_map(|i| lookup::text(store, INVOICE, i, "name"))
        .filter_map(|name| name.strip_prefix(&prefix)?.parse::<u32>().ok())
        .max()
        .unwrap_or(0);
    format!("{prefix}{:05}", taken + 1)
}
