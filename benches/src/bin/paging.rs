//! Paging 5,000 partners of a live Odoo 19 three ways, side by side in one run: through the
//! generated `ResPartner` with the generator's default field choice, through a hand-written
//! struct of 12 fields, and as raw JSON-RPC posts of the same 12-field pages (the floor: the
//! same HTTP stack, the body read to the end and not decoded). A fourth row pages the
//! generated struct with every field (`all_fields`), the cost the default choice avoids.
//!
//! ```text
//! ODOO_URL=... ODOO_DB=... ODOO_USER=... ODOO_PASSWORD=... \
//!     cargo run -p odoo-benches --release --bin paging -- [rounds] [--cleanup]
//! ```
//!
//! The first run creates the 5,000 partners (named `odoo-rs bench NNNN`) and later runs reuse
//! them; `--cleanup` deletes them at the end. The generated structs come from the recorded
//! Odoo 19 snapshot (`generated/fixture-models/schemas/odoo19.json`), so the server must be an
//! Odoo 19 with `contacts`, `sale_management` and `stock`.

use std::time::{Duration, Instant};

use odoo_benches::measure::{median, ms};
use odoo_core::types::{DateTime, Many2one, X2many};
use odoo_core::{Client, Domain, Model, OdooModel, TransportKind};
use serde_json::{json, Value};

type BoxError = Box<dyn std::error::Error + Send + Sync>;

mod generated {
    include!(concat!(env!("OUT_DIR"), "/default/bench_models.rs"));
}

mod generated_all {
    include!(concat!(env!("OUT_DIR"), "/all/bench_models.rs"));
}

/// The 12 fields an integration typically reads (read for their cost; the bench looks at none).
#[derive(Debug, OdooModel)]
#[odoo(
    model = "res.partner",
    schema = "../generated/fixture-models/schemas/odoo19.json"
)]
#[allow(dead_code)]
struct Partner12 {
    id: i64,
    name: Option<String>,
    email: Option<String>,
    phone: Option<String>,
    street: Option<String>,
    city: Option<String>,
    zip: Option<String>,
    country_id: Option<Many2one>,
    is_company: bool,
    parent_id: Option<Many2one>,
    category_id: X2many,
    write_date: Option<DateTime>,
}

const TOTAL: usize = 5_000;
const PAGE: usize = 500;
const PREFIX: &str = "odoo-rs bench ";

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|value| !value.is_empty())
}

async fn connect() -> Result<Client, BoxError> {
    let mut builder = Client::builder(env("ODOO_URL").ok_or("set ODOO_URL")?)
        .transport(TransportKind::JsonRpc)
        .timeout(Duration::from_secs(600));
    if let Some(db) = env("ODOO_DB") {
        builder = builder.database(db);
    }
    if let Some(user) = env("ODOO_USER") {
        builder = builder.login(user);
    }
    builder = builder.password(env("ODOO_PASSWORD").ok_or("set ODOO_PASSWORD")?);
    Ok(builder.connect().await?)
}

fn bench_domain<M: Model>() -> Domain<M> {
    Domain::raw(json!([["name", "=like", format!("{PREFIX}%")]])).unwrap_or_else(|_| Domain::all())
}

/// Makes sure there are `TOTAL` bench partners; their ids, sorted.
async fn seed(client: &Client) -> Result<Vec<i64>, BoxError> {
    let domain = json!([["name", "=like", format!("{PREFIX}%")]]);
    let mut ids = client
        .search(
            "res.partner",
            domain.clone(),
            odoo_core::SearchOptions::new().order("id"),
        )
        .await?;
    while ids.len() < TOTAL {
        let batch: Vec<Value> = (ids.len()..(ids.len() + PAGE).min(TOTAL))
            .map(|n| {
                json!({
                    "name": format!("{PREFIX}{n:04}"),
                    "email": format!("bench{n}@example.com"),
                    "phone": format!("+32 2 {n:04}"),
                    "street": format!("{n} Bench Street"),
                    "city": "Brussels",
                    "zip": "1000",
                    "is_company": n % 10 == 0,
                })
            })
            .collect();
        let created = client.create_many("res.partner", &batch).await?;
        ids.extend(created);
    }
    ids.sort_unstable();
    ids.truncate(TOTAL);
    Ok(ids)
}

