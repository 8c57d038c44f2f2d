//! What makes a recording replay when a run sends values of its own (`odoo_emulator::Rule`),
//! strict replays (`Replay::finish`), the answer to a request no exchange matches, and a
//! `<redacted>` written into a recording by hand. The recordings are made against the
//! emulator, over every transport.

use std::future::Future;
use std::path::{Path, PathBuf};

use crate::record_replay::{builder, recording, recording_file};
use crate::support::emulator::transports;
use odoo_core::{Client, Error, ReadOptions, SearchOptions, TransportKind};
use odoo_emulator::{OdooVersion, Replay, ReplayBuilder, Rule, SetupError};
use serde_json::{json, Value};

/// Records `flow` over `transport` into a fresh file named after `name`; what it answered,
/// and the file.
async fn record<T, F>(
    name: &str,
    transport: TransportKind,
    flow: impl FnOnce(Client) -> F,
) -> (T, PathBuf)
where
    F: Future<Output = Result<T, Error>>,
{
    let file = recording_file(name, transport);
    let (_emu, client) = recording(transport, |url: &str| builder(url, transport), &file).await;
    let answered = flow(client)
        .await
        .unwrap_or_else(|e| panic!("{transport}: recording {name}: {e}"));
    (answered, file)
}

/// A replay of `file` built by `replay`, and a client of it over `transport`.
async fn replay(file: &Path, transport: TransportKind, replay: ReplayBuilder) -> (Replay, Client) {
    let replay = replay
        .from_file(file)
        .await
        .unwrap_or_else(|e| panic!("{transport}: replay: {e}"));
    let client = builder(replay.url(), transport)
        .connect()
        .await
        .unwrap_or_else(|e| panic!("{transport}: connect to the replay: {e}"));
    (replay, client)
}

/// Creates a partner, then finds it by name: its id, and the ids found.
async fn create_and_find(
    client: Client,
    name: &str,
    email: &str,
) -> Result<(i64, Vec<i64>), Error> {
    let id = client
        .create("res.partner", json!({"name": name, "email": email}))
        .await?;
    let found = client
        .search(
            "res.partner",
            json!([["name", "=", name]]),
            SearchOptions::new(),
        )
        .await?;
    Ok((id, found))
}

/// Where the name of the values of a `create` of one record is, in the call view.
fn name_pointer(transport: TransportKind) -> &'static str {
    if transport == TransportKind::Json2 {
        "/kwargs/vals_list/0/name"
    } else {
        "/args/0/name"
    }
}

/// The path of `res.partner`'s `create` over `transport`.
fn create_path(transport: TransportKind) -> &'static str {
    match transport {
        TransportKind::Json2 => "/json/2/res.partner/create",
        TransportKind::WebSession => "/web/dataset/call_kw/res.partner/create",
        TransportKind::XmlRpc => "/xmlrpc/2/object",
        _ => "/jsonrpc",
    }
}

#[tokio::test]
async fn ignore_key_matches_a_changed_value_and_nothing_else() {
    for transport in transports(OdooVersion::V19) {
        let (recorded, file) = record("ignore-key", transport, |c| {
            create_and_find(c, "Partner run 1", "run@example.com")
        })
        .await;
        // Without a rule, the create of the second run is refused: its name is not the one
        // recorded.
        let (strict, client) = replay(&file, transport, Replay::builder().strict()).await;
        let refused = create_and_find(client, "Partner run 2", "run@example.com")
            .await
            .expect_err("another name");
        let text = refused.to_string();
        let pointer = name_pointer(transport);
        let wanted = format!(
            "differing at {pointer} of the call: recorded \"Partner run 1\", sent \"Partner run 2\""
        );
        assert!(text.contains(&wanted), "{transport}: {text}");
        let failed = strict.finish().expect_err("an unmatched request");
        assert_eq!(failed.unmatched.len(), 1, "{transport}: {failed}");
        assert_eq!(
            failed.unused.len(),
            2,
            "{transport}: the create and the search"
        );

        // With the rule, the name is left out of the values and out of the search's domain.
        let rule = Replay::builder().rule(Rule::ignore_key("name")).strict();
        let (strict, client) = replay(&file, transport, rule.clone()).await;
        let replayed = create_and_find(client, "Partner run 2", "run@example.com")
            .await
            .unwrap_or_else(|e| panic!("{transport}: {e}"));
        assert_eq!(replayed, recorded, "{transport}");
        strict
            .finish()
            .unwrap_or_else(|e| panic!("{transport}: {e}"));

        // What the rule does not name still counts.
        let (_replay, client) = replay(&file, transport, rule).await;
        let refused = create_and_find(client, "Partner run 3", "other@example.com")
            .await
            .expect_err("another email");
        assert!(
            refused.to_string().contains("recorded \"run@example.com\""),
            "{transport}: {refused}"
        );
        let _ = std::fs::remove_file(&file);
    }
}

