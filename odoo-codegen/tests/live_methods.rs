//! Against a real Odoo: snapshot `res.partner`, `sale.order` and `account.move` with their
//! methods (`sync --methods`). On Odoo 19 and later, with an API key, build the generated code
//! and run on that server, through the typed calls: `message_post` on a new partner, `copy` of
//! it with a default, `action_archive` of the copy, `action_confirm` of a new quotation, and
//! `search_count` of `account.move` (a method on the model). The records are removed
//! afterwards. The program's output is written to
//! `target/tmp/odoo-codegen-live-methods/report.txt`. Before 19, Odoo has no API
//! documentation: the test checks that the snapshot holds the fields and no methods, and that
//! the CLI said why.
//!
//! A live test: ignored by a plain `cargo test`, run by
//! `cargo test -p odoo-codegen --test live_methods -- --ignored` with `ODOO_URL`, `ODOO_DB`,
//! `ODOO_USER` and `ODOO_API_KEY` set (before 19, `ODOO_PASSWORD` serves in place of the key).
//! Without them it fails, naming the variables to set, and so it does on 19 and later without
//! `ODOO_API_KEY`.

use std::path::{Path, PathBuf};
use std::process::Command;

use odoo_test_support::live_settings;

/// Runs `odoo-codegen`; with an API key, without the password, so that it connects with the key
/// (over JSON-2 on 19 and later).
fn run_codegen(dir: &Path, args: &[&str], api_key: bool) -> String {
    let mut command = Command::new(env!("CARGO_BIN_EXE_odoo-codegen"));
    command.current_dir(dir).args(args);
    if api_key {
        command.env_remove("ODOO_PASSWORD");
    }
    let output = command.output().expect("odoo-codegen runs");
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(output.status.success(), "{args:?}: {stderr}");
    stderr
}

const MAIN: &str = r#"#![deny(warnings)]
#[path = "../models/mod.rs"]
mod models;

use models::{account_move::AccountMove, res_partner::ResPartner, sale_order::SaleOrder};
use odoo_core::{json, Action, Client, Map, Model, ReadOptions, SearchOptions, Value, Values};

type R<T> = Result<T, Box<dyn std::error::Error>>;

async fn connect() -> Client {
    let var = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
    let mut b = Client::builder(var("ODOO_URL").expect("ODOO_URL"));
    if let Some(v) = var("ODOO_DB") { b = b.database(v); }
    if let Some(v) = var("ODOO_USER") { b = b.login(v); }
    if let Some(v) = var("ODOO_API_KEY") { b = b.api_key(v); }
    b.connect().await.expect("connect")
}

async fn read(client: &Client, model: &str, id: i64, fields: &[&str]) -> R<Map<String, Value>> {
    let rows: Vec<Map<String, Value>> =
        client.read(model, &[id], fields, ReadOptions::new()).await?;
    Ok(rows.into_iter().next().ok_or("record not found")?)
}

async fn partner_calls(client: &Client) -> R<i64> {
    let partners = client.model::<ResPartner>();
    let f = ResPartner::fields();
    let id = partners.create(&Values::new().set(&f.name, "odoo-rs typed methods")).await?;
    let posted = partners
        .methods()
        .message_post(&[id])
        .body("Posted through a typed call")
        .message_type("comment")
        .subtype_xmlid("mail.mt_note")
        .send()
        .await?;
    println!("ok\tmessage_post\t{posted}");
    let copies: Vec<i64> = partners
        .methods()
        .copy(&[id])
        .default(Values::new().set(&f.name, "odoo-rs typed methods (copy)"))
        .send()
        .await?;
    let copy = read(client, "res.partner", copies[0], &["name"]).await?;
    assert_eq!(copy["name"], json!("odoo-rs typed methods (copy)"));
    println!("ok\tcopy\t{copies:?} {}", copy["name"]);
    let archived: Action = partners.methods().action_archive(&copies).send().await?;
    let copy = read(client, "res.partner", copies[0], &["active"]).await?;
    assert_eq!(copy["active"], json!(false));
    println!("ok\taction_archive\t{archived:?}");
    partners.unlink(&copies).await?;
    Ok(id)
}

