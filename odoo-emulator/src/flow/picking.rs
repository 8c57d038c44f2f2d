//! Transfers and their moves: confirming, reserving, and doing them (with backorders), and
//! the quantities of a move as each version keeps them: the reserved quantity in
//! `reserved_availability` and the done one in `quantity_done` on 16; from 17 one
//! `quantity`, reserved until the move is `picked`, done after.

use serde_json::{json, Value};

use super::lookup::{self, many2one, number, x2many};
use super::{sale, stock_level, Play};
use crate::{EmulatorError, HandlerCall, Store};

const MOVE: &str = "stock.move";
const PICKING: &str = "stock.picking";

/// A move's demand.
pub(crate) fn demand(store: &Store, m: i64) -> f64 {
    number(store, MOVE, m, "product_uom_qty")
}

/// Whether a move is picked (from 17).
fn picked(store: &Store, m: i64) -> bool {
    store.stored_value(MOVE, m, "picked") == Value::Bool(true)
}

/// What a move has reserved.
pub(crate) fn reserved(store: &Store, v16: bool, m: i64) -> f64 {
    if v16 {
        number(store, MOVE, m, "reserved_availability")
    } else if picked(store, m) {
        0.0
    } else {
        number(store, MOVE, m, "quantity")
    }
}

/// What a move has done: `quantity_done` on 16, the `quantity` of a picked move from 17.
pub(crate) fn done(store: &Store, v16: bool, m: i64) -> f64 {
    if v16 {
        number(store, MOVE, m, "quantity_done")
    } else if picked(store, m) {
        number(store, MOVE, m, "quantity")
    } else {
        0.0
    }
}

/// A move's quantity on 17 and later, picked or not: what the sanity check looks at.
pub(crate) fn quantity(store: &Store, v16: bool, m: i64) -> f64 {
    if v16 {
        done(store, true, m).max(reserved(store, true, m))
    } else {
        number(store, MOVE, m, "quantity")
    }
}

/// The moves of transfers that are neither done nor cancelled.
pub(crate) fn open_moves(store: &Store, pickings: &[i64]) -> Vec<i64> {
    pickings
        .iter()
        .flat_map(|&p| x2many(store, PICKING, p, "move_ids"))
        .filter(|&m| {
            !matches!(
                store.stored_value(MOVE, m, "state").as_str(),
                Some("done" | "cancel")
            )
        })
        .collect()
}

/// A transfer's state from its moves' (the `direct` policy: ready when anything is).
pub(crate) fn refresh_state(store: &mut Store, picking: i64) -> Result<(), EmulatorError> {
    let states: Vec<String> = x2many(store, PICKING, picking, "move_ids")
        .into_iter()
        .map(|m| {
            let state = store.stored_value(MOVE, m, "state");
            state.as_str().unwrap_or("draft").to_owned()
        })
        .collect();
    let any = |wanted: &[&str]| states.iter().any(|s| wanted.contains(&s.as_str()));
    let state = if states.is_empty() || any(&["draft"]) {
        "draft"
    } else if states.iter().all(|s| s == "cancel") {
        "cancel"
    } else if states.iter().all(|s| s == "done" || s == "cancel") {
        "done"
    } else if any(&["assigned", "partially_available"]) {
        "assigned"
    } else {
        "confirmed"
    };
    lookup::write(store, PICKING, &[picking], json!({"state": state}))
}

/// Confirms draft transfers: their draft moves are `confirmed`; a transfer whose source is
/// not an internal location (a receipt) is reserved at once, as Odoo does.
pub(crate) fn confirm(store: &mut Store, v16: bool, pickings: &[i64]) -> Result<(), EmulatorError> {
    confirm_moves(store, pickings)?;
    let receipts: Vec<i64> = pickings
        .iter()
        .copied()
        .filter(|&p| !stock_level::is_internal(store, many2one(store, PICKING, p, "location_id")))
        .collect();
    reserve_all(store, v16, &receipts)
}

