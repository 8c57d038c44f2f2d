//! What Odoo's HTML sanitizer does to the values of `html` fields that integrations see: a
//! value that starts with text gets that text wrapped in a paragraph (up to the first block
//! element), `&`, `<` and `>` that are not markup are escaped, and leading blanks go:
//! `from context` is stored as `<p>from context</p>`, `a & b` as `<p>a &amp; b</p>`,
//! `<b>x</b>` as it is. Markup itself is kept as given (the sanitizer's removal of scripts and
//! unknown attributes is not played).

/// Elements that end the paragraph a leading text is wrapped in.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "ul",
    "ol",
    "li",
    "table",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "pre",
    "hr",
    "section",
    "header",
    "footer",
    "address",
];

/// An `html` value as Odoo stores it (see the [module](self)).
pub(crate) fn sanitize(value: &str) -> String {
    let value = value.trim_start();
    if value.is_empty() {
        return String::new();
    }
    let escaped = escape_text(value, false);
    if escaped.starts_with('<') {
        return escaped;
    }
    let end = first_block(&escaped).unwrap_or(escaped.len());
    format!("<p>{}</p>{}", &escaped[..end], &escaped[end..])
}

/// Plain text as HTML: every `&`, `<` and `>` escaped (how Odoo 17 and later post a message
/// body given as a string).
pub(crate) fn plain_text(text: &str) -> String {
    escape_text(text, true)
}

/// Escapes `&`, `<` and `>`; unless `all`, keeps tags and character references as markup.
fn escape_text(text: &str, all: bool) -> String {
    let mut out = String::with_capacity(text.len());
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < text.len() {
        let rest = &text[i..];
        let c = rest.chars().next().unwrap_or_default();
        match c {
            '<' if !all && starts_tag(&bytes[i + 1..]) => {
                let end = rest.find('>').map_or(rest.len(), |e| e + 1);
                out.push_str(&rest[..end]);
                i += end;
                continue;
            }
            '&' if !all && is_reference(rest) => out.push('&'),
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            other => out.push(other),
        }
        i += c.len_utf8();
    }
    out
}

/// Whether the bytes after a `<` open a tag, a closing tag or a comment.
fn starts_tag(after: &[u8]) -> bool {
    after
        .first()
        .is_some_and(|b| b.is_ascii_alphabetic() || *b == b'/' || *b == b'!')
}

/// Whether `text` (starting with `&`) starts a character reference: `&amp;`, `&#39;`,
/// `&#x27;`.
fn is_reference(text: &str) -> bool {
    let Some(end) = text.find(';') else {
        return false;
    };
    let body = &text[1..end];
    match body.strip_prefix('#') {
        Some(number) => match number.strip_prefix(['x', 'X']) {
            Some(hex) => !hex.is_empty() && hex.chars().all(|c| c.is_ascii_hexdigit()),
            None => !number.is_empty() && number.chars().all(|c| c.is_ascii_digit()),
        },
        None => !body.is_empty() && body.chars().all(|c| c.is_ascii_alphanumeric()),
    }
}

/// Where the first block element of escaped HTML starts.
fn first_block(html: &str) -> Option<usize> {
    html.match_indices('<').map(|(i, _)| i).find(|i| {
        let name: String = html[i + 1..]
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .collect::<String>()
            .to_ascii_lowercase();
        BLOCKS.contains(&name.as_str())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The values were written to `res.partner.comment` of Odoo 16 to 19 and read back.
    #[test]
    fn sanitizes_as_odoo_stores_html() {
        let cases = [
            ("from context", "<p>from context</p>"),
            ("a & b", "<p>a &amp; b</p>"),
            ("line1\nline2", "<p>line1\nline2</p>"),
            ("<b>x</b>", "<b>x</b>"),
            ("", ""),
            ("plain <i>mix</i> text", "<p>plain <i>mix</i> text</p>"),
            ("  spaced  ", "<p>spaced  </p>"),
            ("say \"hi\" & 'bye'", "<p>say \"hi\" &amp; 'bye'</p>"),
            ("a < b > c", "<p>a &lt; b &gt; c</p>"),
            ("&amp; done", "<p>&amp; done</p>"),
            ("x\n\n<p>y</p>", "<p>x\n\n</p><p>y</p>"),
            ("<p>closed</p> tail", "<p>closed</p> tail"),
        ];
        for (given, stored) in cases {
            assert_eq!(sanitize(given), stored, "{given:?}");
        }
    }

    /// Message bodies posted as strings on Odoo 17 to 19, read back.
    #[test]
    fn plain_text_escapes_all_markup() {
        assert_eq!(
            sanitize(&plain_text("<b>x</b>")),
            "<p>&lt;b&gt;x&lt;/b&gt;</p>"
        );
        assert_eq!(sanitize(&plain_text("&amp; done")), "<p>&amp;amp; done</p>");
        assert_eq!(
            sanitize(&plain_text("<p>closed</p> tail")),
            "<p>&lt;p&gt;closed&lt;/p&gt; tail</p>"
        );
    }
}