#[tokio::test]
async fn ignore_at_leaves_out_one_place_of_one_model_and_method() {
    for transport in transports(OdooVersion::V19) {
        let flow = |name: &'static str| {
            move |client: Client| async move {
                let id = client
                    .create("res.partner", json!({"name": name, "ref": "R-1"}))
                    .await?;
                let rows: Vec<Value> = client
                    .read("res.partner", &[id], &["ref"], ReadOptions::new())
                    .await?;
                Ok::<_, Error>((id, rows))
            }
        };
        let (recorded, file) = record("ignore-at", transport, flow("Recorded at 10:00")).await;
        let pointer = name_pointer(transport);
        let matching = [
            Rule::ignore_at(pointer).on("res.partner", "create"),
            Rule::ignore_at(pointer).on("*", "create"),
            Rule::ignore_at(pointer).on("res.partner", "*"),
            Rule::ignore_at(pointer).on_path(create_path(transport)),
            Rule::ignore_at(pointer.replace("/0/", "/*/")),
        ];
        for rule in matching {
            let shown = rule.to_string();
            let (strict, client) =
                replay(&file, transport, Replay::builder().rule(rule).strict()).await;
            let replayed = flow("Replayed at 10:05")(client)
                .await
                .unwrap_or_else(|e| panic!("{transport}: {shown}: {e}"));
            assert_eq!(replayed, recorded, "{transport}: {shown}");
            strict
                .finish()
                .unwrap_or_else(|e| panic!("{transport}: {shown}: {e}"));
        }
        let elsewhere = [
            Rule::ignore_at(pointer).on("res.partner", "write"),
            Rule::ignore_at(pointer).on("res.users", "create"),
            Rule::ignore_at(pointer).on_path("/web/session/authenticate"),
            Rule::ignore_at("/args/1/name"),
        ];
        for rule in elsewhere {
            let shown = rule.to_string();
            let (_replay, client) = replay(&file, transport, Replay::builder().rule(rule)).await;
            let refused = flow("Replayed at 10:05")(client).await;
            let text = refused.expect_err("the rule does not apply").to_string();
            assert!(
                text.contains("no recorded exchange matches"),
                "{transport}: {shown}: {text}"
            );
        }
        let _ = std::fs::remove_file(&file);
    }
}

#[tokio::test]
async fn ids_as_sets_match_ids_in_another_order() {
    for transport in transports(OdooVersion::V19) {
        let flow = |reverse: bool| {
            move |client: Client| async move {
                let mut ids = client
                    .search(
                        "res.partner",
                        json!([["is_company", "=", true]]),
                        SearchOptions::new().order("id").limit(3),
                    )
                    .await?;
                if reverse {
                    ids.reverse();
                }
                let rows: Vec<Value> = client
                    .read("res.partner", &ids, &["name"], ReadOptions::new())
                    .await?;
                Ok::<_, Error>(rows)
            }
        };
        let (recorded, file) = record("ids-as-sets", transport, flow(false)).await;
        assert_eq!(recorded.len(), 3, "{transport}");

        let (_replay, client) = replay(&file, transport, Replay::builder()).await;
        let text = flow(true)(client)
            .await
            .expect_err("ids in another order")
            .to_string();
        assert!(text.contains("differing at"), "{transport}: {text}");

        let sets = Replay::builder().rule(Rule::ids_as_sets()).strict();
        let (strict, client) = replay(&file, transport, sets.clone()).await;
        let replayed = flow(true)(client)
            .await
            .unwrap_or_else(|e| panic!("{transport}: {e}"));
        assert_eq!(replayed, recorded, "{transport}");
        strict
            .finish()
            .unwrap_or_else(|e| panic!("{transport}: {e}"));

        // A set is still compared: one id less is refused.
        let (_replay, client) = replay(&file, transport, sets).await;
        let fewer = |client: Client| async move {
            let ids = client
                .search(
                    "res.partner",
                    json!([["is_company", "=", true]]),
                    SearchOptions::new().order("id").limit(3),
                )
                .await?;
            client
                .read::<Value>("res.partner", &ids[1..], &["name"], ReadOptions::new())
                .await
        };
        assert!(fewer(client).await.is_err(), "{transport}: one id less");
        let _ = std::fs::remove_file(&file);
    }
}

