//! The `odoo-codegen` binary end to end: `snapshot`, `generate`, `sync` and `diff` against a
//! local JSON-RPC server that answers `common.version`, `common.authenticate`, `ir.model`
//! `search_read` and `fields_get` from the recorded fixtures; exit codes included.

use std::collections::BTreeSet;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::State;
use axum::routing::post;
use axum::{Json, Router};
use odoo_codegen::Schema;
use serde_json::{json, Map, Value};

const PASSWORD: &str = "s3cret-pw";

fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The recorded fixtures (`ODOO_FIXTURES`, else `../shared/fixtures` beside the workspace);
/// missing fixtures skip the test with a message, and fail it under CI.
#[track_caller]
fn fixtures() -> Option<PathBuf> {
    odoo_test_support::fixtures_or_skip()
}

fn load(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A fresh, empty directory for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("odoo-codegen-cli")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

/// What the replay server answers from, and what it saw.
struct Recorded {
    version: Value,
    fields_get: Map<String, Value>,
    ir_model: Vec<Value>,
    /// `fields_get` of these models answers an AccessError.
    failing: BTreeSet<String>,
    /// Delay of each `fields_get`, to observe concurrency.
    delay: Duration,
    in_flight: AtomicUsize,
    max_in_flight: AtomicUsize,
    fields_get_calls: Mutex<Vec<String>>,
    bodies: Mutex<Vec<String>>,
    /// `search` of these models answers an AccessError (every other search finds nothing).
    unsearchable: Mutex<BTreeSet<String>>,
}

struct Server {
    url: String,
    state: Arc<Recorded>,
}

impl Server {
    /// Serves the `version` fixtures (`odoo16`...). `ir.model` lists the models that have
    /// `fields_get` answers, plus `extra_models` (which then have none).
    fn start(fixtures: &Path, version: &str, failing: &[&str], delay: Duration) -> Self {
        let dir = fixtures.join(version);
        let transcript = load(&dir.join("transcripts/jsonrpc_common_version.json"));
        let body: Value =
            serde_json::from_str(transcript["response"]["body"].as_str().expect("body"))
                .expect("json");
        let fields_get = match load(&dir.join("fields_get.json")) {
            Value::Object(map) => map,
            _ => panic!("fields_get.json is an object"),
        };
        let ir_model: Vec<Value> = match load(&dir.join("ir_model.json")) {
            Value::Array(rows) => rows
                .into_iter()
                .filter(|row| fields_get.contains_key(row["model"].as_str().unwrap_or("")))
                .collect(),
            _ => panic!("ir_model.json is a list"),
        };
        let state = Arc::new(Recorded {
            version: body["result"].clone(),
            fields_get,
            ir_model,
            failing: failing.iter().map(|m| (*m).to_owned()).collect(),
            delay,
            in_flight: AtomicUsize::new(0),
            max_in_flight: AtomicUsize::new(0),
            fields_get_calls: Mutex::new(Vec::new()),
            bodies: Mutex::new(Vec::new()),
            unsearchable: Mutex::new(BTreeSet::new()),
        });
        let (tx, rx) = std::sync::mpsc::channel::<SocketAddr>();
        let shared = state.clone();
        std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
                .expect("runtime");
            runtime.block_on(async move {
                let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
                    .await
                    .expect("bind");
                tx.send(listener.local_addr().expect("addr")).expect("send");
                let app = Router::new()
                    .route("/jsonrpc", post(jsonrpc))
                    .with_state(shared);
                axum::serve(listener, app).await.expect("serve");
            });
        });
        let addr = rx.recv().expect("server address");
        Self {
            url: format!("http://{addr}"),
            state,
        }
    }
}

fn rpc_error(id: &Value, name: &str, message: &str) -> Value {
    json!({"jsonrpc": "2.0", "id": id, "error": {"code": 200, "message": "Odoo Server Error",
        "data": {"name": name, "debug": "", "message": message, "arguments": [message], "context": {}}}})
}

