//! The shop's products, upserted by their code.

use odoo_core::{Client, Model, Values};

use crate::odoo::product_product::{InvoicePolicy, Type};
use crate::odoo::ProductProduct;
use crate::report::{CatalogueReport, Counts};
use crate::{BoxError, Shop};

/// The shop's catalogue: code, name, list price.
pub const PRODUCTS: [(&str, &str, f64); 3] = [
    ("CHAIR", "Oak Chair", 45.0),
    ("DESK", "Oak Desk", 120.0),
    ("LAMP", "Desk Lamp", 19.5),
];

/// The chair's price in the second upsert.
pub const NEW_CHAIR_PRICE: f64 = 49.0;

/// The catalogue on the server.
#[derive(Debug, Clone)]
pub struct Catalogue {
    /// What the shop logs.
    pub report: CatalogueReport,
    /// Each product's shop code and id, in [`PRODUCTS`] order.
    pub products: Vec<(String, i64)>,
}

/// The rows of the catalogue, with the chair at `chair_price`: goods whose stock Odoo keeps
/// (`type = product` up to 17, `is_storable` from 18), invoiced as they are delivered.
fn rows(client: &Client, shop: &Shop, chair_price: f64) -> Vec<Values<ProductProduct>> {
    let p = ProductProduct::fields();
    let storable = |values: Values<ProductProduct>| match client.has(&p.is_storable) {
        true => values.set(&p.type_, Type::Consu).set(&p.is_storable, true),
        false => values.set(&p.type_, Type::Product),
    };
    PRODUCTS
        .iter()
        .map(|&(code, name, price)| {
            let price = if code == "CHAIR" { chair_price } else { price };
            let values = Values::new()
                .set(&p.default_code, shop.code(code))
                .set(&p.name, name)
                .set(&p.list_price, price)
                .set(&p.sale_ok, true)
                .set(&p.invoice_policy, InvoicePolicy::Delivery);
            storable(values)
        })
        .collect()
}

fn counts(report: &odoo_core::UpsertReport) -> Counts {
    Counts {
        created: report.created,
        updated: report.updated,
        unchanged: report.unchanged,
    }
}

/// Upserts the catalogue twice (the second time with the chair's new price), and finds the
/// products again by their display names and their code.
pub async fn sync(client: &Client, shop: &Shop) -> Result<Catalogue, BoxError> {
    let p = ProductProduct::fields();
    let upsert = |chair_price| {
        let rows = rows(client, shop, chair_price).into_iter();
        let upsert = client.upsert(ProductProduct::MODEL, &[p.default_code.name()]);
        rows.fold(upsert, |upsert, row| upsert.values(row)).run()
    };
    let first = upsert(45.0).await?;
    let second = upsert(NEW_CHAIR_PRICE).await?;
    if first.ids != second.ids {
        return Err("the second upsert matched other products".into());
    }
    let names = client.read_fields(&second.ids, &p.display_name).await?;
    let untag = |name: String| name.replace(&shop.code(""), "WS-");
    let found = client
        .name_search(ProductProduct::MODEL, &shop.code("DESK"), Some(5))
        .await?;
    let products = PRODUCTS.iter().map(|(code, ..)| code.to_string());
    Ok(Catalogue {
        report: CatalogueReport {
            first: counts(&first),
            second: counts(&second),
            display_names: names
                .into_iter()
                .map(|name| untag(name.unwrap_or_default()))
                .collect(),
            found_by_code: found.into_iter().map(|(_, name)| untag(name)).collect(),
        },
        products: products.zip(second.ids).collect(),
    })
}
