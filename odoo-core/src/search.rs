//! Typed searches on one model: [`Search`], from [`ModelClient::search`](crate::ModelClient::search),
//! sets the window and order and runs as ids, records, a count or [`Pager`]'s pages.

use std::fmt;

use crate::availability::Needs;
use crate::client::Client;
use crate::context::Context;
use crate::domain::{Domain, Order};
use crate::error::Result;
use crate::model::{Field, Model};
use crate::options::SearchOptions;
use crate::server_check::{check, names};
use crate::wire::WithId;

/// A search on model `M`, from [`ModelClient::search`](crate::ModelClient::search): set the
/// window and order, then run it.
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
    /// A search of `domain` on `client`, with no window or order yet.
    pub(crate) fn new(client: Client, domain: Domain<M::Base>) -> Self {
        Search {
            client,
            domain,
            options: SearchOptions::new(),
            order: None,
        }
    }

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
