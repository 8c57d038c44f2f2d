//! `many2one`, `one2many` and `many2many` values as they are read.

use std::fmt;
use std::hash::{Hash, Hasher};
use std::marker::PhantomData;

use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize, Serializer};

use super::error::empty_field;

/// Marker for a relation whose target model has no Rust type of its own.
///
/// [`Many2one`], [`X2many`] and [`Command`](super::Command) take a marker type naming
/// their target model only to keep relations to different models apart at compile time;
/// the marker needs no trait and is never stored. `AnyModel` is the default.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct AnyModel;

/// A value of a `many2one` field: the id of one record of model `M` and, when the server
/// sent it, that record's display name.
///
/// Reading accepts every shape Odoo uses:
///
/// | shape | where |
/// |---|---|
/// | `[12, "Ready Mat"]` | `read`, `search_read` |
/// | `[12, false]` | a record without a display name |
/// | `{"id": 12, "display_name": "Ready Mat", ...}` | `web_read`, `web_search_read`, JSON-2 with a `specification` (other keys are ignored) |
/// | `{"id": 12}` | a specification that asks for no sub-field |
/// | `12` | a bare id |
///
/// An empty many2one arrives as `false` (sometimes `null`), which is not a `Many2one`:
/// reading it fails with a message that points to `Option<Many2one<M>>` and
/// [`odoo_option`](super::odoo_option), the type such a field should have.
///
/// Writing gives the bare id, which is what `create` and `write` take; write `false`
/// (an `Option` that is `None`, through `odoo_option`) to empty the field.
///
/// Equality and hashing look at both the id and the name.
///
/// ```
/// use odoo_core::types::Many2one;
///
/// let country: Many2one = serde_json::from_str(r#"[233, "United States"]"#).unwrap();
/// assert_eq!(country.id(), 233);
/// assert_eq!(country.name(), Some("United States"));
/// assert_eq!(serde_json::to_string(&country).unwrap(), "233");
///
/// let partner: Many2one = serde_json::from_str(r#"{"id": 12, "display_name": "Ready Mat"}"#).unwrap();
/// assert_eq!(partner, Many2one::with_name(12, "Ready Mat"));
///
/// let err = serde_json::from_str::<Many2one>("false").unwrap_err();
/// assert!(err.to_string().contains("odoo_option"));
/// ```
pub struct Many2one<M = AnyModel> {
    id: i64,
    name: Option<String>,
    model: PhantomData<fn() -> M>,
}

impl<M> Many2one<M> {
    /// A link to record `id`, without a display name.
    pub const fn new(id: i64) -> Self {
        Self {
            id,
            name: None,
            model: PhantomData,
        }
    }

    /// A link to record `id` with its display name.
    pub fn with_name(id: i64, name: impl Into<String>) -> Self {
        Self {
            id,
            name: Some(name.into()),
            model: PhantomData,
        }
    }

    /// The id of the linked record.
    pub const fn id(&self) -> i64 {
        self.id
    }

    /// The display name of the linked record, when the server sent one.
    pub fn name(&self) -> Option<&str> {
        self.name.as_deref()
    }

    /// The display name, by value.
    pub fn into_name(self) -> Option<String> {
        self.name
    }

    /// The same link, labelled with another model marker.
    pub fn cast<N>(self) -> Many2one<N> {
        Many2one {
            id: self.id,
            name: self.name,
            model: PhantomData,
        }
    }
}

impl<M> Clone for Many2one<M> {
    fn clone(&self) -> Self {
        Self {
            id: self.id,
            name: self.name.clone(),
            model: PhantomData,
        }
    }
}

impl<M> fmt::Debug for Many2one<M> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Many2one")
            .field("id", &self.id)
            .field("name", &self.name)
            .finish()
    }
}

impl<M> PartialEq for Many2one<M> {
    fn eq(&self, other: &Self) -> bool {
        self.id == other.id && self.name == other.name
    }
}

impl<M> Eq for Many2one<M> {}

impl<M> Hash for Many2one<M> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.id.hash(state);
        self.name.hash(state);
    }
}

impl<M> From<i64> for Many2one<M> {
    fn from(id: i64) -> Self {
        Self::new(id)
    }
}

impl<M> From<Many2one<M>> for i64 {
    fn from(link: Many2one<M>) -> Self {
        link.id
    }
}

impl<M> Serialize for Many2one<M> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_i64(self.id)
    }
}

impl<'de, M> Deserialize<'de> for Many2one<M> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(Many2oneVisitor(PhantomData))
    }
}

/// What a many2one visitor expects, for error messages.
const MANY2ONE_EXPECTED: &str =
    "a many2one value: [id, \"name\"], {\"id\": id, \"display_name\": ...} or an integer id";

