//! `odoo-codegen`: snapshot an Odoo instance's models and generate Rust structs for them.
//!
//! Exit codes: 0 success; 1 differences found (`generate --check`, `diff`); 2 error (usage,
//! connection, files); 3 partial snapshot (some models could not be read: the snapshot of the
//! others is written, and `sync` does not generate).

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use clap::{Args, Parser, Subcommand};
use indicatif::{ProgressBar, ProgressStyle};
use odoo_codegen::config::Config;
use odoo_codegen::introspect::{IntrospectOptions, ProgressEvent, Strategy, DEFAULT_CONCURRENCY};
use odoo_codegen::{
    check_files, merge_snapshots, read_snapshot, render, write_files, write_snapshot, Error,
    FieldChoice, Introspection, Layout, RenderOptions, Schema, SchemaDiff, Selection,
};
use odoo_core::{Client, TransportKind};

const EXIT_DIFFERENCES: u8 = 1;
const EXIT_ERROR: u8 = 2;
const EXIT_PARTIAL: u8 = 3;

/// Snapshot an Odoo instance's models and generate typed Rust structs for them.
///
/// Connection settings come from the options, the environment (ODOO_URL, ODOO_DB, ODOO_USER,
/// ODOO_TRANSPORT) or odoo-codegen.toml, in that order. The password or API key comes from the
/// environment only: ODOO_PASSWORD or ODOO_API_KEY.
///
/// Exit codes: 0 success; 1 differences (generate --check, diff); 2 error; 3 partial snapshot
/// (some models failed: the others are written).
#[derive(Debug, Parser)]
#[command(name = "odoo-codegen", version)]
struct Cli {
    /// The configuration file (default: ./odoo-codegen.toml when present).
    #[arg(long, global = true, value_name = "FILE")]
    config: Option<PathBuf>,
    /// No progress bar and no summary; errors and warnings still go to stderr.
    #[arg(short, long, global = true)]
    quiet: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Introspect a server and write the schema snapshot.
    Snapshot {
        #[command(flatten)]
        connection: ConnectionArgs,
        #[command(flatten)]
        selection: SelectionArgs,
        /// The snapshot file to write (default: config `snapshot`, else odoo-schema.json).
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Generate Rust modules from a snapshot (one file per model plus mod.rs).
    Generate {
        #[command(flatten)]
        generate: GenerateArgs,
        #[command(flatten)]
        selection: SelectionArgs,
        /// Write nothing; exit 1 and list the files that differ from what would be generated.
        #[arg(long)]
        check: bool,
    },
    /// Compare two snapshots, or a snapshot with a live server when NEW is left out.
    ///
    /// Exit code 0: no differences; 1: differences; 2: error.
    Diff {
        /// The old snapshot.
        old: PathBuf,
        /// The new snapshot; without it, the server given by the connection settings.
        new: Option<PathBuf>,
        #[command(flatten)]
        connection: ConnectionArgs,
        #[command(flatten)]
        selection: SelectionArgs,
    },
    /// Merge snapshots of several servers or Odoo versions into the one they have in common:
    /// the models and fields all of them have, with the attributes that hold on each. What is
    /// left out is listed on stderr.
    Merge {
        /// The snapshots, oldest version first (labels and help come from the last).
        #[arg(required = true, num_args = 2.., value_name = "SNAPSHOT")]
        snapshots: Vec<PathBuf>,
        /// The merged snapshot to write.
        #[arg(short, long, value_name = "FILE")]
        output: PathBuf,
    },
    /// Snapshot, then generate: the one command to refresh a project.
    Sync {
        #[command(flatten)]
        connection: ConnectionArgs,
        #[command(flatten)]
        selection: SelectionArgs,
        #[command(flatten)]
        generate: GenerateArgs,
    },
}

#[derive(Debug, Args)]
struct ConnectionArgs {
    /// The server's base URL.
    #[arg(long, env = "ODOO_URL")]
    url: Option<String>,
    /// The database.
    #[arg(long = "db", env = "ODOO_DB")]
    database: Option<String>,
    /// The login.
    #[arg(long, env = "ODOO_USER")]
    user: Option<String>,
    /// auto, json-rpc, xml-rpc, json2 or web.
    #[arg(long, env = "ODOO_TRANSPORT")]
    transport: Option<TransportKind>,
    /// Seconds per request [default: 60].
    #[arg(long, value_name = "SECONDS")]
    timeout: Option<u64>,
    /// fields_get requests in flight [default: 4].
    #[arg(long, value_name = "N")]
    concurrency: Option<usize>,
    /// How fields are read: fields-get (one full fields_get per model) or bulk
    /// (ir.model.fields in bulk, then a lighter fields_get per model) [default: fields-get].
    #[arg(long = "introspect", value_name = "STRATEGY")]
    introspect: Option<Strategy>,
    /// Do not search each model once to find those the user cannot read.
    #[arg(long)]
    no_probe: bool,
}

#[derive(Debug, Args)]
struct SelectionArgs {
    /// Model name globs, such as res.partner or 'sale.*' (repeat or comma-separate).
    #[arg(short, long = "models", value_delimiter = ',', value_name = "GLOB")]
    models: Vec<String>,
    /// Odoo modules whose models are selected, such as sale (repeat or comma-separate).
    #[arg(long = "modules", value_delimiter = ',', value_name = "MODULE")]
    modules: Vec<String>,
    /// Model name globs to leave out.
    #[arg(long, value_delimiter = ',', value_name = "GLOB")]
    exclude: Vec<String>,
    /// Also select transient (wizard) models.
    #[arg(long)]
    transient: bool,
    /// Also generate models the user cannot search (abstract, no access right).
    #[arg(long)]
    unreadable: bool,
    /// Follow relations N steps, pulling their targets in.
    #[arg(long, value_name = "N")]
    depth: Option<u32>,
}

#[derive(Debug, Args)]
struct GenerateArgs {
    /// The snapshot to read or write (default: config `snapshot`, else odoo-schema.json).
    /// `generate` takes it several times: the code then holds the fields all of them have.
    #[arg(long, value_name = "FILE")]
    snapshot: Vec<PathBuf>,
    /// The directory of the generated modules (default: config `out_dir`, else src/models).
    #[arg(long, value_name = "DIR")]
    out_dir: Option<PathBuf>,
    /// Path written into #[odoo(schema = "...")], relative to the crate's CARGO_MANIFEST_DIR;
    /// repeat it for a struct checked against several snapshots.
    #[arg(long, value_name = "PATH")]
    schema_attr: Vec<String>,
    /// Exactly these fields (and id) for the models of a glob: 'res.partner=name,email'.
    #[arg(long = "fields", value_name = "GLOB=FIELDS")]
    fields: Vec<String>,
    /// Fields added to the default choice: 'product.*=image_128'.
    #[arg(long = "extra-fields", value_name = "GLOB=FIELDS")]
    extra_fields: Vec<String>,
    /// Fields left out: 'sale.order=note'.
    #[arg(long = "exclude-fields", value_name = "GLOB=FIELDS")]
    exclude_fields: Vec<String>,
    /// Every field, binary and non-stored ones included (by default they are left out).
    #[arg(long)]
    all_fields: bool,
    /// Write one file of this name with inline modules instead of a file per model.
    #[arg(long, value_name = "NAME")]
    single_file: Option<String>,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::from(EXIT_ERROR)
        }
    }
}

