//! The incremental export of the shop's products: what was written since the run started.

use std::time::Duration;

use odoo_core::types::DateTime;
use odoo_core::{ChangeCursor, Client, Model};
use serde::Deserialize;

use crate::odoo::ProductProduct;
use crate::report::ExportReport;
use crate::{BoxError, Shop};

#[derive(Deserialize)]
struct Exported {
    default_code: String,
}

/// Exports the shop's products written since `started` (the server's clock), then exports
/// again from the cursor the first export left.
pub async fn products(
    client: &Client,
    shop: &Shop,
    started: DateTime,
) -> Result<ExportReport, BoxError> {
    // An export reads what was written up to the last whole second of the server's clock:
    // what this run wrote in the current second belongs to the next export.
    tokio::time::sleep(Duration::from_millis(1100)).await;
    let codes = format!("{}%", shop.code(""));
    let domain = serde_json::json!([["default_code", "=like", codes]]);
    let export = |cursor: &ChangeCursor| {
        let changes = client.changes(ProductProduct::MODEL, cursor);
        let changes = changes.fields(&["default_code"]).domain(domain.clone());
        changes.settle(Duration::ZERO)
    };
    let mut first = export(&ChangeCursor::starting_at(started));
    let mut exported = Vec::new();
    while let Some(page) = first.next_page::<Exported>().await? {
        let codes = page.into_iter().map(|row| row.default_code);
        exported.extend(codes.map(|code| shop.short_code(&code).to_owned()));
    }
    let cursor = first.cursor().ok_or("the export stopped before its end")?;
    let mut second = export(&cursor);
    let then_nothing = second.next_page::<Exported>().await?.is_none();
    Ok(ExportReport {
        codes: exported,
        then_nothing,
    })
}
