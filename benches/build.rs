//! The generated `res.partner` of the `paging` bench: the recorded Odoo 19 snapshot through the
//! generator, once with its default field choice and once with every field.

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let snapshot = "../generated/fixture-models/schemas/odoo19.json";
    println!("cargo:rerun-if-changed=build.rs");
    let out = std::path::PathBuf::from(std::env::var("OUT_DIR")?);
    // One directory each: a generation removes the generated files it does not write.
    for (file, all) in [
        ("default/bench_models.rs", false),
        ("all/bench_models.rs", true),
    ] {
        let (dir, file) = file.split_once('/').unwrap_or(("", file));
        odoo_codegen::Generator::new()
            .out_dir(out.join(dir))
            .snapshot(snapshot)
            .schema_attr(snapshot)
            .models(["res.partner"])
            .all_fields(all)
            .single_file(file)
            .cargo_messages(false)
            .generate()?;
    }
    println!("cargo:rerun-if-changed={snapshot}");
    Ok(())
}
