//! The command line: what each command takes, and how it becomes the library's settings.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};
use odoo_codegen::config::Overrides;
use odoo_codegen::introspect::Strategy;
use odoo_codegen::{Error, FieldChoice};
use odoo_core::TransportKind;

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
pub(crate) struct Cli {
    /// The configuration file (default: ./odoo-codegen.toml when present).
    #[arg(long, global = true, value_name = "FILE")]
    pub(crate) config: Option<PathBuf>,
    /// No progress bar and no summary; errors and warnings still go to stderr.
    #[arg(short, long, global = true)]
    pub(crate) quiet: bool,
    #[command(subcommand)]
    pub(crate) command: Command,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Introspect a server and write the schema snapshot.
    Snapshot {
        #[command(flatten)]
        connection: ConnectionArgs,
        #[command(flatten)]
        selection: ModelSelectionArgs,
        /// The snapshot file to write (default: config `snapshot`, else odoo-schema.json).
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Generate Rust modules from a snapshot (one file per model plus mod.rs).
    Generate {
        #[command(flatten)]
        generate: GenerateArgs,
        #[command(flatten)]
        selection: ModelSelectionArgs,
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
        selection: ModelSelectionArgs,
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
        /// Keep what any snapshot has (one snapshot per Odoo version), marked with the
        /// versions that have it, and add the typed business methods known for each version;
        /// without it, only what every snapshot has.
        #[arg(long)]
        union: bool,
    },
    /// Snapshot, then generate: the one command to refresh a project.
    Sync {
        #[command(flatten)]
        connection: ConnectionArgs,
        #[command(flatten)]
        selection: ModelSelectionArgs,
        #[command(flatten)]
        generate: GenerateArgs,
    },
}

#[derive(Debug, Args)]
pub(crate) struct ConnectionArgs {
    /// The server's base URL.
    #[arg(long, env = "ODOO_URL")]
    pub(crate) url: Option<String>,
    /// The database.
    #[arg(long = "db", env = "ODOO_DB")]
    pub(crate) database: Option<String>,
    /// The login.
    #[arg(long, env = "ODOO_USER")]
    pub(crate) user: Option<String>,
    /// auto, json-rpc, xml-rpc, json2 or web.
    #[arg(long, env = "ODOO_TRANSPORT")]
    pub(crate) transport: Option<TransportKind>,
    /// Seconds per request [default: 60].
    #[arg(long, value_name = "SECONDS")]
    pub(crate) timeout: Option<u64>,
    /// Models in flight, each making its fields_get then its probe [default: 6].
    #[arg(long, value_name = "N")]
    pub(crate) concurrency: Option<usize>,
    /// How fields are read: fields-get (one full fields_get per model) or bulk
    /// (ir.model.fields in bulk, then a lighter fields_get per model) [default: fields-get].
    #[arg(long = "introspect", value_name = "STRATEGY")]
    pub(crate) introspect: Option<Strategy>,
    /// Do not search each model once to find those the user cannot read.
    #[arg(long)]
    pub(crate) no_probe: bool,
    /// Also read each model's public methods from the server's API documentation (Odoo 19+,
    /// JSON-2 with an API key), for typed method calls; one more request per model.
    #[arg(long)]
    pub(crate) methods: bool,
}

#[derive(Debug, Args)]
pub(crate) struct ModelSelectionArgs {
    /// Model name globs, such as res.partner or 'sale.*' (repeat or comma-separate).
    #[arg(short, long = "models", value_delimiter = ',', value_name = "GLOB")]
    pub(crate) models: Vec<String>,
    /// Odoo modules whose models are selected, such as sale (repeat or comma-separate).
    #[arg(long = "modules", value_delimiter = ',', value_name = "MODULE")]
    pub(crate) modules: Vec<String>,
    /// Model name globs to leave out.
    #[arg(long, value_delimiter = ',', value_name = "GLOB")]
    pub(crate) exclude: Vec<String>,
    /// Also select transient (wizard) models.
    #[arg(long)]
    pub(crate) transient: bool,
    /// Also generate models the user cannot search (abstract, no access right).
    #[arg(long)]
    pub(crate) unreadable: bool,
    /// Follow relations N steps, pulling their targets in.
    #[arg(long, value_name = "N")]
    pub(crate) depth: Option<u32>,
}

#[derive(Debug, Args)]
pub(crate) struct GenerateArgs {
    /// The snapshot to read or write (default: config `snapshot`, else odoo-schema.json).
    /// `generate` takes it several times: the code then holds the fields all of them have.
    #[arg(long, value_name = "FILE")]
    pub(crate) snapshot: Vec<PathBuf>,
    /// The directory of the generated modules (default: config `out_dir`, else src/models).
    #[arg(long, value_name = "DIR")]
    pub(crate) out_dir: Option<PathBuf>,
    /// Path written into #[odoo(schema = "...")], relative to the crate's CARGO_MANIFEST_DIR;
    /// repeat it for a struct checked against several snapshots.
    #[arg(long, value_name = "PATH")]
    pub(crate) schema_attr: Vec<String>,
    /// Exactly these fields (and id) for the models of a glob: 'res.partner=name,email'.
    #[arg(long = "fields", value_name = "GLOB=FIELDS")]
    pub(crate) fields: Vec<String>,
    /// Fields added to the default choice: 'product.*=image_128'.
    #[arg(long = "extra-fields", value_name = "GLOB=FIELDS")]
    pub(crate) extra_fields: Vec<String>,
    /// Fields left out: 'sale.order=note'.
    #[arg(long = "exclude-fields", value_name = "GLOB=FIELDS")]
    pub(crate) exclude_fields: Vec<String>,
    /// Every field, binary and non-stored ones included (by default they are left out).
    #[arg(long)]
    pub(crate) all_fields: bool,
    /// Write one file of this name with inline modules instead of a file per model.
    #[arg(long, value_name = "NAME")]
    pub(crate) single_file: Option<String>,
    /// With several --snapshot (one per Odoo version): what any of them has, marked with the
    /// versions that have it, with the typed business methods known for each version.
    #[arg(long)]
    pub(crate) union: bool,
}

impl ModelSelectionArgs {
    /// The selection settings, to lay over the configuration file's.
    pub(crate) fn overrides(self) -> Overrides {
        Overrides {
            models: self.models,
            modules: self.modules,
            exclude: self.exclude,
            transient: self.transient,
            unreadable: self.unreadable,
            depth: self.depth,
            ..Overrides::default()
        }
    }
}

impl GenerateArgs {
    /// The generation settings with the selection's, to lay over the configuration file's;
    /// an error for a malformed `GLOB=FIELDS` value.
    pub(crate) fn overrides(self, selection: ModelSelectionArgs) -> Result<Overrides, Error> {
        let mut fields = FieldChoice {
            all: self.all_fields,
            ..FieldChoice::default()
        };
        for (map, values) in [
            (&mut fields.only, &self.fields),
            (&mut fields.extra, &self.extra_fields),
            (&mut fields.exclude, &self.exclude_fields),
        ] {
            for value in values {
                FieldChoice::parse_arg(map, value)?;
            }
        }
        Ok(Overrides {
            snapshots: self.snapshot,
            union: self.union,
            out_dir: self.out_dir,
            schema_attr: self.schema_attr,
            fields,
            single_file: self.single_file,
            ..selection.overrides()
        })
    }
}
