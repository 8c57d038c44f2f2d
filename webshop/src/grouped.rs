//! Ordered and delivered quantities per product, in one grouped read.

use odoo_core::{Client, Model};

use crate::odoo::SaleOrderLine;
use crate::BoxError;

/// The order's lines grouped by product: (shop code, ordered, delivered), in code order.
pub async fn quantities(
    client: &Client,
    products: &[(String, i64)],
    order: i64,
) -> Result<Vec<(String, f64, f64)>, BoxError> {
    let l = SaleOrderLine::fields();
    let groups = client
        .model::<SaleOrderLine>()
        .read_group()
        .filter(l.order_id.eq(order))
        .by(&l.product_id)
        .sum(&l.product_uom_qty)
        .sum(&l.qty_delivered)
        .fetch()
        .await?;
    let mut rows = Vec::with_capacity(groups.len());
    for group in groups {
        let product = group.key(&l.product_id)?.map(|p| p.id());
        let code = products.iter().find(|(_, id)| Some(*id) == product);
        let code = code.map_or_else(|| "?".to_owned(), |(code, _)| code.clone());
        let ordered = group.sum(&l.product_uom_qty)?;
        rows.push((code, ordered, group.sum(&l.qty_delivered)?));
    }
    rows.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(rows)
}
