//! Compile time of a crate generated for 15 models, two checkouts of this repository side by
//! side in one run (a change to `odoo-core`, `odoo-derive` or `odoo-codegen` against the commit
//! before it).
//!
//! For each checkout it builds that checkout's `odoo-codegen` CLI (`cargo build -p odoo-codegen
//! --release`, the checkout's own `target/`), generates the 15 models of [`MODELS`] from the
//! checkout's Odoo 19 fixture snapshot (`generated/fixture-models/schemas/odoo19.json`, the
//! generator's default field choice) into a fresh crate in a temporary directory, which depends
//! on the checkout's `odoo-core` by path (feature `derive`) and has the snapshot beside it as
//! `odoo-schema.json` (`#[odoo(schema = "odoo-schema.json")]`: every struct is checked against
//! it). Each crate has its own target directory, kept for the whole run: one `cargo build` and
//! one `cargo check` warm its dependencies, then each round, for each checkout in turn (the
//! order alternates between rounds), rewrites the crate's `src/lib.rs` and times `cargo build`
//! (dev profile, what a user waits for after an edit), then the same for `cargo check`: wall
//! time and the CPU time of cargo and rustc. The table gives median, min and max per checkout
//! and the ratio after / before of the medians.
//!
//! ```sh
//! cargo run -p odoo-benches --release --bin compile_time -- \
//!     --before /tmp/odoo-rs-before --after . [--rounds 3] [--keep]
//! ```
//!
//! `--keep` leaves the temporary crates (and their target directories) in place.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use odoo_benches::measure::{children_cpu, lines_under, median};

type Res<T> = Result<T, Box<dyn std::error::Error>>;

/// The models generated, the same for both checkouts.
const MODELS: [&str; 15] = [
    "res.partner",
    "res.users",
    "res.company",
    "res.country",
    "res.currency",
    "product.product",
    "product.template",
    "product.category",
    "sale.order",
    "sale.order.line",
    "account.move",
    "account.move.line",
    "stock.picking",
    "stock.move",
    "stock.quant",
];

/// The snapshot generated from, relative to a checkout.
const SNAPSHOT: &str = "generated/fixture-models/schemas/odoo19.json";

const USAGE: &str =
    "usage: compile_time --before CHECKOUT --after CHECKOUT [--rounds N (default 3)] [--keep]";

/// `src/lib.rs` of the generated crate.
const LIB_RS: &str = "#![allow(dead_code, missing_docs)]\npub mod models;\n";

struct Args {
    before: PathBuf,
    after: PathBuf,
    rounds: usize,
    keep: bool,
}

/// One checkout's generated crate and its timings.
struct Side {
    label: &'static str,
    checkout: PathBuf,
    commit: String,
    dir: PathBuf,
    lines: usize,
    build: Samples,
    check: Samples,
}

#[derive(Default)]
struct Samples {
    wall: Vec<Duration>,
    cpu: Vec<Duration>,
}

fn main() {
    if let Err(e) = run() {
        eprintln!("compile_time failed: {e}");
        std::process::exit(1);
    }
}

fn run() -> Res<()> {
    let args = parse_args(std::env::args().skip(1))?;
    let root = std::env::temp_dir().join(format!("odoo-compile-time-{}", std::process::id()));
    std::fs::create_dir_all(&root).map_err(|e| format!("cannot create {}: {e}", root.display()))?;
    eprintln!("temporary crates in {}", root.display());

    let mut sides = Vec::new();
    for (label, checkout) in [("before", &args.before), ("after", &args.after)] {
        sides.push(prepare(label, checkout, &root)?);
    }

    // Dependencies (and the crate) once per crate, for `build` and for `check`.
    for side in &sides {
        let started = Instant::now();
        for command in ["build", "check"] {
            cargo_in(&side.dir, command)?;
        }
        eprintln!(
            "{}: dependencies built and checked in {:.1} s",
            side.label,
            started.elapsed().as_secs_f64()
        );
    }

    for round in 0..args.rounds {
        let order: [usize; 2] = if round % 2 == 0 { [0, 1] } else { [1, 0] };
        for index in order {
            let side = &mut sides[index];
            for command in ["build", "check"] {
                let (wall, cpu) = timed(&side.dir, command)?;
                eprintln!(
                    "round {}: {} cargo {command}: {:.2} s wall, {:.2} s CPU",
                    round + 1,
                    side.label,
                    wall.as_secs_f64(),
                    cpu.as_secs_f64()
                );
                let samples = if command == "build" {
                    &mut side.build
                } else {
                    &mut side.check
                };
                samples.wall.push(wall);
                samples.cpu.push(cpu);
            }
        }
    }

    print_table(&mut sides, args.rounds);
    if args.keep {
        eprintln!("kept {}", root.display());
    } else if let Err(e) = std::fs::remove_dir_all(&root) {
        eprintln!("could not remove {}: {e}", root.display());
    }
    Ok(())
}

