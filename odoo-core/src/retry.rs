//! Which failed calls may be sent again, and when.
//!
//! Only calls that change nothing are ever repeated: the read-only methods of the ORM
//! ([`RetryPolicy::default_methods`], from [`crate::orm`]) and the ones a user adds. `create`, `write`,
//! `unlink` and every method not on the list are sent once, whatever happens: a
//! connection that breaks after the request left may still have run it, and a second
//! `create` would make a second record.
//!
//! A read-only call is repeated when the failure says the server did not answer it or could
//! not take it now: the connection could not be made, the connection closed or was reset
//! before the answer came, the answer was HTTP 429, 502, 503 or 504, or the server's pool of
//! database connections was full. A timeout is not repeated: the server may still be working
//! on the first request.
//!
//! The wait doubles from [`RetryPolicy::initial_backoff`] up to [`RetryPolicy::max_backoff`],
//! with random jitter, and follows a `Retry-After` header of 429 and 503 answers (up to
//! [`RetryPolicy::max_retry_after`]; a longer wait is not attempted and the error is
//! returned). A call is retried until [`RetryPolicy::max_elapsed`] (30 s by default) has
//! passed since its first attempt, or [`RetryPolicy::max_retries`] (10) retries: long enough
//! to ride through an Odoo restart, which takes 3 to 10 s.

use std::collections::BTreeSet;
use std::time::Duration;

use crate::error::Error;
use crate::orm;

/// How failed read-only calls are retried. The default retries up to 10 times within 30 s
/// of the first attempt.
///
/// ```
/// use std::time::Duration;
/// use odoo_core::RetryPolicy;
/// let policy = RetryPolicy::default()
///     .max_retries(4)
///     .initial_backoff(Duration::from_millis(100))
///     .allow_method("check_access_rights");
/// assert!(policy.allows("search_read") && policy.allows("check_access_rights"));
/// assert!(!policy.allows("create") && !RetryPolicy::none().allows("search"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    max_retries: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
    max_retry_after: Duration,
    max_elapsed: Duration,
    methods: BTreeSet<String>,
}

/// Whether the ORM table knows `method` as one that creates, changes or deletes records:
/// such a call is never repeated, even when a user adds it.
fn writes(method: &str) -> bool {
    orm::METHODS
        .iter()
        .any(|m| m.name == method && !m.is_read_only())
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_retries: 10,
            initial_backoff: Duration::from_millis(250),
            max_backoff: Duration::from_secs(4),
            max_retry_after: Duration::from_secs(30),
            max_elapsed: Duration::from_secs(30),
            methods: orm::read_only_methods().map(str::to_owned).collect(),
        }
    }
}