/// The draft moves of the transfers are `confirmed`, with their transfer's locations.
fn confirm_moves(store: &mut Store, pickings: &[i64]) -> Result<(), EmulatorError> {
    for &picking in pickings {
        let moves = x2many(store, PICKING, picking, "move_ids");
        let drafts: Vec<i64> = moves
            .into_iter()
            .filter(|&m| {
                matches!(
                    store.stored_value(MOVE, m, "state").as_str(),
                    Some("draft") | None
                )
            })
            .collect();
        align_moves(store, picking, &drafts)?;
        lookup::write(store, MOVE, &drafts, json!({"state": "confirmed"}))?;
        refresh_state(store, picking)?;
    }
    Ok(())
}

/// Moves of a transfer take its locations and picking type.
fn align_moves(store: &mut Store, picking: i64, moves: &[i64]) -> Result<(), EmulatorError> {
    let vals = json!({
        "location_id": many2one(store, PICKING, picking, "location_id"),
        "location_dest_id": many2one(store, PICKING, picking, "location_dest_id"),
        "picking_type_id": many2one(store, PICKING, picking, "picking_type_id"),
    });
    lookup::write(store, MOVE, moves, vals)
}

/// Reserves what the open moves of the transfers can have: all of it from a location that
/// holds no stock or for a consumable, else what is free in the source location. Draft
/// transfers are confirmed first.
pub(crate) fn assign(store: &mut Store, v16: bool, pickings: &[i64]) -> Result<(), EmulatorError> {
    let drafts: Vec<i64> = pickings
        .iter()
        .copied()
        .filter(|&p| store.stored_value(PICKING, p, "state") == "draft")
        .collect();
    confirm_moves(store, &drafts)?;
    reserve_all(store, v16, pickings)
}

/// Reserves the open moves of the transfers and sets the transfers' states.
fn reserve_all(store: &mut Store, v16: bool, pickings: &[i64]) -> Result<(), EmulatorError> {
    for &picking in pickings {
        for m in open_moves(store, &[picking]) {
            reserve(store, v16, m)?;
        }
        refresh_state(store, picking)?;
    }
    Ok(())
}

/// Reserves what one move can have, and sets its state.
fn reserve(store: &mut Store, v16: bool, m: i64) -> Result<(), EmulatorError> {
    if store.stored_value(MOVE, m, "state") == "draft" || (!v16 && picked(store, m)) {
        return Ok(());
    }
    let wanted = demand(store, m);
    let held = reserved(store, v16, m);
    let product = many2one(store, MOVE, m, "product_id");
    let source = many2one(store, MOVE, m, "location_id");
    let bypass = !stock_level::is_internal(store, source)
        || product.is_none_or(|p| !lookup::is_storable(store, p));
    let more = match (bypass, product, source) {
        (false, Some(product), Some(source)) => {
            (wanted - held).min(stock_level::free(store, v16, product, source, m))
        }
        _ => wanted - held,
    };
    let now = held + more.max(0.0);
    let state = if now >= wanted {
        "assigned"
    } else if now > 0.0 {
        "partially_available"
    } else {
        "confirmed"
    };
    let field = if v16 {
        "reserved_availability"
    } else {
        "quantity"
    };
    let mut vals = json!({ "state": state });
    vals[field] = json!(now);
    lookup::write(store, MOVE, &[m], vals)
}

/// `stock.picking.action_confirm`: answers `true`.
pub(crate) fn confirm_button(
    play: &Play,
    call: &mut HandlerCall<'_>,
) -> Result<Value, EmulatorError> {
    let ids = call.ids.clone();
    confirm(call.store, play.v16(), &ids)?;
    Ok(json!(true))
}

/// `stock.picking.action_assign`: answers `true`.
pub(crate) fn assign_button(
    play: &Play,
    call: &mut HandlerCall<'_>,
) -> Result<Value, EmulatorError> {
    let ids = call.ids.clone();
    assign(call.store, play.v16(), &ids)?;
    Ok(json!(true))
}

