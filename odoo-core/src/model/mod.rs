//! Typed models: the [`Model`] trait that `#[derive(OdooModel)]` implements, the
//! [`OdooField`] trait of the Rust types a model's fields may have, and typed field handles.
//!
//! A model struct names one Odoo model and the fields it reads:
//!
//! ```
//! # #[cfg(feature = "derive")] {
//! use odoo_core::types::{Many2one, X2many};
//! use odoo_core::{Model, OdooModel};
//!
//! #[derive(Debug, Clone, OdooModel)]
//! #[odoo(model = "res.partner")]
//! pub struct Partner {
//!     pub id: i64,
//!     pub name: Option<String>,
//!     pub email: Option<String>,
//!     pub is_company: bool,
//!     pub parent_id: Option<Many2one<Partner>>,
//!     pub category_id: X2many,
//! }
//!
//! assert_eq!(Partner::MODEL, "res.partner");
//! assert_eq!(Partner::field_names(), ["name", "email", "is_company", "parent_id", "category_id"]);
//!
//! // Typed domains: the field exists and the value has its type, or it does not compile.
//! let f = Partner::fields();
//! let domain = f.is_company.eq(true) & (f.email.ilike("@example.com") | f.parent_id.path(|p| p.name).eq("Acme"));
//! assert_eq!(
//!     serde_json::to_string(&domain).unwrap(),
//!     r#"["&",["is_company","=",true],"|",["email","ilike","@example.com"],["parent_id.name","=","Acme"]]"#,
//! );
//! # }
//! ```
//!
//! The client side of a model is [`ModelClient`](crate::ModelClient), from
//! [`Client::model`](crate::Client::model).

mod handle;

use std::fmt;

use serde::de::{DeserializeOwned, Deserializer};
use serde::Deserialize;
use serde_json::Value;

pub use self::handle::{Field, ReadOnly, Settable, Writable};
use crate::types::{
    AnyModel, Binary, Command, Date, DateTime, Many2one, Many2oneReference, Reference, X2many,
};
use crate::version_range::Versions;

/// A Rust type that names one Odoo model and the fields it reads.
///
/// Implemented by `#[derive(OdooModel)]`; the derive also implements `Deserialize` for the
/// struct, reading Odoo's records (`false` for empty values, `[id, name]` many2ones, ...).
pub trait Model: DeserializeOwned + Send + 'static {
    /// The technical name of the model, `res.partner`.
    const MODEL: &'static str;

    /// Every field the struct reads, in declaration order.
    const FIELDS: &'static [FieldInfo];

    /// The Odoo versions the model exists on (`#[odoo(since = ..)]`, `#[odoo(until = ..)]`
    /// on the struct); calls on a server of another version fail before anything is sent,
    /// with an error of kind [`ErrorKind::Unavailable`](crate::ErrorKind::Unavailable).
    const VERSIONS: Versions = Versions::ALL;

    /// The struct whose field handles this one uses: `Self`, or the model named by
    /// `#[odoo(fields = ResPartner)]`. Domains, orders and values of the struct are typed
    /// by it (`Domain<Self::Base>`), so every struct that reads the same Odoo model takes
    /// the same handles, whichever fields it reads.
    type Base: Model<Base = Self::Base>;

    /// The typed field handles of the model: a struct with one [`Field`] per field, for
    /// domains, orders and write payloads.
    type Fields;

    /// The field handles.
    fn fields() -> Self::Fields;

    /// The Odoo names of the fields a read asks for: every field of the struct but `id`,
    /// which Odoo always returns (a struct with nothing but `id` asks for `["id"]`, since
    /// an empty list would mean every field).
    fn field_names() -> Vec<&'static str> {
        names_for(Self::FIELDS, None)
    }
}

