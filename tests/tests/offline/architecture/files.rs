//! The imports between the files of a crate, and the cycles among them.
//!
//! A file names another when it uses a path into it: `crate::a::b::C`, `super::x`, `self::x`,
//! or `x::...` for a module `x` it declares, in a `use` line or inline in code. A name that a
//! module re-exports or imports (`pub use self::x::Y`, the crate root's `pub use a::{B}`) is
//! followed to the file it comes from, so that `crate::B` names `a.rs`, not `lib.rs`. A
//! re-export creates no dependency of its own: a `pub use` line counts only when its file also
//! uses the name. Comments, string literals and the unit tests (`#[cfg(test)] mod tests`) name
//! nothing.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

use super::{code_only, identifier, library_lines, matching_close, rust_files, top_level_items};

/// A module's path from the crate root: `[]` for the root, `["plan", "html"]`.
pub(super) type ModPath = Vec<String>;

/// The module path of a file of `src` (`a/mod.rs` and `a.rs` are `[a]`), or `None` for the
/// binaries' sources.
pub(super) fn module_path(src: &Path, path: &Path) -> Option<ModPath> {
    let relative = path.strip_prefix(src).ok()?;
    let mut segments: ModPath = relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if segments.first().is_some_and(|first| first == "bin") {
        return None;
    }
    let last = segments.pop()?;
    match last.trim_end_matches(".rs") {
        "lib" | "mod" => {}
        name => segments.push(name.to_owned()),
    }
    Some(segments)
}

/// What one file declares and names.
#[derive(Debug, Default)]
pub(super) struct FileUses {
    /// The names its top-level `use` lines bind, each with the absolute path it stands for
    /// (`None`: a path into another crate) and whether other modules see it (`pub use`; a
    /// private import is seen by the module's descendants only).
    bound: BTreeMap<String, (Option<ModPath>, bool)>,
    /// The absolute paths it names.
    named: Vec<ModPath>,
}

