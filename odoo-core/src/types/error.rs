//! The error returned when text or a value cannot become one of the types of this module.

use std::fmt;

/// Why a value could not be turned into one of the field types of this module.
///
/// The same messages appear, wrapped, in deserialization errors, so a failed decode of a
/// record names the offending text and the format that was expected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ValueError {
    /// Text that is not a date in Odoo's `YYYY-MM-DD` format.
    #[error("invalid Odoo date {text:?}: expected YYYY-MM-DD")]
    Date {
        /// The rejected text (shortened when long).
        text: String,
    },
    /// Text that is not a datetime in Odoo's `YYYY-MM-DD HH:MM:SS` format.
    #[error(
        "invalid Odoo datetime {text:?}: expected YYYY-MM-DD HH:MM:SS \
         (naive UTC, optionally followed by fractional seconds)"
    )]
    DateTime {
        /// The rejected text (shortened when long).
        text: String,
    },
    /// Text that is not valid base64 for a binary field.
    #[error("invalid base64 in binary field value {text:?}: {reason}")]
    Base64 {
        /// The rejected text (shortened when long).
        text: String,
        /// What the decoder objected to, with a hint when the text looks like a size.
        reason: String,
    },
    /// Text that is not a reference value `"model,id"`.
    #[error("invalid reference {text:?}: expected \"model,id\" such as \"res.partner,12\"")]
    Reference {
        /// The rejected text (shortened when long).
        text: String,
    },
    /// Values for an x2many create or update command that are not a JSON object.
    #[error("x2many command values must serialize to a JSON object: {reason}")]
    CommandValues {
        /// What was produced instead, or why serialization failed.
        reason: String,
    },
}

/// Longest piece of rejected text kept in an error message, in characters.
const PREVIEW_CHARS: usize = 64;

/// Copies `text` for an error message, cut to a bounded length on a character boundary.
pub(super) fn preview(text: &str) -> String {
    match text.char_indices().nth(PREVIEW_CHARS) {
        None => text.to_owned(),
        Some((cut, _)) => {
            let head = text.get(..cut).unwrap_or_default();
            format!("{head}... ({} bytes in all)", text.len())
        }
    }
}

/// The message used when `false` or `null` reaches a type that needs a value.
///
/// Odoo sends `false` for an empty field of any type except boolean, so the usual cause
/// is a field declared as `T` where it must be `Option<T>` with `odoo_option`.
struct EmptyFieldHint<'a> {
    /// What the type expected, e.g. "an Odoo date string".
    expected: &'a str,
    /// How the empty value appeared on the wire: "false" or "null".
    found: &'a str,
}

impl fmt::Display for EmptyFieldHint<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "expected {}, found `{}`: Odoo sends `false` for an empty field, so declare it as \
             `Option<_>` with `#[serde(default, with = \"odoo_core::types::odoo_option\")]`",
            self.expected, self.found
        )
    }
}

/// Builds a deserialization error for an empty value reaching a type that needs one.
pub(super) fn empty_field<E: serde::de::Error>(expected: &str, found: &str) -> E {
    E::custom(EmptyFieldHint { expected, found })
}

#[cfg(test)]
mod tests {
    use super::preview;

    #[test]
    fn preview_keeps_short_text_and_cuts_long_text_on_a_char_boundary() {
        assert_eq!(preview("abc"), "abc");
        let long = "é".repeat(100);
        let cut = preview(&long);
        assert!(cut.starts_with(&"é".repeat(64)));
        assert!(cut.ends_with("(200 bytes in all)"));
    }
}
