//! Against a real Odoo (with `contacts`, `sale_management` and `stock`): generate every
//! non-transient model the user can read, build the code, and read up to 3 records through
//! every generated struct on that same server; then create, write, read and delete through
//! generated `Values` on `res.partner`, `product.product`, `sale.order` (with lines) and
//! `stock.picking` (with moves).
//!
//! A live test: ignored by a plain `cargo test`, run by
//! `cargo test -p odoo-codegen --test live_models -- --ignored` with `ODOO_URL`, `ODOO_DB`,
//! `ODOO_USER` and `ODOO_PASSWORD` or `ODOO_API_KEY` set (optionally `ODOO_TRANSPORT`), and
//! failing, naming the variables to set, without them.
//!
//! `ODOO_LIVE_ALL_FIELDS=1` generates every field (binary and non-stored ones too) instead of
//! the default choice. The per-model results are written to
//! `target/tmp/odoo-codegen-live-models/report.txt`.

use std::path::{Path, PathBuf};
use std::process::Command;

use odoo_test_support::live_settings;

fn run_codegen(dir: &Path, args: &[&str]) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_odoo-codegen"))
        .current_dir(dir)
        .args(args)
        .output()
        .expect("odoo-codegen runs");
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(
        output.status.success(),
        "{args:?}: {}\n{stderr}",
        String::from_utf8_lossy(&output.stdout)
    );
    stderr
}

/// `(module, struct)` of every model `mod.rs` re-exports.
fn generated_structs(mod_rs: &str) -> Vec<(String, String)> {
    mod_rs
        .lines()
        .filter_map(|line| {
            let rest = line.trim().strip_prefix("pub use self::")?;
            let (module, structure) = rest.trim_end_matches(';').split_once("::")?;
            Some((module.to_owned(), structure.to_owned()))
        })
        .collect()
}

const MAIN_HEAD: &str = r#"#![deny(warnings)]
#[path = "../models/mod.rs"]
mod models;
mod crud;
use odoo_core::{Client, Model};

async fn read<M: Model>(client: &Client) -> Result<usize, String> {
    let model = client.model::<M>();
    match model.all().limit(3).fetch().await {
        Ok(rows) => Ok(rows.len()),
        // A record rule may hide some records from the user (Odoo 16 hides the periodic digest
        // mail from the admin): read the others one at a time. A field the user may not read
        // fails every one of them, and so does the struct.
        Err(error) if error.kind() == odoo_core::ErrorKind::AccessError => {
            let ids = model.all().limit(20).ids().await.map_err(|e| e.to_string())?;
            let mut read = 0;
            for id in ids {
                match model.read(&[id]).await {
                    Ok(rows) => read += rows.len(),
                    Err(e) if e.kind() == odoo_core::ErrorKind::AccessError => continue,
                    Err(e) => return Err(e.to_string()),
                }
                if read >= 3 { break; }
            }
            if read > 0 { Ok(read) } else { Err(error.to_string()) }
        }
        Err(error) => Err(error.to_string()),
    }
}

async fn connect() -> Client {
    let var = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
    let mut b = Client::builder(var("ODOO_URL").expect("ODOO_URL"));
    if let Some(v) = var("ODOO_TRANSPORT") { b = b.transport(v.parse().expect("transport")); }
    if let Some(v) = var("ODOO_DB") { b = b.database(v); }
    if let Some(v) = var("ODOO_USER") { b = b.login(v); }
    if let Some(v) = var("ODOO_PASSWORD") { b = b.password(v); }
    if let Some(v) = var("ODOO_API_KEY") { b = b.api_key(v); }
    b.connect().await.expect("connect")
}

fn report(model: &str, result: Result<usize, String>) -> usize {
    match result {
        Ok(n) => { println!("ok\t{model}\t{n}"); 0 }
        Err(error) => { println!("err\t{model}\t{}", error.replace('\n', " ")); 1 }
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let client = connect().await;
    let mut failed = 0;
"#;

const MAIN_TAIL: &str = r#"    for line in crud::run(&client).await {
        println!("crud\t{line}");
    }
    println!("done\t{failed}");
}
"#;

