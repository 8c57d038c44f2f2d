//! What a run reports: what the shop would log, without ids or times, so that two servers that
//! behave alike give equal reports.

use serde::{Deserialize, Serialize};

/// Everything one [`run`](crate::run) saw.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// The Odoo major version.
    pub major: u32,
    /// Products upserted by code.
    pub catalogue: CatalogueReport,
    /// The customer saved under an external ID.
    pub customer: CustomerReport,
    /// On-hand quantities after the inventory adjustment, by the shop's code.
    pub stock: Vec<(String, f64)>,
    /// The order, from quotation to payment.
    pub sale: SaleReport,
    /// The packing list attached to the order.
    pub documents: DocumentsReport,
    /// The note posted on the order.
    pub chatter: ChatterReport,
    /// The incremental export of the products.
    pub export: ExportReport,
    /// Ordered and delivered quantities per product code: (code, ordered, delivered).
    pub grouped: Vec<(String, f64, f64)>,
    /// The order seen in company contexts.
    pub company: CompanyReport,
    /// What the server refused.
    pub refusals: RefusalsReport,
    /// On-hand quantities at the end, by the shop's code.
    pub on_hand: Vec<(String, f64)>,
}

/// Created, updated and unchanged records of an upsert.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    /// Created.
    pub created: usize,
    /// Written.
    pub updated: usize,
    /// Left alone.
    pub unchanged: usize,
}

/// The products.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CatalogueReport {
    /// The first upsert of the catalogue.
    pub first: Counts,
    /// The same rows again, one price changed.
    pub second: Counts,
    /// Each product's display name, in code order.
    pub display_names: Vec<String>,
    /// The display name `name_search` finds for the desk's code.
    pub found_by_code: Vec<String>,
}

/// The customer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CustomerReport {
    /// Whether saving it a second time under the same external ID kept the same record.
    pub same_record_on_second_save: bool,
    /// The contact's display name.
    pub contact_display_name: String,
    /// Its country's code, set through the country's external ID.
    pub country_code: Option<String>,
}

/// The order to cash.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SaleReport {
    /// The order's state once confirmed.
    pub order_state: String,
    /// The order's untaxed amount.
    pub amount_untaxed: f64,
    /// The wizards Odoo opened while the delivery was validated, in order.
    pub delivery_wizards: Vec<String>,
    /// The delivery's state after validation.
    pub delivery_state: String,
    /// How many backorders were left.
    pub backorders: usize,
    /// The invoice's untaxed amount: what was delivered, at list prices.
    pub invoice_untaxed: f64,
    /// The invoice's state after posting.
    pub invoice_state: String,
    /// What is left to pay after the payment.
    pub residual: f64,
    /// The invoice's payment state after the payment.
    pub payment_state: String,
}

/// The attachment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocumentsReport {
    /// The MIME type Odoo gave it.
    pub mimetype: Option<String>,
    /// Its size in bytes.
    pub file_size: u64,
    /// Its SHA-1, as Odoo computed it.
    pub checksum: Option<String>,
    /// Whether the content read back equals what was sent.
    pub same_content: bool,
    /// The order's attachments' names.
    pub names: Vec<String>,
}

/// The note.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChatterReport {
    /// Whether the posted message is among the order's messages.
    pub found: bool,
    /// Its type (`comment`).
    pub message_type: String,
    /// Its body as Odoo stored it.
    pub body: String,
}

/// The export.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExportReport {
    /// The shop's codes of the products exported, in order.
    pub codes: Vec<String>,
    /// Whether a second export from the cursor found nothing more.
    pub then_nothing: bool,
}

/// Company contexts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CompanyReport {
    /// Whether the order is found in its own company's context.
    pub visible_in_own_company: bool,
    /// The error kind of a call in the context of a company the user may not use.
    pub invalid_company: String,
}

/// Refusals.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RefusalsReport {
    /// The error kind of a search ordered by a field that is not stored.
    pub order_by_non_stored: String,
    /// Whether that error's message names the field.
    pub names_the_field: bool,
    /// The error kind of an order created without a customer.
    pub missing_required: String,
}
