//! The code `odoo-codegen` generates for all 22 models of the recorded Odoo 16, 17, 18 and 19
//! fixtures (`../shared/fixtures/odooNN/fields_get.json` and `ir_model.json`), checked in.
//!
//! `edge` comes from a hand-written snapshot of awkward names, selection keys and types.
//!
//! The normal build compiles it under `#![deny(warnings)]`, with `#[derive(OdooModel)]`
//! checking every struct against the snapshot in `schemas/`. The test
//! `generated_fixture_crate_is_up_to_date` of `odoo-codegen` fails when regenerating gives other
//! code; `UPDATE_EXPECT=1 cargo test -p odoo-codegen --test fixtures` rewrites it.
#![deny(warnings)]

/// Models of Odoo 16.0 (`schemas/odoo16.json`).
#[rustfmt::skip]
pub mod odoo16;
/// Models of Odoo 17.0 (`schemas/odoo17.json`).
#[rustfmt::skip]
pub mod odoo17;
/// Models of Odoo 18.0 (`schemas/odoo18.json`).
#[rustfmt::skip]
pub mod odoo18;
/// Models of Odoo 19.0 (`schemas/odoo19.json`).
#[rustfmt::skip]
pub mod odoo19;
/// Awkward names, selection keys and field types (`schemas/edge.json`, hand-written).
#[rustfmt::skip]
pub mod edge;
