//! Model methods: one call runs through here, from the refusal of private methods to the
//! registered handler or the built-in method, with access checks and the rollback of a
//! failed call. Argument binding is in [`signature`], the built-in methods in [`builtin`]
//! (with [`name_search`] apart), the state buttons of `sale.order` in [`sale_order`], the
//! chatter's `message_post` in [`mail`].

mod builtin;
mod load;
mod mail;
mod name_search;
mod sale_order;
mod signature;

use serde_json::{Map, Value};

use self::builtin::run_builtin;
use self::signature::{bind, signature};
use crate::access::caller::Caller;
use crate::access::Operation;
use crate::error::{py_repr, EmulatorError, ExceptionClass};
use crate::store::Store;
use crate::Feature;
use crate::{HandlerCall, OdooVersion, Shared, User};

pub(crate) use self::sale_order::sale_order_actions;

/// How the arguments of a call arrived.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Style {
    /// XML-RPC, JSON-RPC and the web client: positional `args` (ids first for record methods)
    /// plus keyword `kwargs`; binding errors are Python `TypeError`s.
    Positional,
    /// JSON-2: named arguments only, `ids` apart; binding errors are HTTP 422.
    Named,
}

/// One model method call, before binding.
#[derive(Debug, Clone)]
pub(crate) struct Invocation {
    pub model: String,
    pub method: String,
    pub args: Vec<Value>,
    pub kwargs: Map<String, Value>,
    /// JSON-2's `ids` member, when given.
    pub ids: Option<Value>,
    pub style: Style,
    pub uid: i64,
}

fn ids_of(value: &Value) -> Result<Vec<i64>, EmulatorError> {
    match value {
        Value::Number(n) => n.as_i64().map(|id| vec![id]).ok_or_else(|| bad_ids(value)),
        Value::Array(items) => items
            .iter()
            .map(|v| v.as_i64().ok_or_else(|| bad_ids(value)))
            .collect(),
        Value::Bool(false) | Value::Null => Ok(Vec::new()),
        _ => Err(bad_ids(value)),
    }
}

fn bad_ids(value: &Value) -> EmulatorError {
    EmulatorError::type_error(format!(
        "ids must be a list of integers, not {}",
        py_repr(value)
    ))
}

fn unprocessable(message: impl Into<String>) -> EmulatorError {
    EmulatorError::new(ExceptionClass::UnprocessableEntity, message)
}

/// The error Odoo raises for a method that is not there.
pub(crate) fn no_such_method(
    model: &str,
    method: &str,
    version: OdooVersion,
    style: Style,
) -> EmulatorError {
    if style == Style::Named {
        return EmulatorError::new(
            ExceptionClass::NotFound,
            format!("The method '{model}.{method}' does not exist"),
        );
    }
    let message = if version.has(Feature::RewordedErrors) {
        format!("The method '{model}.{method}' does not exist")
    } else {
        format!("The method '{method}' does not exist on the model '{model}'")
    };
    EmulatorError::new(ExceptionClass::AttributeError, message)
}

/// Runs one call: private-method refusal, handler or built-in, access check; the call runs
/// as its user (groups, companies) and the store's environment is reset after it.
pub(crate) fn execute(shared: &Shared, inv: Invocation) -> Result<Value, EmulatorError> {
    let version = shared.version;
    if inv.method.starts_with('_') {
        let message = if version.has(Feature::RewordedErrors) {
            format!(
                "Private methods (such as '{}.{}') cannot be called remotely.",
                inv.model, inv.method
            )
        } else {
            format!(
                "Private methods (such as {}) cannot be called remotely.",
                inv.method
            )
        };
        return Err(EmulatorError::access_error(message));
    }
    let mut kwargs = inv.kwargs.clone();
    let context = match kwargs.remove("context") {
        Some(Value::Object(map)) => map,
        _ => Map::new(),
    };
    let inv = Invocation { kwargs, ..inv };
    let mut store = shared.lock_store();
    let caller = shared.user(inv.uid).map(|user| caller_of(user, &store));
    store.set_env(inv.uid, context.clone(), caller);
    let outcome = run(shared, &mut store, &inv, context);
    store.clear_env();
    outcome
}

