//! Odoo's method documentation (HTML rendered from docstrings) turned into rustdoc Markdown:
//! paragraphs and list items kept, literals (`<tt>`, `<code>`, `<cite>`) as code spans,
//! literal blocks (`<pre>`) as `text` code blocks (never compiled as doctests), every other
//! tag dropped, entities decoded, and the text escaped as [`docs::escape_markdown`] does so
//! that rustdoc takes it literally (no links, no HTML, URLs as autolinks).
//!
//! [`docs::escape_markdown`]: super::docs::escape_markdown

use std::fmt::Write as _;

use odoo_schema::methods::python_repr;
use odoo_schema::{MethodSchema, ParameterSchema};

use super::docs::escape_markdown;

pub(crate) use super::docs::lines;

/// Markdown being written from HTML.
#[derive(Default)]
struct Writer {
    /// Finished lines.
    out: Vec<String>,
    /// The line being written.
    line: String,
    /// Text of an open literal (`<tt>`), written as a code span when it closes.
    literal: Option<String>,
    /// The text of an open `<pre>`, written as a `text` code block when it closes.
    pre: Option<String>,
    /// One line for a list item or a sentence: breaks become spaces, blocks code spans.
    inline: bool,
}

impl Writer {
    fn flush(&mut self) {
        let line = std::mem::take(&mut self.line);
        if !line.trim().is_empty() {
            self.out.push(line.trim().to_owned());
        }
    }

    fn paragraph(&mut self) {
        if self.inline {
            self.space();
            return;
        }
        if self.line == "- " {
            return; // the first paragraph of a list item stays on its line
        }
        self.flush();
        if self.out.last().is_some_and(|l| !l.is_empty()) {
            self.out.push(String::new());
        }
    }

    fn space(&mut self) {
        if !self.line.is_empty() && !self.line.ends_with(' ') {
            self.line.push(' ');
        }
    }

    fn text(&mut self, raw: &str) {
        let text = decode_entities(raw);
        if let Some(literal) = &mut self.literal {
            literal.push_str(&text);
            return;
        }
        if let Some(pre) = &mut self.pre {
            pre.push_str(&text);
            return;
        }
        let collapsed: Vec<&str> = text.split_whitespace().collect();
        if text.starts_with(char::is_whitespace) {
            self.space();
        }
        self.line.push_str(&escape_markdown(&collapsed.join(" ")));
        if text.ends_with(char::is_whitespace) && !collapsed.is_empty() {
            self.space();
        }
    }

    fn tag(&mut self, tag: &str) {
        let closing = tag.starts_with('/');
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .collect::<String>()
            .to_ascii_lowercase();
        match name.as_str() {
            "tt" | "code" | "cite" | "kbd" | "samp" | "var" | "literal" => {
                if closing {
                    self.close_literal();
                } else if self.literal.is_none() && self.pre.is_none() {
                    self.literal = Some(String::new());
                }
            }
            "pre" if self.inline => {
                if closing {
                    self.close_literal();
                } else {
                    self.space();
                    self.literal = Some(String::new());
                }
            }
            "pre" => {
                if closing {
                    self.close_pre();
                } else if self.pre.is_none() {
                    self.paragraph();
                    self.pre = Some(String::new());
                }
            }
            "li" if !closing => {
                if self.inline {
                    self.space();
                } else {
                    self.flush();
                    self.line.push_str("- ");
                }
            }
            "br" | "tr" | "dt" | "dd" | "li" => {
                if self.inline || self.pre.is_some() {
                    self.space();
                } else {
                    self.flush();
                }
            }
            "td" | "th" => self.space(),
            "p" | "div" | "table" | "ul" | "ol" | "dl" | "blockquote" | "h1" | "h2" | "h3"
            | "h4" | "h5" | "h6" => self.paragraph(),
            _ => {}
        }
    }

    fn close_literal(&mut self) {
        let Some(literal) = self.literal.take() else {
            return;
        };
        let text = literal.split_whitespace().collect::<Vec<_>>().join(" ");
        if !text.is_empty() {
            self.line.push_str(&code_span(&text));
        }
    }

    /// A literal block, without its leading and trailing blank lines.
    fn close_pre(&mut self) {
        let Some(pre) = self.pre.take() else {
            return;
        };
        let body: Vec<&str> = pre.lines().collect();
        let first = body.iter().position(|l| !l.trim().is_empty());
        let last = body.iter().rposition(|l| !l.trim().is_empty());
        let (Some(first), Some(last)) = (first, last) else {
            return;
        };
        self.out.push("```text".to_owned());
        self.out
            .extend(body[first..=last].iter().map(|l| (*l).to_owned()));
        self.out.push("```".to_owned());
        self.out.push(String::new());
    }

    fn finish(mut self) -> Vec<String> {
        self.close_literal();
        self.close_pre();
        self.flush();
        lines(&self.out)
    }
}

/// `text` as a code span, with as many backticks around it as it needs.
pub(crate) fn code_span(text: &str) -> String {
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    if longest == 0 {
        format!("{fence}{text}{fence}")
    } else {
        format!("{fence} {text} {fence}")
    }
}

fn convert(html: &str, inline: bool) -> Vec<String> {
    let mut writer = Writer {
        inline,
        ..Writer::default()
    };
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        writer.text(&rest[..start]);
        let Some(end) = rest[start..].find('>') else {
            writer.text(&rest[start..]);
            rest = "";
            break;
        };
        writer.tag(&rest[start + 1..start + end]);
        rest = &rest[start + end + 1..];
    }
    writer.text(rest);
    writer.finish()
}

/// HTML documentation as doc lines of Markdown.
pub(crate) fn to_markdown(html: &str) -> Vec<String> {
    convert(html, false)
}

