//! Recording a client's exchanges (`ClientBuilder::record_to`) against a server (the emulator
//! stands in for one) and replaying the file with the server gone (`odoo_emulator::Replay`),
//! on every transport: the same calls get the same answers, errors included, and the file
//! holds no password, key or session id.

use crate::support::emulator::transports;
use odoo_core::{Client, ErrorKind, SearchOptions, TransportKind};
use odoo_emulator::{Emulator, OdooVersion, Replay, User};
use serde_json::{json, Value};

pub(crate) const LOGIN: &str = "recorder";
pub(crate) const PASSWORD: &str = "Rec0rd-pa$$word";
pub(crate) const KEY: &str = "rec-key-6f1b0c9e2a";

/// A client builder of the recording user over `transport` (the API key on JSON-2, else the
/// password).
pub(crate) fn builder(url: &str, transport: TransportKind) -> odoo_core::ClientBuilder {
    let builder = Client::builder(url)
        .database("demo")
        .login(LOGIN)
        .transport(transport);
    if transport == TransportKind::Json2 {
        builder.api_key(KEY)
    } else {
        builder.password(PASSWORD)
    }
}

/// A few calls of every kind; what each answered, as text.
async fn scenario(client: &Client) -> Vec<String> {
    let mut seen = Vec::new();
    let ids = client
        .search(
            "res.partner",
            json!([["is_company", "=", true]]),
            SearchOptions::new().order("id").limit(3),
        )
        .await;
    seen.push(format!("{ids:?}"));
    let id = client
        .create(
            "res.partner",
            json!({"name": "Recorded partner", "email": "r@example.com"}),
        )
        .await
        .unwrap_or_else(|e| panic!("create: {e}"));
    seen.push(format!("created {id}"));
    let wrote = client
        .write(
            "res.partner",
            &[id],
            json!({"email": "replayed@example.com"}),
        )
        .await;
    seen.push(format!("{wrote:?}"));
    let rows: Result<Vec<Value>, _> = client
        .read("res.partner", &[id], &["name", "email"], Default::default())
        .await;
    seen.push(format!("{rows:?}"));
    let err = client
        .execute_kw("no.such.model", "search", json!([[]]), json!({}))
        .await
        .expect_err("no such model");
    assert_eq!(err.kind(), ErrorKind::NotFound);
    seen.push(err.to_string());
    let gone = client.unlink("res.partner", &[id]).await;
    seen.push(format!("{gone:?}"));
    seen
}

/// The emulator (with the recording user) and a client of it recording to `file`, set up by
/// `setup` from the emulator's URL.
pub(crate) async fn recording(
    transport: TransportKind,
    setup: impl Fn(&str) -> odoo_core::ClientBuilder,
    file: &std::path::Path,
) -> (Emulator, Client) {
    let emu = Emulator::demo_builder(OdooVersion::V19)
        .user(User::new(LOGIN, PASSWORD).uid(40).api_key(KEY).admin())
        .start()
        .await
        .unwrap_or_else(|e| panic!("emulator: {e}"));
    let client = setup(emu.url())
        .record_to(file)
        .connect()
        .await
        .unwrap_or_else(|e| panic!("{transport}: connect: {e}"));
    (emu, client)
}

/// A file in the system's temporary folder for a recording, absent (`record_to` appends).
pub(crate) fn recording_file(name: &str, transport: TransportKind) -> std::path::PathBuf {
    let file = std::env::temp_dir().join(format!(
        "odoo-rs-{name}-{}-{transport}.jsonl",
        std::process::id()
    ));
    let _ = std::fs::remove_file(&file);
    file
}

#[tokio::test]
async fn a_recording_replays_without_the_server_on_every_transport() {
    for transport in transports(OdooVersion::V19) {
        let file = recording_file("recording", transport);
        let recorded = {
            let (_emu, client) =
                recording(transport, |url: &str| builder(url, transport), &file).await;
            scenario(&client).await
            // The emulator stops here.
        };
        let text = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{e}"));
        assert!(text.lines().count() >= 8, "{transport}: {text}");
        for secret in [PASSWORD, KEY, "Rec0rd-pa%24%24word"] {
            assert!(
                !text.contains(secret),
                "{transport}: the recording holds {secret}"
            );
        }
        for line in text.lines().filter(|l| l.contains("session_id=")) {
            assert!(
                line.contains("session_id=<redacted>"),
                "{transport}: a session id in {line}"
            );
        }

        let replay = Replay::from_file(&file)
            .await
            .unwrap_or_else(|e| panic!("{transport}: replay: {e}"));
        let client = builder(replay.url(), transport)
            .connect()
            .await
            .unwrap_or_else(|e| panic!("{transport}: connect to the replay: {e}"));
        let replayed = scenario(&client).await;
        assert_eq!(replayed, recorded, "{transport}");
        assert_eq!(replay.unanswered(), 0, "{transport}");
        // A call that was not recorded is refused, not answered with something else.
        let err = client
            .search_count("res.users", json!([]), SearchOptions::new())
            .await
            .expect_err("not recorded");
        assert!(
            err.to_string().contains("no recorded exchange"),
            "{transport}: {err}"
        );
        let _ = std::fs::remove_file(&file);
    }
}

