//! JSON-2 answers: the bare result on HTTP 200, else a status with `{name, message, debug}`.

use serde::Deserialize;
use serde_json::Value;

use super::classify::{is_no_database_page, kind_from_name};
use super::json_rpc::check_depth;
use super::response::Reply;
use crate::error::{Error, ErrorContext, ErrorKind, OdooError, Result};

/// Reads a JSON-2 response: the bare result on 200, else the error body.
pub(crate) fn read_response(
    raw: &Reply<'_>,
    max_depth: usize,
    context: &ErrorContext,
) -> Result<Value> {
    if raw.status == 200 {
        let value: Value = serde_json::from_slice(raw.body)
            .map_err(|e| Error::decode("", format!("invalid JSON: {e}"), context.clone()))?;
        check_depth(&value, max_depth, context)?;
        return Ok(value);
    }
    #[derive(Deserialize)]
    struct ErrorBody {
        name: Option<String>,
        message: Option<String>,
        debug: Option<String>,
    }
    let body: Option<ErrorBody> = if raw.is_json() {
        serde_json::from_slice(raw.body).ok()
    } else {
        None
    };
    let Some(body) = body.filter(|b| b.name.is_some() || b.message.is_some()) else {
        let text = String::from_utf8_lossy(raw.body);
        if is_no_database_page(raw.status, &text) {
            // The page says nothing more than that: the client names the database it sent.
            return Err(Error::odoo(OdooError {
                kind: ErrorKind::DatabaseNotFound,
                name: None,
                message: "no database of the server is selected".into(),
                debug: Some(text.into_owned()),
                code: Some(i64::from(raw.status)),
                credential: None,
                context: context.clone(),
            }));
        }
        return Err(raw.http_error(context));
    };
    let message = body.message.unwrap_or_default();
    let kind = match &body.name {
        Some(name) => match kind_from_name(name, &message, context) {
            ErrorKind::Server => kind_from_status(raw.status),
            kind => kind,
        },
        None => kind_from_status(raw.status),
    };
    Err(Error::odoo(OdooError {
        kind,
        name: body.name,
        message,
        debug: body.debug.filter(|d| !d.is_empty()),
        code: Some(i64::from(raw.status)),
        credential: None,
        context: context.clone(),
    }))
}

fn kind_from_status(status: u16) -> ErrorKind {
    match status {
        401 => ErrorKind::AccessDenied,
        403 => ErrorKind::AccessError,
        404 => ErrorKind::NotFound,
        _ => ErrorKind::Server,
    }
}
