//! Generated code for the recorded Odoo 16-19 fixtures, compared with checked-in files.
//!
//! - `tests/expected/odooNN/`: `res.partner`, `sale.order` and `product.template` generated on
//!   their own (relations to other models stay typed by id).
//! - `tests/expected/odoo19-methods/`: `res.partner` and `sale.order` of the 19 fixtures with
//!   their typed method calls, from their API documentation pages: the recorded
//!   `doc_bearer_res_partner` answer, and `tests/doc_bearer/sale_order.json` (the
//!   `/doc-bearer/sale.order.json` page of an Odoo 19 with the same modules, which the
//!   recordings lack).
//! - `../generated/fixture-models/`: all 22 models of each fixture, a workspace crate compiled
//!   under `#![deny(warnings)]`, with the snapshots it was generated from in `schemas/`.
//! - `../generated/method-models/`: in `odoo19_methods` the two models with methods
//!   (`schemas/odoo19-methods.json`), a crate of their own so that compile-time tests of the
//!   calls build two models only.
//!
//! Run with `UPDATE_EXPECT=1` to rewrite the checked-in files after a deliberate change.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use odoo_codegen::schema::api_doc::ApiDocPage;
use odoo_codegen::{check_files, render, write_files, Layout, RenderOptions, Schema};
use serde_json::Value;

const VERSIONS: [&str; 4] = ["odoo16", "odoo17", "odoo18", "odoo19"];
const SAMPLE_MODELS: [&str; 3] = ["product.template", "res.partner", "sale.order"];

fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn generated_crate() -> PathBuf {
    manifest_dir().join("../generated/fixture-models")
}

/// The crate of the two models with typed method calls.
fn method_crate() -> PathBuf {
    manifest_dir().join("../generated/method-models")
}

/// The checked-in crate that holds the code of `version`'s snapshot.
fn crate_of(version: &str) -> PathBuf {
    if version == "odoo19-methods" {
        method_crate()
    } else {
        generated_crate()
    }
}

/// The recorded fixtures: `ODOO_FIXTURES`, else `../shared/fixtures` beside the workspace.
/// Missing fixtures skip the test with a message, and fail it under CI.
#[track_caller]
fn fixtures() -> Option<PathBuf> {
    odoo_test_support::fixtures_or_skip()
}

