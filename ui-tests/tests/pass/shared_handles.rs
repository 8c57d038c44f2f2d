use odoo_core::{Client, Model, OdooModel, Values};

// Checked against odoo16-mini.json and odoo19-mini.json (the attribute names both).
#[derive(Debug, OdooModel)]
#[odoo(
    model = "stock.move",
    schema = ["ui/snapshots/odoo16-mini.json", "ui/snapshots/odoo19-mini.json"],
    handles { pub reference: Option<String> }
)]
pub struct Move {
    pub id: i64,
    pub name: String,
    pub product_uom_qty: f64,
    // On 16 only, on 19 only: read where the server has them, `None` elsewhere.
    #[odoo(until = 16)]
    pub quantity_done: Option<f64>,
    #[odoo(since = 19)]
    pub quantity: Option<f64>,
}

/// Reads the name only, and filters, sorts and writes with the handles of `Move`, those of
/// fields it does not read included.
#[derive(Debug, OdooModel)]
#[odoo(
    model = "stock.move",
    fields = Move,
    schema = ["ui/snapshots/odoo16-mini.json", "ui/snapshots/odoo19-mini.json"]
)]
pub struct MoveName {
    pub id: i64,
    pub name: String,
}

/// Compiled, not run: typed calls of the narrow struct with the shared handles.
#[allow(dead_code)]
async fn calls(client: &Client) -> odoo_core::Result<()> {
    let f = MoveName::fields();
    let moves = client.model::<MoveName>();
    let found: Vec<MoveName> = moves
        .search(f.reference.ilike("WH/OUT") & f.product_uom_qty.gt(1.0))
        .order(f.quantity_done.desc())
        .fetch()
        .await?;
    let values = if client.has(&f.quantity_done) {
        Values::new().set(&f.quantity_done, 1.0)
    } else {
        Values::new().set(&f.quantity, 1.0)
    };
    moves.write(&[found[0].id], &values).await?;
    let _: (String, Option<f64>) = client.get_fields(7, (&f.name, &f.quantity)).await?;
    Ok(())
}

pub fn main() {
    let f = MoveName::fields();
    assert_eq!(f.reference.name(), "reference");
    assert_eq!(MoveName::field_names(), ["name"]);
    assert!(Move::field_names().contains(&"quantity_done"));
    assert!(!Move::field_names().contains(&"reference"));
    assert_eq!(f.quantity_done.versions(), odoo_core::Versions::until(16));
    assert_eq!(f.quantity.versions(), odoo_core::Versions::since(19));
    let domain = f.reference.eq("WH/OUT/0001") & f.quantity.gt(0.0);
    assert_eq!(
        domain.to_value().to_string(),
        r#"["&",["reference","=","WH/OUT/0001"],["quantity",">",0.0]]"#
    );
}
