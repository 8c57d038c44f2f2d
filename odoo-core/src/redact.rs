//! Scrubbing secrets (passwords, API keys, session ids) from what an [`Error`] carries.
//!
//! A secret reaches an error only when a server echoes what the client sent: a traceback
//! that prints the arguments of `execute_kw` (`'hunter2'`), a JSON or XML body sent back in a
//! 400 page (`"password": "hunter2"`, `<string>hunter2</string>`), a form or a cookie
//! (`password=hunter2&`, `session_id=...;`), an `Authorization: bearer ...` header. So a
//! secret is replaced where it stands as such a whole value, in any of the forms it takes
//! once escaped, between a pair of delimiters that open and close one value:
//!
//! | opens | closes |
//! |---|---|
//! | `'`, `"` or `` ` `` | the same quote |
//! | `>` (an XML element) | `<` |
//! | `=` (a form field, a cookie) | `&`, `;`, `,`, a bracket, a quote, `<`, white space, the end |
//! | `bearer ` (a header) | white space, a quote, `,`, the end |
//!
//! Text that merely contains the secret is left alone: with the password `admin`, the field
//! `administrator_note` stays as it is, and with the password `a`, Odoo's message
//! `Invalid operator in condition ('email', 'bogus_op', 'a first')` too (the quoted value is
//! `a first`, not `a`).
//!
//! A text cut short (a body excerpt, a server's own truncated echo) may end inside a secret:
//! a prefix of a secret that opens a value at the very end of a text is replaced too.

use crate::error::{Error, Repr, BODY_EXCERPT_CHARS};

/// What replaces a secret.
const REDACTED: &str = "<redacted>";

/// The shortest prefix of a secret that is replaced at the end of a text (the whole secret
/// when it is shorter).
const MIN_TAIL: usize = 4;

impl Error {
    /// Replaces each secret where it stands as a value in the texts this error carries.
    pub(crate) fn redact(mut self, secrets: &[&str]) -> Self {
        let forms = Forms::new(secrets);
        match self.repr_mut() {
            Repr::Odoo(e) => {
                forms.scrub(&mut e.message);
                if let Some(debug) = &mut e.debug {
                    forms.scrub(debug);
                }
            }
            Repr::Http(e) => {
                // Cut first: a secret the cut splits is caught by its prefix at the end.
                cut_chars(&mut e.body_excerpt, BODY_EXCERPT_CHARS);
                forms.scrub(&mut e.body_excerpt);
            }
            Repr::Transport(e) => {
                forms.scrub(&mut e.message);
                // The source error's text cannot be rewritten; drop it when it would leak.
                if let Some(source) = &e.source {
                    let mut text = format!("{source} {source:?}");
                    if forms.scrub(&mut text) {
                        e.source = None;
                    }
                }
            }
            Repr::Decode(e) => {
                forms.scrub(&mut e.message);
            }
            Repr::Limit(_) => {}
            Repr::InvalidInput(e) => {
                forms.scrub(&mut e.message);
            }
            Repr::Unavailable(_) => {}
        }
        self
    }
}

/// `text` with each secret replaced by `replacement` where it stands as a value (see the
/// module's rules).
pub(crate) fn scrub_text(text: &str, secrets: &[&str], replacement: &str) -> String {
    let mut text = text.to_owned();
    let mut forms = Forms::new(secrets);
    forms.replacement = replacement.to_owned();
    forms.scrub(&mut text);
    text
}

/// Every form of every secret, longest first so that no form is half-replaced by a shorter
/// one.
struct Forms {
    forms: Vec<String>,
    replacement: String,
}

impl Forms {
    fn new(secrets: &[&str]) -> Self {
        let mut forms: Vec<String> = secrets.iter().flat_map(|s| secret_forms(s)).collect();
        forms.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
        forms.dedup();
        Self {
            forms,
            replacement: REDACTED.to_owned(),
        }
    }

    /// Replaces the delimited occurrences and a delimited prefix at the end; whether anything
    /// was replaced.
    fn scrub(&self, text: &mut String) -> bool {
        let whole = self.scrub_whole(text);
        self.scrub_tail(text) || whole
    }

    fn scrub_whole(&self, text: &mut String) -> bool {
        let mut changed = false;
        for form in &self.forms {
            changed |= replace_delimited(text, form, &self.replacement);
        }
        changed
    }