/// The fields of `fields` a read asks for on a server of major version `major` (every
/// version when `None`): those that exist there, without `id` unless nothing else is left.
pub(crate) fn names_for(fields: &'static [FieldInfo], major: Option<u32>) -> Vec<&'static str> {
    let names: Vec<&'static str> = fields
        .iter()
        .filter(|field| major.is_none_or(|major| field.versions.contains(major)))
        .map(|field| field.name)
        .filter(|name| *name != "id")
        .collect();
    if names.is_empty() {
        vec!["id"]
    } else {
        names
    }
}

/// What the derive knows of one field of a model struct.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldInfo {
    /// The Odoo field name.
    pub name: &'static str,
    /// The Rust field name.
    pub rust_name: &'static str,
    /// What kind of value the Rust type holds.
    pub kind: RustKind,
    /// The Rust type accepts an empty value (`Option<_>`, or an x2many list).
    pub optional: bool,
    /// Read-only in Odoo: marked `#[odoo(readonly)]`, or not writable in a schema snapshot
    /// the struct is checked against (computed without an inverse, or related; see
    /// `odoo_core::schema::FieldSchema::writable`). Its handle is a
    /// `Field<_, _, ReadOnly>`, which a typed write does not take.
    pub readonly: bool,
    /// The Odoo versions the field exists on (`#[odoo(since = ..)]`); a read on another
    /// version leaves it out, and it reads as empty.
    pub versions: Versions,
}

/// The kind of value a field's Rust type holds; coarser than Odoo's field types. One table
/// for the whole toolkit: [`odoo_schema::rust_type::RustKind`], which also maps each Odoo field
/// type to its kind (for the derive's checks and the generator), is the kind
/// [`OdooField::KIND`] and [`FieldInfo::kind`] give.
pub use odoo_schema::rust_type::RustKind;

/// A Rust type that can hold the value of an Odoo field in a model struct.
///
/// It says how the value reads from Odoo (where `false` means empty), what a write takes
/// ([`Self::Write`]), and what a domain compares it with ([`Self::Compare`]). Implemented
/// for the types of [`crate::types`], `bool`, `i64`, `f64`, `String`, [`Value`], `Option`
/// of those, and the enums of `#[derive(OdooSelection)]`.
pub trait OdooField: Sized {
    /// The value a write or create takes for this field.
    type Write;
    /// The value a domain compares this field with.
    type Compare;
    /// What kind of value this is.
    const KIND: RustKind;
    /// `Option<_>` and x2many lists accept an empty value.
    const OPTIONAL: bool = false;

    /// Reads the value of a record, as Odoo sends it.
    fn deserialize_field<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error>;

    /// The JSON that a write sends for `value`.
    fn write_value(value: Self::Write) -> Value;

    /// The JSON that a domain compares with.
    fn compare_value(value: Self::Compare) -> Value;

    /// The value when a record does not carry the key at all (a field of other Odoo versions
    /// is left out of the read); `None` makes it an error. Empty for `Option`, x2many lists
    /// and JSON values, the types a field of some versions only may have.
    fn missing() -> Option<Self> {
        None
    }
}

/// Relational field types: [`Many2one`], [`X2many`] and `Option` of them.
pub trait Relational: OdooField {
    /// The model the field points at.
    type Target;
}

/// Field types whose domain values are text: `like`, `ilike` and friends apply.
pub trait TextField: OdooField<Compare = String> {}

/// Field types on which `child_of` and `parent_of` apply: relational fields and ids.
pub trait HierarchyField: OdooField {}

fn to_json<T: serde::Serialize>(value: T) -> Value {
    // Every type written through here serializes to JSON without failure: plain numbers,
    // strings, and this crate's value types.
    serde_json::to_value(value).unwrap_or(Value::Null)
}

fn empty_error<E: serde::de::Error>(kind: &str) -> E {
    E::custom(format!(
        "the field is empty (false) but its Rust type {kind} cannot be empty; declare it as Option<{kind}>"
    ))
}