async fn jsonrpc(State(state): State<Arc<Recorded>>, body: String) -> Json<Value> {
    state.bodies.lock().expect("lock").push(body.clone());
    let request: Value = serde_json::from_str(&body).unwrap_or(Value::Null);
    let id = request["id"].clone();
    let params = &request["params"];
    let ok = |result: Value| Json(json!({"jsonrpc": "2.0", "id": id, "result": result}));
    match (params["service"].as_str(), params["method"].as_str()) {
        (Some("common"), Some("version")) => ok(state.version.clone()),
        (Some("common"), Some("authenticate")) => {
            if params["args"][2] == PASSWORD {
                ok(json!(2))
            } else {
                ok(json!(false))
            }
        }
        (Some("object"), Some("execute_kw")) => {
            let args = &params["args"];
            let model = args[3].as_str().unwrap_or_default();
            let method = args[4].as_str().unwrap_or_default();
            let kwargs = &args[6];
            match (model, method) {
                ("ir.model", "search_read") => {
                    let fields: Vec<&str> = kwargs["fields"]
                        .as_array()
                        .map(|f| f.iter().filter_map(Value::as_str).collect())
                        .unwrap_or_default();
                    let rows: Vec<Value> = state
                        .ir_model
                        .iter()
                        .map(|row| {
                            let mut out = Map::new();
                            out.insert("id".into(), row["id"].clone());
                            for field in &fields {
                                out.insert((*field).to_owned(), row[*field].clone());
                            }
                            Value::Object(out)
                        })
                        .collect();
                    ok(Value::Array(rows))
                }
                (_, "fields_get") => {
                    let now = state.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
                    state.max_in_flight.fetch_max(now, Ordering::SeqCst);
                    tokio::time::sleep(state.delay).await;
                    state.in_flight.fetch_sub(1, Ordering::SeqCst);
                    state
                        .fields_get_calls
                        .lock()
                        .expect("lock")
                        .push(model.to_owned());
                    if state.failing.contains(model) {
                        return Json(rpc_error(
                            &id,
                            "odoo.exceptions.AccessError",
                            &format!("You are not allowed to access '{model}' records."),
                        ));
                    }
                    let Some(Value::Object(fields)) = state.fields_get.get(model) else {
                        return Json(rpc_error(&id, "builtins.KeyError", model));
                    };
                    let wanted: Option<Vec<&str>> = kwargs["attributes"]
                        .as_array()
                        .map(|a| a.iter().filter_map(Value::as_str).collect());
                    let filtered: Map<String, Value> = fields
                        .iter()
                        .map(|(name, attributes)| {
                            let kept: Map<String, Value> = attributes
                                .as_object()
                                .into_iter()
                                .flatten()
                                .filter(|(key, _)| {
                                    wanted.as_ref().is_none_or(|w| w.contains(&key.as_str()))
                                })
                                .map(|(key, value)| (key.clone(), value.clone()))
                                .collect();
                            (name.clone(), Value::Object(kept))
                        })
                        .collect();
                    ok(Value::Object(filtered))
                }
                (_, "search") => {
                    if state.unsearchable.lock().expect("lock").contains(model) {
                        return Json(rpc_error(
                            &id,
                            "odoo.exceptions.AccessError",
                            &format!("You are not allowed to access '{model}' records."),
                        ));
                    }
                    ok(json!([]))
                }
                _ => Json(rpc_error(&id, "builtins.NotImplementedError", method)),
            }
        }
        _ => Json(rpc_error(
            &id,
            "builtins.NotImplementedError",
            "unknown service",
        )),
    }
}

/// Runs the binary in `dir` with a clean `ODOO_*` environment plus `env`.
fn run(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_odoo-codegen"));
    command.current_dir(dir).args(args);
    for name in [
        "ODOO_URL",
        "ODOO_DB",
        "ODOO_USER",
        "ODOO_PASSWORD",
        "ODOO_API_KEY",
        "ODOO_TRANSPORT",
    ] {
        command.env_remove(name);
    }
    command.envs(env.iter().copied());
    command.output().expect("odoo-codegen runs")
}

fn server_env(server: &Server) -> Vec<(&str, &str)> {
    vec![
        ("ODOO_URL", server.url.as_str()),
        ("ODOO_DB", "odoo"),
        ("ODOO_USER", "admin"),
        ("ODOO_PASSWORD", PASSWORD),
    ]
}

