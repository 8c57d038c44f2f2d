//! The protocols a [`Client`](crate::Client) can speak: [`Call`], what every protocol carries,
//! and one private `Transport` per protocol.
//!
//! Each transport turns a [`Call`] (model, method, positional and keyword arguments) into the
//! request its protocol expects, and keeps its own session state (the uid, the web session's
//! cookie, JSON-2's argument names); the protocol's quirks live in its file. Reading the answer
//! is the wire layer's job ([`crate::wire`]); sending it is the HTTP layer's.

use std::fmt;
use std::future::Future;
use std::pin::Pin;

use serde_json::{Map, Value};

use crate::error::{ErrorContext, Result};
use crate::version::ServerVersion;
use crate::wire::Answer;

pub(crate) mod json2;
pub(crate) mod json_rpc;
pub(crate) mod web_session;
pub(crate) mod xml_rpc;

pub use crate::transport_kind::TransportKind;

/// A boxed future, as the transports' methods return.
pub(crate) type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// One model method call, as every transport receives it.
///
/// `args` are positional, as `execute_kw` takes them (for a method on records, the first is the
/// list of ids). JSON-2 takes named arguments only: `arg_names` names the positional arguments
/// (`["ids", "vals"]` for `write`) and the client fills it for the methods it knows.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Call {
    /// The model, such as `res.partner`.
    pub model: String,
    /// The method, such as `search_read`.
    pub method: String,
    /// Positional arguments.
    pub args: Vec<Value>,
    /// Keyword arguments, including `context` when there is one.
    pub kwargs: Map<String, Value>,
    /// The names of the positional arguments, for transports that only take named ones.
    pub arg_names: Option<Vec<String>>,
}

impl Call {
    /// A call of `method` on `model` without arguments.
    pub fn new(model: impl Into<String>, method: impl Into<String>) -> Self {
        Self {
            model: model.into(),
            method: method.into(),
            args: Vec::new(),
            kwargs: Map::new(),
            arg_names: None,
        }
    }

    /// Adds a positional argument.
    #[must_use]
    pub fn arg(mut self, value: impl Into<Value>) -> Self {
        self.args.push(value.into());
        self
    }

    /// Adds a keyword argument.
    #[must_use]
    pub fn kwarg(mut self, name: impl Into<String>, value: impl Into<Value>) -> Self {
        self.kwargs.insert(name.into(), value.into());
        self
    }

    /// Names the positional arguments, for JSON-2.
    #[must_use]
    pub fn arg_names<I, S>(mut self, names: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.arg_names = Some(names.into_iter().map(Into::into).collect());
        self
    }

    /// The error context of this call.
    pub fn error_context(&self) -> ErrorContext {
        ErrorContext::call(self.model.clone(), self.method.clone())
    }

    /// The call as one object of named arguments (what JSON-2 sends), or `None` when a
    /// positional argument has no name or an argument is given both ways.
    pub fn named_arguments(&self) -> Option<Map<String, Value>> {
        let mut out = Map::new();
        if !self.args.is_empty() {
            let names = self.arg_names.as_ref()?;
            if names.len() < self.args.len() {
                return None;
            }
            for (name, value) in names.iter().zip(&self.args) {
                out.insert(name.clone(), value.clone());
            }
        }
        for (k, v) in &self.kwargs {
            if out.insert(k.clone(), v.clone()).is_some() {
                // Given both ways: ambiguous.
                return None;
            }
        }
        Some(out)
    }
}

/// A protocol that carries calls to Odoo. The client owns one and calls it from many tasks.
///
/// Implementations keep their own session state (the uid for JSON-RPC and XML-RPC, the session
/// cookie for the web session) and must be `Send + Sync`.
pub(crate) trait Transport: fmt::Debug + Send + Sync {
    /// Which protocol this is.
    fn kind(&self) -> TransportKind;

    /// Asks the server its version; needs no credentials.
    fn server_version(&self) -> BoxFuture<'_, Result<ServerVersion>>;

    /// Logs in with the configured credentials and returns the user id when the protocol tells
    /// it. A bad login, password or key is an error of kind
    /// [`AccessDenied`](crate::ErrorKind::AccessDenied).
    fn authenticate(&self) -> BoxFuture<'_, Result<Option<i64>>>;

    /// The transport's own web session, when it is one: the web client's routes (reports,
    /// files) are read through it. Other transports open one for them.
    fn web_session(&self) -> Option<&web_session::WebSession> {
        None
    }

    /// A credential the transport holds besides the configured ones (the web session's
    /// id), which errors must not show. None by default.
    fn session_secret(&self) -> Option<secrecy::SecretString> {
        None
    }

    /// How many times the session was renewed; read before a call, given back to
    /// [`Transport::renew_session`] when the call finds the session expired.
    fn session_epoch(&self) -> u64 {
        0
    }

    /// Logs in again after the session expired, unless another task already did since
    /// `seen` (a [`Transport::session_epoch`]). `None` for protocols without a session.
    fn renew_session(&self, seen: u64) -> Option<BoxFuture<'_, Result<()>>> {
        let _ = seen;
        None
    }

    /// The API documentation page `model` (`/doc-bearer/<model>.json`, Odoo 19 and later; the
    /// page `index` lists the models), undecoded; `None` for the protocols that do not reach it
    /// (all but JSON-2).
    fn model_doc<'a>(
        &'a self,
        model: &'a str,
        context: &'a ErrorContext,
    ) -> Option<BoxFuture<'a, Result<Answer>>> {
        let _ = (model, context);
        None
    }

    /// Carries one call and returns its [`Answer`], which the client decodes straight into
    /// the caller's type (the JSON and XML-RPC bodies are not turned into a JSON value first).
    fn execute<'a>(&'a self, call: &'a Call) -> BoxFuture<'a, Result<Answer>>;
}

/// Checks that a model or method name is safe to place in a URL path: letters, digits, `_` and
/// `.` only. Odoo's own names never contain anything else.
pub(crate) fn check_name(kind: &str, name: &str, context: &ErrorContext) -> Result<()> {
    let segment_ok =
        |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    // Models are dotted (`res.partner`), methods are plain identifiers; no empty segment, so no
    // `.` or `..` path segment can reach another route.
    let ok = match kind {
        "method" => segment_ok(name),
        _ => name.split('.').all(segment_ok),
    };
    if ok {
        Ok(())
    } else {
        Err(crate::error::Error::invalid(
            format!("`{name}` is not a valid Odoo {kind} name (letters, digits and `_`, dot-separated for models)"),
            context.clone(),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_cannot_reach_other_routes() {
        let ctx = ErrorContext::default();
        assert!(check_name("model", "res.partner", &ctx).is_ok());
        assert!(check_name("method", "action_confirm", &ctx).is_ok());
        for bad in [
            "..",
            ".",
            "res..partner",
            "res.partner/",
            "a b",
            "",
            "res.partner?x=1",
        ] {
            assert!(check_name("model", bad, &ctx).is_err(), "{bad:?}");
        }
        assert!(check_name("method", "a.b", &ctx).is_err());
        assert!(check_name("method", "..", &ctx).is_err());
    }

    #[test]
    fn an_argument_given_both_ways_has_no_named_form() {
        let call = Call::new("res.partner", "write")
            .arg(serde_json::json!([1]))
            .arg(serde_json::json!({"name": "A"}))
            .arg_names(["ids", "vals"])
            .kwarg("vals", serde_json::json!({"name": "B"}));
        assert_eq!(call.named_arguments(), None);
    }
}
