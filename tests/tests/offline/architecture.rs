//! The structure ARCHITECTURE.md describes, checked over the source text:
//!
//! - the modules of `odoo-core` form layers (typed layer -> client -> transport -> http ->
//!   wire decoding -> foundation), and no module names a module of a higher layer. A path
//!   `crate::x::...` names the module `x`; a name the crate root re-exports (`crate::Client`,
//!   `use crate::{Client, error::Error}`) names the module its `use` line in `lib.rs` takes
//!   it from, and a name re-exported from another crate (`crate::json`) names no module;
//! - the modules of `odoo-codegen` form layers too (introspection -> generation -> plan and
//!   rendering -> settings -> selection -> the crate root's own items), so that the feature-gated
//!   `introspect` is named by no other module, and no library file reaches into the binary's
//!   `src/bin/`;
//! - the modules of `odoo-derive` and `odoo-emulator` form layers the same way
//!   ([`DERIVE_LAYERS`], [`EMULATOR_LAYERS`]);
//! - no two files of a library crate import each other, directly or through other files
//!   (`use crate::a::b`, `super::x`, inline paths; see [`files`]), but for the cycles listed in
//!   [`KNOWN_CYCLES`], which may only shrink;
//! - no library file is over 800 lines, and no library function over 80 lines, except the
//!   XML-RPC parser and `quote!` templates. A function is a template when more than half of its
//!   lines lie inside `quote! { ... }` or `quote_spanned! { ... }` invocations (the lines that
//!   open and close one included; `quote!` in a string or a comment is none); other macros of
//!   `quote` (`parse_quote!`, `format_ident!`) make no template.
//!
//! Run it alone with `cargo test -p odoo-tests --test offline architecture::`.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

mod files;
mod versions;

/// Layers of a crate's modules, top first: a module may use modules of its own layer and of
/// the layers below it.
type Layers = &'static [(&'static str, &'static [&'static str])];

/// The layers of `odoo-core`.
const CORE_LAYERS: Layers = &[
    (
        "typed layer",
        &[
            "action",
            "attachment",
            "blocking",
            "changes",
            "domain",
            "external_id",
            "group",
            "load",
            "method_call",
            "missing_fields",
            "model",
            "model_client",
            "onchange",
            "projection",
            "report",
            "search",
            "server_check",
            "typed_call",
            "types",
            "upsert",
            "values",
            "web",
            "wizard",
        ],
    ),
    ("client", &["client", "retry"]),
    ("transport", &["transport"]),
    ("http", &["http", "recording"]),
    ("wire decoding", &["wire", "xmlrpc"]),
    (
        "foundation",
        &[
            "availability",
            "context",
            "credential_kind",
            "credentials",
            "document",
            "error",
            "exception",
            "limits",
            "options",
            "orm",
            "redact",
            "transport_kind",
            "version",
            "version_range",
        ],
    ),
];

/// The layers of `odoo-codegen`: `introspect` (feature `introspect`) on top, named by no other
/// module; `lib` is what the crate root defines itself (`Error`, snapshot reading).
const CODEGEN_LAYERS: Layers = &[
    ("introspection", &["introspect"]),
    ("generation", &["generator", "config", "files", "diff"]),
    ("plan and rendering", &["plan", "render"]),
    ("settings", &["options"]),
    ("selection", &["fields", "select", "names"]),
    ("crate root", &["lib"]),
];

/// The layers of `odoo-derive`: the expansion reads the model, whose checks write their
/// messages through `problems`, over the snapshots, the types and the attributes.
const DERIVE_LAYERS: Layers = &[
    ("expansion", &["expand", "selection"]),
    ("model reading", &["model"]),
    ("checks", &["methods", "problems"]),
    ("snapshots and types", &["schema", "types"]),
    ("attributes", &["attr"]),
    ("foundation", &["ctxt"]),
];

/// The layers of `odoo-emulator`, as its imports have them: the setup (the root's `Emulator`,
/// the builder, the demo data, the flows it installs and the replay server, which both return
/// the builder's `SetupError`) starts the server, which dispatches to the ORM's methods over
/// the shared state, the records and the registered methods' calls, the users and their
/// access, and the foundation.
const EMULATOR_LAYERS: Layers = &[
    ("setup", &["lib", "builder", "demo", "flow", "replay"]),
    ("serving", &["server"]),
    ("methods", &["orm"]),
    ("shared state", &["shared"]),
    ("records", &["store", "domain", "group", "handler"]),
    ("users and access", &["user", "access"]),
    (
        "foundation",
        &["schema_fill", "newer", "traffic", "error", "version"],
    ),
];

