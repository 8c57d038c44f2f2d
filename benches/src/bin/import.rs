//! Rows per second and client CPU of importing contacts into the Odoo of `ODOO_URL` (`ODOO_DB`,
//! `ODOO_USER`, `ODOO_PASSWORD` or `ODOO_API_KEY`), over JSON-RPC:
//!
//! - `import load N`: `client.load` with an external ID per row, in its batches of 1,000;
//! - `import create N`: `client.create_many` in batches of 500;
//! - `import remove`: deletes what earlier runs left (contacts named `odoo-rs import *`).
//!
//! Each run deletes the contacts it wrote (and their external IDs) before it ends, so that
//! the lab keeps only its own data.
//!
//! Each run prints one JSON line: the rows, the wall time, rows per second and the client's
//! CPU time.

use std::time::{Duration, Instant};

use odoo_benches::measure::{cpu_time, ms};
use odoo_core::{Client, SearchOptions};
use serde_json::json;

type BoxError = Box<dyn std::error::Error>;

const USAGE: &str = "usage: import load N | create N | remove";

async fn connect() -> Result<Client, BoxError> {
    Ok(Client::from_env().await?)
}

/// Deletes the contacts the runs created (and with them their external IDs); how many.
async fn remove(client: &Client) -> Result<usize, BoxError> {
    let ids = client
        .search(
            "res.partner",
            json!([["name", "=like", "odoo-rs import %"]]),
            SearchOptions::new(),
        )
        .await?;
    for chunk in ids.chunks(200) {
        client.unlink("res.partner", chunk).await?;
    }
    Ok(ids.len())
}

async fn run(args: &[String]) -> Result<(), BoxError> {
    let client = connect().await?;
    let (mode, rows) = match args {
        [mode] if mode == "remove" => {
            println!("removed {}", remove(&client).await?);
            return Ok(());
        }
        [mode, rows] => (mode.as_str(), rows.parse::<usize>()?),
        _ => return Err(USAGE.into()),
    };
    let outcome = import(&client, mode, rows).await;
    // The lab keeps only its own data: what the run wrote goes, whether it ended well or not.
    let removed = remove(&client).await?;
    let (written, wall, cpu) = outcome?;
    if removed != written {
        return Err(format!("wrote {written} contacts but removed {removed}").into());
    }
    println!(
        "{{\"path\": \"{mode}\", \"rows\": {written}, \"wall_ms\": {:.0}, \"rows_per_s\": {:.0}, \"client_cpu_ms\": {:.0}}}",
        ms(wall),
        written as f64 / wall.as_secs_f64(),
        ms(cpu)
    );
    Ok(())
}

/// Writes `rows` contacts the `mode` way; how many, the wall time and this process's CPU.
async fn import(
    client: &Client,
    mode: &str,
    rows: usize,
) -> Result<(usize, Duration, Duration), BoxError> {
    let run_tag = std::process::id();
    let (started, cpu) = (Instant::now(), cpu_time());
    let written = match mode {
        "load" => {
            let rows = (0..rows).map(|i| {
                vec![
                    format!("odoo_rs_bench.p{run_tag}_{i}"),
                    format!("odoo-rs import {i}"),
                    format!("p{i}@example.com"),
                ]
            });
            let report = client
                .load("res.partner", &["id", "name", "email"])
                .rows(rows)
                .run()
                .await?;
            report.written()
        }
        "create" => {
            let values: Vec<_> = (0..rows)
                .map(|i| json!({"name": format!("odoo-rs import {i}"), "email": format!("p{i}@example.com")}))
                .collect();
            let mut written = 0;
            for batch in values.chunks(500) {
                written += client.create_many("res.partner", batch).await?.len();
            }
            written
        }
        _ => return Err(USAGE.into()),
    };
    Ok((written, started.elapsed(), cpu_time() - cpu))
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    odoo_benches::measure::run_or_exit("import", run(&args));
}
