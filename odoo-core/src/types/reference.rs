//! `reference` and `many2one_reference` fields: links whose target model varies.

use std::fmt;
use std::str::FromStr;

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

use super::error::{empty_field, preview, ValueError};

/// A value of an Odoo `reference` field: a model name and a record id, written on the
/// wire as one string `"res.partner,12"`.
///
/// An empty reference arrives as `false`; use `Option<Reference>` with
/// [`odoo_option`](super::odoo_option).
///
/// ```
/// use odoo_core::types::Reference;
///
/// let link: Reference = serde_json::from_str("\"res.partner,12\"").unwrap();
/// assert_eq!(link, Reference::new("res.partner", 12));
/// assert_eq!(serde_json::to_string(&link).unwrap(), "\"res.partner,12\"");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Reference {
    /// Technical name of the target model, e.g. `res.partner`.
    pub model: String,
    /// Id of the target record.
    pub id: i64,
}

impl Reference {
    /// A reference to record `id` of `model`.
    pub fn new(model: impl Into<String>, id: i64) -> Self {
        Self {
            model: model.into(),
            id,
        }
    }

    /// Parses `"model,id"`.
    ///
    /// # Errors
    ///
    /// [`ValueError::Reference`] when the text has no comma, an empty model name or an
    /// id that is not an integer.
    pub fn parse(text: &str) -> Result<Self, ValueError> {
        let invalid = || ValueError::Reference {
            text: preview(text),
        };
        let (model, id) = text.rsplit_once(',').ok_or_else(invalid)?;
        let model = model.trim();
        if model.is_empty() || model.contains(char::is_whitespace) {
            return Err(invalid());
        }
        let id = id.trim().parse::<i64>().map_err(|_| invalid())?;
        Ok(Self::new(model, id))
    }
}

impl fmt::Display for Reference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{},{}", self.model, self.id)
    }
}

impl FromStr for Reference {
    type Err = ValueError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Self::parse(text)
    }
}

impl Serialize for Reference {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Reference {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ReferenceVisitor)
    }
}

/// Reads a [`Reference`] from its `"model,id"` string.
struct ReferenceVisitor;

impl Visitor<'_> for ReferenceVisitor {
    type Value = Reference;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a reference string \"model,id\"")
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Reference, E> {
        Reference::parse(text).map_err(E::custom)
    }

    fn visit_bool<E: de::Error>(self, value: bool) -> Result<Reference, E> {
        if value {
            Err(E::invalid_type(de::Unexpected::Bool(true), &self))
        } else {
            Err(empty_field("a reference string \"model,id\"", "false"))
        }
    }

    fn visit_unit<E: de::Error>(self) -> Result<Reference, E> {
        Err(empty_field("a reference string \"model,id\"", "null"))
    }

    fn visit_none<E: de::Error>(self) -> Result<Reference, E> {
        self.visit_unit()
    }
}

/// A value of an Odoo `many2one_reference` field: a bare record id whose model is named
/// by another field of the same record (for `ir.attachment.res_id` it is `res_model`).
///
/// It reads and writes a plain integer. Odoo uses both `0` and `false` for "no record":
/// `false` needs `Option<Many2oneReference>` with [`odoo_option`](super::odoo_option),
/// while `0` is kept as an id of 0 and [`get`](Self::get) turns it into `None`.
///
/// ```
/// use odoo_core::types::{Many2oneReference, Reference};
///
/// let res_id: Many2oneReference = serde_json::from_str("9").unwrap();
/// assert_eq!(res_id.get(), Some(9));
/// assert_eq!(res_id.to_reference("res.partner"), Some(Reference::new("res.partner", 9)));
/// assert_eq!(Many2oneReference::new(0).get(), None);
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Many2oneReference(i64);

impl Many2oneReference {
    /// Wraps a record id.
    pub const fn new(id: i64) -> Self {
        Self(id)
    }

    /// The id as sent, `0` included.
    pub const fn id(self) -> i64 {
        self.0
    }

    /// The id, or `None` when it is `0` (no record).
    pub const fn get(self) -> Option<i64> {
        if self.0 == 0 {
            None
        } else {
            Some(self.0)
        }
    }

    /// Combines the id with the model named by the companion field, or `None` when the
    /// id is `0` or the model name is empty.
    pub fn to_reference(self, model: impl Into<String>) -> Option<Reference> {
        let model = model.into();
        match self.get() {
            Some(id) if !model.is_empty() => Some(Reference::new(model, id)),
            _ => None,
        }
    }
}

impl From<i64> for Many2oneReference {
    fn from(id: i64) -> Self {
        Self(id)
    }
}

impl From<Many2oneReference> for i64 {
    fn from(value: Many2oneReference) -> Self {
        value.0
    }
}

impl fmt::Display for Many2oneReference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl Serialize for Many2oneReference {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_i64(self.0)
    }
}

impl<'de> Deserialize<'de> for Many2oneReference {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(Many2oneReferenceVisitor)
    }
}

/// Reads a [`Many2oneReference`] from an integer.
struct Many2oneReferenceVisitor;

impl Visitor<'_> for Many2oneReferenceVisitor {
    type Value = Many2oneReference;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an integer record id")
    }

    fn visit_i64<E: de::Error>(self, id: i64) -> Result<Many2oneReference, E> {
        Ok(Many2oneReference(id))
    }

    fn visit_u64<E: de::Error>(self, id: u64) -> Result<Many2oneReference, E> {
        i64::try_from(id)
            .map(Many2oneReference)
            .map_err(|_| E::invalid_value(de::Unexpected::Unsigned(id), &self))
    }

    fn visit_bool<E: de::Error>(self, value: bool) -> Result<Many2oneReference, E> {
        if value {
            Err(E::invalid_type(de::Unexpected::Bool(true), &self))
        } else {
            Err(empty_field("an integer record id", "false"))
        }
    }

    fn visit_unit<E: de::Error>(self) -> Result<Many2oneReference, E> {
        Err(empty_field("an integer record id", "null"))
    }

    fn visit_none<E: de::Error>(self) -> Result<Many2oneReference, E> {
        self.visit_unit()
    }
}
