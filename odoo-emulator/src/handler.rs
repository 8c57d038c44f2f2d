//! The methods registered with [`EmulatorBuilder::method`](crate::EmulatorBuilder::method):
//! what one receives ([`HandlerCall`]) and what it is ([`Handler`]). The crate root re-exports
//! both, and the modules that call or install registered methods (the ORM's dispatch, the
//! flows) name them from there: this module sits below them, with the store and the errors.

use std::sync::Arc;

use serde_json::{Map, Value};

use crate::error::EmulatorError;
use crate::store::Store;

/// What a method registered with [`EmulatorBuilder::method`](crate::EmulatorBuilder::method)
/// receives: the call, and the records to read and change.
#[derive(Debug)]
pub struct HandlerCall<'a> {
    /// The model, e.g. `sale.order`.
    pub model: &'a str,
    /// The method name.
    pub method: &'a str,
    /// The record ids: JSON-2's `ids`, or over RPC the first positional argument when it is an
    /// id or a list of ids (else empty).
    pub ids: Vec<i64>,
    /// The other positional arguments (always empty over JSON-2).
    pub args: Vec<Value>,
    /// The keyword arguments, `context` taken out.
    pub kwargs: Map<String, Value>,
    /// The call's context.
    pub context: Map<String, Value>,
    /// The calling user.
    pub uid: i64,
    /// The records, to read and change.
    pub store: &'a mut Store,
}

/// A registered method: receives the call, returns the JSON result (`null` for Python's
/// `None`) or an Odoo exception.
pub type Handler =
    Arc<dyn Fn(&mut HandlerCall<'_>) -> Result<Value, EmulatorError> + Send + Sync + 'static>;