fn run(cli: Cli) -> Result<u8, Error> {
    let config = Config::discover(cli.config.as_deref())?;
    let quiet = cli.quiet;
    match cli.command {
        Command::Snapshot {
            connection,
            selection,
            output,
        } => {
            let output = output.unwrap_or_else(|| snapshot_path(None, &config));
            let selection = selection.merge(&config);
            let introspection = live_snapshot(&connection, &config, &selection, quiet)?;
            write_snapshot(&output, &introspection.schema)?;
            summarize_snapshot(&output, &introspection, quiet);
            Ok(failure_code(&introspection))
        }
        Command::Generate {
            generate,
            selection,
            check,
        } => {
            let paths = if !generate.snapshot.is_empty() {
                generate.snapshot.clone()
            } else if !config.snapshots.is_empty() {
                config.snapshots.clone()
            } else {
                vec![snapshot_path(None, &config)]
            };
            let schema = match paths.as_slice() {
                [one] => read_snapshot(one)?,
                several => {
                    let merged = merge_snapshots(several)?;
                    if !quiet {
                        report_dropped(&merged);
                    }
                    merged.schema
                }
            };
            generate_from(
                &schema,
                &generate,
                &selection.merge(&config),
                &config,
                check,
                quiet,
            )
        }
        Command::Diff {
            old,
            new,
            connection,
            selection,
        } => {
            let old_schema = read_snapshot(&old)?;
            let mut selection = selection.merge(&config);
            let new_schema = match new {
                Some(path) => read_snapshot(&path)?,
                None => {
                    if selection.is_empty() {
                        // Compare the models the old snapshot has.
                        selection.models = old_schema.models.keys().cloned().collect();
                        selection.transient = true;
                    }
                    let introspection = live_snapshot(&connection, &config, &selection, quiet)?;
                    let real: Vec<_> = introspection
                        .failures
                        .iter()
                        .filter(|failure| !failure.not_on_server)
                        .collect();
                    if !real.is_empty() {
                        for failure in real {
                            eprintln!("error: {}: {}", failure.model, failure.error);
                        }
                        return Err(Error::Config(
                            "some models could not be read; no diff made".into(),
                        ));
                    }
                    introspection.schema
                }
            };
            let models = (!selection.is_empty()).then(|| {
                let mut union = selection.resolve(&old_schema);
                union.extend(selection.resolve(&new_schema));
                union
            });
            let diff = SchemaDiff::between(&old_schema, &new_schema, models.as_ref());
            print!("{diff}");
            Ok(if diff.is_empty() { 0 } else { EXIT_DIFFERENCES })
        }
        Command::Merge { snapshots, output } => {
            let merged = merge_snapshots(&snapshots)?;
            report_dropped(&merged);
            write_snapshot(&output, &merged.schema)?;
            summarize(&output, &merged.schema, quiet);
            Ok(0)
        }
        Command::Sync {
            connection,
            selection,
            generate,
        } => {
            if generate.snapshot.len() > 1 {
                return Err(Error::Config(
                    "sync writes one snapshot: give --snapshot once (merge several with `merge`)"
                        .into(),
                ));
            }
            let snapshot = snapshot_path(generate.snapshot.first().map(PathBuf::as_path), &config);
            let selection = selection.merge(&config);
            let introspection = live_snapshot(&connection, &config, &selection, quiet)?;
            write_snapshot(&snapshot, &introspection.schema)?;
            summarize_snapshot(&snapshot, &introspection, quiet);
            let code = failure_code(&introspection);
            if code != 0 {
                eprintln!("error: not generating from a partial snapshot");
                return Ok(code);
            }
            // The snapshot holds exactly the selected models (depth applied): generate them all,
            // but for those the user cannot read, as `generate` would.
            let all = Selection {
                transient: true,
                ..selection.clone()
            };
            generate_from(
                &introspection.schema,
                &generate,
                &all,
                &config,
                false,
                quiet,
            )
        }
    }
}

