//! [`ReplayBuilder`]: the rules and the strictness of a [`Replay`], then its start.

use std::path::Path;

use odoo_core::recording::{read_recording, Exchange};

use super::normalise::Rules;
use super::{Replay, Rule};
use crate::SetupError;

/// Configures a [`Replay`]: its matching [`Rule`]s and whether it is strict; made by
/// [`Replay::builder`].
///
/// ```no_run
/// # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
/// use odoo_emulator::{Replay, Rule};
///
/// let replay = Replay::builder()
///     .rule(Rule::ignore_key("date_order"))
///     .rule(Rule::ids_as_sets())
///     .strict()
///     .from_file("tests/recordings/orders.jsonl")
///     .await?;
/// // ... point a client at replay.url() and run the test ...
/// replay.finish()?; // fails naming any recorded exchange never asked for
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, Default)]
#[must_use]
pub struct ReplayBuilder {
    rules: Vec<Rule>,
    strict: bool,
}

impl ReplayBuilder {
    /// Adds a matching rule (see [`Rule`]); rules add up.
    pub fn rule(mut self, rule: Rule) -> Self {
        self.rules.push(rule);
        self
    }

    /// Makes [`Replay::finish`] fail when a recorded exchange was never asked for or a
    /// request matched none.
    pub fn strict(mut self) -> Self {
        self.strict = true;
        self
    }

    /// Serves the recording at `path` on `127.0.0.1` with a random port. Must be called
    /// inside a Tokio runtime. A recording that cannot be read is
    /// [`SetupError::Recording`], a rule that cannot apply [`SetupError::Rule`].
    pub async fn from_file(self, path: impl AsRef<Path>) -> Result<Replay, SetupError> {
        let exchanges = read_recording(path).map_err(|e| SetupError::Recording(e.to_string()))?;
        self.start(exchanges).await
    }

    /// Serves `exchanges`. A rule that cannot apply is [`SetupError::Rule`].
    pub async fn start(self, exchanges: Vec<Exchange>) -> Result<Replay, SetupError> {
        let parts = Rule::all(self.rules)
            .into_parts()
            .map_err(SetupError::Rule)?;
        Replay::serve(exchanges, Rules::new(parts), self.strict).await
    }
}
