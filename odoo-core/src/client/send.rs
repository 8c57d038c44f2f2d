//! Sending one [`Call`] (the request of [`crate::transport`]): [`Client::call`] and
//! [`Client::call_as`], with the client's context merged in, retries of read-only calls, one
//! session renewal (and the call sent again) when a web session expired, and secrets scrubbed
//! from any error.

use serde::de::DeserializeOwned;
use serde_json::Value;
use tracing::Instrument;

use super::Client;
use crate::context::Context;
use crate::error::{Error, ErrorContext, ErrorKind, Repr, Result};
use crate::transport::Call;
use crate::wire::Answer;

impl Client {
    /// Carries one call, with the client's context merged under the call's own `context`.
    pub async fn call(&self, call: Call) -> Result<Value> {
        let context = call.error_context().on(self.transport_kind());
        let call = self.merge_context(call, &context)?;
        let span = self.call_span(&call);
        let result = self
            .execute_with_retries(&call, |answer, context| answer.into_value(context))
            .instrument(span)
            .await;
        result.map_err(|e| self.redact(e.with_context(&context)))
    }

    fn call_span(&self, call: &Call) -> tracing::Span {
        tracing::debug_span!(
            target: "odoo_core::client",
            "odoo_call",
            model = %call.model,
            method = %call.method,
            transport = %self.transport_kind()
        )
    }

    /// Puts the client's context under the call's own `context`.
    fn merge_context(&self, mut call: Call, context: &ErrorContext) -> Result<Call> {
        let merged = match call.kwargs.remove("context") {
            None => (*self.context).clone(),
            Some(Value::Object(own)) => self.context.merged(&Context::from(own)),
            Some(Value::Null) => (*self.context).clone(),
            Some(other) => {
                return Err(Error::invalid(
                    format!("the `context` keyword argument must be an object, not {other}"),
                    context.clone(),
                ))
            }
        };
        if !merged.is_empty() {
            call.kwargs
                .insert("context".into(), Value::Object(merged.into_map()));
        }
        Ok(call)
    }

    /// Sends `call`, repeating it when the retry policy allows, and logging in again once
    /// when a web session has expired (then sending the call again, which the server had
    /// refused unrun).
    ///
    /// `read` turns the answer into the caller's result; the errors an answer carries (such
    /// as an expired session) come out of it, so it runs inside the loop.
    async fn execute_with_retries<T>(
        &self,
        call: &Call,
        read: impl Fn(Answer, &ErrorContext) -> Result<T>,
    ) -> Result<T> {
        let policy = &self.shared.retry;
        let context = call.error_context().on(self.transport_kind());
        let started = tokio::time::Instant::now();
        let mut attempt = 0;
        let mut relogged = false;
        loop {
            let transport = &self.shared.transport;
            let epoch = transport.session_epoch();
            let outcome = transport
                .execute(call)
                .await
                .and_then(|answer| read(answer, &context));
            let error = match outcome {
                Ok(value) => return Ok(value),
                Err(error) => error,
            };
            // Odoo answers "session expired" while it checks the session, before the route
            // runs (`ir.http` authentication), so the call did nothing: it is sent again once
            // after a new login, writes included, and runs once.
            if error.kind() == ErrorKind::SessionExpired && !relogged {
                if let Some(renewal) = transport.renew_session(epoch) {
                    relogged = true;
                    renewal.await?;
                    tracing::debug!(target: "odoo_core::client", method = %call.method, "session expired: logged in again, sending the call again");
                    continue;
                }
            }
            match policy.next_wait(&call.method, &error, attempt, started.elapsed()) {
                Some(wait) => {
                    tracing::debug!(
                        target: "odoo_core::client",
                        method = %call.method,
                        attempt = attempt + 1,
                        wait_ms = u64::try_from(wait.as_millis()).unwrap_or(u64::MAX),
                        "retrying a read-only call"
                    );
                    tokio::time::sleep(wait).await;
                    attempt += 1;
                }
                None if policy.is_safe(&call.method) => return Err(error),
                None => return Err(not_repeated(error)),
            }
        }
    }

    /// Carries one call and deserializes its result into `T`. A failure names the JSON path that
    /// did not fit.
    ///
    /// On JSON-RPC, JSON-2 and the web session the result is read straight from the response
    /// body into `T`, without building a JSON value first.
    pub async fn call_as<T: DeserializeOwned>(&self, call: Call) -> Result<T> {
        let context = call.error_context().on(self.transport_kind());
        let call = self.merge_context(call, &context)?;
        let span = self.call_span(&call);
        let result = self
            .execute_with_retries(&call, |answer, context| answer.decode(context))
            .instrument(span)
            .await;
        result.map_err(|e| self.redact(e.with_context(&context)))
    }
}

/// A call that may write, whose connection broke after the request left: says that the
/// server may have run it, and that it was not sent again.
fn not_repeated(mut error: Error) -> Error {
    if let Repr::Transport(e) = error.repr_mut() {
        if !e.is_connect {
            e.message.push_str(
                "; the request may have reached the server, and a call that may write is never sent again: check its outcome before repeating it",
            );
        }
    }
    error
}
