//! The JSON-2 response decoder (`/json/2/<model>/<method>`, `/doc-bearer/...`) on arbitrary
//! responses, then the result decoded into derived model structs with every kind of field;
//! the body is also decoded straight from its text into the structs, as a plain array of
//! records is what JSON-2 answers for `search_read` and `read`.
//!
//! Input: the first byte picks the HTTP status and content type (see `odoo_fuzz::response`;
//! byte 0 is a 200 JSON answer), the rest is the body.
#![no_main]

use libfuzzer_sys::fuzz_target;
use odoo_core::wire::decode_json2;
use odoo_core::{ErrorContext, Limits, TransportKind};

fuzz_target!(|data: &[u8]| {
    let Some(response) = odoo_fuzz::response(data) else {
        return;
    };
    let context = ErrorContext::call("sale.order", "search_read").on(TransportKind::Json2);
    match decode_json2(
        response.status,
        response.content_type,
        response.body,
        &Limits::default(),
        &context,
    ) {
        Ok(result) => odoo_fuzz::typed(&result),
        Err(e) => odoo_fuzz::show_error(&e),
    }

    let shallow = Limits::default().max_depth(4);
    if let Err(e) = decode_json2(
        response.status,
        response.content_type,
        response.body,
        &shallow,
        &context,
    ) {
        odoo_fuzz::show_error(&e);
    }

    odoo_fuzz::typed_text(response.body);
});
