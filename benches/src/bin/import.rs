//! Rows per second and client CPU of importing contacts into the Odoo of `ODOO_URL` (`ODOO_DB`,
//! `ODOO_USER`, `ODOO_PASSWORD` or `ODOO_API_KEY`), over JSON-RPC:
//!
//! - `import load N`: `client.load` with an external ID per row, in its batches of 1,000;
//! - `import create N`: `client.create_many` in batches of 500;
//! - `import remove`: deletes what the runs created (contacts named `odoo-rs import *`).
//!
//! Each run prints one JSON line: the rows, the wall time, rows per second and the client's
//! CPU time.

use std::time::Instant;

use odoo_benches::measure::{cpu_time, ms};
use odoo_core::{Client, SearchOptions};
use serde_json::json;

type BoxError = Box<dyn std::error::Error>;

const USAGE: &str = "usage: import load N | create N | remove";

async fn connect() -> Result<Client, BoxError> {
    Ok(Client::from_env().await?)
}

async fn run(args: &[String]) -> Result<(), BoxError> {
    let client = connect().await?;
    let (mode, rows) = match args {
        [mode] if mode == "remove" => {
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
            println!("removed {}", ids.len());
            return Ok(());
        }
        [mode, rows] => (mode.as_str(), rows.parse::<usize>()?),
        _ => return Err(USAGE.into()),
    };
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
    let (wall, cpu) = (started.elapsed(), cpu_time() - cpu);
    println!(
        "{{\"path\": \"{mode}\", \"rows\": {written}, \"wall_ms\": {:.0}, \"rows_per_s\": {:.0}, \"client_cpu_ms\": {:.0}}}",
        ms(wall),
        written as f64 / wall.as_secs_f64(),
        ms(cpu)
    );
    Ok(())
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    odoo_benches::measure::run_or_exit("import", run(&args));
}