/// Reads a [`Many2one`] from any of its wire shapes.
struct Many2oneVisitor<M>(PhantomData<fn() -> M>);

impl<'de, M> Visitor<'de> for Many2oneVisitor<M> {
    type Value = Many2one<M>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(MANY2ONE_EXPECTED)
    }

    fn visit_i64<E: de::Error>(self, id: i64) -> Result<Self::Value, E> {
        Ok(Many2one::new(id))
    }

    fn visit_u64<E: de::Error>(self, id: u64) -> Result<Self::Value, E> {
        i64::try_from(id)
            .map(Many2one::new)
            .map_err(|_| E::invalid_value(de::Unexpected::Unsigned(id), &self))
    }

    fn visit_bool<E: de::Error>(self, value: bool) -> Result<Self::Value, E> {
        if value {
            Err(E::invalid_type(de::Unexpected::Bool(true), &self))
        } else {
            Err(empty_field("a many2one value", "false"))
        }
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Err(empty_field("a many2one value", "null"))
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        self.visit_unit()
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let id: i64 = seq
            .next_element()?
            .ok_or_else(|| de::Error::invalid_length(0, &self))?;
        let name = seq.next_element::<LooseName>()?.and_then(|n| n.0);
        if seq.next_element::<IgnoredAny>()?.is_some() {
            return Err(de::Error::invalid_length(3, &self));
        }
        Ok(Many2one {
            id,
            name,
            model: PhantomData,
        })
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut id: Option<i64> = None;
        let mut display_name: Option<Option<String>> = None;
        let mut plain_name: Option<String> = None;
        while let Some(key) = map.next_key::<Many2oneKey>()? {
            match key {
                Many2oneKey::Id => {
                    if id.is_some() {
                        return Err(de::Error::duplicate_field("id"));
                    }
                    id = Some(map.next_value()?);
                }
                Many2oneKey::DisplayName => {
                    display_name = Some(map.next_value::<LooseName>()?.0);
                }
                Many2oneKey::Name => {
                    plain_name = map.next_value::<LooseName>()?.0;
                }
                Many2oneKey::Other => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        let id = id.ok_or_else(|| de::Error::missing_field("id"))?;
        // `display_name` is what specifications ask for; fall back on `name` when only
        // that was requested.
        let name = display_name.unwrap_or(plain_name);
        Ok(Many2one {
            id,
            name,
            model: PhantomData,
        })
    }
}

/// The keys of a many2one object that matter; all others are skipped.
enum Many2oneKey {
    Id,
    DisplayName,
    Name,
    Other,
}

impl<'de> Deserialize<'de> for Many2oneKey {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_identifier(Many2oneKeyVisitor)
    }
}

/// Reads a [`Many2oneKey`].
struct Many2oneKeyVisitor;

impl Visitor<'_> for Many2oneKeyVisitor {
    type Value = Many2oneKey;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a field name")
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<Many2oneKey, E> {
        Ok(match key {
            "id" => Many2oneKey::Id,
            "display_name" => Many2oneKey::DisplayName,
            "name" => Many2oneKey::Name,
            _ => Many2oneKey::Other,
        })
    }
}

/// A display name that is kept when it is a string and dropped otherwise (`false`,
/// `null`, or anything unexpected): names are informative, never worth a failed read.
struct LooseName(Option<String>);

impl<'de> Deserialize<'de> for LooseName {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(LooseNameVisitor)
    }
}

/// Reads a [`LooseName`].
struct LooseNameVisitor;

