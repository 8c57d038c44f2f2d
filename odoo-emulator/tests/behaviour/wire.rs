//! The emulator's HTTP surface with bad and odd input: Odoo's error for each, never a
//! crash; secrets out of `Debug`; the server gone once the emulator is dropped.

use crate::support;

use odoo_emulator::{Emulator, OdooVersion, User};
use serde_json::{json, Value};
use support::http::{send, RawResponse};
use support::IncomingRequest;

async fn post(emu: &Emulator, path: &str, content_type: &str, body: &str) -> RawResponse {
    let headers = [("Content-Type", content_type)];
    send(
        emu.url(),
        &IncomingRequest::new("POST", path, &headers, body.as_bytes()),
    )
    .await
}

async fn json_rpc(emu: &Emulator, service: &str, method: &str, args: Value) -> Value {
    let body = json!({"jsonrpc": "2.0", "method": "call", "params": {"service": service, "method": method, "args": args}, "id": 1});
    let answer = post(emu, "/jsonrpc", "application/json", &body.to_string()).await;
    assert_eq!(answer.status, 200, "{}", answer.text());
    serde_json::from_slice(&answer.body).expect("JSON-RPC answers JSON")
}

async fn execute(emu: &Emulator, model: &str, method: &str, args: Value, kwargs: Value) -> Value {
    json_rpc(
        emu,
        "object",
        "execute_kw",
        json!([emu.database(), 2, "admin", model, method, args, kwargs]),
    )
    .await
}

fn error_name(answer: &Value) -> &str {
    answer
        .pointer("/error/data/name")
        .and_then(Value::as_str)
        .unwrap_or("<no error>")
}

