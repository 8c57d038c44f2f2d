//! Rust against Python on identical bytes, in one run: the 5,000-partner answers of
//! `odoo_benches::gen` are written to files, then, in alternating rounds, this process times
//! its own decoders and `benches/compare.py` (python3) times `json.loads` and
//! `xmlrpc.client.loads` on the same files. Prints the medians and the ratios.
//!
//! `cargo bench -p odoo-benches --bench compare`; skipped with a message without python3.

use std::hint::black_box;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use odoo_benches::decode::{to_partners, to_value, Format};
use odoo_benches::gen;
use odoo_benches::measure::{cpu_time, median, ms};

const ROUNDS: usize = 3;

/// Medians of (CPU time, wall time) of `repeat` calls.
fn time_rust(repeat: usize, f: impl Fn()) -> (Duration, Duration) {
    f();
    let mut cpu = Vec::with_capacity(repeat);
    let mut wall = Vec::with_capacity(repeat);
    for _ in 0..repeat {
        let (c0, w0) = (cpu_time(), Instant::now());
        f();
        let (c1, w1) = (cpu_time(), Instant::now());
        cpu.push(c1 - c0);
        wall.push(w1 - w0);
    }
    (median(&mut cpu), median(&mut wall))
}

fn main() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("odoo-benches");
    let paths = match gen::write_bodies(&dir) {
        Ok(paths) => paths,
        Err(e) => {
            eprintln!("compare: cannot write the bodies to {}: {e}", dir.display());
            std::process::exit(1);
        }
    };
    let bodies: Vec<Vec<u8>> = paths
        .iter()
        .map(|p| std::fs::read(p).unwrap_or_default())
        .collect();
    let body = |format: Format| match format {
        Format::JsonRpc => &bodies[0],
        Format::Json2 => &bodies[1],
        Format::XmlRpc => &bodies[2],
    };
    for format in Format::ALL {
        let decoded = to_partners(format, body(format)).map(|p| p.len()).ok();
        assert_eq!(decoded, Some(5000), "{} body decodes", format.name());
    }
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("compare.py");
    let python = Command::new("python3").arg("--version").output();
    if !python.is_ok_and(|o| o.status.success()) {
        println!("compare: skipped, python3 not found");
        return;
    }
    println!(
        "compare: {} partners; bodies: JSON-RPC {} B, JSON-2 {} B, XML-RPC {} B, in {}",
        5000,
        bodies[0].len(),
        bodies[1].len(),
        bodies[2].len(),
        dir.display()
    );

    // name -> samples (one median per round)
    let mut rust: Vec<(String, Vec<Duration>)> = Vec::new();
    let mut py: Vec<(String, Vec<Duration>)> = Vec::new();
    let mut python_version = String::new();
    let push = |table: &mut Vec<(String, Vec<Duration>)>, name: &str, d: Duration| match table
        .iter_mut()
        .find(|(n, _)| n == name)
    {
        Some((_, v)) => v.push(d),
        None => table.push((name.to_owned(), vec![d])),
    };
    for round in 1..=ROUNDS {
        for format in Format::ALL {
            let repeat = if format == Format::XmlRpc { 10 } else { 30 };
            let b = body(format);
            let value = time_rust(repeat, || {
                black_box(to_value(format, black_box(b)).ok());
            });
            let typed = time_rust(repeat, || {
                black_box(to_partners(format, black_box(b)).ok());
            });
            for (kind, (cpu, wall)) in [("value", value), ("typed", typed)] {
                push(&mut rust, &format!("{}/{kind}/cpu", format.name()), cpu);
                push(&mut rust, &format!("{}/{kind}/wall", format.name()), wall);
            }
        }
        let output = Command::new("python3")
            .arg(&script)
            .args(&paths)
            .args(["15", "5"])
            .output();
        let output = match output {
            Ok(o) if o.status.success() => o,
            Ok(o) => {
                eprintln!(
                    "compare: python failed: {}",
                    String::from_utf8_lossy(&o.stderr)
                );
                std::process::exit(1);
            }
            Err(e) => {
                eprintln!("compare: cannot run python3: {e}");
                std::process::exit(1);
            }
        };
        let result: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap_or_default();
        python_version = result["python"].as_str().unwrap_or("?").to_owned();
        for key in [
            "jsonrpc_json_loads",
            "json2_json_loads",
            "xmlrpc_client_loads",
        ] {
            for clock in ["cpu", "wall"] {
                let secs = result[key][clock].as_f64().unwrap_or(0.0);
                push(
                    &mut py,
                    &format!("{key}/{clock}"),
                    Duration::from_secs_f64(secs.max(0.0)),
                );
            }
        }
        eprintln!("compare: round {round}/{ROUNDS} done");
    }
    let get = |table: &Vec<(String, Vec<Duration>)>, name: &str| {
        let mut v = table
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default();
        median(&mut v)
    };
    println!();
    println!("Python {python_version}; medians of {ROUNDS} alternating rounds (each round: median of 30 Rust / 15 Python JSON runs, 10 Rust / 5 Python XML runs); CPU time of the process, and wall time");
    println!();
    println!("| transport | Rust: what is decoded | Rust CPU ms | Python: what is decoded | Python CPU ms | Python / Rust (CPU) | Python / Rust (wall) | target |");
    println!("|---|---|---:|---|---:|---:|---:|---|");
    let rows: [(&str, &str, &str, &str, Option<f64>); 6] = [
        (
            "JSON-RPC",
            "jsonrpc/typed",
            "envelope + `Vec<Partner>`",
            "jsonrpc_json_loads",
            Some(3.0),
        ),
        (
            "JSON-RPC",
            "jsonrpc/value",
            "envelope + `Value`",
            "jsonrpc_json_loads",
            None,
        ),
        (
            "JSON-2",
            "json2/typed",
            "`Vec<Partner>`",
            "json2_json_loads",
            Some(3.0),
        ),
        ("JSON-2", "json2/value", "`Value`", "json2_json_loads", None),
        (
            "XML-RPC",
            "xmlrpc/typed",
            "scanned straight into `Vec<Partner>`",
            "xmlrpc_client_loads",
            Some(10.0),
        ),
        (
            "XML-RPC",
            "xmlrpc/value",
            "codec to `Value`",
            "xmlrpc_client_loads",
            None,
        ),
    ];
    for (transport, rust_name, rust_what, py_name, target) in rows {
        let r = get(&rust, &format!("{rust_name}/cpu"));
        let p = get(&py, &format!("{py_name}/cpu"));
        let ratio = p.as_secs_f64() / r.as_secs_f64();
        let wall_ratio = get(&py, &format!("{py_name}/wall")).as_secs_f64()
            / get(&rust, &format!("{rust_name}/wall")).as_secs_f64();
        let py_what = if py_name.starts_with("xmlrpc") {
            "`xmlrpc.client.loads`"
        } else if py_name.starts_with("jsonrpc") {
            "`json.loads(body)[\"result\"]`"
        } else {
            "`json.loads`"
        };
        let target = match target {
            Some(t) if ratio >= t => format!(">= {t}x: met"),
            Some(t) => format!(">= {t}x: MISSED by {:.0}%", (1.0 - ratio / t) * 100.0),
            None => String::new(),
        };
        println!(
            "| {transport} | {rust_what} | {:.2} | {py_what} | {:.2} | {ratio:.1}x | {wall_ratio:.1}x | {target} |",
            ms(r),
            ms(p)
        );
    }
}