/// The library crates whose sources the size limits apply to.
const LIBRARY_CRATES: &[&str] = &[
    "odoo-core",
    "odoo-derive",
    "odoo-schema",
    "odoo-codegen",
    "odoo-emulator",
];

const MAX_FILE_LINES: usize = 800;
const MAX_FN_LINES: usize = 80;

/// Parsers, which may be long: a file, and a function in it (`*` for all of them).
const PARSERS: &[(&str, &str)] = &[("odoo-core/src/xmlrpc/decode.rs", "*")];

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the tests crate sits in the workspace")
        .to_path_buf()
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The library part of a source file: without its inline `#[cfg(test)]` module, and nothing of
/// a file that is itself a test module. A declaration `#[cfg(test)] mod tests;` ends nothing.
fn library_lines(path: &Path, text: &str) -> Vec<String> {
    if path.file_name().is_some_and(|n| n == "tests.rs") {
        return Vec::new();
    }
    let mut lines = Vec::new();
    let mut previous = "";
    for line in text.lines() {
        if previous.trim() == "#[cfg(test)]"
            && line.trim_start().starts_with("mod ")
            && line.trim_end().ends_with('{')
        {
            lines.pop();
            break;
        }
        lines.push(line.to_owned());
        previous = line;
    }
    lines
}

fn layer_of(layers: Layers, module: &str) -> Option<usize> {
    layers
        .iter()
        .position(|(_, modules)| modules.contains(&module))
}

/// The top-level module a file of a crate's `src` belongs to.
fn module_of(src: &Path, path: &Path) -> Option<String> {
    let relative = path.strip_prefix(src).ok()?;
    let first = relative.components().next()?.as_os_str().to_str()?;
    Some(first.trim_end_matches(".rs").to_owned())
}

/// The text of `lines` with the lines that are comments blanked, so that offsets still give
/// line numbers.
fn code_only(lines: &[String]) -> String {
    let mut code = String::new();
    for line in lines {
        if !line.trim_start().starts_with("//") {
            code.push_str(line);
        }
        code.push('\n');
    }
    code
}

/// The offset of the delimiter that closes the one at `open` (`{`, `(` or `[`), skipping string
/// and character literals.
fn matching_close(text: &str, open: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut at = open;
    while at < bytes.len() {
        match bytes[at] {
            b'{' | b'(' | b'[' => depth += 1,
            b'}' | b')' | b']' => {
                depth -= 1;
                if depth == 0 {
                    return Some(at);
                }
            }
            b'"' => {
                at += 1;
                while at < bytes.len() && bytes[at] != b'"' {
                    at += if bytes[at] == b'\\' { 2 } else { 1 };
                }
            }
            // A character literal ('{', '\''), not a lifetime ('a).
            b'\'' if bytes.get(at + 2) == Some(&b'\'') => at += 2,
            b'\'' if bytes.get(at + 1) == Some(&b'\\') => {
                at += 2;
                while at < bytes.len() && bytes[at] != b'\'' {
                    at += 1;
                }
            }
            _ => {}
        }
        at += 1;
    }
    None
}

/// The items of a use group's inside, split at its top-level commas.
fn top_level_items(group: &str) -> Vec<&str> {
    let mut items = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    for (at, c) in group.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                items.push(&group[start..at]);
                start = at + 1;
            }
            _ => {}
        }
    }
    items.push(&group[start..]);
    items
        .into_iter()
        .map(str::trim)
        .filter(|item| !item.is_empty())
        .collect()
}

fn identifier(text: &str) -> String {
    text.chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect()
}