fn load(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The snapshot `odoo-codegen snapshot` takes of the recorded server: its `fields_get` and
/// `ir.model` answers, and the `server_version` of its `common.version` answer.
fn fixture_schema(fixtures: &Path, version: &str) -> Schema {
    let dir = fixtures.join(version);
    let transcript = load(&dir.join("transcripts/jsonrpc_common_version.json"));
    let body: Value = serde_json::from_str(
        transcript["response"]["body"]
            .as_str()
            .expect("response body text"),
    )
    .expect("body is JSON");
    let server_version = body["result"]["server_version"]
        .as_str()
        .expect("server_version")
        .to_owned();
    Schema::from_fields_get(
        Some(server_version),
        &load(&dir.join("fields_get.json")),
        Some(&load(&dir.join("ir_model.json"))),
    )
    .expect("fixture snapshot builds")
}

/// The models of the 19 fixtures whose API documentation pages are at hand, with their
/// methods: the snapshot `snapshot -m res.partner -m sale.order --methods` takes.
fn methods_schema(fixtures: &Path) -> Schema {
    let mut schema = fixture_schema(fixtures, "odoo19");
    let pages = api_doc_pages(&fixtures.join("odoo19"));
    schema
        .models
        .retain(|name, _| pages.iter().any(|(model, _)| model == name));
    for (model, page) in pages {
        let methods = ApiDocPage::from_json(&page)
            .expect("API documentation page")
            .methods;
        schema
            .models
            .get_mut(model)
            .expect("documented model")
            .methods = methods;
    }
    schema
}

/// The API documentation pages of Odoo 19 (`/doc-bearer/<model>.json`) the snapshot takes the
/// methods of `res.partner` and `sale.order` from, as text (their parameters are ordered).
fn api_doc_pages(dir: &Path) -> [(&'static str, String); 2] {
    let transcript = load(&dir.join("transcripts/doc_bearer_res_partner.json"));
    let partner = transcript["response"]["body"]
        .as_str()
        .expect("response body text")
        .to_owned();
    let order_path = manifest_dir().join("tests/doc_bearer/sale_order.json");
    let order = std::fs::read_to_string(&order_path)
        .unwrap_or_else(|e| panic!("{}: {e}", order_path.display()));
    [("res.partner", partner), ("sale.order", order)]
}

fn updating() -> bool {
    std::env::var_os("UPDATE_EXPECT").is_some()
}

/// Compares (or, when updating, writes) `rendered` against `dir`.
fn compare(dir: &Path, rendered: &odoo_codegen::Rendered) {
    if updating() {
        write_files(dir, rendered).expect("writes");
        return;
    }
    let mismatches = check_files(dir, rendered).expect("compares");
    assert!(
        mismatches.is_empty(),
        "generated code differs from the checked-in files (rerun with UPDATE_EXPECT=1 if the \
         change is intended): {mismatches:?}"
    );
}

#[test]
fn sample_models_of_every_fixture_version_match_the_expected_files() {
    let Some(fixtures) = fixtures() else { return };
    let models: BTreeSet<String> = SAMPLE_MODELS.iter().map(|m| (*m).to_owned()).collect();
    for version in VERSIONS {
        let schema = fixture_schema(&fixtures, version);
        let rendered = render(&schema, &models, &RenderOptions::default()).expect("renders");
        assert!(rendered.warnings.is_empty(), "{:?}", rendered.warnings);
        let names: Vec<String> = rendered
            .files
            .iter()
            .map(|file| file.path.display().to_string())
            .collect();
        assert_eq!(
            names,
            [
                "mod.rs",
                "product_template.rs",
                "res_partner.rs",
                "sale_order.rs"
            ]
        );
        compare(
            &manifest_dir().join("tests/expected").join(version),
            &rendered,
        );
    }
}

/// Typed method calls: `res.partner` and `sale.order` of the 19 fixtures with their methods,
/// default field choice.
#[test]
fn models_with_methods_match_the_expected_files() {
    let Some(fixtures) = fixtures() else { return };
    let schema = methods_schema(&fixtures);
    let models: BTreeSet<String> = schema.models.keys().cloned().collect();
    let rendered = render(&schema, &models, &RenderOptions::default()).expect("renders");
    assert!(rendered.warnings.is_empty(), "{:?}", rendered.warnings);
    let partner = &rendered.files[1].contents;
    for expected in [
        "pub struct ResPartnerMethods {",
        "pub fn message_post(&self, ids: &[i64]) -> methods::MessagePost {",
        "pub fn find_or_create(&self, email: &str) -> methods::FindOrCreate {",
        "pub fn default(self, default: ::odoo_core::Values<super::ResPartner>) -> Self {",
    ] {
        assert!(partner.contains(expected), "missing `{expected}`");
    }
    compare(
        &manifest_dir().join("tests/expected/odoo19-methods"),
        &rendered,
    );
    // The same struct and enums as without methods, to the byte; the calls after them.
    let fields_only = fixture_schema(&fixtures, "odoo19");
    let without = render(&fields_only, &models, &RenderOptions::default()).expect("renders");
    assert!(partner.starts_with(&without.files[1].contents));
}

#[test]
fn checked_in_snapshots_are_those_of_the_fixtures() {
    let Some(fixtures) = fixtures() else { return };
    for version in VERSIONS {
        let schema = fixture_schema(&fixtures, version);
        assert_eq!(schema.models.len(), 22, "{version}");
        let path = generated_crate().join(format!("schemas/{version}.json"));
        if updating() {
            odoo_codegen::write_snapshot(&path, &schema).expect("writes");
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("checked-in snapshot");
        assert!(
            text == schema.to_json(),
            "{} is not the snapshot of the {version} fixtures (rerun with UPDATE_EXPECT=1)",
            path.display()
        );
    }
    let schema = methods_schema(&fixtures);
    let path = method_crate().join("schemas/odoo19-methods.json");
    if updating() {
        odoo_codegen::write_snapshot(&path, &schema).expect("writes");
        return;
    }
    let text = std::fs::read_to_string(&path).expect("checked-in snapshot");
    assert!(
        text == schema.to_json(),
        "{} is stale (UPDATE_EXPECT=1)",
        path.display()
    );
}

/// One build for Odoo 16 to 19: the fields the four fixture snapshots have in common, with the
/// default field choice, checked by the derive against each of the four snapshots. `merge` of
/// the checked-in snapshots gives the checked-in `schemas/common.json`.
#[test]
fn common_models_of_the_four_versions_are_up_to_date() {
    let paths: Vec<PathBuf> = VERSIONS
        .iter()
        .map(|version| generated_crate().join(format!("schemas/{version}.json")))
        .collect();
    let merged = odoo_codegen::merge_snapshots(&paths).expect("merges");
    assert_eq!(merged.schema.models.len(), 22);
    assert_eq!(
        merged.schema.server_version.as_deref(),
        Some("16.0-20240327, 17.0-20240709, 18.0, 19.0")
    );
    // stock.move: `quantity_done` on 16 only, `picked` from 17.
    let dropped: Vec<String> = merged.dropped.iter().map(ToString::to_string).collect();
    assert!(
        dropped
            .iter()
            .any(|d| d.starts_with("stock.move.quantity_done: not in 17.0")),
        "{dropped:?}"
    );
    assert!(
        dropped
            .iter()
            .any(|d| d.starts_with("stock.move.picked: not in 16.0")),
        "{dropped:?}"
    );
    let common = generated_crate().join("schemas/common.json");
    if updating() {
        odoo_codegen::write_snapshot(&common, &merged.schema).expect("writes");
    } else {
        let text = std::fs::read_to_string(&common).expect("checked-in common snapshot");
        assert!(
            text == merged.schema.to_json(),
            "{} is stale (UPDATE_EXPECT=1)",
            common.display()
        );
    }
    let mut generator = odoo_codegen::Generator::new().snapshots(paths);
    for version in VERSIONS {
        generator = generator.schema_attr(format!("schemas/{version}.json"));
    }
    let rendered = generator.render().expect("renders");
    compare(&generated_crate().join("src/common"), &rendered);
}

/// The progenitor/typify way: the checked-in generated crate is what the generator gives for
/// the checked-in snapshots, byte for byte. Needs no fixtures.
#[test]
fn generated_fixture_crate_is_up_to_date() {
    // `edge` is a hand-written snapshot of awkward names, keys and types; `odoo19-methods`
    // the two 19 models with methods, in module `odoo19_methods` of `method-models`.
    for version in VERSIONS.into_iter().chain(["edge", "odoo19-methods"]) {
        let snapshot = crate_of(version).join(format!("schemas/{version}.json"));
        if updating() && !snapshot.exists() {
            // Written by `checked_in_snapshots_are_those_of_the_fixtures`; run again.
            continue;
        }
        let schema = odoo_codegen::read_snapshot(&snapshot).expect("checked-in snapshot");
        let models: BTreeSet<String> = schema.models.keys().cloned().collect();
        // Every field that round-trips, costly ones too: the crate compiles each field kind
        // of the real schemas through the derive's checks.
        let options = RenderOptions {
            schema_attr: vec![format!("schemas/{version}.json")],
            layout: Layout::Files,
            fields: odoo_codegen::FieldChoice {
                all: true,
                ..Default::default()
            },
        };
        let rendered = render(&schema, &models, &options).expect("renders");
        if version == "edge" {
            assert_eq!(
                rendered.warnings,
                [
                    "x.edge.case.gadget: unknown field type `gadget`, generated as \
                  Option<odoo_core::Value>"
                ]
            );
        } else if version == "odoo19-methods" {
            assert_eq!(rendered.files.len(), 3, "2 models and mod.rs");
        } else {
            assert_eq!(rendered.files.len(), 23, "22 models and mod.rs");
            assert!(rendered.warnings.is_empty(), "{:?}", rendered.warnings);
        }
        let module = version.replace('-', "_");
        compare(&crate_of(version).join("src").join(module), &rendered);
    }
}
