//! The static stand-in server of the benchmarks: `odoo-bench-server [TOTAL] [PORT]`.
//!
//! Prints `listening http://127.0.0.1:PORT` once bound, and runs until its standard input
//! closes (so it never outlives the bench that started it).

use tokio::io::AsyncReadExt;

fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let total: i64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(50_000);
    let port: u16 = args.next().and_then(|a| a.parse().ok()).unwrap_or(0);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        let addr = odoo_benches::server::start(total, port).await?;
        println!("listening http://{addr}");
        let mut stdin = tokio::io::stdin();
        let mut buf = [0u8; 64];
        while stdin.read(&mut buf).await.unwrap_or(0) > 0 {}
        Ok(())
    })
}
