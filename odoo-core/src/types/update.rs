//! The three states of a field in a write payload: leave alone, empty, or set.

use serde::de::Deserializer;
use serde::ser::Error as _;
use serde::{Deserialize, Serialize, Serializer};

use super::odoo_option;

/// One field of a `write` (or `create`) payload: left out, emptied, or given a value.
///
/// Odoo's `write` only touches the keys present in its `vals`, and empties a field when
/// the value is `false`. A payload struct with one `FieldUpdate` per field expresses all
/// three cases; mark every such field with
/// `#[serde(default, skip_serializing_if = "FieldUpdate::is_unset")]` so that
/// [`Unset`](Self::Unset) fields are left out of the JSON:
///
/// ```
/// use odoo_core::types::{FieldUpdate, Many2one};
/// use serde::Serialize;
///
/// #[derive(Debug, Default, Serialize)]
/// struct PartnerWrite {
///     #[serde(default, skip_serializing_if = "FieldUpdate::is_unset")]
///     name: FieldUpdate<String>,
///     #[serde(default, skip_serializing_if = "FieldUpdate::is_unset")]
///     email: FieldUpdate<String>,
///     #[serde(default, skip_serializing_if = "FieldUpdate::is_unset")]
///     parent_id: FieldUpdate<Many2one>,
/// }
///
/// let vals = PartnerWrite {
///     email: FieldUpdate::Set("info@example.com".to_owned()),
///     parent_id: FieldUpdate::Clear,
///     ..PartnerWrite::default()
/// };
/// assert_eq!(
///     serde_json::to_string(&vals).unwrap(),
///     r#"{"email":"info@example.com","parent_id":false}"#,
/// );
/// ```
///
/// Serializing an `Unset` value that was not skipped is an error rather than a silent
/// `null` (which Odoo would take as "empty the field").
///
/// Reading (as a server emulator does) maps a missing key to `Unset` (with
/// `#[serde(default)]`), `false` and `null` to `Clear`, and anything else to `Set`. For a
/// boolean field `Clear` and `Set(false)` are the same `false` on the wire, and reading
/// `false` gives `Clear`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum FieldUpdate<T> {
    /// Leave the field as it is: the key is not sent. The default.
    #[default]
    Unset,
    /// Empty the field: sent as `false`.
    Clear,
    /// Give the field this value.
    Set(T),
}

impl<T> FieldUpdate<T> {
    /// Whether the field is left alone; meant for `skip_serializing_if`.
    pub const fn is_unset(&self) -> bool {
        matches!(self, Self::Unset)
    }

    /// Whether the field is to be emptied.
    pub const fn is_clear(&self) -> bool {
        matches!(self, Self::Clear)
    }

    /// Whether the field is given a value.
    pub const fn is_set(&self) -> bool {
        matches!(self, Self::Set(_))
    }

    /// The value, if one is given.
    pub const fn as_set(&self) -> Option<&T> {
        match self {
            Self::Set(value) => Some(value),
            Self::Unset | Self::Clear => None,
        }
    }

    /// The value, if one is given, by value.
    pub fn into_set(self) -> Option<T> {
        match self {
            Self::Set(value) => Some(value),
            Self::Unset | Self::Clear => None,
        }
    }

    /// Applies `f` to the value, if one is given.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> FieldUpdate<U> {
        match self {
            Self::Unset => FieldUpdate::Unset,
            Self::Clear => FieldUpdate::Clear,
            Self::Set(value) => FieldUpdate::Set(f(value)),
        }
    }
}

/// `Some(value)` sets the field, `None` empties it.
impl<T> From<Option<T>> for FieldUpdate<T> {
    fn from(value: Option<T>) -> Self {
        match value {
            Some(value) => Self::Set(value),
            None => Self::Clear,
        }
    }
}

impl<T: Serialize> Serialize for FieldUpdate<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Set(value) => value.serialize(serializer),
            Self::Clear => serializer.serialize_bool(false),
            Self::Unset => Err(S::Error::custom(
                "FieldUpdate::Unset cannot be written: mark the field with \
                 #[serde(default, skip_serializing_if = \"FieldUpdate::is_unset\")]",
            )),
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for FieldUpdate<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        odoo_option::deserialize(deserializer).map(Self::from)
    }
}
