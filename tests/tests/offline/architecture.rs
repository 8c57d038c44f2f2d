//! The structure ARCHITECTURE.md describes, checked over the source text:
//!
//! - the modules of `odoo-core` form layers (typed layer -> client -> transport -> http ->
//!   wire decoding -> foundation), and no module names a module of a higher layer;
//! - no library file is over 800 lines, and no library function over 80 lines, except the
//!   XML-RPC parser and `quote!` templates.
//!
//! Run it alone with `cargo test -p odoo-tests --test offline architecture::`.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

/// The layers of `odoo-core`, top first: a module may use modules of its own layer and of the
/// layers below it.
const LAYERS: &[(&str, &[&str])] = &[
    (
        "typed layer",
        &[
            "action",
            "attachment",
            "blocking",
            "calls",
            "changes",
            "domain",
            "external_id",
            "group",
            "load",
            "missing_fields",
            "model",
            "onchange",
            "projection",
            "records",
            "report",
            "types",
            "upsert",
            "values",
            "web",
            "wizard",
        ],
    ),
    ("client", &["client", "retry"]),
    ("transport", &["transport"]),
    ("http", &["http", "record"]),
    ("wire decoding", &["wire", "xmlrpc"]),
    (
        "foundation",
        &[
            "availability",
            "context",
            "credentials",
            "document",
            "error",
            "limits",
            "options",
            "orm",
            "redact",
            "transport_kind",
            "version",
        ],
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

/// The library part of a source file: without its `#[cfg(test)]` module, and nothing of a
/// file that is itself a test module.
fn library_lines(path: &Path, text: &str) -> Vec<String> {
    if path.file_name().is_some_and(|n| n == "tests.rs") {
        return Vec::new();
    }
    let mut lines = Vec::new();
    let mut previous = "";
    for line in text.lines() {
        if previous.trim() == "#[cfg(test)]" && line.trim_start().starts_with("mod ") {
            lines.pop();
            break;
        }
        lines.push(line.to_owned());
        previous = line;
    }
    lines
}

fn layer_of(module: &str) -> Option<usize> {
    LAYERS
        .iter()
        .position(|(_, modules)| modules.contains(&module))
}

/// The top-level module a file of `odoo-core/src` belongs to.
fn module_of(src: &Path, path: &Path) -> Option<String> {
    let relative = path.strip_prefix(src).ok()?;
    let first = relative.components().next()?.as_os_str().to_str()?;
    Some(first.trim_end_matches(".rs").to_owned())
}

/// Every `crate::<module>` a line of code names (comments left out).
fn named_modules(line: &str) -> Vec<String> {
    let code = line.trim_start();
    if code.starts_with("//") {
        return Vec::new();
    }
    let mut found = Vec::new();
    let mut rest = code;
    while let Some(at) = rest.find("crate::") {
        let after = &rest[at + "crate::".len()..];
        let name: String = after
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        let before = rest[..at].chars().last();
        if !name.is_empty() && !before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_') {
            found.push(name);
        }
        rest = after;
    }
    // `use crate::{a, b::c}` names several.
    if let Some(group) = code.strip_prefix("use crate::{") {
        for item in group.split([',', '}', ';']) {
            let name = item.trim().split("::").next().unwrap_or("").trim();
            if !name.is_empty() {
                found.push(name.to_owned());
            }
        }
    }
    found
}

#[test]
fn core_modules_only_use_their_layer_and_below() {
    let src = workspace().join("odoo-core/src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    assert!(!files.is_empty(), "no sources found in {}", src.display());
    let mut unknown = Vec::new();
    let mut upward = Vec::new();
    for path in &files {
        let Some(module) = module_of(&src, path) else {
            continue;
        };
        // The crate root only declares and re-exports; test fixtures exist in unit tests only.
        if module == "lib" || module == "test_fixtures" {
            continue;
        }
        let Some(layer) = layer_of(&module) else {
            unknown.push(module);
            continue;
        };
        let text = fs::read_to_string(path).expect("readable source");
        for (number, line) in library_lines(path, &text).iter().enumerate() {
            for named in named_modules(line) {
                // Re-exports of the crate root (`crate::Client`) name an item, not a module.
                let Some(target) = layer_of(&named) else {
                    if named.starts_with(|c: char| c.is_ascii_lowercase()) {
                        unknown.push(named);
                    }
                    continue;
                };
                if target < layer {
                    upward.push(format!(
                        "{}:{}: `{module}` ({}) uses `crate::{named}` ({})",
                        path.strip_prefix(workspace()).unwrap_or(path).display(),
                        number + 1,
                        LAYERS[layer].0,
                        LAYERS[target].0,
                    ));
                }
            }
        }
    }
    unknown.sort();
    unknown.dedup();
    assert!(
        unknown.is_empty(),
        "modules missing from LAYERS (place them in a layer): {unknown:?}"
    );
    assert!(
        upward.is_empty(),
        "modules use a higher layer:\n{}",
        upward.join("\n")
    );
}

/// The functions of a rustfmt-formatted file, with their line counts: from the `fn` line to the
/// closing brace at the same indentation.
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
        let name: String = tail
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        let end = lines[start + 1..]
            .iter()
            .position(|l| l.as_str() == format!("{indent}}}"))
            .map_or(lines.len(), |offset| start + 1 + offset);
        let body = lines[start..end.min(lines.len())].join("\n");
        out.push((name, end + 1 - start, body.contains("quote!")));
    }
    out
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
            let lines = library_lines(&path, &text);
            let parser = PARSERS.iter().find(|(file, _)| *file == relative);
            if lines.len() > MAX_FILE_LINES && parser.is_none() {
                too_long.insert(relative.clone(), format!("{} lines", lines.len()));
            }
            for (name, length, template) in functions(&lines) {
                let exempt = template
                    || parser.is_some_and(|(_, function)| *function == "*" || *function == name);
                if length > MAX_FN_LINES && !exempt {
                    too_long.insert(format!("{relative}: fn {name}"), format!("{length} lines"));
                }
            }
        }
    }
    assert!(
        too_long.is_empty(),
        "over {MAX_FILE_LINES} lines a file or {MAX_FN_LINES} a function:\n{too_long:#?}"
    );
}

#[test]
fn the_checks_see_what_they_check() {
    let lines: Vec<String> = "pub(crate) async fn a(\n    x: u8,\n) {\n    body();\n}\nfn b() {}\n"
        .lines()
        .map(str::to_owned)
        .collect();
    assert_eq!(functions(&lines), vec![("a".to_owned(), 5, false)]);
    assert_eq!(
        named_modules("use crate::{error::Error, wire::Answer};"),
        vec!["error", "wire"]
    );
    assert_eq!(named_modules("// crate::client"), Vec::<String>::new());
    assert_eq!(layer_of("client"), Some(1));
}
