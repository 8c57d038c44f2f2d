//! What the typed method calls refuse at compile time: an argument of the wrong type, a
//! method the model does not have. Refresh the expected `.stderr` files with
//! `TRYBUILD=overwrite` after a deliberate change.

#[test]
fn typed_method_calls_check_names_and_argument_types() {
    let cases = trybuild::TestCases::new();
    cases.compile_fail("tests/ui/*.rs");
}
