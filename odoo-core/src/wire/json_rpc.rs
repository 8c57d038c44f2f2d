//! The JSON-RPC response envelope (`/jsonrpc`, `/web/...`): the `result`, or the `error`
//! with Odoo's exception.

use serde::Deserialize;
use serde_json::Value;

use super::classify::kind_from_name;
use super::response::Reply;
use crate::error::{Error, ErrorContext, ErrorKind, LimitKind, OdooError, Result};
use crate::limits::RECURSION_DEPTH;

#[derive(Deserialize)]
struct ResponseEnvelope {
    #[serde(default)]
    result: Option<Value>,
    #[serde(default)]
    error: Option<RpcError>,
}

#[derive(Deserialize)]
struct RpcError {
    #[serde(default)]
    code: Option<i64>,
    #[serde(default)]
    message: Option<String>,
    #[serde(default)]
    data: Option<RpcErrorData>,
}

#[derive(Deserialize)]
struct RpcErrorData {
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    message: Option<String>,
    #[serde(default)]
    debug: Option<String>,
}

/// Reads a JSON-RPC response: the `result` (absent for methods returning `None`, read as
/// `Value::Null`) or the `error` mapped to an [`Error`].
pub(crate) fn read_response(
    raw: &Reply<'_>,
    max_depth: usize,
    context: &ErrorContext,
) -> Result<Value> {
    let envelope: ResponseEnvelope = match serde_json::from_slice(raw.body) {
        Ok(envelope) => envelope,
        Err(e) => {
            if raw.status != 200 || !raw.is_json() {
                return Err(raw.http_error(context));
            }
            return Err(Error::decode(
                "",
                format!("not a JSON-RPC response: {e}"),
                context.clone(),
            ));
        }
    };
    if let Some(error) = envelope.error {
        return Err(Error::odoo(rpc_error(error, context)));
    }
    if raw.status != 200 {
        return Err(raw.http_error(context));
    }
    let result = envelope.result.unwrap_or(Value::Null);
    check_depth(&result, max_depth, context)?;
    Ok(result)
}

/// Odoo's error object (`{"code", "message", "data": {"name", "message", "debug"}}`) on its
/// own, as routes of the web client that are not JSON-RPC send it; `None` when `text` is not
/// one.
pub(crate) fn error_object(text: &str, context: &ErrorContext) -> Option<OdooError> {
    let error: RpcError = serde_json::from_str(text).ok()?;
    (error.data.is_some() || error.message.is_some()).then(|| rpc_error(error, context))
}

fn rpc_error(error: RpcError, context: &ErrorContext) -> OdooError {
    let data = error.data;
    let name = data.as_ref().and_then(|d| d.name.clone());
    let message = data
        .as_ref()
        .and_then(|d| d.message.clone())
        .or(error.message)
        .unwrap_or_default();
    let debug = data.and_then(|d| d.debug).filter(|d| !d.is_empty());
    let kind = match (&name, error.code) {
        (_, Some(100)) => ErrorKind::SessionExpired,
        (Some(name), _) => kind_from_name(name, &message, context),
        (None, Some(404)) => ErrorKind::NotFound,
        (None, _) => ErrorKind::Server,
    };
    OdooError {
        kind,
        name,
        message,
        debug,
        code: error.code,
        credential: None,
        context: context.clone(),
    }
}

/// Fails when a value nests deeper than `max_depth` arrays and objects.
pub(crate) fn check_depth(value: &Value, max_depth: usize, context: &ErrorContext) -> Result<()> {
    // serde_json refuses to parse deeper than this on its own.
    if max_depth >= RECURSION_DEPTH {
        return Ok(());
    }
    let mut stack: Vec<(&Value, usize)> = vec![(value, 0)];
    while let Some((value, depth)) = stack.pop() {
        let is_container = matches!(value, Value::Array(_) | Value::Object(_));
        if is_container && depth + 1 > max_depth {
            return Err(Error::limit(LimitKind::Depth, max_depth, context.clone()));
        }
        match value {
            Value::Array(items) => stack.extend(items.iter().map(|v| (v, depth + 1))),
            Value::Object(map) => stack.extend(map.values().map(|v| (v, depth + 1))),
            _ => {}
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn depth_is_checked_below_serde_json_own_limit() {
        let ctx = ErrorContext::default();
        let value = json!({"a": [[1]]});
        assert!(check_depth(&value, 3, &ctx).is_ok());
        let err = check_depth(&value, 2, &ctx).expect_err("three levels of containers");
        assert!(err
            .limit_error()
            .is_some_and(|l| l.limit == LimitKind::Depth && l.value == 2));
        assert!(check_depth(&json!(1), 0, &ctx).is_ok());
    }
}