#[tokio::test]
async fn malformed_rpc_requests_get_odoo_errors() {
    let emu = Emulator::demo(OdooVersion::V17)
        .await
        .expect("emulator starts");

    let answer = post(&emu, "/jsonrpc", "application/json", "{\"jsonrpc\": ").await;
    assert_eq!(
        (answer.status, answer.text().as_str()),
        (400, "Invalid JSON data")
    );
    let answer = post(&emu, "/jsonrpc", "application/json", "[1, 2]").await;
    assert_eq!(answer.status, 200);

    let answer = post(
        &emu,
        "/xmlrpc/2/object",
        "text/xml",
        "<methodCall><methodName>execute_kw",
    )
    .await;
    assert_eq!(answer.status, 200);
    assert!(
        answer
            .text()
            .contains("<name>faultCode</name>\n<value><int>1</int>"),
        "{}",
        answer.text()
    );
    let answer = post(
        &emu,
        "/xmlrpc/2/object",
        "text/xml",
        "<!DOCTYPE x [<!ENTITY a \"b\">]><methodCall/>",
    )
    .await;
    assert!(answer.text().contains("faultCode"), "{}", answer.text());

    let cases = [
        (json!("not a domain"), json!({}), "builtins.ValueError"),
        (json!([[["name"]]]), json!({}), "builtins.ValueError"),
        (
            json!([["&", ["id", "=", 1]]]),
            json!({}),
            "builtins.ValueError",
        ),
        (
            json!([[["name", "~~", "x"]]]),
            json!({}),
            "builtins.ValueError",
        ),
        (
            json!([[]]),
            json!({"order": "name sideways"}),
            "builtins.ValueError",
        ),
        (
            json!([[]]),
            json!({"order": "no_field"}),
            "builtins.ValueError",
        ),
        (
            json!([[], 0, 1, "id", false, "extra"]),
            json!({}),
            "builtins.TypeError",
        ),
        (json!([[]]), json!({"domain": []}), "builtins.TypeError"),
    ];
    for (args, kwargs, expected) in cases {
        let answer = execute(&emu, "res.partner", "search", args.clone(), kwargs.clone()).await;
        assert_eq!(
            error_name(&answer),
            expected,
            "search {args} {kwargs}: {answer}"
        );
    }
    // Odd but accepted: negative or false limits mean no limit.
    let answer = execute(
        &emu,
        "res.partner",
        "search",
        json!([[]]),
        json!({"limit": -3, "offset": false}),
    )
    .await;
    assert!(
        answer["result"]
            .as_array()
            .is_some_and(|ids| ids.len() == 8),
        "{answer}"
    );

    let answer = execute(
        &emu,
        "res.partner",
        "create",
        json!(["not a dict"]),
        json!({}),
    )
    .await;
    assert_eq!(error_name(&answer), "builtins.TypeError", "{answer}");
    let answer = execute(
        &emu,
        "res.partner",
        "write",
        json!([["1"], {"name": "x"}]),
        json!({}),
    )
    .await;
    assert_eq!(error_name(&answer), "builtins.TypeError", "{answer}");
    let answer = execute(
        &emu,
        "res.partner",
        "write",
        json!([[1], {"country_id": "Belgium"}]),
        json!({}),
    )
    .await;
    assert_eq!(error_name(&answer), "builtins.ValueError", "{answer}");
    let answer = execute(
        &emu,
        "res.partner",
        "write",
        json!([[1], {"type": "alien"}]),
        json!({}),
    )
    .await;
    assert_eq!(error_name(&answer), "builtins.ValueError", "{answer}");
    let answer = execute(
        &emu,
        "res.partner",
        "write",
        json!([[1], {"category_id": [[9, 1]]}]),
        json!({}),
    )
    .await;
    assert_eq!(error_name(&answer), "builtins.ValueError", "{answer}");
    let answer = execute(
        &emu,
        "res.partner",
        "read",
        json!([[1]]),
        json!({"fields": ["nope"]}),
    )
    .await;
    assert_eq!(error_name(&answer), "builtins.ValueError", "{answer}");
    let answer = execute(&emu, "res.partner", "write", json!([]), json!({})).await;
    assert_eq!(error_name(&answer), "builtins.TypeError", "{answer}");
    let answer = execute(&emu, "no.model", "search", json!([[]]), json!({})).await;
    assert_eq!(error_name(&answer), "odoo.exceptions.UserError", "{answer}");
    let answer = json_rpc(
        &emu,
        "object",
        "execute_kw",
        json!(["demo", "two", "admin", "res.partner", "search", [[]]]),
    )
    .await;
    assert_eq!(
        error_name(&answer),
        "odoo.exceptions.AccessDenied",
        "{answer}"
    );
    let answer = json_rpc(&emu, "object", "execute_kw", json!(["demo"])).await;
    assert_eq!(error_name(&answer), "builtins.TypeError", "{answer}");
    let answer = json_rpc(
        &emu,
        "common",
        "authenticate",
        json!(["other-db", "admin", "admin", {}]),
    )
    .await;
    // As Odoo: PostgreSQL refuses the connection to a database it does not have.
    assert_eq!(error_name(&answer), "psycopg2.OperationalError", "{answer}");
    assert!(
        answer["error"]["data"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("database \"other-db\" does not exist")),
        "{answer}"
    );

    // Deeply nested operators neither overflow nor hang: a ValueError.
    let mut deep = vec![json!("!"); 100_000];
    deep.push(json!(["id", "=", 1]));
    let answer = execute(&emu, "res.partner", "search", json!([deep]), json!({})).await;
    assert_eq!(error_name(&answer), "builtins.ValueError", "{answer}");
    // Deeply nested JSON is refused by the parser.
    let body = format!(
        "{{\"jsonrpc\": \"2.0\", \"params\": {{\"args\": {}1{}}}, \"id\": 1}}",
        "[".repeat(5000),
        "]".repeat(5000)
    );
    let answer = post(&emu, "/jsonrpc", "application/json", &body).await;
    assert_eq!(answer.status, 400);

    // Still serving.
    let answer = execute(&emu, "res.partner", "search_count", json!([[]]), json!({})).await;
    assert_eq!(answer["result"], json!(8));
}

