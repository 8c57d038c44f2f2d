//! A note on the order, posted and found among its messages.

use odoo_core::types::SelectionValue;
use odoo_core::{Client, Model};

use crate::odoo::{MailMessage, SaleOrder};
use crate::report::ChatterReport;
use crate::BoxError;

/// The note's text.
pub const NOTE: &str = "Shipped by the webshop";

/// Posts [`NOTE`] on `order`, then reads the order's messages and finds it.
pub async fn note(client: &Client, order: i64) -> Result<ChatterReport, BoxError> {
    let posted = client
        .methods::<SaleOrder>()
        .message_post(&[order])
        .body(NOTE)
        .message_type("comment")
        .send()
        .await?;
    let o = SaleOrder::fields();
    let messages = client.get_fields(order, &o.message_ids).await?;
    let found = messages.ids().contains(&posted.id());
    let m = MailMessage::fields();
    let (message_type, body) = client
        .get_fields(posted.id(), (&m.message_type, &m.body))
        .await?;
    Ok(ChatterReport {
        found,
        message_type: message_type.key().to_string(),
        body: body.unwrap_or_default(),
    })
}
