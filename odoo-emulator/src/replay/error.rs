//! [`ReplayError`]: why a strict replay failed at its end, and the requests it names.

use std::fmt;

/// How many exchanges and requests the text of a [`ReplayError`] names; the error's lists
/// hold all of them.
const NAMED_IN_TEXT: usize = 10;

/// A strict [`Replay`](super::Replay) ended with recorded exchanges that were never asked
/// for, or with requests that no recorded exchange matched (each already answered HTTP 500,
/// which the code under test may have swallowed). Returned by
/// [`Replay::finish`](super::Replay::finish).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub struct ReplayError {
    /// The recorded exchanges never asked for, in the recording's order.
    pub unused: Vec<UnusedExchange>,
    /// The requests no recorded exchange matched, in the order they came.
    pub unmatched: Vec<UnmatchedRequest>,
}

/// A recorded exchange that was never asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct UnusedExchange {
    /// Its place in the recording, from 1 (the line of the file, when it has no blank lines).
    pub position: usize,
    /// What it recorded.
    pub request: RequestSummary,
}

/// A request that no recorded exchange matched.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct UnmatchedRequest {
    /// The request.
    pub request: RequestSummary,
    /// What the replay answered (the nearest recorded request and where it differs).
    pub answer: String,
}

/// A request, named: its HTTP method and path, and the model and method of an ORM call.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct RequestSummary {
    /// `GET` or `POST`.
    pub method: String,
    /// The path, with its query.
    pub path: String,
    /// The model of a call of the ORM (on any transport), e.g. `res.partner`.
    pub model: Option<String>,
    /// The method of a call of the ORM, e.g. `write`.
    pub orm_method: Option<String>,
}

impl fmt::Display for RequestSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.method, self.path)?;
        if let (Some(model), Some(method)) = (&self.model, &self.orm_method) {
            write!(f, " ({model}.{method})")?;
        }
        Ok(())
    }
}

impl fmt::Display for UnusedExchange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{} {}", self.position, self.request)
    }
}

impl fmt::Display for ReplayError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the strict replay did not go as recorded")?;
        if !self.unused.is_empty() {
            write!(
                f,
                "; {} recorded exchange(s) never asked for: ",
                self.unused.len()
            )?;
            list(f, &self.unused, |f, unused| write!(f, "{unused}"))?;
        }
        if !self.unmatched.is_empty() {
            write!(
                f,
                "; {} request(s) matched no recorded exchange: ",
                self.unmatched.len()
            )?;
            list(f, &self.unmatched, |f, unmatched| {
                write!(f, "{}", unmatched.request)
            })?;
        }
        Ok(())
    }
}

/// The first items, and how many more.
fn list<T>(
    f: &mut fmt::Formatter<'_>,
    items: &[T],
    one: impl Fn(&mut fmt::Formatter<'_>, &T) -> fmt::Result,
) -> fmt::Result {
    for (n, item) in items.iter().take(NAMED_IN_TEXT).enumerate() {
        if n > 0 {
            f.write_str(", ")?;
        }
        one(f, item)?;
    }
    if items.len() > NAMED_IN_TEXT {
        write!(f, " and {} more", items.len() - NAMED_IN_TEXT)?;
    }
    Ok(())
}