    fn scrub_tail(&self, text: &mut String) -> bool {
        self.forms
            .iter()
            .any(|form| replace_tail(text, form, &self.replacement))
    }
}

fn cut_chars(text: &mut String, max: usize) {
    if let Some((cut, _)) = text.char_indices().nth(max) {
        text.truncate(cut);
    }
}

/// How the value that starts at `at` is opened, if it is: the delimiter before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Opener {
    Quote(char),
    Element,
    Assignment,
    Bearer,
}

fn opens_value(text: &str, at: usize) -> Option<Opener> {
    let before = &text[..at];
    match before.chars().next_back()? {
        c @ ('\'' | '"' | '`') => Some(Opener::Quote(c)),
        '>' => Some(Opener::Element),
        '=' => Some(Opener::Assignment),
        ' ' => before
            .get(before.len().saturating_sub(7)..)
            .is_some_and(|word| word.eq_ignore_ascii_case("bearer "))
            .then_some(Opener::Bearer),
        _ => None,
    }
}

/// Whether the value opened by `opener` ends at `at`.
fn closes_value(text: &str, at: usize, opener: Opener) -> bool {
    let next = text[at..].chars().next();
    match (opener, next) {
        (Opener::Quote(quote), Some(c)) => c == quote,
        (Opener::Element, Some(c)) => c == '<',
        (Opener::Assignment, Some(c)) => {
            c.is_whitespace()
                || matches!(
                    c,
                    '\'' | '"' | '&' | ';' | '<' | ',' | ')' | ']' | '}' | '`'
                )
        }
        (Opener::Bearer, Some(c)) => c.is_whitespace() || matches!(c, '\'' | '"' | ','),
        // A quoted value or an element is closed by its delimiter: at the end of the text it
        // may be cut short, which `replace_tail` deals with.
        (Opener::Quote(_) | Opener::Element, None) => false,
        (Opener::Assignment | Opener::Bearer, None) => true,
    }
}

fn replace_delimited(text: &mut String, form: &str, replacement: &str) -> bool {
    let mut out = String::with_capacity(text.len());
    let mut rest = 0;
    let mut from = 0;
    while let Some(found) = text[from..].find(form) {
        let start = from + found;
        let end = start + form.len();
        if opens_value(text, start).is_some_and(|opener| closes_value(text, end, opener)) {
            out.push_str(&text[rest..start]);
            out.push_str(replacement);
            rest = end;
            from = end;
        } else {
            from = start + text[start..].chars().next().map_or(1, char::len_utf8);
        }
    }
    if rest == 0 {
        return false;
    }
    out.push_str(&text[rest..]);
    *text = out;
    true
}

/// Replaces a prefix of `form` (at least [`MIN_TAIL`] characters, or all of a shorter form)
/// that ends the text and opens a value.
fn replace_tail(text: &mut String, form: &str, replacement: &str) -> bool {
    let shortest = form.chars().count().min(MIN_TAIL);
    let mut ends: Vec<usize> = form.char_indices().map(|(i, _)| i).skip(1).collect();
    ends.push(form.len());
    for &end in ends.iter().rev() {
        if form[..end].chars().count() < shortest {
            break;
        }
        let prefix = &form[..end];
        if text.ends_with(prefix) && opens_value(text, text.len() - prefix.len()).is_some() {
            let keep = text.len() - prefix.len();
            text.truncate(keep);
            text.push_str(replacement);
            return true;
        }
    }
    false
}

