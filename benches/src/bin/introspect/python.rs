//! `introspect python`: the snapshot of `odoo-codegen snapshot` with its default settings beside
//! `benches/introspect.py`, which makes the same requests from Python.
//!
//! Each round runs, one after the other: the library (a client connected as the tool connects
//! with a password, through `TransportKind::Auto`, then `introspect()` with
//! `IntrospectOptions::default()` on `ModelSelection::default()`: every model but the transient
//! ones), `introspect.py` (the same requests from 8 threads) and `introspect.py --jsonrpc`
//! (the same calls over `/jsonrpc`). Wall time runs from the first request to the last answer
//! on both sides (the login counted, the start of the Python interpreter not); client CPU is
//! this process's for the library and the script's own `time.process_time()` for Python;
//! server CPU as in the other modes (Odoo's process and the database's backends, from `/proc`).
//!
//! The marks: the models whose probe failed, with the reason the snapshot gives, must be the
//! same from the library and from Python; with `--marks SNAPSHOT`, the library's must also
//! equal that snapshot's `unreadable` marks, model by model (a snapshot written by another
//! build of `odoo-codegen snapshot`, for instance).

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use odoo_benches::measure::{cpu_time, median};
use odoo_codegen::introspect::{introspect, IntrospectOptions, DEFAULT_CONCURRENCY};
use odoo_codegen::ModelSelection;
use odoo_core::Client;
use serde_json::Value;

use super::{server_cpu, server_delta, var};

type BoxError = Box<dyn std::error::Error>;

/// One snapshot's measures and marks.
#[derive(Debug, Default)]
struct Run {
    wall: Duration,
    cpu: Duration,
    server: Duration,
    models: usize,
    requests: usize,
    /// Model: why its probe failed.
    unreadable: BTreeMap<String, String>,
}

/// The medians of a series of runs, and the marks of the last one.
#[derive(Debug, Default)]
struct Series {
    runs: Vec<Run>,
}

impl Series {
    fn median(&self, pick: impl Fn(&Run) -> Duration) -> f64 {
        let mut samples: Vec<Duration> = self.runs.iter().map(pick).collect();
        median(&mut samples).as_secs_f64()
    }

    /// Whether every run gave the same marks; those marks.
    fn marks(&self) -> (bool, BTreeMap<String, String>) {
        let first = self.runs.first().map(|run| run.unreadable.clone());
        let first = first.unwrap_or_default();
        let stable = self.runs.iter().all(|run| run.unreadable == first);
        (stable, first)
    }
}

/// `python [ROUNDS] [--marks SNAPSHOT] [--no-jsonrpc] [CONCURRENCY...]`.
pub(crate) async fn side_by_side(
    url: String,
    db: String,
    user: String,
    args: Vec<String>,
) -> Result<(), BoxError> {
    let Some(password) = var("ODOO_PASSWORD") else {
        eprintln!("skipped: the script logs in with a password: set ODOO_PASSWORD");
        return Ok(());
    };
    let Args {
        rounds,
        marks: marks_file,
        concurrencies,
        jsonrpc: with_jsonrpc,
    } = parse_args(args)?;
    let old_marks = match &marks_file {
        Some(path) => Some(snapshot_marks(path)?),
        None => None,
    };
    let connect = || {
        Client::builder(url.clone())
            .database(db.clone())
            .login(user.clone())
            .password(password.clone())
    };
    let probe = connect().connect().await?;
    println!(
        "server {} over {}, {rounds} rounds, lab: {url} {db}",
        probe.server_version().version,
        probe.transport_kind()
    );
    let mut libs: Vec<Series> = concurrencies.iter().map(|_| Series::default()).collect();
    let (mut web, mut jsonrpc) = (Series::default(), Series::default());
    // Every other round runs the jobs in the reverse order, so that a drift of the machine's
    // load weighs on both sides alike.
    let mut jobs: Vec<Job> = (0..concurrencies.len()).map(Job::Library).collect();
    jobs.push(Job::Script);
    if with_jsonrpc {
        jobs.push(Job::JsonRpc);
    }
    for round in 0..rounds {
        for job in &jobs {
            match *job {
                Job::Library(index) => {
                    let concurrency = concurrencies.get(index).copied().unwrap_or(1);
                    let run = library_alone(connect(), concurrency, db.clone()).await?;
                    libs.get_mut(index).ok_or("no series")?.runs.push(run);
                }
                Job::Script => web.runs.push(script(false, &db).await?),
                Job::JsonRpc => jsonrpc.runs.push(script(true, &db).await?),
            }
        }
        jobs.reverse();
        let last = |series: &Series| {
            series.runs.last().map_or(String::new(), |run| {
                format!(
                    "{:.2} s ({:.2} s server)",
                    run.wall.as_secs_f64(),
                    run.server.as_secs_f64()
                )
            })
        };
        let libs_now: Vec<String> = libs.iter().map(last).collect();
        eprintln!(
            "round {} of {rounds}: lib {}; python {}; --jsonrpc {}",
            round + 1,
            libs_now.join(", "),
            last(&web),
            last(&jsonrpc)
        );
    }
    print_table(&concurrencies, &libs, &web, &jsonrpc, old_marks.as_ref());
    Ok(())
}