/// Every path from the crate root that code names, with its line: `crate::x::Y` names `x`,
/// `crate::Y` names `Y`, and `crate::{Y, x::{Z}}` names `Y` and `x` (the group may span lines).
fn crate_paths(code: &str) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(offset) = code[from..].find("crate::") {
        let at = from + offset;
        let after = at + "crate::".len();
        from = after;
        let before = code[..at].chars().last();
        if before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_') {
            continue;
        }
        let line = code[..at].matches('\n').count() + 1;
        if code[after..].starts_with('{') {
            let Some(close) = matching_close(code, after) else {
                continue;
            };
            for item in top_level_items(&code[after + 1..close]) {
                found.push((line, identifier(item)));
            }
        } else {
            let name = identifier(&code[after..]);
            if !name.is_empty() {
                found.push((line, name));
            }
        }
    }
    found
}

/// The names a use tree binds, each with the first segment of the path it comes from:
/// `a::{B, c::D as E, self as f}` binds `B`, `E` and `f`, all from `a`.
fn use_leaves(tree: &str, first: Option<&str>, out: &mut Vec<(String, String)>) {
    let tree = tree.trim().trim_start_matches("crate::");
    if let Some(open) = tree.find('{') {
        let head = tree[..open].trim_end_matches("::");
        let first = first.or_else(|| head.split("::").next().filter(|s| !s.is_empty()));
        let close = matching_close(tree, open).unwrap_or(tree.len());
        for item in top_level_items(&tree[open + 1..close]) {
            use_leaves(item, first, out);
        }
        return;
    }
    let (path, alias) = match tree.split_once(" as ") {
        Some((path, alias)) => (path.trim(), Some(alias.trim())),
        None => (tree, None),
    };
    let segments: Vec<&str> = path.split("::").map(str::trim).collect();
    let last = segments.last().copied().unwrap_or("");
    let name = alias.unwrap_or(if last == "self" {
        first.unwrap_or(last)
    } else {
        last
    });
    let source = first.unwrap_or(segments[0]);
    out.push((source.to_owned(), name.to_owned()));
}

/// What a crate root (`lib.rs`) declares: its modules, the items it defines itself, and the
/// names it re-exports with the module each comes from (`None`: from another crate).
#[derive(Debug, Default)]
struct Root {
    modules: BTreeSet<String>,
    own_items: BTreeSet<String>,
    exports: BTreeMap<String, Option<String>>,
}

impl Root {
    fn parse(lib: &str) -> Root {
        let lines: Vec<String> = lib.lines().map(str::to_owned).collect();
        let code = code_only(&lines);
        let mut root = Root::default();
        let mut uses = Vec::new();
        for (at, _) in code.match_indices("use ") {
            let line_start = code[..at].rfind('\n').map_or(0, |n| n + 1);
            let head = code[line_start..at].trim();
            // A private import at the root is a name of the crate root too (`crate::Shared`).
            if !(head == "pub" || head.starts_with("pub(") || line_start == at) {
                continue;
            }
            let end = code[at..].find(';').map_or(code.len(), |n| at + n);
            use_leaves(&code[at + "use ".len()..end], None, &mut uses);
        }
        for line in &lines {
            if line.starts_with(' ') {
                continue;
            }
            let mut words = line.split_whitespace().skip_while(|w| w.starts_with("pub"));
            match (words.next(), words.next()) {
                (Some("mod"), Some(name)) => {
                    root.modules.insert(identifier(name));
                }
                (
                    Some("fn" | "struct" | "enum" | "type" | "const" | "static" | "trait"),
                    Some(name),
                ) => {
                    root.own_items.insert(identifier(name));
                }
                _ => {}
            }
        }
        for (source, name) in uses {
            let module = root.modules.contains(&source).then_some(source);
            root.exports.insert(name, module);
        }
        root
    }

    /// The module a name at the crate root stands for: itself when it is a module, the module
    /// it is re-exported from, `lib` for an item the root defines; `Ok(None)` for a name of
    /// another crate, `Err` for a name the root does not know.
    fn module_named(&self, name: &str) -> Result<Option<String>, ()> {
        if self.modules.contains(name) {
            Ok(Some(name.to_owned()))
        } else if let Some(module) = self.exports.get(name) {
            Ok(module.clone())
        } else if self.own_items.contains(name) {
            Ok(Some("lib".to_owned()))
        } else {
            Err(())
        }
    }
}

/// What the layer check finds in one file: uses of a higher layer, and names it cannot place.
#[derive(Debug, Default)]
struct LayerFindings {
    upward: Vec<String>,
    unknown: Vec<String>,
}

