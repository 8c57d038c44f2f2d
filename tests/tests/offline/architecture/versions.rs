//! Odoo's version facts live in one table, `odoo-schema/src/version.rs`: anywhere else in the
//! library crates (their unit tests included), no line compares a major, a minor or a version
//! (`major >= 17`, `version < OdooVersion::V19`, `x < JSON2_SINCE`), nor matches on a named
//! version (`OdooVersion::V16 =>`). Code asks `OdooVersion::has(Feature)`, or
//! `OdooVersion::pick` for a text worded per version.
//!
//! The same check as a shell command, from the workspace root:
//!
//! ```text
//! grep -rnE '(^|[^<>/[:alnum:]_])(major|minor|version)(\(\))?[[:space:]]*(>=|<=|==|!=|<|>)[[:space:]]*[^=>[:space:]]|(>=|<=|==|!=|<|>)[[:space:]]*(OdooVersion::V[0-9]+|[A-Z0-9_]*_SINCE\b)|OdooVersion::V[0-9]+[[:space:]]*(=>|\|)' \
//!   --include=*.rs odoo-core/src odoo-schema/src odoo-derive/src odoo-codegen/src odoo-emulator/src \
//!   | grep -v '^odoo-schema/src/version.rs:'
//! ```

/// The table's own file, where the comparisons belong.
pub(super) const TABLE: &str = "odoo-schema/src/version.rs";

const OPERATORS: [&str; 6] = [">=", "<=", "==", "!=", "<", ">"];

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// The comparison operator `text` starts with (after spaces), with the text after it; not
/// `=>` nor `>>`.
fn operator(text: &str) -> Option<&str> {
    let text = text.trim_start();
    let op = OPERATORS.iter().find(|op| text.starts_with(**op))?;
    let after = &text[op.len()..];
    let next = after.trim_start().chars().next()?;
    (!matches!(next, '=' | '>')).then_some(after)
}

/// Whether `text` (after an operator) starts with a named version or a `*_SINCE` constant.
fn names_a_version(text: &str) -> bool {
    let text = text.trim_start();
    if let Some(rest) = text.strip_prefix("OdooVersion::V") {
        return rest.starts_with(|c: char| c.is_ascii_digit());
    }
    let word: String = text.chars().take_while(|c| is_word(*c)).collect();
    word.ends_with("_SINCE")
        && word
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
}

/// Whether a line of code compares a version outside the table.
pub(super) fn compares_a_version(line: &str) -> bool {
    if line.trim_start().starts_with("//") {
        return false;
    }
    let chars: Vec<(usize, char)> = line.char_indices().collect();
    for (i, &(at, _)) in chars.iter().enumerate() {
        let before = i.checked_sub(1).map(|b| chars[b].1);
        let rest = &line[at..];
        for word in ["major", "minor", "version"] {
            let starts_word = before.is_none_or(|b| !is_word(b) && !matches!(b, '<' | '>' | '/'));
            if starts_word && rest.starts_with(word) {
                let after = &rest[word.len()..];
                if after.starts_with(is_word) {
                    continue;
                }
                let after = after.strip_prefix("()").unwrap_or(after);
                if operator(after).is_some() {
                    return true;
                }
            }
        }
        if let Some(after) = operator(rest) {
            let is_start = before.is_none_or(|b| !OPERATORS.iter().any(|op| op.ends_with(b)));
            if is_start && names_a_version(after) {
                return true;
            }
        }
        if let Some(after) = rest.strip_prefix("OdooVersion::V") {
            let digits = after.trim_start_matches(|c: char| c.is_ascii_digit());
            let arm = digits.trim_start();
            if digits.len() < after.len() && (arm.starts_with("=>") || arm.starts_with('|')) {
                return true;
            }
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::compares_a_version;

    #[test]
    fn each_form_of_a_version_comparison_is_seen() {
        for line in [
            "if self.client.server_version().major >= 17 {",
            "let modern = version.major() < 19;",
            "if version >= OdooVersion::V19 {",
            "Ok(v) if v.major < JSON2_SINCE => continue,",
            "        OdooVersion::V16 => \"leaf\",",
            "        OdooVersion::V16 | OdooVersion::V17 => old,",
            "if minor == 0 {",
        ] {
            assert!(compares_a_version(line), "{line}");
        }
        for line in [
            "// if version >= OdooVersion::V19 {",
            "let version = version.pick(\"a\", &[(OdooVersion::V19, \"b\")]);",
            "if version.has(Feature::Json2Api) {",
            "fn f(version: Option<OdooVersion>) -> Vec<OdooVersion> {",
            "\"<methodName>version</methodName>\"",
            "match version => {}",
            "let upper = major_versions.len() > 2;",
        ] {
            assert!(!compares_a_version(line), "{line}");
        }
    }
}
