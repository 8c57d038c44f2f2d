//! `binary` fields: bytes carried as base64 text.

use std::fmt;

use base64::alphabet;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig, STANDARD};
use base64::engine::DecodePaddingMode;
use base64::Engine as _;
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

use super::error::{empty_field, preview, ValueError};

/// Standard alphabet; padding optional on input (Odoo pads, other writers may not).
const LENIENT: GeneralPurpose = GeneralPurpose::new(
    &alphabet::STANDARD,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// The contents of an Odoo `binary` field (an image, an attachment's `datas`, ...).
///
/// On the wire Odoo sends and takes these as base64 text in the standard alphabet with
/// padding; this type holds the decoded bytes. Reading tolerates line breaks and other
/// ASCII whitespace inside the text and missing padding. An empty field arrives as
/// `false`, so use `Option<Binary>` with [`odoo_option`](super::odoo_option).
///
/// When a read passes `bin_size: true` in its context, Odoo replaces the contents by a
/// human-readable size such as `"10.08 Kb"`. That text is not base64 and decoding it into
/// `Binary` fails with an error that says so: declare such fields as `Option<String>`.
///
/// `Debug` shows the length, not the bytes, so large images do not flood logs.
///
/// ```
/// use odoo_core::types::Binary;
///
/// let data: Binary = serde_json::from_str("\"SGVsbG8sIE9kb28hCg==\"").unwrap();
/// assert_eq!(data.as_bytes(), b"Hello, Odoo!\n");
/// assert_eq!(serde_json::to_string(&data).unwrap(), "\"SGVsbG8sIE9kb28hCg==\"");
/// assert!(serde_json::from_str::<Binary>("\"10.08 Kb\"").is_err());
/// ```
#[derive(Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Binary(Vec<u8>);

impl Binary {
    /// Wraps raw bytes.
    pub fn new(bytes: impl Into<Vec<u8>>) -> Self {
        Self(bytes.into())
    }

    /// Decodes base64 text as Odoo sends it, ignoring ASCII whitespace.
    ///
    /// # Errors
    ///
    /// [`ValueError::Base64`] when the text is not base64 (for instance a `bin_size`
    /// size such as `"10.08 Kb"`).
    pub fn from_base64(text: &str) -> Result<Self, ValueError> {
        let decoded = if text.bytes().any(|b| b.is_ascii_whitespace()) {
            let compact: Vec<u8> = text.bytes().filter(|b| !b.is_ascii_whitespace()).collect();
            LENIENT.decode(compact)
        } else {
            LENIENT.decode(text)
        };
        decoded.map(Self).map_err(|err| {
            let reason = if looks_like_size(text) {
                format!(
                    "{err}; this looks like the size text Odoo sends instead of the \
                     contents when the context has `bin_size`, read such fields as `String`"
                )
            } else {
                err.to_string()
            };
            ValueError::Base64 {
                text: preview(text),
                reason,
            }
        })
    }

    /// The bytes as base64 text in the standard alphabet with padding.
    pub fn to_base64(&self) -> String {
        STANDARD.encode(&self.0)
    }

    /// The bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// The bytes, by value.
    pub fn into_bytes(self) -> Vec<u8> {
        self.0
    }

    /// Number of bytes.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are no bytes.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// Whether `text` has the shape of Odoo's `human_size` output: a number, a space and
/// one of `bytes`, `Kb`, `Mb`, `Gb`, `Tb`.
fn looks_like_size(text: &str) -> bool {
    let Some((number, unit)) = text.trim().split_once(' ') else {
        return false;
    };
    let number_ok = !number.is_empty()
        && number.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && number.bytes().any(|b| b.is_ascii_digit());
    number_ok && matches!(unit, "bytes" | "Kb" | "Mb" | "Gb" | "Tb")
}

impl fmt::Debug for Binary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Binary({} bytes)", self.0.len())
    }
}

impl From<Vec<u8>> for Binary {
    fn from(bytes: Vec<u8>) -> Self {
        Self(bytes)
    }
}

impl From<&[u8]> for Binary {
    fn from(bytes: &[u8]) -> Self {
        Self(bytes.to_vec())
    }
}

impl From<Binary> for Vec<u8> {
    fn from(binary: Binary) -> Self {
        binary.0
    }
}

impl AsRef<[u8]> for Binary {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

impl Serialize for Binary {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.to_base64())
    }
}

impl<'de> Deserialize<'de> for Binary {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(BinaryVisitor)
    }
}

/// Reads a [`Binary`] from base64 text, or takes raw bytes as they are (a format that
/// has a native byte type, as XML-RPC's `<base64>` may be mapped to, hands them over
/// already decoded), or from the `{"content": base64, "size": n, "filename": ...}` object
/// that builds after Odoo 19 answer for a binary field.
struct BinaryVisitor;

impl<'de> Visitor<'de> for BinaryVisitor {
    type Value = Binary;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("base64 text of a binary field")
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Binary, E> {
        Binary::from_base64(text).map_err(E::custom)
    }

    fn visit_bytes<E: de::Error>(self, bytes: &[u8]) -> Result<Binary, E> {
        Ok(Binary(bytes.to_vec()))
    }

    fn visit_byte_buf<E: de::Error>(self, bytes: Vec<u8>) -> Result<Binary, E> {
        Ok(Binary(bytes))
    }

    fn visit_bool<E: de::Error>(self, value: bool) -> Result<Binary, E> {
        if value {
            Err(E::invalid_type(de::Unexpected::Bool(true), &self))
        } else {
            Err(empty_field("base64 text of a binary field", "false"))
        }
    }

    fn visit_unit<E: de::Error>(self) -> Result<Binary, E> {
        Err(empty_field("base64 text of a binary field", "null"))
    }

    fn visit_none<E: de::Error>(self) -> Result<Binary, E> {
        self.visit_unit()
    }

    fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Binary, A::Error> {
        let mut content = None;
        while let Some(key) = map.next_key::<String>()? {
            if key == "content" {
                content = Some(map.next_value::<Binary>()?);
            } else {
                map.next_value::<de::IgnoredAny>()?;
            }
        }
        content.ok_or_else(|| de::Error::missing_field("content"))
    }
}