/// Checks one file of module `module` (at `label`) against `layers`.
fn check_layers(
    layers: Layers,
    root: &Root,
    label: &str,
    module: &str,
    lines: &[String],
    findings: &mut LayerFindings,
) {
    let Some(layer) = layer_of(layers, module) else {
        findings.unknown.push(module.to_owned());
        return;
    };
    for (line, named) in crate_paths(&code_only(lines)) {
        let target = match root.module_named(&named) {
            Ok(Some(target)) => target,
            Ok(None) => continue,
            Err(()) => {
                findings.unknown.push(named);
                continue;
            }
        };
        let Some(target_layer) = layer_of(layers, &target) else {
            findings.unknown.push(target);
            continue;
        };
        if target_layer < layer {
            findings.upward.push(format!(
                "{label}:{line}: `{module}` ({}) uses `crate::{named}` in `{target}` ({})",
                layers[layer].0, layers[target_layer].0,
            ));
        }
    }
}

/// Checks every library file of `krate` against `layers`; the crate root only declares and
/// re-exports (its own items are the `lib` module), and test fixtures exist in unit tests only.
fn check_crate_layers(krate: &str, layers: Layers) -> LayerFindings {
    let src = workspace().join(krate).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    assert!(!files.is_empty(), "no sources found in {}", src.display());
    let lib = fs::read_to_string(src.join("lib.rs")).expect("readable crate root");
    let root = Root::parse(&library_lines(&src.join("lib.rs"), &lib).join("\n"));
    let mut findings = LayerFindings::default();
    for path in &files {
        let Some(module) = module_of(&src, path) else {
            continue;
        };
        if matches!(module.as_str(), "lib" | "test_fixtures" | "bin" | "tests") {
            continue;
        }
        let text = fs::read_to_string(path).expect("readable source");
        let label = path.strip_prefix(workspace()).unwrap_or(path).display();
        let lines = library_lines(path, &text);
        check_layers(
            layers,
            &root,
            &label.to_string(),
            &module,
            &lines,
            &mut findings,
        );
    }
    findings.unknown.sort();
    findings.unknown.dedup();
    findings
}

fn assert_layers(krate: &str, findings: &LayerFindings) {
    assert!(
        findings.unknown.is_empty(),
        "{krate}: modules or names missing from its layers (place them in a layer): {:?}",
        findings.unknown
    );
    assert!(
        findings.upward.is_empty(),
        "{krate}: modules use a higher layer:\n{}",
        findings.upward.join("\n")
    );
}

#[test]
fn core_modules_only_use_their_layer_and_below() {
    assert_layers("odoo-core", &check_crate_layers("odoo-core", CORE_LAYERS));
}

#[test]
fn codegen_modules_only_use_their_layer_and_below() {
    assert_layers(
        "odoo-codegen",
        &check_crate_layers("odoo-codegen", CODEGEN_LAYERS),
    );
}

#[test]
fn derive_modules_only_use_their_layer_and_below() {
    assert_layers(
        "odoo-derive",
        &check_crate_layers("odoo-derive", DERIVE_LAYERS),
    );
}

#[test]
fn emulator_modules_only_use_their_layer_and_below() {
    assert_layers(
        "odoo-emulator",
        &check_crate_layers("odoo-emulator", EMULATOR_LAYERS),
    );
}

/// Whether a library file reaches into the binary's sources (`#[path = "bin/..."]`,
/// `include!("bin/...")`, `mod bin`).
fn reaches_into_bin(text: &str) -> bool {
    text.lines().any(|line| {
        let code = line.trim_start();
        !code.starts_with("//")
            && (((code.starts_with("#[path") || code.contains("include!"))
                && code.contains("bin/"))
                || code.starts_with("mod bin")
                || code.starts_with("pub mod bin"))
    })
}

