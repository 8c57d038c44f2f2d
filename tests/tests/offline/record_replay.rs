//! Recording a client's exchanges (`ClientBuilder::record_to`) against a server (the emulator
//! stands in for one) and replaying the file with the server gone (`odoo_emulator::Replay`),
//! on every transport: the same calls get the same answers, errors included, and the file
//! holds no password, key or session id.

use crate::support::emulator::transports;
use odoo_core::{Client, ErrorKind, SearchOptions, TransportKind};
use odoo_emulator::{Emulator, OdooVersion, Replay, User};
use serde_json::{json, Value};

const LOGIN: &str = "recorder";
const PASSWORD: &str = "Rec0rd-pa$$word";
const KEY: &str = "rec-key-6f1b0c9e2a";

fn builder(url: &str, transport: TransportKind) -> odoo_core::ClientBuilder {
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
async fn recording(
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

/// A file in the system's temporary folder for a recording.
fn recording_file(name: &str, transport: TransportKind) -> std::path::PathBuf {
    std::env::temp_dir().join(format!(
        "odoo-rs-{name}-{}-{transport}.jsonl",
        std::process::id()
    ))
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
