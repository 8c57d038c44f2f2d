//! Writes the three bodies of the 5,000-record `search_read` answer (JSON-RPC, JSON-2,
//! XML-RPC) into a folder: `gen-bodies [DIR]` (default `target/odoo-benches`).

fn main() -> std::io::Result<()> {
    let dir = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "target/odoo-benches".to_owned());
    for path in odoo_benches::gen::write_bodies(std::path::Path::new(&dir))? {
        let len = std::fs::metadata(&path)?.len();
        println!("{} ({len} bytes)", path.display());
    }
    Ok(())
}
