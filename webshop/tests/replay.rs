//! The integration on a replay of one run recorded against a real Odoo 18
//! (`recordings/odoo18.jsonl`), three times in a row, strict: every recorded exchange must be
//! asked for, and nothing else. One rule covers what changes from run to run: the order's
//! date, which the shop takes from its own clock.
//!
//! To record again, against a test database of Odoo 18 with `sale_management` and `stock`,
//! with a tag the database has not seen, over the web session (a password):
//! `rm webshop/recordings/odoo18.jsonl`, then `ODOO_URL=.. ODOO_DB=.. ODOO_USER=..
//! ODOO_PASSWORD=.. cargo run -p webshop -- R3 --record webshop/recordings/odoo18.jsonl`;
//! then set `TAG`, `DATABASE` and `LOGIN` below to that tag, database and login.

use odoo_core::{Client, TransportKind};
use odoo_emulator::{Replay, Rule};
use webshop::{run, Report, Shop};

/// The recording, the tag of its run, and the database and login it was made with.
const RECORDING: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/recordings/odoo18.jsonl");
const TAG: &str = "R2";
const DATABASE: &str = "odoo18";
const LOGIN: &str = "admin";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_run_recorded_on_odoo_18_replays_three_times_in_a_row() {
    let expected =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/expected/odoo18.json"));
    let expected: Report = serde_json::from_str(&expected.expect("expected")).expect("a report");
    for round in 1..=3 {
        let replay = Replay::builder()
            .rule(Rule::ignore_key("date_order"))
            .strict()
            .from_file(RECORDING)
            .await
            .expect("the recording");
        let client = Client::builder(replay.url())
            .database(DATABASE)
            .login(LOGIN)
            .password("any: the recording holds none")
            .transport(TransportKind::WebSession)
            .connect()
            .await
            .expect("connect to the replay");
        let report = run(&client, &Shop::new(TAG)).await;
        let report = report.unwrap_or_else(|e| panic!("replay {round}: {e}"));
        assert_eq!(report, expected, "replay {round}");
        replay
            .finish()
            .unwrap_or_else(|e| panic!("replay {round}: {e}"));
    }
}
