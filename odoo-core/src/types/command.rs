//! x2many write commands: `[0, 0, {vals}]`, `[4, id]`, `[6, 0, [ids]]`, ...

use std::convert::Infallible;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserializer, IgnoredAny, SeqAccess, Visitor};
use serde::ser::SerializeTuple;
use serde::{Deserialize, Serialize, Serializer};
use serde_json::{Map, Value};

use super::error::ValueError;
use super::relational::AnyModel;

/// A list of commands: the value written to a `one2many` or `many2many` field.
pub type Commands<M = AnyModel> = Vec<Command<M>>;

/// One change to the records linked by a `one2many` or `many2many` field, in the form
/// `create` and `write` take; `M` marks the target model.
///
/// | variant | wire | effect |
/// |---|---|---|
/// | `Create(vals)` | `[0, 0, {vals}]` | create a record and link it |
/// | `Update(id, vals)` | `[1, id, {vals}]` | write `vals` on linked record `id` |
/// | `Delete(id)` | `[2, id]` | unlink record `id` and delete it |
/// | `Unlink(id)` | `[3, id]` | unlink record `id` (a one2many may still delete it) |
/// | `Link(id)` | `[4, id]` | link existing record `id` |
/// | `Clear` | `[5, 0, 0]` | unlink all records |
/// | `Set(ids)` | `[6, 0, [ids]]` | replace the links by `ids` |
///
/// Writing produces exactly the shapes of this table. Reading accepts them too, and the
/// other forms Odoo itself tolerates: a third element on `Delete`/`Unlink`/`Link`
/// (`[2, id, 0]`), `Clear` with one to three elements (`[5]`, `[5, 0, 0]`), and anything in
/// the unused second place of `Create`, `Clear` and `Set` (the web client puts a virtual
/// id there).
///
/// [`create`](Self::create) and [`update`](Self::update) take typed
/// [`Values`](crate::Values), which cannot fail; [`try_create`](Self::try_create) and
/// [`try_update`](Self::try_update) take any `Serialize` value (a `json!` object, a struct of
/// your own) and fail only if it does not serialize to a JSON object. Build the variants
/// directly when you already hold a [`Map`].
///
/// ```
/// use odoo_core::types::Command;
/// use odoo_core::Values;
/// use serde_json::json;
///
/// let child_ids: Vec<Command> = vec![
///     Command::try_update(70, json!({"email": "child.a@example.com"}))?,
///     Command::delete(71),
///     Command::create(Values::new().set_raw("name", "Child C")),
/// ];
/// assert_eq!(
///     serde_json::to_string(&child_ids)?,
///     r#"[[1,70,{"email":"child.a@example.com"}],[2,71],[0,0,{"name":"Child C"}]]"#,
/// );
/// let tags: Vec<Command> = vec![Command::set([1, 2]), Command::clear()];
/// assert_eq!(serde_json::to_string(&tags)?, "[[6,0,[1,2]],[5,0,0]]");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// The enum has one more, hidden variant that holds the model marker and can never
/// exist (it contains [`Infallible`]). A `match` on a `Command` by value can leave it out;
/// a `match` through a reference has to name it, best as
/// `Command::__Model(never, _) => match *never {}`.
pub enum Command<M = AnyModel> {
    /// `[0, 0, vals]`: create a new record from `vals` and link it.
    Create(Map<String, Value>),
    /// `[1, id, vals]`: write `vals` on linked record `id`.
    Update(i64, Map<String, Value>),
    /// `[2, id]`: unlink record `id` and delete it from the database.
    Delete(i64),
    /// `[3, id]`: unlink record `id` without deleting it (for a one2many, Odoo may
    /// still delete it when the inverse field is required).
    Unlink(i64),
    /// `[4, id]`: link existing record `id`.
    Link(i64),
    /// `[5, 0, 0]`: unlink every record (deleting them as for `Unlink`).
    Clear,
    /// `[6, 0, ids]`: replace the set of linked records by `ids`.
    Set(Vec<i64>),
    /// Carries the model marker; cannot be constructed.
    #[doc(hidden)]
    __Model(Infallible, PhantomData<fn() -> M>),
}

