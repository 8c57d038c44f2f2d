//! A 5,000-row typed read through every transport each secret can log in with, side by side
//! in one run against a bench lab (see `odoo_benches::lab`; nothing is written). For each
//! secret, the transport the default (`Auto`) picks is read through the `Auto` client itself.
//!
//! ```text
//! ODOO_URL=... ODOO_DB=... ODOO_USER=... ODOO_PASSWORD=... ODOO_API_KEY=... \
//!     cargo run -p odoo-benches --release --bin transports -- [rounds]
//! ```
//!
//! Each round reads once through each variant, in an order that rotates from round to
//! round, after one warm-up round. Printed: median wall time and this process's CPU time per
//! read, and each transport against the fastest one its secret allows.

use std::time::{Duration, Instant};

use odoo_benches::lab::{self, BoxError, Partner, Settings, PARTNERS};
use odoo_benches::measure::{cpu_time, median, ms};
use odoo_core::{Client, Domain, Model, TransportKind};

/// Which secret a variant logs in with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Secret {
    Password,
    Key,
}

struct Variant {
    label: String,
    secret: Secret,
    default: bool,
    client: Client,
    wall: Vec<Duration>,
    cpu: Vec<Duration>,
}

/// For each secret, every transport it can log in with; the one `Auto` picks is the `Auto`
/// client itself, marked as the default.
async fn variants(settings: &Settings) -> Result<Vec<Variant>, BoxError> {
    use TransportKind::{Auto, Json2, JsonRpc, WebSession, XmlRpc};
    let plan = [
        (Secret::Password, [JsonRpc, XmlRpc, WebSession]),
        (Secret::Key, [JsonRpc, XmlRpc, Json2]),
    ];
    let mut out = Vec::new();
    for (secret, transports) in plan {
        let with_key = secret == Secret::Key;
        let secret_name = if with_key { "API key" } else { "password" };
        let Some(auto) = settings.builder(Auto, !with_key, with_key) else {
            eprintln!("skipped: the {secret_name} (not set)");
            continue;
        };
        let auto = auto.connect().await?;
        for transport in transports {
            let default = auto.transport_kind() == transport;
            let client = if default {
                auto.clone()
            } else {
                let Some(builder) = settings.builder(transport, !with_key, with_key) else {
                    continue;
                };
                match builder.connect().await {
                    Ok(client) => client,
                    Err(error) => {
                        eprintln!("skipped: {transport} with the {secret_name}: {error}");
                        continue;
                    }
                }
            };
            let label = if default {
                format!("{transport} ({secret_name}): the default")
            } else {
                format!("{transport} ({secret_name})")
            };
            out.push(Variant {
                label,
                secret,
                default,
                client,
                wall: Vec::new(),
                cpu: Vec::new(),
            });
        }
    }
    Ok(out)
}

async fn read(client: &Client) -> Result<usize, BoxError> {
    let domain = Domain::<Partner>::raw(lab::domain())?;
    let rows = client
        .model::<Partner>()
        .search(domain)
        .order(Partner::fields().id.asc())
        .limit(PARTNERS as u64)
        .fetch()
        .await?;
    Ok(rows.len())
}

async fn run() -> Result<(), BoxError> {
    let rounds: usize = std::env::args()
        .nth(1)
        .map(|s| s.parse())
        .transpose()?
        .unwrap_or(15);
    let settings = Settings::from_env()?;
    let mut variants = variants(&settings).await?;
    let first = variants.first().ok_or("no transport could connect")?;
    lab::bench_partners(&first.client).await?;
    let version = first.client.server_version().version.clone();
    for round in 0..=rounds {
        let count = variants.len();
        for step in 0..count {
            let variant = &mut variants[(round + step) % count];
            let (started, cpu) = (Instant::now(), cpu_time());
            let n = read(&variant.client).await?;
            let (wall, cpu) = (started.elapsed(), cpu_time().saturating_sub(cpu));
            if n != PARTNERS {
                return Err(format!("{}: read {n} rows", variant.label).into());
            }
            if round > 0 {
                variant.wall.push(wall);
                variant.cpu.push(cpu);
            }
        }
    }
    print_table(&version, rounds, &mut variants);
    Ok(())
}

fn print_table(version: &str, rounds: usize, variants: &mut [Variant]) {
    println!("Odoo {version}: {PARTNERS} rows, 11 fields, {rounds} rounds (medians)\n");
    println!("| transport (secret) | wall ms | client CPU ms | vs the fastest for the secret |");
    println!("|---|---:|---:|---:|");
    let medians: Vec<(f64, f64)> = variants
        .iter_mut()
        .map(|v| (ms(median(&mut v.wall)), ms(median(&mut v.cpu))))
        .collect();
    let fastest = |secret: Secret| {
        variants
            .iter()
            .zip(&medians)
            .filter(|(v, _)| v.secret == secret)
            .map(|(_, (wall, _))| *wall)
            .fold(f64::INFINITY, f64::min)
    };
    for (variant, (wall, cpu)) in variants.iter().zip(&medians) {
        let ratio = wall / fastest(variant.secret);
        let mark = if variant.default { "**" } else { "" };
        println!(
            "| {mark}{}{mark} | {wall:.1} | {cpu:.2} | {ratio:.2}x |",
            variant.label
        );
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    if let Err(error) = run().await {
        eprintln!("transports: {error}");
        std::process::exit(1);
    }
}
