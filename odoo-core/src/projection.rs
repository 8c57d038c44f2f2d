//! Typed reads of a few fields without a struct: a field handle, or a tuple of handles of one
//! model, read as the fields' own types.
//!
//! ```no_run
//! # #[cfg(feature = "derive")] {
//! # use odoo_core::types::X2many;
//! # use odoo_core::{Model, OdooModel};
//! # #[derive(Debug, OdooModel)]
//! # #[odoo(model = "sale.order")]
//! # struct SaleOrder { id: i64, name: String, picking_ids: X2many, amount_total: f64 }
//! # async fn demo(client: odoo_core::Client) -> odoo_core::Result<()> {
//! let o = SaleOrder::fields();
//! let orders = client.model::<SaleOrder>();
//! // One field of one record.
//! let pickings: X2many = orders.get_fields(7, &o.picking_ids).await?;
//! // Several fields of the matching records, as tuples.
//! let rows: Vec<(i64, String, f64)> = orders
//!     .search(o.amount_total.gt(100.0))
//!     .fetch_fields((&o.id, &o.name, &o.amount_total))
//!     .await?;
//! # Ok(()) } }
//! ```

use std::borrow::Cow;

use serde_json::{Map, Value};

use crate::client::Client;
use crate::error::{Error, ErrorContext, Result};
use crate::model::{Field, Model, OdooField};
use crate::model_client::ModelClient;
use crate::options::ReadOptions;
use crate::search::Search;
use crate::server_check::check;
use crate::version_range::Versions;

/// Field handles of model `M` read together without a struct: one handle (`&f.name`, read
/// as its type) or a tuple of up to eight (`(&f.id, &f.name)`, read as a tuple).
pub trait Projection<M> {
    /// What one record reads as.
    type Row;

    /// The Odoo name and versions of each field, in order.
    fn fields(&self) -> Vec<(Cow<'static, str>, Versions)>;

    /// Reads one record's values out of `row`; `major` is the server's version.
    ///
    /// # Errors
    ///
    /// A value that does not fit its field's type, or a field the record lacks, with the
    /// field's name.
    fn decode(
        &self,
        row: &Map<String, Value>,
        major: u32,
    ) -> std::result::Result<Self::Row, String>;
}

/// Reads the value of `field` in `row`: what the server sent, else what a record without the
/// key reads as (a field the server's version lacks reads as empty).
fn take<M, T: OdooField, A>(
    field: &Field<M, T, A>,
    row: &Map<String, Value>,
    major: u32,
) -> std::result::Result<T, String> {
    match row.get(field.name()) {
        Some(value) => {
            T::deserialize_field(value).map_err(|error| format!("`{}`: {error}", field.name()))
        }
        None => T::missing().ok_or_else(|| {
            if field.versions().contains(major) {
                format!("the record has no `{}`", field.name())
            } else {
                format!(
                    "`{}` exists on {} only: declare it as an Option",
                    field.name(),
                    field.versions()
                )
            }
        }),
    }
}

impl<M, T: OdooField, A> Projection<M> for &Field<M, T, A> {
    type Row = T;

    fn fields(&self) -> Vec<(Cow<'static, str>, Versions)> {
        vec![self.need()]
    }