fn parse_args(mut args: impl Iterator<Item = String>) -> Res<Args> {
    let (mut before, mut after, mut rounds, mut keep) = (None, None, 3, false);
    while let Some(arg) = args.next() {
        let mut value = |name: &str| {
            args.next()
                .ok_or_else(|| format!("{name} needs a value\n{USAGE}"))
        };
        match arg.as_str() {
            "--before" => before = Some(PathBuf::from(value("--before")?)),
            "--after" => after = Some(PathBuf::from(value("--after")?)),
            "--rounds" => {
                let text = value("--rounds")?;
                rounds = match text.parse::<usize>() {
                    Ok(n) if n > 0 => n,
                    _ => return Err(format!("--rounds: not a positive number: {text}").into()),
                };
            }
            "--keep" => keep = true,
            "-h" | "--help" => {
                println!("{USAGE}");
                std::process::exit(0);
            }
            other => return Err(format!("unknown argument {other:?}\n{USAGE}").into()),
        }
    }
    let checkout = |path: Option<PathBuf>, name: &str| -> Res<PathBuf> {
        let path = path.ok_or_else(|| format!("{name} is required\n{USAGE}"))?;
        let path = path
            .canonicalize()
            .map_err(|e| format!("{name} {}: {e}", path.display()))?;
        if !path.join("Cargo.toml").is_file() || !path.join("odoo-codegen").is_dir() {
            return Err(format!(
                "{name} {}: not a checkout of odoo-rs (no Cargo.toml and odoo-codegen/)",
                path.display()
            )
            .into());
        }
        Ok(path)
    };
    Ok(Args {
        before: checkout(before, "--before")?,
        after: checkout(after, "--after")?,
        rounds,
        keep,
    })
}

/// Builds the checkout's CLI, writes the crate and generates its models.
fn prepare(label: &'static str, checkout: &Path, root: &Path) -> Res<Side> {
    eprintln!(
        "{label}: building odoo-codegen in {} (release)",
        checkout.display()
    );
    let started = Instant::now();
    let target = checkout.join("target");
    let mut build = cargo();
    build
        .current_dir(checkout)
        .env("CARGO_TARGET_DIR", &target)
        .args(["build", "-q", "-p", "odoo-codegen", "--release"]);
    run_checked(
        build,
        &format!("{label}: cargo build -p odoo-codegen --release"),
    )?;
    eprintln!(
        "{label}: odoo-codegen built in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    let cli = target
        .join("release")
        .join(format!("odoo-codegen{}", std::env::consts::EXE_SUFFIX));
    if !cli.is_file() {
        return Err(format!("{label}: no {} after the build", cli.display()).into());
    }

    let snapshot = checkout.join(SNAPSHOT);
    if !snapshot.is_file() {
        return Err(format!("{label}: no snapshot {}", snapshot.display()).into());
    }
    let dir = root.join(label);
    std::fs::create_dir_all(dir.join("src"))?;
    std::fs::copy(&snapshot, dir.join("odoo-schema.json"))
        .map_err(|e| format!("{label}: cannot copy {}: {e}", snapshot.display()))?;
    // The checkout's lock file: the same dependency versions as its own workspace.
    if let Err(e) = std::fs::copy(checkout.join("Cargo.lock"), dir.join("Cargo.lock")) {
        eprintln!("{label}: no Cargo.lock copied ({e}): cargo resolves afresh");
    }
    // `[workspace]`: a root of its own, whatever surrounds the temporary directory.
    let manifest = format!(
        "[package]\nname = \"generated_{label}\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n[dependencies]\nodoo-core = {{ path = {:?}, features = [\"derive\"] }}\n\n[workspace]\n",
        checkout.join("odoo-core").display().to_string()
    );
    std::fs::write(dir.join("Cargo.toml"), manifest)?;
    std::fs::write(dir.join("src/lib.rs"), LIB_RS)?;

    let mut generate = Command::new(&cli);
    generate
        .current_dir(&dir)
        .env_remove("ODOO_SCHEMA")
        .args(["generate", "-q", "--snapshot", "odoo-schema.json"])
        .args([
            "--out-dir",
            "src/models",
            "--schema-attr",
            "odoo-schema.json",
        ])
        .args(["--models", &MODELS.join(",")]);
    run_checked(generate, &format!("{label}: {} generate", cli.display()))?;
    let models = dir.join("src/models");
    if !models.join("mod.rs").is_file() {
        return Err(format!("{label}: odoo-codegen wrote no {}/mod.rs", models.display()).into());
    }
    let lines = lines_under(&models)?;
    Ok(Side {
        label,
        checkout: checkout.to_owned(),
        commit: commit(checkout),
        dir,
        lines,
        build: Samples::default(),
        check: Samples::default(),
    })
}

/// `cargo`, without what `cargo run` sets for this program (`OUT_DIR`, `CARGO_PKG_*`, ...):
/// build scripts that watch those variables (`ring`'s watches `OUT_DIR`) would rebuild what
/// a plain `cargo build` in the checkout built, and the other way round.
fn cargo() -> Command {
    let mut command = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    command.env_remove("ODOO_SCHEMA").env_remove("OUT_DIR");
    for (name, _) in std::env::vars_os() {
        let set_by_cargo_run = name.to_str().is_some_and(|name| {
            [
                "CARGO_PKG_",
                "CARGO_MANIFEST_",
                "CARGO_BIN_",
                "CARGO_CRATE_",
            ]
            .iter()
            .any(|prefix| name.starts_with(prefix))
                || name == "CARGO_PRIMARY_PACKAGE"
        });
        if set_by_cargo_run {
            command.env_remove(name);
        }
    }
    command
}

/// `cargo COMMAND` of the crate in `dir`, its target directory `dir/target`.
fn cargo_in(dir: &Path, command: &str) -> Res<()> {
    let mut cargo = cargo();
    cargo
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", dir.join("target"))
        .args([command, "-q"]);
    run_checked(cargo, &format!("cargo {command} in {}", dir.display()))?;
    Ok(())
}

/// Rewrites `src/lib.rs`, then `cargo COMMAND`: wall time and the CPU time of the children
/// waited for (cargo and its rustc).
fn timed(dir: &Path, command: &str) -> Res<(Duration, Duration)> {
    std::fs::write(dir.join("src/lib.rs"), LIB_RS)?;
    let cpu = children_cpu()?;
    let started = Instant::now();
    cargo_in(dir, command)?;
    let wall = started.elapsed();
    Ok((wall, children_cpu()?.saturating_sub(cpu)))
}

/// Runs `command`; an error with its status and standard error when it fails.
fn run_checked(mut command: Command, what: &str) -> Res<Output> {
    let output = command
        .output()
        .map_err(|e| format!("{what}: cannot start: {e}"))?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let tail: Vec<&str> = stderr.lines().rev().take(40).collect();
        let tail: Vec<&str> = tail.into_iter().rev().collect();
        return Err(format!("{what}: {}\n{}", output.status, tail.join("\n")).into());
    }
    Ok(output)
}

