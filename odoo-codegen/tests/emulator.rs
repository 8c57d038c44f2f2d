//! Introspection and generation against the emulator, over every transport it plays: the
//! snapshot equals the emulator's own schema, field by field, and the generated code parses.
//! (The generated code of the emulator's models compiles in `examples/src/models`.)

use odoo_codegen::{introspect, Generator, IntrospectOptions, ModelSelection};
use odoo_core::{Client, TransportKind};
use odoo_emulator::{Emulator, OdooVersion};

async fn connect(emu: &Emulator, transport: TransportKind) -> Client {
    let builder = Client::builder(emu.url())
        .database(emu.database())
        .login("admin")
        .transport(transport);
    let builder = if transport == TransportKind::Json2 {
        builder.api_key(Emulator::DEMO_ADMIN_KEY)
    } else {
        builder.password("admin")
    };
    builder
        .connect()
        .await
        .unwrap_or_else(|e| panic!("{transport}: {e}"))
}

#[tokio::test]
async fn snapshot_and_generate_on_every_transport() {
    for (version, transports) in [
        (
            OdooVersion::V17,
            vec![
                TransportKind::JsonRpc,
                TransportKind::XmlRpc,
                TransportKind::WebSession,
            ],
        ),
        (
            OdooVersion::V19,
            vec![
                TransportKind::JsonRpc,
                TransportKind::XmlRpc,
                TransportKind::WebSession,
                TransportKind::Json2,
            ],
        ),
    ] {
        let emu = Emulator::demo(version)
            .await
            .unwrap_or_else(|e| panic!("emulator: {e}"));
        let expected = emu.with_store(|store| store.schema().clone());
        for transport in transports {
            let client = connect(&emu, transport).await;
            let selection = ModelSelection {
                models: vec!["res.*".into(), "sale.*".into(), "product.*".into()],
                ..ModelSelection::default()
            };
            let found = introspect(&client, &selection, &IntrospectOptions::default())
                .await
                .unwrap_or_else(|e| panic!("{version:?} {transport}: {e}"));
            assert!(
                found.failures.is_empty(),
                "{transport}: {:?}",
                found.failures
            );
            assert!(
                found.schema.models.len() >= 9,
                "{transport}: {:?}",
                found.schema.models.keys()
            );
            for (name, model) in &found.schema.models {
                let own = expected
                    .model(name)
                    .unwrap_or_else(|| panic!("{transport}: {name} is not the emulator's"));
                assert_eq!(model.description, own.description, "{transport}: {name}");
                assert_eq!(
                    model.fields.keys().collect::<Vec<_>>(),
                    own.fields.keys().collect::<Vec<_>>(),
                    "{transport}: {name}"
                );
                for (field, schema) in &model.fields {
                    let own_field = &own.fields[field];
                    assert_eq!(
                        schema.field_type, own_field.field_type,
                        "{transport}: {name}.{field}"
                    );
                    assert_eq!(
                        schema.required, own_field.required,
                        "{transport}: {name}.{field}"
                    );
                    assert_eq!(
                        schema.relation, own_field.relation,
                        "{transport}: {name}.{field}"
                    );
                    assert_eq!(
                        schema.selection, own_field.selection,
                        "{transport}: {name}.{field}"
                    );
                }
            }
            let rendered = Generator::new()
                .schema(found.schema)
                .render()
                .unwrap_or_else(|e| panic!("{transport}: render: {e}"));
            assert!(rendered
                .files
                .iter()
                .any(|f| f.path.ends_with("sale_order.rs")));
            for file in &rendered.files {
                syn::parse_file(&file.contents)
                    .unwrap_or_else(|e| panic!("{transport}: {}: {e}", file.path.display()));
            }
        }
    }
}

