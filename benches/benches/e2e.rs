//! End to end: a typed `search_read` of 80 and of 5,000 partners through the client, beside a
//! raw HTTP post of the same request body read to the end (the floor: the same HTTP stack,
//! no request building, no decoding), interleaved one by one so that both see the same
//! machine. Wall time and this process's CPU time per request; the client adds the
//! difference.
//!
//! Against the static server (`odoo-bench-server`, in its own process, so that its work is
//! not counted) on every transport; against a real Odoo when `ODOO_URL` is set (`ODOO_DB`,
//! `ODOO_USER`, `ODOO_PASSWORD` and/or `ODOO_API_KEY`), skipped with a message otherwise.
//!
//! `cargo bench -p odoo-benches --bench e2e`

use std::time::{Duration, Instant};

use bytes::Bytes;
use odoo_benches::measure::{cpu_time, median, ms, ServerProcess};
use odoo_benches::model::Partner;
use odoo_benches::request::{self, Auth, RawRequest};
use odoo_core::{Client, TransportKind};
use serde_json::json;

type BoxError = Box<dyn std::error::Error>;

#[derive(Debug, Default)]
struct Samples {
    wall: Vec<Duration>,
    cpu: Vec<Duration>,
}

impl Samples {
    fn push(&mut self, wall: Duration, cpu: Duration) {
        self.wall.push(wall);
        self.cpu.push(cpu);
    }
}

async fn raw_post(
    http: &reqwest::Client,
    base: &str,
    req: &RawRequest,
    body: &Bytes,
) -> Result<usize, BoxError> {
    let mut builder = http.post(format!("{base}{}", req.path)).body(body.clone());
    for (name, value) in &req.headers {
        builder = builder.header(*name, value);
    }
    let response = builder.send().await?;
    let status = response.status();
    let bytes = response.bytes().await?;
    if !status.is_success() {
        return Err(format!(
            "raw post answered {status}: {}",
            String::from_utf8_lossy(&bytes[..bytes.len().min(300)])
        )
        .into());
    }
    Ok(bytes.len())
}

async fn fetch(client: &Client, limit: u64) -> Result<Vec<Partner>, BoxError> {
    Ok(client.model::<Partner>().all().limit(limit).fetch().await?)
}

/// One row: `iterations` interleaved pairs (raw post, client) after `warmup` pairs.
async fn measure(
    client: &Client,
    http: &reqwest::Client,
    base: &str,
    req: &RawRequest,
    limit: u64,
    expected: usize,
    (warmup, iterations): (usize, usize),
) -> Result<(Samples, Samples, usize), BoxError> {
    let body = Bytes::from(req.body.clone());
    let mut raw = Samples::default();
    let mut ours = Samples::default();
    let mut raw_bytes = 0;
    for i in 0..warmup + iterations {
        let (w0, c0) = (Instant::now(), cpu_time());
        raw_bytes = raw_post(http, base, req, &body).await?;
        let (w1, c1) = (Instant::now(), cpu_time());
        let rows = fetch(client, limit).await?;
        let (w2, c2) = (Instant::now(), cpu_time());
        if rows.len() != expected {
            return Err(format!(
                "the client read {} records, expected {expected}",
                rows.len()
            )
            .into());
        }
        drop(rows);
        if i >= warmup {
            raw.push(w1 - w0, c1 - c0);
            ours.push(w2 - w1, c2 - c1);
        }
    }
    Ok((raw, ours, raw_bytes))
}

fn header() {
    println!("| transport | records | response bytes | raw post wall ms | client wall ms | added wall ms | added wall % | raw post CPU ms | client CPU ms | added CPU ms | runs |");
    println!("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
}

fn row(
    transport: TransportKind,
    records: usize,
    bytes: usize,
    mut raw: Samples,
    mut ours: Samples,
) {
    let runs = raw.wall.len();
    let (rw, ow) = (median(&mut raw.wall), median(&mut ours.wall));
    let (rc, oc) = (median(&mut raw.cpu), median(&mut ours.cpu));
    let added = ms(ow) - ms(rw);
    println!(
        "| {transport} | {records} | {bytes} | {:.2} | {:.2} | {added:.2} | {:.1}% | {:.2} | {:.2} | {:.2} | {runs} |",
        ms(rw),
        ms(ow),
        added / ms(rw) * 100.0,
        ms(rc),
        ms(oc),
        ms(oc) - ms(rc),
    );
}

async fn local() -> Result<(), BoxError> {
    let server = ServerProcess::start(env!("CARGO_BIN_EXE_odoo-bench-server"), 50_000)?;
    let base = server.url.clone();
    println!(
        "e2e: local static server at {base} (its own process), client on a current-thread runtime"
    );
    println!();
    header();
    let http = reqwest::Client::new();
    for transport in [
        TransportKind::JsonRpc,
        TransportKind::Json2,
        TransportKind::WebSession,
        TransportKind::XmlRpc,
    ] {
        let client = Client::builder(&base)
            .database("bench")
            .login("admin")
            .password("admin")
            .api_key("bench-api-key")
            .transport(transport)
            .connect()
            .await?;
        let auth = Auth {
            database: "bench".into(),
            uid: client.uid().unwrap_or(2),
            secret: if transport == TransportKind::WebSession {
                "admin"
            } else {
                "bench-api-key"
            }
            .into(),
            session: Some("0123456789abcdef0123456789abcdef01234567".into()),
        };
        for (limit, warmup, iterations) in [(80u64, 20, 300), (5000, 3, 40)] {
            let req = request::search_read(transport, &auth, limit);
            let (raw, ours, bytes) = measure(
                &client,
                &http,
                &base,
                &req,
                limit,
                limit as usize,
                (warmup, iterations),
            )
            .await?;
            row(transport, limit as usize, bytes, raw, ours);
        }
    }
    Ok(())
}

async fn web_session_cookie(
    http: &reqwest::Client,
    base: &str,
    db: &str,
    login: &str,
    password: &str,
) -> Result<String, BoxError> {
    let body = json!({"jsonrpc": "2.0", "method": "call", "params": {"db": db, "login": login, "password": password}, "id": 1});
    let response = http
        .post(format!("{base}/web/session/authenticate"))
        .header("content-type", "application/json")
        .body(body.to_string())
        .send()
        .await?;
    let cookie = response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|c| {
            c.split(';')
                .next()?
                .trim()
                .strip_prefix("session_id=")
                .map(str::to_owned)
        })
        .ok_or("no session cookie")?;
    Ok(cookie)
}

