//! The order-to-cash recipe, step by step, on Odoo 16 to 19: a quotation, confirmed; its
//! delivery partly done (Odoo asks, through a wizard, whether to keep a backorder); the
//! delivered quantities invoiced through the advance-payment wizard; the invoice posted and
//! paid through the payment wizard. Then a second order is cancelled (through a wizard on 16
//! to 18) and deleted.
//!
//! Where the versions differ, the code says so where it happens:
//! - a move's done quantity is `quantity_done` on 16, and `quantity` with `picked` from 17;
//! - the advance-payment wizard closes itself on 16 and opens the invoice from 17;
//! - cancelling a confirmed order answers a `sale.order.cancel` wizard on 16 to 18.

use odoo_core::action::Action;
use odoo_core::{json, Client, Value, Wizard};

use crate::BoxError;

/// What the recipe did: the ids of each record it made, and the wizards it went through.
#[derive(Debug, Default)]
pub struct OrderToCash {
    /// The Odoo major version.
    pub major: u32,
    /// The sale order.
    pub order: i64,
    /// The delivery.
    pub picking: i64,
    /// The backorder left for the quantities not delivered.
    pub backorders: Vec<i64>,
    /// The wizard models answered while validating the delivery, in order.
    pub delivery_wizards: Vec<String>,
    /// The invoice.
    pub invoice: i64,
    /// Its amount, and what is left to pay after the payment.
    pub amount_total: f64,
    /// What is left to pay.
    pub amount_residual: f64,
    /// The invoice's payment state after the payment (`paid`, or `in_payment` until a bank
    /// statement matches it, depending on the company's accounts).
    pub payment_state: String,
    /// The payment.
    pub payment: i64,
    /// The order that was cancelled and deleted.
    pub cancelled_order: i64,
    /// Whether cancelling it went through the `sale.order.cancel` wizard.
    pub cancel_wizard: bool,
}

async fn call(client: &Client, model: &str, method: &str, ids: &[i64]) -> Result<Action, BoxError> {
    Ok(client
        .execute_kw_as(model, method, json!([ids]), json!({}))
        .await?)
}

async fn read_one(
    client: &Client,
    model: &str,
    id: i64,
    fields: &[&str],
) -> Result<Value, BoxError> {
    let rows: Vec<Value> = client
        .read(model, &[id], fields, odoo_core::ReadOptions::new())
        .await?;
    rows.into_iter()
        .next()
        .ok_or_else(|| format!("{model} {id} not found").into())
}

fn ids(value: &Value) -> Vec<i64> {
    value
        .as_array()
        .map(|ids| ids.iter().filter_map(Value::as_i64).collect())
        .unwrap_or_default()
}

/// A quotation of two lines (3 and 2 units) for a company, confirmed; its id.
async fn confirmed_order(
    client: &Client,
    customer: i64,
    products: &[i64],
) -> Result<i64, BoxError> {
    let order = client
        .create(
            "sale.order",
            json!({
                "partner_id": customer,
                "client_order_ref": "odoo-rs order to cash",
                "order_line": [
                    [0, 0, {"product_id": products[0], "product_uom_qty": 3.0}],
                    [0, 0, {"product_id": products[1], "product_uom_qty": 2.0}],
                ],
            }),
        )
        .await?;
    // `action_confirm` answers `true`: a plain value, not an action.
    let confirmed = call(client, "sale.order", "action_confirm", &[order]).await?;
    if !confirmed.is_finished() {
        return Err(format!("action_confirm answered {confirmed:?}").into());
    }
    Ok(order)
}