impl<'de> Visitor<'de> for LooseNameVisitor {
    type Value = LooseName;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a display name or false")
    }

    fn visit_str<E: de::Error>(self, name: &str) -> Result<LooseName, E> {
        Ok(LooseName(Some(name.to_owned())))
    }

    fn visit_string<E: de::Error>(self, name: String) -> Result<LooseName, E> {
        Ok(LooseName(Some(name)))
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<LooseName, E> {
        Ok(LooseName(None))
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<LooseName, E> {
        Ok(LooseName(None))
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<LooseName, E> {
        Ok(LooseName(None))
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<LooseName, E> {
        Ok(LooseName(None))
    }

    fn visit_unit<E: de::Error>(self) -> Result<LooseName, E> {
        Ok(LooseName(None))
    }

    fn visit_none<E: de::Error>(self) -> Result<LooseName, E> {
        Ok(LooseName(None))
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<LooseName, D::Error> {
        deserializer.deserialize_any(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<LooseName, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(LooseName(None))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<LooseName, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(LooseName(None))
    }
}

/// A value of a `one2many` or `many2many` field as read: the ids of the linked records
/// of model `M`, in the server's order.
///
/// Reading accepts a list of ids (`read`, `search_read`), a list of objects with an `id`
/// key (`web_read`, `web_search_read` and JSON-2 with a `specification`; the other keys
/// are dropped, so decode into a `Vec` of your own struct to keep them), `[id, name]`
/// pairs, and `false` or `null` as an empty list.
///
/// Writing gives the list of ids. To change the links in `create` or `write`, send
/// [`Command`](super::Command)s instead.
///
/// ```
/// use odoo_core::types::X2many;
///
/// let children: X2many = serde_json::from_str("[18, 33, 17]").unwrap();
/// assert_eq!(children.ids(), &[18, 33, 17]);
///
/// let tags: X2many = serde_json::from_str(
///     r#"[{"id": 7, "display_name": "Vendor / Desk Manufacturers"}, {"id": 6, "display_name": "Vendor / Office Supplies"}]"#,
/// ).unwrap();
/// assert_eq!(tags.iter().collect::<Vec<_>>(), vec![7, 6]);
/// assert_eq!(serde_json::to_string(&tags).unwrap(), "[7,6]");
/// ```
pub struct X2many<M = AnyModel> {
    ids: Vec<i64>,
    model: PhantomData<fn() -> M>,
}

impl<M> X2many<M> {
    /// A list of the given ids.
    pub fn new(ids: impl Into<Vec<i64>>) -> Self {
        Self {
            ids: ids.into(),
            model: PhantomData,
        }
    }

    /// The ids.
    pub fn ids(&self) -> &[i64] {
        &self.ids
    }

    /// The ids, by value.
    pub fn into_ids(self) -> Vec<i64> {
        self.ids
    }

    /// Number of linked records.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    /// Whether no record is linked.
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// Whether record `id` is linked.
    pub fn contains(&self, id: i64) -> bool {
        self.ids.contains(&id)
    }

    /// The ids, in order.
    pub fn iter(&self) -> std::iter::Copied<std::slice::Iter<'_, i64>> {
        self.ids.iter().copied()
    }

    /// The same ids, labelled with another model marker.
    pub fn cast<N>(self) -> X2many<N> {
        X2many {
            ids: self.ids,
            model: PhantomData,
        }
    }
}

impl<M> Default for X2many<M> {
    fn default() -> Self {
        Self::new(Vec::new())
    }
}

impl<M> Clone for X2many<M> {
    fn clone(&self) -> Self {
        Self::new(self.ids.clone())
    }
}

impl<M> fmt::Debug for X2many<M> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("X2many").field(&self.ids).finish()
    }
}

impl<M> PartialEq for X2many<M> {
    fn eq(&self, other: &Self) -> bool {
        self.ids == other.ids
    }
}

impl<M> Eq for X2many<M> {}

impl<M> Hash for X2many<M> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.ids.hash(state);
    }
}

impl<M> From<Vec<i64>> for X2many<M> {
    fn from(ids: Vec<i64>) -> Self {
        Self::new(ids)
    }
}

impl<M> From<X2many<M>> for Vec<i64> {
    fn from(list: X2many<M>) -> Self {
        list.ids
    }
}

impl<M> FromIterator<i64> for X2many<M> {
    fn from_iter<I: IntoIterator<Item = i64>>(iter: I) -> Self {
        Self::new(iter.into_iter().collect::<Vec<_>>())
    }
}

impl<M> IntoIterator for X2many<M> {
    type Item = i64;
    type IntoIter = std::vec::IntoIter<i64>;

    fn into_iter(self) -> Self::IntoIter {
        self.ids.into_iter()
    }
}

impl<'a, M> IntoIterator for &'a X2many<M> {
    type Item = i64;
    type IntoIter = std::iter::Copied<std::slice::Iter<'a, i64>>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl<M> Serialize for X2many<M> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.ids.serialize(serializer)
    }
}

impl<'de, M> Deserialize<'de> for X2many<M> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(X2manyVisitor(PhantomData))
    }
}

/// Reads an [`X2many`] from a list, or `false`/`null` as an empty list.
struct X2manyVisitor<M>(PhantomData<fn() -> M>);

impl<'de, M> Visitor<'de> for X2manyVisitor<M> {
    type Value = X2many<M>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list of record ids or of {\"id\": ...} objects")
    }

    fn visit_bool<E: de::Error>(self, value: bool) -> Result<Self::Value, E> {
        if value {
            Err(E::invalid_type(de::Unexpected::Bool(true), &self))
        } else {
            Ok(X2many::default())
        }
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(X2many::default())
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(X2many::default())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        // Cap the pre-allocation: the size hint comes from the input.
        let mut ids = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        // Each element has one of the shapes of a many2one value.
        while let Some(item) = seq.next_element::<Many2one<AnyModel>>()? {
            ids.push(item.id);
        }
        Ok(X2many::new(ids))
    }
}