/// Counts the companies, creates a partner and deletes it (`unlink` when `all`).
async fn three_calls(client: Client, all: bool) -> Result<(), Error> {
    client
        .search_count(
            "res.partner",
            json!([["is_company", "=", true]]),
            SearchOptions::new(),
        )
        .await?;
    let id = client
        .create("res.partner", json!({"name": "Strict"}))
        .await?;
    if all {
        client.unlink("res.partner", &[id]).await?;
    }
    Ok(())
}

#[tokio::test]
async fn strict_finish_names_the_unused_exchange_and_passes_when_all_are_used() {
    for transport in transports(OdooVersion::V19) {
        let ((), file) = record("strict", transport, |c| three_calls(c, true)).await;
        let exchanges =
            odoo_core::recording::read_recording(&file).unwrap_or_else(|e| panic!("{e}"));
        let unlink_path = exchanges
            .last()
            .map(|e| e.request.path.clone())
            .unwrap_or_default();

        let (strict, client) = replay(&file, transport, Replay::builder().strict()).await;
        three_calls(client, false)
            .await
            .unwrap_or_else(|e| panic!("{transport}: {e}"));
        assert!(strict.is_strict());
        let failed = strict.finish().expect_err("the unlink was not asked for");
        assert_eq!(failed.unmatched, vec![], "{transport}");
        let [unused] = failed.unused.as_slice() else {
            panic!("{transport}: one unused exchange: {failed}");
        };
        assert_eq!(unused.position, exchanges.len(), "{transport}");
        assert_eq!(unused.request.method, "POST");
        assert_eq!(unused.request.path, unlink_path, "{transport}");
        assert_eq!(unused.request.model.as_deref(), Some("res.partner"));
        assert_eq!(unused.request.orm_method.as_deref(), Some("unlink"));
        let text = failed.to_string();
        assert!(
            text.contains(&format!(
                "#{} POST {unlink_path} (res.partner.unlink)",
                exchanges.len()
            )),
            "{transport}: {text}"
        );

        // Every exchange asked for: the strict replay passes.
        let (strict, client) = replay(&file, transport, Replay::builder().strict()).await;
        three_calls(client, true)
            .await
            .unwrap_or_else(|e| panic!("{transport}: {e}"));
        assert_eq!(strict.unanswered(), 0);
        strict
            .finish()
            .unwrap_or_else(|e| panic!("{transport}: {e}"));

        // Not strict: an unused exchange does not fail the end.
        let (lenient, client) = replay(&file, transport, Replay::builder()).await;
        three_calls(client, false)
            .await
            .unwrap_or_else(|e| panic!("{transport}: {e}"));
        assert_eq!(lenient.unused().len(), 1);
        lenient
            .finish()
            .unwrap_or_else(|e| panic!("{transport}: not strict: {e}"));

        // A request that matched nothing fails a strict end, even when its error was ignored.
        let (strict, client) = replay(&file, transport, Replay::builder().strict()).await;
        let _ignored = client
            .search_count("res.users", json!([]), SearchOptions::new())
            .await;
        three_calls(client, true)
            .await
            .unwrap_or_else(|e| panic!("{transport}: {e}"));
        let failed = strict.finish().expect_err("an unmatched request");
        assert_eq!(failed.unused, vec![], "{transport}");
        assert_eq!(
            failed.unmatched[0].request.model.as_deref(),
            Some("res.users"),
            "{transport}"
        );
        assert!(failed.unmatched[0]
            .answer
            .contains("no recorded exchange matches"));
        let _ = std::fs::remove_file(&file);
    }
}

