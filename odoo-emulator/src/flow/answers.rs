//! The actions the flows' buttons answer, as Odoo 16 to 19 answered them (recorded in
//! `answers.json`): the wizards' windows with their view ids, the window on the new invoice,
//! on the payment, and on the cancel wizard. The flows fill in the records and the context.

use serde_json::Value;

use crate::OdooVersion;

const ANSWERS: &str = include_str!("answers.json");

/// A recorded answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Answer {
    /// `button_validate`: the backorder confirmation wizard.
    Backorder,
    /// `button_validate` on 16, nothing done yet: the immediate transfer wizard.
    Immediate,
    /// The text-message wizard (`confirm.stock.sms`).
    Sms,
    /// `create_invoices`: `act_window_close` on 16, the window on the invoice from 17.
    Invoices,
    /// `action_create_payments`: the window on the payment.
    Payments,
    /// `sale.order.action_cancel` on 16 to 18: the cancel wizard.
    Cancel,
}

impl Answer {
    fn key(self) -> &'static str {
        match self {
            Self::Backorder => "backorder",
            Self::Immediate => "immediate",
            Self::Sms => "sms",
            Self::Invoices => "invoices",
            Self::Payments => "payments",
            Self::Cancel => "cancel",
        }
    }
}

/// The answer `version` gave, or the newest recorded version before it (`null` when that
/// version has no such answer).
pub(crate) fn answer(version: OdooVersion, answer: Answer) -> Value {
    serde_json::from_str::<Value>(ANSWERS)
        .ok()
        .and_then(|all| {
            all.get(version.recorded().major().to_string())
                .and_then(|answers| answers.get(answer.key()))
                .cloned()
        })
        .unwrap_or(Value::Null)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Feature;

    #[test]
    fn every_version_has_its_answers() {
        for version in OdooVersion::ALL {
            for kind in [
                Answer::Backorder,
                Answer::Sms,
                Answer::Invoices,
                Answer::Payments,
            ] {
                assert!(answer(version, kind).is_object(), "{version}: {kind:?}");
            }
            let cancel = answer(version, Answer::Cancel);
            let wizard = version.has(Feature::SaleOrderCancelWizard);
            assert_eq!(cancel.is_object(), wizard, "{version}");
            let immediate = answer(version, Answer::Immediate);
            let wizard = version.has(Feature::ImmediateTransfer);
            assert_eq!(immediate.is_object(), wizard, "{version}");
        }
        assert_eq!(
            answer(OdooVersion::V16, Answer::Invoices)["type"],
            "ir.actions.act_window_close"
        );
    }
}