fn code(output: &Output) -> i32 {
    output.status.code().expect("exit code")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn assert_code(output: &Output, expected: i32) {
    assert_eq!(
        code(output),
        expected,
        "stdout:\n{}\nstderr:\n{}",
        text(&output.stdout),
        text(&output.stderr)
    );
}

/// The snapshot the binary should write for `models` of the `version` fixtures.
fn expected_schema(fixtures: &Path, version: &str, models: &[&str]) -> Schema {
    let dir = fixtures.join(version);
    let transcript = load(&dir.join("transcripts/jsonrpc_common_version.json"));
    let body: Value =
        serde_json::from_str(transcript["response"]["body"].as_str().expect("body")).expect("json");
    let mut schema = Schema::from_fields_get(
        body["result"]["server_version"].as_str().map(str::to_owned),
        &load(&dir.join("fields_get.json")),
        Some(&load(&dir.join("ir_model.json"))),
    )
    .expect("builds");
    schema
        .models
        .retain(|name, _| models.contains(&name.as_str()));
    schema
}

fn files_of(dir: &Path) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = std::fs::read_dir(dir)
        .expect("dir")
        .flatten()
        .map(|entry| {
            (
                entry.file_name().to_string_lossy().into_owned(),
                std::fs::read_to_string(entry.path()).expect("file"),
            )
        })
        .collect();
    out.sort();
    out
}

#[test]
fn snapshot_then_generate_through_a_replayed_server() {
    let Some(fixtures) = fixtures() else { return };
    let models = ["product.template", "res.partner", "sale.order"];
    for version in ["odoo16", "odoo17", "odoo18", "odoo19"] {
        let server = Server::start(&fixtures, version, &[], Duration::ZERO);
        let dir = scratch(&format!("e2e-{version}"));
        let output = run(
            &dir,
            &[
                "snapshot",
                "--transport",
                "json-rpc",
                "--models",
                "res.partner,sale.order",
                "-m",
                "product.template",
                "-o",
                "schema.json",
            ],
            &server_env(&server),
        );
        assert_code(&output, 0);
        let written = std::fs::read_to_string(dir.join("schema.json")).expect("snapshot");
        let expected = expected_schema(&fixtures, version, &models);
        assert_eq!(written, expected.to_json(), "{version}");
        // Every field attribute came from the explicit list.
        for body in server.state.bodies.lock().expect("lock").iter() {
            if body.contains("\"fields_get\"") {
                assert!(
                    body.contains("\"attributes\": [\"type\", \"string\", \"help\"")
                        || body.contains("\"attributes\":[\"type\",\"string\",\"help\""),
                    "{body}"
                );
            }
        }
        let mut calls = server.state.fields_get_calls.lock().expect("lock").clone();
        calls.sort();
        assert_eq!(calls, models, "one fields_get per selected model");

        let output = run(
            &dir,
            &[
                "generate",
                "--snapshot",
                "schema.json",
                "--out-dir",
                "models",
            ],
            &[],
        );
        assert_code(&output, 0);
        let expected_files = files_of(&manifest_dir().join("tests/expected").join(version));
        assert_eq!(files_of(&dir.join("models")), expected_files, "{version}");
        // The password is never printed.
        assert!(!text(&output.stderr).contains(PASSWORD));
    }
}

#[test]
fn depth_pulls_relation_targets_in() {
    let Some(fixtures) = fixtures() else { return };
    let server = Server::start(&fixtures, "odoo18", &[], Duration::ZERO);
    let dir = scratch("depth");
    let env = server_env(&server);
    let output = run(
        &dir,
        &["snapshot", "-m", "sale.order", "--depth", "1", "-q"],
        &env,
    );
    assert_code(&output, 0);
    assert!(output.stderr.is_empty(), "quiet: {}", text(&output.stderr));
    let schema = odoo_codegen::read_snapshot(&dir.join("odoo-schema.json")).expect("snapshot");
    for model in [
        "sale.order",
        "sale.order.line",
        "res.partner",
        "res.company",
        "res.currency",
    ] {
        assert!(
            schema.models.contains_key(model),
            "{model}: {:?}",
            schema.models.keys()
        );
    }
    // Depth 1 only: uom.uom is two steps away (sale.order -> sale.order.line -> uom.uom).
    assert!(!schema.models.contains_key("uom.uom"));

    // Generated from that snapshot, a relation to a generated model is typed, others by id.
    let output = run(
        &dir,
        &["generate", "--out-dir", "models", "-m", "sale.order"],
        &[],
    );
    assert_code(&output, 0);
    let order = std::fs::read_to_string(dir.join("models/sale_order.rs")).expect("file");
    assert!(
        order.contains("pub partner_id: ::odoo_core::types::Many2one,"),
        "{order}"
    );
    let output = run(
        &dir,
        &[
            "generate",
            "--out-dir",
            "models",
            "-m",
            "sale.order",
            "--depth",
            "1",
        ],
        &[],
    );
    assert_code(&output, 0);
    let order = std::fs::read_to_string(dir.join("models/sale_order.rs")).expect("file");
    let flat: String = order.split_whitespace().collect();
    assert!(
        flat.contains(
            "pubpartner_id:::odoo_core::types::Many2one<super::res_partner::ResPartner,>,"
        ) || flat.contains(
            "pubpartner_id:::odoo_core::types::Many2one<super::res_partner::ResPartner>,"
        ),
        "{order}"
    );
    assert!(flat.contains("::odoo_core::types::X2many<super::sale_order_line::SaleOrderLine"));
}

