//! `stock.picking.button_validate` and the wizards it answers, in the order Odoo asks them:
//! the immediate transfer (16), the backorder confirmation, the text message; each wizard's
//! button validates again with the context that skips what was answered.

use std::sync::atomic::Ordering;

use serde_json::{json, Map, Value};

use super::answers::{self, Answer};
use super::lookup::{self, context_ids, many2one, text};
use super::picking::{self, demand, done, open_moves};
use super::Play;
use crate::{EmulatorError, HandlerCall, OdooVersion, Store};

const PICKING: &str = "stock.picking";

/// Whether a context key is set (truthy).
fn flag(context: &Map<String, Value>, key: &str) -> bool {
    context
        .get(key)
        .is_some_and(|v| !matches!(v, Value::Null | Value::Bool(false)))
}

/// The message of the sanity check for transfers without any quantity.
fn without_quantities(version: OdooVersion) -> &'static str {
    version.pick(
        "You cannot validate a transfer if no quantities are reserved nor done. To force the transfer, switch in edit mode and encode the done quantities.",
        &[
            (OdooVersion::V17, "You cannot validate a transfer if no quantities are reserved. To force the transfer, encode quantities."),
            (OdooVersion::V19, "Transfer trouble alert! Validating a zero quantity transfer? You're not moving invisible goods around are you?\nSet some quantities and let's get moving!"),
        ],
    )
}

/// The empty-transfer message.
fn without_moves(version: OdooVersion) -> &'static str {
    version.pick(
        "Please add some items to move.",
        &[(
            OdooVersion::V17,
            "You can\u{2019}t validate an empty transfer. Please add some products to move before proceeding.",
        )],
    )
}

/// Validates `pickings` with `context`, as `button_validate` does: a wizard's action, or
/// `true` once they are done.
pub(crate) fn validate(
    play: &Play,
    store: &mut Store,
    pickings: &[i64],
    context: &Map<String, Value>,
) -> Result<Value, EmulatorError> {
    let v16 = play.v16();
    let pickings: Vec<i64> = pickings
        .iter()
        .copied()
        .filter(|&p| store.stored_value(PICKING, p, "state") != "done")
        .collect();
    store_check(store, &pickings)?;
    if !v16 {
        prepare_drafts(store, &pickings)?;
    }
    sanity_check(play, store, &pickings)?;
    let mut context = context.clone();
    if !context.contains_key("button_validate_picking_ids") {
        context.insert("button_validate_picking_ids".into(), json!(pickings));
    }
    if let Some(action) = pre_done_wizard(play, store, &pickings, &context)? {
        return Ok(action);
    }
    let no_backorder = context_ids(&context, "picking_ids_not_to_backorder");
    picking::do_transfers(store, v16, &pickings, &no_backorder)?;
    Ok(json!(true))
}

/// The transfers exist.
fn store_check(store: &Store, pickings: &[i64]) -> Result<(), EmulatorError> {
    let missing: Vec<i64> = pickings
        .iter()
        .copied()
        .filter(|&p| !store.exists(PICKING, p))
        .collect();
    if missing.is_empty() {
        Ok(())
    } else {
        Err(EmulatorError::missing_records(
            PICKING,
            &missing,
            store.uid(),
        ))
    }
}

/// From 17, a draft transfer is confirmed and its moves without a quantity get their demand.
fn prepare_drafts(store: &mut Store, pickings: &[i64]) -> Result<(), EmulatorError> {
    for &p in pickings {
        if store.stored_value(PICKING, p, "state") != "draft" {
            continue;
        }
        picking::confirm(store, false, &[p])?;
        for m in open_moves(store, &[p]) {
            if lookup::number(store, "stock.move", m, "quantity") == 0.0 {
                let vals = json!({"quantity": demand(store, m)});
                lookup::write(store, "stock.move", &[m], vals)?;
            }
        }
    }
    Ok(())
}

/// Refuses transfers without moves or without any quantity.
fn sanity_check(play: &Play, store: &Store, pickings: &[i64]) -> Result<(), EmulatorError> {
    for &p in pickings {
        let moves = open_moves(store, &[p]);
        if moves.is_empty() {
            return Err(EmulatorError::user_error(without_moves(play.version)));
        }
        if moves
            .iter()
            .all(|&m| picking::quantity(store, play.v16(), m) == 0.0)
        {
            return Err(EmulatorError::user_error(without_quantities(play.version)));
        }
    }
    Ok(())
}

/// The wizard the transfers need answered before they are done, if any; from 17, when no
/// move is picked, every move is.
fn pre_done_wizard(
    play: &Play,
    store: &mut Store,
    pickings: &[i64],
    context: &Map<String, Value>,
) -> Result<Option<Value>, EmulatorError> {
    let v16 = play.v16();
    let moves = open_moves(store, pickings);
    if v16 && !flag(context, "skip_immediate") && moves.iter().all(|&m| done(store, true, m) == 0.0)
    {
        return Ok(Some(wizard_action(
            play,
            Answer::Immediate,
            pickings,
            context,
        )));
    }
    if !v16 {
        for &p in pickings {
            let moves = open_moves(store, &[p]);
            if !moves.iter().any(|&m| done(store, false, m) > 0.0) {
                lookup::write(store, "stock.move", &moves, json!({"picked": true}))?;
            }
        }
    }
    let short = moves
        .iter()
        .any(|&m| done(store, v16, m) < demand(store, m));
    if !flag(context, "skip_backorder") && short {
        return Ok(Some(wizard_action(
            play,
            Answer::Backorder,
            pickings,
            context,
        )));
    }
    if !flag(context, "skip_sms") {
        let to_warn: Vec<i64> = pickings
            .iter()
            .copied()
            .filter(|&p| is_delivery_to_phone(store, p))
            .collect();
        if !to_warn.is_empty() && !play.sms_answered.load(Ordering::SeqCst) {
            let wizard = lookup::insert(store, "confirm.stock.sms", json!({"pick_ids": to_warn}))?;
            let mut action = answers::answer(play.version, Answer::Sms);
            action["res_id"] = json!(wizard);
            action["context"] = Value::Object(context.clone());
            return Ok(Some(action));
        }
    }
    Ok(None)
}

