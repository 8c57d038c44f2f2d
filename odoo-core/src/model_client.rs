//! Typed CRUD on one model: [`Client::model`] gives a [`ModelClient`], which reads, creates,
//! writes and deletes records; writes take [`Values`]. Its searches are [`Search`]es (module
//! `search`, paged with [`Pager`](crate::Pager)), its calls of methods by name
//! [`MethodCall`]s (module `method_call`).
//!
//! ```no_run
//! # #[cfg(feature = "derive")]
//! # async fn demo(client: odoo_core::Client) -> odoo_core::Result<()> {
//! use odoo_core::types::{Command, Many2one, X2many};
//! use odoo_core::{Model, OdooModel, Values};
//!
//! #[derive(Debug, OdooModel)]
//! #[odoo(model = "res.partner")]
//! struct Partner {
//!     id: i64,
//!     name: Option<String>,
//!     email: Option<String>,
//!     category_id: X2many,
//! }
//!
//! let partners = client.model::<Partner>();
//! let f = Partner::fields();
//! let found: Vec<Partner> = partners
//!     .search(f.email.ilike("@example.com"))
//!     .order(f.name.asc())
//!     .limit(20)
//!     .fetch()
//!     .await?;
//! let id = partners
//!     .create(&Values::new().set(&f.name, "Acme").set(&f.category_id, [Command::link(3)]))
//!     .await?;
//! partners.write(&[id], &Values::new().clear(&f.email)).await?;
//! partners.unlink(&[id]).await?;
//! # Ok(()) }
//! ```

use std::fmt;
use std::marker::PhantomData;

use crate::availability::Needs;
use crate::client::Client;
use crate::context::Context;
use crate::domain::Domain;
use crate::error::{Error, ErrorContext, Result};
use crate::method_call::MethodCall;
use crate::model::{Field, Model};
use crate::options::ReadOptions;
use crate::search::Search;
use crate::server_check;
use crate::values::Values;

impl Client {
    /// Whether the server's Odoo version has the field of this handle: `false` for a field
    /// generated with `#[odoo(since = 18)]` on a server of Odoo 17. A typed way to branch
    /// where versions differ:
    ///
    /// ```no_run
    /// # #[cfg(feature = "derive")] {
    /// # use odoo_core::{Model, OdooModel, Values};
    /// # #[derive(Debug, OdooModel)]
    /// # #[odoo(model = "product.template")]
    /// # struct Product { id: i64, #[odoo(since = 18)] is_storable: Option<bool> }
    /// # async fn demo(client: odoo_core::Client) -> odoo_core::Result<()> {
    /// let f = Product::fields();
    /// let mut values = Values::new();
    /// if client.has(&f.is_storable) {
    ///     values = values.set(&f.is_storable, true);
    /// }
    /// # Ok(()) } }
    /// ```
    pub fn has<M, T, A>(&self, field: &Field<M, T, A>) -> bool {
        field.versions().contains(self.server_version().major)
    }

    /// Typed access to the model `M`: searches, reads, creates, writes, deletes and calls
    /// of its methods.
    pub fn model<M: Model>(&self) -> ModelClient<M> {
        ModelClient {
            client: self.clone(),
            marker: PhantomData,
        }
    }
}

/// Typed CRUD on the model `M`, from [`Client::model`]. Cheap to clone.
pub struct ModelClient<M> {
    client: Client,
    marker: PhantomData<fn() -> M>,
}

impl<M> Clone for ModelClient<M> {
    fn clone(&self) -> Self {
        Self {
            client: self.client.clone(),
            marker: PhantomData,
        }
    }
}

impl<M: Model> fmt::Debug for ModelClient<M> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ModelClient")
            .field("model", &M::MODEL)
            .field("client", &self.client)
            .finish()
    }
}

impl<M: Model> ModelClient<M> {
    /// The same model with `context` merged over the client's for every call (creates,
    /// writes and deletes included).
    #[must_use]
    pub fn with_context(&self, context: Context) -> Self {
        Self {
            client: self.client.with_context(context),
            marker: PhantomData,
        }
    }

