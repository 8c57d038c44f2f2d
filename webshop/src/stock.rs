//! On-hand quantities: an inventory adjustment per product in the main warehouse's stock.

use odoo_core::{Client, Context, Model, Values};

use crate::odoo::{ProductProduct, StockQuant, StockWarehouse};
use crate::{BoxError, Shop};

/// The quantity counted for each product.
pub const COUNTED: f64 = 10.0;

/// Sets each product's counted quantity to [`COUNTED`] in the stock location of the user's
/// company's first warehouse, applies the count, and reads the on-hand quantities.
pub async fn adjust(
    client: &Client,
    shop: &Shop,
    products: &[(String, i64)],
) -> Result<Vec<(String, f64)>, BoxError> {
    let w = StockWarehouse::fields();
    let warehouses = client.model::<StockWarehouse>().all().order(w.id.asc());
    let stock = warehouses.limit(1).fetch_fields(&w.lot_stock_id).await?;
    let location = stock.first().ok_or("no warehouse")?.id();
    let q = StockQuant::fields();
    // Odoo creates a counted quant only in inventory mode.
    let quants = client
        .model::<StockQuant>()
        .with_context(Context::new().with("inventory_mode", true));
    let mut counted = Vec::with_capacity(products.len());
    for (_, product) in products {
        let values = Values::new()
            .set(&q.product_id, *product)
            .set(&q.location_id, location)
            .set(&q.inventory_quantity, COUNTED);
        counted.push(quants.create(&values).await?);
    }
    client
        .methods::<StockQuant>()
        .action_apply_inventory(&counted)
        .await?;
    on_hand(client, shop, products).await
}

/// Each product's on-hand quantity, by the shop's code.
pub async fn on_hand(
    client: &Client,
    shop: &Shop,
    products: &[(String, i64)],
) -> Result<Vec<(String, f64)>, BoxError> {
    let p = ProductProduct::fields();
    let ids: Vec<i64> = products.iter().map(|(_, id)| *id).collect();
    let rows = client.read_fields(&ids, (&p.default_code, &p.qty_available));
    let rows = rows.await?;
    Ok(rows
        .into_iter()
        .map(|(code, qty)| (shop.short_code(&code.unwrap_or_default()).to_owned(), qty))
        .collect())
}
