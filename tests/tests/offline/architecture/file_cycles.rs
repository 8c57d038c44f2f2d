//! No two files of `odoo-core` depend on each other, directly or through others: the layer
//! check above works on top-level modules; this one works on files.
//!
//! A file depends on the file that defines what it names: `use crate::a::B;`,
//! `crate::a::f()`, `super::B`, `self::child::C`, a name the crate root re-exports
//! (`crate::Client`) followed through the `pub use` lines of `lib.rs` and of `mod.rs` files to
//! the file that defines it. A `pub use` line only re-exports and is no use of its own, so a
//! `mod.rs` that re-exports its children while they name its items makes no cycle. A name of
//! another crate, re-exported by the root (`crate::json`), names no file.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;

use super::{code_only, library_lines, matching_close, rust_files, top_level_items, workspace};

/// The library files of a crate, by their path under `src/`, as code without comments.
type Files = BTreeMap<String, String>;

/// The files of a crate and what each depends on.
type Edges = BTreeMap<String, BTreeSet<String>>;

/// The module path of a file: `client/mod.rs` and `client.rs` are `client`, `lib.rs` is the
/// root.
fn module_path(file: &str) -> Vec<String> {
    let mut path: Vec<String> = file
        .trim_end_matches(".rs")
        .split('/')
        .map(str::to_owned)
        .collect();
    if path
        .last()
        .is_some_and(|last| last == "mod" || last == "lib")
    {
        path.pop();
    }
    path
}

/// The file of a module path, if the crate has one.
fn file_of(files: &Files, path: &[String]) -> Option<String> {
    if path.is_empty() {
        return files.contains_key("lib.rs").then(|| "lib.rs".to_owned());
    }
    let joined = path.join("/");
    [format!("{joined}.rs"), format!("{joined}/mod.rs")]
        .into_iter()
        .find(|candidate| files.contains_key(candidate))
}

/// The paths a use tree names, each with the name it binds:
/// `a::{B, c::D as E, self}` gives `a::B` (`B`), `a::c::D` (`E`) and `a` (`a`).
fn use_paths(tree: &str, prefix: &[String], out: &mut Vec<(Vec<String>, String)>) {
    let tree = tree.trim();
    if let Some(open) = tree.find('{') {
        let mut head = prefix.to_vec();
        head.extend(
            tree[..open]
                .split("::")
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned),
        );
        let close = matching_close(tree, open).unwrap_or(tree.len());
        for item in top_level_items(&tree[open + 1..close]) {
            use_paths(item, &head, out);
        }
        return;
    }
    let (path, alias) = match tree.split_once(" as ") {
        Some((path, alias)) => (path.trim(), Some(alias.trim())),
        None => (tree, None),
    };
    let mut segments = prefix.to_vec();
    segments.extend(path.split("::").map(|s| s.trim().to_owned()));
    if segments.last().is_some_and(|last| last == "self") {
        segments.pop();
    }
    if let Some(last) = segments.last().cloned() {
        out.push((segments, alias.map_or(last, str::to_owned)));
    }
}

/// A path as written in `file` made absolute from the crate root: `crate::`, `super::`,
/// `self::` and a child module of the file; `None` for another crate's path.
fn absolute(files: &Files, file: &str, segments: &[String]) -> Option<Vec<String>> {
    let mut base = module_path(file);
    let first = segments.first()?;
    let mut rest = &segments[1..];
    match first.as_str() {
        "crate" => base.clear(),
        "self" => {}
        "super" => {
            base.pop();
            while rest.first().is_some_and(|s| s == "super") {
                base.pop();
                rest = &rest[1..];
            }
        }
        _ => {
            base.push(first.clone());
            file_of(files, &base)?;
            return Some(base.into_iter().chain(rest.iter().cloned()).collect());
        }
    }
    Some(base.into_iter().chain(rest.iter().cloned()).collect())
}

/// The `use` statements of a file, with whether each is a `pub` one, and the code outside them.
fn use_statements(code: &str) -> (Vec<(bool, String)>, String) {
    let mut uses = Vec::new();
    let mut rest = String::new();
    let mut from = 0;
    for (at, _) in code.match_indices("use ") {
        if at < from {
            continue;
        }
        let line_start = code[..at].rfind('\n').map_or(0, |n| n + 1);
        let head = code[line_start..at].trim();
        let public = head == "pub" || head.starts_with("pub(");
        if !(head.is_empty() || public) {
            continue;
        }
        let end = code[at..].find(';').map_or(code.len(), |n| at + n);
        rest.push_str(&code[from..line_start]);
        uses.push((public, code[at + "use ".len()..end].to_owned()));
        from = end + 1;
    }
    rest.push_str(&code[from.min(code.len())..]);
    (uses, rest)
}

/// The paths written inline (`crate::a::f()`, `super::B`) in code without its use statements.
fn inline_paths(code: &str) -> Vec<Vec<String>> {
    let mut found = Vec::new();
    for start in ["crate::", "super::", "self::"] {
        for (at, _) in code.match_indices(start) {
            let before = code[..at].chars().last();
            if before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_' || c == ':') {
                continue;
            }
            let path: String = code[at..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == ':')
                .collect();
            found.push(
                path.split("::")
                    .filter(|s| !s.is_empty())
                    .map(str::to_owned)
                    .collect(),
            );
        }
    }
    found
}