/// Reports and files go through the web client's routes, whose answers are not text: they
/// are recorded as they came and replayed byte for byte.
#[tokio::test]
async fn reports_and_files_replay_byte_for_byte() {
    for transport in transports(OdooVersion::V19) {
        let file = recording_file("recording-documents", transport);
        let content: Vec<u8> = (0..=255u8).cycle().take(70_000).collect();
        let documents = |client: Client| {
            let content = content.clone();
            async move {
                let pdf = client
                    .report("sale.report_saleorder", &[1])
                    .pdf()
                    .await
                    .unwrap_or_else(|e| panic!("{transport}: pdf: {e}"));
                let files = client.attachments();
                let id = files
                    .attach("res.partner", 1, "scan.bin", &content)
                    .await
                    .unwrap_or_else(|e| panic!("{transport}: attach: {e}"));
                let mut copied = Vec::new();
                let saved = files
                    .download_to(id, &mut copied)
                    .await
                    .unwrap_or_else(|e| panic!("{transport}: download: {e}"));
                (pdf, copied, saved)
            }
        };
        let recorded = {
            let with_password = |url: &str| builder(url, transport).password(PASSWORD);
            let (_emu, client) = recording(transport, with_password, &file).await;
            documents(client).await
        };
        assert!(recorded.0.bytes.starts_with(b"%PDF-"), "{transport}");
        assert_eq!(recorded.1, content, "{transport}");
        let text = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{e}"));
        assert!(text.contains("\"body_base64\""), "{transport}: {text:.300}");
        assert!(!text.contains(PASSWORD), "{transport}: the password");

        let replay = Replay::from_file(&file)
            .await
            .unwrap_or_else(|e| panic!("{transport}: replay: {e}"));
        let client = builder(replay.url(), transport)
            .password(PASSWORD)
            .connect()
            .await
            .unwrap_or_else(|e| panic!("{transport}: connect to the replay: {e}"));
        let replayed = documents(client).await;
        assert_eq!(replayed, recorded, "{transport}");
        assert_eq!(replay.unanswered(), 0, "{transport}");
        let _ = std::fs::remove_file(&file);
    }
}

/// Creates `count` partners named `{prefix} {n}`, then deletes them; their ids.
async fn partners(client: Client, prefix: &str, count: usize) -> Vec<i64> {
    let mut ids = Vec::new();
    for n in 0..count {
        let name = format!("{prefix} {n}");
        let id = client
            .create("res.partner", json!({ "name": name }))
            .await
            .unwrap_or_else(|e| panic!("create {name}: {e}"));
        ids.push(id);
    }
    let gone = client.unlink("res.partner", &ids).await;
    assert!(matches!(gone, Ok(true)), "{prefix}: {gone:?}");
    ids
}

/// Two clients of one process record to one file at the same time: every exchange of both is
/// there, each on a line of its own, and a replay of the file serves both again.
#[tokio::test]
async fn two_clients_append_whole_lines_to_one_recording() {
    for transport in transports(OdooVersion::V19) {
        let file = recording_file("two-clients", transport);
        let recorded = {
            let (emu, first) =
                recording(transport, |url: &str| builder(url, transport), &file).await;
            let second = builder(emu.url(), transport)
                .record_to(&file)
                .connect()
                .await
                .unwrap_or_else(|e| panic!("{transport}: second client: {e}"));
            tokio::join!(partners(first, "First", 15), partners(second, "Second", 15))
        };
        let exchanges = odoo_core::recording::read_recording(&file)
            .unwrap_or_else(|e| panic!("{transport}: every line is an exchange: {e}"));
        let creates = |prefix: &str| {
            exchanges
                .iter()
                .filter(|e| e.request.body.contains(&format!("{prefix} ")))
                .count()
        };
        assert_eq!(
            (creates("First"), creates("Second")),
            (15, 15),
            "{transport}"
        );

        let replay = Replay::builder()
            .strict()
            .from_file(&file)
            .await
            .unwrap_or_else(|e| panic!("{transport}: replay: {e}"));
        let connect = || async {
            builder(replay.url(), transport)
                .connect()
                .await
                .unwrap_or_else(|e| panic!("{transport}: connect to the replay: {e}"))
        };
        let (first, second) = (connect().await, connect().await);
        let replayed = tokio::join!(partners(first, "First", 15), partners(second, "Second", 15));
        assert_eq!(replayed, recorded, "{transport}");
        replay
            .finish()
            .unwrap_or_else(|e| panic!("{transport}: {e}"));
        let _ = std::fs::remove_file(&file);
    }
}

