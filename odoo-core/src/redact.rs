//! Scrubbing secrets (passwords, API keys, session ids) from what an [`Error`] carries,
//! in every form a server may echo them.

use crate::error::{Error, Repr, BODY_EXCERPT_CHARS};

impl Error {
    /// Replaces every occurrence of each secret in the texts this error carries.
    pub(crate) fn redact(mut self, secrets: &[&str]) -> Self {
        let forms: Vec<String> = secrets.iter().flat_map(|s| secret_forms(s)).collect();
        let forms: Vec<&str> = forms.iter().map(String::as_str).collect();
        let secrets = forms.as_slice();
        fn scrub(text: &mut String, secrets: &[&str]) {
            for secret in secrets {
                if !secret.is_empty() && text.contains(secret) {
                    *text = text.replace(secret, "<redacted>");
                }
            }
        }
        match self.repr_mut() {
            Repr::Odoo(e) => {
                scrub(&mut e.message, secrets);
                if let Some(debug) = &mut e.debug {
                    scrub(debug, secrets);
                }
            }
            Repr::Http(e) => {
                scrub(&mut e.body_excerpt, secrets);
                if let Some((cut, _)) = e.body_excerpt.char_indices().nth(BODY_EXCERPT_CHARS) {
                    e.body_excerpt.truncate(cut);
                }
            }
            Repr::Transport(e) => {
                scrub(&mut e.message, secrets);
                // The source error's text cannot be rewritten; drop it when it would leak.
                if let Some(source) = &e.source {
                    let text = format!("{source} {source:?}");
                    if secrets.iter().any(|s| !s.is_empty() && text.contains(s)) {
                        e.source = None;
                    }
                }
            }
            Repr::Decode(e) => scrub(&mut e.message, secrets),
            Repr::Limit(_) => {}
            Repr::InvalidInput(e) => scrub(&mut e.message, secrets),
        }
        self
    }
}

/// The texts a secret can take once a server echoes it: as sent, JSON-escaped (with and
/// without `\uXXXX` for non-ASCII, as Python writes it), XML-escaped and URL-encoded.
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
    forms.sort();
    forms.dedup();
    // Longest first, so that a form is not half-replaced by a shorter one.
    forms.sort_by_key(|form| std::cmp::Reverse(form.len()));
    forms
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::{ErrorContext, HttpError};

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
}