async fn page_typed<M: Model>(client: &Client) -> Result<usize, BoxError> {
    let mut pages = client
        .model::<M>()
        .search(bench_domain())
        .pages(PAGE as u64);
    let mut n = 0;
    while let Some(page) = pages.next_page().await? {
        n += page.len();
    }
    Ok(n)
}

/// The same pages as `page_typed::<Partner12>` (`id > last`, ordered by id), posted raw.
async fn page_raw(
    http: &reqwest::Client,
    url: &str,
    db: &str,
    uid: i64,
    password: &str,
    ids: &[i64],
) -> Result<usize, BoxError> {
    let fields: Vec<&str> = Partner12::field_names();
    let mut last = 0;
    let mut bytes = 0;
    for chunk in ids.chunks(PAGE).chain(std::iter::once(&[][..])) {
        let body = json!({
            "jsonrpc": "2.0", "method": "call", "id": 1,
            "params": {"service": "object", "method": "execute_kw", "args": [
                db, uid, password, "res.partner", "search_read",
                [[["name", "=like", format!("{PREFIX}%")], ["id", ">", last]]],
                {"fields": fields, "limit": PAGE, "order": "id"},
            ]},
        });
        let response = http
            .post(format!("{url}/jsonrpc"))
            .header("Content-Type", "application/json")
            .body(serde_json::to_vec(&body)?)
            .send()
            .await?;
        bytes += response.bytes().await?.len();
        match chunk.last() {
            Some(id) => last = *id,
            None => break,
        }
    }
    Ok(bytes)
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), BoxError> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let rounds: usize = args.iter().find_map(|a| a.parse().ok()).unwrap_or(5);
    let client = connect().await?;
    println!(
        "Odoo {} at {}; {rounds} rounds of paging {TOTAL} partners in pages of {PAGE}",
        client.server_version().version,
        env("ODOO_URL").unwrap_or_default()
    );
    let ids = seed(&client).await?;
    let url = env("ODOO_URL").unwrap_or_default();
    let db = env("ODOO_DB").unwrap_or_default();
    let password = env("ODOO_PASSWORD").unwrap_or_default();
    let uid = client.uid().ok_or("no uid")?;
    let http = reqwest::Client::new();

    let names = [
        "raw post (12 fields)",
        "hand-written (12 fields)",
        "generated, default choice",
        "generated, all fields",
    ];
    let mut samples: Vec<Vec<Duration>> = vec![Vec::new(); names.len()];
    let fields = [
        Partner12::field_names().len(),
        Partner12::field_names().len(),
        generated::res_partner::ResPartner::field_names().len(),
        generated_all::res_partner::ResPartner::field_names().len(),
    ];
    // One warm-up round, then rounds whose order rotates so that no variant always runs first.
    for round in 0..=rounds {
        for k in 0..names.len() {
            let which = (k + round) % names.len();
            let start = Instant::now();
            let count = match which {
                0 => page_raw(&http, &url, &db, uid, &password, &ids)
                    .await
                    .map(|_| TOTAL)?,
                1 => page_typed::<Partner12>(&client).await?,
                2 => page_typed::<generated::res_partner::ResPartner>(&client).await?,
                _ => page_typed::<generated_all::res_partner::ResPartner>(&client).await?,
            };
            let took = start.elapsed();
            assert_eq!(count, TOTAL, "{}", names[which]);
            if round > 0 {
                samples[which].push(took);
            }
        }
    }
    let floor = median(&mut samples[0].clone());
    let hand = median(&mut samples[1].clone());
    println!("| variant | fields read | median wall ms | vs raw post | vs hand-written |");
    println!("|---|---:|---:|---:|---:|");
    for (index, name) in names.iter().enumerate() {
        let m = median(&mut samples[index]);
        println!(
            "| {name} | {} | {:.0} | {:.2}x | {:.2}x |",
            fields[index],
            ms(m),
            m.as_secs_f64() / floor.as_secs_f64(),
            m.as_secs_f64() / hand.as_secs_f64(),
        );
    }
    if args.iter().any(|a| a == "--cleanup") {
        for chunk in ids.chunks(PAGE) {
            client.unlink("res.partner", chunk).await?;
        }
        println!("deleted the {} bench partners", ids.len());
    }
    Ok(())
}
