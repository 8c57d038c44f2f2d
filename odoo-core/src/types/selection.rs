//! `selection` fields: keys, the trait that typed selection enums implement, and serde
//! helpers built on it.
//!
//! A selection field holds one key out of a fixed list. Keys are strings for almost
//! every field (`"contact"`, `"draft"`, and also digit strings such as the `"0"`/`"1"` of
//! `priority` fields, which stay strings), but some fields have integer keys (for example
//! the `sel_groups_*` fields of `res.users` up to Odoo 18, keyed by group id). A
//! [`SelectionKey`] holds either kind and writes it back as it came: a JSON string or a
//! JSON integer. An empty selection arrives as `false`, so a field that may be empty is an
//! `Option<_>` with [`odoo_option`](super::odoo_option).
//!
//! A typed enum for one field implements [`SelectionValue`] (two small functions) and
//! then gets its serde implementations by delegating to [`serialize`] and
//! [`deserialize`] of this module. Keeping an `Unknown` variant means that keys added by a
//! newer Odoo version or another module still read, and write back unchanged.
//!
//! ```
//! use odoo_core::types::{selection, SelectionKey, SelectionValue};
//! use serde::{Deserialize, Deserializer, Serialize, Serializer};
//!
//! /// `res.partner.type`
//! #[derive(Debug, Clone, PartialEq, Eq)]
//! enum PartnerType { Contact, Invoice, Delivery, Other, Private, Unknown(String) }
//!
//! impl SelectionValue for PartnerType {
//!     fn from_key(key: SelectionKey) -> Self {
//!         match key.as_str() {
//!             Some("contact") => Self::Contact,
//!             Some("invoice") => Self::Invoice,
//!             Some("delivery") => Self::Delivery,
//!             Some("other") => Self::Other,
//!             Some("private") => Self::Private,
//!             _ => Self::Unknown(key.into_string()),
//!         }
//!     }
//!     fn key(&self) -> SelectionKey {
//!         match self {
//!             Self::Contact => "contact".into(),
//!             Self::Invoice => "invoice".into(),
//!             Self::Delivery => "delivery".into(),
//!             Self::Other => "other".into(),
//!             Self::Private => "private".into(),
//!             Self::Unknown(key) => key.as_str().into(),
//!         }
//!     }
//! }
//!
//! impl Serialize for PartnerType {
//!     fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
//!         selection::serialize(self, serializer)
//!     }
//! }
//!
//! impl<'de> Deserialize<'de> for PartnerType {
//!     fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
//!         selection::deserialize(deserializer)
//!     }
//! }
//!
//! let kind: PartnerType = serde_json::from_str("\"invoice\"").unwrap();
//! assert_eq!(kind, PartnerType::Invoice);
//! let newer: PartnerType = serde_json::from_str("\"followup\"").unwrap();
//! assert_eq!(newer, PartnerType::Unknown("followup".into()));
//! assert_eq!(serde_json::to_string(&newer).unwrap(), "\"followup\"");
//! ```
//!
//! An enum without serde implementations can also be used on a field directly, with
//! `#[serde(with = "odoo_core::types::selection")]`, or, for `Option<_>` fields that may be
//! `false`, `#[serde(default, with = "odoo_core::types::selection::option")]`.

use std::fmt;

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

use super::error::empty_field;

/// The key of a selection value as sent on the wire: a string or an integer.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SelectionKey {
    /// A string key, such as `"draft"` or `"0"`.
    Str(String),
    /// An integer key, such as a group id.
    Int(i64),
}

impl SelectionKey {
    /// The key if it is a string.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Self::Str(key) => Some(key),
            Self::Int(_) => None,
        }
    }

    /// The key if it is an integer.
    pub const fn as_int(&self) -> Option<i64> {
        match self {
            Self::Int(key) => Some(*key),
            Self::Str(_) => None,
        }
    }

    /// The key as text: a string key as it is, an integer key in decimal.
    pub fn into_string(self) -> String {
        match self {
            Self::Str(key) => key,
            Self::Int(key) => key.to_string(),
        }
    }
}

impl fmt::Display for SelectionKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Str(key) => f.write_str(key),
            Self::Int(key) => fmt::Display::fmt(key, f),
        }
    }
}

impl From<&str> for SelectionKey {
    fn from(key: &str) -> Self {
        Self::Str(key.to_owned())
    }
}

impl From<String> for SelectionKey {
    fn from(key: String) -> Self {
        Self::Str(key)
    }
}

impl From<i64> for SelectionKey {
    fn from(key: i64) -> Self {
        Self::Int(key)
    }
}

impl Serialize for SelectionKey {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Str(key) => serializer.serialize_str(key),
            Self::Int(key) => serializer.serialize_i64(*key),
        }
    }
}

impl<'de> Deserialize<'de> for SelectionKey {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(SelectionKeyVisitor)
    }
}

