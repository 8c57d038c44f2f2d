//! A five-second outage between the client and the server, with the client's default
//! settings, on every transport: a paged read of 5,000 records started before it completes,
//! every record once; a write made during it fails and is run at most once.
//!
//! The outage is made by a proxy between the client and the emulator
//! ([`OutageProxy`]): connections refused, connections reset without an answer, and requests run
//! by the server whose answer is lost. The cases of a test run at once, so that the test takes
//! about one outage.

use crate::support;

use std::collections::BTreeSet;
use std::future::Future;
use std::time::Duration;

use odoo_core::{Client, ErrorKind, Model, OdooModel, SearchOptions, TransportKind};
use odoo_emulator::{Emulator, OdooVersion};
use serde_json::json;
use support::emulator::{connect_at, transports};
use support::outage_proxy::{Fate, Outage, OutageProxy};

/// How long each outage lasts.
const OUTAGE: Duration = Duration::from_secs(5);
/// The bound on a case, so that a client that never gives up fails the test instead of hanging it.
const CASE_LIMIT: Duration = Duration::from_secs(60);
/// How many records the paged read reads.
const RECORDS: usize = 5_000;
/// The `ref` of the seeded records.
const SEEDED: &str = "outage-seed";

#[derive(Debug, Clone, OdooModel)]
#[odoo(
    model = "res.partner",
    schema = "../odoo-emulator/src/demo/schema.json"
)]
pub struct Partner {
    pub id: i64,
    pub name: Option<String>,
    #[odoo(rename = "ref")]
    pub reference: Option<String>,
}

/// The version played: 19, the one that speaks every transport.
const VERSION: OdooVersion = OdooVersion::V19;

/// A client of the demo admin through `proxy`, with nothing set but the database, the login,
/// the password (the API key on JSON-2) and the transport.
async fn connect(proxy: &OutageProxy, emu: &Emulator, transport: TransportKind) -> Client {
    connect_at(proxy.url(), emu, transport, "admin").await
}