macro_rules! plain_field {
    ($ty:ty, $kind:ident) => {
        impl OdooField for $ty {
            type Write = $ty;
            type Compare = $ty;
            const KIND: RustKind = RustKind::$kind;

            fn deserialize_field<'de, D: Deserializer<'de>>(
                deserializer: D,
            ) -> Result<Self, D::Error> {
                // The value types refuse `false` themselves, naming the fix.
                <$ty>::deserialize(deserializer)
            }

            fn write_value(value: $ty) -> Value {
                to_json(value)
            }

            fn compare_value(value: $ty) -> Value {
                to_json(value)
            }
        }
    };
}

impl OdooField for bool {
    type Write = bool;
    type Compare = bool;
    const KIND: RustKind = RustKind::Bool;

    fn deserialize_field<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        bool::deserialize(deserializer)
    }

    fn write_value(value: bool) -> Value {
        Value::Bool(value)
    }

    fn compare_value(value: bool) -> Value {
        Value::Bool(value)
    }
}

impl OdooField for i64 {
    type Write = i64;
    type Compare = i64;
    const KIND: RustKind = RustKind::Int;

    fn deserialize_field<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(IntegerVisitor)
    }

    fn write_value(value: i64) -> Value {
        Value::from(value)
    }

    fn compare_value(value: i64) -> Value {
        Value::from(value)
    }
}

impl HierarchyField for i64 {}

/// Reads an integer; also an integral float, which is how Odoo sends integer values beyond
/// 2^31 - 1 (XML-RPC's `int` is 32 bits, and Odoo converts those to floats on every protocol).
struct IntegerVisitor;

impl serde::de::Visitor<'_> for IntegerVisitor {
    type Value = i64;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an integer")
    }

    fn visit_i64<E: serde::de::Error>(self, value: i64) -> Result<i64, E> {
        Ok(value)
    }

    fn visit_u64<E: serde::de::Error>(self, value: u64) -> Result<i64, E> {
        i64::try_from(value)
            .map_err(|_| E::custom(format!("integer {value} is out of range for i64")))
    }

    fn visit_f64<E: serde::de::Error>(self, value: f64) -> Result<i64, E> {
        // Integral and within i64 (2^63 is the first float beyond it).
        const LIMIT: f64 = 9_223_372_036_854_775_808.0;
        if value.fract() == 0.0 && (-LIMIT..LIMIT).contains(&value) {
            #[allow(clippy::cast_possible_truncation)]
            Ok(value as i64)
        } else {
            Err(E::invalid_value(serde::de::Unexpected::Float(value), &self))
        }
    }

    fn visit_bool<E: serde::de::Error>(self, value: bool) -> Result<i64, E> {
        Err(E::invalid_type(serde::de::Unexpected::Bool(value), &self))
    }
}

impl OdooField for f64 {
    type Write = f64;
    type Compare = f64;
    const KIND: RustKind = RustKind::Float;

    fn deserialize_field<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        f64::deserialize(deserializer)
    }

    fn write_value(value: f64) -> Value {
        to_json(value)
    }

    fn compare_value(value: f64) -> Value {
        to_json(value)
    }
}

impl OdooField for String {
    type Write = String;
    type Compare = String;
    const KIND: RustKind = RustKind::Text;

    fn deserialize_field<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(TextVisitor)
    }

    fn write_value(value: String) -> Value {
        Value::String(value)
    }

    fn compare_value(value: String) -> Value {
        Value::String(value)
    }
}

impl TextField for String {}

/// Reads a string, and names the fix when the value is `false`.
struct TextVisitor;

impl serde::de::Visitor<'_> for TextVisitor {
    type Value = String;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<String, E> {
        Ok(text.to_owned())
    }

    fn visit_string<E: serde::de::Error>(self, text: String) -> Result<String, E> {
        Ok(text)
    }

    fn visit_bool<E: serde::de::Error>(self, value: bool) -> Result<String, E> {
        if value {
            Err(E::invalid_type(serde::de::Unexpected::Bool(true), &self))
        } else {
            Err(empty_error("String"))
        }
    }
}

