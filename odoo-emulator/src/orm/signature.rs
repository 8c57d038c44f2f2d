//! The signatures of the ORM's built-in methods, per version, and argument binding the way
//! Python binds them (positional and keyword arguments over RPC, named ones over JSON-2).

use serde_json::{Map, Value};

use super::{ids_of, unprocessable, Invocation, Style};
use crate::access::Operation;
use crate::error::EmulatorError;
use crate::OdooVersion;
use odoo_core::orm;

/// A built-in method's signature.
pub(super) struct Signature {
    class: &'static str,
    on_records: bool,
    params: Vec<(&'static str, bool)>,
    /// Accepts any other keyword (`**kwargs`).
    var_kwargs: bool,
    /// The access right the method needs.
    pub(super) operation: Operation,
}

/// The signature of a built-in method as this version has it, from the ORM's table
/// (`odoo_core::orm`); `None` when the emulator does not run the method (on that model, in
/// that version).
pub(super) fn signature(method: &str, version: OdooVersion, model: &str) -> Option<Signature> {
    if !super::builtin::RUNS.contains(&method) {
        return None;
    }
    let orm = odoo_core::orm::method_on(method, version, model)?;
    let operation = match orm.operation {
        orm::Operation::Read => Operation::Read,
        orm::Operation::Create => Operation::Create,
        orm::Operation::Unlink => Operation::Unlink,
        _ => Operation::Write,
    };
    Some(Signature {
        class: orm.class,
        on_records: orm.on_records,
        params: orm.params.iter().map(|p| (p.name, p.required)).collect(),
        var_kwargs: orm.var_kwargs,
        operation,
    })
}

/// Arguments bound to a signature: the record ids, and the values by parameter name.
pub(super) type Bound = (Vec<i64>, Map<String, Value>);

/// Binds the arguments to the signature: `(ids, values by parameter name)`.
pub(super) fn bind(inv: &Invocation, sig: &Signature) -> Result<Bound, EmulatorError> {
    match inv.style {
        Style::Positional => bind_positional(inv, sig),
        Style::Named => bind_named(inv, sig),
    }
}

/// Binds RPC arguments as Python does: the ids first (for record methods), then the
/// positional arguments in order, then the keyword ones; errors are `TypeError`s.
fn bind_positional(inv: &Invocation, sig: &Signature) -> Result<Bound, EmulatorError> {
    let qual = format!("{}.{}()", sig.class, inv.method);
    let mut bound = Map::new();
    let mut ids = Vec::new();
    let mut args = inv.args.iter();
    if sig.on_records {
        match args.next() {
            Some(first) => ids = ids_of(first)?,
            None => {
                return Err(EmulatorError::type_error(format!(
                    "{qual} missing 1 required positional argument: 'self'"
                )))
            }
        }
    }
    let rest: Vec<&Value> = args.collect();
    if rest.len() > sig.params.len() {
        return Err(EmulatorError::type_error(format!(
            "{qual} takes {} positional arguments but {} were given",
            sig.params.len() + 1,
            rest.len() + 1
        )));
    }
    for ((name, _), value) in sig.params.iter().zip(rest) {
        bound.insert((*name).to_owned(), value.clone());
    }
    for (key, value) in &inv.kwargs {
        if !sig.params.iter().any(|(n, _)| n == key) {
            if sig.var_kwargs {
                bound.insert(key.clone(), value.clone());
                continue;
            }
            return Err(EmulatorError::type_error(format!(
                "{qual} got an unexpected keyword argument '{key}'"
            )));
        }
        if bound.contains_key(key) {
            return Err(EmulatorError::type_error(format!(
                "{qual} got multiple values for argument '{key}'"
            )));
        }
        bound.insert(key.clone(), value.clone());
    }
    check_required(&qual, sig, &bound)?;
    Ok((ids, bound))
}

/// The `TypeError` for required parameters that were given no value.
fn check_required(
    qual: &str,
    sig: &Signature,
    bound: &Map<String, Value>,
) -> Result<(), EmulatorError> {
    let missing: Vec<&str> = sig
        .params
        .iter()
        .filter(|(n, required)| *required && !bound.contains_key(*n))
        .map(|(n, _)| *n)
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    let names: Vec<String> = missing.iter().map(|n| format!("'{n}'")).collect();
    Err(EmulatorError::type_error(format!(
        "{qual} missing {} required positional argument{}: {}",
        missing.len(),
        if missing.len() == 1 { "" } else { "s" },
        names.join(" and ")
    )))
}

/// Binds JSON-2's named arguments (`ids` apart); errors are HTTP 422.
fn bind_named(inv: &Invocation, sig: &Signature) -> Result<Bound, EmulatorError> {
    let mut bound = Map::new();
    let mut ids = Vec::new();
    match (&inv.ids, sig.on_records) {
        (Some(_), false) => {
            return Err(unprocessable(format!(
                "cannot call {}.{} with ids",
                inv.model, inv.method
            )))
        }
        (Some(value), true) => ids = ids_of(value).map_err(|e| unprocessable(e.message()))?,
        (None, _) => {}
    }
    if let Some((name, _)) = sig
        .params
        .iter()
        .find(|(n, required)| *required && !inv.kwargs.contains_key(*n))
    {
        return Err(unprocessable(format!(
            "missing a required argument: '{name}'"
        )));
    }
    for (key, value) in &inv.kwargs {
        if !sig.var_kwargs && !sig.params.iter().any(|(n, _)| n == key) {
            return Err(unprocessable(format!(
                "got an unexpected keyword argument '{key}'"
            )));
        }
        bound.insert(key.clone(), value.clone());
    }
    Ok((ids, bound))
}
