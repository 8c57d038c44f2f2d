//! Compile cost of generated model code: `cargo check` of a crate of `odoo-codegen` output
//! beside a crate of the same structs with plain `#[derive(Serialize, Deserialize)]`.
//!
//! For the 22 models of the Odoo 19 fixture snapshot and for synthetic snapshots of 50, 200 and
//! 430 models (about 18 fields each, relations between them), it writes two crates into one
//! temporary workspace under `target/compile-cost/`: `gen_N` (the generator's files, with
//! `#[derive(OdooModel)]` checking each struct against the snapshot) and `serde_N` (the same
//! code with the derives replaced by serde's and `#[odoo(..)]` attributes by serde's). It
//! checks the dependencies once, then for each crate touches its `lib.rs` and times
//! `cargo check -p CRATE` (wall, and the CPU time of cargo and rustc), `RUNS` times, pairs
//! interleaved; the table gives medians.
//!
//! ```sh
//! cargo run -p odoo-benches --release --bin compile-cost -- [RUNS] [SIZES...]
//! ```

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use odoo_benches::measure::{children_cpu, lines_under};
use odoo_codegen::render::{render, Layout, RenderOptions};
use odoo_codegen::schema::{FieldSchema, FieldType, ModelSchema, SelectionKey, SelectionOption};
use odoo_codegen::Schema;

type Res<T> = Result<T, Box<dyn std::error::Error>>;

