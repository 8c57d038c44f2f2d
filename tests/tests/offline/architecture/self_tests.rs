//! The checks of this test, each shown to find what it checks: an upward import through a
//! crate-root re-export, a long function that names `quote!` without being a template, layer
//! breaks in `odoo-codegen` and `odoo-emulator`, a cycle between files.

use std::collections::BTreeMap;

use super::*;

fn owned_lines(text: &str) -> Vec<String> {
    text.lines().map(str::to_owned).collect()
}

#[test]
fn the_checks_see_what_they_check() {
    let lines = owned_lines("pub(crate) async fn a(\n    x: u8,\n) {\n    body();\n}\nfn b() {}\n");
    assert_eq!(functions(&lines), vec![("a".to_owned(), 5, false)]);
    let named: Vec<String> = crate_paths("use crate::{error::Error, wire::Answer};")
        .into_iter()
        .map(|(_, name)| name)
        .collect();
    assert_eq!(named, vec!["error", "wire"]);
    assert_eq!(
        crate_paths(&code_only(&owned_lines("// crate::client"))),
        vec![]
    );
    assert_eq!(layer_of(CORE_LAYERS, "client"), Some(1));
}

/// A crate root in the shape of `odoo-core`'s: modules, re-exports, one of another crate.
const ROOT: &str = "mod client;\npub mod wire;\nmod error;\n\npub use client::{\n    Client, ClientBuilder,\n};\npub use error::{Error, Result};\npub use serde_json::{json, Value};\npub use odoo_schema as schema;\n";

/// The upward uses the layer check finds in a file of `wire/` holding `source`.
fn upward_in_wire(source: &str) -> Vec<String> {
    let mut findings = LayerFindings::default();
    let root = Root::parse(ROOT);
    let lines = owned_lines(source);
    check_layers(
        CORE_LAYERS,
        &root,
        "wire/x.rs",
        "wire",
        &lines,
        &mut findings,
    );
    assert!(findings.unknown.is_empty(), "{:?}", findings.unknown);
    findings.upward
}

#[test]
fn a_name_imported_from_the_crate_root_is_checked_in_its_module() {
    for source in [
        "use crate::{Client};",
        "use crate::Client;",
        "use crate::{error::Error, ClientBuilder};",
        "use crate::{\n    error::Error,\n    Client,\n};",
        "fn f(client: &crate::Client) {}",
    ] {
        let upward = upward_in_wire(source);
        assert_eq!(upward.len(), 1, "{source}: {upward:?}");
        assert!(upward[0].contains("in `client` (client)"), "{upward:?}");
    }
    for source in [
        "use crate::{Error, Result};",
        "use crate::{json, schema::Schema};",
        "// use crate::Client;",
        "use crate::wire::Answer;",
    ] {
        assert_eq!(upward_in_wire(source), Vec::<String>::new(), "{source}");
    }
    let mut findings = LayerFindings::default();
    let lines = owned_lines("use crate::{Unheard};");
    check_layers(
        CORE_LAYERS,
        &Root::parse(ROOT),
        "wire/x.rs",
        "wire",
        &lines,
        &mut findings,
    );
    assert_eq!(findings.unknown, vec!["Unheard"]);
}

#[test]
fn the_crate_root_maps_its_re_exports_to_their_modules() {
    let root = Root::parse(ROOT);
    assert_eq!(root.module_named("Client"), Ok(Some("client".to_owned())));
    assert_eq!(
        root.module_named("ClientBuilder"),
        Ok(Some("client".to_owned()))
    );
    assert_eq!(root.module_named("Result"), Ok(Some("error".to_owned())));
    assert_eq!(root.module_named("wire"), Ok(Some("wire".to_owned())));
    assert_eq!(root.module_named("json"), Ok(None));
    assert_eq!(root.module_named("schema"), Ok(None));
    assert_eq!(root.module_named("Missing"), Err(()));
    let codegen = Root::parse("pub mod render;\npub use crate::render::{render, Layout};\npub use odoo_schema::{self as schema, Schema};\npub enum Error {}\npub fn read_snapshot() {}\n");
    assert_eq!(
        codegen.module_named("Layout"),
        Ok(Some("render".to_owned()))
    );
    assert_eq!(codegen.module_named("schema"), Ok(None));
    assert_eq!(codegen.module_named("Error"), Ok(Some("lib".to_owned())));
    assert_eq!(
        codegen.module_named("read_snapshot"),
        Ok(Some("lib".to_owned()))
    );
}

