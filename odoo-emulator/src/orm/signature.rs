//! The signatures of the ORM's built-in methods, per version, and argument binding the way
//! Python binds them (positional and keyword arguments over RPC, named ones over JSON-2).

use serde_json::{Map, Value};

use super::{ids_of, unprocessable, Invocation, Style};
use crate::access::Operation;
use crate::error::EmulatorError;
use crate::OdooVersion;
use odoo_core::orm::{self, OrmMethod};

/// The ORM methods the emulator runs itself (the others of [`orm::METHODS`] are unknown to
/// it, unless a handler is registered).
const BUILT_IN: &[&str] = &[
    "search",
    "search_read",
    "search_count",
    "read",
    "create",
    "write",
    "unlink",
    "fields_get",
    "name_search",
    "name_create",
    "default_get",
    "exists",
    "action_archive",
    "action_unarchive",
    "read_group",
    "formatted_read_group",
    "web_search_read",
    "web_read",
    "context_get",
];

/// A built-in method's signature: the row of odoo-core's ORM table for this version.
pub(super) struct Signature {
    method: &'static OrmMethod,
    /// The access right the method needs.
    pub(super) operation: Operation,
}

impl Signature {
    fn params(&self) -> impl Iterator<Item = (&'static str, bool)> {
        self.method.params.iter().map(|p| (p.name, p.required))
    }
}

/// The signature of a built-in method as this version has it; `None` when the method is
/// not built in (on that model, in that version).
pub(super) fn signature(method: &str, version: OdooVersion, model: &str) -> Option<Signature> {
    if !BUILT_IN.contains(&method) {
        return None;
    }
    let method = orm::method(method, version.major(), model)?;
    let operation = match method.operation {
        orm::Operation::Read => Operation::Read,
        orm::Operation::Create => Operation::Create,
        orm::Operation::Write => Operation::Write,
        _ => Operation::Unlink,
    };
    Some(Signature { method, operation })
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
    let qual = format!("{}.{}()", sig.method.class, inv.method);
    let mut bound = Map::new();
    let mut ids = Vec::new();
    let mut args = inv.args.iter();
    if sig.method.on_records {
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
    if rest.len() > sig.method.params.len() {
        return Err(EmulatorError::type_error(format!(
            "{qual} takes {} positional arguments but {} were given",
            sig.method.params.len() + 1,
            rest.len() + 1
        )));
    }
    for ((name, _), value) in sig.params().zip(rest) {
        bound.insert((*name).to_owned(), value.clone());
    }
    for (key, value) in &inv.kwargs {
        if !sig.params().any(|(n, _)| n == key) {
            if sig.method.var_kwargs {
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
        .params()
        .filter(|(n, required)| *required && !bound.contains_key(*n))
        .map(|(n, _)| n)
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
    match (&inv.ids, sig.method.on_records) {
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
        .params()
        .find(|(n, required)| *required && !inv.kwargs.contains_key(*n))
    {
        return Err(unprocessable(format!(
            "missing a required argument: '{name}'"
        )));
    }
    for (key, value) in &inv.kwargs {
        if !sig.method.var_kwargs && !sig.params().any(|(n, _)| n == key) {
            return Err(unprocessable(format!(
                "got an unexpected keyword argument '{key}'"
            )));
        }
        bound.insert(key.clone(), value.clone());
    }
    Ok((ids, bound))
}
