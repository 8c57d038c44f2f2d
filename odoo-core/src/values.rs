//! The values of a typed create or write: [`Values`], built from field handles.

use std::fmt;
use std::marker::PhantomData;

use serde::{Serialize, Serializer};
use serde_json::{Map, Value};

use crate::availability::Needs;
use crate::model::{Field, OdooField, RustKind, Settable};
use crate::types::{AnyModel, Command, FieldUpdate};

/// The values of a create or write on model `M`: each field is left out, emptied
/// ([`Values::clear`], sent as `false`), or set ([`Values::set`]) with a value of its type.
/// Only the fields named here are sent.
pub struct Values<M = AnyModel> {
    map: Map<String, Value>,
    needs: Needs,
    marker: PhantomData<fn() -> M>,
}

impl<M> Values<M> {
    /// No field set.
    pub fn new() -> Self {
        Self {
            map: Map::new(),
            needs: Needs::default(),
            marker: PhantomData,
        }
    }

    /// Sets `field` to `value`: a value of the field's type (an id or a [`Many2one`](crate::types::Many2one)
    /// for a many2one, a list of [`Command`](crate::types::Command)s for an x2many).
    ///
    /// The handle must be writable: a field that is read-only in Odoo (a
    /// [`ReadOnly`](crate::ReadOnly) handle) does not compile here; see
    /// [`Values::set_readonly`].
    #[must_use]
    pub fn set<T: OdooField, A: Settable>(
        self,
        field: &Field<M, T, A>,
        value: impl Into<T::Write>,
    ) -> Self {
        self.insert(field, value.into())
    }

    /// Sets `field` to `value` even when the field is read-only in Odoo: the escape hatch
    /// of [`Values::set`] for any handle.
    ///
    /// Use it deliberately. Odoo may refuse the write, or accept it and silently store a
    /// value that its next computation overwrites (a computed field without an inverse), or
    /// write through to another record (a related field).
    #[must_use]
    pub fn set_readonly<T: OdooField, A>(
        self,
        field: &Field<M, T, A>,
        value: impl Into<T::Write>,
    ) -> Self {
        self.insert(field, value.into())
    }

    fn insert<T: OdooField, A>(mut self, field: &Field<M, T, A>, value: T::Write) -> Self {
        self.map
            .insert(field.name().to_owned(), T::write_value(value));
        self.need(field);
        self
    }

    fn need<T, A>(&mut self, field: &Field<M, T, A>) {
        self.needs.add(field.need());
    }

    /// What the values use that exists on some Odoo versions only.
    pub(crate) fn needs(&self) -> &Needs {
        &self.needs
    }

    /// Empties `field`: `false` on the wire; for an x2many, the `clear` command (5). The
    /// handle must be writable, as for [`Values::set`].
    #[must_use]
    pub fn clear<T: OdooField, A: Settable>(mut self, field: &Field<M, T, A>) -> Self {
        let empty = if T::KIND == RustKind::X2many {
            serde_json::json!([[5, 0, 0]])
        } else {
            Value::Bool(false)
        };
        self.map.insert(field.name().to_owned(), empty);
        self.need(field);
        self
    }

    /// Applies one [`FieldUpdate`]: leaves the field out, clears it, or sets it. The handle
    /// must be writable, as for [`Values::set`].
    #[must_use]
    pub fn update<T: OdooField, A: Settable>(
        self,
        field: &Field<M, T, A>,
        update: FieldUpdate<T::Write>,
    ) -> Self {
        match update {
            FieldUpdate::Unset => self,
            FieldUpdate::Clear => self.clear(field),
            FieldUpdate::Set(value) => self.set(field, value),
        }
    }

    /// Sets a field by name to any JSON value, unchecked: for fields the struct does not
    /// declare.
    #[must_use]
    pub fn set_raw(mut self, name: impl Into<String>, value: impl Into<Value>) -> Self {
        self.map.insert(name.into(), value.into());
        self
    }

    /// The value given for the field of that Odoo name.
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.map.get(name)
    }

    /// No field is set.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// The number of fields set.
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// The values as the JSON object Odoo takes.
    pub fn into_map(self) -> Map<String, Value> {
        self.map
    }

    /// The values as the JSON object Odoo takes.
    pub fn as_map(&self) -> &Map<String, Value> {
        &self.map
    }
}

/// The commands of an x2many write that take typed values. They live beside [`Values`], so that
/// [`Command`] (of [`crate::types`], below the typed layer) names no typed values itself.
impl<M> Command<M> {
    /// `[0, 0, vals]`: create a record from typed values, which are always a JSON object.
    pub fn create(values: Values<M>) -> Self {
        Self::Create(values.into_map())
    }

    /// `[1, id, vals]`: write typed values on linked record `id`.
    pub fn update(id: i64, values: Values<M>) -> Self {
        Self::Update(id, values.into_map())
    }
}

impl<M> Default for Values<M> {
    fn default() -> Self {
        Self::new()
    }
}

impl<M> Clone for Values<M> {
    fn clone(&self) -> Self {
        Self {
            map: self.map.clone(),
            needs: self.needs.clone(),
            marker: PhantomData,
        }
    }
}

impl<M> PartialEq for Values<M> {
    fn eq(&self, other: &Self) -> bool {
        self.map == other.map
    }
}

impl<M> fmt::Debug for Values<M> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Values").field(&self.map).finish()
    }
}

/// The JSON object, for the untyped calls that take a [`Value`] ([`Client::create`](crate::Client::create),
/// [`ExternalIds::save`](crate::ExternalIds::save), a wizard's values). Typed calls check each
/// handle's versions against the server before sending; once values are a `Value`, the
/// server is the one to refuse a field it lacks.
impl<M> From<Values<M>> for Value {
    fn from(values: Values<M>) -> Value {
        Value::Object(values.map)
    }
}

impl<M> Serialize for Values<M> {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        self.map.serialize(serializer)
    }
}
