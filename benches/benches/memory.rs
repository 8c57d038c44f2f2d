//! Peak resident memory (`VmHWM`), each measurement in a fresh process of its own
//! (`rss-decode`, `rss-pages`) so that nothing else pollutes it:
//! - decoding the 5,000-partner answer of each transport into a JSON value and into the
//!   derived model, beside reading the body alone;
//! - reading 50,000 partners in pages of 1,000 through `Search::pages` from the static server,
//!   streamed (one page held) and, for contrast, collected.
//!
//! `cargo bench -p odoo-benches --bench memory`

use std::path::Path;
use std::process::Command;

use odoo_benches::decode::Format;
use odoo_benches::gen;
use odoo_benches::measure::ServerProcess;
use serde_json::Value;

fn run(exe: &str, args: &[&str]) -> Value {
    match Command::new(exe).args(args).output() {
        Ok(out) if out.status.success() => serde_json::from_slice(&out.stdout).unwrap_or_default(),
        Ok(out) => {
            eprintln!(
                "memory: {exe} {args:?} failed: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            std::process::exit(1);
        }
        Err(e) => {
            eprintln!("memory: cannot run {exe}: {e}");
            std::process::exit(1);
        }
    }
}

fn mb(kb: &Value) -> f64 {
    kb.as_f64().unwrap_or(0.0) / 1024.0
}

fn main() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("odoo-benches");
    let paths = match gen::write_bodies(&dir) {
        Ok(paths) => paths,
        Err(e) => {
            eprintln!("memory: cannot write the bodies: {e}");
            std::process::exit(1);
        }
    };
    let decode = env!("CARGO_BIN_EXE_rss-decode");
    println!("memory: peak RSS (VmHWM) of one process per row; 1 MB = 1024 kB");
    println!();
    println!("| decode of 5,000 partners | body MB | process + body, before decoding MB | peak MB | added by decoding MB |");
    println!("|---|---:|---:|---:|---:|");
    for (format, path) in Format::ALL.into_iter().zip(&paths) {
        let file = path.to_string_lossy();
        for mode in ["read", "value", "typed"] {
            let r = run(decode, &[&file, format.name(), mode]);
            println!(
                "| {} {mode} | {:.1} | {:.1} | {:.1} | {:.1} |",
                format.name(),
                r["body_bytes"].as_f64().unwrap_or(0.0) / 1_048_576.0,
                mb(&r["baseline_kb"]),
                mb(&r["peak_kb"]),
                mb(&r["peak_kb"]) - mb(&r["baseline_kb"]),
            );
        }
    }

    let server = match ServerProcess::start(env!("CARGO_BIN_EXE_odoo-bench-server"), 50_000) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("memory: cannot start the static server: {e}");
            std::process::exit(1);
        }
    };
    let pages = env!("CARGO_BIN_EXE_rss-pages");
    println!();
    println!("| 50,000 partners in pages of 1,000 | records | pages | after connect MB | peak MB | added MB |");
    println!("|---|---:|---:|---:|---:|---:|");
    for transport in ["json-rpc", "xml-rpc"] {
        for mode in ["stream", "collect"] {
            let r = run(pages, &[&server.url, transport, "1000", mode]);
            println!(
                "| {transport} {mode} | {} | {} | {:.1} | {:.1} | {:.1} |",
                r["records"],
                r["pages"],
                mb(&r["baseline_kb"]),
                mb(&r["peak_kb"]),
                mb(&r["peak_kb"]) - mb(&r["baseline_kb"]),
            );
        }
    }
}
