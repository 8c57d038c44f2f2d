//! Introspection and generation against the emulator, over every transport it plays: the
//! snapshot equals the emulator's own schema, field by field, and the generated code parses.
//! (The generated code of the emulator's models compiles in `examples/src/models`.)

use odoo_codegen::{introspect, Generator, IntrospectOptions, Selection};
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
            let selection = Selection {
                models: vec!["res.*".into(), "sale.*".into(), "product.*".into()],
                ..Selection::default()
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
    let named = Selection {
        models: vec!["res.partner".into(), "product.product".into()],
        ..Selection::default()
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
    let pattern = Selection {
        models: vec!["res.*".into()],
        ..Selection::default()
    };
    let err = introspect(&client, &pattern, &IntrospectOptions::default())
        .await
        .expect_err("a pattern needs ir.model");
    assert!(err.to_string().contains("ir.model"), "{err}");
}
