//! The report actions of [`Flow::Documents`](super::Flow::Documents): `ir.actions.report`
//! records with their external IDs, for the models the schema has, as Odoo 16 to 19 name
//! them. The reports themselves are rendered by the server's report routes.

use serde_json::json;

use super::lookup;
use crate::{EmulatorError, OdooVersion, Store};

const ACTIONS: &str = "ir.actions.report";

/// `(external ID, model, report, print name)` of each report action.
const REPORTS: &[(&str, &str, &str, &str)] = &[
    (
        "sale.action_report_saleorder",
        "sale.order",
        "sale.report_saleorder",
        "(object.state in ('draft', 'sent') and 'Quotation - %s' % (object.name)) or 'Order - %s' % (object.name)",
    ),
    (
        "account.account_invoices",
        "account.move",
        "account.report_invoice_with_payments",
        "(object._get_report_base_filename())",
    ),
    (
        "account.account_invoices_without_payment",
        "account.move",
        "account.report_invoice",
        "(object._get_report_base_filename())",
    ),
    (
        "stock.action_report_delivery",
        "stock.picking",
        "stock.report_deliveryslip",
        "'Delivery Slip - %s - %s' % (object.partner_id.name or '', object.name)",
    ),
];

/// The action's name on `version`.
fn name(version: OdooVersion, xmlid: &str) -> &'static str {
    match xmlid {
        "sale.action_report_saleorder" => {
            version.pick("Quotation / Order", &[(OdooVersion::V17, "PDF Quote")])
        }
        "account.account_invoices" => version.pick(
            "Invoices",
            &[(OdooVersion::V18, "PDF"), (OdooVersion::V19, "Invoice PDF")],
        ),
        "account.account_invoices_without_payment" => version.pick(
            "Invoices without Payment",
            &[(OdooVersion::V18, "PDF without Payment")],
        ),
        _ => "Delivery Slip",
    }
}

/// Seeds the report actions the store lacks, for the models the schema has.
pub(crate) fn seed(store: &mut Store) -> Result<(), EmulatorError> {
    if store.schema().model(ACTIONS).is_none() {
        return Ok(());
    }
    for &(xmlid, model, report, print_name) in REPORTS {
        if store.schema().model(model).is_none() || store.xmlid_lookup(xmlid).is_some() {
            continue;
        }
        let vals = json!({"name": name(store.version(), xmlid), "model": model, "report_name": report,
                          "report_type": "qweb-pdf", "print_report_name": print_name});
        let id = lookup::insert(store, ACTIONS, vals)?;
        store.set_xmlid(xmlid, ACTIONS, id, true);
    }
    Ok(())
}