/// The arguments of `python`.
struct Args {
    rounds: usize,
    marks: Option<String>,
    concurrencies: Vec<usize>,
    jsonrpc: bool,
}

fn parse_args(args: Vec<String>) -> Result<Args, BoxError> {
    let mut rounds = None;
    let mut marks = None;
    let mut concurrencies = Vec::new();
    let mut jsonrpc = true;
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        if arg == "--no-jsonrpc" {
            jsonrpc = false;
        } else if arg == "--marks" {
            marks = Some(args.next().ok_or("--marks takes a snapshot file")?);
        } else if rounds.is_none() {
            rounds = Some(arg.parse()?);
        } else {
            concurrencies.push(arg.parse()?);
        }
    }
    if concurrencies.is_empty() {
        concurrencies.push(DEFAULT_CONCURRENCY);
    }
    Ok(Args {
        rounds: rounds.unwrap_or(5),
        marks,
        concurrencies,
        jsonrpc,
    })
}

/// What a round runs.
#[derive(Debug, Clone, Copy)]
enum Job {
    /// The library with the concurrency of that index.
    Library(usize),
    /// `introspect.py`.
    Script,
    /// `introspect.py --jsonrpc`.
    JsonRpc,
}

/// [`library`] on a runtime of one thread, as the tool runs it.
async fn library_alone(
    builder: odoo_core::ClientBuilder,
    concurrency: usize,
    db: String,
) -> Result<Run, BoxError> {
    let run = tokio::task::spawn_blocking(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|error| error.to_string())?;
        runtime
            .block_on(library(builder, concurrency, &db))
            .map_err(|error| error.to_string())
    });
    Ok(run.await??)
}

/// The library: connect as the tool does with a password, then the default snapshot.
async fn library(
    builder: odoo_core::ClientBuilder,
    concurrency: usize,
    db: &str,
) -> Result<Run, BoxError> {
    let options = IntrospectOptions {
        concurrency,
        ..IntrospectOptions::default()
    };
    let server0 = server_cpu(db);
    let (wall0, cpu0) = (Instant::now(), cpu_time());
    let client = builder.connect().await?;
    let found = introspect(&client, &ModelSelection::default(), &options).await?;
    let (wall, cpu) = (wall0.elapsed(), cpu_time() - cpu0);
    let server = server_delta(&server0, &server_cpu(db));
    let unreadable = found
        .schema
        .models
        .iter()
        .filter_map(|(name, model)| Some((name.clone(), model.unreadable.clone()?)))
        .collect();
    Ok(Run {
        wall,
        cpu,
        server,
        models: found.schema.models.len(),
        requests: found.requests,
        unreadable,
    })
}

