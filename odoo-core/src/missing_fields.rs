//! Naming every field a typed read asks for that the server does not have.
//!
//! Odoo refuses a read that names a field the model lacks, and its message names the first
//! one only (`Invalid field 'quantity_done' on model 'stock.move'`). A struct made for another
//! version or instance usually lacks several; one `fields_get` (of the `type` attribute only)
//! tells which, and the error then names them all.

use crate::client::Client;
use crate::error::Error;
use crate::model::Model;

/// `result`, or its error with the struct's fields that the server does not have appended to
/// Odoo's message, when the error is Odoo's "Invalid field" refusal and they can be known.
pub(crate) async fn explain<M: Model, T>(
    client: &Client,
    result: crate::Result<T>,
) -> crate::Result<T> {
    let error = match result {
        Ok(value) => return Ok(value),
        Err(error) => error,
    };
    let Error::Server(mut odoo) = error else {
        return Err(error);
    };
    if !odoo.message.contains("Invalid field") {
        return Err(Error::Server(odoo));
    }
    let Ok(fields) = client.fields_get(M::MODEL, &[], &["type"]).await else {
        return Err(Error::Server(odoo));
    };
    let missing: Vec<&str> = M::field_names()
        .into_iter()
        .filter(|name| *name != "id" && !fields.contains_key(*name))
        .collect();
    if !missing.is_empty() {
        odoo.message.push_str(&format!(
            " (the struct's fields that {} does not have on this server: {})",
            M::MODEL,
            missing.join(", ")
        ));
    }
    Err(Error::Server(odoo))
}
