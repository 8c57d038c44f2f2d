//! Incremental export: the records of a model written since the last run, each version of a
//! record exported once, none missed, with a cursor to keep between runs.
//!
//! ```no_run
//! # async fn demo(client: odoo_core::Client, saved: Option<String>) -> odoo_core::Result<()> {
//! use odoo_core::ChangeCursor;
//! let cursor: ChangeCursor = match saved {
//!     Some(text) => serde_json::from_str(&text).expect("a saved cursor"),
//!     None => ChangeCursor::default(), // the first run exports everything
//! };
//! let mut changes = client.changes("product.product", &cursor).fields(&["default_code", "list_price"]);
//! while let Some(page) = changes.next_page::<serde_json::Value>().await? {
//!     println!("{} changed products", page.len());
//! }
//! let next = changes.cursor().expect("every page was read");
//! let saved = serde_json::to_string(&next).expect("a cursor serializes");
//! # Ok(()) }
//! ```
//!
//! How it never misses nor repeats a write: `write_date` is the start of the writing
//! transaction, in whole seconds as read (the database keeps microseconds, compared by Odoo 16 to
//! 18 and dropped by 19). A run exports the records written in whole seconds from the cursor up
//! to the server's clock less a settling time (5 s by default), read in pages by id: every write
//! stamped before that time is committed when the run reads it (as long as no transaction
//! writing the model lasts longer than the settling time), and each second belongs to exactly
//! one run. A record written again during a run leaves the run's window and is exported, as it
//! is then, by the next run. The server's clock comes from its HTTP `Date` header
//! ([`Client::server_time`]), so the client's clock does not matter.
//!
//! Deleted records leave no trace to export: [`Client::missing_ids`] tells which of the ids an
//! integration knows no longer exist. Archived records are exported as any other with
//! [`Changes::with_archived`].

use std::time::Duration;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use crate::client::Client;
use crate::context::Context;
use crate::error::{Error, ErrorContext, Result};
use crate::options::SearchOptions;
use crate::types::DateTime;
use crate::wire::WithId;

/// Where an incremental export stopped: every write stamped before [`since`](Self::since) was
/// exported. Serializable, to keep between runs; the default starts from the beginning.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ChangeCursor {
    /// The `write_date` (UTC, `YYYY-MM-DD HH:MM:SS`) the next run starts at; `None` for the
    /// first run.
    #[serde(default)]
    pub since: Option<String>,
}

impl ChangeCursor {
    /// A cursor that starts at `since` (`YYYY-MM-DD HH:MM:SS`, UTC): records written at or
    /// after it are exported.
    pub fn starting_at(since: DateTime) -> Self {
        Self {
            since: Some(since.to_string()),
        }
    }
}

/// One run of an incremental export: [`Client::changes`], then [`next_page`](Self::next_page)
/// until it answers `None`, then [`cursor`](Self::cursor).
#[derive(Debug, Clone)]
#[must_use = "the changes are read by .next_page()"]
pub struct Changes<'c> {
    client: &'c Client,
    model: String,
    since: Option<String>,
    fields: Vec<String>,
    domain: Value,
    page_size: u64,
    settle: Duration,
    archived: bool,
    /// The end of the run's window, once the first page asked the server's clock.
    until: Option<String>,
    last_id: i64,
    done: bool,
}

impl Client {
    /// The server's clock now, as its HTTP `Date` header gives it (whole seconds, UTC), asked
    /// with a version request: the time `write_date` and `create_date` are set by (the
    /// database's clock, on the same host as Odoo in most setups). A
    /// [`Decode`](crate::ErrorKind::Decode) error when the server (or a proxy before it) sends
    /// no `Date` header.
    pub async fn server_time(&self) -> Result<DateTime> {
        let now = self.server_clock().await?;
        now.map(DateTime::from).ok_or_else(|| {
            Error::decode(
                "",
                "the server sent no `Date` header: its clock cannot be known",
                ErrorContext::service("version"),
            )
        })
    }

    /// The records of `model` written since `cursor`: see [the module](crate::changes).
    pub fn changes(&self, model: &str, cursor: &ChangeCursor) -> Changes<'_> {
        Changes {
            client: self,
            model: model.to_owned(),
            since: cursor.since.clone(),
            fields: Vec::new(),
            domain: Value::Array(Vec::new()),
            page_size: 500,
            settle: Duration::from_secs(5),
            archived: false,
            until: None,
            last_id: 0,
            done: false,
        }
    }

    /// Which of `ids` of `model` no longer exist (deleted), archived records counting as
    /// existing: the set difference, one `search` per 1,000 ids.
    pub async fn missing_ids(&self, model: &str, ids: &[i64]) -> Result<Vec<i64>> {
        let mut missing = Vec::new();
        for chunk in ids.chunks(1000) {
            let options = SearchOptions::new().context(Context::new().active_test(false));
            let found = self
                .search(model, json!([["id", "in", chunk]]), options)
                .await?;
            let found: std::collections::BTreeSet<i64> = found.into_iter().collect();
            missing.extend(chunk.iter().filter(|id| !found.contains(id)));
        }
        Ok(missing)
    }
}

