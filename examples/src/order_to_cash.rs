//! The order-to-cash recipe, step by step, on Odoo 16 to 19, typed end to end: a quotation,
//! confirmed; its delivery partly done (Odoo asks, through a wizard, whether to keep a
//! backorder); the delivered quantities invoiced through the advance-payment wizard; the
//! invoice posted and paid through the payment wizard. Then a second order is cancelled
//! (through a wizard on 16 to 18) and deleted.
//!
//! One build serves every version: the models come from the union of the four versions'
//! snapshots ([`crate::odoo`]), and where the versions differ the code asks the server:
//! a move's done quantity is `quantity_done` on 16, and `quantity` with `picked` from 17.

use odoo_core::types::{Command, SelectionValue};
use odoo_core::{Client, Model, Values, Wizard};

use crate::odoo::sale_advance_payment_inv::AdvancePaymentMethod;
use crate::odoo::{product_product::Type, sale_order::State};
use crate::odoo::{AccountMove, AccountPaymentRegister, ProductProduct, ResPartner};
use crate::odoo::{AccountPaymentRegisterMethods as PaymentRegister, SaleAdvancePaymentInv};
use crate::odoo::{SaleAdvancePaymentInvMethods, SaleOrder, SaleOrderCancelMethods};
use crate::odoo::{SaleOrderLine, StockBackorderConfirmationMethods as Backorder, StockMove};
use crate::odoo::{StockImmediateTransferMethods as ImmediateTransfer, StockPicking};
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

/// A quotation of two lines (3 and 2 units) for a company, confirmed; its id.
async fn confirmed_order(
    client: &Client,
    customer: i64,
    products: &[i64],
) -> Result<i64, BoxError> {
    let (o, line) = (SaleOrder::fields(), SaleOrderLine::fields());
    let lines = products.iter().zip([3.0, 2.0]).map(|(&product, qty)| {
        let values = Values::new().set(&line.product_id, product);
        Command::create(values.set(&line.product_uom_qty, qty))
    });
    let values = Values::new()
        .set(&o.partner_id, customer)
        .set(&o.client_order_ref, "odoo-rs order to cash")
        .set(&o.order_line, lines.collect::<Vec<_>>());
    let order = client.model::<SaleOrder>().create(&values).await?;
    let orders = client.methods::<SaleOrder>();
    orders.action_confirm(&[order]).await?;
    Ok(order)
}