#[tokio::test]
async fn the_no_match_answer_names_the_nearest_recorded_request() {
    let transport = TransportKind::WebSession;
    let flow = |client: Client| async move {
        let mut ids = Vec::new();
        for (name, email) in [("Alpha", "a@example.com"), ("Beta", "b@example.com")] {
            ids.push(
                client
                    .create("res.partner", json!({"name": name, "email": email}))
                    .await?,
            );
        }
        client.unlink("res.partner", &ids).await?;
        Ok::<_, Error>(ids)
    };
    let (ids, file) = record("nearest", transport, flow).await;
    let exchanges = odoo_core::recording::read_recording(&file).unwrap_or_else(|e| panic!("{e}"));
    let position = |text: &str| {
        1 + exchanges
            .iter()
            .position(|e| e.request.body.contains(text))
            .unwrap_or_else(|| panic!("{text} is recorded"))
    };
    let (_replay, client) = replay(&file, transport, Replay::builder()).await;
    // Of the two creates, Beta's differs from this one in one place, Alpha's in two.
    let err = client
        .create(
            "res.partner",
            json!({"name": "Beta", "email": "c@example.com"}),
        )
        .await
        .expect_err("another email");
    let text = err.to_string();
    let wanted = format!(
        "nearest unused: #{} POST /web/dataset/call_kw/res.partner/create (res.partner.create), \
         differing at /args/0/email of the call: recorded \"b@example.com\", sent \"c@example.com\"",
        position("Beta")
    );
    assert!(text.contains(&wanted), "{text}");
    assert!(text.contains("sent: {"), "the start of the call: {text}");
    assert_eq!(err.http_status(), Some(500));
    // No unused exchange has this path: the nearest is taken among all.
    let err = client
        .search_count("res.users", json!([]), SearchOptions::new())
        .await
        .expect_err("not recorded");
    let text = err.to_string();
    assert!(
        text.contains("nearest unused: #") && text.contains("(res.partner."),
        "{text}"
    );
    let replayed = flow(client.clone()).await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(replayed, ids);
    let err = client
        .unlink("res.partner", &ids)
        .await
        .expect_err("used up");
    assert!(
        err.to_string().contains("every recorded exchange was used"),
        "{err}"
    );
    let _ = std::fs::remove_file(&file);
}

#[tokio::test]
async fn the_no_match_answer_is_bounded_and_shows_where_it_differs() {
    for transport in transports(OdooVersion::V19) {
        let long = "x".repeat(5_000);
        let (_, file) = record("bounded", transport, |c| {
            let long = long.clone();
            async move { c.create("res.partner", json!({"name": long})).await }
        })
        .await;
        let (_replay, client) = replay(&file, transport, Replay::builder()).await;
        let err = client
            .create("res.partner", json!({"name": format!("y{long}")}))
            .await
            .expect_err("another name");
        let excerpt = &err.http_error().expect("an HTTP error").body_excerpt;
        assert!(excerpt.chars().count() <= 500, "{transport}: {excerpt}");
        let pointer = name_pointer(transport);
        assert!(
            excerpt.contains(&format!(
                "differing at {pointer} of the call: recorded \"xxx"
            )) && excerpt.contains("…, sent \"yxx"),
            "{transport}: {excerpt}"
        );
        let _ = std::fs::remove_file(&file);
    }
}

#[tokio::test]
async fn a_redacted_value_written_into_a_recording_matches_any_value() {
    for transport in transports(OdooVersion::V19) {
        let flow = |name: &'static str, email: &'static str| {
            move |client: Client| async move {
                let id = client
                    .create("res.partner", json!({"name": name, "email": email}))
                    .await?;
                client.unlink("res.partner", &[id]).await
            }
        };
        let (recorded, file) = record(
            "redacted",
            transport,
            flow("Named by hand", "hand@example.com"),
        )
        .await;
        // The name, as the user would write it: `&lt;redacted&gt;` inside XML.
        let marker = if transport == TransportKind::XmlRpc {
            "&lt;redacted&gt;"
        } else {
            "<redacted>"
        };
        let text = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{e}"));
        assert!(text.contains("Named by hand"), "{transport}");
        std::fs::write(&file, text.replace("Named by hand", marker))
            .unwrap_or_else(|e| panic!("{e}"));

        let (strict, client) = replay(&file, transport, Replay::builder().strict()).await;
        let replayed = flow("Any other name", "hand@example.com")(client)
            .await
            .unwrap_or_else(|e| panic!("{transport}: {e}"));
        assert_eq!(replayed, recorded, "{transport}");
        strict
            .finish()
            .unwrap_or_else(|e| panic!("{transport}: {e}"));
        // Only that value: another email is refused.
        let (_replay, client) = replay(&file, transport, Replay::builder()).await;
        let refused = flow("Any other name", "other@example.com")(client).await;
        assert!(refused.is_err(), "{transport}: another email");
        let _ = std::fs::remove_file(&file);
    }
}

#[tokio::test]
async fn a_rule_that_cannot_apply_is_a_setup_error() {
    let refused = Replay::builder()
        .rule(Rule::ignore_key("date_order").and(Rule::ignore_at("args/0")))
        .start(Vec::new())
        .await
        .expect_err("a pointer without its leading slash");
    assert!(
        matches!(&refused, SetupError::Rule(text) if text.contains("\"args/0\"")),
        "{refused}"
    );
}
