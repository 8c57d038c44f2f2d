//! The generated `res.partner` of the `paging` bench: the recorded Odoo 19 snapshot through the
//! generator, once with its default field choice and once with every field.

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let snapshot = "../generated/fixture-models/schemas/odoo19.json";
    println!("cargo:rerun-if-changed=build.rs");
    for (file, all) in [("bench_models.rs", false), ("bench_models_all.rs", true)] {
        odoo_codegen::Generator::new()
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
