//! Typed field handles: [`Field`], and whether a typed write may set one ([`Writable`],
//! [`ReadOnly`]).

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use super::{Model, Relational};
use crate::version_range::Versions;

/// A typed handle on one field of model `M` whose Rust type is `T`: builds domain leaves
/// (see [`crate::domain`]), orders and write payloads, checked by the compiler.
///
/// `A` says whether a typed write may set the field: [`Writable`] (the default) or
/// [`ReadOnly`]. [`Values::set`](crate::Values::set), [`clear`](crate::Values::clear) and
/// [`update`](crate::Values::update) take writable handles only; domains, orders and every
/// other method take both. The derive makes a field's handle `ReadOnly` when the field is
/// marked `#[odoo(readonly)]` or the schema snapshot says Odoo will not write it (computed
/// without an inverse, or related).
///
/// Handles come from [`Model::fields`]; [`Field::path`] follows a many2one to a field of
/// the target model (`parent_id.name`), as a read-only handle.
pub struct Field<M, T, A = Writable> {
    path: Cow<'static, str>,
    versions: Versions,
    marker: HandleMarker<M, T, A>,
}

/// Ties a handle to its model, type and access without holding any (and keeps it `Send`,
/// `Sync` and covariant whatever they are).
type HandleMarker<M, T, A> = PhantomData<fn() -> (M, T, A)>;

/// The access of a [`Field`] handle that a typed write may set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Writable;

/// The access of a [`Field`] handle that a typed write may not set: the field is read-only
/// in Odoo (computed without an inverse, or related), marked `#[odoo(readonly)]`, or a
/// dotted path made by [`Field::path`]. [`Values::set_readonly`](crate::Values::set_readonly)
/// sets one anyway.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct ReadOnly;

mod sealed {
    pub trait Sealed {}
    impl Sealed for super::Writable {}
}

/// The access of handles that [`Values::set`](crate::Values::set),
/// [`clear`](crate::Values::clear) and [`update`](crate::Values::update) take: implemented
/// for [`Writable`] only (sealed).
#[diagnostic::on_unimplemented(
    message = "this field is read-only in Odoo: a typed write cannot set it",
    label = "a read-only field handle (`Field<_, _, ReadOnly>`)",
    note = "Odoo computes the field without an inverse, or it is a related field or a dotted path (the schema snapshot or #[odoo(readonly)] says so): Odoo refuses the write or silently ignores it",
    note = "to send it anyway, deliberately, use `Values::set_readonly(&field, value)`"
)]
pub trait Settable: sealed::Sealed {}

impl Settable for Writable {}

impl<M, T> Field<M, T, Writable> {
    /// A writable handle on the field of that Odoo name. The derive makes these; a
    /// hand-made handle is not checked against anything.
    pub const fn new(name: &'static str) -> Self {
        Self {
            path: Cow::Borrowed(name),
            versions: Versions::ALL,
            marker: PhantomData,
        }
    }
}

impl<M, T> Field<M, T, ReadOnly> {
    /// A read-only handle on the field of that Odoo name: usable in domains and orders,
    /// refused by [`Values::set`](crate::Values::set). The derive makes these for read-only
    /// fields; a hand-made handle is not checked against anything.
    pub const fn new_readonly(name: &'static str) -> Self {
        Self {
            path: Cow::Borrowed(name),
            versions: Versions::ALL,
            marker: PhantomData,
        }
    }
}

impl<M, T, A> Field<M, T, A> {
    /// The same handle, on a field that exists on `versions` only (the derive makes these
    /// for `#[odoo(since = ..)]` and `#[odoo(until = ..)]`). A call that uses it on a server
    /// of another version fails before anything is sent, with an error of kind
    /// [`ErrorKind::Unavailable`](crate::ErrorKind::Unavailable);
    /// [`Client::has`](crate::Client::has) asks first.
    #[must_use]
    pub const fn on(mut self, versions: Versions) -> Self {
        self.versions = versions;
        self
    }

    /// The Odoo name, or the dotted path for a handle made by [`Field::path`].
    pub fn name(&self) -> &str {
        &self.path
    }

    /// The Odoo versions the field exists on (for a dotted path, those on which every
    /// field of the path exists).
    pub fn versions(&self) -> Versions {
        self.versions
    }

    /// The name and versions, for what a domain, order or values need.
    pub(crate) fn need(&self) -> (Cow<'static, str>, Versions) {
        (self.path.clone(), self.versions)
    }

    /// The same field as a read-only handle.
    pub fn to_readonly(&self) -> Field<M, T, ReadOnly> {
        Field {
            path: self.path.clone(),
            versions: self.versions,
            marker: PhantomData,
        }
    }
}

impl<M, T: Relational, A> Field<M, T, A>
where
    T::Target: Model,
{
    /// Follows this relational field to a field of its target model: `parent_id.name`.
    ///
    /// The handle is [`ReadOnly`] whatever the inner field: Odoo does not write through a
    /// dotted path.
    ///
    /// ```
    /// # #[cfg(feature = "derive")] {
    /// # use odoo_core::{Model, OdooModel, types::Many2one};
    /// # #[derive(Debug, OdooModel)]
    /// # #[odoo(model = "res.country")]
    /// # struct Country { id: i64, code: Option<String> }
    /// # #[derive(Debug, OdooModel)]
    /// # #[odoo(model = "res.partner")]
    /// # struct Partner { id: i64, country_id: Option<Many2one<Country>> }
    /// let code = Partner::fields().country_id.path(|c| c.code);
    /// assert_eq!(code.name(), "country_id.code");
    /// # }
    /// ```
    pub fn path<U, B>(
        &self,
        to: impl FnOnce(<T::Target as Model>::Fields) -> Field<<T::Target as Model>::Base, U, B>,
    ) -> Field<M, U, ReadOnly> {
        let inner = to(<T::Target as Model>::fields());
        Field {
            path: Cow::Owned(format!("{}.{}", self.path, inner.path)),
            versions: self.versions.and(inner.versions),
            marker: PhantomData,
        }
    }
}

impl<M, T, A> Clone for Field<M, T, A> {
    fn clone(&self) -> Self {
        Self {
            path: self.path.clone(),
            versions: self.versions,
            marker: PhantomData,
        }
    }
}

impl<M, T, A> fmt::Debug for Field<M, T, A> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Field({})", self.path)
    }
}
