//! What integrations sync by, on the emulator as Odoo 16-19 over every transport: external IDs
//! (resolved, read back, saved under), a user without rights on `ir.model.data`, `load` with
//! refused rows, upserts by key, and the incremental export's cursor with a writer changing
//! records in the same second as the cursor.

use crate::support;

use std::collections::BTreeMap;
use std::time::Duration;

use odoo_core::{ChangeCursor, ErrorKind, SearchOptions, TransportKind};
use odoo_emulator::{Emulator, OdooVersion};
use serde_json::{json, Value};
use support::emulator::{connect, transports};
use support::sync_runs::{load_rows, resolve_checks, save_checks, CursorRun, LOAD_COLUMNS};

const VERSIONS: [OdooVersion; 4] = [
    OdooVersion::V16,
    OdooVersion::V17,
    OdooVersion::V18,
    OdooVersion::V19,
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn external_ids_on_every_version_and_transport() {
    for version in VERSIONS {
        let emu = Emulator::demo(version).await.expect("emulator starts");
        for transport in transports(version) {
            for login in ["admin", "limited"] {
                let what = format!("{version:?} over {transport} as {login}");
                let client = connect(&emu, transport, login).await;
                resolve_checks(&client, &what, &["x.one", "y.two"]).await;
                let ids = client.external_ids();
                let many = ids
                    .resolve_many(&["base.us", "base.user_admin"])
                    .await
                    .unwrap_or_else(|e| panic!("{what}: {e}"));
                let found: Vec<(&str, i64)> =
                    many.iter().map(|r| (r.model.as_str(), r.id)).collect();
                assert_eq!(found, [("res.country", 2), ("res.users", 2)]);
                let bad = ids.resolve("no_dot").await.expect_err("not an external ID");
                assert_eq!(bad.kind(), ErrorKind::InvalidInput);
                let xmlid = format!(
                    "my_shop.{login}_{}",
                    transport.to_string().replace('-', "_")
                );
                let id = save_checks(&client, &what, &xmlid, "Saved").await;
                let of = ids.of("res.partner", &[2]).await.expect("of");
                assert!(of.is_empty(), "{what}: 2 has no external ID");
                let children = ids
                    .save(
                        &xmlid,
                        "res.partner",
                        json!({"name": "x", "child_ids": [[0, 0, {"name": "y"}]]}),
                    )
                    .await
                    .expect_err("a one2many");
                assert_eq!(children.kind(), ErrorKind::InvalidInput, "{what}");
                let commands = ids
                    .save(
                        &xmlid,
                        "res.partner",
                        json!({"name": "x", "category_id": [[6, 0, [1]]]}),
                    )
                    .await
                    .expect_err("many2many commands");
                assert_eq!(commands.kind(), ErrorKind::InvalidInput, "{what}");
                // The record goes, and its external ID with it.
                client.unlink("res.partner", &[id]).await.expect("unlink");
                let gone = ids.resolve(&xmlid).await.expect_err("gone");
                assert_eq!(gone.kind(), ErrorKind::NotFound, "{what}");
            }
        }
        // As in Odoo, only "Access Rights" may read ir.model.data.
        let limited = connect(&emu, TransportKind::JsonRpc, "limited").await;
        let denied = limited
            .search_count("ir.model.data", json!([]), SearchOptions::new())
            .await
            .expect_err("no right");
        assert_eq!(denied.kind(), ErrorKind::AccessError, "{denied:?}");
        assert!(denied.to_string().contains("Access Rights"), "{denied}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn load_writes_the_rows_odoo_takes_and_names_the_others() {
    let emu = Emulator::demo(OdooVersion::V18)
        .await
        .expect("emulator starts");
    let client = connect(&emu, TransportKind::JsonRpc, "admin").await;
    // Odoo's own `load` writes all or nothing.
    let raw = client
        .execute_kw(
            "res.partner",
            "load",
            json!([
                ["id", "name", "color"],
                [["a1", "A1", "1"], ["a2", "A2", "abc"]]
            ]),
            json!({}),
        )
        .await
        .expect("load");
    assert_eq!(raw["ids"], json!(false), "{raw}");
    assert_eq!(raw["messages"][0]["field"], json!("color"), "{raw}");
    assert_eq!(
        raw["messages"][0]["message"],
        json!("'abc' does not seem to be an integer for field 'Color Index'")
    );
    let none = client
        .search_count(
            "res.partner",
            json!([["name", "=", "A1"]]),
            SearchOptions::new(),
        )
        .await
        .expect("count");
    assert_eq!(none, 0, "nothing written");

    let bad: BTreeMap<usize, &str> = [(3, "color"), (11, "parent_id"), (28, "type")].into();
    let rows = load_rows(30, "shop.p", "Imported", &bad);
    let report = client
        .load("res.partner", &LOAD_COLUMNS)
        .rows(rows)
        .batch_size(10)
        .run()
        .await
        .expect("load");
    assert_eq!(report.written(), 27, "{:?}", report.errors);
    let refused: Vec<(Option<usize>, Option<&str>)> = report
        .errors
        .iter()
        .map(|e| (e.row, e.field.as_deref()))
        .collect();
    assert_eq!(
        refused,
        [
            (Some(3), Some("color")),
            (Some(11), Some("parent_id")),
            (Some(28), Some("type"))
        ]
    );
    assert_eq!(
        report.errors[1].to_string(),
        "row 12, field parent_id: No matching record found for external id 'odoo_rs_test.no_such_parent' in field 'Related Company'"
    );
    let count = client
        .search_count(
            "res.partner",
            json!([["name", "=like", "Imported %"]]),
            SearchOptions::new(),
        )
        .await
        .expect("count");
    assert_eq!(count, 27);
    // Loaded again: the same records, updated by their external IDs.
    let again = client
        .load("res.partner", &["id", "name"])
        .row(["shop.p_1", "Imported 1 again"])
        .run()
        .await
        .expect("load again");
    assert_eq!(again.ids, [report.ids[1]]);
    // All or nothing, as one call of Odoo's.
    let strict = client
        .load("res.partner", &["id", "name", "color"])
        .row(["shop.q1", "Q1", "1"])
        .row(["shop.q2", "Q2", "x"])
        .all_or_nothing()
        .run()
        .await
        .expect("load");
    assert_eq!(strict.written(), 0);
    assert_eq!(strict.errors.len(), 1);
    // Mistakes of the caller's are errors before anything is sent.
    let short = client
        .load("res.partner", &["id", "name"])
        .row(["only one cell"])
        .run()
        .await
        .expect_err("a short row");
    assert_eq!(short.kind(), ErrorKind::InvalidInput);
    assert!(
        short
            .to_string()
            .contains("row 1 has 1 cells for 2 columns"),
        "{short}"
    );
    let unknown = client
        .load("res.partner", &["no_such_field"])
        .row(["x"])
        .run()
        .await
        .expect_err("an unknown column");
    assert!(unknown.to_string().contains("no_such_field"), "{unknown}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn upsert_creates_writes_what_changed_and_leaves_the_rest() {
    let emu = Emulator::demo(OdooVersion::V17)
        .await
        .expect("emulator starts");
    for transport in transports(OdooVersion::V17) {
        let client = connect(&emu, transport, "admin").await;
        let code = |i: usize| format!("{transport}-{i:03}");
        let rows = |price: f64| {
            (0..120).map(move |i| {
                json!({
                    "ref": code(i),
                    "name": format!("Customer {i}"),
                    "credit_limit": if i % 40 == 0 { price } else { 3.0 },
                    "country_id": [1, "Belgium"],
                    "category_id": [2, 1],
                    "website": false,
                })
            })
        };
        let upsert = || client.upsert("res.partner", &["ref"]).batch_size(50);
        let first = upsert().rows(rows(3.0)).run().await.expect("first");
        assert_eq!(
            (first.created, first.updated, first.unchanged),
            (120, 0, 0),
            "{transport}"
        );
        let second = upsert().rows(rows(3.0)).run().await.expect("second");
        assert_eq!(
            (second.created, second.updated, second.unchanged),
            (0, 0, 120),
            "{transport}"
        );
        assert_eq!(second.ids, first.ids);
        let third = upsert().rows(rows(9.5)).run().await.expect("third");
        assert_eq!(
            (third.created, third.updated, third.unchanged),
            (0, 3, 117),
            "{transport}"
        );
        // Two keys.
        let two = client
            .upsert("res.partner", &["ref", "name"])
            .row(json!({"ref": code(1), "name": "Customer 1", "credit_limit": 3.0}))
            .row(json!({"ref": code(1), "name": "Another", "credit_limit": 3.0}))
            .run()
            .await
            .expect("two keys");
        assert_eq!((two.created, two.unchanged), (1, 1), "{transport}");
        let repeated = upsert()
            .row(json!({"ref": "same"}))
            .row(json!({"ref": "same"}))
            .run()
            .await
            .expect_err("a key twice");
        assert_eq!(repeated.kind(), ErrorKind::InvalidInput);
        let keyless = upsert()
            .row(json!({"name": "no code"}))
            .run()
            .await
            .expect_err("no key");
        assert!(keyless.to_string().contains("row 1 lacks"), "{keyless}");
    }
}

/// Rounds of the incremental export while a task writes the same records every few
/// milliseconds: each record's last version is exported, no version twice, on 18 (which
/// compares microseconds) and 19 (which compares whole seconds).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_cursor_misses_nothing_with_a_concurrent_writer() {
    for version in [OdooVersion::V18, OdooVersion::V19] {
        let emu = Emulator::demo(version).await.expect("emulator starts");
        let client = connect(&emu, TransportKind::JsonRpc, "admin").await;
        let run = CursorRun {
            field: "ref",
            prefix: "Cursor ",
            records: 12,
            rounds: 8,
            writing: Duration::from_millis(4500),
            pause: Duration::from_millis(20),
            between: Duration::from_millis(600),
            settle: Duration::from_secs(1),
            page_size: 4,
        };
        let outcome = run.run(&client).await;
        assert!(outcome.missed.is_empty(), "{version:?}: {outcome:?}");
        assert!(outcome.uncovered.is_empty(), "{version:?}: {outcome:?}");
        assert_eq!(outcome.twice, 0, "{version:?}: {outcome:?}");
        assert!(outcome.writes > 50, "{version:?}: {outcome:?}");
        // The cursor serializes, and a run from it finds nothing new.
        let text = serde_json::to_string(&outcome.cursor).expect("serialize");
        let cursor: ChangeCursor = serde_json::from_str(&text).expect("deserialize");
        let (rows, _) = run.round(&client, &cursor).await;
        assert!(rows.is_empty(), "{version:?}: {rows:?}");
    }
}

/// Odoo 16-18 compare datetimes to the microsecond the database keeps; 19 in whole seconds.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn datetimes_compare_as_each_version_does() {
    for version in VERSIONS {
        let emu = Emulator::demo(version).await.expect("emulator starts");
        let client = connect(&emu, TransportKind::JsonRpc, "admin").await;
        let id = client
            .create("res.partner", json!({"name": "Stamped"}))
            .await
            .expect("create");
        let rows: Vec<Value> = client
            .read("res.partner", &[id], &["write_date"], Default::default())
            .await
            .expect("read");
        let seconds = rows[0]["write_date"]
            .as_str()
            .expect("a datetime")
            .to_owned();
        assert_eq!(
            seconds.len(),
            19,
            "{version:?}: read in whole seconds: {seconds}"
        );
        let count = |op: &str| {
            let client = client.clone();
            let seconds = seconds.clone();
            let op = op.to_owned();
            async move {
                client
                    .search_count(
                        "res.partner",
                        json!([["id", "=", id], ["write_date", op, seconds]]),
                        SearchOptions::new(),
                    )
                    .await
                    .expect("count")
            }
        };
        let whole_seconds = version >= OdooVersion::V19;
        // (Unless the write fell on .000000 of its second, which one in a million does.)
        assert_eq!(count(">").await, u64::from(!whole_seconds), "{version:?}");
        assert_eq!(count("=").await, u64::from(whole_seconds), "{version:?}");
        assert_eq!(count(">=").await, 1, "{version:?}");
        // Deleted ids.
        client.unlink("res.partner", &[id]).await.expect("unlink");
        let missing = client
            .missing_ids("res.partner", &[1, id, 2])
            .await
            .expect("missing");
        assert_eq!(missing, [id], "{version:?}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_report_by_an_external_id_that_names_no_report_action() {
    let emu = Emulator::demo(OdooVersion::V19)
        .await
        .expect("emulator starts");
    let client = connect(&emu, TransportKind::JsonRpc, "admin").await;
    let error = client
        .report_by_xmlid("base.main_company", &[1])
        .await
        .expect_err("a company");
    assert_eq!(error.kind(), ErrorKind::InvalidInput, "{error:?}");
    assert!(error.to_string().contains("ir.actions.report"), "{error}");
    let error = client
        .report_by_xmlid("sale.no_such_report", &[1])
        .await
        .expect_err("nothing");
    assert_eq!(error.kind(), ErrorKind::NotFound, "{error:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cursor_with_a_bad_domain_is_refused_and_never_goes_back() {
    let emu = Emulator::demo(OdooVersion::V18)
        .await
        .expect("emulator starts");
    let client = connect(&emu, TransportKind::JsonRpc, "admin").await;
    let mut changes = client
        .changes("res.partner", &ChangeCursor::default())
        .domain(json!({"name": "x"}));
    let error = changes
        .next_page::<Value>()
        .await
        .expect_err("not a domain");
    assert_eq!(error.kind(), ErrorKind::InvalidInput, "{error:?}");
    assert!(changes.cursor().is_none(), "not read to the end");
    // A cursor ahead of the server's clock stays where it is.
    let ahead = ChangeCursor::starting_at(
        odoo_core::types::DateTime::parse("2999-01-01 00:00:00").expect("a datetime"),
    );
    let mut changes = client.changes("res.partner", &ahead);
    assert!(changes.next_page::<Value>().await.expect("page").is_none());
    assert_eq!(changes.cursor(), Some(ahead));
}
