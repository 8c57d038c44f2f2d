//! Introspection of every model of a live Odoo, both strategies of `odoo-codegen` side by side
//! in one run: `fields-get` (one full `fields_get` per model), `bulk` (`ir.model.fields` and
//! `ir.model.fields.selection` in bulk, then a lighter `fields_get` per model), and as a floor
//! one trivial request per model (`fields_get` of `id` with `type` only). Rounds alternate the
//! three; the table gives medians of wall time, of this process's CPU time and, when the server
//! runs on this machine, of the server's CPU time: the Odoo process (`odoo-bin` or
//! `setup/odoo` in its command line, serving the port of `ODOO_URL` when it names one) and the
//! `postgres:` backends of the database (read from `/proc`, read only). The strategies' rows
//! make each model's probe (`search`, limit 1) too, as the snapshot does by default.
//!
//! ```sh
//! ODOO_URL=http://127.0.0.1:8069 ODOO_DB=odoo19 ODOO_USER=admin ODOO_PASSWORD=admin \
//!     cargo run -p odoo-benches --release --bin introspect -- [ROUNDS] [CONCURRENCY...]
//! ```
//!
//! `python` sets the snapshot of `odoo-codegen snapshot` with its default settings (every model
//! but the transient ones, the default options, the web session of a password) beside
//! `benches/introspect.py`, which makes the same requests from 8 Python threads, and its
//! `--jsonrpc` mode; see [`python`]:
//!
//! ```sh
//! ODOO_URL=... ODOO_DB=... ODOO_USER=admin ODOO_PASSWORD=admin \
//!     cargo run -p odoo-benches --release --bin introspect -- python [ROUNDS] [--marks SNAPSHOT] [--no-jsonrpc] [CONCURRENCY...]
//! ```
//!
//! `methods` first measures what `--methods` adds (Odoo 19 and later, JSON-2 with
//! `ODOO_API_KEY`): every model's snapshot without and with its methods, side by side, with the
//! methods read, the requests and the size of the snapshot file:
//!
//! ```sh
//! ODOO_URL=... ODOO_DB=odoo19 ODOO_USER=admin ODOO_API_KEY=... \
//!     cargo run -p odoo-benches --release --bin introspect -- methods [ROUNDS] [CONCURRENCY...]
//! ```

use std::sync::Arc;
use std::time::{Duration, Instant};

use odoo_benches::measure::{cpu_time, median};
use odoo_codegen::introspect::{introspect, IntrospectOptions, Strategy};
use odoo_codegen::ModelSelection;
use odoo_core::{Client, Map, SearchOptions, Value};
use serde_json::json;
use tokio::sync::Semaphore;

#[path = "introspect/python.rs"]
mod python;

