//! Paging the 5,000 bench partners of a lab (see `odoo_benches::lab`; nothing is written), side
//! by side in one run, on any of Odoo 16-19:
//!
//! - the pager's own cost: this process's CPU time for `pages(500)` against one `fetch` of the
//!   same rows, beside what the nine extra requests cost by themselves: ten plain `fetch`es of
//!   500 rows (the pager's requests without the pager), and raw posts of the same requests
//!   (the ten pages, and the one 5,000-row request) read to the end and not decoded;
//! - the field choice: the wall time of paging through a struct of 11 fields, the generated
//!   `ResPartner` with the generator's default choice, and with every field.
//!
//! ```text
//! ODOO_URL=... ODOO_DB=... ODOO_USER=... ODOO_PASSWORD=... \
//!     cargo run -p odoo-benches --release --bin paging -- [rounds] [--no-generated]
//! ```
//!
//! Everything goes over JSON-RPC (the raw posts are JSON-RPC posts). The generated structs come
//! from the union of the recorded Odoo 16-19 snapshots (`benches/build.rs`).

use std::time::{Duration, Instant};

use odoo_benches::lab::{self, BoxError, Partner, Settings, PARTNERS};
use odoo_benches::measure::{cpu_time, median, ms};
use odoo_core::{Client, Domain, Model, TransportKind};
use serde_json::json;

mod generated {
    include!(concat!(env!("OUT_DIR"), "/default/bench_models.rs"));
}

mod generated_all {
    include!(concat!(env!("OUT_DIR"), "/all/bench_models.rs"));
}

const PAGE: usize = 500;

const NAMES: [&str; 7] = [
    "raw post, 1 request of 5,000",
    "raw post, 10 pages of 500",
    "fetch (11 fields)",
    "10 fetches of 500 (11 fields)",
    "pages(500) (11 fields)",
    "pages(500), generated, default choice",
    "pages(500), generated, all fields",
];

/// The variants without the generated structs.
const NARROW: usize = 5;

async fn page_typed<M: Model>(client: &Client) -> Result<usize, BoxError> {
    let domain = Domain::<M::Base>::raw(lab::domain())?;
    let mut pages = client.model::<M>().search(domain).pages(PAGE as u64);
    let mut n = 0;
    while let Some(page) = pages.next_page().await? {
        n += page.len();
    }
    Ok(n)
}

/// One `fetch` of `size` rows after `last` (ordered by id), as the pager's requests are.
async fn fetch_after(client: &Client, last: i64, size: usize) -> Result<Vec<Partner>, BoxError> {
    let id = Partner::fields().id;
    let domain = Domain::<Partner>::raw(lab::domain())? & id.gt(last);
    let rows = client
        .model::<Partner>()
        .search(domain)
        .order(id.asc())
        .limit(size as u64)
        .fetch()
        .await?;
    Ok(rows)
}

/// The rows in requests of `size`, each a plain `fetch`: the client's cost of the requests,
/// without the pager.
async fn fetch(client: &Client, size: usize) -> Result<usize, BoxError> {
    let (mut last, mut n) = (0, 0);
    loop {
        let rows = fetch_after(client, last, size).await?;
        n += rows.len();
        match rows.last() {
            Some(row) if rows.len() == size => last = row.id,
            _ => return Ok(n),
        }
    }
}

/// Raw JSON-RPC posts of the pager's requests (`id > last`, ordered by id, `page` rows each),
/// read to the end; the rows they carry.
struct Raw {
    http: reqwest::Client,
    url: String,
    db: String,
    uid: i64,
    secret: String,
    ids: Vec<i64>,
}

impl Raw {
    async fn pages(&self, page: usize) -> Result<usize, BoxError> {
        let mut fields = Partner::field_names();
        fields.retain(|f| *f != "id");
        let mut last = 0;
        let mut rows = 0;
        for chunk in self.ids.chunks(page) {
            let mut domain = lab::domain();
            if let Some(terms) = domain.as_array_mut() {
                terms.push(json!(["id", ">", last]));
            }
            let body = json!({
                "jsonrpc": "2.0", "method": "call", "id": 1,
                "params": {"service": "object", "method": "execute_kw", "args": [
                    self.db, self.uid, self.secret, "res.partner", "search_read",
                    [domain], {"fields": fields, "limit": page, "order": "id asc"},
                ]},
            });
            let response = self
                .http
                .post(format!("{}/jsonrpc", self.url))
                .header("Content-Type", "application/json")
                .body(serde_json::to_vec(&body)?)
                .send()
                .await?;
            let bytes = response.bytes().await?;
            if bytes.len() < 1000 {
                return Err(format!("a short answer: {}", String::from_utf8_lossy(&bytes)).into());
            }
            rows += chunk.len();
            last = chunk.last().copied().unwrap_or(last);
        }
        Ok(rows)
    }
}