/// Runs the recipe, printing each step through `log`.
pub async fn run(client: &Client, mut log: impl FnMut(String)) -> Result<OrderToCash, BoxError> {
    let major = client.server_version().major;
    let mut done = OrderToCash {
        major,
        ..OrderToCash::default()
    };
    let customer = *client
        .search(
            "res.partner",
            json!([["is_company", "=", true]]),
            odoo_core::SearchOptions::new().limit(1),
        )
        .await?
        .first()
        .ok_or("no company to sell to")?;
    // Goods, not services, so that the order makes a delivery.
    let products = client
        .search(
            "product.product",
            json!([["sale_ok", "=", true], ["type", "!=", "service"]]),
            odoo_core::SearchOptions::new().limit(2).order("id"),
        )
        .await?;
    if products.len() < 2 {
        return Err("fewer than two saleable goods".into());
    }

    // 1. The quotation, confirmed.
    done.order = confirmed_order(client, customer, &products).await?;
    log(format!("sale.order {} confirmed", done.order));

    // 2. The delivery: 1 of the 3 units of the first line, all of the second.
    let order = read_one(client, "sale.order", done.order, &["picking_ids"]).await?;
    done.picking = *ids(&order["picking_ids"])
        .first()
        .ok_or("the order made no delivery")?;
    let picking = read_one(client, "stock.picking", done.picking, &["move_ids"]).await?;
    let moves: Vec<Value> = client
        .read(
            "stock.move",
            &ids(&picking["move_ids"]),
            &["product_uom_qty"],
            odoo_core::ReadOptions::new(),
        )
        .await?;
    for (index, line) in moves.iter().enumerate() {
        let id = line["id"].as_i64().ok_or("a move without id")?;
        let quantity = if index == 0 {
            1.0
        } else {
            line["product_uom_qty"].as_f64().unwrap_or(1.0)
        };
        // The done quantity: `quantity_done` on 16; `quantity`, marked `picked`, from 17.
        let values = if major <= 16 {
            json!({"quantity_done": quantity})
        } else {
            json!({"quantity": quantity, "picked": true})
        };
        client.write("stock.move", &[id], values).await?;
    }

    // 3. Validate it. Odoo answers wizards until it is done: whether to keep a backorder for
    //    the missing units (yes: `process`), and on some databases whether to text the
    //    customer (no: `dont_send_sms`, on a wizard record the server made itself).
    let mut answer = call(client, "stock.picking", "button_validate", &[done.picking]).await?;
    while let Some(wizard) = answer.as_wizard() {
        let button = match wizard.res_model.as_str() {
            "stock.backorder.confirmation" => "process",
            "confirm.stock.sms" => "dont_send_sms",
            "stock.immediate.transfer" => "process",
            other => {
                return Err(format!("validating the delivery opened the wizard {other}").into())
            }
        };
        log(format!("{} -> {button}", wizard.res_model));
        done.delivery_wizards.push(wizard.res_model.clone());
        answer = Wizard::from_action(client, wizard).run(button).await?;
    }
    let picking = read_one(
        client,
        "stock.picking",
        done.picking,
        &["state", "backorder_ids"],
    )
    .await?;
    done.backorders = ids(&picking["backorder_ids"]);
    log(format!(
        "stock.picking {} {}, backorders {:?}",
        done.picking, picking["state"], done.backorders
    ));

    // 4. Invoice what was delivered, through the wizard the "Create invoice" button opens
    //    on the order. 16 closes the wizard; 17 and later open the new invoice.
    let answer = Wizard::new(client, "sale.advance.payment.inv")
        .active("sale.order", &[done.order])
        .value("advance_payment_method", "delivered")
        .run("create_invoices")
        .await?;
    done.invoice = match answer.as_window().and_then(|window| window.res_id) {
        Some(invoice) => invoice,
        None => {
            let order = read_one(client, "sale.order", done.order, &["invoice_ids"]).await?;
            *ids(&order["invoice_ids"])
                .last()
                .ok_or("no invoice was made")?
        }
    };

    // 5. Post it (`action_post` answers `false` on every version).
    call(client, "account.move", "action_post", &[done.invoice]).await?;

    // 6. Pay it in full through the payment wizard opened on the invoice; it answers a
    //    window on the new payment.
    let answer = Wizard::new(client, "account.payment.register")
        .active("account.move", &[done.invoice])
        .run("action_create_payments")
        .await?;
    done.payment = answer
        .as_window()
        .and_then(|window| window.res_id)
        .ok_or_else(|| format!("the payment wizard answered {answer:?}"))?;
    let invoice = read_one(
        client,
        "account.move",
        done.invoice,
        &["amount_total", "amount_residual", "payment_state"],
    )
    .await?;
    done.amount_total = invoice["amount_total"].as_f64().unwrap_or_default();
    done.amount_residual = invoice["amount_residual"].as_f64().unwrap_or(f64::NAN);
    done.payment_state = invoice["payment_state"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    log(format!(
        "account.move {} posted and paid by account.payment {}: {} of {} left, {}",
        done.invoice, done.payment, done.amount_residual, done.amount_total, done.payment_state
    ));

    // 7. Cancel another confirmed order, then delete it. 16 to 18 answer a wizard that
    //    offers to mail the customer; its own `action_cancel` cancels.
    done.cancelled_order = confirmed_order(client, customer, &products).await?;
    let answer = call(
        client,
        "sale.order",
        "action_cancel",
        &[done.cancelled_order],
    )
    .await?;
    if let Some(wizard) = answer.as_wizard() {
        done.cancel_wizard = true;
        log(format!("{} -> action_cancel", wizard.res_model));
        Wizard::from_action(client, wizard)
            .run("action_cancel")
            .await?;
    }
    let order = read_one(client, "sale.order", done.cancelled_order, &["state"]).await?;
    if order["state"] != "cancel" {
        return Err(format!("the order is {} after action_cancel", order["state"]).into());
    }
    client.unlink("sale.order", &[done.cancelled_order]).await?;
    log(format!(
        "sale.order {} cancelled and deleted",
        done.cancelled_order
    ));
    Ok(done)
}
