//! The JSON-RPC response decoders on arbitrary responses (`/jsonrpc` and `/web/...` share
//! the envelope; `GET /web/version` is read here too), then the result decoded into derived
//! model structs with every kind of field.
//!
//! Input: the first byte picks the HTTP status and content type (see `odoo_fuzz::response`;
//! byte 0 is a 200 JSON answer), the rest is the body.
#![no_main]

use libfuzzer_sys::fuzz_target;
use odoo_core::wire::{decode_json_rpc, decode_web_version};
use odoo_core::{ErrorContext, Limits, TransportKind};

fuzz_target!(|data: &[u8]| {
    let Some(response) = odoo_fuzz::response(data) else {
        return;
    };
    let context = ErrorContext::call("res.partner", "search_read").on(TransportKind::JsonRpc);
    match decode_json_rpc(
        response.status,
        response.content_type,
        response.body,
        &Limits::default(),
        &context,
    ) {
        Ok(result) => odoo_fuzz::typed(&result),
        Err(e) => odoo_fuzz::show_error(&e),
    }

    // A tighter depth limit than serde_json's own takes the depth check's path.
    let shallow = Limits::default().max_depth(4);
    match decode_json_rpc(
        response.status,
        response.content_type,
        response.body,
        &shallow,
        &context,
    ) {
        Ok(result) => odoo_fuzz::typed(&result),
        Err(e) => odoo_fuzz::show_error(&e),
    }

    let version_context = ErrorContext::service("version");
    match decode_web_version(
        response.status,
        response.content_type,
        response.body,
        &version_context,
    ) {
        Ok(version) => {
            let _ = format!("{version:?}");
        }
        Err(e) => odoo_fuzz::show_error(&e),
    }
});
