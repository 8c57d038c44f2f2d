//! XML-RPC answers: the value, or the `<fault>` with Odoo's exception.

use serde_json::Value;

use super::classify::from_xmlrpc_fault;
use super::response::Reply;
use crate::error::{Error, ErrorContext, LimitKind, Result};
use crate::limits::Limits;
use crate::xmlrpc::{self, MethodResponse};

/// The fault Odoo raises when a method returned `None`: Python's marshaller refuses it, after
/// the method ran. The call succeeded; its result is `None`.
const CANNOT_MARSHAL_NONE: &str = "cannot marshal None unless allow_none is enabled";

/// Reads an XML-RPC response: the value, `Value::Null` for Odoo's "cannot marshal None" fault
/// (the method ran and returned `None`), or the fault mapped to an [`Error`].
pub(crate) fn read_response(
    raw: &Reply<'_>,
    limits: &Limits,
    context: &ErrorContext,
) -> Result<Value> {
    if raw.status != 200 {
        return Err(raw.http_error(context));
    }
    match xmlrpc::decode_method_response(raw.body, limits) {
        Ok(MethodResponse::Success(value)) => Ok(value),
        Ok(MethodResponse::Fault { code, string }) => {
            if code == 1 && string.trim_end().ends_with(CANNOT_MARSHAL_NONE) {
                return Ok(Value::Null);
            }
            Err(Error::odoo(from_xmlrpc_fault(code, &string, context)))
        }
        Err(e) => Err(xml_error(e, limits, context)),
    }
}

fn xml_error(e: xmlrpc::XmlRpcError, limits: &Limits, context: &ErrorContext) -> Error {
    match e {
        xmlrpc::XmlRpcError::TooLarge { .. } => Error::limit(
            LimitKind::ResponseBytes,
            limits.max_response_bytes,
            context.clone(),
        ),
        xmlrpc::XmlRpcError::TooDeep { .. } => {
            Error::limit(LimitKind::Depth, limits.max_depth, context.clone())
        }
        other => Error::decode(
            "",
            format!("invalid XML-RPC response: {other}"),
            context.clone(),
        ),
    }
}