#[tokio::test]
async fn small_orm_helpers() {
    let emu = Emulator::demo(OdooVersion::V18)
        .await
        .expect("emulator starts");
    let answer = execute(
        &emu,
        "res.partner.category",
        "name_create",
        json!(["Newcomer"]),
        json!({}),
    )
    .await;
    assert_eq!(answer["result"], json!([4, "Newcomer"]));
    let answer = execute(
        &emu,
        "res.partner",
        "exists",
        json!([[1, 2, 404]]),
        json!({}),
    )
    .await;
    assert_eq!(answer["result"], json!([1, 2]));
    let answer = execute(
        &emu,
        "res.partner",
        "default_get",
        json!([["active", "type", "name"]]),
        json!({}),
    )
    .await;
    assert_eq!(answer["result"], json!({"active": true, "type": "contact"}));
    let answer = execute(
        &emu,
        "res.partner",
        "read",
        json!([[3], ["parent_id"]]),
        json!({"load": null}),
    )
    .await;
    assert_eq!(answer["result"], json!([{"id": 3, "parent_id": 2}]));
    let answer = execute(
        &emu,
        "res.partner",
        "action_archive",
        json!([[6]]),
        json!({}),
    )
    .await;
    assert_eq!(answer["result"], json!(true));
    let answer = execute(&emu, "res.partner", "search_count", json!([[]]), json!({})).await;
    assert_eq!(answer["result"], json!(7));
    let answer = execute(
        &emu,
        "res.partner",
        "search_count",
        json!([[]]),
        json!({"context": {"active_test": false}}),
    )
    .await;
    assert_eq!(answer["result"], json!(9));
    let answer = execute(
        &emu,
        "res.partner",
        "search_read",
        json!([[["id", "child_of", 2]]]),
        json!({"fields": ["display_name"], "order": "id"}),
    )
    .await;
    assert_eq!(
        answer["result"],
        json!([{"id": 2, "display_name": "Alder & Finch"}, {"id": 3, "display_name": "Alder & Finch, Marta Quist"}])
    );
}

#[tokio::test]
async fn none_results_follow_each_protocol() {
    let emu = Emulator::demo(OdooVersion::V19)
        .await
        .expect("emulator starts");
    let answer = execute(&emu, "sale.order", "action_unlock", json!([[1]]), json!({})).await;
    assert_eq!(answer, json!({"jsonrpc": "2.0", "id": 1}));
    let body = odoo_core::xmlrpc::encode_method_call(
        "execute_kw",
        &[
            json!("demo"),
            json!(2),
            json!("admin"),
            json!("sale.order"),
            json!("action_unlock"),
            json!([[1]]),
        ],
    );
    let answer = post(&emu, "/xmlrpc/2/object", "text/xml", &body).await;
    assert!(
        answer
            .text()
            .contains("cannot marshal None unless allow_none is enabled"),
        "{}",
        answer.text()
    );
}

#[tokio::test]
async fn json2_checks_like_odoo_19() {
    let emu = Emulator::demo(OdooVersion::V19)
        .await
        .expect("emulator starts");
    let call = |path: &'static str,
                auth: Option<&'static str>,
                db: Option<&'static str>,
                body: &'static str| {
        let mut headers = vec![("Content-Type", "application/json")];
        if let Some(auth) = auth {
            headers.push(("Authorization", auth));
        }
        if let Some(db) = db {
            headers.push(("X-Odoo-Database", db));
        }
        let url = emu.url().to_owned();
        async move {
            send(
                &url,
                &IncomingRequest::new("POST", path, &headers, body.as_bytes()),
            )
            .await
        }
    };
    let key = "bearer demo-admin-api-key";
    let answer = call(
        "/json/2/res.partner/search_count",
        Some(key),
        Some("demo"),
        "{}",
    )
    .await;
    assert_eq!(answer.status, 422, "{}", answer.text());
    let answer = call(
        "/json/2/res.partner/search_count",
        Some(key),
        Some("demo"),
        "[1]",
    )
    .await;
    assert_eq!(answer.status, 400, "{}", answer.text());
    let answer = call(
        "/json/2/res.partner/search_count",
        Some(key),
        Some("demo"),
        "{\"domain\": [",
    )
    .await;
    assert_eq!(answer.status, 400, "{}", answer.text());
    let answer = call(
        "/json/2/res.partner/search_count",
        Some(key),
        Some("other"),
        "{\"domain\": []}",
    )
    .await;
    assert_eq!(answer.status, 404, "{}", answer.text());
    let answer = call(
        "/json/2/res.partner/search_count",
        Some("Basic abc"),
        None,
        "{\"domain\": []}",
    )
    .await;
    assert_eq!(answer.status, 401, "{}", answer.text());
    assert_eq!(
        answer.header("www-authenticate").map(str::trim),
        Some("Bearer")
    );
    let answer = call(
        "/json/2/res.partner/search_count",
        Some(key),
        None,
        "{\"domain\": [], \"context\": {\"active_test\": false}}",
    )
    .await;
    assert_eq!((answer.status, answer.text().as_str()), (200, "9"));
    let answer = call(
        "/json/2/res.partner/read",
        Some(key),
        None,
        "{\"ids\": \"1\"}",
    )
    .await;
    assert_eq!(answer.status, 422, "{}", answer.text());
    let answer = call("/json/2/res.partner/a/b", Some(key), None, "{}").await;
    assert_eq!(answer.status, 404, "{}", answer.text());
    let answer = call(
        "/doc-bearer/res.partner.json",
        Some("bearer demo-limited-api-key"),
        None,
        "",
    )
    .await;
    assert_eq!(answer.status, 403, "{}", answer.text());

    let old = Emulator::demo(OdooVersion::V18)
        .await
        .expect("emulator starts");
    let answer = send(
        old.url(),
        &IncomingRequest::new(
            "POST",
            "/json/2/res.partner/search",
            &[("Content-Type", "application/json"), ("Authorization", key)],
            b"{}",
        ),
    )
    .await;
    assert_eq!(answer.status, 404);
}