fn main() -> Res<()> {
    let mut args = std::env::args().skip(1);
    let runs: usize = args.next().map(|n| n.parse()).transpose()?.unwrap_or(3);
    let mut sizes: Vec<String> = args.collect();
    if sizes.is_empty() {
        sizes = ["fixture", "50", "200", "430"].map(String::from).to_vec();
    }
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .ok_or("no repository root")?
        .to_owned();
    let root = repo.join("target/compile-cost");
    let _ = std::fs::remove_dir_all(&root);
    std::fs::create_dir_all(&root)?;

    let mut crates = Vec::new();
    for size in &sizes {
        let schema = if size == "fixture" {
            let text =
                std::fs::read_to_string(repo.join("generated/fixture-models/schemas/odoo19.json"))?;
            Schema::from_json(&text)?
        } else {
            synthetic(size.parse()?)
        };
        let label = if size == "fixture" { "22" } else { size };
        write_pair(&root, label, &schema)?;
        let fields: usize = schema.models.values().map(|m| m.fields.len()).sum();
        crates.push((label.to_owned(), schema.models.len(), fields));
    }
    let members: Vec<String> = crates
        .iter()
        .flat_map(|(label, _, _)| [format!("\"gen_{label}\""), format!("\"serde_{label}\"")])
        .collect();
    std::fs::write(
        root.join("Cargo.toml"),
        format!(
            "[workspace]\nresolver = \"2\"\nmembers = [{}]\n\n[profile.dev]\ndebug = \"line-tables-only\"\n\n[profile.dev.package.\"*\"]\ndebug = false\n",
            members.join(", ")
        ),
    )?;
    std::fs::copy(repo.join("Cargo.lock"), root.join("Cargo.lock"))?;

    // Dependencies once (and every crate once, which the timed runs then redo).
    let started = Instant::now();
    let status = cargo(&root).args(["check", "--workspace", "-q"]).status()?;
    if !status.success() {
        return Err("the first `cargo check --workspace` failed".into());
    }
    eprintln!(
        "dependencies and first checks: {:.1} s",
        started.elapsed().as_secs_f64()
    );

    println!("| models | fields | generated: lines | serde: lines | generated wall s | serde wall s | generated CPU s | serde CPU s | ratio (wall) | ratio (CPU) |");
    println!("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (label, models, fields) in &crates {
        let (mut gen_wall, mut gen_cpu, mut serde_wall, mut serde_cpu) =
            (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        for _ in 0..runs {
            let (wall, cpu) = timed_check(&root, &format!("gen_{label}"))?;
            gen_wall.push(wall);
            gen_cpu.push(cpu);
            let (wall, cpu) = timed_check(&root, &format!("serde_{label}"))?;
            serde_wall.push(wall);
            serde_cpu.push(cpu);
        }
        let med = |v: &mut Vec<Duration>| {
            v.sort();
            v[v.len() / 2].as_secs_f64()
        };
        let (gw, gc, sw, sc) = (
            med(&mut gen_wall),
            med(&mut gen_cpu),
            med(&mut serde_wall),
            med(&mut serde_cpu),
        );
        println!(
            "| {models} | {fields} | {} | {} | {gw:.2} | {sw:.2} | {gc:.2} | {sc:.2} | {:.2}x | {:.2}x |",
            lines_under(&root.join(format!("gen_{label}/src")))?,
            lines_under(&root.join(format!("serde_{label}/src")))?,
            gw / sw,
            gc / sc
        );
    }
    Ok(())
}

fn cargo(root: &Path) -> Command {
    let mut command = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    command
        .current_dir(root)
        .env("CARGO_TARGET_DIR", root.join("target"))
        .env_remove("RUSTFLAGS")
        .env_remove("ODOO_SCHEMA");
    command
}

/// Touches the crate's lib.rs and checks that crate alone: wall time and the CPU time of the
/// waited-for children (cargo and its rustc), from `/proc/self/stat`.
fn timed_check(root: &Path, name: &str) -> Res<(Duration, Duration)> {
    let lib = root.join(name).join("src/lib.rs");
    let text = std::fs::read_to_string(&lib)?;
    std::fs::write(&lib, text)?;
    let cpu0 = children_cpu()?;
    let started = Instant::now();
    let status = cargo(root)
        .args(["check", "-q", "--offline", "-p", name])
        .status()?;
    let wall = started.elapsed();
    if !status.success() {
        return Err(format!("cargo check -p {name} failed").into());
    }
    Ok((wall, children_cpu()? - cpu0))
}

fn write_pair(root: &Path, label: &str, schema: &Schema) -> Res<()> {
    let models = schema.models.keys().cloned().collect();
    let rendered = render(
        schema,
        &models,
        &RenderOptions {
            schema_attr: vec!["odoo-schema.json".into()],
            layout: Layout::Files,
            // The same fields on both sides, all of them.
            fields: odoo_codegen::FieldChoice {
                all: true,
                ..Default::default()
            },
        },
    )?;
    let odoo_core = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../odoo-core");
    for (kind, serde) in [("gen", false), ("serde", true)] {
        let dir = root.join(format!("{kind}_{label}"));
        std::fs::create_dir_all(dir.join("src/models"))?;
        std::fs::write(
            dir.join("Cargo.toml"),
            format!(
                "[package]\nname = \"{kind}_{label}\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n[dependencies]\nodoo-core = {{ path = \"{}\", features = [\"derive\"] }}\nserde = {{ version = \"1\", features = [\"derive\"] }}\n",
                odoo_core.display()
            ),
        )?;
        std::fs::write(dir.join("odoo-schema.json"), schema.to_json())?;
        std::fs::write(
            dir.join("src/lib.rs"),
            "#![allow(dead_code, missing_docs)]\npub mod models;\n",
        )?;
        for file in &rendered.files {
            let text = if serde {
                to_serde(&file.contents)
            } else {
                file.contents.clone()
            };
            std::fs::write(dir.join("src/models").join(&file.path), text)?;
        }
    }
    Ok(())
}

/// The generated code with serde's derives in place of the crate's: same structs, same
/// enums, same field types.
fn to_serde(code: &str) -> String {
    let mut out = String::with_capacity(code.len());
    let mut lines = code.lines().peekable();
    while let Some(line) = lines.next() {
        let trimmed = line.trim_start();
        let indent = &line[..line.len() - trimmed.len()];
        if trimmed.starts_with("#[odoo(model")
            || trimmed.starts_with("#[odoo(schema")
            || trimmed.starts_with("#[odoo(readonly")
        {
            continue;
        }
        if let Some(rest) = trimmed.strip_prefix("#[odoo(rename = ") {
            let _ = writeln!(out, "{indent}#[serde(rename = {rest}");
            continue;
        }
        if let Some(rest) = trimmed.strip_prefix("#[odoo(value = ") {
            let value = rest.trim_end_matches(")]");
            let value = if value.starts_with('"') {
                value.to_owned()
            } else {
                format!("\"{value}\"")
            };
            let _ = writeln!(out, "{indent}#[serde(rename = {value})]");
            continue;
        }
        if trimmed.starts_with("#[odoo(other)]") {
            // serde's `other` takes a unit variant.
            let _ = writeln!(out, "{indent}#[serde(other)]");
            if let Some(variant) = lines.next() {
                let name = variant.trim().split('(').next().unwrap_or("Other");
                let _ = writeln!(out, "{indent}{name},");
            }
            continue;
        }
        let line = line
            .replace(
                "::odoo_core::OdooModel",
                "::serde::Serialize, ::serde::Deserialize",
            )
            .replace(
                "::odoo_core::OdooSelection",
                "::serde::Serialize, ::serde::Deserialize",
            );
        out.push_str(&line);
        out.push('\n');
    }
    out
}

/// SplitMix64.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// A snapshot of `n` models shaped like a real install: the six fields every model has (`id`,
/// `display_name`, `create_date`, `create_uid`, `write_date`, `write_uid`), then 6 to 18 more
/// (about 12 on average) with the type mix of the fixtures (char, many2one, boolean, selection,
/// float, ...); relations point at other models of the snapshot, one2many ones back at a
/// many2one of their target.
fn synthetic(n: usize) -> Schema {
    let mut rng = Rng(0x0D00_5EED ^ n as u64);
    let name = |i: usize| format!("syn.model{i:03}");
    let users = name(0);
    let mut schema = Schema::new(Some("19.0".into()));
    // (weight, type)
    let mix: &[(u64, FieldType)] = &[
        (24, FieldType::Char),
        (16, FieldType::Many2one),
        (12, FieldType::Boolean),
        (9, FieldType::Selection),
        (8, FieldType::Integer),
        (6, FieldType::Float),
        (4, FieldType::Monetary),
        (5, FieldType::Datetime),
        (3, FieldType::Date),
        (4, FieldType::Text),
        (2, FieldType::Html),
        (3, FieldType::One2many),
        (3, FieldType::Many2many),
        (1, FieldType::Binary),
    ];
    let total: u64 = mix.iter().map(|(w, _)| w).sum();
    for i in 0..n {
        let mut model = ModelSchema {
            description: Some(format!("Synthetic Model {i}")),
            modules: vec!["base".into()],
            ..ModelSchema::default()
        };
        let field = |t: FieldType, label: &str| FieldSchema {
            field_type: t,
            string: Some(label.to_owned()),
            store: true,
            searchable: true,
            sortable: true,
            ..FieldSchema::default()
        };
        model.fields.insert(
            "id".into(),
            FieldSchema {
                readonly: true,
                ..field(FieldType::Integer, "ID")
            },
        );
        model.fields.insert(
            "display_name".into(),
            FieldSchema {
                readonly: true,
                store: false,
                sortable: false,
                ..field(FieldType::Char, "Display Name")
            },
        );
        for (key, label) in [("create", "Created"), ("write", "Last Updated")] {
            model.fields.insert(
                format!("{key}_date"),
                FieldSchema {
                    readonly: true,
                    ..field(FieldType::Datetime, &format!("{label} on"))
                },
            );
            model.fields.insert(
                format!("{key}_uid"),
                FieldSchema {
                    readonly: true,
                    relation: Some(users.clone()),
                    ..field(FieldType::Many2one, &format!("{label} by"))
                },
            );
        }
        let extra = 6 + rng.below(13) as usize;
        for j in 0..extra {
            let mut pick = rng.below(total);
            let mut kind = FieldType::Char;
            for (weight, t) in mix {
                if pick < *weight {
                    kind = t.clone();
                    break;
                }
                pick -= weight;
            }
            let fname = format!("{}_{j}", kind.as_str().replace('2', "_to_"));
            let mut f = field(kind.clone(), &format!("Field {j} of model {i}"));
            if rng.below(5) == 0 {
                f.help = Some(format!("What field {j} of model {i} holds, in a sentence."));
            }
            f.required = rng.below(6) == 0 && !kind.is_x2many();
            f.readonly = rng.below(5) == 0;
            if kind.is_relational() {
                let target = rng.below(n as u64) as usize;
                f.relation = Some(name(target));
                if kind == FieldType::One2many {
                    f.relation_field = Some("create_uid".into());
                    f.relation = Some(users.clone());
                    f.store = false;
                    f.sortable = false;
                }
            }
            if kind == FieldType::Monetary {
                f.currency_field = Some("currency_id".into());
                model.fields.insert(
                    "currency_id".into(),
                    FieldSchema {
                        relation: Some(name(0)),
                        ..field(FieldType::Many2one, "Currency")
                    },
                );
            }
            if kind == FieldType::Selection {
                let options = 2 + rng.below(5);
                f.selection = Some(
                    (0..options)
                        .map(|k| SelectionOption {
                            key: SelectionKey::Str(format!("state_{k}")),
                            label: format!("State {k}"),
                        })
                        .collect(),
                );
            }
            model.fields.insert(fname, f);
        }
        schema.models.insert(name(i), model);
    }
    schema
}