/// Whether a transfer is a delivery (`outgoing`) to a contact with a phone.
fn is_delivery_to_phone(store: &Store, picking: i64) -> bool {
    let outgoing = many2one(store, PICKING, picking, "picking_type_id")
        .is_some_and(|t| store.stored_value("stock.picking.type", t, "code") == "outgoing");
    let phone = many2one(store, PICKING, picking, "partner_id").is_some_and(|partner| {
        ["phone", "mobile"]
            .iter()
            .any(|field| text(store, "res.partner", partner, field).is_some())
    });
    outgoing && phone
}

/// A pre-validation wizard's action, its context the call's with the transfers.
fn wizard_action(
    play: &Play,
    answer: Answer,
    pickings: &[i64],
    context: &Map<String, Value>,
) -> Value {
    let mut context = context.clone();
    context.insert("default_show_transfers".into(), json!(pickings.len() > 1));
    let links: Vec<Value> = pickings.iter().map(|p| json!([4, p])).collect();
    context.insert("default_pick_ids".into(), Value::Array(links));
    let mut action = answers::answer(play.version, answer);
    action["context"] = Value::Object(context);
    action
}

/// The transfers a wizard button validates: the context's `button_validate_picking_ids`.
fn to_validate(call: &HandlerCall<'_>) -> Vec<i64> {
    let mut pickings = context_ids(&call.context, "button_validate_picking_ids");
    if pickings.is_empty() {
        pickings = lookup::wizard_ids(
            call.store,
            (call.model, &call.ids),
            "pick_ids",
            &call.context,
            "active_ids",
        );
    }
    pickings
}

/// `stock.picking.button_validate`.
pub(crate) fn button_validate(
    play: &Play,
    call: &mut HandlerCall<'_>,
) -> Result<Value, EmulatorError> {
    let ids = call.ids.clone();
    let context = call.context.clone();
    validate(play, call.store, &ids, &context)
}

/// `stock.backorder.confirmation.process`: validates, keeping backorders.
pub(crate) fn backorder_process(
    play: &Play,
    call: &mut HandlerCall<'_>,
) -> Result<Value, EmulatorError> {
    let pickings = to_validate(call);
    let mut context = call.context.clone();
    context.insert("skip_backorder".into(), json!(true));
    validate(play, call.store, &pickings, &context)
}

/// `stock.backorder.confirmation.process_cancel_backorder`: validates without backorders for
/// the wizard's transfers.
pub(crate) fn backorder_cancel(
    play: &Play,
    call: &mut HandlerCall<'_>,
) -> Result<Value, EmulatorError> {
    let pickings = to_validate(call);
    let not_to_backorder = lookup::wizard_ids(
        call.store,
        (call.model, &call.ids),
        "pick_ids",
        &call.context,
        "button_validate_picking_ids",
    );
    let mut context = call.context.clone();
    context.insert("skip_backorder".into(), json!(true));
    context.insert(
        "picking_ids_not_to_backorder".into(),
        json!(not_to_backorder),
    );
    validate(play, call.store, &pickings, &context)
}

/// `stock.immediate.transfer.process` (16): the done quantities are set to the reserved ones
/// (draft transfers are confirmed and reserved first), then it validates.
pub(crate) fn immediate_process(
    play: &Play,
    call: &mut HandlerCall<'_>,
) -> Result<Value, EmulatorError> {
    let todo = lookup::wizard_ids(
        call.store,
        (call.model, &call.ids),
        "pick_ids",
        &call.context,
        "button_validate_picking_ids",
    );
    for &p in &todo {
        if call.store.stored_value(PICKING, p, "state") == "draft" {
            picking::assign(call.store, true, &[p])?;
        }
        for m in open_moves(call.store, &[p]) {
            let reserved = picking::reserved(call.store, true, m);
            lookup::write(
                call.store,
                "stock.move",
                &[m],
                json!({"quantity_done": reserved}),
            )?;
        }
    }
    let pickings = to_validate(call);
    let mut context = call.context.clone();
    context.insert("skip_immediate".into(), json!(true));
    validate(play, call.store, &pickings, &context)
}

/// `confirm.stock.sms.send_sms` and `dont_send_sms`: the company is not asked again, and the
/// transfers are validated.
pub(crate) fn sms_answered(
    play: &Play,
    call: &mut HandlerCall<'_>,
) -> Result<Value, EmulatorError> {
    play.sms_answered.store(true, Ordering::SeqCst);
    let pickings = to_validate(call);
    let context = call.context.clone();
    validate(play, call.store, &pickings, &context)
}
