//! Peak resident memory of decoding one `search_read` answer, alone in its process:
//! `rss-decode FILE FORMAT MODE` with FORMAT `jsonrpc`, `json2` or `xmlrpc` and MODE `read`
//! (read the file only: the floor), `value` or `typed`. Prints one JSON line with `VmHWM`
//! after reading the body (`baseline_kb`) and after decoding, the result still held
//! (`peak_kb`). Run by `cargo bench -p odoo-benches --bench memory`.

use std::hint::black_box;

use odoo_benches::decode::{to_partners, to_value, Format};
use odoo_benches::measure::proc_status_kb;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [file, format, mode] = args.as_slice() else {
        eprintln!("usage: rss-decode FILE jsonrpc|json2|xmlrpc read|value|typed");
        std::process::exit(2);
    };
    let Some(format) = Format::parse(format) else {
        eprintln!("unknown format {format}");
        std::process::exit(2);
    };
    let body = match std::fs::read(file) {
        Ok(body) => body,
        Err(e) => {
            eprintln!("cannot read {file}: {e}");
            std::process::exit(1);
        }
    };
    let baseline = proc_status_kb("VmHWM").unwrap_or(0);
    let records = match mode.as_str() {
        "read" => 0,
        "value" => match to_value(format, black_box(&body)) {
            Ok(value) => {
                let n = value.as_array().map_or(0, Vec::len);
                let peak = proc_status_kb("VmHWM").unwrap_or(0);
                report(&body, baseline, peak, n);
                drop(black_box(value));
                return;
            }
            Err(e) => fail(e),
        },
        "typed" => match to_partners(format, black_box(&body)) {
            Ok(rows) => {
                let peak = proc_status_kb("VmHWM").unwrap_or(0);
                report(&body, baseline, peak, rows.len());
                drop(black_box(rows));
                return;
            }
            Err(e) => fail(e),
        },
        other => {
            eprintln!("unknown mode {other}");
            std::process::exit(2);
        }
    };
    report(
        &body,
        baseline,
        proc_status_kb("VmHWM").unwrap_or(0),
        records,
    );
}

fn report(body: &[u8], baseline: u64, peak: u64, records: usize) {
    println!(
        "{{\"body_bytes\": {}, \"baseline_kb\": {baseline}, \"peak_kb\": {peak}, \"records\": {records}}}",
        body.len()
    );
}

fn fail(e: impl std::fmt::Display) -> usize {
    eprintln!("decode failed: {e}");
    std::process::exit(1);
}