/// `text` with the contents of its string literals blanked (offsets kept).
pub(super) fn blank_strings(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = bytes.to_vec();
    let mut at = 0;
    while at < bytes.len() {
        match bytes[at] {
            b'\'' if bytes.get(at + 2) == Some(&b'\'') => at += 2,
            b'\'' if bytes.get(at + 1) == Some(&b'\\') && bytes.get(at + 3) == Some(&b'\'') => {
                at += 3
            }
            b'"' => {
                at += 1;
                while at < bytes.len() && bytes[at] != b'"' {
                    let step = if bytes[at] == b'\\' { 2 } else { 1 };
                    for byte in out.iter_mut().skip(at).take(step) {
                        if *byte != b'\n' {
                            *byte = b' ';
                        }
                    }
                    at += step;
                }
            }
            _ => {}
        }
        at += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The paths a use tree binds, each with the name it binds: `a::{B, c::D as E, self}` gives
/// `a::B` as `B`, `a::c::D` as `E` and `a` as `a`.
pub(super) fn use_tree(tree: &str, prefix: &[String], out: &mut Vec<(ModPath, String)>) {
    let tree = tree.trim();
    if let Some(open) = tree.find('{') {
        let mut head = prefix.to_vec();
        head.extend(segments(&tree[..open]));
        let close = matching_close(tree, open).unwrap_or(tree.len());
        for item in top_level_items(&tree[open + 1..close]) {
            use_tree(item, &head, out);
        }
        return;
    }
    let (path, alias) = match tree.split_once(" as ") {
        Some((path, alias)) => (path, Some(alias.trim().to_owned())),
        None => (tree, None),
    };
    let mut full = prefix.to_vec();
    full.extend(segments(path));
    if full.last().is_some_and(|last| last == "self") {
        full.pop();
    }
    let name = alias.or_else(|| full.last().cloned()).unwrap_or_default();
    out.push((full, name));
}

fn segments(path: &str) -> impl Iterator<Item = String> + '_ {
    path.split("::")
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

/// The absolute path that `path`, written in the module `own` declaring `children`, stands for;
/// `None` for a path into another crate.
fn absolute(path: &[String], own: &[String], children: &BTreeSet<String>) -> Option<ModPath> {
    let first = path.first()?;
    let mut base: ModPath = match first.as_str() {
        "crate" => Vec::new(),
        "self" => own.to_vec(),
        "super" => {
            let supers = path.iter().take_while(|s| *s == "super").count();
            let mut base = own.to_vec();
            base.truncate(own.len().saturating_sub(supers));
            base.extend(path[supers..].iter().cloned());
            return Some(base);
        }
        child if children.contains(child) => {
            let mut base = own.to_vec();
            base.push(child.to_owned());
            base.extend(path[1..].iter().cloned());
            return Some(base);
        }
        _ => return None,
    };
    base.extend(path[1..].iter().cloned());
    Some(base)
}

/// A `use` statement: where it starts and ends, whether it re-exports (`pub use`), whether it
/// is at the file's top level (not in a function or an inline module).
struct UseStatement {
    at: usize,
    end: usize,
    public: bool,
    top_level: bool,
}

/// The `use` statements of `code`.
fn use_statements(code: &str) -> Vec<UseStatement> {
    let mut found = Vec::new();
    for (at, _) in code.match_indices("use ") {
        let line_start = code[..at].rfind('\n').map_or(0, |n| n + 1);
        let head = code[line_start..at].trim();
        if !(head.is_empty() || head == "pub" || head.starts_with("pub(")) {
            continue;
        }
        let end = code[at..].find(';').map_or(code.len(), |n| at + n);
        found.push(UseStatement {
            at,
            end,
            public: !head.is_empty(),
            top_level: !code[line_start..].starts_with([' ', '\t']),
        });
    }
    found
}

/// The modules a file declares (`mod x;`).
fn declared_modules(code: &str) -> BTreeSet<String> {
    code.lines()
        .filter(|line| !line.starts_with(' ') && line.trim_end().ends_with(';'))
        .filter_map(|line| {
            let mut words = line.split_whitespace().skip_while(|w| w.starts_with("pub"));
            (words.next() == Some("mod")).then(|| identifier(words.next().unwrap_or("")))
        })
        .collect()
}

/// Whether `name` occurs in `text` as a whole word.
fn has_word(text: &str, name: &str) -> bool {
    text.match_indices(name).any(|(at, _)| {
        let ident = |c: char| c.is_ascii_alphanumeric() || c == '_';
        !text[..at].chars().last().is_some_and(ident)
            && !text[at + name.len()..].chars().next().is_some_and(ident)
    })
}

impl FileUses {
    /// Reads the library lines of a file of module `own`.
    pub(super) fn parse(own: &[String], lines: &[String]) -> FileUses {
        let code = blank_strings(&code_only(lines));
        let children = declared_modules(&code);
        let mut uses = FileUses::default();
        let mut rest = code.clone().into_bytes();
        let mut re_exported = Vec::new();
        for UseStatement {
            at,
            end,
            public,
            top_level,
        } in use_statements(&code)
        {
            let mut leaves = Vec::new();
            use_tree(&code[at + "use ".len()..end], &[], &mut leaves);
            for (path, name) in leaves {
                let target = absolute(&path, own, &children);
                if top_level && name != "*" {
                    uses.bound.insert(name.clone(), (target.clone(), public));
                }
                match (target, public) {
                    (Some(target), false) => uses.named.push(target),
                    (Some(target), true) => re_exported.push((name, target)),
                    (None, _) => {}
                }
            }
            rest[at..end].iter_mut().for_each(|b| {
                if *b != b'\n' {
                    *b = b' '
                }
            });
        }
        let rest: String = String::from_utf8_lossy(&rest)
            .lines()
            .map(|line| match declared_modules(line).is_empty() {
                true => format!("{line}\n"),
                false => "\n".to_owned(),
            })
            .collect();
        for (name, target) in re_exported {
            if has_word(&rest, &name) {
                uses.named.push(target);
            }
        }
        uses.named.extend(
            inline_paths(&rest)
                .iter()
                .filter_map(|path| absolute(path, own, &children)),
        );
        uses
    }
}

/// The paths of two segments or more in code: `crate::a::f(...)`, `super::X`, `x::y`.
fn inline_paths(code: &str) -> Vec<ModPath> {
    let ident = |c: char| c.is_ascii_alphanumeric() || c == '_';
    let mut found = Vec::new();
    let mut at = 0;
    while at < code.len() {
        let Some(c) = code[at..].chars().next() else {
            break;
        };
        let before = code[..at].chars().last();
        let starts = (c.is_ascii_alphabetic() || c == '_')
            && !before.is_some_and(|b| ident(b) || b == ':' || b == '#' || b == '\'');
        if !starts {
            at += c.len_utf8();
            continue;
        }
        let mut path = Vec::new();
        let mut end = at;
        loop {
            let name = identifier(&code[end..]);
            if name.is_empty() {
                break;
            }
            end += name.len();
            path.push(name);
            if !code[end..].starts_with("::") {
                break;
            }
            end += 2;
        }
        if path.len() > 1 {
            found.push(path);
        }
        at = end.max(at + 1);
    }
    found
}

/// The files of a crate and the files each names.
#[derive(Debug, Default)]
pub(super) struct FileGraph {
    /// Each file, by module path, with what it declares and names.
    files: BTreeMap<ModPath, FileUses>,
}

impl FileGraph {
    /// The library files of `src` (the binaries' and the unit tests' files left out).
    pub(super) fn of_crate(src: &Path) -> FileGraph {
        let mut paths = Vec::new();
        rust_files(src, &mut paths);
        let mut graph = FileGraph::default();
        for path in paths {
            let Some(module) = module_path(src, &path) else {
                continue;
            };
            if module.iter().any(|m| m == "tests" || m == "test_fixtures") {
                continue;
            }
            let text = fs::read_to_string(&path).expect("readable source");
            graph.add(module, &library_lines(&path, &text));
        }
        graph
    }

    /// Adds the file of module `module` holding `lines`.
    pub(super) fn add(&mut self, module: ModPath, lines: &[String]) {
        let uses = FileUses::parse(&module, lines);
        self.files.insert(module, uses);
    }

    /// The file (by module path) that an absolute path named in module `from` stands for,
    /// following re-exports.
    fn resolve(&self, from: &[String], path: &[String], depth: usize) -> Option<ModPath> {
        let mut module: ModPath = Vec::new();
        for (at, segment) in path.iter().enumerate() {
            let mut next = module.clone();
            next.push(segment.clone());
            if self.files.contains_key(&next) {
                module = next;
                continue;
            }
            let bound = self.files.get(&module).and_then(|f| f.bound.get(segment));
            let seen = |public: bool| public || from.starts_with(&module);
            match bound {
                Some((Some(target), public))
                    if seen(*public) && depth < 8 && target.as_slice() != path =>
                {
                    let mut full = target.clone();
                    full.extend(path[at + 1..].iter().cloned());
                    return self.resolve(from, &full, depth + 1);
                }
                Some((None, public)) if seen(*public) => return None,
                _ => break,
            }
        }
        Some(module)
    }

    /// Every file with the other files it names.
    pub(super) fn edges(&self) -> BTreeMap<ModPath, BTreeSet<ModPath>> {
        self.files
            .iter()
            .map(|(module, uses)| {
                let targets = uses
                    .named
                    .iter()
                    .filter_map(|path| self.resolve(module, path, 0))
                    .filter(|target| target != module)
                    .collect();
                (module.clone(), targets)
            })
            .collect()
    }
}

/// The file name of a module path in a crate's `src` as the findings write it (`plan/html`,
/// `lib` for the root).
pub(super) fn label(module: &[String]) -> String {
    if module.is_empty() {
        "lib".to_owned()
    } else {
        module.join("/")
    }
}

/// The groups of files that import each other, directly or through others (the strongly
/// connected components of more than one file), each sorted, by label.
pub(super) fn cycles(edges: &BTreeMap<ModPath, BTreeSet<ModPath>>) -> Vec<Vec<String>> {
    let reach = |from: &ModPath| -> BTreeSet<ModPath> {
        let mut seen = BTreeSet::new();
        let mut stack = vec![from.clone()];
        while let Some(next) = stack.pop() {
            for target in edges.get(&next).into_iter().flatten() {
                if seen.insert(target.clone()) {
                    stack.push(target.clone());
                }
            }
        }
        seen
    };
    let reachable: BTreeMap<&ModPath, BTreeSet<ModPath>> =
        edges.keys().map(|module| (module, reach(module))).collect();
    let mut groups = BTreeSet::new();
    for (module, from_it) in &reachable {
        let group: Vec<String> = from_it
            .iter()
            .filter(|other| reachable.get(other).is_some_and(|r| r.contains(*module)))
            .map(|other| label(other))
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        if group.len() > 1 {
            groups.insert(group);
        }
    }
    groups.into_iter().collect()
}