/// Reads a [`SelectionKey`] from a string or an integer.
struct SelectionKeyVisitor;

impl Visitor<'_> for SelectionKeyVisitor {
    type Value = SelectionKey;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a selection key (a string or an integer)")
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<SelectionKey, E> {
        Ok(SelectionKey::Str(key.to_owned()))
    }

    fn visit_string<E: de::Error>(self, key: String) -> Result<SelectionKey, E> {
        Ok(SelectionKey::Str(key))
    }

    fn visit_i64<E: de::Error>(self, key: i64) -> Result<SelectionKey, E> {
        Ok(SelectionKey::Int(key))
    }

    fn visit_u64<E: de::Error>(self, key: u64) -> Result<SelectionKey, E> {
        i64::try_from(key)
            .map(SelectionKey::Int)
            .map_err(|_| E::invalid_value(de::Unexpected::Unsigned(key), &self))
    }

    fn visit_bool<E: de::Error>(self, value: bool) -> Result<SelectionKey, E> {
        if value {
            Err(E::invalid_type(de::Unexpected::Bool(true), &self))
        } else {
            Err(empty_field("a selection key", "false"))
        }
    }

    fn visit_unit<E: de::Error>(self) -> Result<SelectionKey, E> {
        Err(empty_field("a selection key", "null"))
    }

    fn visit_none<E: de::Error>(self) -> Result<SelectionKey, E> {
        self.visit_unit()
    }
}

/// A Rust type for the values of one selection field.
///
/// `from_key` cannot fail: a key the type does not know should map to a catch-all
/// variant that keeps it, so that [`key`](Self::key) gives it back unchanged. See the
/// [module documentation](self) for a complete example.
pub trait SelectionValue: Sized {
    /// The value for `key`.
    fn from_key(key: SelectionKey) -> Self;

    /// The key to send for this value.
    fn key(&self) -> SelectionKey;
}

/// Keys as they are: the untyped form of any selection.
impl SelectionValue for SelectionKey {
    fn from_key(key: SelectionKey) -> Self {
        key
    }

    fn key(&self) -> SelectionKey {
        self.clone()
    }
}

/// Keys as text. An integer key reads as its decimal text and would be written back
/// as a string; use [`SelectionKey`] for integer-keyed fields.
impl SelectionValue for String {
    fn from_key(key: SelectionKey) -> Self {
        key.into_string()
    }

    fn key(&self) -> SelectionKey {
        SelectionKey::Str(self.clone())
    }
}

/// Writes `value` as its key: a JSON string or integer.
///
/// # Errors
///
/// Whatever the serializer returns.
pub fn serialize<T, S>(value: &T, serializer: S) -> Result<S::Ok, S::Error>
where
    T: SelectionValue,
    S: Serializer,
{
    value.key().serialize(serializer)
}

/// Reads a key (a string or an integer) and turns it into a `T`.
///
/// # Errors
///
/// When the value is neither a string nor an integer (`false` included: wrap the field
/// in `Option` and use [`option`]).
pub fn deserialize<'de, T, D>(deserializer: D) -> Result<T, D::Error>
where
    T: SelectionValue,
    D: Deserializer<'de>,
{
    SelectionKey::deserialize(deserializer).map(T::from_key)
}

/// A selection value read through [`SelectionValue`], for reuse inside other helpers.
struct ViaKey<T>(T);

impl<'de, T: SelectionValue> Deserialize<'de> for ViaKey<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserialize(deserializer).map(ViaKey)
    }
}

/// Serde helpers for an `Option<T>` selection field where `T` implements
/// [`SelectionValue`] but not serde's traits: `false` and `null` read as `None`, and
/// `None` is written as `false`.
///
/// Use as `#[serde(default, with = "odoo_core::types::selection::option")]`.
pub mod option {
    use serde::{Deserializer, Serializer};

    use super::super::odoo_option;
    use super::{SelectionValue, ViaKey};

    /// Writes `Some(value)` as its key and `None` as `false`.
    ///
    /// # Errors
    ///
    /// Whatever the serializer returns.
    pub fn serialize<T, S>(value: &Option<T>, serializer: S) -> Result<S::Ok, S::Error>
    where
        T: SelectionValue,
        S: Serializer,
    {
        match value {
            Some(inner) => super::serialize(inner, serializer),
            None => serializer.serialize_bool(false),
        }
    }

    /// Reads `false` and `null` as `None`, and a key as `Some` of a `T`.
    ///
    /// # Errors
    ///
    /// When the value is neither `false`, `null`, a string nor an integer.
    pub fn deserialize<'de, T, D>(deserializer: D) -> Result<Option<T>, D::Error>
    where
        T: SelectionValue,
        D: Deserializer<'de>,
    {
        odoo_option::deserialize::<ViaKey<T>, D>(deserializer).map(|v| v.map(|ViaKey(t)| t))
    }
}