/// HTML documentation as one line (for a list item).
pub(crate) fn to_inline(html: &str) -> String {
    convert(html, true).join(" ")
}

fn decode_entities(text: &str) -> String {
    if !text.contains('&') {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find('&') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        let entity = after
            .find(';')
            .filter(|end| *end <= 10)
            .and_then(|end| Some((entity(&after[..end])?, end)));
        match entity {
            Some((c, end)) => {
                out.push(c);
                rest = &after[end + 1..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

fn entity(name: &str) -> Option<char> {
    let code = if let Some(hex) = name.strip_prefix("#x").or_else(|| name.strip_prefix("#X")) {
        u32::from_str_radix(hex, 16).ok()?
    } else if let Some(decimal) = name.strip_prefix('#') {
        decimal.parse().ok()?
    } else {
        return match name {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            "nbsp" => Some(' '),
            _ => None,
        };
    };
    char::from_u32(code)
}

/// The doc lines of a method's function: its signature, whether it acts on records, its
/// documentation, its arguments, what it returns and raises, where it is defined. `builder` is
/// the path of the builder of its optional parameters (`methods::MessagePost`), as the caller
/// lays the builders out.
pub(crate) fn method(
    model: &str,
    name: &str,
    method: &MethodSchema,
    builder: Option<&str>,
) -> Vec<String> {
    let target = if method.is_model_method() {
        "on the model"
    } else {
        "on the records `ids`"
    };
    let mut out = vec![
        format!(
            "{}, {target}.",
            code_span(&format!("{model}.{name}{}", method.signature()))
        ),
        String::new(),
    ];
    if let Some(doc) = &method.doc {
        out.extend(to_markdown(doc));
        out.push(String::new());
    }
    let required: Vec<&ParameterSchema> = method
        .parameters
        .iter()
        .filter(|p| p.is_required())
        .collect();
    if !required.is_empty() {
        out.push("Arguments:".to_owned());
        out.push(String::new());
        for parameter in required {
            out.push(format!("- {}", parameter_item(parameter)));
        }
        out.push(String::new());
    }
    if let Some(builder) = builder {
        out.push(format!("Optional parameters are setters of `{builder}`."));
        out.push(String::new());
    }
    if let Some(returns) = &method.returns {
        let mut line = "Returns".to_owned();
        if let Some(annotation) = &returns.annotation {
            let _ = write!(line, " {}", code_span(annotation));
        }
        if let Some(doc) = &returns.doc {
            let _ = write!(line, ": {}", to_inline(doc));
        }
        out.push(line);
        out.push(String::new());
    }
    if !method.raises.is_empty() {
        out.push("Raises:".to_owned());
        out.push(String::new());
        for (class, doc) in &method.raises {
            out.push(format!("- {}: {}", code_span(class), to_inline(doc)));
        }
        out.push(String::new());
    }
    out.push(defined_in(method));
    lines(&out)
}

fn defined_in(method: &MethodSchema) -> String {
    match (&method.defined_in, &method.module) {
        (Some(class), Some(module)) => format!(
            "Defined by {} (module {}).",
            code_span(class),
            code_span(module)
        ),
        (Some(class), None) => format!("Defined by {}.", code_span(class)),
        (None, Some(module)) => format!("Defined in module {}.", code_span(module)),
        (None, None) => String::new(),
    }
}

/// `` `email` (`str`): email-like string... ``
fn parameter_item(parameter: &ParameterSchema) -> String {
    let mut item = code_span(&parameter.name);
    if let Some(annotation) = &parameter.annotation {
        let _ = write!(item, " ({})", code_span(annotation));
    }
    if let Some(doc) = &parameter.doc {
        let _ = write!(item, ": {}", to_inline(doc));
    }
    item
}

/// The doc lines of a setter: the parameter's documentation, its Python annotation and
/// default.
pub(crate) fn parameter(parameter: &ParameterSchema) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(doc) = &parameter.doc {
        out.extend(to_markdown(doc));
        out.push(String::new());
    }
    let mut facts = format!("Parameter {}", code_span(&parameter.name));
    if let Some(annotation) = &parameter.annotation {
        let _ = write!(facts, ", Python type {}", code_span(annotation));
    }
    if let Some(default) = &parameter.default {
        let _ = write!(facts, ", default {}", code_span(&python_repr(default)));
    }
    facts.push('.');
    out.push(facts);
    lines(&out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_becomes_escaped_markdown() {
        let html = "<div class=\"document\">\n\n\n<p>Set <tt class=\"docutils literal\">active</tt> to \
                    <tt class=\"docutils literal\">False</tt> on a recordset [x] &lt;b&gt;.</p>\n\
                    <ul>\n<li><p class=\"first\">one</p>\n</li>\n<li>two <cite>write()</cite></li>\n</ul>\n\
                    <pre class=\"literal-block\">\n[{'a': 1}]\n</pre><p>see https://odoo.com. \
                    &quot;Raoul&quot; &lt;r.g&#64;example.com&gt;</p></div>";
        assert_eq!(
            to_markdown(html),
            [
                "Set `active` to `False` on a recordset \\[x\\] &lt;b&gt;.",
                "",
                "- one",
                "",
                "- two `write()`",
                "",
                "```text",
                "[{'a': 1}]",
                "```",
                "",
                "see <https://odoo.com>. \"Raoul\" &lt;r.g@example.com&gt;",
            ]
        );
        assert_eq!(
            to_inline("<p>list of <tt>ids</tt></p><pre>x = 1</pre>"),
            "list of `ids` `x = 1`"
        );
        assert_eq!(code_span("a`b"), "`` a`b ``");
        assert_eq!(to_markdown("unclosed <tt>tag"), ["unclosed `tag`"]);
        assert_eq!(to_markdown("a < b & c"), ["a &lt; b & c"]);
    }
}
