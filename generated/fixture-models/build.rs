//! Generates the `edge` models a second time, the way a project's build script does: from the
//! committed snapshot into `OUT_DIR`, without network (see `edge_from_build_script` in lib.rs).

fn main() -> Result<(), Box<dyn std::error::Error>> {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=schemas/edge.json");
    odoo_codegen::Generator::new()
        .snapshot("schemas/edge.json")
        .schema_attr("schemas/edge.json")
        .all_fields(true)
        .single_file("edge_models.rs")
        // The unknown field type of the snapshot is deliberate: no cargo:warning for it.
        .cargo_messages(false)
        .generate()?;
    Ok(())
}