fn var(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|value| !value.is_empty())
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let (Some(url), Some(db), Some(user)) = (var("ODOO_URL"), var("ODOO_DB"), var("ODOO_USER"))
    else {
        eprintln!("skipped: set ODOO_URL, ODOO_DB, ODOO_USER and ODOO_PASSWORD or ODOO_API_KEY");
        return Ok(());
    };
    let mut args = std::env::args().skip(1).peekable();
    if args.peek().map(String::as_str) == Some("python") {
        args.next();
        return python::side_by_side(url, db, user, args.collect()).await;
    }
    if args.peek().map(String::as_str) == Some("methods") {
        args.next();
        let rounds: usize = args.next().map(|n| n.parse()).transpose()?.unwrap_or(3);
        let concurrencies: Vec<usize> = args.map(|n| n.parse()).collect::<Result<_, _>>()?;
        return methods(url, db, user, rounds, concurrencies).await;
    }
    let rounds: usize = args.next().map(|n| n.parse()).transpose()?.unwrap_or(3);
    let mut concurrencies: Vec<usize> = args.map(|n| n.parse()).collect::<Result<_, _>>()?;
    if concurrencies.is_empty() {
        concurrencies = vec![1, 4];
    }
    let mut builder = Client::builder(url).database(db).login(user);
    if let Some(password) = var("ODOO_PASSWORD") {
        builder = builder.password(password);
    } else if let Some(key) = var("ODOO_API_KEY") {
        builder = builder.api_key(key);
    }
    let client = builder.connect().await?;
    let selection = ModelSelection {
        transient: true,
        ..ModelSelection::default()
    };
    let models: Vec<String> = client
        .search_read::<Map<String, Value>>("ir.model", json!([]), &["model"], SearchOptions::new())
        .await?
        .into_iter()
        .filter_map(|row| Some(row.get("model")?.as_str()?.to_owned()))
        .collect();
    println!(
        "server {} ({} models), {rounds} rounds",
        client.server_version().version,
        models.len()
    );
    let db = var("ODOO_DB").unwrap_or_default();
    println!("| concurrency | strategy | models | fields | requests | wall s (median) | client CPU s (median) | server CPU s (median) | wall / fields-get | server CPU / fields-get |");
    println!("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|");
    for concurrency in concurrencies {
        let names = ["fields-get", "bulk", "floor: 1 trivial request per model"];
        let mut walls: Vec<Vec<Duration>> = vec![Vec::new(); 3];
        let mut cpus: Vec<Vec<Duration>> = vec![Vec::new(); 3];
        let mut servers: Vec<Vec<Duration>> = vec![Vec::new(); 3];
        let mut shape = [(0usize, 0usize, 0usize); 3];
        for _ in 0..rounds {
            for (index, strategy) in [Some(Strategy::FieldsGet), Some(Strategy::Bulk), None]
                .into_iter()
                .enumerate()
            {
                let server0 = server_cpu(&db);
                let (wall0, cpu0) = (Instant::now(), cpu_time());
                shape[index] = match strategy {
                    Some(strategy) => {
                        let options = IntrospectOptions {
                            strategy,
                            concurrency,
                            ..IntrospectOptions::default()
                        };
                        let result = introspect(&client, &selection, &options).await?;
                        assert_eq!(result.strategy, strategy, "fell back");
                        (
                            result.schema.models.len(),
                            result.schema.models.values().map(|m| m.fields.len()).sum(),
                            result.requests,
                        )
                    }
                    None => floor(&client, &models, concurrency).await,
                };
                walls[index].push(wall0.elapsed());
                cpus[index].push(cpu_time() - cpu0);
                servers[index].push(server_delta(&server0, &server_cpu(&db)));
            }
        }
        let base = median(&mut walls[0]).as_secs_f64();
        let server_base = median(&mut servers[0]).as_secs_f64();
        for index in 0..3 {
            let wall = median(&mut walls[index]).as_secs_f64();
            let cpu = median(&mut cpus[index]).as_secs_f64();
            let server = median(&mut servers[index]).as_secs_f64();
            let (models, fields, requests) = shape[index];
            println!(
                "| {concurrency} | {} | {models} | {fields} | {requests} | {wall:.2} | {cpu:.2} | {server:.2} | {:.2} | {:.2} |",
                names[index],
                wall / base,
                if server_base > 0.0 { server / server_base } else { 0.0 }
            );
        }
    }
    Ok(())
}

/// Every model without and with its methods (`IntrospectOptions::methods`), over JSON-2 with
/// the API key: medians of wall time and of the server's CPU, requests, methods read, and the
/// size of the snapshot file.
async fn methods(
    url: String,
    db: String,
    user: String,
    rounds: usize,
    mut concurrencies: Vec<usize>,
) -> Result<(), Box<dyn std::error::Error>> {
    let Some(key) = var("ODOO_API_KEY") else {
        eprintln!("skipped: the methods are read with an API key: set ODOO_API_KEY");
        return Ok(());
    };
    if concurrencies.is_empty() {
        concurrencies = vec![1, 4];
    }
    let client = Client::builder(url)
        .database(db.clone())
        .login(user)
        .api_key(key)
        .connect()
        .await?;
    println!(
        "server {} over {}, {rounds} rounds",
        client.server_version().version,
        client.transport_kind()
    );
    let selection = ModelSelection {
        transient: true,
        ..ModelSelection::default()
    };
    println!("| concurrency | snapshot | models | models with methods | fields | methods | requests | wall s (median) | server CPU s (median) | snapshot file MB |");
    println!("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|");
    for concurrency in concurrencies {
        for with_methods in [false, true] {
            let options = IntrospectOptions {
                concurrency,
                methods: with_methods,
                ..IntrospectOptions::default()
            };
            let (mut walls, mut servers) = (Vec::new(), Vec::new());
            let mut last = None;
            for _ in 0..rounds {
                let server0 = server_cpu(&db);
                let wall0 = Instant::now();
                let result = introspect(&client, &selection, &options).await?;
                walls.push(wall0.elapsed());
                servers.push(server_delta(&server0, &server_cpu(&db)));
                last = Some(result);
            }
            let Some(result) = last else { continue };
            for warning in &result.warnings {
                eprintln!("warning: {warning}");
            }
            let models = result.schema.models.values();
            let fields: usize = models.clone().map(|m| m.fields.len()).sum();
            let methods: usize = models.clone().map(|m| m.methods.len()).sum();
            let documented = models.filter(|m| !m.methods.is_empty()).count();
            println!(
                "| {concurrency} | {} | {} | {documented} | {fields} | {methods} | {} | {:.2} | {:.2} | {:.1} |",
                if with_methods {
                    "fields + methods"
                } else {
                    "fields"
                },
                result.schema.models.len(),
                result.requests,
                median(&mut walls).as_secs_f64(),
                median(&mut servers).as_secs_f64(),
                result.schema.to_json().len() as f64 / 1e6,
            );
        }
    }
    Ok(())
}