#[test]
fn a_failing_model_is_named_and_the_others_are_kept() {
    let Some(fixtures) = fixtures() else { return };
    let server = Server::start(&fixtures, "odoo17", &["stock.quant"], Duration::ZERO);
    let dir = scratch("failing");
    let env = server_env(&server);
    let output = run(
        &dir,
        &["snapshot", "-m", "stock.*,res.partner,no.such.model"],
        &env,
    );
    assert_code(&output, 3);
    let stderr = text(&output.stderr);
    assert!(stderr.contains("stock.quant"), "{stderr}");
    assert!(stderr.contains("not allowed"), "{stderr}");
    assert!(stderr.contains("no.such.model: no such model"), "{stderr}");
    let schema = odoo_codegen::read_snapshot(&dir.join("odoo-schema.json")).expect("written");
    let names: Vec<&str> = schema.models.keys().map(String::as_str).collect();
    assert_eq!(names, ["res.partner", "stock.move", "stock.picking"]);

    // `sync` does not generate from a partial snapshot.
    let output = run(
        &dir,
        &["sync", "-m", "stock.*", "--out-dir", "models"],
        &env,
    );
    assert_code(&output, 3);
    assert!(!dir.join("models").exists());
}

#[test]
fn fields_get_requests_in_flight_are_bounded() {
    let Some(fixtures) = fixtures() else { return };
    let server = Server::start(&fixtures, "odoo19", &[], Duration::from_millis(40));
    let dir = scratch("concurrency");
    let env = server_env(&server);
    let output = run(&dir, &["snapshot", "--concurrency", "3"], &env);
    assert_code(&output, 0);
    let max = server.state.max_in_flight.load(Ordering::SeqCst);
    assert!((2..=3).contains(&max), "max in flight {max}");
    assert_eq!(
        server.state.fields_get_calls.lock().expect("lock").len(),
        22
    );
}

#[test]
fn sync_reads_the_config_file_and_the_password_from_the_environment() {
    let Some(fixtures) = fixtures() else { return };
    let server = Server::start(&fixtures, "odoo19", &[], Duration::ZERO);
    let dir = scratch("sync");
    std::fs::write(
        dir.join("odoo-codegen.toml"),
        format!(
            "url = \"{}\"\ndatabase = \"odoo\"\nuser = \"admin\"\ntransport = \"auto\"\n\
             snapshot = \"schema/odoo.json\"\nout_dir = \"src/models\"\n\
             schema_attr = \"schema/odoo.json\"\nmodels = [\"res.partner*\"]\n",
            server.url
        ),
    )
    .expect("config");
    let output = run(&dir, &["sync"], &[("ODOO_PASSWORD", PASSWORD)]);
    assert_code(&output, 0);
    let schema = odoo_codegen::read_snapshot(&dir.join("schema/odoo.json")).expect("snapshot");
    assert_eq!(
        schema.models.len(),
        2,
        "res.partner and res.partner.category"
    );
    let partner = std::fs::read_to_string(dir.join("src/models/res_partner.rs")).expect("file");
    assert!(partner.contains("#[odoo(schema = \"schema/odoo.json\")]"));
    let flat: String = partner.split_whitespace().collect();
    assert!(
        flat.contains("X2many<super::res_partner_category::ResPartnerCategory"),
        "{partner}"
    );
    // Up to date right after.
    let output = run(&dir, &["generate", "--check"], &[]);
    assert_code(&output, 0);

    // A wrong password is an error (exit 2), and it is not echoed.
    let output = run(&dir, &["snapshot"], &[("ODOO_PASSWORD", "wrong-pw")]);
    assert_code(&output, 2);
    assert!(
        !text(&output.stderr).contains("wrong-pw"),
        "{}",
        text(&output.stderr)
    );

    // Secrets do not belong in the committed file.
    std::fs::write(dir.join("odoo-codegen.toml"), "password = \"admin\"\n").expect("config");
    let output = run(&dir, &["snapshot"], &[]);
    assert_code(&output, 2);
    assert!(text(&output.stderr).contains("ODOO_PASSWORD"));
}

