//! Expansion snapshots: what the derives emit for small inputs, pretty-printed.
//! Review changes with `cargo insta review` (or set `INSTA_UPDATE=always`).

use syn::parse_quote;

fn pretty(tokens: proc_macro2::TokenStream) -> String {
    let file: syn::File = syn::parse2(tokens).expect("the expansion parses as a file");
    prettyplease::unparse(&file)
}

#[test]
fn model_expansion() {
    let input: syn::DeriveInput = parse_quote! {
        #[odoo(model = "res.partner", schema = false)]
        pub struct Partner {
            pub id: i64,
            pub name: Option<String>,
            #[odoo(rename = "type")]
            pub kind: Option<PartnerType>,
            pub parent_id: Option<Many2one<Partner>>,
            #[odoo(readonly)]
            pub display_name: Option<String>,
            #[odoo(skip)]
            pub note: String,
        }
    };
    insta::assert_snapshot!(pretty(crate::expand::model(&input)));
}

#[test]
fn selection_expansion() {
    let input: syn::DeriveInput = parse_quote! {
        pub enum State {
            Draft,
            #[odoo(value = "sale")]
            Confirmed,
            #[odoo(value = 3)]
            Three,
            #[odoo(other)]
            Unknown(String),
        }
    };
    insta::assert_snapshot!(pretty(crate::selection::expand(&input)));
}

#[test]
fn errors_are_collected_and_a_fallback_is_emitted() {
    let input: syn::DeriveInput = parse_quote! {
        #[odoo(model = "res.partner", schema = false, nope)]
        pub struct Partner {
            #[odoo(renam = "x")]
            pub id: i64,
            #[odoo(rename = "")]
            pub name: Option<String>,
        }
    };
    let text = crate::expand::model(&input).to_string();
    assert_eq!(text.matches("compile_error").count(), 3, "{text}");
    assert!(
        text.contains("PartnerFields"),
        "the fallback keeps the handles: {text}"
    );
}
