//! Wire decoding, the bottom layer: what came back from the server (status, content type,
//! body) into a result or an [`Error`], for every protocol.
//!
//! The public functions here are the response decoders of every transport, usable on their
//! own: for tests that replay recorded exchanges, for fuzzing, or for a program that carries
//! requests by other means.
//!
//! Each takes what came back (status, content type, body) and answers the result value or the
//! [`Error`] the client would raise for it.

use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::error::{Error, ErrorContext, LimitKind, Result};
use crate::limits::Limits;
use crate::version::ServerVersion;

mod answer;
pub(crate) mod classify;
mod id_tee;
pub(crate) mod json2;
mod json_path;
pub(crate) mod json_rpc;
pub(crate) mod report;
mod response;
pub(crate) mod xml_rpc;

pub(crate) use answer::Answer;
use answer::Protocol;
pub(crate) use id_tee::WithId;
pub(crate) use json_path::decode_value;
pub(crate) use response::{parse_retry_after, RawResponse, Reply};

/// The response the caller hands in, borrowed: the body is not copied.
fn reply<'a>(status: u16, content_type: Option<&'a str>, body: &'a [u8]) -> Reply<'a> {
    Reply {
        status,
        content_type,
        retry_after: None,
        body,
    }
}

/// The error as the client raises it: the client passes every error through its redaction,
/// which also cuts an HTTP error's body excerpt to its documented length; with no secrets to
/// remove, only the cut is left to do.
fn as_client(error: Error) -> Error {
    error.redact(&[])
}

/// What the client's HTTP layer enforces while reading; the same bound for bodies given here.
fn check_size(body: &[u8], limits: &Limits, context: &ErrorContext) -> Result<()> {
    if body.len() > limits.max_response_bytes {
        return Err(Error::limit(
            LimitKind::ResponseBytes,
            limits.max_response_bytes,
            context.clone(),
        ));
    }
    Ok(())
}

/// Decodes a JSON-RPC answer of `/jsonrpc` or `/web/...`.
pub fn decode_json_rpc(
    status: u16,
    content_type: Option<&str>,
    body: &[u8],
    limits: &Limits,
    context: &ErrorContext,
) -> Result<Value> {
    check_size(body, limits, context)?;
    let reply = reply(status, content_type, body);
    json_rpc::read_response(&reply, limits.max_depth, context).map_err(as_client)
}

/// Decodes an XML-RPC answer of `/xmlrpc/2/...`.
pub fn decode_xml_rpc(
    status: u16,
    content_type: Option<&str>,
    body: &[u8],
    limits: &Limits,
    context: &ErrorContext,
) -> Result<Value> {
    let reply = reply(status, content_type, body);
    xml_rpc::read_response(&reply, limits, context).map_err(as_client)
}

/// Decodes a JSON-2 answer of `/json/2/<model>/<method>` (or `/doc-bearer/...`).
pub fn decode_json2(
    status: u16,
    content_type: Option<&str>,
    body: &[u8],
    limits: &Limits,
    context: &ErrorContext,
) -> Result<Value> {
    check_size(body, limits, context)?;
    let reply = reply(status, content_type, body);
    json2::read_response(&reply, limits.max_depth, context).map_err(as_client)
}

/// Decodes a JSON-RPC answer of `/jsonrpc` or `/web/...` into `T`, as
/// [`Client::call_as`](crate::Client::call_as) does: straight from the body when the result
/// fits, else through [`decode_json_rpc`] for the error and its JSON path.
pub fn decode_json_rpc_as<T: DeserializeOwned>(
    status: u16,
    content_type: Option<&str>,
    body: &[u8],
    limits: &Limits,
    context: &ErrorContext,
) -> Result<T> {
    check_size(body, limits, context)?;
    let protocol = Protocol::JsonRpc {
        max_depth: limits.max_depth,
    };
    protocol.decode(&reply(status, content_type, body), context)
}

/// Decodes a JSON-2 answer into `T`, as [`Client::call_as`](crate::Client::call_as) does.
pub fn decode_json2_as<T: DeserializeOwned>(
    status: u16,
    content_type: Option<&str>,
    body: &[u8],
    limits: &Limits,
    context: &ErrorContext,
) -> Result<T> {
    check_size(body, limits, context)?;
    let protocol = Protocol::Json2 {
        max_depth: limits.max_depth,
    };
    protocol.decode(&reply(status, content_type, body), context)
}