/// The checked-in snapshot of a fixture version (see tests/fixtures.rs).
fn checked_in_snapshot(version: &str) -> PathBuf {
    manifest_dir().join(format!(
        "../generated/fixture-models/schemas/{version}.json"
    ))
}

#[test]
fn generate_check_exit_codes() {
    let dir = scratch("check");
    let snapshot = checked_in_snapshot("odoo18");
    let snapshot = snapshot.to_str().expect("utf-8 path");
    let args = |extra: &[&'static str]| -> Vec<String> {
        let mut args: Vec<String> = [
            "generate",
            "--snapshot",
            snapshot,
            "--out-dir",
            "models",
            "-m",
            "sale.*",
        ]
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
        args.extend(extra.iter().map(|s| (*s).to_owned()));
        args
    };
    let call = |extra: &[&'static str]| {
        let args = args(extra);
        let refs: Vec<&str> = args.iter().map(String::as_str).collect();
        run(&dir, &refs, &[])
    };
    // Nothing generated yet: every file is missing.
    let output = call(&["--check"]);
    assert_code(&output, 1);
    assert!(
        text(&output.stdout).contains("sale_order.rs: missing"),
        "{}",
        text(&output.stdout)
    );
    assert_code(&call(&[]), 0);
    assert_code(&call(&["--check"]), 0);

    // A hand edit is caught and named.
    let path = dir.join("models/sale_order_line.rs");
    let edited = std::fs::read_to_string(&path)
        .expect("file")
        .replace("pub name:", "pub nom:");
    std::fs::write(&path, edited).expect("edit");
    let output = call(&["--check"]);
    assert_code(&output, 1);
    let stdout = text(&output.stdout);
    assert!(stdout.contains("sale_order_line.rs: differs"), "{stdout}");
    assert!(!stdout.contains("sale_order.rs"), "{stdout}");

    // A generated file of a model no longer selected is stale; a hand-written one is left alone.
    std::fs::write(
        dir.join("models/old_model.rs"),
        "// @generated by odoo-codegen 0.0.1 from Odoo 1.0; do not edit.\n",
    )
    .expect("write");
    std::fs::write(dir.join("models/helpers.rs"), "// mine\n").expect("write");
    let output = call(&["--check"]);
    assert_code(&output, 1);
    assert!(text(&output.stdout).contains("old_model.rs: no longer generated"));
    assert_code(&call(&[]), 0);
    assert!(!dir.join("models/old_model.rs").exists());
    assert!(dir.join("models/helpers.rs").exists());
    assert_code(&call(&["--check"]), 0);

    // Errors are exit 2: a missing snapshot, an unknown model.
    assert_code(
        &run(
            &dir,
            &["generate", "--snapshot", "nope.json", "--check"],
            &[],
        ),
        2,
    );
    let output = run(
        &dir,
        &["generate", "--snapshot", snapshot, "-m", "res.partnr"],
        &[],
    );
    assert_code(&output, 2);
    assert!(
        text(&output.stderr).contains("did you mean `res.partner`"),
        "{}",
        text(&output.stderr)
    );
}

