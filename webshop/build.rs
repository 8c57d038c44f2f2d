//! Generates the models the integration uses from the snapshots of Odoo 16 to 19 in
//! `schemas/` (taken with `odoo-codegen snapshot`), merged into their union, as a project's
//! build script does.

const SNAPSHOTS: [&str; 4] = [
    "schemas/odoo16.json",
    "schemas/odoo17.json",
    "schemas/odoo18.json",
    "schemas/odoo19.json",
];

fn main() -> Result<(), Box<dyn std::error::Error>> {
    println!("cargo:rerun-if-changed=build.rs");
    let mut generator = odoo_codegen::Generator::new()
        .snapshots(SNAPSHOTS)
        .union(true)
        .transient(true)
        .single_file("models.rs")
        .cargo_messages(false);
    for snapshot in SNAPSHOTS {
        println!("cargo:rerun-if-changed={snapshot}");
        generator = generator.schema_attr(snapshot);
    }
    generator.generate()?;
    Ok(())
}