async fn order_calls(client: &Client, partner: i64) -> R<()> {
    let products = client
        .search("product.product", json!([["sale_ok", "=", true]]), SearchOptions::new().limit(1))
        .await?;
    let product = *products.first().ok_or("no product to sell")?;
    let order = client
        .create(
            "sale.order",
            json!({"partner_id": partner, "order_line": [[0, 0, {"product_id": product, "product_uom_qty": 1}]]}),
        )
        .await?;
    let orders = client.model::<SaleOrder>();
    let confirmed: Action = orders.methods().action_confirm(&[order]).send().await?;
    let state = read(client, "sale.order", order, &["state"]).await?;
    assert_eq!(state["state"], json!("sale"));
    println!("ok\taction_confirm\t{confirmed:?}");
    let cancelled = orders.methods().action_cancel(&[order]).send().await?;
    println!("ok\taction_cancel\t{cancelled:?}");
    orders.unlink(&[order]).await?;
    Ok(())
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let client = connect().await;
    let partner = partner_calls(&client).await.expect("res.partner calls");
    order_calls(&client, partner).await.expect("sale.order calls");
    let moves: i64 = client
        .model::<AccountMove>()
        .methods()
        .search_count(json!([["move_type", "=", "out_invoice"]]))
        .send()
        .await
        .expect("account.move search_count");
    println!("ok\tsearch_count\t{moves}");
    let removed = client.model::<ResPartner>().unlink(&[partner]).await;
    println!("done\t{}", removed.is_ok());
}
"#;

#[test]
#[ignore = "live: needs ODOO_URL; run with cargo test --workspace -- --ignored"]
fn live_typed_method_calls_of_generated_models() {
    let live = live_settings::settings();
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("odoo-codegen-live-methods");
    let _ = std::fs::remove_dir_all(dir.join("models"));
    std::fs::create_dir_all(dir.join("src")).expect("dir");
    let stderr = run_codegen(
        &dir,
        &[
            "sync",
            "--methods",
            "-m",
            "res.partner,sale.order,account.move",
            "--out-dir",
            "models",
        ],
        live.api_key.is_some(),
    );
    let schema = odoo_codegen::read_snapshot(&dir.join("odoo-schema.json")).expect("snapshot");
    let version = schema.server_version.as_deref().unwrap_or("?");
    if schema.server_major().is_some_and(|major| major < 19) {
        // No API documentation before 19: the fields, no methods, and the CLI says why.
        assert!(
            stderr.contains("has no API documentation to read methods from")
                && stderr.contains("the snapshot holds fields only"),
            "Odoo {version}: {stderr}"
        );
        for model in ["res.partner", "sale.order", "account.move"] {
            let schema = &schema.models[model];
            assert!(!schema.fields.is_empty(), "{model}: no fields");
            assert!(
                schema.methods.is_empty(),
                "{model}: methods on Odoo {version}"
            );
        }
        eprintln!("Odoo {version}: fields only, no methods, and the CLI said why");
        return;
    }
    assert!(
        live.api_key.is_some(),
        "Odoo {version} gives methods over JSON-2 with an API key: set ODOO_API_KEY \
         (Preferences > Account Security > New API key) to run this test"
    );
    assert!(!stderr.contains("warning:"), "{stderr}");
    for model in ["res.partner", "sale.order", "account.move"] {
        let methods = &schema.models[model].methods;
        assert!(methods.len() > 50, "{model}: {} methods", methods.len());
    }
    let core = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../odoo-core");
    std::fs::write(
        dir.join("Cargo.toml"),
        format!(
            "[package]\nname = \"live-typed-methods\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
             [workspace]\n\n[dependencies]\nodoo-core = {{ path = {core:?} }}\n\
             tokio = {{ version = \"1\", features = [\"rt\", \"macros\"] }}\n",
            core = core.display().to_string()
        ),
    )
    .expect("manifest");
    std::fs::write(dir.join("src/main.rs"), MAIN).expect("main.rs");
    let target = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("..");
    let output = Command::new(env!("CARGO"))
        .current_dir(&dir)
        .env("CARGO_TARGET_DIR", &target)
        .env_remove("ODOO_PASSWORD")
        .args(["run", "--quiet"])
        .output()
        .expect("cargo runs");
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    std::fs::write(dir.join("report.txt"), &stdout).expect("report");
    assert!(
        output.status.success(),
        "the typed calls must compile and run: {stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    for call in [
        "message_post",
        "copy",
        "action_archive",
        "action_confirm",
        "search_count",
    ] {
        assert!(
            stdout
                .lines()
                .any(|l| l.starts_with(&format!("ok\t{call}\t"))),
            "{call}: {stdout}"
        );
    }
    eprintln!("{stdout}");
}