impl SelectionArgs {
    /// Command-line lists replace the configuration's; flags add to it.
    fn merge(self, config: &Config) -> Selection {
        let base = config.selection();
        let pick =
            |cli: Vec<String>, config: Vec<String>| if cli.is_empty() { config } else { cli };
        Selection {
            models: pick(self.models, base.models),
            modules: pick(self.modules, base.modules),
            exclude: pick(self.exclude, base.exclude),
            transient: self.transient || base.transient,
            unreadable: self.unreadable || base.unreadable,
            depth: self.depth.unwrap_or(base.depth),
        }
    }
}

fn snapshot_path(cli: Option<&Path>, config: &Config) -> PathBuf {
    cli.map(Path::to_owned)
        .or_else(|| config.snapshot.clone())
        .unwrap_or_else(|| PathBuf::from(odoo_codegen::schema::DEFAULT_FILE))
}

fn failure_code(introspection: &Introspection) -> u8 {
    for failure in &introspection.failures {
        eprintln!("error: {}: {}", failure.model, failure.error);
    }
    if introspection.failures.is_empty() {
        0
    } else {
        eprintln!(
            "error: {} model(s) could not be read; the snapshot holds the others",
            introspection.failures.len()
        );
        EXIT_PARTIAL
    }
}

fn summarize_snapshot(path: &Path, introspection: &Introspection, quiet: bool) {
    summarize(path, &introspection.schema, quiet);
    let unreadable: Vec<String> = introspection
        .schema
        .models
        .iter()
        .filter_map(|(name, model)| Some(format!("{name} ({})", model.unreadable.as_ref()?)))
        .collect();
    if !quiet && !unreadable.is_empty() {
        eprintln!(
            "note: {} model(s) cannot be searched by this user and are not generated unless named \
             exactly or with --unreadable: {}",
            unreadable.len(),
            unreadable.join(", ")
        );
    }
}

fn summarize(path: &Path, schema: &Schema, quiet: bool) {
    if quiet {
        return;
    }
    let fields: usize = schema.models.values().map(|model| model.fields.len()).sum();
    eprintln!(
        "wrote {}: {} models, {fields} fields (Odoo {})",
        path.display(),
        schema.models.len(),
        schema.server_version.as_deref().unwrap_or("?")
    );
}

fn report_dropped(merged: &odoo_codegen::schema::merge::Merged) {
    for dropped in &merged.dropped {
        eprintln!("left out: {dropped}");
    }
    if !merged.dropped.is_empty() {
        eprintln!(
            "{} model(s) or field(s) are not common to every snapshot and are left out",
            merged.dropped.len()
        );
    }
}

