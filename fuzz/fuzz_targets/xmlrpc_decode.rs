//! The XML-RPC codec on arbitrary bytes: `decode_method_response`, `decode_method_call` and
//! `decode_value` with the default limits, then the transport's reading of a response
//! (`wire::decode_xml_rpc`, faults mapped to errors) into typed records, and the direct
//! typed path (`wire::decode_xml_rpc_as`), which must agree with it.
//!
//! What decodes must also survive the encoder: its output decodes again, to the same value
//! when no string holds a character XML cannot carry (those become U+FFFD by design).
#![no_main]

use libfuzzer_sys::fuzz_target;
use odoo_core::xmlrpc::{
    decode_method_call, decode_method_response, decode_value, encode_method_call,
    encode_method_response, encode_value, Limits, MethodResponse,
};
use odoo_core::{ErrorContext, Value};

fuzz_target!(|data: &[u8]| {
    let limits = Limits::default();

    match decode_method_response(data, &limits) {
        Ok(response) => {
            let text = encode_method_response(&response);
            let again = decode_method_response(text.as_bytes(), &limits)
                .unwrap_or_else(|e| panic!("encoded response does not decode: {e}\n{text}"));
            let exact = match &response {
                MethodResponse::Success(value) => encodable(value),
                MethodResponse::Fault { string, .. } => encodable_str(string),
            };
            if exact {
                assert_eq!(
                    again, response,
                    "response changed through the encoder\n{text}"
                );
            }
        }
        Err(e) => {
            let _ = e.to_string();
        }
    }

    match decode_method_call(data, &limits) {
        Ok((method, params)) => {
            let text = encode_method_call(&method, &params);
            let again = decode_method_call(text.as_bytes(), &limits)
                .unwrap_or_else(|e| panic!("encoded call does not decode: {e}\n{text}"));
            if encodable_str(&method) && params.iter().all(encodable) {
                assert_eq!(
                    again,
                    (method, params),
                    "call changed through the encoder\n{text}"
                );
            }
        }
        Err(e) => {
            let _ = e.to_string();
        }
    }

    match decode_value(data, &limits) {
        Ok(value) => {
            let text = encode_value(&value);
            let again = decode_value(text.as_bytes(), &limits)
                .unwrap_or_else(|e| panic!("encoded value does not decode: {e}\n{text}"));
            if encodable(&value) {
                assert_eq!(again, value, "value changed through the encoder\n{text}");
            }
        }
        Err(e) => {
            let _ = e.to_string();
        }
    }

    // The transport's reading of a 200 answer, as the client does it.
    let context = ErrorContext::call("res.partner", "read");
    let read = odoo_core::wire::decode_xml_rpc(200, Some("text/xml"), data, &Limits::default(), &context);
    match &read {
        Ok(value) => odoo_fuzz::typed(value),
        Err(e) => odoo_fuzz::show_error(e),
    }
    // The direct path (the body read straight into the caller's type) must agree with the
    // reading through a value: same value, or an error both ways.
    let direct = odoo_core::wire::decode_xml_rpc_as::<Value>(
        200,
        Some("text/xml"),
        data,
        &Limits::default(),
        &context,
    );
    match (&read, &direct) {
        (Ok(a), Ok(b)) => assert_eq!(a, b, "the direct typed path read another value"),
        (Err(_), Err(e)) => odoo_fuzz::show_error(e),
        (a, b) => panic!("the two paths disagree: {a:?} / {b:?}"),
    }
    if let Ok(value) = &read {
        odoo_fuzz::typed_xml(value, data);
    }
});

/// Whether every string and struct key of `value` is made of characters XML 1.0 can carry
/// (the encoder replaces the others with U+FFFD).
fn encodable(value: &Value) -> bool {
    match value {
        Value::String(s) => encodable_str(s),
        Value::Array(items) => items.iter().all(encodable),
        Value::Object(map) => map.iter().all(|(k, v)| encodable_str(k) && encodable(v)),
        Value::Null | Value::Bool(_) | Value::Number(_) => true,
    }
}

fn encodable_str(text: &str) -> bool {
    text.chars().all(|c| {
        matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
    })
}