#[test]
fn diff_exit_codes_and_report() {
    let dir = scratch("diff");
    let old = checked_in_snapshot("odoo16");
    let new = checked_in_snapshot("odoo17");
    let (old, new) = (old.to_str().expect("utf-8"), new.to_str().expect("utf-8"));
    let output = run(&dir, &["diff", old, old], &[]);
    assert_code(&output, 0);
    assert!(text(&output.stdout).contains("no differences"));

    let output = run(&dir, &["diff", old, new], &[]);
    assert_code(&output, 1);
    let stdout = text(&output.stdout);
    assert!(
        stdout.contains("server version: 16.0-20240327 -> 17.0-20240709"),
        "{stdout}"
    );
    assert!(stdout.contains("~ model res.partner\n"), "{stdout}");
    assert!(stdout.contains("model(s) added"), "{stdout}");

    // Restricted to some models.
    let output = run(&dir, &["diff", old, new, "-m", "uom.uom"], &[]);
    assert_code(&output, 1);
    let stdout = text(&output.stdout);
    assert!(!stdout.contains("res.partner"), "{stdout}");

    assert_code(&run(&dir, &["diff", old, "missing.json"], &[]), 2);
    std::fs::write(dir.join("bad.json"), "{\"format\": 99}").expect("write");
    assert_code(&run(&dir, &["diff", old, "bad.json"], &[]), 2);
}

/// `odoo-codegen diff a b | head`: the reader stops early; the program ends without a panic.
#[test]
fn a_reader_that_stops_early_ends_the_output_quietly() {
    use std::process::Stdio;

    let dir = scratch("diff-head");
    let old = checked_in_snapshot("odoo16");
    let new = checked_in_snapshot("odoo19");
    let mut child = Command::new(env!("CARGO_BIN_EXE_odoo-codegen"))
        .current_dir(&dir)
        .args(["diff".as_ref(), old.as_os_str(), new.as_os_str()])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("odoo-codegen runs");
    // Closed at once: the program is still reading the two snapshots, and writes its diff
    // (hundreds of lines) to a pipe nobody reads.
    drop(child.stdout.take());
    let output = child.wait_with_output().expect("odoo-codegen ends");
    let stderr = text(&output.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_code(&output, 1);
}

#[test]
fn diff_against_a_live_server() {
    let Some(fixtures) = fixtures() else { return };
    let server = Server::start(&fixtures, "odoo18", &[], Duration::ZERO);
    let dir = scratch("diff-live");
    let env = server_env(&server);
    assert_code(
        &run(&dir, &["snapshot", "-m", "res.partner,uom.uom", "-q"], &env),
        0,
    );
    let output = run(&dir, &["diff", "odoo-schema.json"], &env);
    assert_code(&output, 0);

    // The snapshot lost a field and knows a model the server does not have.
    let mut schema = odoo_codegen::read_snapshot(&dir.join("odoo-schema.json")).expect("read");
    schema
        .models
        .get_mut("res.partner")
        .expect("partner")
        .fields
        .remove("email");
    schema
        .models
        .insert("gone.model".into(), Default::default());
    odoo_codegen::write_snapshot(&dir.join("odoo-schema.json"), &schema).expect("write");
    let output = run(&dir, &["diff", "odoo-schema.json"], &env);
    assert_code(&output, 1);
    let stdout = text(&output.stdout);
    assert!(stdout.contains("- model gone.model"), "{stdout}");
    assert!(stdout.contains("    + email (char)"), "{stdout}");
}

#[test]
fn models_the_user_cannot_search_are_marked_and_not_generated() {
    let Some(fixtures) = fixtures() else { return };
    let server = Server::start(&fixtures, "odoo19", &[], Duration::ZERO);
    server
        .state
        .unsearchable
        .lock()
        .expect("lock")
        .insert("res.partner.category".to_owned());
    let dir = scratch("unsearchable");
    let output = run(
        &dir,
        &[
            "snapshot",
            "--transport",
            "json-rpc",
            "-m",
            "res.partner*",
            "-o",
            "odoo-schema.json",
        ],
        &server_env(&server),
    );
    assert_code(&output, 0);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("res.partner.category (no read access for this user)"),
        "{stderr}"
    );
    let schema = odoo_codegen::read_snapshot(&dir.join("odoo-schema.json")).expect("snapshot");
    assert_eq!(
        schema.models["res.partner.category"].unreadable.as_deref(),
        Some("no read access for this user")
    );
    assert_eq!(schema.models["res.partner"].unreadable, None);

    let output = run(
        &dir,
        &["generate", "--out-dir", "models", "-m", "res.partner*"],
        &[],
    );
    assert_code(&output, 0);
    assert!(dir.join("models/res_partner.rs").is_file());
    assert!(!dir.join("models/res_partner_category.rs").exists());
    let partner = std::fs::read_to_string(dir.join("models/res_partner.rs")).expect("file");
    assert!(
        partner.contains("pub category_id: ::odoo_core::types::X2many,"),
        "{partner}"
    );
    // Named exactly, or with --unreadable, it is generated all the same.
    for args in [
        &[
            "generate",
            "--out-dir",
            "exact",
            "-m",
            "res.partner.category",
        ][..],
        &[
            "generate",
            "--out-dir",
            "flag",
            "-m",
            "res.partner*",
            "--unreadable",
        ][..],
    ] {
        let output = run(&dir, args, &[]);
        assert_code(&output, 0);
        assert!(
            dir.join(args[2]).join("res_partner_category.rs").is_file(),
            "{args:?}"
        );
    }
}

