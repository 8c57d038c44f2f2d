//! Business flows the emulator plays on request ([`Flow`]): their models, the records
//! they need, and the buttons and wizards they answer as the version played does.

mod answers;
mod base;
mod documents;
mod inventory;
mod invoice;
mod lookup;
mod payment;
mod picking;
mod sale;
mod schema;
mod stock_level;
mod validate;

use std::collections::{BTreeSet, HashMap};
use std::sync::atomic::AtomicBool;
use std::sync::Arc;

use serde_json::Value;

use crate::Feature;
use crate::{EmulatorError, Handler, HandlerCall, OdooVersion, SetupError, Store};
use odoo_schema::Schema;

pub(crate) use schema::flow_schema;

/// A business flow the emulator plays on request: the buttons and wizards of order to cash,
/// stock and documents, answering as the Odoo version played does, on any schema.
///
/// A flow is enabled in one line, [`EmulatorBuilder::flow`](crate::EmulatorBuilder::flow) or
/// [`EmulatorBuilder::flows`](crate::EmulatorBuilder::flows):
///
/// ```
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// # tokio::runtime::Builder::new_current_thread().enable_all().build()?.block_on(async {
/// use odoo_emulator::{Emulator, Flow, OdooVersion};
///
/// let emu = Emulator::demo_builder(OdooVersion::V18).flows(Flow::ALL).start().await?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// # })
/// # }
/// ```
///
/// When the flows are installed (at [`start`](crate::EmulatorBuilder::start)):
///
/// - **Models and fields.** Each flow adds the models and fields it reads and writes that the
///   schema lacks, from a trimmed snapshot of the played version shipped with the crate (taken
///   from `fields_get` of Odoo 16 to 19 servers with `sale_management`, `stock` and `account`).
///   A model or field the schema has is kept as it is; an added relational field whose target
///   model is in neither schema is left out. [`Flow::models`] lists them.
/// - **Records.** The records every database with these applications has are seeded when the
///   schema has their model and the store has none of its records (they are seeded after the
///   builder's records): a company `YourCompany`, a warehouse `WH` with its locations
///   (`WH/Stock`, `Partners/Customers`, `Partners/Vendors`, `Virtual Locations/Inventory
///   adjustment`; on 19 `Customers`, `Vendors`, `Inventory adjustment`), the picking types
///   `Receipts` and `Delivery Orders`, a unit of measure `Units` (when the schema has
///   `uom.uom`), with Odoo's external IDs (`base.main_company`, `stock.warehouse0`,
///   `stock.stock_location_stock`, `stock.stock_location_customers`,
///   `stock.stock_location_suppliers`, `stock.picking_type_in`, `stock.picking_type_out`,
///   `uom.product_uom_unit`), and the report actions of [`Flow::Documents`].
/// - **Methods.** The flow's buttons are registered as methods, unless one of the same model
///   and name was registered with [`EmulatorBuilder::method`](crate::EmulatorBuilder::method):
///   the user's win. [`Flow::methods`] lists them.
///
/// What `create` fills in on these models when a value is not given is built in (it does not
/// need a flow): a transfer's locations and name (`WH/IN/00001`) from its picking type, a
/// move's locations, picking type, description, unit and date from its transfer and product,
/// a quant's date, an order's warehouse, an invoice's date, the payment wizard's date; and,
/// on every model, the call's context `default_<field>` values, as Odoo does (the wizards'
/// actions carry their records that way: `default_pick_ids`, `default_order_id`).
///
/// # What each flow plays
///
/// [`Flow::OrderToCash`] (everything [`Flow::Stock`] plays for transfers comes with it):
///
/// - `sale.order.action_confirm`: the order is `sale` and gets one delivery (`WH/OUT/00001`,
///   picking type `Delivery Orders`, from `WH/Stock` to `Partners/Customers`, the shipping
///   address as contact) with a move per line of a product that is not a service, reserved as
///   [`Flow::Stock`] reserves. An order the version does not confirm (done or cancelled on
///   16; not a quotation from 17) is refused with the version's message.
/// - the delivery's validation, as [`Flow::Stock`] plays it, with the text-message wizard;
///   validating it sets the order lines' `qty_delivered` and the order's `invoice_status`.
/// - `sale.advance.payment.inv.create_invoices` for the orders of `active_ids` (regular
///   invoices only): one draft customer invoice per order (named `/` until posted), a line
///   per order line with a quantity to invoice at the line's unit price, no taxes. The
///   quantity to invoice is the delivered quantity (`invoice_policy` `delivery`) or the
///   ordered one (`order`) less what was invoiced; a product without `invoice_policy` is
///   invoiced on delivery, a service on order. Nothing to invoice is refused with the
///   version's message.
///   16 answers `ir.actions.act_window_close`, 17 to 19 the window on the invoice they
///   recorded.
/// - `account.move.action_post`: `posted`, numbered `INV/<year>/<00001>`, `invoice_date`
///   today when empty; answers `false`. 16 refuses to post a posted entry.
/// - `account.payment.register.action_create_payments` for the invoices of `active_ids`: one
///   `account.payment` of the wizard's `amount` (the amount due when not set; `posted` on
///   16 and 17, `paid` from 18, named `PBNK1/<year>/<00001>`), which lowers
///   `amount_residual`; the invoice is `paid` when nothing is left, else `partial`. Answers
///   the window on the payment.
/// - `sale.order.action_cancel`: on 16 to 18 a confirmed order answers the cancel wizard
///   (unless the context has `disable_cancel_warning`), whose `action_cancel` cancels the
///   order of the context's `default_order_id`; 19 cancels at once. Cancelling cancels the
///   order's transfers that are not done and its draft invoices.
///
/// [`Flow::Stock`]:
///
/// - `stock.picking.action_confirm` (draft moves confirmed; a receipt, whose source is not an
///   internal location, is reserved at once), `action_assign` (reserves what is on hand),
///   `button_validate`, answering the wizards of the version: on 16 the immediate transfer
///   (nothing done yet; its `process` sets the done quantities to the reserved ones), then on
///   every version the backorder confirmation (less done than ordered; `process` keeps a
///   backorder, `process_cancel_backorder` does not), then the text-message wizard for a
///   delivery to a contact with a `phone` or `mobile`, until it is answered once in the
///   emulator's life (`send_sms` and `dont_send_sms` both validate). Validating an empty
///   transfer, or one without any quantity, is refused with the version's message.
///   The done quantity is `quantity_done` on 16, and `quantity` of a `picked` move from 17
///   (when none is picked, every move is, as Odoo does).
/// - `stock.quant.action_apply_inventory`: the counted `inventory_quantity` becomes the
///   quant's `quantity` (and moves the product's `qty_available` by the difference, for any
///   product), through a done move from or to the inventory adjustment location
///   (`is_inventory`); the count is cleared; answers `null`.
/// - Stock levels: a done move of a storable product (`type` `product` on 16 and 17,
///   `is_storable` from 18) changes the quants of its internal locations, and the product's
///   (and its template's) `qty_available` by the same amount.
///
/// [`Flow::Documents`]: reports and attachments are built in (see the crate's table of
/// routes); the flow adds `ir.attachment` and `ir.actions.report` when the schema lacks them,
/// with the report actions `sale.action_report_saleorder`, `account.account_invoices`,
/// `account.account_invoices_without_payment` and `stock.action_report_delivery` (for the
/// models the schema has), so that `Client::report_by_xmlid` finds them.
///
/// # What they do not play
///
/// Taxes, prices from pricelists, down payments, journals and journal items other than the
/// invoice lines, reconciliation, multiple companies, units of measure conversions, lots,
/// packages, routes (one step delivery only), returns, `virtual_available`, the reserved
/// quantity of quants (reservations are computed from the open moves), merging a quant
/// created for a product and location that already has one (the counted quantity replaces the
/// location's quantity when applied, and the other quants of that product and location are
/// removed), the chatter, e-mails and text messages. A product without `type` or
/// `is_storable` is a consumable: it is always available and has no quants.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum Flow {
    /// Quotation to paid invoice: confirmation and delivery, the validation wizards,
    /// invoicing, posting, payment, cancellation.
    OrderToCash,
    /// Transfers (receipts, deliveries) and their wizards, inventory adjustments, stock
    /// levels.
    Stock,
    /// Reports and attachments: their models and the report actions.
    Documents,
}

