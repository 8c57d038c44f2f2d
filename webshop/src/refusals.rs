//! What Odoo refuses, as the shop meets it.

use odoo_core::{Client, Model, Values};

use crate::odoo::{ProductProduct, SaleOrder};
use crate::report::RefusalsReport;
use crate::{BoxError, Shop};

/// Sorts the shop's products by their on-hand quantity (not stored: Odoo cannot sort by it),
/// and creates an order without a customer.
pub async fn meet(client: &Client, shop: &Shop) -> Result<RefusalsReport, BoxError> {
    let p = ProductProduct::fields();
    let products = client.model::<ProductProduct>();
    let sorted = products
        .search(p.default_code.like(shop.code("")))
        .order(p.qty_available.asc())
        .ids()
        .await;
    let (order_by_non_stored, names_the_field) = match sorted {
        Ok(ids) => (format!("answered {} ids", ids.len()), false),
        Err(error) => (
            format!("{:?}", error.kind()),
            error.to_string().contains("qty_available"),
        ),
    };
    let o = SaleOrder::fields();
    let nobody = Values::new().set(&o.client_order_ref, format!("WEB-{}-0", shop.tag));
    let missing_required = match client.model::<SaleOrder>().create(&nobody).await {
        Ok(id) => {
            client.model::<SaleOrder>().unlink(&[id]).await?;
            "created".to_owned()
        }
        Err(error) => format!("{:?}", error.kind()),
    };
    Ok(RefusalsReport {
        order_by_non_stored,
        names_the_field,
        missing_required,
    })
}
