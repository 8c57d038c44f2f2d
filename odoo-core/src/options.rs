//! Options of the search and read convenience calls.

use serde_json::{Map, Value};

use crate::context::Context;

/// Paging, order and context of a `search`, `search_read` or `search_count`.
///
/// Only what is set is sent, so the server's defaults apply to the rest.
///
/// ```
/// use odoo_core::SearchOptions;
/// let opts = SearchOptions::new().limit(80).offset(160).order("name asc, id desc");
/// # let _ = opts;
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SearchOptions {
    pub(crate) offset: Option<u64>,
    pub(crate) limit: Option<u64>,
    pub(crate) order: Option<String>,
    pub(crate) context: Option<Context>,
}

impl SearchOptions {
    /// No paging, the model's default order, the client's context.
    pub fn new() -> Self {
        Self::default()
    }

    /// Skips the first `offset` records.
    #[must_use]
    pub fn offset(mut self, offset: u64) -> Self {
        self.offset = Some(offset);
        self
    }

    /// Returns at most `limit` records.
    #[must_use]
    pub fn limit(mut self, limit: u64) -> Self {
        self.limit = Some(limit);
        self
    }

    /// Sorts by an Odoo order clause such as `"name asc, id desc"`.
    #[must_use]
    pub fn order(mut self, order: impl Into<String>) -> Self {
        self.order = Some(order.into());
        self
    }

    /// Adds a context for this call, merged over the client's default context.
    #[must_use]
    pub fn context(mut self, context: Context) -> Self {
        self.context = Some(context);
        self
    }

    /// The offset set with [`SearchOptions::offset`], if any.
    pub fn get_offset(&self) -> Option<u64> {
        self.offset
    }

    /// The limit set with [`SearchOptions::limit`], if any.
    pub fn get_limit(&self) -> Option<u64> {
        self.limit
    }

    /// The order clause set with [`SearchOptions::order`], if any.
    pub fn get_order(&self) -> Option<&str> {
        self.order.as_deref()
    }

    /// The context set with [`SearchOptions::context`], if any (without the client's
    /// default context, which is merged in when the call is sent).
    pub fn get_context(&self) -> Option<&Context> {
        self.context.as_ref()
    }

    /// Writes the set options as keyword arguments, in the order Odoo's signatures list them.
    pub(crate) fn write_kwargs(&self, kwargs: &mut Map<String, Value>, with_paging: bool) {
        if with_paging {
            if let Some(offset) = self.offset {
                kwargs.insert("offset".into(), Value::from(offset));
            }
        }
        if let Some(limit) = self.limit {
            kwargs.insert("limit".into(), Value::from(limit));
        }
        if with_paging {
            if let Some(order) = &self.order {
                kwargs.insert("order".into(), Value::from(order.clone()));
            }
        }
    }
}

/// Options of a `read`: the context, and whether many2one values come with their names.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ReadOptions {
    pub(crate) context: Option<Context>,
    pub(crate) load: Option<String>,
}

impl ReadOptions {
    /// The client's context, many2one values as `[id, "name"]`.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a context for this call, merged over the client's default context.
    #[must_use]
    pub fn context(mut self, context: Context) -> Self {
        self.context = Some(context);
        self
    }

    /// Reads many2one fields as bare ids instead of `[id, "name"]` (sends
    /// `load: "_classic_write"`).
    #[must_use]
    pub fn ids_only(mut self) -> Self {
        self.load = Some("_classic_write".into());
        self
    }
}
