//! The one part of the tool the library leaves to it: a connection to a live server, with a
//! progress bar while the library introspects it.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressStyle};
use odoo_codegen::config::Config;
use odoo_codegen::introspect::{
    IntrospectOptions, ProgressEvent, ProgressFn, Strategy, DEFAULT_CONCURRENCY,
};
use odoo_codegen::{Error, Introspection, ModelSelection};
use odoo_core::{Client, ClientBuilder, TransportKind};

use crate::args::ConnectionArgs;

/// Introspects the models `selection` picks on the server the options, the environment or the
/// configuration name; with their methods when `methods` (or `--methods`, or `methods = true`
/// in the configuration) asks for them.
pub(crate) fn snapshot(
    args: &ConnectionArgs,
    config: &Config,
    selection: &ModelSelection,
    methods: bool,
    quiet: bool,
) -> Result<Introspection, Error> {
    let builder = client_builder(args, config)?;
    let bar = (!quiet && std::io::stderr().is_terminal()).then(progress_bar);
    let options = IntrospectOptions {
        concurrency: args
            .concurrency
            .or(config.concurrency)
            .unwrap_or(DEFAULT_CONCURRENCY),
        progress: bar.clone().map(progress),
        strategy: match (args.introspect, &config.introspect) {
            (Some(strategy), _) => strategy,
            (None, Some(name)) => name.parse().map_err(Error::Config)?,
            (None, None) => Strategy::default(),
        },
        probe: !args.no_probe,
        methods: methods || args.methods || config.methods,
    };
    // One thread: the client's work is small beside the server's, and a second worker thread
    // only adds wake-ups (measured: less CPU, no slower).
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|source| Error::Io {
            path: PathBuf::from("<tokio runtime>"),
            source,
        })?;
    let result = runtime.block_on(async {
        let client: Client = builder.connect().await?;
        odoo_codegen::introspect(&client, selection, &options).await
    });
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    result
}

/// The client's settings: options, then the configuration; secrets from the environment only.
fn client_builder(args: &ConnectionArgs, config: &Config) -> Result<ClientBuilder, Error> {
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
    Ok(builder)
}

fn progress_bar() -> ProgressBar {
    let bar = ProgressBar::new(0);
    if let Ok(style) =
        ProgressStyle::with_template("{spinner} introspecting [{bar:30}] {pos}/{len} {wide_msg}")
    {
        bar.set_style(style.progress_chars("=> "));
    }
    bar
}

/// The library's progress events, shown on the bar.
fn progress(bar: ProgressBar) -> ProgressFn {
    Arc::new(move |event: ProgressEvent| match event {
        ProgressEvent::Queued(n) => bar.inc_length(n as u64),
        ProgressEvent::Done(model) => {
            bar.set_message(model);
            bar.inc(1);
        }
    })
}

fn secret_env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|value| !value.is_empty())
}
