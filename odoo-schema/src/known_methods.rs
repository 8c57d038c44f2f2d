//! A table of the business methods of common flows (order to cash, stock, invoices and
//! payments, chatter), per Odoo version, for the versions whose servers do not document
//! their methods (16 to 18), and 19 for the same methods: read from each version's Odoo
//! sources, in the format of [`MethodSchema`](crate::MethodSchema), each entry checked on a
//! live server of its version.
//!
//! [`Schema::add_known_methods`] puts them into a snapshot that has none for a model, so that
//! the generator makes typed calls of them on every version (`odoo-codegen merge --union`
//! does it for each snapshot it merges).
//!
//! | model | methods |
//! |---|---|
//! | `sale.order` | `action_confirm`, `action_cancel`, `action_draft`, `action_quotation_send`, `action_quotation_sent`, `action_unlock`, `action_lock` (17+), `action_done` (16), chatter |
//! | `sale.advance.payment.inv` | `create_invoices` |
//! | `sale.order.cancel` (16-18) | `action_cancel`, `action_send_mail_and_cancel` |
//! | `stock.picking` | `action_confirm`, `action_assign`, `button_validate`, `action_cancel`, `do_unreserve`, `action_put_in_pack`, chatter |
//! | `stock.backorder.confirmation` | `process`, `process_cancel_backorder` |
//! | `stock.immediate.transfer` (16) | `process` |
//! | `stock.quant` | `action_apply_inventory`, `action_set_inventory_quantity`, `action_set_inventory_quantity_to_zero` (16), `action_clear_inventory_quantity` (17+) |
//! | `account.move` | `action_post`, `button_draft`, `button_cancel`, `action_register_payment`, chatter |
//! | `account.payment.register` | `action_create_payments` |
//! | `res.partner`, `product.template`, `product.product` | chatter |
//!
//! Chatter: `message_post`, `message_subscribe`, `message_unsubscribe`. `message_post` answers
//! the new message's id on 16 to 18 (`@api.returns`) and a one-element list on 19, on every
//! transport; its return annotation names the model (`mail.message`), which the generator
//! reads as one record's id either way. Each entry was called, or shown to exist by a
//! business error, on a live server of its version; a method the table lists for some versions
//! only was shown to be missing on the others.

use crate::{Schema, SchemaError};

const ODOO16: &str = include_str!("../methods/odoo16.json");
const ODOO17: &str = include_str!("../methods/odoo17.json");
const ODOO18: &str = include_str!("../methods/odoo18.json");
const ODOO19: &str = include_str!("../methods/odoo19.json");

/// The table of Odoo `major`: a snapshot whose models hold methods only; `None` for a
/// version the table does not cover.
pub fn for_major(major: u32) -> Option<Schema> {
    let text = match major {
        16 => ODOO16,
        17 => ODOO17,
        18 => ODOO18,
        19 => ODOO19,
        _ => return None,
    };
    // The files are part of this crate and read by its tests: a failure is not reached.
    Schema::from_json(text).ok()
}

/// The newest version the table covers, for a server newer than it.
pub const NEWEST: u32 = 19;

impl Schema {
    /// Adds the methods of the table of this snapshot's version (the newest table for a newer
    /// server) to each model that has none; the number of models that got some.
    ///
    /// # Errors
    ///
    /// When the snapshot names no server version.
    pub fn add_known_methods(&mut self) -> Result<usize, SchemaError> {
        let major = self.server_major().ok_or_else(|| {
            SchemaError::new(
                "the snapshot names no server version: which methods it has is not known",
            )
        })?;
        let Some(table) = for_major(major.min(NEWEST)) else {
            return Ok(0);
        };
        let mut added = 0;
        for (name, model) in &mut self.models {
            if !model.methods.is_empty() {
                continue;
            }
            if let Some(known) = table.models.get(name) {
                if !known.methods.is_empty() {
                    model.methods = known.methods.clone();
                    added += 1;
                }
            }
        }
        Ok(added)
    }
}
