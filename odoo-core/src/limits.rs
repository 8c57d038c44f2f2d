//! Bounds on what the client accepts from a server: one place for every size and depth limit.

/// The deepest the decoders recurse, whatever the limits say: `serde_json`'s own recursion
/// limit, which the typed XML-RPC decoder shares. A [`Limits::max_depth`] at or above it costs
/// no extra walk over JSON values.
pub(crate) const RECURSION_DEPTH: usize = 128;

/// Bounds on what the client accepts from a server, so that a broken or hostile server cannot
/// exhaust memory or stack.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Limits {
    /// The largest response body read, in bytes (default 256 MiB). A larger response fails with
    /// an [`Error`](crate::Error) of kind [`Limit`](crate::ErrorKind::Limit) naming `max_response_bytes`, before the excess is read.
    pub max_response_bytes: usize,
    /// The deepest nesting of arrays and objects accepted in a response (default 128). JSON
    /// responses, and every result decoded into a type of yours, are also bounded by
    /// `serde_json`'s own recursion limit of 128.
    pub max_depth: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_response_bytes: Self::DEFAULT_MAX_RESPONSE_BYTES,
            max_depth: Self::DEFAULT_MAX_DEPTH,
        }
    }
}

impl Limits {
    /// The default of [`Limits::max_response_bytes`]: 256 MiB.
    pub const DEFAULT_MAX_RESPONSE_BYTES: usize = 256 * 1024 * 1024;
    /// The default of [`Limits::max_depth`]: 128, the depth every decoder can reach.
    pub const DEFAULT_MAX_DEPTH: usize = RECURSION_DEPTH;

    /// Sets [`Limits::max_response_bytes`].
    #[must_use]
    pub fn max_response_bytes(mut self, bytes: usize) -> Self {
        self.max_response_bytes = bytes;
        self
    }

    /// Sets [`Limits::max_depth`].
    #[must_use]
    pub fn max_depth(mut self, depth: usize) -> Self {
        self.max_depth = depth;
        self
    }
}