/// Serializes `vals` and requires a JSON object.
fn to_object(vals: impl Serialize) -> Result<Map<String, Value>, ValueError> {
    match serde_json::to_value(vals) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(other) => Err(ValueError::CommandValues {
            reason: format!("got {}", json_kind(&other)),
        }),
        Err(err) => Err(ValueError::CommandValues {
            reason: err.to_string(),
        }),
    }
}

/// A short description of a JSON value's type, for error messages.
fn json_kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

impl<M> Command<M> {
    /// `[0, 0, vals]`: create a record from any `vals` that serialize to a JSON object
    /// (a `serde_json::json!` object, a struct of your own).
    ///
    /// # Errors
    ///
    /// [`ValueError::CommandValues`] when `vals` does not serialize to a JSON object.
    pub fn try_create(vals: impl Serialize) -> Result<Self, ValueError> {
        to_object(vals).map(Self::Create)
    }

    /// `[1, id, vals]`: write any `vals` that serialize to a JSON object on linked record `id`.
    ///
    /// # Errors
    ///
    /// [`ValueError::CommandValues`] when `vals` does not serialize to a JSON object.
    pub fn try_update(id: i64, vals: impl Serialize) -> Result<Self, ValueError> {
        to_object(vals).map(|map| Self::Update(id, map))
    }

    /// `[2, id]`: unlink record `id` and delete it.
    pub const fn delete(id: i64) -> Self {
        Self::Delete(id)
    }

    /// `[3, id]`: unlink record `id`.
    pub const fn unlink(id: i64) -> Self {
        Self::Unlink(id)
    }

    /// `[4, id]`: link record `id`.
    pub const fn link(id: i64) -> Self {
        Self::Link(id)
    }

    /// `[5, 0, 0]`: unlink all records.
    pub const fn clear() -> Self {
        Self::Clear
    }

    /// `[6, 0, ids]`: replace the links by `ids`.
    pub fn set(ids: impl IntoIterator<Item = i64>) -> Self {
        Self::Set(ids.into_iter().collect())
    }

    /// The command's number on the wire, 0 to 6.
    pub const fn code(&self) -> u8 {
        match self {
            Self::Create(_) => 0,
            Self::Update(..) => 1,
            Self::Delete(_) => 2,
            Self::Unlink(_) => 3,
            Self::Link(_) => 4,
            Self::Clear => 5,
            Self::Set(_) => 6,
            Self::__Model(never, _) => match *never {},
        }
    }

    /// The record id the command is about, for `Update`, `Delete`, `Unlink` and `Link`.
    pub const fn id(&self) -> Option<i64> {
        match self {
            Self::Update(id, _) | Self::Delete(id) | Self::Unlink(id) | Self::Link(id) => Some(*id),
            Self::Create(_) | Self::Clear | Self::Set(_) => None,
            Self::__Model(never, _) => match *never {},
        }
    }

    /// The same command, labelled with another model marker.
    pub fn cast<N>(self) -> Command<N> {
        match self {
            Self::Create(vals) => Command::Create(vals),
            Self::Update(id, vals) => Command::Update(id, vals),
            Self::Delete(id) => Command::Delete(id),
            Self::Unlink(id) => Command::Unlink(id),
            Self::Link(id) => Command::Link(id),
            Self::Clear => Command::Clear,
            Self::Set(ids) => Command::Set(ids),
            Self::__Model(never, _) => match never {},
        }
    }
}

impl<M> Clone for Command<M> {
    fn clone(&self) -> Self {
        match self {
            Self::Create(vals) => Self::Create(vals.clone()),
            Self::Update(id, vals) => Self::Update(*id, vals.clone()),
            Self::Delete(id) => Self::Delete(*id),
            Self::Unlink(id) => Self::Unlink(*id),
            Self::Link(id) => Self::Link(*id),
            Self::Clear => Self::Clear,
            Self::Set(ids) => Self::Set(ids.clone()),
            Self::__Model(never, _) => match *never {},
        }
    }
}

impl<M> fmt::Debug for Command<M> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Create(vals) => f.debug_tuple("Create").field(vals).finish(),
            Self::Update(id, vals) => f.debug_tuple("Update").field(id).field(vals).finish(),
            Self::Delete(id) => f.debug_tuple("Delete").field(id).finish(),
            Self::Unlink(id) => f.debug_tuple("Unlink").field(id).finish(),
            Self::Link(id) => f.debug_tuple("Link").field(id).finish(),
            Self::Clear => f.write_str("Clear"),
            Self::Set(ids) => f.debug_tuple("Set").field(ids).finish(),
            Self::__Model(never, _) => match *never {},
        }
    }
}