impl RetryPolicy {
    /// The methods retried by default: the ORM's read-only methods
    /// ([`orm::read_only_methods`]).
    pub fn default_methods() -> impl Iterator<Item = &'static str> {
        orm::read_only_methods()
    }

    /// Never retry.
    pub fn none() -> Self {
        Self::default().max_retries(0)
    }

    /// How many times a call may be repeated after its first attempt.
    #[must_use]
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.max_retries = retries;
        self
    }

    /// The wait before the first retry; it doubles each time.
    #[must_use]
    pub fn initial_backoff(mut self, wait: Duration) -> Self {
        self.initial_backoff = wait;
        self
    }

    /// The longest wait between two attempts.
    #[must_use]
    pub fn max_backoff(mut self, wait: Duration) -> Self {
        self.max_backoff = wait;
        self
    }

    /// The longest `Retry-After` honoured; a server asking for more gets its error back.
    #[must_use]
    pub fn max_retry_after(mut self, wait: Duration) -> Self {
        self.max_retry_after = wait;
        self
    }

    /// The longest time a call keeps being retried, from its first attempt (default 30 s): no
    /// retry starts after it. An Odoo restart takes 3 to 10 s.
    #[must_use]
    pub fn max_elapsed(mut self, budget: Duration) -> Self {
        self.max_elapsed = budget;
        self
    }

    /// Adds a method that is safe to repeat (one that writes nothing). The ORM's methods that
    /// write (`create`, `write`, `unlink`, `copy`, ...: see [`crate::orm`]) are refused: they
    /// are never retried.
    #[must_use]
    pub fn allow_method(mut self, method: impl Into<String>) -> Self {
        let method = method.into();
        if !writes(&method) {
            self.methods.insert(method);
        }
        self
    }

    /// Whether calls of `method` may be repeated at all.
    pub fn allows(&self, method: &str) -> bool {
        self.max_retries > 0 && self.is_safe(method)
    }

    /// Whether `method` is on the list of methods that change nothing (whatever the
    /// number of retries): a call of it may be repeated after a new login.
    pub fn is_safe(&self, method: &str) -> bool {
        self.methods.contains(method) && !writes(method)
    }

    /// Whether `method` may be repeated once more after `error` on attempt `attempt`
    /// (0 for the first retry), `elapsed` after its first attempt, and after how long.
    pub(crate) fn next_wait(
        &self,
        method: &str,
        error: &Error,
        attempt: u32,
        elapsed: Duration,
    ) -> Option<Duration> {
        if !self.allows(method) {
            return None;
        }
        self.next_read_wait(error, attempt, elapsed)
    }

    /// As [`next_wait`](Self::next_wait), for a request that reads only (a report, a file of
    /// the web client): whether it may be sent once more, and after how long.
    pub(crate) fn next_read_wait(
        &self,
        error: &Error,
        attempt: u32,
        elapsed: Duration,
    ) -> Option<Duration> {
        if attempt >= self.max_retries {
            return None;
        }
        let retry_after = match (error.transport_error(), error.http_error()) {
            // Refused, or closed before the answer: a read-only call changes nothing.
            (Some(e), _) if !e.is_timeout => None,
            (_, Some(e)) if matches!(e.status, 502 | 504) => None,
            (_, Some(e)) if matches!(e.status, 429 | 503) => e.retry_after,
            _ if is_pool_exhausted(error) => None,
            _ => return None,
        };
        let wait = match retry_after {
            Some(wait) if wait > self.max_retry_after => return None,
            Some(wait) => wait,
            None => jitter(
                self.initial_backoff
                    .saturating_mul(2_u32.saturating_pow(attempt))
                    .min(self.max_backoff),
            ),
        };
        (elapsed.saturating_add(wait) <= self.max_elapsed).then_some(wait)
    }
}

/// Whether the server ran out of database connections ("The Connection Pool Is Full",
/// psycopg2's `PoolError`): it did not run the call, and will take it a moment later.
fn is_pool_exhausted(error: &Error) -> bool {
    const MARKS: [&str; 2] = ["Connection Pool Is Full", "PoolError"];
    let text = match (error.http_error(), error.odoo_error()) {
        (Some(http), _) if http.status == 500 => http.body_excerpt.as_str(),
        (_, Some(odoo)) => odoo.name.as_deref().unwrap_or(&odoo.message),
        _ => return false,
    };
    MARKS.iter().any(|mark| text.contains(mark))
        || error
            .odoo_error()
            .is_some_and(|odoo| odoo.message.contains(MARKS[0]))
}

/// A wait between half and all of `wait`, so that many clients do not retry in step.
fn jitter(wait: Duration) -> Duration {
    let nanos = u64::try_from(wait.as_nanos()).unwrap_or(u64::MAX);
    if nanos == 0 {
        return wait;
    }
    let half = nanos / 2;
    Duration::from_nanos(half + random_u64() % (nanos - half + 1))
}

