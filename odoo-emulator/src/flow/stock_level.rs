//! Stock levels: the quants of storable products in internal locations, what is on hand and
//! free to reserve, and the products' `qty_available`.

use serde_json::json;

use super::lookup::{self, many2one, number};
use crate::{EmulatorError, Store};

/// Whether a location holds stock (`usage` `internal`).
pub(crate) fn is_internal(store: &Store, location: Option<i64>) -> bool {
    location.is_some_and(|l| store.stored_value("stock.location", l, "usage") == "internal")
}

/// The quants of a product in a location.
pub(crate) fn quants(store: &Store, product: i64, location: i64) -> Vec<i64> {
    store
        .ids("stock.quant")
        .into_iter()
        .filter(|&q| {
            many2one(store, "stock.quant", q, "product_id") == Some(product)
                && many2one(store, "stock.quant", q, "location_id") == Some(location)
        })
        .collect()
}

/// What the quants of a product hold in a location.
pub(crate) fn on_hand(store: &Store, product: i64, location: i64) -> f64 {
    quants(store, product, location)
        .into_iter()
        .map(|q| number(store, "stock.quant", q, "quantity"))
        .sum()
}

/// What the open moves other than `except` have reserved of a product in a location.
fn reserved_elsewhere(store: &Store, v16: bool, product: i64, location: i64, except: i64) -> f64 {
    store
        .ids("stock.move")
        .into_iter()
        .filter(|&m| m != except)
        .filter(|&m| {
            many2one(store, "stock.move", m, "product_id") == Some(product)
                && many2one(store, "stock.move", m, "location_id") == Some(location)
                && matches!(
                    store.stored_value("stock.move", m, "state").as_str(),
                    Some("assigned" | "partially_available")
                )
        })
        .map(|m| super::picking::reserved(store, v16, m))
        .sum()
}

/// What the move `except` may still reserve of a product in a location.
pub(crate) fn free(store: &Store, v16: bool, product: i64, location: i64, except: i64) -> f64 {
    (on_hand(store, product, location) - reserved_elsewhere(store, v16, product, location, except))
        .max(0.0)
}

/// Adds `quantity` (negative to take) of a storable product to an internal location: its
/// quant (made when there is none), and the product's and its template's `qty_available`.
/// Nothing for other products and locations.
pub(crate) fn add(
    store: &mut Store,
    product: i64,
    location: Option<i64>,
    quantity: f64,
) -> Result<(), EmulatorError> {
    let Some(location) = location.filter(|&l| is_internal(store, Some(l))) else {
        return Ok(());
    };
    if quantity == 0.0 || !lookup::is_storable(store, product) {
        return Ok(());
    }
    match quants(store, product, location).first() {
        Some(&quant) => {
            let held = number(store, "stock.quant", quant, "quantity");
            lookup::write(
                store,
                "stock.quant",
                &[quant],
                json!({"quantity": held + quantity}),
            )?;
        }
        None => {
            lookup::insert(
                store,
                "stock.quant",
                json!({"product_id": product, "location_id": location, "quantity": quantity,
                       "reserved_quantity": 0.0, "in_date": lookup::now()}),
            )?;
        }
    }
    add_available(store, product, quantity)
}

/// Adds `quantity` to a product's `qty_available`, and to its template's.
pub(crate) fn add_available(
    store: &mut Store,
    product: i64,
    quantity: f64,
) -> Result<(), EmulatorError> {
    let held = number(store, "product.product", product, "qty_available");
    lookup::write(
        store,
        "product.product",
        &[product],
        json!({"qty_available": held + quantity}),
    )?;
    if let Some(template) = many2one(store, "product.product", product, "product_tmpl_id") {
        if store.exists("product.template", template) {
            let held = number(store, "product.template", template, "qty_available");
            lookup::write(
                store,
                "product.template",
                &[template],
                json!({"qty_available": held + quantity}),
            )?;
        }
    }
    Ok(())
}