#[test]
fn the_real_crate_root_resolves_a_re_export_to_a_higher_layer() {
    let src = workspace().join("odoo-core/src");
    let lib = fs::read_to_string(src.join("lib.rs")).expect("readable crate root");
    let root = Root::parse(&library_lines(&src.join("lib.rs"), &lib).join("\n"));
    let mut findings = LayerFindings::default();
    let lines = owned_lines("use crate::{Client, Error};\nuse crate::ModelClient;\n");
    check_layers(
        CORE_LAYERS,
        &root,
        "wire/x.rs",
        "wire",
        &lines,
        &mut findings,
    );
    assert_eq!(findings.upward.len(), 2, "{:?}", findings.upward);
    assert!(findings.upward[0].contains("`crate::Client` in `client`"));
    assert!(findings.upward[1].contains("`crate::ModelClient` in `model_client` (typed layer)"));
}

/// A function of `length` lines whose body lines are `line`, with `extra` in the middle.
fn long_function(length: usize, line: &str, extra: &str) -> Vec<String> {
    let mut lines = vec!["fn long() -> TokenStream {".to_owned()];
    for n in 0..length - 2 {
        lines.push(if n == length / 2 {
            extra.to_owned()
        } else {
            format!("    {line}")
        });
    }
    lines.push("}".to_owned());
    lines
}

#[test]
fn only_a_quote_template_may_be_long() {
    let parse_quote = long_function(101, "let x = 1;", "    let t: Type = parse_quote!(u8);");
    let mut too_long = BTreeMap::new();
    size_findings("odoo-derive/src/x.rs", &parse_quote, &mut too_long);
    assert_eq!(
        too_long.keys().collect::<Vec<_>>(),
        ["odoo-derive/src/x.rs: fn long"]
    );

    let mentioned = long_function(101, "let x = 1;", "    let t = quote! { u8 };");
    let mut too_long = BTreeMap::new();
    size_findings("odoo-derive/src/x.rs", &mentioned, &mut too_long);
    assert_eq!(too_long.len(), 1, "one short quote! makes no template");

    let mut template = owned_lines("fn template() -> TokenStream {\n    quote! {\n");
    template.extend((0..97).map(|n| format!("        fn f{n}(&self) -> u8 {{ '}}' as u8 }}")));
    template.extend(owned_lines("    }\n}"));
    assert_eq!(template.len(), 101);
    assert_eq!(
        functions(&template),
        vec![("template".to_owned(), 101, true)]
    );
    let mut too_long = BTreeMap::new();
    size_findings("odoo-derive/src/x.rs", &template, &mut too_long);
    assert!(too_long.is_empty(), "{too_long:?}");
}

#[test]
fn a_library_file_that_includes_the_binary_is_seen() {
    assert!(reaches_into_bin(
        "#[path = \"bin/odoo-codegen/args.rs\"]\nmod args;"
    ));
    assert!(reaches_into_bin("include!(\"bin/odoo-codegen/live.rs\");"));
    assert!(!reaches_into_bin(
        "// #[path = \"bin/x.rs\"]\nuse crate::render;"
    ));
}

/// The upward uses the layer check finds in a file of `module` of `krate` holding `source`,
/// against the crate's real root.
fn upward_in(krate: &str, layers: Layers, module: &str, source: &str) -> Vec<String> {
    let src = workspace().join(krate).join("src");
    let lib = fs::read_to_string(src.join("lib.rs")).expect("readable crate root");
    let root = Root::parse(&library_lines(&src.join("lib.rs"), &lib).join("\n"));
    let mut findings = LayerFindings::default();
    let lines = owned_lines(source);
    check_layers(layers, &root, "x.rs", module, &lines, &mut findings);
    assert!(findings.unknown.is_empty(), "{:?}", findings.unknown);
    findings.upward
}

#[test]
fn a_codegen_layer_break_is_seen() {
    let upward = upward_in(
        "odoo-codegen",
        CODEGEN_LAYERS,
        "plan",
        "use crate::Generator;",
    );
    assert_eq!(upward.len(), 1, "{upward:?}");
    assert!(
        upward[0].contains("in `generator` (generation)"),
        "{upward:?}"
    );
    let upward = upward_in(
        "odoo-codegen",
        CODEGEN_LAYERS,
        "plan",
        "use crate::render::Rendered;",
    );
    assert!(
        upward.is_empty(),
        "plan and render share a layer: {upward:?}"
    );
    let upward = upward_in(
        "odoo-codegen",
        CODEGEN_LAYERS,
        "options",
        "use crate::plan::Plan;",
    );
    assert_eq!(
        upward.len(),
        1,
        "the settings sit below the plan: {upward:?}"
    );
    let upward = upward_in(
        "odoo-codegen",
        CODEGEN_LAYERS,
        "select",
        "fn f() { crate::introspect::x() }",
    );
    assert_eq!(upward.len(), 1, "{upward:?}");
}