impl<M> PartialEq for Command<M> {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Self::Create(a), Self::Create(b)) => a == b,
            (Self::Update(a, x), Self::Update(b, y)) => a == b && x == y,
            (Self::Delete(a), Self::Delete(b))
            | (Self::Unlink(a), Self::Unlink(b))
            | (Self::Link(a), Self::Link(b)) => a == b,
            (Self::Clear, Self::Clear) => true,
            (Self::Set(a), Self::Set(b)) => a == b,
            (Self::__Model(never, _), _) | (_, Self::__Model(never, _)) => match *never {},
            _ => false,
        }
    }
}

impl<M> Eq for Command<M> {}

impl<M> Serialize for Command<M> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Create(vals) => {
                let mut tuple = serializer.serialize_tuple(3)?;
                tuple.serialize_element(&0)?;
                tuple.serialize_element(&0)?;
                tuple.serialize_element(vals)?;
                tuple.end()
            }
            Self::Update(id, vals) => {
                let mut tuple = serializer.serialize_tuple(3)?;
                tuple.serialize_element(&1)?;
                tuple.serialize_element(id)?;
                tuple.serialize_element(vals)?;
                tuple.end()
            }
            Self::Delete(id) => (2, id).serialize(serializer),
            Self::Unlink(id) => (3, id).serialize(serializer),
            Self::Link(id) => (4, id).serialize(serializer),
            Self::Clear => (5, 0, 0).serialize(serializer),
            Self::Set(ids) => (6, 0, ids).serialize(serializer),
            Self::__Model(never, _) => match *never {},
        }
    }
}

impl<'de, M> Deserialize<'de> for Command<M> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_seq(CommandVisitor(PhantomData))
    }
}

/// Reads a [`Command`] from a 1- to 3-element list.
struct CommandVisitor<M>(PhantomData<fn() -> M>);

impl<'de, M> CommandVisitor<M> {
    /// Takes the next element, which must be there.
    fn required<T: Deserialize<'de>, A: SeqAccess<'de>>(
        &self,
        seq: &mut A,
        index: usize,
    ) -> Result<T, A::Error> {
        seq.next_element()?
            .ok_or_else(|| de::Error::invalid_length(index, self))
    }
}

impl<'de, M> Visitor<'de> for CommandVisitor<M> {
    type Value = Command<M>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(
            "an x2many command: [0, 0, {vals}], [1, id, {vals}], [2, id], [3, id], [4, id], \
             [5, 0, 0] or [6, 0, [ids]]",
        )
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let code: i64 = self.required(&mut seq, 0)?;
        let (command, used) = match code {
            0 => {
                self.required::<IgnoredAny, _>(&mut seq, 1)?;
                (Command::Create(self.required(&mut seq, 2)?), 3)
            }
            1 => {
                let id = self.required(&mut seq, 1)?;
                (Command::Update(id, self.required(&mut seq, 2)?), 3)
            }
            2..=4 => {
                let id = self.required(&mut seq, 1)?;
                let command = match code {
                    2 => Command::Delete(id),
                    3 => Command::Unlink(id),
                    _ => Command::Link(id),
                };
                // An optional, ignored third element: `[2, id, 0]`.
                let used = if seq.next_element::<IgnoredAny>()?.is_some() {
                    3
                } else {
                    2
                };
                (command, used)
            }
            5 => {
                let mut used = 1;
                while used < 3 && seq.next_element::<IgnoredAny>()?.is_some() {
                    used += 1;
                }
                (Command::Clear, used)
            }
            6 => {
                self.required::<IgnoredAny, _>(&mut seq, 1)?;
                (Command::Set(self.required(&mut seq, 2)?), 3)
            }
            other => {
                return Err(de::Error::invalid_value(
                    de::Unexpected::Signed(other),
                    &"an x2many command code from 0 to 6",
                ))
            }
        };
        if used == 3 && seq.next_element::<IgnoredAny>()?.is_some() {
            return Err(de::Error::invalid_length(4, &self));
        }
        Ok(command)
    }
}
