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
fn methods_expansion() {
    let input: syn::DeriveInput = parse_quote! {
        #[odoo(model = "sale.order", schema = false, methods(action_confirm, r#type))]
        pub struct Order {
            pub id: i64,
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

/// Checks against snapshots held in memory.
mod checks {
    use std::path::PathBuf;
    use std::sync::Arc;

    use odoo_schema::rust_type::RustKind;
    use odoo_schema::{FieldSchema, FieldType, ModelSchema, Schema, SelectionKey, SelectionOption};
    use syn::parse_quote;

    use crate::ctxt::Ctxt;
    use crate::model;
    use crate::schema::Loaded;

    fn snapshot(
        version: Option<&str>,
        file: &str,
        model: &str,
        fields: &[(&str, &FieldSchema)],
    ) -> Loaded {
        let mut schema = Schema::new(version.map(str::to_owned));
        let mut model_schema = ModelSchema::default();
        for (name, field) in fields {
            model_schema
                .fields
                .insert((*name).to_owned(), (*field).clone());
        }
        schema.models.insert(model.to_owned(), model_schema);
        Loaded {
            schema: Arc::new(schema),
            path: PathBuf::from("/snapshots").join(file),
        }
    }

    /// The messages of the derive for `input`, and which fields got a read-only handle.
    fn run(input: &syn::DeriveInput, snapshots: Vec<Loaded>) -> (Vec<String>, Vec<String>) {
        let cx = Ctxt::new();
        let readonly = model::read_with(
            &cx,
            input,
            &crate::attr::model_attrs(&cx, &input.attrs),
            |_, _| Ok(snapshots),
        )
        .map(|model| {
            model
                .fields
                .iter()
                .filter(|field| field.readonly)
                .map(|field| field.odoo_name.clone())
                .collect()
        })
        .unwrap_or_default();
        let errors = match cx.check() {
            Ok(()) => Vec::new(),
            Err(error) => error.into_iter().map(|error| error.to_string()).collect(),
        };
        (errors, readonly)
    }

    fn errors_for(ty: &syn::Type, field: &FieldSchema) -> Vec<String> {
        let input: syn::DeriveInput = parse_quote! {
            #[odoo(model = "x.model")]
            pub struct X {
                pub id: i64,
                pub f: #ty,
            }
        };
        run(
            &input,
            vec![snapshot(Some("19.0"), "x.json", "x.model", &[("f", field)])],
        )
        .0
    }

    /// The type the generator writes for a field of this kind (a selection enum aside).
    fn table_type(kind: RustKind) -> syn::Type {
        syn::parse_str(kind.type_path()).expect("a type path")
    }

    fn every_combination() -> Vec<FieldSchema> {
        let mut types: Vec<FieldType> = FieldType::KNOWN.to_vec();
        types.push(FieldType::Other("geo_point".into()));
        let mut out = Vec::new();
        for field_type in types {
            for bits in 0..16_u8 {
                let false_choice = bits & 8 != 0;
                let mut field = FieldSchema {
                    field_type: field_type.clone(),
                    required: bits & 1 != 0,
                    store: bits & 2 != 0,
                    company_dependent: bits & 4 != 0,
                    ..FieldSchema::default()
                };
                if field_type == FieldType::Selection {
                    let mut options = vec![SelectionOption {
                        key: SelectionKey::Str("draft".into()),
                        label: "Draft".into(),
                    }];
                    if false_choice {
                        options.insert(
                            0,
                            SelectionOption {
                                key: SelectionKey::False,
                                label: String::new(),
                            },
                        );
                    }
                    field.selection = Some(options);
                } else if false_choice {
                    continue;
                }
                out.push(field);
            }
        }
        out
    }

    /// The derive requires `Option` exactly where `FieldSchema::optional` says, the rule the
    /// generator writes its types by: the bare type is accepted if and only if the field is
    /// not optional; `Option` of it wherever the field can be empty (x2many lists never
    /// are; an `Option` on an always-set field stays allowed, a defensive choice).
    /// `serde_json::Value` holds `false` itself and is accepted either way.
    #[test]
    fn the_option_rule_is_the_schema_crate_s() {
        let selection_enum: syn::Type = parse_quote!(OrderState);
        for field in every_combination() {
            let kind = field.rust_kind();
            let mut types = vec![table_type(kind)];
            if kind == RustKind::Selection {
                types.push(selection_enum.clone());
            }
            for bare in types {
                let option: syn::Type = parse_quote!(Option<#bare>);
                let bare_errors = errors_for(&bare, &field);
                let option_errors = errors_for(&option, &field);
                let case = format!(
                    "{:?} required={} store={} company_dependent={} selection={:?}: optional()={}",
                    field.field_type,
                    field.required,
                    field.store,
                    field.company_dependent,
                    field.selection,
                    field.optional()
                );
                let bare_ok = bare_errors.is_empty();
                let option_ok = option_errors.is_empty();
                if kind == RustKind::Json {
                    assert!(
                        bare_ok && option_ok,
                        "{case}: {bare_errors:?} {option_errors:?}"
                    );
                    continue;
                }
                assert_eq!(
                    bare_ok,
                    !field.optional(),
                    "{case}, bare `{}`: {bare_errors:?}",
                    quote::quote!(#bare)
                );
                assert_eq!(
                    option_ok,
                    kind != RustKind::X2many,
                    "{case}, Option: {option_errors:?}"
                );
                // What the generator writes is accepted.
                let generated = if field.optional() {
                    option_errors
                } else {
                    bare_errors
                };
                assert!(generated.is_empty(), "{case}: {generated:?}");
            }
        }
    }

    #[test]
    fn a_required_field_that_is_not_stored_must_be_an_option() {
        let name = FieldSchema {
            field_type: FieldType::Char,
            required: true,
            ..FieldSchema::default()
        };
        assert_eq!(
            errors_for(&parse_quote!(String), &name),
            ["`x.model.f` is a char field that is required but not stored in the Odoo 19.0 snapshot (x.json): Odoo computes it when it is read, and `required` does not keep that value from being empty (Odoo then sends `false`), so the type must be `Option<String>`"]
        );
        assert!(errors_for(&parse_quote!(Option<String>), &name).is_empty());
    }

    #[test]
    fn a_field_odoo_cannot_export_is_a_value_or_left_out() {
        let tax_totals = FieldSchema {
            field_type: FieldType::Binary,
            exportable: false,
            ..FieldSchema::default()
        };
        for ty in [parse_quote!(Option<Binary>), parse_quote!(String)] {
            let errors = errors_for(&ty, &tax_totals);
            assert_eq!(errors.len(), 1, "{errors:?}");
            assert!(
                errors[0].starts_with("`x.model.f` is a binary field that Odoo cannot export in the Odoo 19.0 snapshot (x.json): "),
                "{errors:?}"
            );
            assert!(
                errors[0].contains("declare it as `serde_json::Value`, or leave it out"),
                "{errors:?}"
            );
        }
        assert!(errors_for(&parse_quote!(serde_json::Value), &tax_totals).is_empty());
        assert!(errors_for(&parse_quote!(Option<odoo_core::Value>), &tax_totals).is_empty());
    }

    fn field(field_type: FieldType) -> FieldSchema {
        FieldSchema {
            field_type,
            store: true,
            ..FieldSchema::default()
        }
    }

    #[test]
    fn each_snapshot_is_checked_and_named() {
        let input: syn::DeriveInput = parse_quote! {
            #[odoo(model = "stock.move", schema = ["odoo16.json", "odoo19.json"])]
            pub struct Move {
                pub id: i64,
                pub quantity_done: f64,
                pub quantity: f64,
                pub nope: Option<String>,
            }
        };
        let float = field(FieldType::Float);
        let odoo16 = snapshot(
            Some("16.0"),
            "odoo16.json",
            "stock.move",
            &[("quantity_done", &float), ("quantity", &float)],
        );
        let odoo19 = snapshot(
            Some("19.0"),
            "odoo19.json",
            "stock.move",
            &[("quantity", &float)],
        );
        let (errors, _) = run(&input, vec![odoo16, odoo19]);
        assert_eq!(
            errors,
            [
                "model `stock.move` has no field `quantity_done` in the Odoo 19.0 snapshot (odoo19.json) (it exists on Odoo 16: mark it #[odoo(until = 16)] and make it an `Option`)",
                "model `stock.move` has no field `nope` in the Odoo 16.0 and 19.0 snapshots (odoo16.json, odoo19.json)",
            ]
        );
    }

    #[test]
    fn declared_methods_are_checked_where_a_snapshot_documents_methods() {
        let input: syn::DeriveInput = parse_quote! {
            #[odoo(model = "sale.order", methods(action_confirm, action_confrim, copy, copy))]
            pub struct Order {
                pub id: i64,
            }
        };
        let documented = |version: &str, file: &str| {
            let mut loaded = snapshot(Some(version), file, "sale.order", &[]);
            let mut schema = (*loaded.schema).clone();
            if let Some(model) = schema.models.get_mut("sale.order") {
                for name in ["action_confirm", "action_cancel", "copy"] {
                    model.methods.insert(name.to_owned(), Default::default());
                }
            }
            loaded.schema = Arc::new(schema);
            loaded
        };
        let (errors, _) = run(&input, vec![documented("19.0", "odoo19.json")]);
        assert_eq!(
            errors,
            [
                "method `copy` is listed twice",
                "model `sale.order` has no method `action_confrim` in the Odoo 19.0 snapshot (odoo19.json); did you mean `action_confirm`?",
            ]
        );
        // A snapshot without methods for the model (Odoo 16 to 18, or taken without them)
        // does not check them.
        let (errors, _) = run(
            &input,
            vec![snapshot(Some("17.0"), "odoo17.json", "sale.order", &[])],
        );
        assert_eq!(errors, ["method `copy` is listed twice"]);
        let (errors, _) = run(
            &input,
            vec![
                snapshot(Some("17.0"), "odoo17.json", "sale.order", &[]),
                documented("19.0", "odoo19.json"),
            ],
        );
        assert_eq!(errors.len(), 2, "{errors:?}");
    }

    #[test]
    fn snapshots_without_a_version_are_named_by_file_and_models_by_snapshot() {
        let input: syn::DeriveInput = parse_quote! {
            #[odoo(model = "stock.move")]
            pub struct Move {
                pub id: i64,
            }
        };
        let a = snapshot(None, "a.json", "stock.picking", &[]);
        let b = snapshot(None, "b.json", "stock.move", &[]);
        let c = snapshot(Some("17.0"), "c.json", "stock.moves", &[]);
        let d = snapshot(None, "d.json", "stock.picking", &[]);
        let e = snapshot(Some("18.0"), "e.json", "stock.picking", &[]);
        let (errors, _) = run(&input, vec![a, b, c, d, e]);
        assert_eq!(
            errors,
            [
                "model `stock.move` is not in the snapshots a.json, d.json and Odoo 18.0 (e.json)",
                "model `stock.move` is not in the Odoo 17.0 snapshot (c.json); did you mean `stock.moves`?",
            ]
        );
    }

    #[test]
    fn option_and_read_only_combine_across_snapshots() {
        let input: syn::DeriveInput = parse_quote! {
            #[odoo(model = "res.partner")]
            pub struct Partner {
                pub id: i64,
                pub name: String,
                pub total: f64,
                #[odoo(readonly)]
                pub ref_code: Option<String>,
                pub email: Option<String>,
            }
        };
        let required = FieldSchema {
            required: true,
            ..field(FieldType::Char)
        };
        let optional = field(FieldType::Char);
        let plain_total = field(FieldType::Monetary);
        let computed_total = FieldSchema {
            readonly: true,
            depends: vec!["amount".into()],
            ..field(FieldType::Monetary)
        };
        let old = snapshot(
            Some("16.0"),
            "odoo16.json",
            "res.partner",
            &[
                ("name", &required),
                ("total", &plain_total),
                ("ref_code", &optional),
                ("email", &optional),
            ],
        );
        let new = snapshot(
            Some("19.0"),
            "odoo19.json",
            "res.partner",
            &[
                ("name", &optional),
                ("total", &computed_total),
                ("ref_code", &optional),
                ("email", &optional),
            ],
        );
        let (errors, readonly) = run(&input, vec![old, new]);
        assert_eq!(
            errors,
            ["`res.partner.name` is a char field that is not required in the Odoo 19.0 snapshot (odoo19.json): Odoo sends `false` when it is empty, so the type must be `Option<String>`"]
        );
        assert_eq!(readonly, ["total", "ref_code"]);
    }

    #[test]
    fn relation_checks_name_their_snapshots() {
        let input: syn::DeriveInput = parse_quote! {
            #[odoo(model = "res.partner")]
            pub struct Partner {
                pub id: i64,
                pub parent_id: Option<Many2one<Partner>>,
            }
        };
        let parent = FieldSchema {
            relation: Some("res.partner".into()),
            ..field(FieldType::Many2one)
        };
        let a = snapshot(
            Some("16.0"),
            "odoo16.json",
            "res.partner",
            &[("parent_id", &parent)],
        );
        let b = snapshot(
            Some("19.0"),
            "odoo19.json",
            "res.partner",
            &[("parent_id", &parent)],
        );
        let cx = Ctxt::new();
        let attrs = crate::attr::model_attrs(&cx, &input.attrs);
        let model = model::read_with(&cx, &input, &attrs, |_, _| Ok(vec![a, b])).expect("a model");
        assert_eq!(
            model.relation_checks.len(),
            1,
            "one check for both snapshots"
        );
        assert_eq!(
            model.relation_checks[0].message,
            "the struct in Many2one<_>/X2many<_> is a model other than `res.partner`, the relation of `res.partner.parent_id` in the Odoo 16.0 and 19.0 snapshots (odoo16.json, odoo19.json)"
        );
    }
}

#[test]
fn schema_attribute_takes_a_list_of_paths() {
    use crate::attr::{model_attrs, SchemaSource};
    let cx = crate::ctxt::Ctxt::new();
    let input: syn::DeriveInput = parse_quote! {
        #[odoo(model = "stock.move", schema = ["odoo16.json", "odoo19.json",])]
        struct Move;
    };
    let attrs = model_attrs(&cx, &input.attrs);
    assert!(cx.check().is_ok());
    let SchemaSource::Paths(paths) = attrs.schema else {
        panic!("not a list")
    };
    let paths: Vec<String> = paths.iter().map(syn::LitStr::value).collect();
    assert_eq!(paths, ["odoo16.json", "odoo19.json"]);

    for (input, message) in [
        (
            quote::quote!(#[odoo(model = "m.m", schema = [])] struct M;),
            "an empty list of schema snapshots: name at least one, or write schema = false",
        ),
        (
            quote::quote!(#[odoo(model = "m.m", schema = ["a.json", 3])] struct M;),
            "expected the path of a schema snapshot, such as \"odoo19.json\"",
        ),
        (
            quote::quote!(#[odoo(model = "m.m", schema = true)] struct M;),
            "expected a path (schema = \"odoo-schema.json\"), a list of paths (schema = [\"odoo16.json\", \"odoo19.json\"]) or false",
        ),
    ] {
        let input: syn::DeriveInput = syn::parse2(input).expect("parses");
        let cx = crate::ctxt::Ctxt::new();
        let _ = model_attrs(&cx, &input.attrs);
        let errors: Vec<String> = cx
            .check()
            .err()
            .into_iter()
            .flatten()
            .map(|error| error.to_string())
            .collect();
        assert_eq!(errors, [message]);
    }
}
