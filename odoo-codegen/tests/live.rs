//! Against a real Odoo, when `ODOO_URL`, `ODOO_DB`, `ODOO_USER` and `ODOO_PASSWORD` or
//! `ODOO_API_KEY` are set: `sync` of `res.partner`, then `generate --check`.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::process::Command;

#[test]
fn live_snapshot_and_generate_of_res_partner() {
    let set = |name: &str| std::env::var(name).is_ok_and(|value| !value.is_empty());
    if !(set("ODOO_URL") && set("ODOO_DB") && set("ODOO_USER"))
        || !(set("ODOO_PASSWORD") || set("ODOO_API_KEY"))
    {
        eprintln!(
            "skipped: set ODOO_URL, ODOO_DB, ODOO_USER and ODOO_PASSWORD or ODOO_API_KEY to run \
             the live codegen test"
        );
        return;
    }
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("odoo-codegen-live");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("dir");
    let run = |args: &[&str]| {
        let output = Command::new(env!("CARGO_BIN_EXE_odoo-codegen"))
            .current_dir(&dir)
            .args(args)
            .output()
            .expect("runs");
        assert!(
            output.status.success(),
            "{args:?}: {}\n{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
    };
    run(&["sync", "-m", "res.partner", "--out-dir", "models", "-q"]);
    let schema = odoo_codegen::read_snapshot(&dir.join("odoo-schema.json")).expect("snapshot");
    let partner = schema.model("res.partner").expect("res.partner");
    assert!(partner.fields.contains_key("name"));
    let code = std::fs::read_to_string(dir.join("models/res_partner.rs")).expect("generated");
    assert!(code.contains("pub struct ResPartner"));
    run(&[
        "generate",
        "--check",
        "-m",
        "res.partner",
        "--out-dir",
        "models",
    ]);
    run(&["diff", "odoo-schema.json", "-q"]);
}

/// The bulk strategy gives the snapshot that one full `fields_get` per model gives, model by
/// model and field by field, on every model of the server (transient ones included).
#[test]
fn live_bulk_introspection_equals_fields_get() {
    use odoo_codegen::introspect::{introspect, IntrospectOptions, Strategy};
    use odoo_codegen::Selection;

    let var = |name: &str| std::env::var(name).ok().filter(|value| !value.is_empty());
    let (Some(url), Some(db), Some(user)) = (var("ODOO_URL"), var("ODOO_DB"), var("ODOO_USER"))
    else {
        eprintln!("skipped: set ODOO_URL, ODOO_DB, ODOO_USER and ODOO_PASSWORD or ODOO_API_KEY");
        return;
    };
    if var("ODOO_PASSWORD").is_none() && var("ODOO_API_KEY").is_none() {
        eprintln!("skipped: set ODOO_PASSWORD or ODOO_API_KEY");
        return;
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async {
        let mut builder = odoo_core::Client::builder(url).database(db).login(user);
        if let Some(key) = var("ODOO_API_KEY") {
            builder = builder.api_key(key);
        }
        if let Some(password) = var("ODOO_PASSWORD") {
            builder = builder.password(password);
        }
        let client = builder.connect().await.expect("connect");
        let selection = Selection {
            transient: true,
            ..Selection::default()
        };
        let run = |strategy| {
            let client = client.clone();
            let selection = selection.clone();
            async move {
                let options = IntrospectOptions {
                    strategy,
                    ..IntrospectOptions::default()
                };
                let started = std::time::Instant::now();
                let result = introspect(&client, &selection, &options)
                    .await
                    .expect("introspect");
                eprintln!(
                    "{strategy}: {} models, {} fields, {} requests, {:.2} s",
                    result.schema.models.len(),
                    result
                        .schema
                        .models
                        .values()
                        .map(|model| model.fields.len())
                        .sum::<usize>(),
                    result.requests,
                    started.elapsed().as_secs_f64()
                );
                result
            }
        };
        let reference = run(Strategy::FieldsGet).await;
        let bulk = run(Strategy::Bulk).await;
        assert_eq!(bulk.strategy, Strategy::Bulk, "the bulk strategy fell back");
        assert!(
            reference.schema.models.len() > 20,
            "too few models to compare"
        );
        assert_eq!(
            reference.failures, bulk.failures,
            "the same models fail either way"
        );
        let mut differences = Vec::new();
        let models: BTreeSet<&String> = reference
            .schema
            .models
            .keys()
            .chain(bulk.schema.models.keys())
            .collect();
        for model in models {
            let (Some(want), Some(got)) = (
                reference.schema.models.get(model),
                bulk.schema.models.get(model),
            ) else {
                differences.push(format!("{model}: in one snapshot only"));
                continue;
            };
            let fields: BTreeSet<&String> = want.fields.keys().chain(got.fields.keys()).collect();
            for field in fields {
                match (want.fields.get(field), got.fields.get(field)) {
                    (Some(a), Some(b)) if a == b => {}
                    (a, b) => differences.push(format!(
                        "{model}.{field}:\n  fields_get {}\n  bulk       {}",
                        serde_json::to_string(&a).unwrap_or_default(),
                        serde_json::to_string(&b).unwrap_or_default()
                    )),
                }
            }
            let (mut want, mut got) = (want.clone(), got.clone());
            want.fields.clear();
            got.fields.clear();
            if want != got {
                differences.push(format!("{model}: model attributes differ"));
            }
        }
        assert!(
            differences.is_empty(),
            "{} differences:\n{}",
            differences.len(),
            differences.join("\n")
        );
    });
}