/// Runs the recipe, printing each step through `log`.
pub async fn run(client: &Client, mut log: impl FnMut(String)) -> Result<OrderToCash, BoxError> {
    let major = client.server_version().major;
    let mut done = OrderToCash {
        major,
        ..OrderToCash::default()
    };
    let (o, s) = (SaleOrder::fields(), StockPicking::fields());
    let (m, i) = (StockMove::fields(), AccountMove::fields());
    let (r, p) = (ResPartner::fields(), ProductProduct::fields());
    let partners = client.model::<ResPartner>().search(r.is_company.eq(true));
    let customer = *partners.limit(1).ids().await?.first().ok_or("no company")?;
    // Goods, not services, so that the order makes a delivery.
    let goods = p.sale_ok.eq(true) & p.type_.ne(Type::Service);
    let goods = client.model::<ProductProduct>().search(goods);
    let products = goods.order(p.id.asc()).limit(2).ids().await?;
    if products.len() < 2 {
        return Err("fewer than two saleable goods".into());
    }

    // 1. The quotation, confirmed.
    done.order = confirmed_order(client, customer, &products).await?;
    log(format!("sale.order {} confirmed", done.order));

    // 2. The delivery: 1 of the 3 units of the first line, all of the second. The done
    //    quantity is `quantity_done` on 16; `quantity`, marked `picked`, from 17.
    let pickings = client.get_fields(done.order, &o.picking_ids).await?;
    done.picking = *pickings.ids().first().ok_or("the order made no delivery")?;
    let moves = client.get_fields(done.picking, &s.move_ids).await?;
    let moves = client.read_fields(moves.ids(), (&m.id, &m.product_uom_qty));
    for (index, (id, ordered)) in moves.await?.into_iter().enumerate() {
        let qty = if index == 0 { 1.0 } else { ordered };
        let values = match client.has(&m.quantity_done) {
            true => Values::new().set(&m.quantity_done, qty),
            false => Values::new().set(&m.quantity, qty).set(&m.picked, true),
        };
        client.model::<StockMove>().write(&[id], &values).await?;
    }

    // 3. Validate it. Odoo answers wizards until it is done: whether to keep a backorder for
    //    the missing units (yes: `process`), on 16 whether to set the quantities
    //    (`stock.immediate.transfer`), and on some databases whether to text the customer
    //    (no: `dont_send_sms`, a method no table knows: called by name).
    let pickings = client.methods::<StockPicking>();
    let mut answer = pickings.button_validate(&[done.picking]).await?;
    while let Some(action) = answer.as_wizard() {
        let wizard = Wizard::from_action(client, action);
        log(format!("{} answered", action.res_model));
        done.delivery_wizards.push(action.res_model.clone());
        answer = match action.res_model.as_str() {
            "stock.backorder.confirmation" => wizard.press(Backorder::process).await?,
            "stock.immediate.transfer" => wizard.press(ImmediateTransfer::process).await?,
            "confirm.stock.sms" => wizard.run("dont_send_sms").await?,
            other => return Err(format!("the delivery opened the wizard {other}").into()),
        };
    }
    let picking = (&s.state, &s.backorder_ids);
    let (state, backorders) = client.get_fields(done.picking, picking).await?;
    done.backorders = backorders.ids().to_vec();
    log(format!(
        "stock.picking {} {state:?}, backorders {backorders:?}",
        done.picking
    ));

    // 4. Invoice what was delivered, through the wizard the "Create invoice" button opens
    //    on the order (16 closes the wizard; 17 and later open the new invoice).
    let method = SaleAdvancePaymentInv::fields().advance_payment_method;
    Wizard::of::<SaleAdvancePaymentInv>(client)
        .active(SaleOrder::MODEL, &[done.order])
        .values(Values::new().set(&method, AdvancePaymentMethod::Delivered))
        .press(SaleAdvancePaymentInvMethods::create_invoices)
        .await?;
    let invoices = client.get_fields(done.order, &o.invoice_ids).await?;
    done.invoice = *invoices.ids().last().ok_or("no invoice was made")?;

    // 5. Post it, and pay it in full through the payment wizard opened on it, which answers
    //    a window on the new payment.
    let invoices = client.methods::<AccountMove>();
    invoices.action_post(&[done.invoice]).await?;
    let register = Wizard::of::<AccountPaymentRegister>(client);
    let register = register.active(AccountMove::MODEL, &[done.invoice]);
    let answer = register
        .press(PaymentRegister::action_create_payments)
        .await?;
    done.payment = answer
        .record()
        .ok_or_else(|| format!("the wizard answered {answer:?}"))?;
    let amounts = (&i.amount_total, &i.amount_residual, &i.payment_state);
    let (total, residual, state) = client.get_fields(done.invoice, amounts).await?;
    (done.amount_total, done.amount_residual) = (total, residual);
    done.payment_state = state
        .map(|state| state.key().to_string())
        .unwrap_or_default();
    log(format!(
        "account.move {} posted and paid by account.payment {}: {residual} of {total} left, {}",
        done.invoice, done.payment, done.payment_state
    ));

    // 6. Cancel another confirmed order, then delete it. 16 to 18 answer a wizard that
    //    offers to mail the customer; its own `action_cancel` cancels.
    let cancelled = confirmed_order(client, customer, &products).await?;
    done.cancelled_order = cancelled;
    let answer = client.methods::<SaleOrder>().action_cancel(&[cancelled]);
    if let Some(action) = answer.await?.as_wizard() {
        done.cancel_wizard = true;
        log(format!("{} -> action_cancel", action.res_model));
        let wizard = Wizard::from_action(client, action);
        wizard.press(SaleOrderCancelMethods::action_cancel).await?;
    }
    let state = client.get_fields(cancelled, &o.state).await?;
    if state != Some(State::Cancel) {
        return Err(format!("the order is {state:?} after action_cancel").into());
    }
    client.model::<SaleOrder>().unlink(&[cancelled]).await?;
    log(format!("sale.order {cancelled} cancelled and deleted"));
    Ok(done)
}