    /// The client underneath.
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// Whether the model exists on the server's Odoo version (`#[odoo(since = ..)]` or
    /// `#[odoo(until = ..)]` on its struct say where it does; every version otherwise).
    pub fn exists(&self) -> bool {
        M::VERSIONS.contains(self.client.server_version().major)
    }

    /// Whether the model exists on the server's version, and so does each field `needs`
    /// names; nothing is sent otherwise.
    fn check(&self, method: &str, needs: &[&Needs]) -> Result<()> {
        server_check::check::<M>(&self.client, method, needs)
    }

    /// A search of the records matching `domain`; run it with [`Search::fetch`],
    /// [`Search::ids`], [`Search::count`] or [`Search::pages`].
    pub fn search(&self, domain: Domain<M::Base>) -> Search<M> {
        Search::new(self.client.clone(), domain)
    }

    /// A search of every record (active ones, unless the context says otherwise).
    pub fn all(&self) -> Search<M> {
        self.search(Domain::all())
    }

    /// Asks the server what a form would fill in after these values were entered
    /// (`onchange`): see [`onchange`](crate::onchange).
    pub fn onchange(&self, values: Values<M::Base>) -> crate::onchange::Onchange<M> {
        crate::onchange::Onchange::new(self.client.clone(), values)
    }

    /// A grouped read with aggregates (`read_group` on Odoo 16 to 18, `formatted_read_group`
    /// on 19): see [`group`](crate::group).
    pub fn read_group(&self) -> crate::group::ReadGroup<M> {
        crate::group::ReadGroup::new(self.client.clone())
    }

    /// Reads the records `ids`, with the struct's fields. Ids that do not exist give no
    /// row, as in Odoo.
    pub async fn read(&self, ids: &[i64]) -> Result<Vec<M>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        self.check("read", &[])?;
        let result = self
            .client
            .read(
                M::MODEL,
                ids,
                &server_check::names::<M>(&self.client),
                ReadOptions::new(),
            )
            .await;
        crate::missing_fields::explain::<M, _>(&self.client, result).await
    }

    /// Reads one record; `None` when it does not exist.
    pub async fn get(&self, id: i64) -> Result<Option<M>> {
        Ok(self.read(&[id]).await?.into_iter().next())
    }

    /// The number of records matching `domain`.
    pub async fn count(&self, domain: Domain<M::Base>) -> Result<u64> {
        self.search(domain).count().await
    }

    /// Creates one record and returns its id. Never retried.
    pub async fn create(&self, values: &Values<M::Base>) -> Result<i64> {
        self.check("create", &[values.needs()])?;
        self.client.create(M::MODEL, values).await
    }

    /// Creates one record per item in one call and returns their ids, in order.
    pub async fn create_many(&self, values: &[Values<M::Base>]) -> Result<Vec<i64>> {
        if values.is_empty() {
            return Ok(Vec::new());
        }
        let needs: Vec<&Needs> = values.iter().map(Values::needs).collect();
        self.check("create", &needs)?;
        self.client.create_many(M::MODEL, values).await
    }

    /// Writes `values` on the records `ids`. Fails with an error of kind
    /// [`ErrorKind::InvalidInput`](crate::ErrorKind::InvalidInput) when no field is set, rather
    /// than sending a call that does nothing.
    pub async fn write(&self, ids: &[i64], values: &Values<M::Base>) -> Result<bool> {
        if values.is_empty() {
            return Err(Error::invalid(
                "a write with no field set; set or clear at least one field",
                ErrorContext::call(M::MODEL, "write"),
            ));
        }
        self.check("write", &[values.needs()])?;
        self.client.write(M::MODEL, ids, values).await
    }

    /// Deletes the records `ids`.
    pub async fn unlink(&self, ids: &[i64]) -> Result<bool> {
        self.check("unlink", &[])?;
        self.client.unlink(M::MODEL, ids).await
    }

    /// A call of any public method of the model, such as `action_confirm`.
    ///
    /// ```no_run
    /// # async fn demo<M: odoo_core::Model>(orders: odoo_core::ModelClient<M>) -> odoo_core::Result<()> {
    /// orders.call("action_confirm").ids(&[42]).send().await?;
    /// # Ok(()) }
    /// ```
    pub fn call(&self, method: impl Into<String>) -> MethodCall<M> {
        MethodCall::new(self.client.clone(), method)
    }
}
