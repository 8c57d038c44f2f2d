//! Typed CRUD on one model: [`Client::model`] gives a [`ModelClient`]; searches are built
//! with [`Search`], paged with [`Pager`]; writes take [`Values`].
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

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

use crate::availability::{self, Needs};
use crate::client::Client;
use crate::context::Context;
use crate::domain::{Domain, Order};
use crate::error::{Error, ErrorContext, Result};
use crate::model::{Field, Model};
use crate::options::{ReadOptions, SearchOptions};
use crate::transport::Call;
use crate::values::Values;
use crate::wire::WithId;

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
        check::<M>(&self.client, method, needs)
    }

    /// A search of the records matching `domain`; run it with [`Search::fetch`],
    /// [`Search::ids`], [`Search::count`] or [`Search::pages`].
    pub fn search(&self, domain: Domain<M::Base>) -> Search<M> {
        Search {
            client: self.client.clone(),
            domain,
            options: SearchOptions::new(),
            order: None,
        }
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
            .read(M::MODEL, ids, &names::<M>(&self.client), ReadOptions::new())
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
        MethodCall {
            client: self.client.clone(),
            call: Call::new(M::MODEL, method),
            ids: None,
            arg_names: Vec::new(),
            invalid: None,
            marker: PhantomData,
        }
    }
}

/// A search on model `M`, from [`ModelClient::search`]: set the window and order, then
/// run it.
pub struct Search<M: Model> {
    client: Client,
    domain: Domain<M::Base>,
    options: SearchOptions,
    order: Option<Order<M::Base>>,
}

impl<M: Model> fmt::Debug for Search<M> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Search")
            .field("model", &M::MODEL)
            .field("domain", &self.domain)
            .field("options", &self.options)
            .finish()
    }
}

impl<M: Model> Search<M> {
    /// At most `limit` records.
    #[must_use]
    pub fn limit(mut self, limit: u64) -> Self {
        self.options = self.options.limit(limit);
        self
    }

    /// Skips the first `offset` records.
    #[must_use]
    pub fn offset(mut self, offset: u64) -> Self {
        self.options = self.options.offset(offset);
        self
    }

    /// Sorts the records (the model's default order otherwise).
    #[must_use]
    pub fn order(mut self, order: Order<M::Base>) -> Self {
        self.options = self.options.order(order.as_string());
        self.order = Some(order);
        self
    }

    /// Merges `context` over the client's for this search.
    #[must_use]
    pub fn context(mut self, context: Context) -> Self {
        self.options = self.options.context(context);
        self
    }

    /// The domain this search sends.
    pub fn domain(&self) -> &Domain<M::Base> {
        &self.domain
    }

    /// The client the search runs on.
    pub(crate) fn client_ref(&self) -> &Client {
        &self.client
    }

    /// Its window, order and context.
    pub(crate) fn options_ref(&self) -> &SearchOptions {
        &self.options
    }

    /// Whether the model and every field of the domain and order exist on the server's
    /// version.
    pub(crate) fn check(&self, method: &str) -> Result<()> {
        let order = self.order.as_ref().map(Order::needs);
        let needs: Vec<&Needs> = std::iter::once(self.domain.needs()).chain(order).collect();
        check::<M>(&self.client, method, &needs)
    }

    /// The ids of the matching records.
    pub async fn ids(&self) -> Result<Vec<i64>> {
        self.check("search")?;
        self.client
            .search(M::MODEL, self.domain.to_value(), self.options.clone())
            .await
    }

    /// The matching records, with the struct's fields, in one `search_read`.
    pub async fn fetch(&self) -> Result<Vec<M>> {
        self.check("search_read")?;
        let result = self
            .client
            .search_read(
                M::MODEL,
                self.domain.to_value(),
                &names::<M>(&self.client),
                self.options.clone(),
            )
            .await;
        crate::missing_fields::explain::<M, _>(&self.client, result).await
    }

    /// The first matching record.
    pub async fn first(&self) -> Result<Option<M>> {
        self.check("search_read")?;
        let mut options = self.options.clone();
        options = options.limit(1);
        let result = self
            .client
            .search_read(
                M::MODEL,
                self.domain.to_value(),
                &names::<M>(&self.client),
                options,
            )
            .await;
        let rows: Vec<M> = crate::missing_fields::explain::<M, _>(&self.client, result).await?;
        Ok(rows.into_iter().next())
    }

    /// The number of matching records (the limit, when set, caps it).
    pub async fn count(&self) -> Result<u64> {
        self.check("search_count")?;
        self.client
            .search_count(M::MODEL, self.domain.to_value(), self.options.clone())
            .await
    }

