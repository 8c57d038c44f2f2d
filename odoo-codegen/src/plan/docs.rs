//! The documentation of generated items: Odoo's text made safe for rustdoc, and the lines each
//! item carries.

use odoo_schema::{FieldSchema, ModelSchema};

use crate::fields::{FieldChoice, LeftOut};

/// Lines of Markdown as a doc comment carries them: control characters (a bare CR is an error
/// in a doc comment) become spaces, whatever the text (model names in code spans are not
/// escaped otherwise); lines are trimmed (no indented code blocks, which doctests would
/// compile); leading and trailing blank lines are dropped and runs of blank lines collapsed.
/// Text from Odoo goes through [`escape_markdown`] first.
pub(crate) fn lines<S: AsRef<str>>(lines: &[S]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for line in lines {
        let line: String = line
            .as_ref()
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        let line = line.trim().to_owned();
        if line.is_empty() && out.last().is_none_or(String::is_empty) {
            continue;
        }
        out.push(line);
    }
    while out.last().is_some_and(String::is_empty) {
        out.pop();
    }
    out
}

/// The doc lines of a field: its label, then each line of Odoo's help as its own paragraph.
pub(crate) fn field(field: &FieldSchema) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    if let Some(string) = &field.string {
        out.push(escape_markdown(string));
    }
    if let Some(help) = &field.help {
        if !out.is_empty() {
            out.push(String::new());
        }
        // Each line of Odoo's help its own paragraph: Odoo means its line breaks, and Markdown
        // would otherwise fold a line after one that looks like a list item into that item.
        for line in help.lines() {
            out.push(escape_markdown(line));
            out.push(String::new());
        }
    }
    if let Some(on) = versions_line(field.since, field.until, "field") {
        out.push(String::new());
        out.push(on);
    }
    lines(&out)
}

/// "Exists on Odoo 18 and later only: ..." for an item some versions lack.
fn versions_line(since: Option<u32>, until: Option<u32>, what: &str) -> Option<String> {
    let on = match (since, until) {
        (None, None) => return None,
        (Some(since), None) => format!("Odoo {since} and later"),
        (None, Some(until)) => format!("Odoo {until} and earlier"),
        (Some(since), Some(until)) => format!("Odoo {since} to {until}"),
    };
    Some(format!(
        "Exists on {on} only: on other versions the {what} is not read, and a call that uses it fails before anything is sent (`ErrorKind::Unavailable`); `Client::has` asks first."
    ))
}

/// The doc lines of a model's struct: its description, its Odoo name, and what it leaves out.
pub(crate) fn structure(model: &str, schema: &ModelSchema, choice: &FieldChoice) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(description) = &schema.description {
        out.push(escape_markdown(description));
        out.push(String::new());
    }
    out.push(format!("Odoo model `{model}`."));
    if let Some(on) = versions_line(schema.since, schema.until, "model") {
        out.push(String::new());
        out.push(on);
    }
    if let Some(left_out) = left_out(model, schema, choice) {
        out.push(String::new());
        out.push(left_out);
    }
    lines(&out)
}

/// The doc line of a model's module: its Odoo name and description.
pub(crate) fn module(model: &str, schema: &ModelSchema) -> Vec<String> {
    let description = schema
        .description
        .as_deref()
        .map(|d| format!(": {}", escape_markdown(d)))
        .unwrap_or_default();
    lines(&[format!("`{model}`{description}")])
}

/// What the struct's documentation says of the fields it does not read.
fn left_out(model: &str, schema: &ModelSchema, choice: &FieldChoice) -> Option<String> {
    let (mut costly, mut unexportable, mut not_chosen, mut computed_binary) =
        (0, Vec::new(), 0, Vec::new());
    for (name, field) in &schema.fields {
        match choice.decide(model, name, field) {
            Ok(()) => {}
            Err(LeftOut::Costly) => costly += 1,
            Err(LeftOut::DoesNotRoundTrip) => unexportable.push(format!("`{name}`")),
            Err(LeftOut::NotChosen) => not_chosen += 1,
            Err(LeftOut::ComputedBinary) => computed_binary.push(format!("`{name}`")),
        }
    }
    let mut parts = Vec::new();
    if costly > 0 {
        parts.push(format!(
            "{costly} binary or non-stored field(s), costly on every read (add them with `extra_fields` or `all_fields`)"
        ));
    }
    if not_chosen > 0 {
        parts.push(format!(
            "{not_chosen} field(s) not chosen in the configuration"
        ));
    }
    if !computed_binary.is_empty() {
        parts.push(format!(
            "{}, binary fields Odoo computes on each read and may send as JSON or raw bytes (name one in `extra_fields` to read it as `Binary`, or read it as `serde_json::Value` in a struct of your own)",
            computed_binary.join(", ")
        ));
    }
    if !unexportable.is_empty() {
        parts.push(format!(
            "{}, which Odoo cannot export (read one as `serde_json::Value` in a struct of your own)",
            unexportable.join(", ")
        ));
    }
    (!parts.is_empty()).then(|| format!("Not read: {}.", parts.join("; ")))
}

/// Odoo's text made safe for rustdoc: no brackets taken for links, no HTML tags, no code
/// fences, URLs as autolinks.
pub(crate) fn escape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, word) in text.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        let start = word.find("https://").or_else(|| word.find("http://"));
        let Some(start) = start else {
            escape_plain(word, &mut out);
            continue;
        };
        let (before, url) = word.split_at(start);
        let url_end = url
            .find(['<', '>', '`', '"', '\'', '[', ']', '(', ')'])
            .unwrap_or(url.len());
        let (url, after) = url.split_at(url_end);
        let trimmed = url.trim_end_matches(['.', ',', ';', ':', '!', '?']);
        let rest = &url[trimmed.len()..];
        escape_plain(before, &mut out);
        if trimmed.len() > "https://".len() {
            out.push('<');
            out.push_str(trimmed);
            out.push('>');
        } else {
            escape_plain(trimmed, &mut out);
        }
        escape_plain(rest, &mut out);
        escape_plain(after, &mut out);
    }
    out
}

fn escape_plain(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '\\' | '`' | '[' | ']' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            // Control characters (tabs) become spaces.
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doc_text_is_escaped() {
        assert_eq!(
            escape_markdown("a [b] <i>c</i>"),
            "a \\[b\\] &lt;i&gt;c&lt;/i&gt;"
        );
        assert_eq!(
            escape_markdown("see https://www.odoo.com/page."),
            "see <https://www.odoo.com/page>."
        );
        assert_eq!(
            escape_markdown("(http://x.example/a)"),
            "(<http://x.example/a>)"
        );
        assert_eq!(escape_markdown("x_studio_* ```"), "x_studio_* \\`\\`\\`");
    }

    #[test]
    fn lines_are_trimmed_and_blank_runs_collapsed() {
        assert_eq!(
            lines(&["", "    indented code", "", "", "next", ""]),
            ["indented code", "", "next"]
        );
        assert_eq!(lines(&["a\rb", "\u{7}"]), ["a b"]);
        assert!(lines(&[""]).is_empty());
    }
}