#[test]
fn an_emulator_layer_break_is_seen() {
    for (module, source, target) in [
        ("store", "use crate::{EmulatorBuilder, Store};", "builder"),
        (
            "store",
            "use crate::{\n    error::EmulatorError,\n    HandlerCall,\n};",
            "handler",
        ),
        ("orm", "fn f(x: crate::server::Route) {}", "server"),
        ("error", "use crate::Store;", "store"),
    ] {
        let upward = upward_in("odoo-emulator", EMULATOR_LAYERS, module, source);
        if target == "handler" {
            assert!(
                upward.is_empty(),
                "handler shares the records' layer: {upward:?}"
            );
            continue;
        }
        assert_eq!(upward.len(), 1, "{source}: {upward:?}");
        assert!(upward[0].contains(&format!("in `{target}`")), "{upward:?}");
    }
    let upward = upward_in(
        "odoo-emulator",
        EMULATOR_LAYERS,
        "orm",
        "use crate::{HandlerCall, Shared};",
    );
    assert!(
        upward.is_empty(),
        "a private import of the root is placed: {upward:?}"
    );
}

#[test]
fn a_derive_layer_break_is_seen() {
    let upward = upward_in(
        "odoo-derive",
        DERIVE_LAYERS,
        "methods",
        "use crate::model::Model;",
    );
    assert_eq!(upward.len(), 1, "{upward:?}");
    assert!(
        upward[0].contains("in `model` (model reading)"),
        "{upward:?}"
    );
}

#[test]
fn a_long_function_naming_quote_in_a_string_is_no_template() {
    let mut lines = owned_lines("fn long() -> String {\n    let text = \"quote! {");
    lines.extend((0..97).map(|n| format!("        line {n}")));
    lines.extend(owned_lines("    }\";\n}"));
    assert_eq!(lines.len(), 101);
    let mut too_long = BTreeMap::new();
    size_findings("odoo-codegen/src/x.rs", &lines, &mut too_long);
    assert_eq!(
        too_long.keys().collect::<Vec<_>>(),
        ["odoo-codegen/src/x.rs: fn long"]
    );
    let mut commented = owned_lines("fn long() {\n    // quote! {");
    commented.extend((0..98).map(|n| format!("    // {n}")));
    commented.push("}".to_owned());
    assert_eq!(functions(&commented), vec![("long".to_owned(), 101, false)]);
}

/// The file cycles of a crate whose files (module path, source) are `sources`.
fn cycles_of(sources: &[(&str, &str)]) -> Vec<Vec<String>> {
    let mut graph = files::FileGraph::default();
    for (module, source) in sources {
        let path = module
            .split('/')
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect();
        graph.add(path, &owned_lines(source));
    }
    files::cycles(&graph.edges())
}

#[test]
fn a_cycle_between_files_is_seen() {
    let pair = cycles_of(&[
        ("", "mod a;\nmod b;"),
        ("a", "use crate::b::B;\npub struct A;"),
        ("b", "pub struct B;\nfn f() { crate::a::A; }"),
    ]);
    assert_eq!(pair, vec![vec!["a".to_owned(), "b".to_owned()]]);
    let through_parent = cycles_of(&[
        ("", "mod a;\nmod c;"),
        ("a", "mod b;\npub struct A;\nfn f() { b::g() }"),
        ("a/b", "use super::A;\npub fn g() {}"),
        ("c", "use crate::a::A;"),
    ]);
    assert_eq!(through_parent, vec![vec!["a".to_owned(), "a/b".to_owned()]]);
    let three = cycles_of(&[
        ("", "pub use a::A;\nmod a;\nmod b;\nmod c;"),
        ("a", "use crate::b::B;\npub struct A;"),
        ("b", "use crate::{c::C, x::Y};\npub struct B;"),
        ("c", "use crate::A;\npub struct C;"),
    ]);
    assert_eq!(
        three,
        vec![vec!["a".to_owned(), "b".to_owned(), "c".to_owned()]]
    );
    let (new, gone) = super::unknown_cycles("odoo-codegen", &three);
    assert_eq!(new, vec!["a -> b -> c"]);
    let known = super::KNOWN_CYCLES
        .iter()
        .filter(|(krate, _)| *krate == "odoo-codegen")
        .count();
    assert_eq!(
        gone.len(),
        known,
        "no known cycle is in these files: {gone:?}"
    );
}

#[test]
fn re_exports_and_strings_make_no_cycle() {
    let none = cycles_of(&[
        ("", "mod a;\nmod b;\npub use a::A;\npub use b::B;"),
        (
            "a",
            "use crate::B;\npub struct A;\nconst S: &str = \"crate::a::A\";",
        ),
        ("b", "// use crate::A;\npub struct B;"),
    ]);
    assert_eq!(none, Vec::<Vec<String>>::new());
    let facade = cycles_of(&[
        ("", "mod a;"),
        ("a", "mod b;\nmod c;\npub use self::b::B;\npub struct A;"),
        ("a/b", "use super::A;\npub struct B;"),
        ("a/c", "use super::B;"),
    ]);
    assert_eq!(
        facade,
        Vec::<Vec<String>>::new(),
        "a re-export is no dependency of its file"
    );
}
