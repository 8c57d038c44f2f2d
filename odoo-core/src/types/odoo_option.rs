//! Reading Odoo's `false` as `None`: serde helpers for `Option<T>` fields.
//!
//! Odoo sends `false` for an empty value of every field type except `boolean` (and, in a
//! few places, `null`). Serde's own `Option<T>` only maps `null` to `None`, so an empty
//! `char` field would fail to decode into `Option<String>`. Put this module on such
//! fields:
//!
//! ```
//! use odoo_core::types::{odoo_option, Many2one};
//! use serde::{Deserialize, Serialize};
//!
//! #[derive(Debug, Deserialize, Serialize)]
//! struct Partner {
//!     id: i64,
//!     name: String,
//!     #[serde(default, with = "odoo_core::types::odoo_option")]
//!     email: Option<String>,
//!     #[serde(default, with = "odoo_core::types::odoo_option")]
//!     parent_id: Option<Many2one>,
//!     // A boolean field is a plain `bool`: there `false` is a value, not "empty".
//!     is_company: bool,
//! }
//!
//! let p: Partner = serde_json::from_str(
//!     r#"{"id": 9, "name": "Wood Corner", "email": false, "parent_id": false, "is_company": true}"#,
//! ).unwrap();
//! assert_eq!(p.email, None);
//! assert!(p.parent_id.is_none());
//! // `None` is written back as `false`, which is how Odoo clears a field.
//! assert_eq!(
//!     serde_json::to_value(&p).unwrap()["email"],
//!     serde_json::Value::Bool(false),
//! );
//! ```
//!
//! `default` makes a missing key `None` too, which matters when a field is absent on some
//! Odoo versions (`mobile` is gone from `res.partner` in Odoo 19).
//!
//! Do not use this module on `Option<bool>`: `false` would read as `None`.
//!
//! Reading goes through [`Deserializer::deserialize_any`], so it needs a self-describing
//! format such as JSON or a [`serde_json::Value`]; every Odoo protocol qualifies.

use std::fmt;
use std::marker::PhantomData;

use serde::de::value::{
    BoolDeserializer, BorrowedBytesDeserializer, BorrowedStrDeserializer, BytesDeserializer,
    CharDeserializer, EnumAccessDeserializer, F32Deserializer, F64Deserializer, I128Deserializer,
    I16Deserializer, I32Deserializer, I64Deserializer, I8Deserializer, MapAccessDeserializer,
    SeqAccessDeserializer, StrDeserializer, StringDeserializer, U128Deserializer, U16Deserializer,
    U32Deserializer, U64Deserializer, U8Deserializer,
};
use serde::de::{self, Deserializer, EnumAccess, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize, Serializer};

/// Writes `Some(value)` as the value and `None` as `false`.
///
/// # Errors
///
/// Whatever serializing the value returns.
pub fn serialize<T, S>(value: &Option<T>, serializer: S) -> Result<S::Ok, S::Error>
where
    T: Serialize,
    S: Serializer,
{
    match value {
        Some(inner) => inner.serialize(serializer),
        None => serializer.serialize_bool(false),
    }
}

/// Reads `false` and `null` as `None`, and anything else as `Some` of a `T`.
///
/// # Errors
///
/// Whatever reading a `T` returns, for a value other than `false` and `null`.
pub fn deserialize<'de, T, D>(deserializer: D) -> Result<Option<T>, D::Error>
where
    T: Deserialize<'de>,
    D: Deserializer<'de>,
{
    deserializer.deserialize_any(FalseAsNone(PhantomData))
}

/// A visitor that answers `None` for `false`/`null` and otherwise hands the value it was
/// shown, unchanged, to `T`'s own `Deserialize`, without buffering it.
struct FalseAsNone<T>(PhantomData<fn() -> T>);

/// Hands one primitive value to `T` through the matching value deserializer.
macro_rules! forward_primitive {
    ($($method:ident: $ty:ty => $de:ident,)*) => {
        $(
            fn $method<E: de::Error>(self, value: $ty) -> Result<Self::Value, E> {
                T::deserialize($de::<E>::new(value)).map(Some)
            }
        )*
    };
}

impl<'de, T: Deserialize<'de>> Visitor<'de> for FalseAsNone<T> {
    type Value = Option<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a value, or false or null for an empty Odoo field")
    }

    fn visit_bool<E: de::Error>(self, value: bool) -> Result<Self::Value, E> {
        if value {
            T::deserialize(BoolDeserializer::<E>::new(true)).map(Some)
        } else {
            Ok(None)
        }
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }

    forward_primitive! {
        visit_i8: i8 => I8Deserializer,
        visit_i16: i16 => I16Deserializer,
        visit_i32: i32 => I32Deserializer,
        visit_i64: i64 => I64Deserializer,
        visit_i128: i128 => I128Deserializer,
        visit_u8: u8 => U8Deserializer,
        visit_u16: u16 => U16Deserializer,
        visit_u32: u32 => U32Deserializer,
        visit_u64: u64 => U64Deserializer,
        visit_u128: u128 => U128Deserializer,
        visit_f32: f32 => F32Deserializer,
        visit_f64: f64 => F64Deserializer,
        visit_char: char => CharDeserializer,
        visit_string: String => StringDeserializer,
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<Self::Value, E> {
        T::deserialize(StrDeserializer::<E>::new(value)).map(Some)
    }

    fn visit_borrowed_str<E: de::Error>(self, value: &'de str) -> Result<Self::Value, E> {
        T::deserialize(BorrowedStrDeserializer::<E>::new(value)).map(Some)
    }

    fn visit_bytes<E: de::Error>(self, value: &[u8]) -> Result<Self::Value, E> {
        T::deserialize(BytesDeserializer::<E>::new(value)).map(Some)
    }

    fn visit_borrowed_bytes<E: de::Error>(self, value: &'de [u8]) -> Result<Self::Value, E> {
        T::deserialize(BorrowedBytesDeserializer::<E>::new(value)).map(Some)
    }

    fn visit_byte_buf<E: de::Error>(self, value: Vec<u8>) -> Result<Self::Value, E> {
        // No owned-bytes deserializer exists in serde; lend the buffer instead.
        T::deserialize(BytesDeserializer::<E>::new(&value)).map(Some)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        T::deserialize(SeqAccessDeserializer::new(seq)).map(Some)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        T::deserialize(MapAccessDeserializer::new(map)).map(Some)
    }

    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<Self::Value, A::Error> {
        T::deserialize(EnumAccessDeserializer::new(data)).map(Some)
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Self::Value, D::Error> {
        T::deserialize(deserializer).map(Some)
    }
}
