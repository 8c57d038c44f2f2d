//! The library API a build script uses: a committed snapshot in, code in `OUT_DIR`, no network.

use std::path::PathBuf;

use odoo_codegen::{Generator, Mismatch};

fn snapshot() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../generated/fixture-models/schemas/odoo19.json")
}

fn scratch(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("odoo-codegen-lib")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

#[test]
fn build_script_style_single_file() {
    let out = scratch("single");
    let report = Generator::new()
        .snapshot(snapshot())
        .models(["res.partner", "sale.*"])
        .single_file("odoo_models.rs")
        .out_dir(&out)
        .cargo_messages(false)
        .generate()
        .expect("generates");
    assert_eq!(report.written, [out.join("odoo_models.rs")]);
    let text = std::fs::read_to_string(out.join("odoo_models.rs")).expect("written");
    syn::parse_file(&text).expect("valid Rust");
    for module in [
        "pub mod res_partner {",
        "pub mod sale_order {",
        "pub mod sale_order_line {",
    ] {
        assert!(text.contains(module), "{module}");
    }
    assert!(!text.contains("pub mod res_users {"));
    // Relations between generated models are typed; to others, by id.
    let flat: String = text.split_whitespace().collect();
    assert!(flat.contains("X2many<super::sale_order_line::SaleOrderLine"));
    assert!(flat.contains("pubuser_id:::std::option::Option<::odoo_core::types::Many2one>,"));

    // A second run writes nothing.
    let again = Generator::new()
        .snapshot(snapshot())
        .models(["res.partner", "sale.*"])
        .single_file("odoo_models.rs")
        .out_dir(&out)
        .cargo_messages(false)
        .generate()
        .expect("generates");
    assert!(again.written.is_empty());
    assert_eq!(again.unchanged.len(), 1);
}

#[test]
fn files_layout_depth_and_check() {
    let out = scratch("files");
    let generator = Generator::new()
        .snapshot(snapshot())
        .models(["sale.order"])
        .depth(1)
        .schema_attr("odoo-schema.json")
        .out_dir(&out)
        .cargo_messages(false);
    let checked = generator.check().expect("checks");
    assert!(checked
        .iter()
        .all(|(_, mismatch)| *mismatch == Mismatch::Missing));
    let report = generator.generate().expect("generates");
    assert!(report.written.contains(&out.join("mod.rs")));
    assert!(
        report.written.contains(&out.join("res_partner.rs")),
        "depth 1 pulls the customer in"
    );
    assert!(generator.check().expect("checks").is_empty());
}

#[test]
fn unknown_models_and_missing_snapshots_are_errors() {
    let error = Generator::new()
        .snapshot(snapshot())
        .models(["sale.ordr"])
        .render()
        .expect_err("unknown model");
    assert!(
        error.to_string().contains("did you mean `sale.order`"),
        "{error}"
    );
    let error = Generator::new()
        .snapshot("no/such/file.json")
        .render()
        .expect_err("no snapshot");
    assert!(error.to_string().contains("no/such/file.json"), "{error}");
    let error = Generator::new()
        .snapshot(snapshot())
        .cargo_messages(false)
        .generate();
    // No out_dir and (in a test) no OUT_DIR: a clear error, unless the harness sets OUT_DIR.
    if std::env::var_os("OUT_DIR").is_none() {
        assert!(error
            .expect_err("no out dir")
            .to_string()
            .contains("out_dir"));
    }
}
