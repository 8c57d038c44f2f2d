//! Generates `sale.order`, `stock.picking` and the backorder wizard of the Odoo 16, 17, 18 and
//! 19 snapshots of the examples (`examples/schemas`) merged into their union, with the typed
//! business methods of each version's table, into `OUT_DIR`: the calls of 16-18 that no server
//! documents, for `ui-tests` and the README.

const SNAPSHOTS: [&str; 4] = [
    "../../examples/schemas/odoo16.json",
    "../../examples/schemas/odoo17.json",
    "../../examples/schemas/odoo18.json",
    "../../examples/schemas/odoo19.json",
];

fn main() -> Result<(), Box<dyn std::error::Error>> {
    println!("cargo:rerun-if-changed=build.rs");
    let mut generator = odoo_codegen::Generator::new()
        .snapshots(SNAPSHOTS)
        .union(true)
        .models([
            "sale.order",
            "stock.picking",
            "stock.backorder.confirmation",
        ])
        .transient(true)
        .single_file("union_methods.rs")
        .cargo_messages(false);
    for snapshot in SNAPSHOTS {
        println!("cargo:rerun-if-changed={snapshot}");
        generator = generator.schema_attr(snapshot);
    }
    generator.generate()?;
    Ok(())
}