impl Changes<'_> {
    /// The fields to read (`id` and `write_date` are always read); all when none are given.
    pub fn fields(mut self, fields: &[&str]) -> Self {
        self.fields = fields.iter().map(|f| (*f).to_owned()).collect();
        self
    }

    /// Only the records that match `domain` as well (a JSON domain list; anything else is an
    /// [`InvalidInput`](crate::ErrorKind::InvalidInput) error of the first page).
    pub fn domain(mut self, domain: Value) -> Self {
        self.domain = domain;
        self
    }

    /// Records per page (500 by default; at least 1).
    pub fn page_size(mut self, records: u64) -> Self {
        self.page_size = records.max(1);
        self
    }

    /// How long before the server's clock the run stops (5 s by default): longer than any
    /// transaction that writes the model may last, else a write it commits late is missed.
    pub fn settle(mut self, settle: Duration) -> Self {
        self.settle = settle;
        self
    }

    /// Archived records too (`active_test` off).
    pub fn with_archived(mut self) -> Self {
        self.archived = true;
        self
    }

    /// The next page of changed records, by id; `None` when the run has read them all.
    pub async fn next_page<T: DeserializeOwned>(&mut self) -> Result<Option<Vec<T>>> {
        if self.done {
            return Ok(None);
        }
        let until = match &self.until {
            Some(until) => until.clone(),
            None => {
                let now = self.client.server_time().await?;
                let settle = chrono::Duration::from_std(self.settle).map_err(|_| {
                    Error::invalid(
                        "the settling time is too long",
                        ErrorContext::call(self.model.clone(), "changes"),
                    )
                })?;
                let until = chrono::DateTime::<chrono::Utc>::from(now) - settle;
                let until = DateTime::from(until).to_string();
                self.until = Some(until.clone());
                until
            }
        };
        let Value::Array(mut domain) = self.domain.clone() else {
            return Err(Error::invalid(
                format!("a domain is a JSON list of terms, not {}", self.domain),
                ErrorContext::call(self.model.clone(), "changes"),
            ));
        };
        let mut window = vec![
            json!(["write_date", "<", until]),
            json!(["id", ">", self.last_id]),
        ];
        if let Some(since) = &self.since {
            window.push(json!(["write_date", ">=", since]));
        }
        let terms = domain.len() + window.len();
        let mut all = Vec::with_capacity(2 * terms);
        for _ in 1..terms {
            all.push(json!("&"));
        }
        all.append(&mut domain);
        all.append(&mut window);
        let mut fields: Vec<&str> = self.fields.iter().map(String::as_str).collect();
        if !fields.is_empty() {
            fields.extend(["id", "write_date"]);
            fields.sort_unstable();
            fields.dedup();
        }
        let mut options = SearchOptions::new().order("id").limit(self.page_size);
        if self.archived {
            options = options.context(Context::new().active_test(false));
        }
        // Each record decodes straight from the body, its id read on the way (`T` may have
        // no `id` field). Nothing moves on before the page decoded, so that a page that fails
        // to decode is asked again.
        let rows: Vec<WithId<T>> = self
            .client
            .search_read(&self.model, Value::Array(all), &fields, options)
            .await?;
        if (rows.len() as u64) < self.page_size {
            self.done = true;
        }
        if rows.is_empty() {
            return Ok(None);
        }
        if let Some(last) = rows.last().and_then(|row| row.id) {
            self.last_id = last;
        }
        Ok(Some(rows.into_iter().map(|row| row.record).collect()))
    }

    /// The cursor for the next run, once every page was read (`next_page` answered `None`);
    /// `None` before.
    pub fn cursor(&self) -> Option<ChangeCursor> {
        if !self.done {
            return None;
        }
        // Never back (a server clock set back, or another host's behind a proxy): a cursor
        // that went back would export writes again.
        let since = match (&self.until, &self.since) {
            (Some(until), Some(since)) => Some(until.max(since).clone()),
            (until, since) => until.clone().or_else(|| since.clone()),
        };
        Some(ChangeCursor { since })
    }
}