/// A user who may not read `ir.model` still gets a snapshot of the models named to them
/// (a pattern, which needs the list of models, stays an error).
#[tokio::test]
async fn a_user_without_ir_model_introspects_the_models_named() {
    use odoo_emulator::{Access, User};
    let emu = Emulator::demo_builder(OdooVersion::V18)
        .user(
            User::new("clerk", "clerk")
                .uid(30)
                .access("ir.model", Access::none())
                .access("ir.model.fields", Access::none()),
        )
        .start()
        .await
        .unwrap_or_else(|e| panic!("emulator: {e}"));
    let client = Client::builder(emu.url())
        .database(emu.database())
        .login("clerk")
        .password("clerk")
        .connect()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let named = ModelSelection {
        models: vec!["res.partner".into(), "product.product".into()],
        ..ModelSelection::default()
    };
    let found = introspect(&client, &named, &IntrospectOptions::default())
        .await
        .unwrap_or_else(|e| panic!("named models: {e}"));
    assert!(found.failures.is_empty(), "{:?}", found.failures);
    let models: Vec<&String> = found.schema.models.keys().collect();
    assert_eq!(models, ["product.product", "res.partner"]);
    assert!(found.schema.models["res.partner"]
        .fields
        .contains_key("email"));
    let pattern = ModelSelection {
        models: vec!["res.*".into()],
        ..ModelSelection::default()
    };
    let err = introspect(&client, &pattern, &IntrospectOptions::default())
        .await
        .expect_err("a pattern needs ir.model");
    assert!(err.to_string().contains("ir.model"), "{err}");
}

/// The demo emulator of Odoo 19 whose snapshot documents `sale.order`'s methods as the live
/// server's page does (`tests/doc_bearer/sale_order.json`).
async fn emulator_with_methods() -> Emulator {
    let mut schema = odoo_codegen::schema::Schema::from_json(include_str!(
        "../../odoo-emulator/src/demo/schema.json"
    ))
    .expect("demo schema");
    let page = odoo_codegen::schema::api_doc::ApiDocPage::from_json(include_str!(
        "doc_bearer/sale_order.json"
    ))
    .expect("page");
    if let Some(order) = schema.models.get_mut("sale.order") {
        order.methods = page.methods;
    }
    Emulator::demo_builder(OdooVersion::V19)
        .schema(schema)
        .start()
        .await
        .expect("emulator")
}

#[tokio::test]
async fn methods_are_read_from_the_api_documentation_on_json2() {
    let emu = emulator_with_methods().await;
    let client = connect(&emu, TransportKind::Json2).await;
    let selection = ModelSelection {
        models: vec!["sale.order".into(), "res.partner".into()],
        ..ModelSelection::default()
    };
    let options = IntrospectOptions {
        methods: true,
        ..IntrospectOptions::default()
    };
    let found = introspect(&client, &selection, &options)
        .await
        .expect("introspects");
    assert!(found.warnings.is_empty(), "{:?}", found.warnings);
    let order = &found.schema.models["sale.order"];
    let served = emu.with_store(|store| store.schema().models["sale.order"].methods.clone());
    for (name, method) in &served {
        assert_eq!(order.methods.get(name), Some(method), "sale.order.{name}");
    }
    assert!(order.methods["action_confirm"].parameters.is_empty());
    // The ORM's own, which the emulator documents for every model.
    let partner = &found.schema.models["res.partner"];
    assert_eq!(
        partner.methods["search"].argument_names(),
        ["domain", "offset", "limit", "order"]
    );
    // Fields, and their requests, as without methods; the index and one page per model more.
    let without = introspect(&client, &selection, &IntrospectOptions::default())
        .await
        .expect("introspects");
    assert_eq!(found.requests, without.requests + 3);
    for (name, model) in &without.schema.models {
        assert_eq!(model.fields, found.schema.models[name].fields);
        assert!(model.methods.is_empty());
    }
    // The typed calls generate and parse.
    let rendered = Generator::new()
        .schema(found.schema)
        .render()
        .expect("renders");
    let order = rendered
        .files
        .iter()
        .find(|f| f.path.ends_with("sale_order.rs"))
        .expect("sale_order.rs");
    syn::parse_file(&order.contents).expect("parses");
    assert!(order
        .contents
        .contains("pub fn action_confirm(\n        &self,\n        ids: &[i64],\n    ) -> ::odoo_core::TypedCall<SaleOrder, ::odoo_core::Action>"));
}