#[test]
#[ignore = "live: needs ODOO_URL; run with cargo test --workspace -- --ignored"]
fn live_every_generated_model_reads_and_crud_through_generated_values() {
    // Panics naming the variables to set; `odoo-codegen` and the program built here read them.
    live_settings::settings();
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("odoo-codegen-live-models");
    let _ = std::fs::remove_dir_all(dir.join("models"));
    std::fs::create_dir_all(&dir).expect("dir");
    let mut args = vec!["sync", "--out-dir", "models", "-q"];
    if std::env::var_os("ODOO_LIVE_ALL_FIELDS").is_some() {
        args.push("--all-fields");
    }
    run_codegen(&dir, &args);
    let schema = odoo_codegen::read_snapshot(&dir.join("odoo-schema.json")).expect("snapshot");
    let major: u32 = schema
        .server_version
        .as_deref()
        .and_then(|v| v.split(['.', '-']).next())
        .and_then(|m| m.trim_start_matches("saas~").parse().ok())
        .unwrap_or(0);
    let mod_rs = std::fs::read_to_string(dir.join("models/mod.rs")).expect("mod.rs");
    let structs = generated_structs(&mod_rs);
    assert!(structs.len() > 100, "{} models generated", structs.len());

    let core = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../odoo-core");
    std::fs::write(
        dir.join("Cargo.toml"),
        format!(
            "[package]\nname = \"live-every-model\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
             [workspace]\n\n[dependencies]\nodoo-core = {{ path = {core:?} }}\n\
             tokio = {{ version = \"1\", features = [\"rt\", \"macros\"] }}\n",
            core = core.display().to_string()
        ),
    )
    .expect("manifest");
    std::fs::create_dir_all(dir.join("src")).expect("src");
    let mut main = String::from(MAIN_HEAD);
    for (module, structure) in &structs {
        main.push_str(&format!(
            "    failed += report(<models::{module}::{structure} as Model>::MODEL, read::<models::{module}::{structure}>(&client).await);\n"
        ));
    }
    main.push_str(MAIN_TAIL);
    std::fs::write(dir.join("src/main.rs"), main).expect("main.rs");
    std::fs::write(dir.join("src/crud.rs"), crud_source(major)).expect("crud.rs");

    let target = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("..");
    let output = Command::new(env!("CARGO"))
        .current_dir(&dir)
        .env("CARGO_TARGET_DIR", &target)
        .args(["run", "--quiet"])
        .output()
        .expect("cargo runs");
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    std::fs::write(dir.join("report.txt"), &stdout).expect("report");
    assert!(
        output.status.success(),
        "the generated models must compile and run: {stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let ok = stdout.lines().filter(|l| l.starts_with("ok\t")).count();
    let failed: Vec<&str> = stdout.lines().filter(|l| l.starts_with("err\t")).collect();
    let crud: Vec<&str> = stdout.lines().filter(|l| l.starts_with("crud\t")).collect();
    eprintln!(
        "Odoo {}: {ok} of {} generated models read; crud: {crud:?}",
        schema.server_version.as_deref().unwrap_or("?"),
        structs.len()
    );
    assert!(
        failed.is_empty(),
        "{} of {} models do not read:\n{}",
        failed.len(),
        structs.len(),
        failed.join("\n")
    );
    assert_eq!(ok, structs.len(), "{stdout}");
    assert!(
        crud.iter().all(|line| line.contains(": ok")) && crud.len() == 4,
        "{crud:?}"
    );
}

/// Create, write, read and delete through the generated structs and `Values`, written for the
/// fields each version has.
fn crud_source(major: u32) -> String {
    // Odoo 16 to 18 ask for a name and the locations on each stock move, which 19 takes
    // from the picking.
    let move_name = if major <= 18 {
        ".set(&mf.name, \"live move\").set(&mf.location_id, src).set(&mf.location_dest_id, dest)"
    } else {
        ""
    };
    let _ = major;
    format!(
        r#"use odoo_core::types::Command;
use odoo_core::{{Client, Context, Domain, Model, Values}};

use crate::models::{{product_product::ProductProduct, res_partner::ResPartner, sale_order::SaleOrder,
    sale_order_line::SaleOrderLine, stock_move::StockMove, stock_picking::StockPicking,
    stock_picking_type::StockPickingType}};

pub async fn run(client: &Client) -> Vec<String> {{
    vec![
        step("res.partner", partner(client).await),
        step("product.product", product(client).await),
        step("sale.order", order(client).await),
        step("stock.picking", picking(client).await),
    ]
}}

type R<T> = Result<T, Box<dyn std::error::Error>>;

fn step(model: &str, result: R<String>) -> String {{
    match result {{
        Ok(note) => format!("{{model}}: ok ({{note}})"),
        Err(error) => format!("{{model}}: failed: {{}}", error.to_string().replace('\n', " ")),
    }}
}}

async fn partner(client: &Client) -> R<String> {{
    let partners = client.model::<ResPartner>();
    let f = ResPartner::fields();
    let id = partners
        .create(&Values::new().set(&f.name, "odoo-rs live partner").set(&f.email, "live@example.com").set(&f.is_company, true))
        .await?;
    partners.write(&[id], &Values::new().set(&f.phone, "+32 2 000 00 00").clear(&f.email)).await?;
    let read = partners.get(id).await?.ok_or("created partner not found")?;
    assert_eq!(read.phone.as_deref(), Some("+32 2 000 00 00"));
    assert_eq!(read.email, None);
    partners.unlink(&[id]).await?;
    Ok(format!("id {{id}}"))
}}

async fn product(client: &Client) -> R<String> {{
    let products = client.model::<ProductProduct>();
    let f = ProductProduct::fields();
    let id = products.create(&Values::new().set(&f.name, "odoo-rs live product").set(&f.list_price, 12.5)).await?;
    products.write(&[id], &Values::new().set(&f.list_price, 15.0).set(&f.default_code, "ODOO-RS-LIVE")).await?;
    let read = products.get(id).await?.ok_or("created product not found")?;
    assert!((read.list_price - 15.0).abs() < 1e-9);
    assert_eq!(read.default_code.as_deref(), Some("ODOO-RS-LIVE"));
    products.unlink(&[id]).await?;
    Ok(format!("id {{id}}"))
}}

async fn some_id<M: Model<Base = M>>(client: &Client, domain: Domain<M>) -> R<i64> {{
    let ids = client.model::<M>().search(domain).limit(1).ids().await?;
    Ok(ids.first().copied().ok_or(format!("no {{}} record", M::MODEL))?)
}}

async fn order(client: &Client) -> R<String> {{
    let partner = some_id(client, ResPartner::fields().is_company.eq(true)).await?;
    let product = some_id(client, ProductProduct::fields().sale_ok.eq(true)).await?;
    let orders = client.model::<SaleOrder>();
    let f = SaleOrder::fields();
    let l = SaleOrderLine::fields();
    let line = |qty: f64| Command::create(Values::<SaleOrderLine>::new().set(&l.product_id, product).set(&l.product_uom_qty, qty));
    let id = orders
        .create(&Values::new().set(&f.partner_id, partner).set(&f.order_line, [line(2.0), line(3.0)]))
        .await?;
    orders.write(&[id], &Values::new().set(&f.client_order_ref, "ODOO-RS-LIVE")).await?;
    let read = orders.get(id).await?.ok_or("created order not found")?;
    assert_eq!(read.order_line.ids().len(), 2);
    assert_eq!(read.client_order_ref.as_deref(), Some("ODOO-RS-LIVE"));
    let lines = client.model::<SaleOrderLine>().read(read.order_line.ids()).await?;
    assert_eq!(lines.len(), 2);
    orders.unlink(&[id]).await?;
    Ok(format!("id {{id}}, 2 lines"))
}}

async fn picking(client: &Client) -> R<String> {{
    let types = client.model::<StockPickingType>();
    let outgoing = crate::models::stock_picking_type::Code::Outgoing;
    let kinds = types.search(StockPickingType::fields().code.eq(outgoing)).limit(1).fetch().await?;
    let kind = kinds.into_iter().next().ok_or("no delivery type")?;
    // Its default locations, read untyped (their Rust type differs between versions).
    let rows: Vec<odoo_core::Value> = client
        .read("stock.picking.type", &[kind.id], &["default_location_src_id", "default_location_dest_id"], odoo_core::ReadOptions::new())
        .await?;
    let location = |key: &str| rows.first().and_then(|row| row[key][0].as_i64());
    // A delivery type may leave its destination to the partner: then a customer location.
    let customer = client
        .search("stock.location", odoo_core::Value::from(vec![odoo_core::Value::from(vec!["usage", "=", "customer"])]), odoo_core::SearchOptions::new().limit(1))
        .await?;
    let src = location("default_location_src_id").unwrap_or_default();
    let dest = location("default_location_dest_id").or(customer.first().copied()).unwrap_or_default();
    let _ = (src, dest);
    let partner = some_id(client, ResPartner::fields().is_company.eq(true)).await?;
    let product = some_id(client, ProductProduct::fields().sale_ok.eq(true)).await?;
    // The locations come from the operation type (a context default, as the form sets it).
    let pickings = client
        .model::<StockPicking>()
        .with_context(Context::new().with("default_picking_type_id", kind.id));
    let pf = StockPicking::fields();
    let mf = StockMove::fields();
    let mv = Command::create(Values::<StockMove>::new().set(&mf.product_id, product).set(&mf.product_uom_qty, 1.0){move_name});
    let id = pickings
        .create(&Values::new().set(&pf.partner_id, partner).set(&pf.picking_type_id, kind.id).set(&pf.move_ids, [mv]))
        .await?;
    pickings.write(&[id], &Values::new().set(&pf.origin, "ODOO-RS-LIVE")).await?;
    let read = pickings.get(id).await?.ok_or("created picking not found")?;
    assert_eq!(read.origin.as_deref(), Some("ODOO-RS-LIVE"));
    assert_eq!(read.move_ids.ids().len(), 1);
    pickings.unlink(&[id]).await?;
    Ok(format!("id {{id}}, 1 move"))
}}
"#
    )
}