async fn run_one(which: usize, client: &Client, raw: &Raw) -> Result<usize, BoxError> {
    match which {
        0 => raw.pages(PARTNERS).await,
        1 => raw.pages(PAGE).await,
        2 => fetch(client, PARTNERS).await,
        3 => fetch(client, PAGE).await,
        4 => page_typed::<Partner>(client).await,
        5 => page_typed::<generated::res_partner::ResPartner>(client).await,
        _ => page_typed::<generated_all::res_partner::ResPartner>(client).await,
    }
}

async fn run() -> Result<(), BoxError> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let rounds: usize = args.iter().find_map(|a| a.parse().ok()).unwrap_or(7);
    let variants = if args.iter().any(|a| a == "--no-generated") {
        NARROW
    } else {
        NAMES.len()
    };
    let settings = Settings::from_env()?;
    let client = settings.connect(TransportKind::JsonRpc).await?;
    let raw = Raw {
        http: reqwest::Client::new(),
        url: settings.url.clone(),
        db: settings.db.clone(),
        uid: client.uid().ok_or("no uid")?,
        secret: settings
            .api_key
            .clone()
            .or(settings.password.clone())
            .unwrap_or_default(),
        ids: lab::bench_partners(&client).await?,
    };
    println!(
        "Odoo {}: {rounds} rounds, {PARTNERS} partners, pages of {PAGE} (medians)\n",
        client.server_version().version
    );
    let mut wall: Vec<Vec<Duration>> = vec![Vec::new(); variants];
    let mut cpu: Vec<Vec<Duration>> = vec![Vec::new(); variants];
    // One warm-up round, then rounds whose order rotates so that no variant always runs first.
    for round in 0..=rounds {
        for k in 0..variants {
            let which = (k + round) % variants;
            let (started, used) = (Instant::now(), cpu_time());
            let count = run_one(which, &client, &raw).await?;
            let (took, used) = (started.elapsed(), cpu_time().saturating_sub(used));
            if count != PARTNERS {
                return Err(format!("{}: {count} rows", NAMES[which]).into());
            }
            if round > 0 {
                wall[which].push(took);
                cpu[which].push(used);
            }
        }
    }
    let wall: Vec<f64> = wall.iter_mut().map(|s| ms(median(s))).collect();
    let cpu: Vec<f64> = cpu.iter_mut().map(|s| ms(median(s))).collect();
    print_tables(&wall, &cpu);
    Ok(())
}

fn print_tables(wall: &[f64], cpu: &[f64]) {
    println!("| variant | wall ms | client CPU ms |");
    println!("|---|---:|---:|");
    for (index, name) in NAMES.iter().enumerate().take(wall.len()) {
        println!("| {name} | {:.0} | {:.2} |", wall[index], cpu[index]);
    }
    let raw_extra = (cpu[1] - cpu[0]).max(0.0);
    let extra = (cpu[3] - cpu[2]).max(0.0);
    let (fetch, pages) = (cpu[2], cpu[4]);
    let bound = 1.2 * fetch + extra;
    println!(
        "\npages(500) / fetch, client CPU: {:.2}x. The 9 extra requests cost {extra:.2} ms through \
         the client (10 fetches of 500 against 1 of 5,000), {raw_extra:.2} ms as raw posts; \
         bound 1.2 x fetch + extra = {bound:.2} ms: {}",
        pages / fetch,
        if pages <= bound { "met" } else { "missed" }
    );
    if wall.len() > NARROW {
        println!(
            "generated struct against the 11 fields, wall: default choice {:.2}x, all fields {:.2}x",
            wall[5] / wall[4],
            wall[6] / wall[4]
        );
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    if let Err(error) = run().await {
        eprintln!("paging: {error}");
        std::process::exit(1);
    }
}