/// Runs every case at once, each bounded by [`CASE_LIMIT`], and fails naming each case that
/// failed.
async fn run_all<F>(cases: Vec<(String, F)>)
where
    F: Future<Output = Result<(), String>> + Send + 'static,
{
    let tasks: Vec<_> = cases
        .into_iter()
        .map(|(name, case)| {
            let task = tokio::spawn(tokio::time::timeout(CASE_LIMIT, case));
            (name, task)
        })
        .collect();
    let mut failures = Vec::new();
    for (name, task) in tasks {
        match task.await {
            Ok(Ok(Ok(()))) => {}
            Ok(Ok(Err(failure))) => failures.push(format!("{name}: {failure}")),
            Ok(Err(_)) => {
                failures.push(format!("{name}: not over after {} s", CASE_LIMIT.as_secs()))
            }
            Err(panic) => failures.push(format!("{name}: panicked: {panic}")),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Reads the seeded partners in pages of 500 through a proxy that goes into `outage` for
/// [`OUTAGE`] after the second page.
async fn page_through(
    emu: std::sync::Arc<Emulator>,
    transport: TransportKind,
    outage: Outage,
) -> Result<(), String> {
    let proxy = OutageProxy::start(emu.addr()).await;
    let client = connect(&proxy, &emu, transport).await;
    let f = Partner::fields();
    let mut pages = client
        .model::<Partner>()
        .search(f.reference.eq(SEEDED))
        .pages(500);
    let mut ids = Vec::new();
    let mut pages_read = 0;
    let mut outage_over = None;
    loop {
        let page = match pages.next_page().await {
            Ok(Some(page)) => page,
            Ok(None) => break,
            Err(e) => {
                return Err(format!(
                    "page {} failed (kind {:?}, connect {}): {e}",
                    pages_read + 1,
                    e.kind(),
                    e.is_connect()
                ))
            }
        };
        pages_read += 1;
        if let Some(during) = proxy.outage() {
            return Err(format!(
                "page {pages_read} arrived during the outage ({during:?})"
            ));
        }
        ids.extend(page.iter().map(|partner| partner.id));
        if pages_read == 2 {
            outage_over = Some(proxy.begin_outage(outage, OUTAGE).await);
        }
    }
    let Some(outage_over) = outage_over else {
        return Err(format!("only {pages_read} pages: the outage never began"));
    };
    outage_over
        .await
        .map_err(|e| format!("the outage's end: {e}"))?;

    let distinct: BTreeSet<i64> = ids.iter().copied().collect();
    if ids.len() != RECORDS || distinct.len() != RECORDS {
        return Err(format!(
            "{} records read, {} distinct, where {RECORDS} are seeded",
            ids.len(),
            distinct.len()
        ));
    }
    let seeded = seeded_ids(&emu);
    if distinct != seeded {
        return Err("the ids read are not the seeded ones".into());
    }
    // The client met the outage: its requests were read and not answered (a refused connection
    // leaves no request to see).
    let unanswered = proxy
        .requests()
        .iter()
        .filter(|request| request.fate != Fate::Forwarded && request.contains("search_read"))
        .count();
    match outage {
        Outage::Refuse => {}
        Outage::Reset | Outage::LoseAnswer if unanswered > 0 => {}
        _ => return Err("no page was asked for during the outage".into()),
    }
    Ok(())
}

fn seeded_ids(emu: &Emulator) -> BTreeSet<i64> {
    emu.with_store(|store| {
        store
            .ids("res.partner")
            .into_iter()
            .filter(|&id| store.stored_value("res.partner", id, "ref") == json!(SEEDED))
            .collect()
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_paged_read_completes_through_an_outage() {
    let seed = (1..=RECORDS)
        .map(|n| json!({"name": format!("Outage partner {n}"), "ref": SEEDED}))
        .collect();
    let emu = Emulator::demo_builder(VERSION)
        .records("res.partner", seed)
        .start()
        .await
        .unwrap_or_else(|e| panic!("emulator: {e}"));
    let emu = std::sync::Arc::new(emu);
    assert_eq!(seeded_ids(&emu).len(), RECORDS);
    let mut cases = Vec::new();
    for transport in transports(VERSION) {
        for outage in Outage::ALL {
            let case = page_through(std::sync::Arc::clone(&emu), transport, outage);
            cases.push((format!("{transport}, {outage:?}"), case));
        }
    }
    run_all(cases).await;
}

/// Creates a partner named `marker` during an [`OUTAGE`]-long `outage`, then checks, once it is
/// over, how many the server holds and how many create requests the proxy saw.
async fn write_during(
    emu: std::sync::Arc<Emulator>,
    transport: TransportKind,
    outage: Outage,
) -> Result<(), String> {
    let marker = format!("Outage write {transport} {outage:?}");
    let proxy = OutageProxy::start(emu.addr()).await;
    let client = connect(&proxy, &emu, transport).await;
    // A read first, so that the client holds a pooled connection when the outage begins.
    client
        .search_count("res.partner", json!([]), SearchOptions::new())
        .await
        .map_err(|e| format!("read before the outage: {e}"))?;

    let outage_over = proxy.begin_outage(outage, OUTAGE).await;
    let written = client
        .create("res.partner", json!({"name": marker.clone()}))
        .await;
    let sent = proxy
        .requests()
        .iter()
        .filter(|request| request.contains(&marker))
        .map(|request| request.fate)
        .collect::<Vec<_>>();
    outage_over
        .await
        .map_err(|e| format!("the outage's end: {e}"))?;

    let error = match written {
        Ok(id) => return Err(format!("the create succeeded during the outage: id {id}")),
        Err(error) => error,
    };
    let described = format!(
        "kind {:?}, connect {}: {error}",
        error.kind(),
        error.is_connect()
    );
    let (expected_sent, created) = match outage {
        // Never sent: the connection was refused.
        Outage::Refuse => {
            if !error.is_connect() {
                return Err(format!("not a connection failure: {described}"));
            }
            (vec![], 0)
        }
        // Sent once: read by the proxy and not forwarded, or run by the server and its answer lost.
        Outage::Reset | Outage::LoseAnswer => {
            let reached = error.to_string().contains("may have reached the server");
            if error.kind() != ErrorKind::Transport || error.is_connect() || !reached {
                return Err(format!(
                    "not a transport failure that may have reached the server: {described}"
                ));
            }
            if outage == Outage::Reset {
                (vec![Fate::NotForwarded], 0)
            } else {
                (vec![Fate::AnswerLost], 1)
            }
        }
    };
    if sent != expected_sent {
        return Err(format!(
            "the proxy saw the create as {sent:?}, not {expected_sent:?} ({described})"
        ));
    }
    let held = emu.with_store(|store| {
        store
            .ids("res.partner")
            .into_iter()
            .filter(|&id| store.stored_value("res.partner", id, "name") == json!(marker))
            .count()
    });
    if held != created {
        return Err(format!(
            "the server holds {held} partners named {marker:?}, not {created}"
        ));
    }
    // After the outage the same client works again.
    let counted = client
        .search_count(
            "res.partner",
            json!([["name", "=", marker]]),
            SearchOptions::new(),
        )
        .await
        .map_err(|e| format!("read after the outage: {e}"))?;
    if counted != created as u64 {
        return Err(format!(
            "the client counts {counted} partners named {marker:?}, not {created}"
        ));
    }
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_write_during_an_outage_is_sent_at_most_once() {
    let emu = Emulator::demo(VERSION)
        .await
        .unwrap_or_else(|e| panic!("emulator: {e}"));
    let emu = std::sync::Arc::new(emu);
    let mut cases = Vec::new();
    for transport in transports(VERSION) {
        for outage in Outage::ALL {
            let case = write_during(std::sync::Arc::clone(&emu), transport, outage);
            cases.push((format!("{transport}, {outage:?}"), case));
        }
    }
    run_all(cases).await;
}

/// A report asked for during an outage arrives once the server is back: reading a document
/// changes nothing, so it is retried as a read-only call is.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_report_asked_during_an_outage_arrives_after_it() {
    let emu = Emulator::demo(VERSION).await.expect("emulator starts");
    let proxy = OutageProxy::start(emu.addr()).await;
    let mut cases = Vec::new();
    for outage in [Outage::Refuse, Outage::Reset] {
        let client = connect(&proxy, &emu, TransportKind::JsonRpc).await;
        // The first report opens the web session; the second is asked during the outage.
        cases.push((outage, client));
    }
    for (outage, client) in cases {
        let first = client.report("sale.report_saleorder", &[1]).pdf().await;
        assert!(first.is_ok(), "{outage:?}: {first:?}");
        let outage_over = proxy.begin_outage(outage, OUTAGE).await;
        let during = tokio::time::timeout(
            CASE_LIMIT,
            client.report("sale.report_saleorder", &[1]).pdf(),
        )
        .await
        .expect("bounded");
        outage_over.await.expect("the outage ends");
        let pdf = during.unwrap_or_else(|e| panic!("{outage:?}: {e}"));
        assert!(pdf.bytes.starts_with(b"%PDF-"), "{outage:?}");
    }
}
