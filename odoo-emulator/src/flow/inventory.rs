//! Inventory adjustments: `stock.quant.action_apply_inventory`.

use serde_json::{json, Value};

use super::lookup::{self, first, many2one, number};
use super::{stock_level, Play};
use crate::{EmulatorError, HandlerCall, Store};

const QUANT: &str = "stock.quant";

/// `stock.quant.action_apply_inventory`: each quant's counted `inventory_quantity` becomes
/// the quantity of its product in its location, through a done move from or to the inventory
/// adjustment location; the count is cleared. Answers `null`.
pub(crate) fn apply(play: &Play, call: &mut HandlerCall<'_>) -> Result<Value, EmulatorError> {
    let ids = call.ids.clone();
    call.store.check_exists(QUANT, &ids)?;
    for quant in ids {
        if call.store.exists(QUANT, quant) {
            apply_one(call.store, play.v16(), quant)?;
        }
    }
    Ok(Value::Null)
}

fn apply_one(store: &mut Store, v16: bool, quant: i64) -> Result<(), EmulatorError> {
    let (Some(product), Some(location)) = (
        many2one(store, QUANT, quant, "product_id"),
        many2one(store, QUANT, quant, "location_id"),
    ) else {
        return Err(EmulatorError::user_error(format!(
            "the quant {quant} has no product or no location"
        )));
    };
    let counted = number(store, QUANT, quant, "inventory_quantity");
    let held = stock_level::on_hand(store, product, location);
    let difference = counted - held;
    // The product and location keep one quant: this one.
    let others: Vec<i64> = stock_level::quants(store, product, location)
        .into_iter()
        .filter(|&q| q != quant)
        .collect();
    if !others.is_empty() {
        store.unlink(QUANT, &others)?;
    }
    let clear = json!({"quantity": counted, "inventory_quantity": 0.0, "inventory_diff_quantity": 0.0,
                       "inventory_quantity_set": false});
    lookup::write(store, QUANT, &[quant], clear)?;
    if difference != 0.0 {
        adjustment_move(store, v16, product, location, difference)?;
        stock_level::add_available(store, product, difference)?;
    }
    Ok(())
}

/// The done move that records an adjustment of `difference` in `location`.
fn adjustment_move(
    store: &mut Store,
    v16: bool,
    product: i64,
    location: i64,
    difference: f64,
) -> Result<(), EmulatorError> {
    let adjustment = first(
        store,
        "stock.location",
        json!([["usage", "=", "inventory"]]),
    );
    let (from, to) = if difference > 0.0 {
        (adjustment, Some(location))
    } else {
        (Some(location), adjustment)
    };
    let name = "Product Quantity Updated";
    let uom = lookup::product_value(store, product, "uom_id");
    let quantity = difference.abs();
    let mut vals = json!({
        "name": name, "reference": name, "product_id": product, "product_uom_qty": quantity,
        "product_uom": lookup::ids_of(&uom).first(), "location_id": from, "location_dest_id": to,
        "state": "done", "is_inventory": true, "date": lookup::now(), "procure_method": "make_to_stock",
    });
    if v16 {
        vals["quantity_done"] = json!(quantity);
    } else {
        vals["quantity"] = json!(quantity);
        vals["picked"] = json!(true);
    }
    lookup::insert(store, "stock.move", vals)?;
    Ok(())
}
