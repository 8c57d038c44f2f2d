//! Peak resident memory of reading many records in pages through the typed model client,
//! alone in its process: `rss-pages URL TRANSPORT PAGE_SIZE MODE` with MODE `stream` (one
//! page held at a time: `Search::pages(n)` and `next_page`) or `collect` (`collect_all`, every
//! record held: the contrast). Checks that the ids come in order without gaps, and prints one
//! JSON line with `VmHWM` after connecting (`baseline_kb`) and at the end (`peak_kb`).
//! Run by `cargo bench -p odoo-benches --bench memory` against the static server.

use odoo_benches::measure::proc_status_kb;
use odoo_benches::model::Partner;
use odoo_core::{Client, TransportKind};

type BoxError = Box<dyn std::error::Error>;

async fn run(url: &str, transport: TransportKind, page: u64, mode: &str) -> Result<(), BoxError> {
    let client = Client::builder(url)
        .database("bench")
        .login("admin")
        .password("admin")
        .api_key("bench-api-key")
        .transport(transport)
        .connect()
        .await?;
    let baseline = proc_status_kb("VmHWM").unwrap_or(0);
    let mut pager = client.model::<Partner>().all().pages(page);
    let (mut count, mut pages, mut last) = (0u64, 0u64, 0i64);
    let mut check = |rows: &[Partner]| -> Result<(), BoxError> {
        for row in rows {
            if row.id != last + 1 {
                return Err(format!("id {} after {last}", row.id).into());
            }
            last = row.id;
        }
        Ok(())
    };
    match mode {
        "stream" => {
            while let Some(rows) = pager.next_page().await? {
                check(&rows)?;
                count += rows.len() as u64;
                pages += 1;
            }
        }
        "collect" => {
            let rows = pager.collect_all().await?;
            check(&rows)?;
            count = rows.len() as u64;
            pages = count.div_ceil(page);
        }
        other => return Err(format!("unknown mode {other}").into()),
    }
    let peak = proc_status_kb("VmHWM").unwrap_or(0);
    println!(
        "{{\"records\": {count}, \"pages\": {pages}, \"baseline_kb\": {baseline}, \"peak_kb\": {peak}}}"
    );
    Ok(())
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [url, transport, page, mode] = args.as_slice() else {
        eprintln!("usage: rss-pages URL TRANSPORT PAGE_SIZE stream|collect");
        std::process::exit(2);
    };
    let (Ok(transport), Ok(page)) = (transport.parse::<TransportKind>(), page.parse::<u64>())
    else {
        eprintln!("bad transport or page size");
        std::process::exit(2);
    };
    odoo_benches::measure::run_or_exit("rss-pages", run(url, transport, page, mode));
}