/// Two runs (two client builds, one after the other) record to one file: the file holds both
/// runs; a strict replay of one run names the second run's exchanges as unused, and one of two
/// runs uses them all.
#[tokio::test]
async fn two_runs_append_to_one_recording() {
    for transport in transports(OdooVersion::V19) {
        let file = recording_file("two-runs", transport);
        let emu = Emulator::demo_builder(OdooVersion::V19)
            .user(User::new(LOGIN, PASSWORD).uid(40).api_key(KEY).admin())
            .start()
            .await
            .unwrap_or_else(|e| panic!("emulator: {e}"));
        let mut lines = Vec::new();
        for run in ["first", "second"] {
            let client = builder(emu.url(), transport)
                .record_to(&file)
                .connect()
                .await
                .unwrap_or_else(|e| panic!("{transport}: {run} run: {e}"));
            partners(client, "Run", 2).await;
            let text = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{e}"));
            lines.push(text.lines().count());
        }
        assert_eq!(
            lines[1],
            2 * lines[0],
            "{transport}: the file keeps the first run"
        );

        let replay_runs = |runs: usize| {
            let file = file.clone();
            async move {
                let replay = Replay::builder()
                    .strict()
                    .from_file(&file)
                    .await
                    .unwrap_or_else(|e| panic!("{transport}: replay: {e}"));
                for _ in 0..runs {
                    let client = builder(replay.url(), transport)
                        .connect()
                        .await
                        .unwrap_or_else(|e| panic!("{transport}: connect to the replay: {e}"));
                    partners(client, "Run", 2).await;
                }
                replay.finish()
            }
        };
        let one = replay_runs(1).await.expect_err("the second run is unused");
        assert_eq!(one.unused.len(), lines[0], "{transport}: {one}");
        assert_eq!(one.unused[0].position, lines[0] + 1, "{transport}");
        replay_runs(2)
            .await
            .unwrap_or_else(|e| panic!("{transport}: two runs: {e}"));
        let _ = std::fs::remove_file(&file);
    }
}

/// A file whose last line was cut (a run stopped while writing) gets a line break before the
/// next exchange: that exchange stays readable on a line of its own.
#[tokio::test]
async fn a_cut_last_line_is_closed_before_appending() {
    let transport = TransportKind::JsonRpc;
    let file = recording_file("cut-line", transport);
    std::fs::write(&file, "{\"request\":{\"method\":\"PO").unwrap_or_else(|e| panic!("{e}"));
    let (_emu, _client) = recording(transport, |url: &str| builder(url, transport), &file).await;
    let text = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{e}"));
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("{\"request\":{\"method\":\"PO"));
    let rest: Vec<&str> = lines.collect();
    assert!(!rest.is_empty(), "the login was recorded");
    for line in rest {
        let exchange: Result<odoo_core::recording::Exchange, _> = serde_json::from_str(line);
        assert!(exchange.is_ok(), "{line}");
    }
    let err = odoo_core::recording::read_recording(&file).expect_err("the cut line");
    assert!(err.to_string().contains("line 1"), "{err}");
    let _ = std::fs::remove_file(&file);
}

/// A replay sends the recorded `Date` headers: the server's clock, and what the client derives
/// from it (an incremental export's window), is the recorded run's, not the replay's.
#[tokio::test]
async fn a_replay_keeps_the_recorded_server_clock() {
    let transport = TransportKind::JsonRpc;
    let file = recording_file("clock", transport);
    let recorded = {
        let (_emu, client) = recording(transport, |url: &str| builder(url, transport), &file).await;
        client.server_time().await.expect("the server's clock")
    };
    tokio::time::sleep(std::time::Duration::from_millis(2100)).await;
    let replay = Replay::from_file(&file).await.expect("replay");
    let client = builder(replay.url(), transport)
        .connect()
        .await
        .expect("connect to the replay");
    let replayed = client.server_time().await.expect("the replayed clock");
    let apart = *replayed.as_naive() - *recorded.as_naive();
    assert!(
        apart.num_milliseconds().abs() < 1000,
        "recorded {recorded}, replayed {replayed}"
    );
    let _ = std::fs::remove_file(&file);
}
