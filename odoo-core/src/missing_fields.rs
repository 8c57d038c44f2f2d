//! Naming every field a typed read asks for that the server does not have.
//!
//! Odoo refuses a read that names a field the model lacks, and its message names the first
//! one only (`Invalid field 'quantity_done' on model 'stock.move'`). A struct made for another
//! version or instance usually lacks several; one `fields_get` (of the `type` attribute only)
//! tells which, and the error then names them all.

use crate::client::Client;
use crate::error::ErrorKind;
use crate::model::Model;

/// `result`, or its error with the struct's fields that the server does not have appended to
/// Odoo's message, when the error is Odoo's "Invalid field" refusal and they can be known.
pub(crate) async fn explain<M: Model, T>(
    client: &Client,
    result: crate::Result<T>,
) -> crate::Result<T> {
    let mut error = match result {
        Ok(value) => return Ok(value),
        Err(error) => error,
    };
    if error.kind() != ErrorKind::Server || !error.message().contains("Invalid field") {
        return Err(error);
    }
    let Ok(fields) = client.fields_get(M::MODEL, &[], &["type"]).await else {
        return Err(error);
    };
    let missing: Vec<&str> = M::field_names()
        .into_iter()
        .filter(|name| *name != "id" && !fields.contains_key(*name))
        .collect();
    if let Some(odoo) = error.odoo_error_mut().filter(|_| !missing.is_empty()) {
        odoo.message.push_str(&format!(
            " (the struct's fields that {} does not have on this server: {})",
            M::MODEL,
            missing.join(", ")
        ));
    }
    Err(error)
}
