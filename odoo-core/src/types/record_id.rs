//! [`RecordId`]: the one record a method returns, whichever way the server sends it.

use std::fmt;

use serde::de::{self, Deserializer, SeqAccess, Visitor};
use serde::{Deserialize, Serialize, Serializer};

/// The id of the one record a method returns (`message_post` returns the new message).
///
/// Odoo sends it as `42` where the method declares what it returns (`@api.returns`, on 16 to
/// 18 over XML-RPC and JSON-RPC), and as `[42]` where the recordset itself is sent (JSON-2,
/// and Odoo 19): both read as `RecordId(42)`.
///
/// ```
/// use odoo_core::types::RecordId;
/// let id: RecordId = serde_json::from_value(serde_json::json!(6048)).unwrap();
/// assert_eq!(id, RecordId(6048));
/// let id: RecordId = serde_json::from_value(serde_json::json!([6628])).unwrap();
/// assert_eq!(id.id(), 6628);
/// assert!(serde_json::from_value::<RecordId>(serde_json::json!([1, 2])).is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RecordId(pub i64);

impl RecordId {
    /// The id.
    pub fn id(self) -> i64 {
        self.0
    }
}

impl From<RecordId> for i64 {
    fn from(id: RecordId) -> i64 {
        id.0
    }
}

impl fmt::Display for RecordId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl Serialize for RecordId {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_i64(self.0)
    }
}

impl<'de> Deserialize<'de> for RecordId {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(RecordIdVisitor)
    }
}

struct RecordIdVisitor;

impl<'de> Visitor<'de> for RecordIdVisitor {
    type Value = RecordId;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the id of one record: an integer, or a list of one integer")
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<RecordId, E> {
        Ok(RecordId(value))
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<RecordId, E> {
        i64::try_from(value)
            .map(RecordId)
            .map_err(|_| E::custom(format!("id {value} is out of range")))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<RecordId, A::Error> {
        let first: i64 = seq
            .next_element()?
            .ok_or_else(|| de::Error::custom("an empty list: the method returned no record"))?;
        if seq.next_element::<de::IgnoredAny>()?.is_some() {
            return Err(de::Error::custom(
                "a list of several ids: the method returned more than one record",
            ));
        }
        Ok(RecordId(first))
    }
}