async fn live(base: String) -> Result<(), BoxError> {
    let db = std::env::var("ODOO_DB").unwrap_or_default();
    let login = std::env::var("ODOO_USER").unwrap_or_else(|_| "admin".into());
    let password = std::env::var("ODOO_PASSWORD")
        .ok()
        .filter(|s| !s.is_empty());
    let api_key = std::env::var("ODOO_API_KEY").ok().filter(|s| !s.is_empty());
    let base = base.trim_end_matches('/').to_owned();
    let http = reqwest::Client::new();
    let mut transports = vec![TransportKind::JsonRpc, TransportKind::XmlRpc];
    if api_key.is_some() {
        transports.insert(1, TransportKind::Json2);
    }
    if password.is_some() {
        transports.push(TransportKind::WebSession);
    }
    let mut printed_header = false;
    for transport in transports {
        let mut builder = Client::builder(&base)
            .database(&db)
            .login(&login)
            .transport(transport);
        if let Some(p) = &password {
            builder = builder.password(p);
        }
        if let Some(k) = &api_key {
            builder = builder.api_key(k);
        }
        let client = match builder.connect().await {
            Ok(c) => c,
            Err(e) => {
                println!("e2e live: {transport}: cannot connect: {e}");
                continue;
            }
        };
        if !printed_header {
            let count = client
                .search_count("res.partner", json!([]), Default::default())
                .await?;
            println!(
                "e2e: live Odoo {} at {base}, database {db}: {count} partners",
                client.server_version()
            );
            if count < 5000 {
                println!("e2e: fewer than 5,000 partners: the large read is all {count} of them (no records are created for the bench)");
            }
            println!();
            header();
            printed_header = true;
        }
        let count = client
            .search_count("res.partner", json!([]), Default::default())
            .await? as u64;
        let session = if transport == TransportKind::WebSession {
            Some(
                web_session_cookie(
                    &http,
                    &base,
                    &db,
                    &login,
                    password.as_deref().unwrap_or_default(),
                )
                .await?,
            )
        } else {
            None
        };
        let secret = match transport {
            TransportKind::WebSession => password.clone(),
            _ => api_key.clone().or(password.clone()),
        }
        .unwrap_or_default();
        let auth = Auth {
            database: db.clone(),
            uid: client.uid().unwrap_or(0),
            secret,
            session,
        };
        // With 80 partners or fewer both reads are the same: one row, more runs.
        let rows: &[(u64, usize, usize)] = if count <= 80 {
            &[(80, 3, 60)]
        } else {
            &[(80, 3, 40), (5000, 1, 10)]
        };
        for &(limit, warmup, iterations) in rows {
            let expected = limit.min(count);
            let req = request::search_read(transport, &auth, limit);
            let (raw, ours, bytes) = measure(
                &client,
                &http,
                &base,
                &req,
                limit,
                expected as usize,
                (warmup, iterations),
            )
            .await?;
            row(transport, expected as usize, bytes, raw, ours);
        }
    }
    Ok(())
}

fn main() {
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("e2e: cannot start a runtime: {e}");
            std::process::exit(1);
        }
    };
    if let Err(e) = runtime.block_on(local()) {
        eprintln!("e2e: local run failed: {e}");
        std::process::exit(1);
    }
    println!();
    match std::env::var("ODOO_URL").ok().filter(|u| !u.is_empty()) {
        None => println!("e2e live: skipped, ODOO_URL is not set (and ODOO_DB, ODOO_USER, ODOO_PASSWORD / ODOO_API_KEY)"),
        Some(url) => {
            if let Err(e) = runtime.block_on(live(url)) {
                println!("e2e live: stopped: {e}");
            }
        }
    }
}
