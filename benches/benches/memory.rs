//! Peak resident memory (`VmHWM`), each measurement in a fresh process of its own
//! (`rss-decode`, `rss-pages`) so that nothing else pollutes it:
//! - decoding the 5,000-partner answer of each transport into a JSON value and into the
//!   derived model, beside reading the body alone;
//! - decoding answers of 50 and 250 MiB (just under the default 256 MiB response limit) into
//!   the derived model, as a ratio of the peak to the body size; and the same answers read by
//!   the client from the static server (`rss-fetch`: HTTP, body, typed decode);
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

/// The sizes of the large answers, MiB.
const LARGE_MIB: [usize; 2] = [50, 250];

/// A large answer written to a file: its format, size class, record count and path.
struct Sized {
    format: Format,
    mib: usize,
    records: i64,
    path: std::path::PathBuf,
}

/// Writes the large answers and decodes each one into the model in a process of its own.
fn large_answers(dir: &Path, decode: &str) -> Vec<Sized> {
    let mut sized = Vec::new();
    for mib in LARGE_MIB {
        for format in Format::ALL {
            let path = dir.join(format!("search_read_partner_{mib}mib.{}", format.name()));
            let written = std::fs::File::create(&path).and_then(|file| {
                let mut out = std::io::BufWriter::new(file);
                let written = gen::write_sized_body(format, mib << 20, &mut out)?;
                std::io::Write::flush(&mut out)?;
                Ok(written)
            });
            match written {
                Ok((records, _)) => sized.push(Sized {
                    format,
                    mib,
                    records,
                    path,
                }),
                Err(e) => {
                    eprintln!("memory: cannot write {}: {e}", path.display());
                    std::process::exit(1);
                }
            }
        }
    }
    println!();
    println!("| typed decode of a large answer | body MiB | records | body read, before decoding MiB | peak MiB | peak / body | added / body |");
    println!("|---|---:|---:|---:|---:|---:|---:|");
    for s in &sized {
        let r = run(
            decode,
            &[&s.path.to_string_lossy(), s.format.name(), "typed"],
        );
        let body = r["body_bytes"].as_f64().unwrap_or(0.0) / 1_048_576.0;
        let (baseline, peak) = (mb(&r["baseline_kb"]), mb(&r["peak_kb"]));
        println!(
            "| {} {} MiB | {body:.1} | {} | {baseline:.1} | {peak:.1} | {:.2} | {:.2} |",
            s.format.name(),
            s.mib,
            s.records,
            peak / body,
            (peak - baseline) / body,
        );
    }
    sized
}

/// The large answers read through the client from the static server, one process each.
fn large_fetches(sized: &[Sized]) {
    let fetch = env!("CARGO_BIN_EXE_rss-fetch");
    println!();
    println!("| typed search_read through the client | body MiB | records | after connect MiB | peak MiB | peak / body | added / body |");
    println!("|---|---:|---:|---:|---:|---:|---:|");
    for s in sized {
        let server = match ServerProcess::start(env!("CARGO_BIN_EXE_odoo-bench-server"), s.records)
        {
            Ok(server) => server,
            Err(e) => {
                eprintln!("memory: cannot start the static server: {e}");
                std::process::exit(1);
            }
        };
        let transport = match s.format {
            Format::JsonRpc => "json-rpc",
            Format::Json2 => "json-2",
            Format::XmlRpc => "xml-rpc",
        };
        let r = run(fetch, &[&server.url, transport, &s.records.to_string()]);
        // The server's body is the file's, but for the JSON-RPC id the request chose.
        let bytes = std::fs::metadata(&s.path).map_or(0, |m| m.len());
        let body = bytes as f64 / 1_048_576.0;
        let (baseline, peak) = (mb(&r["baseline_kb"]), mb(&r["peak_kb"]));
        println!(
            "| {transport} {} MiB | {body:.1} | {} | {baseline:.1} | {peak:.1} | {:.2} | {:.2} |",
            s.mib,
            r["records"],
            peak / body,
            (peak - baseline) / body,
        );
    }
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

    let sized = large_answers(&dir, decode);
    large_fetches(&sized);

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
