//! Inputs found by the fuzz targets of `fuzz/` (see FUZZING.md), kept as the exact bytes that
//! failed, each fed through the same steps as its target.
//!
//! The typed targets read their first byte as the HTTP status and content type and the rest as
//! the body; `response` below mirrors `odoo_fuzz::response` (fuzz/src/lib.rs).

use odoo_core::wire::{decode_json2, decode_json_rpc, decode_web_version};
use odoo_core::{Error, ErrorContext, Limits};

const STATUSES: [u16; 8] = [200, 200, 200, 400, 401, 403, 404, 500];
const CONTENT_TYPES: [Option<&str>; 4] = [
    Some("application/json; charset=utf-8"),
    Some("text/html; charset=utf-8"),
    None,
    Some("text/xml"),
];

fn response(data: &[u8]) -> (u16, Option<&'static str>, &[u8]) {
    let (&head, body) = data.split_first().expect("a fuzz input is not empty");
    (
        STATUSES[usize::from(head & 7)],
        CONTENT_TYPES[usize::from((head >> 3) & 3)],
        body,
    )
}

/// `HttpError::body_excerpt` is documented as at most 512 characters.
fn assert_short_excerpt(result: Result<impl std::fmt::Debug, Error>) {
    let error = result.expect_err("an HTTP error");
    match error.http_error() {
        Some(http) => {
            let chars = http.body_excerpt.chars().count();
            assert!(chars <= 512, "the excerpt keeps {chars} characters");
        }
        None => panic!("expected an HTTP error, got {error:?}"),
    }
}

/// `json_rpc_typed`: a 400 answer with an XML content type and a 513-character body that is
/// not JSON (with bytes that are not UTF-8). The wire decoders returned an `HttpError` that
/// kept the whole body where the client keeps 512 characters.
#[test]
fn json_rpc_typed_http_excerpt() {
    let data = include_bytes!("fuzz_regressions/json_rpc_typed-http-excerpt.bin");
    let (status, content_type, body) = response(data);
    assert_eq!((status, content_type), (400, Some("text/xml")));
    let limits = Limits::default();
    let context = ErrorContext::call("res.partner", "search_read");
    assert_short_excerpt(decode_json_rpc(
        status,
        content_type,
        body,
        &limits,
        &context,
    ));
    assert_short_excerpt(decode_json2(status, content_type, body, &limits, &context));
    assert_short_excerpt(decode_web_version(status, content_type, body, &context));
}