/// The checkout's commit (`git rev-parse --short HEAD`), `?` when git cannot tell.
fn commit(checkout: &Path) -> String {
    Command::new("git")
        .arg("-C")
        .arg(checkout)
        .args(["rev-parse", "--short", "HEAD"])
        .output()
        .ok()
        .filter(|output| output.status.success())
        .map(|output| String::from_utf8_lossy(&output.stdout).trim().to_owned())
        .unwrap_or_else(|| "?".into())
}

fn print_table(sides: &mut [Side], rounds: usize) {
    let secs = |d: Duration| d.as_secs_f64();
    let stats = |v: &mut [Duration]| {
        let med = median(v);
        let (min, max) = (v.first().copied(), v.last().copied());
        (secs(med), min.map_or(0.0, secs), max.map_or(0.0, secs))
    };
    println!(
        "\n{} models, {rounds} rounds; seconds, dev profile, after rewriting src/lib.rs\n",
        MODELS.len()
    );
    println!("| checkout | commit | generated lines | build wall median | min | max | build CPU median | check wall median | min | max | check CPU median |");
    println!("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    let mut medians = Vec::new();
    for side in sides.iter_mut() {
        let build = stats(&mut side.build.wall);
        let build_cpu = stats(&mut side.build.cpu).0;
        let check = stats(&mut side.check.wall);
        let check_cpu = stats(&mut side.check.cpu).0;
        println!(
            "| {} (`{}`) | `{}` | {} | {:.2} | {:.2} | {:.2} | {:.2} | {:.2} | {:.2} | {:.2} | {:.2} |",
            side.label,
            side.checkout.display(),
            side.commit,
            side.lines,
            build.0,
            build.1,
            build.2,
            build_cpu,
            check.0,
            check.1,
            check.2,
            check_cpu
        );
        medians.push([build.0, build_cpu, check.0, check_cpu]);
    }
    if let [before, after] = medians.as_slice() {
        let ratio = |i: usize| {
            if before[i] > 0.0 {
                format!("{:.2}x", after[i] / before[i])
            } else {
                "-".to_owned()
            }
        };
        println!(
            "| after / before | | | {} | | | {} | {} | | | {} |",
            ratio(0),
            ratio(1),
            ratio(2),
            ratio(3)
        );
    }
}