    /// Reads the matching records in pages of `page_size`, one call per page, holding one
    /// page at a time. Without an order, pages follow the id (`id > last id`), so records
    /// created or deleted meanwhile shift nothing; with an order, pages go by offset.
    pub fn pages(self, page_size: u64) -> Pager<M> {
        Pager {
            page_size: page_size.max(1),
            remaining: self.options.limit,
            offset: self.options.offset.unwrap_or(0),
            last_id: None,
            done: false,
            search: self,
        }
    }
}

/// Reads a search in pages; from [`Search::pages`].
///
/// ```no_run
/// # async fn demo<M: odoo_core::Model>(partners: odoo_core::ModelClient<M>) -> odoo_core::Result<()> {
/// let mut pages = partners.all().pages(500);
/// while let Some(page) = pages.next_page().await? {
///     for record in page { /* ... */ }
/// }
/// # Ok(()) }
/// ```
pub struct Pager<M: Model> {
    search: Search<M>,
    page_size: u64,
    remaining: Option<u64>,
    offset: u64,
    last_id: Option<i64>,
    done: bool,
}

impl<M: Model> fmt::Debug for Pager<M> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pager")
            .field("search", &self.search)
            .field("page_size", &self.page_size)
            .field("offset", &self.offset)
            .field("last_id", &self.last_id)
            .field("done", &self.done)
            .finish()
    }
}

impl<M: Model> Pager<M> {
    /// The next page, or `None` after the last one. A failed page can be asked again.
    pub async fn next_page(&mut self) -> Result<Option<Vec<M>>> {
        if self.done {
            return Ok(None);
        }
        let size = match self.remaining {
            Some(0) => {
                self.done = true;
                return Ok(None);
            }
            Some(remaining) => remaining.min(self.page_size),
            None => self.page_size,
        };
        self.search.check("search_read")?;
        let keyset = self.search.order.is_none();
        let mut options = self.search.options.clone().limit(size);
        let domain = if keyset {
            options = options.order("id asc");
            // The user's offset applies to the first page only; later pages follow the id.
            options.offset = if self.last_id.is_none() && self.offset > 0 {
                Some(self.offset)
            } else {
                None
            };
            let id: Field<M::Base, i64> = Field::new("id");
            match self.last_id {
                Some(last) => self.search.domain.clone() & id.gt(last),
                None => self.search.domain.clone(),
            }
        } else {
            options = options.offset(self.offset);
            self.search.domain.clone()
        };
        let mut names = names::<M>(&self.search.client);
        if keyset && !names.contains(&"id") {
            names.push("id");
        }
        let result = self
            .search
            .client
            .search_read(M::MODEL, domain.to_value(), &names, options)
            .await;
        // Each record decodes straight from the body, its id read on the way (the struct
        // may have no `id` field). Nothing moves on before the page decoded, so that a page
        // that fails to decode is asked again.
        let rows: Vec<WithId<M>> =
            crate::missing_fields::explain::<M, _>(&self.search.client, result).await?;
        let count = rows.len() as u64;
        let last_id = rows.iter().filter_map(|row| row.id).max();
        let page: Vec<M> = rows.into_iter().map(|row| row.record).collect();
        if keyset {
            self.last_id = last_id.or(self.last_id);
        }
        self.offset += count;
        if let Some(remaining) = &mut self.remaining {
            *remaining = remaining.saturating_sub(count);
        }
        if count < size {
            self.done = true;
        }
        if page.is_empty() {
            return Ok(None);
        }
        Ok(Some(page))
    }

    /// Reads every remaining page into one list.
    pub async fn collect_all(mut self) -> Result<Vec<M>> {
        let mut all = Vec::new();
        while let Some(page) = self.next_page().await? {
            all.extend(page);
        }
        Ok(all)
    }
}

/// A call of a model method, from [`ModelClient::call`].
pub struct MethodCall<M> {
    client: Client,
    call: Call,
    ids: Option<Vec<i64>>,
    /// The parameter name of each positional argument, `None` for one given without.
    arg_names: Vec<Option<String>>,
    /// The first argument that did not serialize, reported when the call is sent.
    invalid: Option<String>,
    marker: PhantomData<fn() -> M>,
}

impl<M> fmt::Debug for MethodCall<M> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MethodCall")
            .field("call", &self.call)
            .field("ids", &self.ids)
            .finish()
    }
}

impl<M: Model> MethodCall<M> {
    /// Calls the method on the records `ids` (the `self` of the Python method).
    #[must_use]
    pub fn ids(mut self, ids: &[i64]) -> Self {
        self.ids = Some(ids.to_vec());
        self
    }

