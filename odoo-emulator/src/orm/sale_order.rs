//! The state buttons of `sale.order`, built in when the schema has that model.

use serde_json::{json, Value};

use crate::error::EmulatorError;
use crate::{Handler, HandlerCall};

/// The handlers of `sale.order`'s state buttons, installed when the schema has that model and
/// the user registered none of the same name: `action_confirm` (state `sale`, returns true),
/// `action_cancel` (`cancel`), `action_draft` (`draft`), `action_lock` / `action_unlock`
/// (`locked`; they return None, as Odoo's do).
pub(crate) fn sale_order_actions() -> Vec<(&'static str, Handler)> {
    fn set(call: &mut HandlerCall<'_>, vals: Value, result: Value) -> Result<Value, EmulatorError> {
        let ids = call.ids.clone();
        call.store.write(call.model, &ids, &vals)?;
        Ok(result)
    }
    let handler = |vals: Value, result: Value| -> Handler {
        std::sync::Arc::new(move |call: &mut HandlerCall<'_>| {
            let has = |f: &str| {
                call.store
                    .schema()
                    .model(call.model)
                    .and_then(|m| m.field(f))
                    .is_some()
            };
            let mut vals = vals.clone();
            if let Value::Object(map) = &mut vals {
                map.retain(|k, _| has(k));
            }
            set(call, vals, result.clone())
        })
    };
    vec![
        (
            "action_confirm",
            handler(json!({"state": "sale"}), Value::Bool(true)),
        ),
        (
            "action_cancel",
            handler(json!({"state": "cancel"}), Value::Bool(true)),
        ),
        (
            "action_draft",
            handler(json!({"state": "draft"}), Value::Bool(true)),
        ),
        ("action_lock", handler(json!({"locked": true}), Value::Null)),
        (
            "action_unlock",
            handler(json!({"locked": false}), Value::Null),
        ),
    ]
}
