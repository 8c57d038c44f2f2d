//! The code `odoo-codegen` generates for `res.partner` and `sale.order` of the recorded Odoo 19
//! fixtures with their typed method calls (`schemas/odoo19-methods.json`: the 19 fixtures with
//! the methods of the two models' API documentation pages), checked in.
//!
//! The normal build compiles it under `#![deny(warnings)]`, with `#[derive(OdooModel)]`
//! checking every struct against the snapshot. The test `generated_fixture_crate_is_up_to_date`
//! of `odoo-codegen` fails when regenerating gives other code;
//! `UPDATE_EXPECT=1 cargo test -p odoo-codegen --test fixtures` rewrites it. What the calls
//! refuse at compile time is tested in `ui-tests` (`ui/methods`).
#![deny(warnings)]

/// `res.partner` and `sale.order` of Odoo 19.0 with their typed method calls.
#[rustfmt::skip]
pub mod odoo19_methods;
