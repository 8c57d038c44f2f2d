//! Against a real Odoo: `sync` of `res.partner` over each transport, `generate --check`,
//! `diff`, then a crate that compiles the generated model and reads partners through it on
//! every transport the credentials allow; and the bulk introspection against `fields_get`.
//!
//! Live tests: ignored by a plain `cargo test`, run by
//! `cargo test -p odoo-codegen --test live -- --ignored` with `ODOO_URL`, `ODOO_DB`,
//! `ODOO_USER` and `ODOO_PASSWORD` or `ODOO_API_KEY` set, and failing, naming the variables to
//! set, without them.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::process::Command;

use odoo_test_support::live_settings;

/// The major version in the snapshot of `dir`.
fn first_major(dir: &std::path::Path) -> u32 {
    odoo_codegen::read_snapshot(&dir.join("odoo-schema.json"))
        .ok()
        .and_then(|s| s.server_version)
        .and_then(|v| v.split('.').next().and_then(|m| m.parse().ok()))
        .unwrap_or(0)
}

#[test]
#[ignore = "live: needs ODOO_URL; run with cargo test --workspace -- --ignored"]
fn live_snapshot_and_generate_of_res_partner() {
    let live = live_settings::settings();
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

    // The snapshot is the same whatever the transport that took it.
    let transports: Vec<&str> = ["json-rpc", "xml-rpc", "web", "json2"]
        .into_iter()
        .filter(|t| match *t {
            "web" => live.password.is_some(),
            // JSON-2 exists from Odoo 19 and takes an API key.
            "json2" => live.api_key.is_some() && first_major(&dir) >= 19,
            _ => true,
        })
        .collect();
    let first = std::fs::read_to_string(dir.join("odoo-schema.json")).expect("snapshot");
    for transport in &transports {
        run(&[
            "snapshot",
            "-m",
            "res.partner",
            "--transport",
            transport,
            "-o",
            "again.json",
            "-q",
        ]);
        let again = std::fs::read_to_string(dir.join("again.json")).expect("snapshot");
        assert_eq!(again, first, "{transport}: another snapshot");
    }

    // Compile the generated model and read through it.
    let core = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../odoo-core");
    std::fs::write(
        dir.join("Cargo.toml"),
        format!(
            "[package]\nname = \"live-models\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
             [workspace]\n\n[dependencies]\nodoo-core = {{ path = {core:?} }}\n\
             tokio = {{ version = \"1\", features = [\"rt\", \"macros\"] }}\n",
            core = core.display().to_string()
        ),
    )
    .expect("manifest");
    std::fs::create_dir_all(dir.join("src")).expect("src");
    std::fs::write(
        dir.join("src/main.rs"),
        r#"#![deny(warnings)]
#[path = "../models/mod.rs"]
#[allow(dead_code, unused_imports)]
mod models;
use odoo_core::{Client, TransportKind};
#[tokio::main(flavor = "current_thread")]
async fn main() {
    let var = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
    for name in std::env::args().skip(1) {
        let transport: TransportKind = name.parse().expect("transport");
        let mut b = Client::builder(var("ODOO_URL").expect("url")).transport(transport);
        if let Some(v) = var("ODOO_DB") { b = b.database(v); }
        if let Some(v) = var("ODOO_USER") { b = b.login(v); }
        if let Some(v) = var("ODOO_PASSWORD") { b = b.password(v); }
        if let Some(v) = var("ODOO_API_KEY") { b = b.api_key(v); }
        let client = b.connect().await.expect("connect");
        let rows = client.model::<models::res_partner::ResPartner>().all().limit(3).fetch().await.expect("typed read");
        assert!(!rows.is_empty());
        println!("{name}: {} partners, first {:?}", rows.len(), rows[0].name);
    }
}
"#,
    )
    .expect("main");
    // The workspace's own target dir: the dependencies are built already.
    let target = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("..");
    let mut args = vec!["run", "--quiet", "--"];
    let readable: Vec<&str> = transports
        .iter()
        .map(|t| {
            if *t == "web" {
                "web-session"
            } else if *t == "json2" {
                "json-2"
            } else {
                t
            }
        })
        .collect();
    args.extend(readable.iter().copied());
    let output = Command::new(env!("CARGO"))
        .current_dir(&dir)
        .env("CARGO_TARGET_DIR", &target)
        .args(&args)
        .output()
        .expect("cargo runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "the generated model must compile and read: {stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(stdout.lines().count(), readable.len(), "{stdout}");
}

/// The bulk strategy gives the snapshot that one full `fields_get` per model gives, model by
/// model and field by field, on every model of the server (transient ones included).
#[test]
#[ignore = "live: needs ODOO_URL; run with cargo test --workspace -- --ignored"]
fn live_bulk_introspection_equals_fields_get() {
    use odoo_codegen::introspect::{introspect, IntrospectOptions, Strategy};
    use odoo_codegen::ModelSelection;

    let live = live_settings::settings();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async {
        let mut builder = odoo_core::Client::builder(&live.url)
            .database(&live.db)
            .login(&live.user);
        if let Some(key) = &live.api_key {
            builder = builder.api_key(key);
        }
        if let Some(password) = &live.password {
            builder = builder.password(password);
        }
        let client = builder.connect().await.expect("connect");
        let selection = ModelSelection {
            transient: true,
            ..ModelSelection::default()
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