plain_field!(Date, Date);
plain_field!(DateTime, DateTime);
plain_field!(Binary, Binary);
plain_field!(Reference, Reference);
plain_field!(Many2oneReference, Many2oneReference);

impl OdooField for Value {
    type Write = Value;
    type Compare = Value;
    const KIND: RustKind = RustKind::Json;

    fn deserialize_field<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Value::deserialize(deserializer)
    }

    fn write_value(value: Value) -> Value {
        value
    }

    fn compare_value(value: Value) -> Value {
        value
    }

    fn missing() -> Option<Self> {
        Some(Value::Null)
    }
}

impl<M> OdooField for Many2one<M> {
    type Write = Many2one<M>;
    type Compare = i64;
    const KIND: RustKind = RustKind::Many2one;

    fn deserialize_field<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Many2one::deserialize(deserializer)
    }

    fn write_value(value: Many2one<M>) -> Value {
        Value::from(value.id())
    }

    fn compare_value(value: i64) -> Value {
        Value::from(value)
    }
}

impl<M> Relational for Many2one<M> {
    type Target = M;
}

impl<M> HierarchyField for Many2one<M> {}

impl<M: Model> OdooField for X2many<M> {
    type Write = Vec<Command<M::Base>>;
    type Compare = i64;
    const KIND: RustKind = RustKind::X2many;
    const OPTIONAL: bool = true;

    fn deserialize_field<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        X2many::deserialize(deserializer)
    }

    fn write_value(value: Vec<Command<M::Base>>) -> Value {
        to_json(value)
    }

    fn compare_value(value: i64) -> Value {
        Value::from(value)
    }

    /// Empty: a field the server's version does not have is left out of the read.
    fn missing() -> Option<Self> {
        Some(X2many::default())
    }
}

impl<M: Model> Relational for X2many<M> {
    type Target = M;
}

impl<M: Model> HierarchyField for X2many<M> {}

impl<T: OdooField> OdooField for Option<T> {
    type Write = T::Write;
    type Compare = T::Compare;
    const KIND: RustKind = T::KIND;
    const OPTIONAL: bool = true;

    fn deserialize_field<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        if T::KIND == RustKind::Bool {
            // `false` is a value of a boolean, not "empty".
            return T::deserialize_field(deserializer).map(Some);
        }
        // `false`/`null` give None; anything else goes to T unbuffered.
        crate::types::odoo_option::deserialize::<ReadField<T>, D>(deserializer)
            .map(|value| value.map(|ReadField(value)| value))
    }

    fn write_value(value: T::Write) -> Value {
        T::write_value(value)
    }

    fn compare_value(value: T::Compare) -> Value {
        T::compare_value(value)
    }

    fn missing() -> Option<Self> {
        Some(None)
    }
}

impl<T: Relational> Relational for Option<T> {
    type Target = T::Target;
}

impl<T: TextField> TextField for Option<T> {}

impl<T: HierarchyField> HierarchyField for Option<T> {}

/// Reads a `T` through [`OdooField::deserialize_field`].
struct ReadField<T>(T);

impl<'de, T: OdooField> Deserialize<'de> for ReadField<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        T::deserialize_field(deserializer).map(ReadField)
    }
}

impl Model for AnyModel {
    const MODEL: &'static str = "";
    const FIELDS: &'static [FieldInfo] = &[];
    type Base = AnyModel;
    type Fields = ();

    fn fields() {}
}

impl<'de> Deserialize<'de> for AnyModel {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        serde::de::IgnoredAny::deserialize(deserializer)?;
        Ok(AnyModel)
    }
}

/// Support for the code `#[derive(OdooModel)]` and `#[derive(OdooSelection)]` emit. Not a
/// public API: it may change in any release.
#[doc(hidden)]
pub mod __private {
    use std::fmt;
    use std::marker::PhantomData;