/// `python3 benches/introspect.py --json` (with `--jsonrpc`), its report read back.
async fn script(jsonrpc: bool, db: &str) -> Result<Run, BoxError> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/introspect.py");
    let mut command = tokio::process::Command::new("python3");
    command.arg(path).arg("--json");
    if jsonrpc {
        command.arg("--jsonrpc");
    }
    let server0 = server_cpu(db);
    let output = command.output().await?;
    let server = server_delta(&server0, &server_cpu(db));
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        return Err(format!("introspect.py failed: {stderr}").into());
    }
    let report: Value = serde_json::from_slice(&output.stdout)?;
    let seconds = |key: &str| Duration::from_secs_f64(report[key].as_f64().unwrap_or(0.0));
    let count = |key: &str| usize::try_from(report[key].as_u64().unwrap_or(0)).unwrap_or(0);
    let unreadable = report["unreadable"]
        .as_object()
        .map(|marks| {
            marks
                .iter()
                .map(|(model, reason)| (model.clone(), reason.as_str().unwrap_or("").to_owned()))
                .collect()
        })
        .unwrap_or_default();
    Ok(Run {
        wall: seconds("wall"),
        cpu: seconds("cpu"),
        server,
        models: count("models"),
        requests: count("requests"),
        unreadable,
    })
}

/// The `unreadable` marks of a snapshot file, by model.
fn snapshot_marks(path: &str) -> Result<BTreeMap<String, String>, BoxError> {
    let snapshot: Value = serde_json::from_str(&std::fs::read_to_string(path)?)?;
    let models = snapshot["models"]
        .as_object()
        .ok_or_else(|| format!("{path}: no models"))?;
    Ok(models
        .iter()
        .filter_map(|(name, model)| {
            let reason = model.get("unreadable")?.as_str()?;
            Some((name.clone(), reason.to_owned()))
        })
        .collect())
}

fn print_table(
    concurrencies: &[usize],
    libs: &[Series],
    web: &Series,
    jsonrpc: &Series,
    old_marks: Option<&BTreeMap<String, String>>,
) {
    let (web_stable, web_marks) = web.marks();
    let (jsonrpc_stable, jsonrpc_marks) = jsonrpc.marks();
    let python_wall = web.median(|run| run.wall);
    println!("| in flight | wall s (lib) | wall s (python, same requests) | ratio | python --jsonrpc wall s | client CPU s (lib / python) | server CPU s (lib / python) | models | requests | unreadable | marks lib = python | marks lib = snapshot |");
    println!("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|");
    for (series, concurrency) in libs.iter().zip(concurrencies) {
        let (stable, marks) = series.marks();
        let wall = series.median(|run| run.wall);
        let last = series.runs.last();
        let python_models = web.runs.last().map_or(0, |run| run.models);
        let models = last.map_or(0, |run| run.models);
        let equal_jsonrpc = jsonrpc.runs.is_empty() || (jsonrpc_stable && marks == jsonrpc_marks);
        let equal_python = stable && web_stable && marks == web_marks && equal_jsonrpc;
        let equal_old = old_marks.map_or("-", |old| if *old == marks { "yes" } else { "no" });
        println!(
            "| {concurrency} | {wall:.2} | {python_wall:.2} | {:.2} | {:.2} | {:.2} / {:.2} | {:.2} / {:.2} | {models}{} | {} / {} | {} | {} | {equal_old} |",
            wall / python_wall,
            jsonrpc.median(|run| run.wall),
            series.median(|run| run.cpu),
            web.median(|run| run.cpu),
            series.median(|run| run.server),
            web.median(|run| run.server),
            if python_models == models { String::new() } else { format!(" (python {python_models})") },
            last.map_or(0, |run| run.requests),
            web.runs.last().map_or(0, |run| run.requests),
            marks.len(),
            if equal_python { "yes" } else { "no" },
        );
        if let Some(old) = old_marks.filter(|old| **old != marks) {
            print_mark_differences(old, &marks);
        }
    }
}

fn print_mark_differences(old: &BTreeMap<String, String>, new: &BTreeMap<String, String>) {
    for model in old.keys().chain(new.keys()) {
        if old.get(model) != new.get(model) {
            eprintln!(
                "marks differ on {model}: snapshot {:?}, library {:?}",
                old.get(model),
                new.get(model)
            );
        }
    }
}