impl Flow {
    /// Every flow.
    pub const ALL: [Flow; 3] = [Flow::OrderToCash, Flow::Stock, Flow::Documents];

    /// The models the flow needs on `version`: those the schema lacks are added, and the
    /// fields the flow uses are added to those it has.
    pub fn models(self, version: OdooVersion) -> Vec<&'static str> {
        const STOCK: &[&str] = &[
            "res.company",
            "res.partner",
            "product.template",
            "product.product",
            "stock.warehouse",
            "stock.location",
            "stock.picking.type",
            "stock.picking",
            "stock.move",
            "stock.quant",
            "stock.backorder.confirmation",
            "confirm.stock.sms",
        ];
        const SALES: &[&str] = &[
            "sale.order",
            "sale.order.line",
            "sale.advance.payment.inv",
            "account.move",
            "account.move.line",
            "account.payment",
            "account.payment.register",
        ];
        let mut models: Vec<&'static str> = match self {
            Flow::OrderToCash => STOCK.iter().chain(SALES).copied().collect(),
            Flow::Stock => STOCK.to_vec(),
            Flow::Documents => vec!["ir.attachment", "ir.actions.report"],
        };
        if self != Flow::Documents && version.has(Feature::ImmediateTransfer) {
            models.push("stock.immediate.transfer");
        }
        if self == Flow::OrderToCash && version.has(Feature::SaleOrderCancelWizard) {
            models.push("sale.order.cancel");
        }
        models
    }

    /// The methods the flow plays on `version`, as `(model, method)`.
    pub fn methods(self, version: OdooVersion) -> Vec<(&'static str, &'static str)> {
        const PICKING: &[(&str, &str)] = &[
            ("stock.picking", "action_confirm"),
            ("stock.picking", "action_assign"),
            ("stock.picking", "button_validate"),
            ("stock.backorder.confirmation", "process"),
            ("stock.backorder.confirmation", "process_cancel_backorder"),
            ("confirm.stock.sms", "send_sms"),
            ("confirm.stock.sms", "dont_send_sms"),
        ];
        let mut methods = match self {
            Flow::Documents => return Vec::new(),
            Flow::Stock => vec![("stock.quant", "action_apply_inventory")],
            Flow::OrderToCash => vec![
                ("sale.order", "action_confirm"),
                ("sale.order", "action_cancel"),
                ("sale.advance.payment.inv", "create_invoices"),
                ("account.move", "action_post"),
                ("account.payment.register", "action_create_payments"),
            ],
        };
        methods.extend_from_slice(PICKING);
        if version.has(Feature::ImmediateTransfer) {
            methods.push(("stock.immediate.transfer", "process"));
        }
        if self == Flow::OrderToCash && version.has(Feature::SaleOrderCancelWizard) {
            methods.push(("sale.order.cancel", "action_cancel"));
        }
        methods
    }
}