/// Decodes an XML-RPC answer into `T`, as [`Client::call_as`](crate::Client::call_as) does:
/// straight from the document's events into `T` when the answer is a success that fits, else
/// through [`decode_xml_rpc`] (the fault, or the error with its JSON path).
pub fn decode_xml_rpc_as<T: DeserializeOwned>(
    status: u16,
    content_type: Option<&str>,
    body: &[u8],
    limits: &Limits,
    context: &ErrorContext,
) -> Result<T> {
    let protocol = Protocol::XmlRpc { limits: *limits };
    protocol.decode(&reply(status, content_type, body), context)
}

/// Decodes the answer of `GET /web/version` (Odoo 19+; older servers answer 404).
pub fn decode_web_version(
    status: u16,
    content_type: Option<&str>,
    body: &[u8],
    context: &ErrorContext,
) -> Result<ServerVersion> {
    if status != 200 {
        return Err(as_client(
            reply(status, content_type, body).http_error(context),
        ));
    }
    let value: Value = serde_json::from_slice(body)
        .map_err(|e| Error::decode("", format!("invalid JSON: {e}"), context.clone()))?;
    ServerVersion::from_web_version(&value, context)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::BODY_EXCERPT_CHARS;

    fn excerpt_chars(error: &Error) -> usize {
        match error.http_error() {
            Some(http) => http.body_excerpt.chars().count(),
            None => panic!("not an HTTP error: {error:?}"),
        }
    }

    /// Found by the fuzz target `json_rpc_typed`: the decoders kept up to 4,608 characters
    /// of a non-Odoo error page, where the client (and `HttpError`'s documentation) keeps 512.
    #[test]
    fn http_errors_keep_the_documented_excerpt() {
        let page = format!("<html>{}</html>", "Bad Gateway ".repeat(400));
        let limits = Limits::default();
        let context = ErrorContext::default();
        let errors = [
            decode_json_rpc(502, Some("text/html"), page.as_bytes(), &limits, &context),
            decode_xml_rpc(502, Some("text/html"), page.as_bytes(), &limits, &context),
            decode_json2(502, Some("text/html"), page.as_bytes(), &limits, &context),
        ];
        for error in errors {
            let error = error.expect_err("a 502 page is an error");
            assert_eq!(excerpt_chars(&error), BODY_EXCERPT_CHARS);
        }
        let error = decode_web_version(502, Some("text/html"), page.as_bytes(), &context)
            .expect_err("a 502 page is an error");
        assert_eq!(excerpt_chars(&error), BODY_EXCERPT_CHARS);
    }

    /// Only the start of a body is decoded for the excerpt (a body that is not UTF-8 is not
    /// copied whole), and the excerpt is what decoding the whole body would begin with,
    /// wherever the cut falls in a character or a bad sequence.
    #[test]
    fn excerpts_of_bodies_that_are_not_utf8_are_those_of_the_whole_body() {
        let pieces: [&[u8]; 6] = [
            b"a",
            "\u{e9}".as_bytes(),
            b"\xff",
            b"\xe2\x82",
            "\u{1F600}".as_bytes(),
            b"\xf0\x9f\x98",
        ];
        let limits = Limits::default();
        let context = ErrorContext::default();
        for shift in 0..8 {
            for start in 0..pieces.len() {
                let mut body = vec![b'x'; shift];
                for i in 0..1200 {
                    body.extend_from_slice(pieces[(start + i * 7 / 3) % pieces.len()]);
                }
                let whole: String = String::from_utf8_lossy(&body)
                    .chars()
                    .take(BODY_EXCERPT_CHARS)
                    .collect();
                let error = decode_json2(502, Some("text/html"), &body, &limits, &context)
                    .expect_err("a 502 page is an error");
                let excerpt = error.http_error().map(|e| e.body_excerpt.as_str());
                assert_eq!(
                    excerpt,
                    Some(whole.as_str()),
                    "shift {shift}, start {start}"
                );
            }
        }
    }
}
