//! The generated `res.partner` of the `paging` bench: the recorded Odoo 16-19 snapshots merged
//! into their union (so that one build reads every version), through the generator, once with
//! its default field choice and once with every field.

const SNAPSHOTS: [&str; 4] = [
    "../generated/fixture-models/schemas/odoo16.json",
    "../generated/fixture-models/schemas/odoo17.json",
    "../generated/fixture-models/schemas/odoo18.json",
    "../generated/fixture-models/schemas/odoo19.json",
];

fn main() -> Result<(), Box<dyn std::error::Error>> {
    println!("cargo:rerun-if-changed=build.rs");
    let out = std::path::PathBuf::from(std::env::var("OUT_DIR")?);
    // One directory each: a generation removes the generated files it does not write.
    for (file, all) in [
        ("default/bench_models.rs", false),
        ("all/bench_models.rs", true),
    ] {
        let (dir, file) = file.split_once('/').unwrap_or(("", file));
        let mut generator = odoo_codegen::Generator::new()
            .out_dir(out.join(dir))
            .snapshots(SNAPSHOTS)
            .union(true)
            .models(["res.partner"])
            .all_fields(all)
            .single_file(file)
            .cargo_messages(false);
        for snapshot in SNAPSHOTS {
            generator = generator.schema_attr(snapshot);
        }
        generator.generate()?;
    }
    for snapshot in SNAPSHOTS {
        println!("cargo:rerun-if-changed={snapshot}");
    }
    Ok(())
}
