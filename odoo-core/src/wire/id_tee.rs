//! Reading a record's `id` while the record decodes into any type, in the same pass.
//!
//! The pager and the change cursor go through a model by id (`id > last id`), so they need
//! the id of each row they read; the caller's type may have no `id` field at all. Decoding the
//! rows into JSON values to read the ids, then the values into the type, costs about four
//! times what decoding the body straight into the type does. [`WithId`] decodes a row into any
//! `T: Deserialize` through a deserializer that wraps the row's own: it watches the row's
//! members for the key `id` and notes the integer of that member's value as `T` reads it.
//! Nothing is buffered or read twice.
//!
//! Only the row's own members are watched. The values of its other members go to `T`
//! unwrapped, so an `id` inside a nested object (a many2one read as a record, a JSON field) is
//! never taken for the row's. A type without an `id` field skips the member's value as
//! [`IgnoredAny`](serde::de::IgnoredAny); that value is then read as any value is, which
//! `IgnoredAny` accepts, so the id is still seen.
//!
//! Each wrapper forwards every method to what it wraps, and only the few noted here look at
//! what goes by: the decoding, its errors and their messages are those of `T` on the row's
//! deserializer (JSON text, or the XML-RPC events).

use std::cell::Cell;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, EnumAccess, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;

/// A record decoded into `T`, with the integer of its row's `id` member.
#[derive(Debug)]
pub(crate) struct WithId<T> {
    /// The record.
    pub(crate) record: T,
    /// The row's `id`; `None` when the row has no `id` member, or one that is not an integer.
    pub(crate) id: Option<i64>,
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for WithId<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let id = Cell::new(None);
        let record = T::deserialize(Tee {
            inner: deserializer,
            watch: Watch::Row(&id),
        })?;
        Ok(WithId {
            record,
            id: id.get(),
        })
    }
}

/// What a [`Tee`] watches for in the value it wraps.
#[derive(Clone, Copy)]
enum Watch<'s> {
    /// The row: the `id` member of its map goes into the cell.
    Row(&'s Cell<Option<i64>>),
    /// A key of the row's map: whether it is `id`.
    Key(&'s Cell<bool>),
    /// The value of the row's `id` member: its integer goes into the cell.
    Id(&'s Cell<Option<i64>>),
}

/// A deserializer that hands everything to `inner`, with each visitor wrapped to watch what
/// goes by.
struct Tee<'s, D> {
    inner: D,
    watch: Watch<'s>,
}

impl<'s, D> Tee<'s, D> {
    fn wrap<V>(&self, visitor: V) -> TeeVisitor<'s, V> {
        TeeVisitor {
            inner: visitor,
            watch: self.watch,
        }
    }
}