    /// Adds a positional argument (after the ids). On JSON-2 its name comes from the
    /// method's signature; prefer [`MethodCall::kwarg`] there.
    ///
    /// # Errors
    ///
    /// The value must serialize to JSON; the error shows when the call is sent.
    #[must_use]
    pub fn arg(mut self, value: impl Serialize) -> Self {
        if let Some(value) = self.serialize(value) {
            self.call = self.call.arg(value);
            self.arg_names.push(None);
        }
        self
    }

    /// Adds a positional argument (after the ids) with the name of its parameter in the
    /// method's signature. When every positional argument has its name, JSON-2 sends them by
    /// these names without reading the method's signature from the server; the other
    /// transports send them by position, as [`MethodCall::arg`] does.
    #[must_use]
    pub fn named_arg(mut self, name: impl Into<String>, value: impl Serialize) -> Self {
        if let Some(value) = self.serialize(value) {
            self.call = self.call.arg(value);
            self.arg_names.push(Some(name.into()));
        }
        self
    }

    /// Adds a keyword argument.
    #[must_use]
    pub fn kwarg(mut self, name: impl Into<String>, value: impl Serialize) -> Self {
        if let Some(value) = self.serialize(value) {
            self.call = self.call.kwarg(name, value);
        }
        self
    }

    /// Keeps `message` as the call's error, reported when it is sent (unless an earlier
    /// argument failed first).
    pub(crate) fn invalid(mut self, message: String) -> Self {
        self.invalid.get_or_insert(message);
        self
    }

    /// The argument as JSON, or `None` after keeping the first serialization error.
    fn serialize(&mut self, value: impl Serialize) -> Option<Value> {
        match serde_json::to_value(value) {
            Ok(value) => Some(value),
            Err(error) => {
                self.invalid.get_or_insert_with(|| {
                    format!("an argument could not be serialized to JSON: {error}")
                });
                None
            }
        }
    }

    /// Merges `context` over the client's for this call.
    #[must_use]
    pub fn context(mut self, context: Context) -> Self {
        self.call = self
            .call
            .kwarg("context", Value::Object(context.into_map()));
        self
    }

    fn into_call(self) -> Result<(Client, Call)> {
        let MethodCall {
            client,
            mut call,
            ids,
            arg_names,
            invalid,
            ..
        } = self;
        if let Some(error) = invalid {
            return Err(Error::invalid(error, call.error_context()));
        }
        check::<M>(&client, &call.method, &[])?;
        // Named only when every positional argument has its name.
        let names: Option<Vec<String>> = arg_names.into_iter().collect();
        let mut names = names.unwrap_or_default();
        if let Some(ids) = ids {
            let ids = Value::Array(ids.into_iter().map(Value::from).collect());
            call.args.insert(0, ids);
            names.insert(0, "ids".to_owned());
        }
        if !call.args.is_empty() && names.len() == call.args.len() {
            call = call.arg_names(names);
        }
        Ok((client, call))
    }

    /// Sends the call; the result as JSON (`Value::Null` for a method returning `None`).
    pub async fn send(self) -> Result<Value> {
        let (client, call) = self.into_call()?;
        client.call(call).await
    }

    /// Sends the call and reads the result as an [`Action`](crate::Action): what a button
    /// answers (a window or wizard to open, a close, a URL, a report), or
    /// [`Action::Done`](crate::Action::Done) with the plain value it returned. Run a wizard it
    /// opens with [`Wizard::from_action`](crate::Wizard::from_action).
    pub async fn send_action(self) -> Result<crate::Action> {
        self.send().await.map(crate::Action::from_value)
    }

    /// Sends the call and deserializes the result into `T`.
    pub async fn send_as<T: DeserializeOwned>(self) -> Result<T> {
        let (client, call) = self.into_call()?;
        client.call_as(call).await
    }
}

/// The fields of `M` a read asks for on the client's server: those its version has.
pub(crate) fn names<M: Model>(client: &Client) -> Vec<&'static str> {
    crate::model::names_for(M::FIELDS, Some(client.server_version().major))
}

/// Whether the model `M` exists on the client's server version, and every field `needs`
/// names; the error of kind [`ErrorKind::Unavailable`](crate::ErrorKind::Unavailable)
/// otherwise.
pub(crate) fn check<M: Model>(client: &Client, method: &str, needs: &[&Needs]) -> Result<()> {
    let server = client.server_version();
    availability::check_model(M::MODEL, M::VERSIONS, method, server)?;
    needs
        .iter()
        .try_for_each(|needs| needs.check(M::MODEL, method, server))
}