#[test]
fn the_codegen_library_does_not_use_its_binary() {
    let src = workspace().join("odoo-codegen/src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let reaching: Vec<_> = files
        .iter()
        .filter(|path| !path.starts_with(src.join("bin")))
        .filter(|path| reaches_into_bin(&fs::read_to_string(path).expect("readable source")))
        .collect();
    assert!(
        reaching.is_empty(),
        "library files use the binary's sources: {reaching:?}"
    );
}

/// How many of a function's `lines` lie inside `quote!`/`quote_spanned!` invocations.
/// Comments and string literals hold no invocation.
fn template_lines(lines: &[String]) -> usize {
    let text = files::blank_strings(&code_only(lines));
    let mut inside = vec![false; lines.len()];
    for name in ["quote!", "quote_spanned!"] {
        for (at, _) in text.match_indices(name) {
            let before = text[..at].chars().last();
            if before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_') {
                continue;
            }
            let after = at + name.len();
            let skipped = text[after..].len() - text[after..].trim_start().len();
            let open = after + skipped;
            if !text[open..].starts_with(['{', '(', '[']) {
                continue;
            }
            let Some(close) = matching_close(&text, open) else {
                continue;
            };
            let first = text[..at].matches('\n').count();
            let last = text[..close].matches('\n').count();
            inside[first..=last]
                .iter_mut()
                .for_each(|line| *line = true);
        }
    }
    inside.into_iter().filter(|line| *line).count()
}

/// The functions of a rustfmt-formatted file: name, line count (from the `fn` line to the
/// closing brace at the same indentation), and whether it is a `quote!` template.
fn functions(lines: &[String]) -> Vec<(String, usize, bool)> {
    let mut out = Vec::new();
    for (start, line) in lines.iter().enumerate() {
        let code = line.trim_start();
        let indent = &line[..line.len() - code.len()];
        let declaration = code
            .split_once("fn ")
            .filter(|(head, _)| {
                head.split_whitespace().all(|word| {
                    matches!(word, "pub" | "async" | "const" | "unsafe") || word.starts_with("pub(")
                })
            })
            .map(|(_, tail)| tail);
        let Some(tail) = declaration else {
            continue;
        };
        if code.ends_with(';') || (code.ends_with('}') && code.contains('{')) {
            continue;
        }
        let name = identifier(tail);
        let end = lines[start + 1..]
            .iter()
            .position(|l| l.as_str() == format!("{indent}}}"))
            .map_or(lines.len(), |offset| start + 1 + offset);
        let body = &lines[start..(end + 1).min(lines.len())];
        let length = end + 1 - start;
        out.push((name, length, template_lines(body) * 2 > length));
    }
    out
}

/// The functions of one library file (at `relative`) over the limit, and the file itself.
fn size_findings(relative: &str, lines: &[String], too_long: &mut BTreeMap<String, String>) {
    let parser = PARSERS.iter().find(|(file, _)| *file == relative);
    if lines.len() > MAX_FILE_LINES && parser.is_none() {
        too_long.insert(relative.to_owned(), format!("{} lines", lines.len()));
    }
    for (name, length, template) in functions(lines) {
        let exempt =
            template || parser.is_some_and(|(_, function)| *function == "*" || *function == name);
        if length > MAX_FN_LINES && !exempt {
            too_long.insert(format!("{relative}: fn {name}"), format!("{length} lines"));
        }
    }
}

#[test]
fn library_files_and_functions_stay_small() {
    let root = workspace();
    let mut too_long = BTreeMap::new();
    for krate in LIBRARY_CRATES {
        let mut files = Vec::new();
        rust_files(&root.join(krate).join("src"), &mut files);
        for path in files {
            let relative = path
                .strip_prefix(&root)
                .unwrap_or(&path)
                .to_string_lossy()
                .replace('\\', "/");
            let text = fs::read_to_string(&path).expect("readable source");
            size_findings(&relative, &library_lines(&path, &text), &mut too_long);
        }
    }
    assert!(
        too_long.is_empty(),
        "over {MAX_FILE_LINES} lines a file or {MAX_FN_LINES} a function:\n{too_long:#?}"
    );
}

mod self_tests;

