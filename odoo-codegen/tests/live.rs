//! Against a real Odoo, when `ODOO_URL`, `ODOO_DB`, `ODOO_USER` and `ODOO_PASSWORD` or
//! `ODOO_API_KEY` are set: `sync` of `res.partner`, then `generate --check`.

use std::path::PathBuf;
use std::process::Command;

#[test]
fn live_snapshot_and_generate_of_res_partner() {
    let set = |name: &str| std::env::var(name).is_ok_and(|value| !value.is_empty());
    if !(set("ODOO_URL") && set("ODOO_DB") && set("ODOO_USER"))
        || !(set("ODOO_PASSWORD") || set("ODOO_API_KEY"))
    {
        eprintln!(
            "skipped: set ODOO_URL, ODOO_DB, ODOO_USER and ODOO_PASSWORD or ODOO_API_KEY to run \
             the live codegen test"
        );
        return;
    }
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("odoo-codegen-live");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("dir");
    let run = |args: &[&str]| {
        let output = Command::new(env!("CARGO_BIN_EXE_odoo-codegen"))
            .current_dir(&dir)
            .args(args)
            .output()
            .expect("runs");
        assert!(
            output.status.success(),
            "{args:?}: {}\n{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
    };
    run(&["sync", "-m", "res.partner", "--out-dir", "models", "-q"]);
    let schema = odoo_codegen::read_snapshot(&dir.join("odoo-schema.json")).expect("snapshot");
    let partner = schema.model("res.partner").expect("res.partner");
    assert!(partner.fields.contains_key("name"));
    let code = std::fs::read_to_string(dir.join("models/res_partner.rs")).expect("generated");
    assert!(code.contains("pub struct ResPartner"));
    run(&[
        "generate",
        "--check",
        "-m",
        "res.partner",
        "--out-dir",
        "models",
    ]);
    run(&["diff", "odoo-schema.json", "-q"]);
}
