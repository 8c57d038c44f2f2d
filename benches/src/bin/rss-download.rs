//! Peak resident memory of downloading one attachment through the client, alone in its
//! process, against the Odoo of `ODOO_URL` (`ODOO_DB`, `ODOO_USER`, `ODOO_PASSWORD` and/or
//! `ODOO_API_KEY`):
//!
//! - `rss-download attach MIB` attaches a file of MIB mebibytes to the partner 1 and prints its
//!   id (in a process of its own: sending the file raises the peak far above a download's);
//! - `rss-download web ID` downloads it through `/web/content` (the client with the password),
//!   `rss-download orm ID` through the ORM (the client with the API key alone),
//!   `rss-download stream ID` through `/web/content` copied to a file as it comes (in the
//!   system's temporary folder, removed after);
//! - `rss-download remove ID` deletes it.
//!
//! A download prints one JSON line with the file's size and `VmHWM` after connecting
//! (`baseline_kb`) and with the file still held (`peak_kb`).

use std::hint::black_box;

use odoo_benches::measure::proc_status_kb;
use odoo_core::Client;

type BoxError = Box<dyn std::error::Error>;

const USAGE: &str = "usage: rss-download attach MIB | web ID | orm ID | stream ID | remove ID";

fn var(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

/// A client with the password only (`web`) or the API key only (`orm`), else both.
async fn connect(secret: &str) -> Result<Client, BoxError> {
    let url = var("ODOO_URL").ok_or("set ODOO_URL, ODOO_DB, ODOO_USER and the secrets")?;
    let mut builder = Client::builder(url)
        .database(var("ODOO_DB").unwrap_or_default())
        .login(var("ODOO_USER").unwrap_or_default());
    if secret != "orm" {
        builder = builder.password(var("ODOO_PASSWORD").ok_or("set ODOO_PASSWORD")?);
    }
    if secret == "orm" {
        builder = builder.api_key(var("ODOO_API_KEY").ok_or("set ODOO_API_KEY")?);
    }
    Ok(builder.connect().await?)
}

async fn run(command: &str, argument: &str) -> Result<(), BoxError> {
    let client = connect(command).await?;
    let files = client.attachments();
    match command {
        "attach" => {
            let size = argument.parse::<usize>()? << 20;
            let content: Vec<u8> = (0..size).map(|i| ((i * 7 + 3) % 256) as u8).collect();
            println!(
                "{}",
                files
                    .attach("res.partner", 1, "rss-download.bin", &content)
                    .await?
            );
        }
        "remove" => {
            client.unlink("ir.attachment", &[argument.parse()?]).await?;
        }
        "web" | "orm" => {
            let id = argument.parse()?;
            let baseline = proc_status_kb("VmHWM").unwrap_or(0);
            let file = files.download(id).await?;
            let peak = proc_status_kb("VmHWM").unwrap_or(0);
            println!(
                "{{\"path\": \"{command}\", \"bytes\": {}, \"baseline_kb\": {baseline}, \"peak_kb\": {peak}}}",
                file.bytes.len()
            );
            drop(black_box(file));
        }
        "stream" => {
            let id = argument.parse()?;
            let path =
                std::env::temp_dir().join(format!("rss-download-{}.bin", std::process::id()));
            let mut file = tokio::fs::File::create(&path).await?;
            let baseline = proc_status_kb("VmHWM").unwrap_or(0);
            let saved = files.download_to(id, &mut file).await;
            let peak = proc_status_kb("VmHWM").unwrap_or(0);
            drop(file);
            let _ = std::fs::remove_file(&path);
            println!(
                "{{\"path\": \"{command}\", \"bytes\": {}, \"baseline_kb\": {baseline}, \"peak_kb\": {peak}}}",
                saved?.length
            );
        }
        _ => return Err(USAGE.into()),
    }
    Ok(())
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [command, argument] = args.as_slice() else {
        eprintln!("{USAGE}");
        std::process::exit(2);
    };
    odoo_benches::measure::run_or_exit("rss-download", run(command, argument));
}