/// One `fields_get(["id"], attributes=["type"])` per model: what a request costs by itself.
async fn floor(client: &Client, models: &[String], concurrency: usize) -> (usize, usize, usize) {
    let permits = Arc::new(Semaphore::new(concurrency));
    let mut tasks = tokio::task::JoinSet::new();
    for model in models {
        let (client, permits, model) = (client.clone(), permits.clone(), model.clone());
        tasks.spawn(async move {
            let _permit = permits.acquire_owned().await;
            client.fields_get(&model, &["id"], &["type"]).await.is_ok()
        });
    }
    let mut ok = 0;
    while let Some(done) = tasks.join_next().await {
        ok += usize::from(done.unwrap_or(false));
    }
    (ok, ok, models.len())
}

/// CPU ticks (utime + stime) of the server's processes, by pid: Odoo (`odoo-bin` or
/// `setup/odoo` in the command line, and when it names its `--http-port`, the port of
/// `ODOO_URL`) and the PostgreSQL backends of `db`. Empty when the server is elsewhere.
pub(crate) fn server_cpu(db: &str) -> std::collections::BTreeMap<u32, u64> {
    let mut out = std::collections::BTreeMap::new();
    let port = var("ODOO_URL")
        .and_then(|url| reqwest::Url::parse(&url).ok())
        .and_then(|url| url.port_or_known_default());
    let this_port = |cmdline: &str| match (port, cmdline.contains("--http-port=")) {
        (Some(port), true) => cmdline.contains(&format!("--http-port={port} ")),
        _ => true,
    };
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return out;
    };
    for entry in entries.flatten() {
        let Some(pid) = entry
            .file_name()
            .to_str()
            .and_then(|n| n.parse::<u32>().ok())
        else {
            continue;
        };
        let cmdline = std::fs::read(entry.path().join("cmdline")).unwrap_or_default();
        let cmdline = String::from_utf8_lossy(&cmdline).replace('\0', " ");
        let odoo = cmdline.contains("odoo-bin") || cmdline.contains("setup/odoo");
        let server = (odoo && this_port(&cmdline))
            || (cmdline.starts_with("postgres:") && !db.is_empty() && cmdline.contains(db));
        if !server {
            continue;
        }
        let Ok(stat) = std::fs::read_to_string(entry.path().join("stat")) else {
            continue;
        };
        let Some((_, after)) = stat.rsplit_once(')') else {
            continue;
        };
        let fields: Vec<&str> = after.split_whitespace().collect();
        let ticks = |i: usize| {
            fields
                .get(i)
                .and_then(|f| f.parse::<u64>().ok())
                .unwrap_or(0)
        };
        out.insert(pid, ticks(11) + ticks(12));
    }
    out
}

/// CPU used between two [`server_cpu`] samples (a process that appeared counts from zero).
pub(crate) fn server_delta(
    before: &std::collections::BTreeMap<u32, u64>,
    after: &std::collections::BTreeMap<u32, u64>,
) -> Duration {
    let ticks: u64 = after
        .iter()
        .map(|(pid, t)| t.saturating_sub(before.get(pid).copied().unwrap_or(0)))
        .sum();
    // USER_HZ is 100 on Linux.
    Duration::from_millis(ticks * 10)
}