fn generate_from(
    schema: &Schema,
    args: &GenerateArgs,
    selection: &Selection,
    config: &Config,
    check: bool,
    quiet: bool,
) -> Result<u8, Error> {
    let out_dir = args
        .out_dir
        .clone()
        .or_else(|| config.out_dir.clone())
        .unwrap_or_else(|| PathBuf::from("src/models"));
    let mut fields = config.field_choice();
    let mut cli = FieldChoice {
        all: args.all_fields,
        ..FieldChoice::default()
    };
    for (map, values) in [
        (&mut cli.only, &args.fields),
        (&mut cli.extra, &args.extra_fields),
        (&mut cli.exclude, &args.exclude_fields),
    ] {
        for value in values {
            FieldChoice::parse_arg(map, value)?;
        }
    }
    if !cli.only.is_empty() {
        // Command-line `--fields` replace the file's exact lists.
        fields.only.clear();
    }
    fields.extend(&cli);
    let options = RenderOptions {
        schema_attr: if args.schema_attr.is_empty() {
            config
                .schema_attr
                .as_ref()
                .map(odoo_codegen::config::SchemaAttr::paths)
                .unwrap_or_default()
        } else {
            args.schema_attr.clone()
        },
        layout: args
            .single_file
            .clone()
            .map_or(Layout::Files, Layout::SingleFile),
        fields,
    };
    let generator = odoo_codegen::Generator::new()
        .schema(schema.clone())
        .selection(selection.clone());
    let models = generator.selected_models(schema)?;
    let rendered = render(schema, &models, &options)?;
    for warning in &rendered.warnings {
        eprintln!("warning: {warning}");
    }
    if check {
        let mismatches = check_files(&out_dir, &rendered)?;
        if mismatches.is_empty() {
            if !quiet {
                eprintln!(
                    "{}: up to date ({} files)",
                    out_dir.display(),
                    rendered.files.len()
                );
            }
            return Ok(0);
        }
        for (path, mismatch) in &mismatches {
            println!("{}: {mismatch}", path.display());
        }
        eprintln!(
            "{} file(s) differ from what would be generated; run `odoo-codegen generate`",
            mismatches.len()
        );
        return Ok(EXIT_DIFFERENCES);
    }
    let report = write_files(&out_dir, &rendered)?;
    if !quiet {
        eprintln!(
            "{}: {} models, {} file(s) written, {} unchanged, {} removed",
            out_dir.display(),
            models.len(),
            report.written.len(),
            report.unchanged.len(),
            report.removed.len()
        );
    }
    Ok(0)
}

fn live_snapshot(
    args: &ConnectionArgs,
    config: &Config,
    selection: &Selection,
    quiet: bool,
) -> Result<Introspection, Error> {
    let url = args
        .url
        .clone()
        .or_else(|| config.url.clone())
        .ok_or_else(|| {
            Error::Config("no server: set --url, ODOO_URL or `url` in odoo-codegen.toml".into())
        })?;
    let transport = match (args.transport, &config.transport) {
        (Some(kind), _) => kind,
        (None, Some(name)) => name.parse().map_err(Error::Config)?,
        (None, None) => TransportKind::Auto,
    };
    let timeout = args.timeout.or(config.timeout).unwrap_or(60);
    let concurrency = args
        .concurrency
        .or(config.concurrency)
        .unwrap_or(DEFAULT_CONCURRENCY);
    let mut builder = Client::builder(url)
        .transport(transport)
        .timeout(Duration::from_secs(timeout));
    if let Some(database) = args.database.clone().or_else(|| config.database.clone()) {
        builder = builder.database(database);
    }
    if let Some(user) = args.user.clone().or_else(|| config.user.clone()) {
        builder = builder.login(user);
    }
    if let Some(key) = secret_env("ODOO_API_KEY") {
        builder = builder.api_key(key);
    }
    if let Some(password) = secret_env("ODOO_PASSWORD") {
        builder = builder.password(password);
    }

    let bar = (!quiet && std::io::stderr().is_terminal()).then(|| {
        let bar = ProgressBar::new(0);
        if let Ok(style) =
            ProgressStyle::with_template("{spinner} fields_get [{bar:30}] {pos}/{len} {wide_msg}")
        {
            bar.set_style(style.progress_chars("=> "));
        }
        bar
    });
    let progress = bar.clone().map(|bar| {
        Arc::new(move |event: ProgressEvent| match event {
            ProgressEvent::Queued(n) => bar.inc_length(n as u64),
            ProgressEvent::Done(model) => {
                bar.set_message(model);
                bar.inc(1);
            }
        }) as odoo_codegen::introspect::ProgressFn
    });
    let strategy = match (args.introspect, &config.introspect) {
        (Some(strategy), _) => strategy,
        (None, Some(name)) => name.parse().map_err(Error::Config)?,
        (None, None) => Strategy::default(),
    };
    let options = IntrospectOptions {
        concurrency,
        progress,
        strategy,
        probe: !args.no_probe,
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|source| Error::Io {
            path: PathBuf::from("<tokio runtime>"),
            source,
        })?;
    let result = runtime.block_on(async {
        let client = builder.connect().await?;
        odoo_codegen::introspect(&client, selection, &options).await
    });
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    result
}

fn secret_env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|value| !value.is_empty())
}