/// A random number from the standard library's randomly seeded hasher: no dependency.
fn random_u64() -> u64 {
    use std::hash::{BuildHasher, Hasher};
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u64(u64::from(std::process::id()));
    hasher.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::{ErrorContext, HttpError, TransportError};

    fn http(status: u16, retry_after: Option<u64>) -> Error {
        Error::http(HttpError {
            status,
            body_excerpt: String::new(),
            content_type: None,
            retry_after: retry_after.map(Duration::from_secs),
            context: ErrorContext::default(),
        })
    }

    fn transport(is_connect: bool, is_timeout: bool) -> Error {
        Error::transport(TransportError {
            message: String::new(),
            is_timeout,
            is_connect,
            context: ErrorContext::default(),
            source: None,
        })
    }

    #[test]
    fn only_safe_methods_and_retriable_failures() {
        let policy = RetryPolicy::default();
        for status in [429, 502, 503, 504] {
            assert!(
                policy
                    .next_wait("search_read", &http(status, None), 0, Duration::ZERO)
                    .is_some(),
                "{status}"
            );
        }
        for status in [400, 401, 403, 404, 500] {
            assert!(
                policy
                    .next_wait("search_read", &http(status, None), 0, Duration::ZERO)
                    .is_none(),
                "{status}"
            );
        }
        assert!(policy
            .next_wait("read", &transport(true, false), 0, Duration::ZERO)
            .is_some());
        assert!(policy
            .next_wait("read", &transport(false, true), 0, Duration::ZERO)
            .is_none());
        // Closed or reset before the answer: a read is asked again, a write never.
        assert!(policy
            .next_wait("read", &transport(false, false), 0, Duration::ZERO)
            .is_some());
        assert!(policy
            .next_wait("write", &transport(false, false), 0, Duration::ZERO)
            .is_none());
        for method in ["create", "write", "unlink", "action_confirm"] {
            assert!(
                policy
                    .next_wait(method, &http(503, None), 0, Duration::ZERO)
                    .is_none(),
                "{method}"
            );
        }
        // A full pool of database connections: read-only calls wait, writes never repeat.
        let pool = Error::http(HttpError {
            status: 500,
            body_excerpt: "<p>psycopg2.pool.PoolError: The Connection Pool Is Full</p>".into(),
            content_type: Some("text/html".into()),
            retry_after: None,
            context: ErrorContext::default(),
        });
        assert!(policy
            .next_wait("search_read", &pool, 0, Duration::ZERO)
            .is_some());
        assert!(policy
            .next_wait("create", &pool, 0, Duration::ZERO)
            .is_none());
        let pool = Error::odoo(crate::error::OdooError {
            kind: crate::ErrorKind::Server,
            name: Some("psycopg2.pool.PoolError".into()),
            message: "The Connection Pool Is Full".into(),
            debug: None,
            code: Some(200),
            credential: None,
            context: ErrorContext::default(),
        });
        assert!(policy.next_wait("read", &pool, 0, Duration::ZERO).is_some());
        assert!(
            policy
                .next_wait("search", &http(503, None), 10, Duration::ZERO)
                .is_none(),
            "ten times at most"
        );
        let extended = policy
            .allow_method("write")
            .allow_method("check_access_rights");
        assert!(!extended.allows("write"));
        assert!(extended.allows("check_access_rights"));
    }

    #[test]
    fn retries_stop_at_the_time_budget() {
        let policy = RetryPolicy::default();
        let refused = transport(true, false);
        let wait = |elapsed| policy.next_wait("read", &refused, 3, Duration::from_secs(elapsed));
        // The fourth retry waits 1 to 2 s; none ends after 30 s.
        assert!(wait(10).is_some() && wait(28).is_some());
        assert!(wait(30).is_none());
        let asked = policy.next_wait("read", &http(503, Some(7)), 0, Duration::from_secs(25));
        assert_eq!(
            asked, None,
            "a Retry-After beyond the budget is not waited for"
        );
        // A 5 s outage is ridden through: the waits of the default policy add up past it.
        let mut elapsed = Duration::ZERO;
        let mut attempt = 0;
        while let Some(wait) = policy.next_wait("read", &refused, attempt, elapsed) {
            elapsed += wait;
            attempt += 1;
        }
        assert!(
            elapsed >= Duration::from_secs(12),
            "{elapsed:?} over {attempt} retries"
        );
    }

    #[test]
    fn backoff_doubles_with_jitter_and_follows_retry_after() {
        let policy = RetryPolicy::default()
            .initial_backoff(Duration::from_millis(100))
            .max_backoff(Duration::from_millis(300))
            .max_retries(5);
        let error = http(502, None);
        for (attempt, full) in [(0, 100), (1, 200), (2, 300), (3, 300)] {
            let wait = policy
                .next_wait("search", &error, attempt, Duration::ZERO)
                .expect("retried");
            assert!(
                wait >= Duration::from_millis(full / 2),
                "{attempt}: {wait:?}"
            );
            assert!(wait <= Duration::from_millis(full), "{attempt}: {wait:?}");
        }
        let asked = policy.next_wait("search", &http(503, Some(7)), 0, Duration::ZERO);
        assert_eq!(asked, Some(Duration::from_secs(7)));
        assert_eq!(
            policy.next_wait("search", &http(429, Some(3600)), 0, Duration::ZERO),
            None
        );
        assert_eq!(
            crate::wire::parse_retry_after(" 12 "),
            Some(Duration::from_secs(12))
        );
        assert_eq!(
            crate::wire::parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT"),
            None
        );
    }
}