/// Forwards `deserialize_*` methods (with their arguments before the visitor) to the wrapped
/// deserializer, with the visitor wrapped.
macro_rules! forward_deserialize {
    ($($method:ident($($arg:ident: $ty:ty),*);)*) => {$(
        fn $method<V: Visitor<'de>>(
            self,
            $($arg: $ty,)*
            visitor: V,
        ) -> Result<V::Value, D::Error> {
            let visitor = self.wrap(visitor);
            self.inner.$method($($arg,)* visitor)
        }
    )*};
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for Tee<'_, D> {
    type Error = D::Error;

    forward_deserialize! {
        deserialize_any();
        deserialize_bool();
        deserialize_i8();
        deserialize_i16();
        deserialize_i32();
        deserialize_i64();
        deserialize_i128();
        deserialize_u8();
        deserialize_u16();
        deserialize_u32();
        deserialize_u64();
        deserialize_u128();
        deserialize_f32();
        deserialize_f64();
        deserialize_char();
        deserialize_str();
        deserialize_string();
        deserialize_bytes();
        deserialize_byte_buf();
        deserialize_option();
        deserialize_unit();
        deserialize_unit_struct(name: &'static str);
        deserialize_newtype_struct(name: &'static str);
        deserialize_seq();
        deserialize_tuple(len: usize);
        deserialize_tuple_struct(name: &'static str, len: usize);
        deserialize_map();
        deserialize_struct(name: &'static str, fields: &'static [&'static str]);
        deserialize_enum(name: &'static str, variants: &'static [&'static str]);
        deserialize_identifier();
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        let visitor = self.wrap(visitor);
        match self.watch {
            // A type without an `id` field skips the id: read it, so that it is seen.
            Watch::Id(_) => self.inner.deserialize_any(visitor),
            Watch::Row(_) | Watch::Key(_) => self.inner.deserialize_ignored_any(visitor),
        }
    }

    fn is_human_readable(&self) -> bool {
        self.inner.is_human_readable()
    }
}

/// A visitor that hands everything to `inner`, after noting what its [`Watch`] looks for.
struct TeeVisitor<'s, V> {
    inner: V,
    watch: Watch<'s>,
}

impl<V> TeeVisitor<'_, V> {
    /// Notes an integer, when this is the value of the row's `id`.
    fn integer(&self, value: Option<i64>) {
        if let Watch::Id(id) = self.watch {
            id.set(value);
        }
    }

    /// Notes a string, when this is a key of the row.
    fn string(&self, value: &str) {
        if let Watch::Key(is_id) = self.watch {
            is_id.set(value == "id");
        }
    }
}

/// Forwards `visit_*` methods of a value that needs no watching.
macro_rules! forward_visit {
    ($($method:ident($ty:ty);)*) => {$(
        fn $method<E: de::Error>(self, value: $ty) -> Result<V::Value, E> {
            self.inner.$method(value)
        }
    )*};
}

/// Forwards `visit_*` methods of integers, noting the integer first.
macro_rules! forward_visit_integer {
    ($($method:ident($ty:ty);)*) => {$(
        fn $method<E: de::Error>(self, value: $ty) -> Result<V::Value, E> {
            self.integer(i64::try_from(value).ok());
            self.inner.$method(value)
        }
    )*};
}

impl<'de, V: Visitor<'de>> Visitor<'de> for TeeVisitor<'_, V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.inner.expecting(f)
    }

    forward_visit! {
        visit_bool(bool);
        visit_f32(f32);
        visit_char(char);
        visit_bytes(&[u8]);
        visit_borrowed_bytes(&'de [u8]);
        visit_byte_buf(Vec<u8>);
    }

    forward_visit_integer! {
        visit_i8(i8);
        visit_i16(i16);
        visit_i32(i32);
        visit_i64(i64);
        visit_i128(i128);
        visit_u8(u8);
        visit_u16(u16);
        visit_u32(u32);
        visit_u64(u64);
        visit_u128(u128);
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<V::Value, E> {
        // Odoo sends integers beyond 2^31 - 1 as floats (XML-RPC's `int` has 32 bits); the
        // models' integer fields take integral floats for that reason, and so does the id.
        const LIMIT: f64 = 9_223_372_036_854_775_808.0;
        if value.fract() == 0.0 && (-LIMIT..LIMIT).contains(&value) {
            #[allow(clippy::cast_possible_truncation)] // Integral and in range: exact.
            self.integer(Some(value as i64));
        }
        self.inner.visit_f64(value)
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<V::Value, E> {
        self.string(value);
        self.inner.visit_str(value)
    }

    fn visit_borrowed_str<E: de::Error>(self, value: &'de str) -> Result<V::Value, E> {
        self.string(value);
        self.inner.visit_borrowed_str(value)
    }

    fn visit_string<E: de::Error>(self, value: String) -> Result<V::Value, E> {
        self.string(&value);
        self.inner.visit_string(value)
    }

    fn visit_none<E: de::Error>(self) -> Result<V::Value, E> {
        self.inner.visit_none()
    }

    fn visit_unit<E: de::Error>(self) -> Result<V::Value, E> {
        self.inner.visit_unit()
    }

    // The same value, behind an `Option` or a newtype: still watched.
    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<V::Value, D::Error> {
        let watch = self.watch;
        self.inner.visit_some(Tee {
            inner: deserializer,
            watch,
        })
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<V::Value, D::Error> {
        let watch = self.watch;
        self.inner.visit_newtype_struct(Tee {
            inner: deserializer,
            watch,
        })
    }

    // Items and variants are values of their own: not watched.
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<V::Value, A::Error> {
        self.inner.visit_seq(seq)
    }

    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<V::Value, A::Error> {
        self.inner.visit_enum(data)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<V::Value, A::Error> {
        match self.watch {
            Watch::Row(id) => self.inner.visit_map(RowMap {
                inner: map,
                id,
                value_is_id: false,
            }),
            // A map inside the id, or as a key: nothing of it is the row's id.
            Watch::Key(_) | Watch::Id(_) => self.inner.visit_map(map),
        }
    }
}

/// The members of the row: each key is watched for `id`, and the value after `id` for its
/// integer; other values go to the type unwrapped.
struct RowMap<'s, A> {
    inner: A,
    id: &'s Cell<Option<i64>>,
    /// Whether the key just read was `id`.
    value_is_id: bool,
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for RowMap<'_, A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        let is_id = Cell::new(false);
        let key = self.inner.next_key_seed(TeeSeed {
            inner: seed,
            watch: Watch::Key(&is_id),
        })?;
        self.value_is_id = is_id.get();
        Ok(key)
    }

    fn next_value_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<S::Value, A::Error> {
        if std::mem::take(&mut self.value_is_id) {
            self.inner.next_value_seed(TeeSeed {
                inner: seed,
                watch: Watch::Id(self.id),
            })
        } else {
            self.inner.next_value_seed(seed)
        }
    }

    fn size_hint(&self) -> Option<usize> {
        self.inner.size_hint()
    }
}

/// A seed whose deserializer is wrapped in a [`Tee`].
struct TeeSeed<'s, S> {
    inner: S,
    watch: Watch<'s>,
}

impl<'de, S: DeserializeSeed<'de>> DeserializeSeed<'de> for TeeSeed<'_, S> {
    type Value = S::Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<S::Value, D::Error> {
        self.inner.deserialize(Tee {
            inner: deserializer,
            watch: self.watch,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorContext;
    use crate::limits::Limits;
    use crate::model::__private::KeySeed;
    use crate::xmlrpc::MethodResponse;
    use serde::de::IgnoredAny;
    use serde_json::{json, Value};

    /// The members of `names` read as the derive reads a record: keys through [`KeySeed`],
    /// other members skipped as [`IgnoredAny`].
    struct Fields(&'static [&'static str]);

    impl<'de> Visitor<'de> for Fields {
        type Value = Vec<Option<Value>>;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a record")
        }

        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            let mut values = vec![None; self.0.len()];
            while let Some(key) = map.next_key_seed(KeySeed {
                names: self.0,
                hint: 0,
            })? {
                match key.and_then(|index| values.get_mut(index)) {
                    Some(slot) => *slot = Some(map.next_value::<Value>()?),
                    None => {
                        map.next_value::<IgnoredAny>()?;
                    }
                }
            }
            Ok(values)
        }
    }

    /// A derived model with `id` and `name`.
    #[derive(Debug, PartialEq)]
    struct Derived(Vec<Option<Value>>);

    impl<'de> Deserialize<'de> for Derived {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            deserializer
                .deserialize_map(Fields(&["id", "name"]))
                .map(Derived)
        }
    }

    /// A derived model without an `id` field.
    #[derive(Debug, PartialEq)]
    struct NameOnly(Vec<Option<Value>>);

    impl<'de> Deserialize<'de> for NameOnly {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            deserializer
                .deserialize_map(Fields(&["name"]))
                .map(NameOnly)
        }
    }

    /// A type of serde's derive, without an `id` field.
    #[derive(Debug, PartialEq, Deserialize)]
    struct Plain {
        name: String,
    }

    /// A type of serde's derive, with an optional id.
    #[derive(Debug, PartialEq, Deserialize)]
    struct Strict {
        id: Option<i64>,
        name: String,
    }

    fn ids<T>(rows: &[WithId<T>]) -> Vec<Option<i64>> {
        rows.iter().map(|row| row.id).collect()
    }

    fn decode<T: serde::de::DeserializeOwned>(rows: &Value) -> Vec<WithId<T>> {
        serde_json::from_str(&rows.to_string()).unwrap_or_else(|e| panic!("{e}: {rows}"))
    }

    #[test]
    fn the_id_is_read_whatever_the_type_has() {
        let rows = json!([
            {"id": 1, "name": "A", "extra": [1, 2]},
            {"name": "B", "id": 2},
            {"name": "C"},
        ]);
        let derived = decode::<Derived>(&rows);
        assert_eq!(ids(&derived), [Some(1), Some(2), None]);
        assert_eq!(derived[1].record.0, [Some(json!(2)), Some(json!("B"))]);
        assert_eq!(ids(&decode::<NameOnly>(&rows)), [Some(1), Some(2), None]);
        let plain = decode::<Plain>(&rows);
        assert_eq!(ids(&plain), [Some(1), Some(2), None]);
        assert_eq!(plain[2].record.name, "C");
        let strict = decode::<Strict>(&rows);
        assert_eq!(ids(&strict), [Some(1), Some(2), None]);
        assert_eq!(strict[0].record.id, Some(1));
        let values = decode::<Value>(&rows);
        assert_eq!(ids(&values), [Some(1), Some(2), None]);
        assert_eq!(values[0].record, rows[0]);
    }

    #[test]
    fn ids_that_are_not_integers_are_none_and_floats_that_are_integers_count() {
        let rows = json!([{"id": false}, {"id": "7"}, {"id": 3.0}, {"id": 2.5}, {"id": -4}]);
        assert_eq!(
            ids(&decode::<NameOnly>(&rows)),
            [None, None, Some(3), None, Some(-4)]
        );
    }

    /// An `id` in a nested object is not the row's, wherever it stands.
    #[test]
    fn nested_ids_are_not_the_rows() {
        let rows = json!([
            {"parent_id": {"id": 7, "name": "P"}, "lines": [{"id": 8}], "name": "A"},
            {"parent_id": {"id": 7}, "id": 3, "tags": {"id": 9}, "name": "B"},
            {"id": {"id": 5}, "name": "C"},
            {"id": [6], "name": "D"},
        ]);
        let expected = [None, Some(3), None, None];
        assert_eq!(ids(&decode::<Derived>(&rows)), expected);
        assert_eq!(ids(&decode::<NameOnly>(&rows)), expected);
        assert_eq!(ids(&decode::<Value>(&rows)), expected);
        let nested = decode::<Value>(&rows);
        assert_eq!(nested[1].record, rows[1]);
    }

    /// The errors are the type's, with the same message and position.
    #[test]
    fn errors_are_the_types_own() {
        for text in [
            r#"[{"id": 1, "name": "A"}, {"id": 2, "name": false}]"#,
            r#"[{"id": "x", "name": "A"}]"#,
            r#"[{"id": 1}]"#,
            r#"[{"id": 1, "name": "A"}"#,
            r#"[1]"#,
        ] {
            let direct = serde_json::from_str::<Vec<Strict>>(text).map(|_| ());
            let teed = serde_json::from_str::<Vec<WithId<Strict>>>(text).map(|_| ());
            let (Err(direct), Err(teed)) = (direct, teed) else {
                panic!("{text} decoded");
            };
            assert_eq!(teed.to_string(), direct.to_string(), "{text}");
        }
    }

    /// The typed decoders of the wire (straight from the body, or through the value when it
    /// does not fit, for the path) read the ids too, and keep the path of a mismatch.
    #[test]
    fn the_wire_decoders_read_ids_and_name_paths() {
        let limits = Limits::default();
        let context = ErrorContext::default();
        let body = br#"{"jsonrpc": "2.0", "id": 1, "result": [{"id": 4, "name": "A"}]}"#;
        let rows: Vec<WithId<Strict>> =
            super::super::decode_json_rpc_as(200, None, body, &limits, &context)
                .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(ids(&rows), [Some(4)]);
        let body = br#"{"jsonrpc": "2.0", "id": 1, "result": [{"id": 4, "name": "A"}, {"id": 5, "name": 1}]}"#;
        let error = super::super::decode_json_rpc_as::<Vec<WithId<Strict>>>(
            200, None, body, &limits, &context,
        )
        .expect_err("a name that is not a string");
        assert_eq!(
            error.decode_error().map(|d| d.path.as_str()),
            Some("[1].name"),
            "{error:?}"
        );
    }

    /// The XML-RPC events go through the tee as JSON does: integers as `<int>`, `<i4>` or
    /// (beyond 32 bits) `<double>`, nested structs left alone.
    #[test]
    fn xml_rpc_events_go_through_the_tee() {
        let rows = json!([
            {"id": 1, "name": "A", "parent_id": [9, "P"]},
            {"name": "B", "id": 2, "child": {"id": 8}},
            {"name": "C", "child": {"id": 8}},
            {"id": 4_294_967_296.0, "name": "D"},
        ]);
        let mut body = crate::xmlrpc::encode_method_response(&MethodResponse::Success(rows));
        body = body.replacen("<int>2</int>", "<i4>2</i4>", 1);
        assert!(body.contains("<i4>2</i4>"), "{body}");
        let limits = Limits::default();
        let expected = [Some(1), Some(2), None, Some(4_294_967_296)];
        let derived: Vec<WithId<Derived>> =
            crate::xmlrpc::decode_method_response_as(body.as_bytes(), &limits)
                .unwrap_or_else(|e| panic!("{e}: {body}"));
        assert_eq!(ids(&derived), expected);
        let plain: Vec<WithId<Plain>> =
            crate::xmlrpc::decode_method_response_as(body.as_bytes(), &limits)
                .unwrap_or_else(|e| panic!("{e}: {body}"));
        assert_eq!(ids(&plain), expected);
        let values: Vec<WithId<Value>> =
            crate::xmlrpc::decode_method_response_as(body.as_bytes(), &limits)
                .unwrap_or_else(|e| panic!("{e}: {body}"));
        assert_eq!(ids(&values), expected);
    }
}
