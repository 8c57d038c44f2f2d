//! How the emulator serves: which endpoints, how slowly, and how many requests it has seen.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

/// Serving options set on the builder.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Serving {
    /// Whether `/jsonrpc` and `/xmlrpc` are served (the sources after Odoo 19 drop them).
    pub(crate) legacy_rpc: bool,
    /// Whether `/jsonrpc` serves the `object` service and the login (the configuration
    /// parameter `rpc.use_deprecated_services` of builds after Odoo 19).
    pub(crate) deprecated_services: bool,
    /// A wait before each answer, to hold requests in flight.
    pub(crate) latency: Option<Duration>,
}

impl Default for Serving {
    fn default() -> Self {
        Self {
            legacy_rpc: true,
            deprecated_services: true,
            latency: None,
        }
    }
}

/// Requests counted as they arrive and leave.
#[derive(Debug, Default)]
pub(crate) struct Traffic {
    total: AtomicUsize,
    in_flight: AtomicUsize,
    peak: AtomicUsize,
}

/// Counts a request in flight until dropped.
pub(crate) struct InFlight<'a>(&'a Traffic);

impl Traffic {
    pub(crate) fn enter(&self) -> InFlight<'_> {
        self.total.fetch_add(1, Ordering::Relaxed);
        let now = self.in_flight.fetch_add(1, Ordering::AcqRel) + 1;
        self.peak.fetch_max(now, Ordering::AcqRel);
        InFlight(self)
    }

    pub(crate) fn total(&self) -> usize {
        self.total.load(Ordering::Acquire)
    }

    pub(crate) fn peak(&self) -> usize {
        self.peak.load(Ordering::Acquire)
    }
}

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        self.0.in_flight.fetch_sub(1, Ordering::AcqRel);
    }
}