/// What the handlers of an emulator's flows share: the version played, and whether the
/// company was already asked about text messages.
#[derive(Debug)]
pub(crate) struct Play {
    pub(crate) version: OdooVersion,
    pub(crate) sms_answered: AtomicBool,
}

impl Play {
    /// Whether the version has the immediate transfer (and done quantities in
    /// `quantity_done`): Odoo 16.
    pub(crate) fn v16(&self) -> bool {
        self.version.has(Feature::ImmediateTransfer)
    }
}

/// Adds to `schema` the models and fields the flows need on `version`.
pub(crate) fn extend_schema(
    flows: &BTreeSet<Flow>,
    version: OdooVersion,
    schema: &mut Schema,
) -> Result<(), SetupError> {
    if flows.is_empty() {
        return Ok(());
    }
    let from = flow_schema(version)?;
    let wanted: BTreeSet<&str> = flows.iter().flat_map(|f| f.models(version)).collect();
    crate::schema_fill::fill(schema, &from, |model| wanted.contains(model));
    Ok(())
}

/// Seeds the records the flows need that the store lacks.
pub(crate) fn seed(flows: &BTreeSet<Flow>, store: &mut Store) -> Result<(), EmulatorError> {
    if flows.is_empty() {
        return Ok(());
    }
    base::seed(store)?;
    if flows.contains(&Flow::Documents) {
        documents::seed(store)?;
    }
    Ok(())
}

type Button = fn(&Play, &mut HandlerCall<'_>) -> Result<Value, EmulatorError>;

/// The method of the flows named `model.method`.
fn button(model: &str, method: &str) -> Option<Button> {
    Some(match (model, method) {
        ("sale.order", "action_confirm") => sale::confirm,
        ("sale.order", "action_cancel") => sale::cancel,
        ("sale.order.cancel", "action_cancel") => sale::cancel_wizard,
        ("sale.advance.payment.inv", "create_invoices") => invoice::create_invoices,
        ("account.move", "action_post") => invoice::post,
        ("account.payment.register", "action_create_payments") => payment::create_payments,
        ("stock.picking", "action_confirm") => picking::confirm_button,
        ("stock.picking", "action_assign") => picking::assign_button,
        ("stock.picking", "button_validate") => validate::button_validate,
        ("stock.backorder.confirmation", "process") => validate::backorder_process,
        ("stock.backorder.confirmation", "process_cancel_backorder") => validate::backorder_cancel,
        ("stock.immediate.transfer", "process") => validate::immediate_process,
        ("confirm.stock.sms", "send_sms" | "dont_send_sms") => validate::sms_answered,
        ("stock.quant", "action_apply_inventory") => inventory::apply,
        _ => return None,
    })
}

/// The handlers of the flows' methods on `version`, by `(model, method)`.
pub(crate) fn handlers(
    flows: &BTreeSet<Flow>,
    version: OdooVersion,
) -> HashMap<(String, String), Handler> {
    let play = Arc::new(Play {
        version,
        sms_answered: AtomicBool::new(false),
    });
    let mut out: HashMap<(String, String), Handler> = HashMap::new();
    for flow in flows {
        for (model, method) in flow.methods(version) {
            let Some(button) = button(model, method) else {
                continue;
            };
            let play = Arc::clone(&play);
            let handler: Handler = Arc::new(move |call: &mut HandlerCall<'_>| button(&play, call));
            out.insert((model.to_owned(), method.to_owned()), handler);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_method_of_every_flow_has_its_button() {
        for version in OdooVersion::ALL {
            for flow in Flow::ALL {
                for (model, method) in flow.methods(version) {
                    assert!(button(model, method).is_some(), "{model}.{method}");
                }
            }
        }
    }

    #[test]
    fn the_shipped_schemas_have_every_model_of_every_flow() {
        for version in OdooVersion::ALL {
            let schema = flow_schema(version).expect("the flow schema parses");
            for flow in Flow::ALL {
                for model in flow.models(version) {
                    assert!(schema.model(model).is_some(), "{version}: {model}");
                }
            }
        }
    }
}