/// What the crate's files re-export: per file, each name its `pub use` lines bind, with the
/// absolute path it comes from.
fn re_exports(files: &Files) -> BTreeMap<String, BTreeMap<String, Vec<String>>> {
    let mut all = BTreeMap::new();
    for (file, code) in files {
        let mut names = BTreeMap::new();
        for (_, tree) in use_statements(code).0.iter().filter(|(public, _)| *public) {
            let mut paths = Vec::new();
            use_paths(tree, &[], &mut paths);
            for (segments, name) in paths {
                if let Some(path) = absolute(files, file, &segments) {
                    names.insert(name, path);
                }
            }
        }
        all.insert(file.clone(), names);
    }
    all
}

/// The file that defines what an absolute path names, following re-exports; `None` for a
/// name of another crate that the root re-exports.
fn defining_file(
    files: &Files,
    exports: &BTreeMap<String, BTreeMap<String, Vec<String>>>,
    path: &[String],
    depth: usize,
) -> Option<String> {
    if depth > 16 {
        return None;
    }
    for split in (0..=path.len()).rev() {
        let Some(file) = file_of(files, &path[..split]) else {
            continue;
        };
        let rest = &path[split..];
        if let Some(target) = rest.first().and_then(|name| exports[&file].get(name)) {
            let mut next = target.clone();
            next.extend(rest[1..].iter().cloned());
            if let Some(found) = defining_file(files, exports, &next, depth + 1) {
                return Some(found);
            }
        }
        if file == "lib.rs" && !rest.is_empty() {
            return None;
        }
        return Some(file);
    }
    None
}

/// Which files each file depends on.
fn file_edges(files: &Files) -> Edges {
    let exports = re_exports(files);
    let mut edges = Edges::new();
    for (file, code) in files {
        let (uses, rest) = use_statements(code);
        let mut paths = Vec::new();
        for (_, tree) in uses.iter().filter(|(public, _)| !*public) {
            let mut bound = Vec::new();
            use_paths(tree, &[], &mut bound);
            paths.extend(bound.into_iter().map(|(segments, _)| segments));
        }
        paths.extend(inline_paths(&rest));
        let targets = edges.entry(file.clone()).or_default();
        for segments in paths {
            let target = absolute(files, file, &segments)
                .and_then(|path| defining_file(files, &exports, &path, 0));
            if let Some(target) = target.filter(|target| target != file) {
                targets.insert(target);
            }
        }
    }
    edges
}

/// Every cycle between files, each as the files of one strongly connected group.
fn cycles(edges: &Edges) -> Vec<Vec<String>> {
    let reach = |from: &String| {
        let mut seen = BTreeSet::new();
        let mut stack = vec![from.clone()];
        while let Some(file) = stack.pop() {
            for next in edges.get(&file).into_iter().flatten() {
                if seen.insert(next.clone()) {
                    stack.push(next.clone());
                }
            }
        }
        seen
    };
    let reached: BTreeMap<&String, BTreeSet<String>> =
        edges.keys().map(|file| (file, reach(file))).collect();
    let mut groups: Vec<Vec<String>> = Vec::new();
    for (file, from_it) in &reached {
        if !from_it.contains(*file) || groups.iter().any(|g| g.contains(*file)) {
            continue;
        }
        let group = from_it
            .iter()
            .filter(|other| reached[other].contains(*file))
            .cloned()
            .collect();
        groups.push(group);
    }
    groups
}

/// The library files of `odoo-core`, without unit tests and test fixtures.
fn core_files() -> Files {
    let src = workspace().join("odoo-core/src");
    let mut paths = Vec::new();
    rust_files(&src, &mut paths);
    let mut files = Files::new();
    for path in paths {
        let relative = path
            .strip_prefix(&src)
            .expect("under src")
            .to_string_lossy()
            .replace('\\', "/");
        if relative == "test_fixtures.rs" {
            continue;
        }
        let text = fs::read_to_string(&path).expect("readable source");
        files.insert(relative, code_only(&library_lines(&path, &text)));
    }
    files
}

#[test]
fn no_two_core_files_depend_on_each_other() {
    let edges = file_edges(&core_files());
    assert!(
        edges.values().map(BTreeSet::len).sum::<usize>() > 200,
        "the check sees too few uses: {edges:#?}"
    );
    let found = cycles(&edges);
    assert!(
        found.is_empty(),
        "files of odoo-core that depend on each other (split or move what they share):\n{found:#?}"
    );
    let model_client = edges.get("model_client.rs").cloned().unwrap_or_default();
    assert!(model_client.contains("search.rs"), "{model_client:?}");
}

fn files(sources: &[(&str, &str)]) -> Files {
    sources
        .iter()
        .map(|(file, code)| ((*file).to_owned(), (*code).to_owned()))
        .collect()
}

#[test]
fn the_file_check_sees_cycles_through_re_exports_and_inline_paths() {
    let crate_files = files(&[
        (
            "lib.rs",
            "mod a;\nmod b;\nmod c;\npub use a::A;\npub use serde_json::json;\n",
        ),
        ("a.rs", "use crate::b::B;\npub struct A;\n"),
        (
            "b.rs",
            "pub struct B;\nfn f() { crate::A; crate::json!(1); }\n",
        ),
        ("c/mod.rs", "mod d;\npub use d::D;\npub struct C;\n"),
        ("c/d.rs", "use super::C;\npub struct D;\n"),
    ]);
    let edges = file_edges(&crate_files);
    assert_eq!(edges["b.rs"], BTreeSet::from(["a.rs".to_owned()]));
    assert_eq!(edges["c/d.rs"], BTreeSet::from(["c/mod.rs".to_owned()]));
    assert!(edges["c/mod.rs"].is_empty(), "a re-export is no use");
    assert_eq!(
        cycles(&edges),
        vec![vec!["a.rs".to_owned(), "b.rs".to_owned()]]
    );
}