/// Does the transfers: each move is done with its done quantity, which leaves its source
/// and enters its destination; what was not done goes to a backorder, unless the transfer is
/// one of `no_backorder` (then it is cancelled). Answers the backorders made.
pub(crate) fn do_transfers(
    store: &mut Store,
    v16: bool,
    pickings: &[i64],
    no_backorder: &[i64],
) -> Result<Vec<i64>, EmulatorError> {
    let mut backorders = Vec::new();
    let mut orders = Vec::new();
    for &picking in pickings {
        let mut backorder = None;
        for m in open_moves(store, &[picking]) {
            let quantity = done(store, v16, m);
            let left = demand(store, m) - quantity;
            if left > 0.0 && !no_backorder.contains(&picking) {
                let into = match backorder {
                    Some(id) => id,
                    None => *backorder.insert(new_backorder(store, picking)?),
                };
                split(store, m, into, quantity, left)?;
            } else if quantity <= 0.0 {
                lookup::write(store, MOVE, &[m], json!({"state": "cancel"}))?;
            }
            if quantity > 0.0 {
                finish_move(store, v16, m, quantity)?;
            }
        }
        let vals = json!({"state": "done", "date_done": lookup::now()});
        lookup::write(store, PICKING, &[picking], vals)?;
        if let Some(order) = many2one(store, PICKING, picking, "sale_id") {
            orders.push(order);
        }
        backorders.extend(backorder);
    }
    assign(store, v16, &backorders)?;
    for order in orders {
        sale::refresh_order(store, order)?;
    }
    Ok(backorders)
}

/// A new transfer for what `picking` leaves to do.
fn new_backorder(store: &mut Store, picking: i64) -> Result<i64, EmulatorError> {
    let copy = |field: &str| store.stored_value(PICKING, picking, field);
    let picking_type = many2one(store, PICKING, picking, "picking_type_id");
    let vals = json!({
        "name": crate::store::picking_name(store, picking_type),
        "partner_id": copy("partner_id"), "origin": copy("origin"), "sale_id": copy("sale_id"),
        "picking_type_id": copy("picking_type_id"), "location_id": copy("location_id"),
        "location_dest_id": copy("location_dest_id"), "company_id": copy("company_id"),
        "move_type": copy("move_type"), "scheduled_date": copy("scheduled_date"),
        "backorder_id": picking, "state": "confirmed",
    });
    lookup::insert(store, PICKING, vals)
}

/// Moves what was not done of `m` to the backorder `into`: the whole move when nothing was
/// done, else a new move of the quantity `left`.
fn split(
    store: &mut Store,
    m: i64,
    into: i64,
    quantity: f64,
    left: f64,
) -> Result<(), EmulatorError> {
    let reference = store.stored_value(PICKING, into, "name");
    if quantity <= 0.0 {
        let vals = json!({"picking_id": into, "reference": reference, "state": "confirmed"});
        return lookup::write(store, MOVE, &[m], vals);
    }
    let copy = |field: &str| store.stored_value(MOVE, m, field);
    let vals = json!({
        "name": copy("name"), "product_id": copy("product_id"), "product_uom": copy("product_uom"),
        "location_id": copy("location_id"), "location_dest_id": copy("location_dest_id"),
        "picking_type_id": copy("picking_type_id"), "sale_line_id": copy("sale_line_id"),
        "origin": copy("origin"), "partner_id": copy("partner_id"), "procure_method": copy("procure_method"),
        "date": copy("date"), "picking_id": into, "reference": reference,
        "product_uom_qty": left, "state": "confirmed",
    });
    lookup::insert(store, MOVE, vals)?;
    Ok(())
}

/// Marks a move done with `quantity`, and moves that stock.
pub(crate) fn finish_move(
    store: &mut Store,
    v16: bool,
    m: i64,
    quantity: f64,
) -> Result<(), EmulatorError> {
    let mut vals = json!({"state": "done", "product_uom_qty": quantity, "date": lookup::now()});
    if v16 {
        vals["quantity_done"] = json!(quantity);
        vals["reserved_availability"] = json!(0.0);
    } else {
        vals["quantity"] = json!(quantity);
        vals["picked"] = json!(true);
    }
    lookup::write(store, MOVE, &[m], vals)?;
    if let Some(product) = many2one(store, MOVE, m, "product_id") {
        let source = many2one(store, MOVE, m, "location_id");
        let destination = many2one(store, MOVE, m, "location_dest_id");
        stock_level::add(store, product, source, -quantity)?;
        stock_level::add(store, product, destination, quantity)?;
    }
    Ok(())
}