#[tokio::test]
async fn without_the_api_documentation_the_snapshot_holds_fields_and_says_why() {
    let options = IntrospectOptions {
        methods: true,
        ..IntrospectOptions::default()
    };
    let selection = ModelSelection {
        models: vec!["res.partner".into()],
        ..ModelSelection::default()
    };
    let emu = emulator_with_methods().await;
    let limited = Client::builder(emu.url())
        .database(emu.database())
        .login("limited")
        .api_key(Emulator::DEMO_LIMITED_KEY)
        .transport(TransportKind::Json2)
        .connect()
        .await
        .expect("connects");
    let rpc = connect(&emu, TransportKind::JsonRpc).await;
    let old = Emulator::demo(OdooVersion::V18).await.expect("emulator");
    let old = connect(&old, TransportKind::JsonRpc).await;
    for (client, why) in [
        (&limited, "may not read the API documentation"),
        (&rpc, "over JSON-2, not json-rpc"),
        (&old, "Odoo 18.0 has no API documentation"),
    ] {
        let found = introspect(client, &selection, &options)
            .await
            .expect("introspects");
        assert_eq!(found.warnings.len(), 1, "{:?}", found.warnings);
        assert!(found.warnings[0].contains(why), "{:?}", found.warnings);
        assert!(found.warnings[0].ends_with("the snapshot holds fields only"));
        assert!(found.schema.models.values().all(|m| m.methods.is_empty()));
        assert!(!found.schema.models.is_empty());
    }
}

/// Each model's probe follows its `fields_get` at once: with one model in flight, the searches
/// and the models' ends alternate (no model waits for the others' fields before its search),
/// each model ends once, and a model whose search raises keeps the probe's reason.
#[tokio::test]
async fn each_model_is_probed_right_after_its_fields() {
    use odoo_codegen::introspect::{ProgressEvent, ProgressFn};
    use odoo_emulator::EmulatorError;
    use std::sync::{Arc, Mutex};

    let log: Arc<Mutex<Vec<String>>> = Arc::default();
    let models = ["res.country", "res.partner", "sale.order"];
    let mut builder = Emulator::demo_builder(OdooVersion::V18);
    for model in models {
        let log = log.clone();
        builder = builder.method(model, "search", move |call| {
            log.lock()
                .expect("log")
                .push(format!("search {}", call.model));
            if call.model == "sale.order" {
                return Err(EmulatorError::access_error("no sales for you"));
            }
            Ok(serde_json::json!([]))
        });
    }
    let emu = builder.start().await.expect("emulator");
    let client = connect(&emu, TransportKind::WebSession).await;
    let progress: ProgressFn = {
        let log = log.clone();
        Arc::new(move |event| {
            if let ProgressEvent::Done(model) = event {
                log.lock().expect("log").push(format!("done {model}"));
            }
        })
    };
    let options = IntrospectOptions {
        concurrency: 1,
        progress: Some(progress),
        ..IntrospectOptions::default()
    };
    let selection = ModelSelection {
        models: models.iter().map(|m| (*m).to_owned()).collect(),
        ..ModelSelection::default()
    };
    let found = introspect(&client, &selection, &options)
        .await
        .expect("introspects");
    let expected: Vec<String> = models
        .iter()
        .flat_map(|m| [format!("search {m}"), format!("done {m}")])
        .collect();
    assert_eq!(*log.lock().expect("log"), expected);
    // ir.model, then a fields_get and a search per model.
    assert_eq!(found.requests, 1 + 2 * models.len());
    let marks: Vec<(&str, Option<&str>)> = found
        .schema
        .models
        .iter()
        .map(|(name, model)| (name.as_str(), model.unreadable.as_deref()))
        .collect();
    assert_eq!(
        marks,
        [
            ("res.country", None),
            ("res.partner", None),
            ("sale.order", Some("no read access for this user")),
        ]
    );
}
