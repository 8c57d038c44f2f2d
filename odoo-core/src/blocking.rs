//! The client without an async runtime of your own: `.wait()` on any of its futures.
//!
//! Every call of the async API (connecting, the ORM methods, typed searches, paging, buttons,
//! wizards, grouped reads) is a future; [`Wait::wait`] runs it to completion on a runtime this
//! module owns (started on first use, one worker thread, shared by the whole program) and
//! returns its result. Errors are the same [`Error`](crate::Error)s.
//!
//! ```no_run
//! use odoo_core::blocking::Wait;
//! use odoo_core::{Client, SearchOptions};
//!
//! fn main() -> odoo_core::Result<()> {
//!     let client = Client::builder("http://localhost:8069")
//!         .database("odoo")
//!         .login("admin")
//!         .password("admin")
//!         .connect()
//!         .wait()?;
//!     let ids = client
//!         .search("res.partner", serde_json::json!([]), SearchOptions::new().limit(5))
//!         .wait()?;
//!     println!("{ids:?}");
//!     Ok(())
//! }
//! ```
//!
//! Called from inside an async runtime, `wait` runs the future on a thread of its own and
//! blocks only the calling thread, never panicking; the other tasks of a runtime whose only
//! thread that is (a current-thread runtime) wait meanwhile. In async code, `.await` is the
//! better choice.

use std::future::IntoFuture;
use std::sync::OnceLock;

use tokio::runtime::{Builder, Runtime};

/// The runtime every [`Wait::wait`] runs on.
fn runtime() -> &'static Runtime {
    static RUNTIME: OnceLock<Runtime> = OnceLock::new();
    RUNTIME.get_or_init(|| {
        Builder::new_multi_thread()
            .worker_threads(1)
            .thread_name("odoo-blocking")
            .enable_all()
            .build()
            // Only the operating system refusing a thread or a timer gets here; there is no
            // client to report it to.
            .unwrap_or_else(|e| panic!("cannot start the runtime of odoo_core::blocking: {e}"))
    })
}

/// Runs a future of the client to completion, blocking the current thread.
pub trait Wait: IntoFuture {
    /// Runs the future to completion and returns its output.
    fn wait(self) -> Self::Output;
}

impl<F> Wait for F
where
    F: IntoFuture + Send,
    F::IntoFuture: Send,
    F::Output: Send,
{
    fn wait(self) -> Self::Output {
        let future = self.into_future();
        if tokio::runtime::Handle::try_current().is_err() {
            return runtime().block_on(future);
        }
        // Inside a runtime: block this thread only, from another one.
        std::thread::scope(
            |scope| match scope.spawn(|| runtime().block_on(future)).join() {
                Ok(output) => output,
                Err(panic) => std::panic::resume_unwind(panic),
            },
        )
    }
}