/// The groups of files of a crate that still import each other (see [`files`]), one line
/// each, for the check to pass while they are taken apart; the list may only shrink. Most are
/// a module's `mod.rs` calling its files, which name the `mod.rs`'s items with `super::`.
const KNOWN_CYCLES: &[(&str, &[&str])] = &[
    // The client and its builder construct each other.
    ("odoo-core", &["client", "client/builder"]),
    // The error's `mod.rs` and its details, which name the error kinds.
    ("odoo-core", &["error", "error/details"]),
    // The transport's `mod.rs` and the transports it dispatches to.
    (
        "odoo-core",
        &["transport", "transport/json_rpc", "transport/web_session"],
    ),
    // Introspection's `mod.rs` and its bulk and methods readers.
    (
        "odoo-codegen",
        &["introspect", "introspect/bulk", "introspect/methods"],
    ),
    // `Emulator` and its builder construct each other; the flows and the demo data return or
    // take the builder's types, and the flows' `mod.rs` and its flows call each other.
    (
        "odoo-emulator",
        &[
            "builder",
            "demo",
            "flow",
            "flow/inventory",
            "flow/invoice",
            "flow/payment",
            "flow/picking",
            "flow/sale",
            "flow/schema",
            "flow/stock_level",
            "flow/validate",
            "lib",
        ],
    ),
    // The ORM's `mod.rs` and the built-in methods it dispatches to.
    (
        "odoo-emulator",
        &["orm", "orm/builtin", "orm/mail", "orm/signature"],
    ),
    // The replay server's `mod.rs`, its answers and its builder.
    (
        "odoo-emulator",
        &["replay", "replay/answer", "replay/builder"],
    ),
    // The server's `mod.rs` and the routes it serves.
    (
        "odoo-emulator",
        &[
            "server",
            "server/content",
            "server/json2",
            "server/report",
            "server/rpc",
            "server/web",
        ],
    ),
    // The store's `mod.rs` and its chatter and external ids.
    ("odoo-emulator", &["store", "store/mail", "store/xmlid"]),
];

/// The cycles of `found` (of `krate`) that no known cycle of the crate holds, and the known
/// ones that no longer exist.
fn unknown_cycles(krate: &str, found: &[Vec<String>]) -> (Vec<String>, Vec<String>) {
    let known: Vec<&[&str]> = KNOWN_CYCLES
        .iter()
        .filter(|(name, _)| *name == krate)
        .map(|(_, files)| *files)
        .collect();
    let within =
        |cycle: &[String], files: &[&str]| cycle.iter().all(|f| files.contains(&f.as_str()));
    let new = found
        .iter()
        .filter(|cycle| !known.iter().any(|files| within(cycle, files)))
        .map(|cycle| cycle.join(" -> "))
        .collect();
    let gone = known
        .iter()
        .filter(|files| !found.iter().any(|cycle| within(cycle, files)))
        .map(|files| files.join(" -> "))
        .collect();
    (new, gone)
}

#[test]
fn no_two_files_of_a_crate_import_each_other() {
    let mut new = Vec::new();
    let mut gone = Vec::new();
    for krate in LIBRARY_CRATES {
        let graph = files::FileGraph::of_crate(&workspace().join(krate).join("src"));
        let (n, g) = unknown_cycles(krate, &files::cycles(&graph.edges()));
        new.extend(n.into_iter().map(|cycle| format!("{krate}: {cycle}")));
        gone.extend(g.into_iter().map(|cycle| format!("{krate}: {cycle}")));
    }
    assert!(
        new.is_empty(),
        "files import each other (move what they share into a file below both):\n{}",
        new.join("\n")
    );
    assert!(
        gone.is_empty(),
        "known cycles that are gone (remove them from KNOWN_CYCLES):\n{}",
        gone.join("\n")
    );
}

#[test]
fn version_comparisons_live_in_the_table_only() {
    let root = workspace();
    let mut found = Vec::new();
    for krate in LIBRARY_CRATES {
        let mut files = Vec::new();
        rust_files(&root.join(krate).join("src"), &mut files);
        for path in files {
            let relative = path.strip_prefix(&root).unwrap_or(&path);
            let relative = relative.to_string_lossy().replace('\\', "/");
            if relative == versions::TABLE {
                continue;
            }
            let text = fs::read_to_string(&path).unwrap_or_default();
            for (number, line) in text.lines().enumerate() {
                if versions::compares_a_version(line) {
                    found.push(format!("{relative}:{}: {}", number + 1, line.trim()));
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "version comparisons outside {} (ask OdooVersion::has(Feature), or pick):\n{}",
        versions::TABLE,
        found.join("\n")
    );
}
