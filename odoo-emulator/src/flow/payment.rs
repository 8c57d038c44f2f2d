//! Payments: the payment wizard of invoices (`account.payment.register`).

use serde_json::{json, Value};

use super::answers::{self, Answer};
use super::lookup::{self, many2one, number};
use super::Play;
use crate::Feature;
use crate::{EmulatorError, HandlerCall, OdooVersion, Store};

const INVOICE: &str = "account.move";

/// Why the invoices cannot be paid, as each version says it: one is not posted, or nothing is
/// left to pay.
fn refusal(store: &Store, version: OdooVersion, invoices: &[i64]) -> Option<EmulatorError> {
    let posted = |&i: &i64| store.stored_value(INVOICE, i, "state") == "posted";
    if invoices.is_empty() || !invoices.iter().all(posted) {
        return Some(EmulatorError::user_error(version.pick(
            "You can only register payment for posted journal entries.",
            &[(
                OdooVersion::V18,
                "You can't open the register payment wizard without at least one receivable/payable line.",
            )],
        )));
    }
    let due: f64 = invoices
        .iter()
        .map(|&i| number(store, INVOICE, i, "amount_residual"))
        .sum();
    (due <= 0.0).then(|| {
        EmulatorError::user_error(version.pick(
            "You can't register a payment because there is nothing left to pay on the selected journal items.",
            &[(
                OdooVersion::V19,
                "There's nothing left to pay for the selected journal items, so no payment registration is necessary. You've got your finances under control like a boss!",
            )],
        ))
    })
}

/// `account.payment.register.action_create_payments`: one payment of the wizard's `amount`
/// (the amount due when not set) for the invoices of the context's `active_ids`, paid to them
/// in order; answers the window on the payment.
pub(crate) fn create_payments(
    play: &Play,
    call: &mut HandlerCall<'_>,
) -> Result<Value, EmulatorError> {
    let invoices = lookup::context_ids(&call.context, "active_ids");
    call.store.check_exists(INVOICE, &invoices)?;
    if let Some(error) = refusal(call.store, play.version, &invoices) {
        return Err(error);
    }
    let store = &mut *call.store;
    let due: f64 = invoices
        .iter()
        .map(|&i| number(store, INVOICE, i, "amount_residual"))
        .sum();
    let asked: f64 = call
        .ids
        .iter()
        .map(|&w| number(store, "account.payment.register", w, "amount"))
        .sum();
    let amount = if asked > 0.0 { asked } else { due };
    let state = if play.version.has(Feature::PaymentStatePaid) {
        "paid"
    } else {
        "posted"
    };
    let date = lookup::today();
    let payment = lookup::insert(
        store,
        "account.payment",
        json!({"name": next_number(store, &date), "amount": amount, "state": state,
               "partner_id": invoices.first().and_then(|&i| many2one(store, INVOICE, i, "partner_id")),
               "payment_type": "inbound", "partner_type": "customer", "date": date}),
    )?;
    let mut left = amount;
    for &invoice in &invoices {
        let residual = number(store, INVOICE, invoice, "amount_residual");
        let paid = left.min(residual);
        left -= paid;
        let rest = residual - paid;
        let payment_state = if rest <= 0.0 { "paid" } else { "partial" };
        let vals = json!({"amount_residual": rest.max(0.0), "payment_state": payment_state});
        lookup::write(store, INVOICE, &[invoice], vals)?;
    }
    let mut action = answers::answer(play.version, Answer::Payments);
    action["res_id"] = json!(payment);
    Ok(action)
}

/// The next payment number of the year of `date`: `PBNK1/<year>/<00001>`.
fn next_number(store: &Store, date: &str) -> String {
    let prefix = format!("PBNK1/{}/", date.get(..4).unwrap_or("2026"));
    let count = store.ids("account.payment").len();
    format!("{prefix}{:05}", count + 1)
}