/// `snapshot --methods` on the emulator playing Odoo 19 (JSON-2 with the admin's key): the
/// snapshot holds the methods, `generate` types them, `diff` against the server compares them;
/// over JSON-RPC the snapshot holds fields only and the tool says why.
#[test]
fn snapshot_with_methods_generate_and_diff_against_the_server() {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let emu = runtime
        .block_on(odoo_emulator::Emulator::demo(
            odoo_emulator::OdooVersion::V19,
        ))
        .expect("emulator");
    let dir = scratch("methods");
    let env = vec![
        ("ODOO_URL", emu.url()),
        ("ODOO_DB", emu.database()),
        ("ODOO_USER", "admin"),
        ("ODOO_API_KEY", odoo_emulator::Emulator::DEMO_ADMIN_KEY),
    ];
    let output = run(&dir, &["snapshot", "--methods", "-m", "sale.order"], &env);
    assert_code(&output, 0);
    assert!(
        text(&output.stderr).contains("methods (Odoo 19.0)"),
        "{}",
        text(&output.stderr)
    );
    let schema = odoo_codegen::read_snapshot(&dir.join("odoo-schema.json")).expect("read");
    let order = &schema.models["sale.order"];
    assert_eq!(order.methods["copy"].argument_names(), ["ids", "default"]);
    assert_code(&run(&dir, &["generate", "-q"], &[]), 0);
    let code = std::fs::read_to_string(dir.join("src/models/sale_order.rs")).expect("generated");
    assert!(code.contains("pub struct SaleOrderMethods"), "{code}");
    assert_code(&run(&dir, &["diff", "odoo-schema.json"], &env), 0);

    // The snapshot lost a method and knows another signature of one.
    let mut changed = schema.clone();
    let order = changed.models.get_mut("sale.order").expect("sale.order");
    order.methods.remove("write");
    let copy = order.methods.get_mut("copy").expect("copy");
    copy.parameters[0].default = Some(json!({}));
    odoo_codegen::write_snapshot(&dir.join("old.json"), &changed).expect("write");
    let output = run(&dir, &["diff", "old.json"], &env);
    assert_code(&output, 1);
    let stdout = text(&output.stdout);
    assert!(
        stdout.contains("    + write(vals) -> typing.Literal[True]\n"),
        "{stdout}"
    );
    assert!(
        stdout.contains("    ~ copy()\n        parameter default: ValuesType | None = {} -> default: ValuesType | None = None\n"),
        "{stdout}"
    );

    let rpc: Vec<(&str, &str)> = env
        .iter()
        .copied()
        .chain([("ODOO_TRANSPORT", "json-rpc"), ("ODOO_PASSWORD", "admin")])
        .collect();
    let output = run(
        &dir,
        &[
            "snapshot",
            "--methods",
            "-m",
            "sale.order",
            "-o",
            "rpc.json",
        ],
        &rpc,
    );
    assert_code(&output, 0);
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains(
            "warning: methods are read from the API documentation (/doc-bearer) over JSON-2"
        ),
        "{stderr}"
    );
    let schema = odoo_codegen::read_snapshot(&dir.join("rpc.json")).expect("read");
    assert!(schema.models["sale.order"].methods.is_empty());
}
