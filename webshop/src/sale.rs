//! The order to cash: an order taken on the shop, delivered in part, invoiced for what was
//! delivered, posted and paid.

use odoo_core::types::{Command, DateTime, SelectionValue};
use odoo_core::{Client, Context, Model, Values, Wizard};

use crate::odoo::sale_advance_payment_inv::AdvancePaymentMethod;
use crate::odoo::{AccountMove, AccountPaymentRegister, SaleAdvancePaymentInv, SaleOrder};
use crate::odoo::{AccountPaymentRegisterMethods as PaymentRegister, SaleOrderLine};
use crate::odoo::{SaleAdvancePaymentInvMethods as Invoicing, StockMove, StockPicking};
use crate::odoo::{StockBackorderConfirmationMethods as Backorder, StockImmediateTransferMethods};
use crate::report::SaleReport;
use crate::{BoxError, Shop};

/// What the customer ordered (shop code, quantity) and what the warehouse could ship of it.
pub const ORDERED: [(&str, f64, f64); 2] = [("DESK", 2.0, 2.0), ("CHAIR", 3.0, 1.0)];

/// The order on the server.
#[derive(Debug, Clone)]
pub struct Sale {
    /// What the shop logs.
    pub report: SaleReport,
    /// The order's id.
    pub order: i64,
}

/// A selection's key, or an empty text for none.
fn key<T: SelectionValue>(value: Option<T>) -> String {
    value.map(|v| v.key().to_string()).unwrap_or_default()
}

/// Creates and confirms the order of [`ORDERED`] for `customer`, ships what the warehouse has
/// (keeping a backorder for the rest), invoices the shipped quantities, posts and pays.
pub async fn order_to_cash(
    client: &Client,
    shop: &Shop,
    customer: i64,
    products: &[(String, i64)],
) -> Result<Sale, BoxError> {
    let (o, line) = (SaleOrder::fields(), SaleOrderLine::fields());
    let product = |code: &str| products.iter().find(|(c, _)| c == code).map(|(_, id)| *id);
    let mut lines = Vec::new();
    for (code, qty, _) in ORDERED {
        let values = Values::new().set(&line.product_id, product(code).ok_or(code)?);
        lines.push(Command::create(values.set(&line.product_uom_qty, qty)));
    }
    let values = Values::new()
        .set(&o.partner_id, customer)
        .set(&o.client_order_ref, format!("WEB-{}-1", shop.tag))
        .set(&o.date_order, DateTime::now())
        .set(&o.order_line, lines);
    let order = client.model::<SaleOrder>().create(&values).await?;
    client
        .methods::<SaleOrder>()
        .action_confirm(&[order])
        .await?;
    let shown = (&o.state, &o.amount_untaxed, &o.picking_ids);
    let (order_state, amount_untaxed, pickings) = client.get_fields(order, shown).await?;
    let picking = *pickings.ids().first().ok_or("the order made no delivery")?;
    ship(client, products, picking).await?;
    let delivery_wizards = validate(client, picking).await?;
    let s = StockPicking::fields();
    let shown = (&s.state, &s.backorder_ids);
    let (delivery_state, backorders) = client.get_fields(picking, shown).await?;
    let invoice = invoice_and_pay(client, order).await?;
    Ok(Sale {
        report: SaleReport {
            order_state: key(order_state),
            amount_untaxed,
            delivery_wizards,
            delivery_state: key(delivery_state),
            backorders: backorders.ids().len(),
            invoice_untaxed: invoice.untaxed,
            invoice_state: invoice.state,
            residual: invoice.residual,
            payment_state: invoice.payment_state,
        },
        order,
    })
}

/// Sets each move's done quantity to what the warehouse ships: `quantity_done` on 16;
/// `quantity`, marked `picked`, from 17.
async fn ship(client: &Client, products: &[(String, i64)], picking: i64) -> Result<(), BoxError> {
    let (s, m) = (StockPicking::fields(), StockMove::fields());
    let moves = client.get_fields(picking, &s.move_ids).await?;
    let moves = client
        .read_fields(moves.ids(), (&m.id, &m.product_id))
        .await?;
    for (id, moved) in moves {
        let code = products.iter().find(|(_, p)| *p == moved.id());
        let code = code
            .map(|(code, _)| code.as_str())
            .ok_or("a move of another product")?;
        let shipped = ORDERED
            .iter()
            .find(|(c, ..)| *c == code)
            .map_or(0.0, |o| o.2);
        let values = match client.has(&m.quantity_done) {
            true => Values::new().set(&m.quantity_done, shipped),
            false => Values::new().set(&m.quantity, shipped).set(&m.picked, true),
        };
        client.model::<StockMove>().write(&[id], &values).await?;
    }
    Ok(())
}

/// Validates the delivery, answering Odoo's wizards: keep a backorder (`process`), and on 16
/// set the quantities (`stock.immediate.transfer`).
async fn validate(client: &Client, picking: i64) -> Result<Vec<String>, BoxError> {
    let mut wizards = Vec::new();
    // The shop tells its customers itself: Odoo is not to text them (`skip_sms`).
    let quiet = Context::new().with("skip_sms", true);
    let validate = client.methods::<StockPicking>().button_validate(&[picking]);
    let mut answer = validate.context(quiet).await?;
    while let Some(action) = answer.as_wizard() {
        let wizard = Wizard::from_action(client, action);
        wizards.push(action.res_model.clone());
        answer = match action.res_model.as_str() {
            "stock.backorder.confirmation" => wizard.press(Backorder::process).await?,
            "stock.immediate.transfer" => {
                wizard.press(StockImmediateTransferMethods::process).await?
            }
            other => return Err(format!("the delivery opened the wizard {other}").into()),
        };
    }
    Ok(wizards)
}

/// Invoices the delivered quantities through the "Create invoice" wizard, posts the invoice
/// and pays it in full through the payment wizard.
async fn invoice_and_pay(client: &Client, order: i64) -> Result<Invoice, BoxError> {
    let method = SaleAdvancePaymentInv::fields().advance_payment_method;
    Wizard::of::<SaleAdvancePaymentInv>(client)
        .active(SaleOrder::MODEL, &[order])
        .values(Values::new().set(&method, AdvancePaymentMethod::Delivered))
        .press(Invoicing::create_invoices)
        .await?;
    let o = SaleOrder::fields();
    let invoices = client.get_fields(order, &o.invoice_ids).await?;
    let invoice = *invoices.ids().last().ok_or("no invoice was made")?;
    client
        .methods::<AccountMove>()
        .action_post(&[invoice])
        .await?;
    Wizard::of::<AccountPaymentRegister>(client)
        .active(AccountMove::MODEL, &[invoice])
        .press(PaymentRegister::action_create_payments)
        .await?;
    let i = AccountMove::fields();
    let shown = (
        &i.amount_untaxed,
        &i.state,
        &i.amount_residual,
        &i.payment_state,
    );
    let (total, state, residual, payment) = client.get_fields(invoice, shown).await?;
    Ok(Invoice {
        untaxed: total,
        state: key(Some(state)),
        residual,
        payment_state: key(payment),
    })
}

/// The invoice once paid.
struct Invoice {
    untaxed: f64,
    state: String,
    residual: f64,
    payment_state: String,
}