    use serde::de::{DeserializeSeed, Deserializer, MapAccess};

    pub use serde;
    pub use serde_json::Value;

    pub use super::{Field, FieldInfo, Model, OdooField, ReadOnly, RustKind, Writable};
    pub use crate::types::selection::{
        deserialize as selection_deserialize, serialize as selection_serialize,
    };
    pub use crate::types::{SelectionKey, SelectionValue};
    pub use crate::version_range::Versions;

    /// Reads one field value through [`OdooField::deserialize_field`].
    #[derive(Debug)]
    pub struct FieldSeed<T>(pub PhantomData<fn() -> T>);

    impl<'de, T: OdooField> DeserializeSeed<'de> for FieldSeed<T> {
        type Value = T;

        fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<T, D::Error> {
            T::deserialize_field(deserializer)
        }
    }

    /// Reads the value of the field whose key was just read into `slot`; a key seen twice
    /// is an error.
    pub fn next_field<'de, A: MapAccess<'de>, T: OdooField>(
        map: &mut A,
        slot: &mut Option<T>,
        name: &'static str,
    ) -> Result<(), A::Error> {
        if slot.is_some() {
            return Err(<A::Error as serde::de::Error>::duplicate_field(name));
        }
        *slot = Some(map.next_value_seed(FieldSeed::<T>(PhantomData))?);
        Ok(())
    }

    /// The value of a field: the one read, else what a field of its type is when the record
    /// lacks its key (`None` when it is required).
    pub fn or_missing<T: OdooField>(slot: Option<T>) -> Option<T> {
        slot.or_else(T::missing)
    }

    /// The error naming the first field of `names` that is `absent`.
    pub fn missing_field<E: serde::de::Error>(
        absent: &[bool],
        names: &'static [&'static str],
    ) -> E {
        let name = absent
            .iter()
            .zip(names)
            .find_map(|(absent, name)| absent.then_some(*name))
            // Not reached: the derive calls this when a field is absent.
            .unwrap_or("?");
        E::missing_field(name)
    }

    /// Fails to compile (as a constant evaluation error, saying `message`) when a
    /// relation's target struct names another model than the snapshot says.
    pub const fn check_relation(target: &str, expected: &str, message: &str) {
        let (a, b) = (target.as_bytes(), expected.as_bytes());
        let mut same = a.len() == b.len();
        let mut i = 0;
        while same && i < a.len() {
            same = a[i] == b[i];
            i += 1;
        }
        if !same {
            panic!("{}", message);
        }
    }

    /// The JSON of a selection key.
    pub fn selection_key_value(key: SelectionKey) -> Value {
        match key {
            SelectionKey::Str(key) => Value::String(key),
            SelectionKey::Int(key) => Value::from(key),
        }
    }

    /// Reads a record key as the index of the field it names (`None`: not read).
    /// `hint` is tried first: Odoo sends fields in the order they were asked for.
    #[derive(Debug)]
    pub struct KeySeed {
        /// The Odoo names of the fields, in struct order.
        pub names: &'static [&'static str],
        /// The index to try first.
        pub hint: usize,
    }

    impl KeySeed {
        fn find(&self, key: &str) -> Option<usize> {
            if self.names.get(self.hint) == Some(&key) {
                return Some(self.hint);
            }
            self.names.iter().position(|name| *name == key)
        }
    }

    impl<'de> DeserializeSeed<'de> for KeySeed {
        type Value = Option<usize>;

        fn deserialize<D: Deserializer<'de>>(
            self,
            deserializer: D,
        ) -> Result<Option<usize>, D::Error> {
            deserializer.deserialize_identifier(self)
        }
    }

    impl serde::de::Visitor<'_> for KeySeed {
        type Value = Option<usize>;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a field name")
        }

        fn visit_str<E: serde::de::Error>(self, key: &str) -> Result<Option<usize>, E> {
            Ok(self.find(key))
        }
    }
}
