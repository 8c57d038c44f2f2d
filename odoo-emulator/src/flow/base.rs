//! The records a database with sales, inventory and invoicing has from its installation: a
//! company, a unit of measure, a warehouse with its locations and picking types. Each is
//! seeded when the schema has its model and the store has no record of it.

use serde_json::{json, Value};

use super::lookup::{self, first, has_field};
use crate::Feature;
use crate::{EmulatorError, Store};

/// Seeds what the store lacks, with external IDs.
pub(crate) fn seed(store: &mut Store) -> Result<(), EmulatorError> {
    seed_one(
        store,
        "res.company",
        "base.main_company",
        json!({"name": "YourCompany"}),
    )?;
    seed_one(
        store,
        "uom.uom",
        "uom.product_uom_unit",
        json!({"name": "Units"}),
    )?;
    if store.schema().model("stock.location").is_some() && store.ids("stock.location").is_empty() {
        seed_locations(store)?;
    }
    let stock = first(store, "stock.location", json!([["usage", "=", "internal"]]));
    if store.schema().model("stock.warehouse").is_some() && store.ids("stock.warehouse").is_empty()
    {
        let view = first(
            store,
            "stock.location",
            json!([["usage", "=", "view"], ["name", "=", "WH"]]),
        );
        let vals = json!({"name": "YourCompany", "display_name": "YourCompany", "code": "WH",
                          "lot_stock_id": stock, "view_location_id": view});
        seed_one(store, "stock.warehouse", "stock.warehouse0", vals)?;
    }
    if store.schema().model("stock.picking.type").is_some()
        && store.ids("stock.picking.type").is_empty()
    {
        seed_picking_types(store, stock)?;
    }
    Ok(())
}

/// Inserts one record with an external ID, when the model is there and has no record.
fn seed_one(
    store: &mut Store,
    model: &str,
    xmlid: &str,
    vals: Value,
) -> Result<Option<i64>, EmulatorError> {
    if store.schema().model(model).is_none() || !store.ids(model).is_empty() {
        return Ok(None);
    }
    let id = lookup::insert(store, model, vals)?;
    store.set_xmlid(xmlid, model, id, true);
    Ok(Some(id))
}

/// A location: its name, full name, usage, parent and external ID.
fn location(
    store: &mut Store,
    (name, complete, usage): (&str, &str, &str),
    parent: Option<i64>,
    xmlid: Option<&str>,
) -> Result<i64, EmulatorError> {
    let vals = json!({"name": name, "complete_name": complete, "display_name": complete,
                      "usage": usage, "location_id": parent, "active": true});
    let id = lookup::insert(store, "stock.location", vals)?;
    if let Some(xmlid) = xmlid {
        store.set_xmlid(xmlid, "stock.location", id, true);
    }
    Ok(id)
}

/// The locations of a new database: the views, the warehouse's stock, customers, vendors and
/// the inventory adjustment (the partner and virtual ones under views up to 18).
fn seed_locations(store: &mut Store) -> Result<(), EmulatorError> {
    let nested = store.version().has(Feature::NestedStockLocations);
    let physical = location(
        store,
        ("Physical Locations", "Physical Locations", "view"),
        None,
        Some("stock.stock_location_locations"),
    )?;
    let (partners, virtual_root) = if nested {
        let partners = location(
            store,
            ("Partners", "Partners", "view"),
            None,
            Some("stock.stock_location_locations_partner"),
        )?;
        let virtual_root = location(
            store,
            ("Virtual Locations", "Virtual Locations", "view"),
            None,
            Some("stock.stock_location_locations_virtual"),
        )?;
        (Some(partners), Some(virtual_root))
    } else {
        (None, None)
    };
    let under = |root: &str, name: &str| {
        if nested {
            format!("{root}/{name}")
        } else {
            name.to_owned()
        }
    };
    let customers = under("Partners", "Customers");
    location(
        store,
        ("Customers", &customers, "customer"),
        partners,
        Some("stock.stock_location_customers"),
    )?;
    let vendors = under("Partners", "Vendors");
    location(
        store,
        ("Vendors", &vendors, "supplier"),
        partners,
        Some("stock.stock_location_suppliers"),
    )?;
    let adjustment = under("Virtual Locations", "Inventory adjustment");
    location(
        store,
        ("Inventory adjustment", &adjustment, "inventory"),
        virtual_root,
        None,
    )?;
    let warehouse = location(store, ("WH", "WH", "view"), Some(physical), None)?;
    location(
        store,
        ("Stock", "WH/Stock", "internal"),
        Some(warehouse),
        Some("stock.stock_location_stock"),
    )?;
    Ok(())
}

/// The receipts and delivery orders of the warehouse.
fn seed_picking_types(store: &mut Store, stock: Option<i64>) -> Result<(), EmulatorError> {
    let warehouse = first(store, "stock.warehouse", json!([]));
    let prefix = warehouse
        .map(|w| store.display_name("stock.warehouse", w))
        .unwrap_or_else(|| "YourCompany".to_owned());
    let vendors = first(store, "stock.location", json!([["usage", "=", "supplier"]]));
    let customers = first(store, "stock.location", json!([["usage", "=", "customer"]]));
    let types = [
        (
            "Receipts",
            "incoming",
            "IN",
            vendors,
            stock,
            "stock.picking_type_in",
            "in_type_id",
        ),
        (
            "Delivery Orders",
            "outgoing",
            "OUT",
            stock,
            customers,
            "stock.picking_type_out",
            "out_type_id",
        ),
    ];
    for (name, code, sequence, source, destination, xmlid, warehouse_field) in types {
        let vals = json!({"name": name, "display_name": format!("{prefix}: {name}"), "code": code,
                          "sequence_code": sequence, "warehouse_id": warehouse, "active": true,
                          "default_location_src_id": source, "default_location_dest_id": destination});
        let id = lookup::insert(store, "stock.picking.type", vals)?;
        store.set_xmlid(xmlid, "stock.picking.type", id, true);
        if let Some(w) = warehouse.filter(|_| has_field(store, "stock.warehouse", warehouse_field))
        {
            lookup::write(
                store,
                "stock.warehouse",
                &[w],
                json!({ warehouse_field: id }),
            )?;
        }
    }
    Ok(())
}
