//! The packing list, attached to the order as a CSV file and read back.

use odoo_core::Client;

use crate::odoo::SaleOrder;
use crate::report::DocumentsReport;
use crate::sale::ORDERED;
use crate::BoxError;

/// The packing list's file name.
pub const NAME: &str = "packing-list.csv";

/// Attaches the packing list to `order`, describes it and downloads it again.
pub async fn packing_list(client: &Client, order: i64) -> Result<DocumentsReport, BoxError> {
    use odoo_core::Model as _;
    let mut csv = String::from("code,shipped\n");
    for (code, _, shipped) in ORDERED {
        csv.push_str(&format!("{code},{shipped}\n"));
    }
    let files = client.attachments();
    let id = files
        .attach(SaleOrder::MODEL, order, NAME, csv.as_bytes())
        .await?;
    let info = files.info(id).await?;
    let back = files.download(id).await?;
    let all = files.of_record(SaleOrder::MODEL, order).await?;
    Ok(DocumentsReport {
        mimetype: info.mimetype,
        file_size: info.file_size,
        checksum: info.checksum,
        same_content: back.bytes == csv.as_bytes(),
        names: all.into_iter().map(|file| file.name).collect(),
    })
}
