//! Peak resident memory of one large typed `search_read` through the client, alone in its
//! process: `rss-fetch URL TRANSPORT RECORDS` reads the first RECORDS partners of the static
//! server (`odoo-bench-server`) in one request (`Search::limit(RECORDS).fetch()`), so the whole
//! path is measured: HTTP, the body read within the limit, the typed decode. Checks the ids
//! and prints one JSON line with `VmHWM` after connecting (`baseline_kb`) and after the
//! records arrived, still held (`peak_kb`). Run by `cargo bench -p odoo-benches --bench memory`.

use std::hint::black_box;

use odoo_benches::measure::proc_status_kb;
use odoo_benches::model::Partner;
use odoo_core::{Client, TransportKind};

type BoxError = Box<dyn std::error::Error>;

async fn run(url: &str, transport: TransportKind, records: u64) -> Result<(), BoxError> {
    let client = Client::builder(url)
        .database("bench")
        .login("admin")
        .password("admin")
        .api_key("bench-api-key")
        .transport(transport)
        .connect()
        .await?;
    let baseline = proc_status_kb("VmHWM").unwrap_or(0);
    let rows = client
        .model::<Partner>()
        .all()
        .limit(records)
        .fetch()
        .await?;
    let peak = proc_status_kb("VmHWM").unwrap_or(0);
    if rows.len() as u64 != records || rows.iter().zip(1..).any(|(row, id)| row.id != id) {
        return Err(format!("{} records, not the ids 1..={records}", rows.len()).into());
    }
    println!(
        "{{\"records\": {}, \"baseline_kb\": {baseline}, \"peak_kb\": {peak}}}",
        rows.len()
    );
    drop(black_box(rows));
    Ok(())
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [url, transport, records] = args.as_slice() else {
        eprintln!("usage: rss-fetch URL TRANSPORT RECORDS");
        std::process::exit(2);
    };
    let (Ok(transport), Ok(records)) = (transport.parse::<TransportKind>(), records.parse::<u64>())
    else {
        eprintln!("bad transport or record count");
        std::process::exit(2);
    };
    odoo_benches::measure::run_or_exit("rss-fetch", run(url, transport, records));
}
