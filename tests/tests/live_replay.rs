//! Recording a run against a real Odoo and replaying it, with values that change from run to
//! run, as a test suite does: `ODOO_URL`, `ODOO_DB`, `ODOO_USER` and `ODOO_PASSWORD` and/or
//! `ODOO_API_KEY` name the server (see `live.rs`). Ignored by a plain `cargo test`;
//! `cargo test -p odoo-tests --test live_replay -- --ignored` runs it. It creates one partner
//! per transport and deletes it.

use std::time::{SystemTime, UNIX_EPOCH};

use odoo_core::{Client, Error, ReadOptions, SearchOptions};
use odoo_emulator::{Replay, Rule};
use serde_json::{json, Value};

use odoo_test_support::live_settings;

use live_settings::Settings as Live;

/// What a run saw: the created id, the companies found, the names read, the renamed partner
/// found, its email read back.
type Seen = (i64, Vec<i64>, usize, Vec<i64>, Vec<Value>);

/// A partner named after the current time; a search listing ids; a read of those ids in an
/// order of the run's own (as a `HashSet` gives them); a write; a search and a read of the
/// renamed partner; its deletion.
async fn flow(client: &Client, run: usize) -> Result<Seen, Error> {
    let stamp = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    let name = format!("odoo-rs replay {stamp}");
    let id = client
        .create(
            "res.partner",
            json!({"name": name, "email": "replay@example.com"}),
        )
        .await?;
    let companies = client
        .search(
            "res.partner",
            json!([["is_company", "=", true]]),
            SearchOptions::new().order("id").limit(4),
        )
        .await?;
    let mut ids = companies.clone();
    ids.push(id);
    let turn = run % ids.len();
    ids.rotate_left(turn);
    let rows: Vec<Value> = client
        .read("res.partner", &ids, &["name"], ReadOptions::new())
        .await?;
    let renamed = format!("{name} (renamed)");
    client
        .write("res.partner", &[id], json!({ "name": renamed }))
        .await?;
    let found = client
        .search(
            "res.partner",
            json!([["name", "=", renamed]]),
            SearchOptions::new(),
        )
        .await?;
    let emails: Vec<Value> = client
        .read("res.partner", &[id], &["email"], ReadOptions::new())
        .await?;
    client.unlink("res.partner", &[id]).await?;
    Ok((id, companies, rows.len(), found, emails))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "live: needs ODOO_URL; run with cargo test --workspace -- --ignored"]
async fn a_recorded_run_replays_three_times_with_one_rule_and_strict_mode() {
    let live = live_settings::settings();
    for transport in live.transports().await {
        let file = std::env::temp_dir().join(format!(
            "odoo-rs-live-replay-{}-{transport}.jsonl",
            std::process::id()
        ));
        let _ = std::fs::remove_file(&file);
        let recorded = {
            let client = live
                .builder(transport)
                .record_to(&file)
                .connect()
                .await
                .unwrap_or_else(|e| panic!("{transport}: connect: {e}"));
            flow(&client, 0)
                .await
                .unwrap_or_else(|e| panic!("{transport}: the recorded run: {e}"))
        };
        assert_eq!(
            recorded.3,
            vec![recorded.0],
            "{transport}: the renamed partner"
        );
        assert_eq!(recorded.4[0]["email"], json!("replay@example.com"));

        // What changes between runs, as one rule: the name (in the values, and in the
        // search's domain) and the order of the ids read.
        let rule = Rule::ignore_key("name").and(Rule::ids_as_sets());
        for run in 1..=3 {
            let replay = Replay::builder()
                .rule(rule.clone())
                .strict()
                .from_file(&file)
                .await
                .unwrap_or_else(|e| panic!("{transport}: replay: {e}"));
            let at_replay = Live {
                url: replay.url().to_owned(),
                db: live.db.clone(),
                user: live.user.clone(),
                password: live.password.clone(),
                api_key: live.api_key.clone(),
            };
            let client = at_replay
                .builder(transport)
                .connect()
                .await
                .unwrap_or_else(|e| panic!("{transport}: connect to the replay: {e}"));
            let replayed = flow(&client, run)
                .await
                .unwrap_or_else(|e| panic!("{transport}: replay {run}: {e}"));
            assert_eq!(replayed, recorded, "{transport}: replay {run}");
            replay
                .finish()
                .unwrap_or_else(|e| panic!("{transport}: replay {run}: {e}"));
        }
        let _ = std::fs::remove_file(&file);
        eprintln!("live replay over {transport}: recorded once, replayed 3 times");
    }
}
