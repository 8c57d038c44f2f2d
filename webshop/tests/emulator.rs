//! The integration on the embedded emulator as Odoo 16, 17, 18 and 19, from the shop's own
//! snapshots: its report must equal the one a live run of the same version gave
//! (`expected/odoo<major>.json`, written by `tests/live.rs`).

use odoo_core::schema::Schema;
use odoo_core::Client;
use odoo_emulator::{Emulator, Flow, OdooVersion};
use serde_json::Value;
use webshop::{run, Report, Shop};

/// The whole setup: the emulator of `version` with its demo data on the shop's snapshot, the
/// flows the shop goes through, and a client.
async fn report_on(version: OdooVersion) -> Report {
    let dir = env!("CARGO_MANIFEST_DIR");
    // A version newer than the recorded ones runs on the newest snapshot.
    let major = version.pick(version.major(), &[(OdooVersion::new(19, 1), 19)]);
    let snapshot = format!("{dir}/schemas/odoo{major}.json");
    let text = std::fs::read_to_string(&snapshot).expect("the shop's snapshot");
    let schema = Schema::from_json(&text).expect("a snapshot");
    let emu = Emulator::demo_builder(version)
        .schema(schema)
        .flows(Flow::ALL)
        .start()
        .await
        .expect("the emulator starts");
    let client = Client::builder(emu.url())
        .database(emu.database())
        .login("admin")
        .password("admin")
        .connect()
        .await
        .expect("connect");
    run(&client, &Shop::new("T1"))
        .await
        .unwrap_or_else(|e| panic!("{version}: {e}"))
}

fn expected(version: OdooVersion) -> Report {
    let path = format!(
        "{}/expected/odoo{}.json",
        env!("CARGO_MANIFEST_DIR"),
        version.major()
    );
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).expect("an expected report")
}

/// Where two reports differ: `path: emulator != live`, one line each.
fn differences(path: &str, emulator: &Value, live: &Value) -> Vec<String> {
    match (emulator, live) {
        (Value::Object(a), Value::Object(b)) => {
            let keys: std::collections::BTreeSet<_> = a.keys().chain(b.keys()).collect();
            let field = |key: &str, map: &serde_json::Map<String, Value>| {
                map.get(key).cloned().unwrap_or(Value::Null)
            };
            let each = keys.into_iter().flat_map(|key| {
                differences(&format!("{path}/{key}"), &field(key, a), &field(key, b))
            });
            each.collect()
        }
        _ if emulator == live => Vec::new(),
        _ => vec![format!("{path}: {emulator} != {live}")],
    }
}

async fn same_as_live(version: OdooVersion) {
    let report = report_on(version).await;
    let json = |report: &Report| serde_json::to_value(report).expect("a report serializes");
    let differ = differences("", &json(&report), &json(&expected(version)));
    assert!(
        differ.is_empty(),
        "emulator != live:\n{}",
        differ.join("\n")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_the_emulator_as_16_it_reports_what_odoo_16_did() {
    same_as_live(OdooVersion::V16).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_the_emulator_as_17_it_reports_what_odoo_17_did() {
    same_as_live(OdooVersion::V17).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_the_emulator_as_18_it_reports_what_odoo_18_did() {
    same_as_live(OdooVersion::V18).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_the_emulator_as_19_it_reports_what_odoo_19_did() {
    same_as_live(OdooVersion::V19).await;
}

/// A server newer than the recorded ones, as the emulator plays the documented changes of
/// 19.1 to 20.0 (no public `read_group`, no `ir.attachment.datas`, `ir.access`): the whole
/// integration runs, and reports what 19.0 did, but for the version it names.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_a_newer_server_it_runs_and_reports_what_19_did() {
    for version in [OdooVersion::new(19, 3), OdooVersion::V20] {
        let report = report_on(version).await;
        let mut nineteen = expected(OdooVersion::V19);
        nineteen.major = version.major();
        let json = |report: &Report| serde_json::to_value(report).expect("a report serializes");
        let differ = differences("", &json(&report), &json(&nineteen));
        assert!(
            differ.is_empty(),
            "{version} != 19.0:\n{}",
            differ.join("\n")
        );
    }
}