/// The texts a secret can take once a server echoes it: as sent, JSON-escaped (with and
/// without `\uXXXX` for non-ASCII, as Python writes it), XML-escaped, URL-encoded and as
/// Python's repr.
fn secret_forms(secret: &str) -> Vec<String> {
    if secret.is_empty() {
        return Vec::new();
    }
    let mut forms = vec![secret.to_owned()];
    let json = serde_json::to_string(secret).unwrap_or_default();
    if let Some(inner) = json.get(1..json.len().saturating_sub(1)) {
        forms.push(inner.to_owned());
    }
    let mut ascii = String::new();
    for c in secret.chars() {
        match c {
            '"' => ascii.push_str("\\\""),
            '\\' => ascii.push_str("\\\\"),
            c if c.is_ascii() && !c.is_ascii_control() => ascii.push(c),
            c => {
                let mut units = [0_u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    ascii.push_str(&format!("\\u{unit:04x}"));
                }
            }
        }
    }
    forms.push(ascii);
    let xml = secret
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    forms.push(xml.clone());
    forms.push(xml.replace('"', "&quot;").replace('\'', "&apos;"));
    let mut url = String::new();
    for byte in secret.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            url.push(char::from(byte));
        } else {
            url.push_str(&format!("%{byte:02X}"));
        }
    }
    forms.push(url);
    // Python's repr, as a traceback prints an argument.
    forms.push(secret.replace('\\', "\\\\").replace('\'', "\\'"));
    forms.sort();
    forms.dedup();
    forms
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::{ErrorContext, HttpError};
    use proptest::prelude::*;

    fn scrubbed(text: &str, secrets: &[&str]) -> String {
        let mut text = text.to_owned();
        Forms::new(secrets).scrub(&mut text);
        text
    }

    #[test]
    fn redaction_scrubs_every_text() {
        let err = Error::http(HttpError {
            status: 400,
            body_excerpt: "echo: password=hunter2".into(),
            content_type: None,
            retry_after: None,
            context: ErrorContext::default(),
        })
        .redact(&["hunter2"]);
        assert!(!format!("{err} {err:?}").contains("hunter2"));
    }

    #[test]
    fn ordinary_words_that_contain_the_secret_stay() {
        for (text, secret) in [
            (
                "Invalid field 'administrator_note' on model 'res.partner'",
                "admin",
            ),
            ("Object no.admin.model doesn't exist", "admin"),
            ("Access Denied: wrong login, password or API key", "wrong"),
            ("the response of res.partner.read", "p"),
            ("Access Denied", "Access"),
            (
                "Invalid operator in condition ('email', 'bogus_op', 'a first')",
                "a",
            ),
            ("\"admin rights\" and 'admins' and `the admin`", "admin"),
            ("<b>admin panel</b> x=admins", "admin"),
        ] {
            assert_eq!(scrubbed(text, &[secret]), text, "{secret}");
        }
    }

    #[test]
    fn echoed_values_go_in_every_form() {
        let secret = "pa'ss\"w<rd>&é";
        for echo in [
            "execute_kw('odoo', 2, 'pa\\'ss\"w<rd>&é', 'res.partner')".to_owned(),
            format!(
                "{{\"password\": {}}}",
                serde_json::to_string(secret).unwrap_or_default()
            ),
            "<string>pa'ss\"w&lt;rd&gt;&amp;é</string>".to_owned(),
            "password=pa%27ss%22w%3Crd%3E%26%C3%A9&db=x".to_owned(),
            "Authorization: bearer pa'ss\"w<rd>&é\r\n".to_owned(),
            "{\"key\": \"pa'ss\\\"w<rd>&\\u00e9\"}".to_owned(),
        ] {
            let out = scrubbed(&echo, &[secret]);
            assert!(out.contains(REDACTED), "{echo} -> {out}");
            for form in secret_forms(secret) {
                assert!(!out.contains(&form), "{echo} -> {out}");
            }
        }
    }

    #[test]
    fn a_secret_cut_at_the_end_is_replaced() {
        let out = scrubbed(
            "400: {\"password\": \"Ech0\\\"Pw&",
            &["Ech0\"Pw&<é>xxxxxxxxxxxx"],
        );
        assert_eq!(out, format!("400: {{\"password\": \"{REDACTED}"));
        // Three characters of a long secret are not enough to tell.
        assert_eq!(scrubbed("a='Ech", &["Ech0Pw"]), "a='Ech");
    }

    #[test]
    fn an_excerpt_is_cut_then_scrubbed() {
        let secret = "Ech0Pw-0123456789";
        let body = format!("{}{{\"password\": \"{secret}\"}}", "x".repeat(490));
        let err = Error::http(HttpError {
            status: 400,
            body_excerpt: body,
            content_type: None,
            retry_after: None,
            context: ErrorContext::default(),
        })
        .redact(&[secret]);
        let excerpt = &err
            .http_error()
            .map(|e| e.body_excerpt.clone())
            .unwrap_or_default();
        assert!(excerpt.ends_with(&format!("\"{REDACTED}")), "{excerpt}");
        assert!(!excerpt.contains("Ech0"), "{excerpt}");
    }

    #[test]
    fn session_cookies_and_keys_go() {
        let out = scrubbed("Cookie: session_id=abc123def; other=1", &["abc123def"]);
        assert_eq!(out, format!("Cookie: session_id={REDACTED}; other=1"));
    }

    const ODOO_TEXTS: &[&str] = &[
        "Access Denied",
        "Invalid field 'administrator_note' on model 'res.partner'",
        "Object no.such.model doesn't exist",
        "Record does not exist or has been deleted.\n(Record: res.partner(59,), User: 2)",
        "You cannot create recursive Partner hierarchies.",
        "The operation cannot be completed: a mandatory field is not set.",
        "Traceback (most recent call last):\n  File \"x.py\", line 1, in f\nValueError: Invalid leaf ('name', '=', 1)",
        "<html><title>400 Bad Request</title></html>",
        "HTTP 502 from res.partner.search over json-rpc",
    ];

    proptest! {
        /// Text without the secret comes out unchanged, whatever the secret, short ones and
        /// words of Odoo's messages included.
        #[test]
        fn text_without_the_secret_is_unchanged(
            secret in prop_oneof![
                "[a-zA-Z0-9]{1,3}",
                "[ -~]{4,16}",
                prop::sample::select(vec!["admin", "p", "Access", "field", "model", "res", "Partner", "the"]).prop_map(str::to_owned),
            ],
            index in 0..ODOO_TEXTS.len(),
        ) {
            let text = ODOO_TEXTS[index];
            prop_assume!(!secret_forms(&secret).iter().any(|f| text.contains(f.as_str())));
            prop_assert_eq!(scrubbed(text, &[&secret]), text);
        }

        /// Text whose words merely contain the secret, start or end with it, or hold it as
        /// one word of a longer quoted value, comes out unchanged.
        #[test]
        fn words_that_contain_the_secret_are_unchanged(
            secret in "[a-zA-Z0-9]{1,10}",
            values in prop::collection::vec(
                (
                    prop::sample::select(vec![None, Some('\''), Some('"'), Some('`'), Some('(')]),
                    prop::collection::vec((0u8..4, "[a-z0-9_]{1,6}"), 1..4),
                ),
                1..6,
            ),
            separator in prop::sample::select(vec![" ", ", ", ": ", "\n"]),
        ) {
            let mut parts = Vec::new();
            for (quote, words) in &values {
                let single = words.len() == 1;
                let words: Vec<String> = words
                    .iter()
                    .map(|(shape, other)| match shape {
                        0 => format!("{secret}{other}"),
                        1 => format!("{other}{secret}"),
                        // The secret itself, as a word of a longer value or unquoted.
                        2 if !single || quote.is_none() => secret.clone(),
                        _ => format!("w{other}"),
                    })
                    .collect();
                let phrase = words.join(" ");
                parts.push(match quote {
                    Some('(') => format!("({phrase})"),
                    Some(q) => format!("{q}{phrase}{q}"),
                    None => phrase,
                });
            }
            let text = parts.join(separator);
            prop_assert_eq!(scrubbed(&text, &[&secret]), text);
        }

        /// An echoed secret never stays whole, nor as a prefix of four characters or more at
        /// the end of an excerpt.
        #[test]
        fn echoed_secrets_never_remain(
            secret in "[ -~é€]{1,24}",
            (before, after) in prop::sample::select(vec![
                ("'", "' and more"),
                ("\"password\": \"", "\", \"db\": 1}"),
                ("<string>", "</string>"),
                ("password=", "&db=x"),
                ("session_id=", "; path=/"),
                ("bearer ", "\r\n"),
            ]),
            cut in 0usize..32,
        ) {
            let forms = secret_forms(&secret);
            for form in &forms {
                let echo = format!("Odoo said: {before}{form}{after}");
                let out = scrubbed(&echo, &[&secret]).replace(REDACTED, "\u{0}");
                // The value no longer stands whole between its delimiters. (Its opening
                // delimiter and the secret may still meet elsewhere: with the secret " ",
                // the closing quote and the space after it.)
                prop_assert!(!out.contains(&format!("{before}{form}{after}")), "{} -> {}", echo, out);
                // Cut inside the secret, as an excerpt would be.
                let head = format!("Odoo said: {before}");
                let kept: String = form.chars().take(cut).collect();
                let cut_text = format!("{head}{kept}");
                let out = scrubbed(&cut_text, &[&secret]);
                let left = out.strip_prefix(head.as_str()).unwrap_or(&out);
                let leaked = left.chars().count() >= MIN_TAIL && left != REDACTED && form.starts_with(left);
                prop_assert!(!leaked, "{} -> {}", cut_text, out);
            }
        }
    }
}