/// Who `user` is to the records: name (as its `res.users` record has it), groups, companies.
fn caller_of(user: &User, store: &Store) -> Caller {
    let name = match store
        .record("res.users", user.uid)
        .and_then(|r| r.get("name"))
    {
        Some(Value::String(name)) => name.clone(),
        _ => user.display(),
    };
    Caller {
        uid: user.uid,
        name,
        membership: user.membership(),
        companies: user.company_ids().map(<[i64]>::to_vec),
    }
}

/// Runs a call in the environment [`execute`] set: the registered handler, else the
/// built-in method after the access checks.
fn run(
    shared: &Shared,
    store: &mut Store,
    inv: &Invocation,
    context: Map<String, Value>,
) -> Result<Value, EmulatorError> {
    let version = shared.version;
    let user = shared.user(inv.uid);
    if let Some(handler) = shared.handler(&inv.model, &inv.method) {
        shared.check_access(user, store, &inv.model, Operation::Read)?;
        let (ids, args, kwargs) = split_for_handler(inv)?;
        let snapshot = store.snapshot();
        let mut call = HandlerCall {
            model: &inv.model,
            method: &inv.method,
            ids,
            args,
            kwargs,
            context,
            uid: inv.uid,
            store,
        };
        let outcome = handler(&mut call);
        if outcome.is_err() {
            store.restore(snapshot);
        }
        return outcome;
    }

    if let Some(outcome) = mail::on_thread(shared, user, store, inv) {
        return outcome;
    }
    let Some(sig) = signature(&inv.method, version, &inv.model) else {
        return Err(no_such_method(&inv.model, &inv.method, version, inv.style));
    };
    let (ids, bound) = bind(inv, &sig)?;
    shared.check_access(user, store, &inv.model, sig.operation)?;
    store.check_allowed_companies(&inv.model)?;
    // `exists` answers by the table, without record rules, as in Odoo.
    if inv.method != "exists" {
        store.check_company_scope(&inv.model, &ids)?;
    }
    // Only "Access Rights" may touch external IDs; every user may resolve one.
    let is_admin = user.is_none_or(|u| u.admin);
    if inv.model == "ir.model.data" && inv.method != "check_object_reference" && !is_admin {
        let group = version.pick(
            "Administration/Access Rights",
            &[(OdooVersion::V19, "Access Rights")],
        );
        let access = crate::Access::none().groups([group]);
        return Err(access.error(sig.operation, &inv.model, "Model Data"));
    }
    if sig.operation != Operation::Create {
        return run_builtin(store, inv, ids, &bound, version);
    }
    // Records are created (or copied) all or nothing, as in Odoo's transaction.
    let snapshot = store.snapshot();
    let outcome = run_builtin(store, inv, ids, &bound, version);
    if outcome.is_err() {
        store.restore(snapshot);
    }
    outcome
}

/// The ids, positional arguments and keyword arguments a handler receives.
type HandlerArgs = (Vec<i64>, Vec<Value>, Map<String, Value>);

fn split_for_handler(inv: &Invocation) -> Result<HandlerArgs, EmulatorError> {
    match inv.style {
        Style::Named => {
            let ids = match &inv.ids {
                Some(value) => ids_of(value).map_err(|e| unprocessable(e.message()))?,
                None => Vec::new(),
            };
            Ok((ids, Vec::new(), inv.kwargs.clone()))
        }
        Style::Positional => {
            let mut args = inv.args.clone();
            let looks_like_ids = match args.first() {
                Some(Value::Array(items)) => items.iter().all(Value::is_i64),
                Some(Value::Number(n)) => n.is_i64(),
                _ => false,
            };
            let ids = if looks_like_ids {
                ids_of(&args.remove(0))?
            } else {
                Vec::new()
            };
            Ok((ids, args, inv.kwargs.clone()))
        }
    }
}