#[tokio::test]
async fn secrets_stay_out_of_debug() {
    let user = User::new("ann", "hunter2-password").api_key("sekret-api-key");
    let shown = format!("{user:?}");
    assert!(
        !shown.contains("hunter2") && !shown.contains("sekret"),
        "{shown}"
    );
    let builder = Emulator::builder().user(user);
    let shown = format!("{builder:?}");
    assert!(
        !shown.contains("hunter2") && !shown.contains("sekret"),
        "{shown}"
    );
    let emu = Emulator::demo(OdooVersion::V19)
        .await
        .expect("emulator starts");
    let shown = format!("{emu:?}");
    assert!(!shown.contains(Emulator::DEMO_ADMIN_KEY), "{shown}");
}

#[tokio::test]
async fn dropping_the_emulator_stops_the_server() {
    let emu = Emulator::demo(OdooVersion::V16)
        .await
        .expect("emulator starts");
    let addr = emu.addr();
    assert_eq!(
        json_rpc(&emu, "db", "list", json!([])).await["result"],
        json!(["demo"])
    );
    drop(emu);
    let mut refused = false;
    for _ in 0..50 {
        if tokio::net::TcpStream::connect(addr).await.is_err() {
            refused = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert!(refused, "still accepting connections on {addr}");
}

#[test]
fn emulator_types_are_thread_safe() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Emulator>();
    assert_send_sync::<odoo_emulator::EmulatorBuilder>();
    assert_send_sync::<odoo_emulator::Store>();
    assert_send_sync::<odoo_emulator::EmulatorError>();
}

#[tokio::test]
async fn the_version_follows_the_schema_unless_given() {
    let schema = odoo_core::schema::Schema::new(Some("saas~17.2".to_owned()));
    let emu = Emulator::builder()
        .schema(schema.clone())
        .start()
        .await
        .expect("starts");
    // A saas release plays as itself: 17.2, with what the table says 17.2 has.
    assert_eq!(emu.version(), OdooVersion::new(17, 2));
    let emu = Emulator::builder()
        .schema(schema)
        .version(OdooVersion::V16)
        .start()
        .await
        .expect("starts");
    assert_eq!(emu.version(), OdooVersion::V16);
    let emu = Emulator::builder().start().await.expect("starts");
    assert_eq!(emu.version(), OdooVersion::V19);
    // Seeding a model the schema does not have is refused at start.
    let err = Emulator::builder()
        .record("no.such.model", json!({"name": "x"}))
        .start()
        .await
        .expect_err("unknown model");
    assert!(err.to_string().contains("no.such.model"), "{err}");
}