    fn decode(&self, row: &Map<String, Value>, major: u32) -> std::result::Result<T, String> {
        take(self, row, major)
    }
}

macro_rules! tuple_projection {
    ($($T:ident $A:ident $index:tt),+) => {
        impl<M, $($T: OdooField, $A),+> Projection<M> for ($(&Field<M, $T, $A>,)+) {
            type Row = ($($T,)+);

            fn fields(&self) -> Vec<(Cow<'static, str>, Versions)> {
                vec![$(self.$index.need()),+]
            }

            fn decode(&self, row: &Map<String, Value>, major: u32) -> std::result::Result<Self::Row, String> {
                Ok(($(take(self.$index, row, major)?,)+))
            }
        }
    };
}

tuple_projection!(T0 A0 0);
tuple_projection!(T0 A0 0, T1 A1 1);
tuple_projection!(T0 A0 0, T1 A1 1, T2 A2 2);
tuple_projection!(T0 A0 0, T1 A1 1, T2 A2 2, T3 A3 3);
tuple_projection!(T0 A0 0, T1 A1 1, T2 A2 2, T3 A3 3, T4 A4 4);
tuple_projection!(T0 A0 0, T1 A1 1, T2 A2 2, T3 A3 3, T4 A4 4, T5 A5 5);
tuple_projection!(T0 A0 0, T1 A1 1, T2 A2 2, T3 A3 3, T4 A4 4, T5 A5 5, T6 A6 6);
tuple_projection!(T0 A0 0, T1 A1 1, T2 A2 2, T3 A3 3, T4 A4 4, T5 A5 5, T6 A6 6, T7 A7 7);

/// The names a read of `fields` asks for on a server of `major` (those its version has); a
/// dotted path is refused (a read takes fields of the model itself).
fn plan<M: Model, P: Projection<M::Base>>(
    fields: &P,
    major: u32,
    method: &str,
) -> Result<Vec<String>> {
    let mut names = Vec::new();
    for (name, versions) in fields.fields() {
        if name.contains('.') {
            return Err(Error::invalid(
                format!("`{name}` is a path: a read takes the model's own fields (read the related record instead)"),
                ErrorContext::call(M::MODEL, method),
            ));
        }
        if versions.contains(major) && name != "id" && !names.iter().any(|seen| *seen == name) {
            names.push(name.into_owned());
        }
    }
    if names.is_empty() {
        names.push("id".to_owned());
    }
    Ok(names)
}

/// Decodes the rows of a read of `fields`.
fn decode_rows<M: Model, P: Projection<M::Base>>(
    fields: &P,
    rows: Vec<Map<String, Value>>,
    major: u32,
    method: &str,
) -> Result<Vec<P::Row>> {
    rows.into_iter()
        .enumerate()
        .map(|(index, row)| {
            fields.decode(&row, major).map_err(|message| {
                Error::decode(
                    format!("[{index}]"),
                    message,
                    ErrorContext::call(M::MODEL, method),
                )
            })
        })
        .collect()
}

impl<M: Model> ModelClient<M> {
    /// Reads these fields of the records `ids` without a struct: one handle reads as its
    /// type, a tuple of handles as a tuple (see [`Projection`]). Ids that do not exist give
    /// no row. A field some versions lack is not asked for on them, and reads as empty.
    pub async fn read_fields<P: Projection<M::Base>>(
        &self,
        ids: &[i64],
        fields: P,
    ) -> Result<Vec<P::Row>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let major = self.client().server_version().major;
        let names = plan::<M, P>(&fields, major, "read")?;
        check::<M>(self.client(), "read", &[])?;
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        let rows: Vec<Map<String, Value>> = self
            .client()
            .read(M::MODEL, ids, &names, ReadOptions::new())
            .await?;
        decode_rows::<M, P>(&fields, rows, major, "read")
    }

    /// Reads these fields of the record `id` (see [`ModelClient::read_fields`]).
    ///
    /// # Errors
    ///
    /// Of kind [`ErrorKind::MissingError`](crate::ErrorKind::MissingError) when the server
    /// answers no row: the record does not exist, or record rules hide it
    /// ([`ModelClient::get`] answers `None` instead).
    pub async fn get_fields<P: Projection<M::Base>>(&self, id: i64, fields: P) -> Result<P::Row> {
        let row = self.read_fields(&[id], fields).await?.into_iter().next();
        row.ok_or_else(|| {
            let context = ErrorContext::call(M::MODEL, "read").on(self.client().transport_kind());
            Error::missing_record(M::MODEL, id, context)
        })
    }
}

impl Client {
    /// Reads these fields of the records `ids` of the model the handles belong to, without a
    /// struct: [`ModelClient::read_fields`] of that model.
    pub async fn read_fields<B, P>(&self, ids: &[i64], fields: P) -> Result<Vec<P::Row>>
    where
        B: Model<Base = B>,
        P: Projection<B>,
    {
        self.model::<B>().read_fields(ids, fields).await
    }

    /// Reads these fields of the record `id` of the model the handles belong to: an error of
    /// kind [`ErrorKind::MissingError`](crate::ErrorKind::MissingError) when it does not
    /// exist. [`ModelClient::get_fields`] of that model.
    pub async fn get_fields<B, P>(&self, id: i64, fields: P) -> Result<P::Row>
    where
        B: Model<Base = B>,
        P: Projection<B>,
    {
        self.model::<B>().get_fields(id, fields).await
    }
}

impl<M: Model> Search<M> {
    /// The matching records' values of these fields, without a struct (see [`Projection`]),
    /// in one `search_read`.
    pub async fn fetch_fields<P: Projection<M::Base>>(&self, fields: P) -> Result<Vec<P::Row>> {
        let client = self.client_ref();
        let major = client.server_version().major;
        let names = plan::<M, P>(&fields, major, "search_read")?;
        self.check("search_read")?;
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        let rows: Vec<Map<String, Value>> = client
            .search_read(
                M::MODEL,
                self.domain().to_value(),
                &names,
                self.options_ref().clone(),
            )
            .await?;
        decode_rows::<M, P>(&fields, rows, major, "search_read")
    }
}
