//! The domain parser: arbitrary JSON through `Domain::raw`. A domain it accepts must give,
//! through `to_value`, a list that it accepts again and that writes back unchanged; and the
//! combinators (`&`, `|`, `!`) on accepted domains must give domains it accepts too.
#![no_main]

use libfuzzer_sys::fuzz_target;
use odoo_core::types::AnyModel;
use odoo_core::{Domain, Value};

fuzz_target!(|data: &[u8]| {
    let Ok(input) = serde_json::from_slice::<Value>(data) else {
        return;
    };
    let domain = match Domain::<AnyModel>::raw(input) {
        Ok(domain) => domain,
        Err(e) => {
            let _ = e.to_string();
            return;
        }
    };
    let written = domain.to_value();
    let again = reread(&written);
    assert_eq!(again.to_value(), written, "to_value does not round-trip");
    assert_eq!(again, domain);
    assert_eq!(again.is_all(), domain.is_all());
    let _ = (domain.to_string(), format!("{domain:?}"));

    // Combinations of valid domains are valid domains.
    let and = domain.clone() & again.clone();
    let or = domain.clone() | again.clone();
    let not = !domain.clone();
    let double_not = !!domain.clone();
    for combined in [and, or, not] {
        let value = combined.to_value();
        assert_eq!(reread(&value).to_value(), value);
    }
    // `!` of the empty domain is the FALSE leaf, whose negation is not written as `[]`.
    if !domain.is_all() {
        assert_eq!(double_not.to_value(), written, "!! is not the identity");
    } else {
        let value = double_not.to_value();
        assert_eq!(reread(&value).to_value(), value);
    }
});

fn reread(value: &Value) -> Domain<AnyModel> {
    Domain::raw(value.clone())
        .unwrap_or_else(|e| panic!("{value} written by to_value is refused: {e}"))
}
