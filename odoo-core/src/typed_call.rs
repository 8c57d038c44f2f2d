//! Typed calls of a model's public methods: [`ModelMethods`], implemented by generated models
//! (from a snapshot with methods, Odoo 19 and later) and by `#[odoo(methods(...))]`, gives
//! [`ModelClient::methods`]; generated calls are [`TypedCall`]s.
//!
//! The other calls of the crate: [`MethodCall`] (module `method_call`) calls a method by name
//! with untyped arguments; both become a [`transport::Call`](crate::transport::Call), the
//! request every protocol carries, which the client sends (`client/send.rs`).
//!
//! A [`TypedCall`] knows the parameters of its method that can be passed by position, in the
//! order of the Python signature. When sent, the arguments given go by position up to the first
//! one left out, and by name after it (keyword-only ones always by name), with the ids first
//! for a method on records: JSON-2 names each (`{"ids": [...], "default": {...}}`), as the
//! client names the ORM's own methods, without reading the signature from the server; the
//! other transports send `execute_kw`'s positional and keyword arguments.
//!
//! ```no_run
//! # async fn demo(client: odoo_core::Client) -> odoo_core::Result<()> {
//! # #[derive(Debug, odoo_core::OdooModel)]
//! # #[odoo(model = "res.partner", schema = false)]
//! # struct Partner { id: i64 }
//! use odoo_core::TypedCall;
//!
//! let partners = client.model::<Partner>();
//! // What generated code builds for `copy(default=None) -> list[int]`, a method on records:
//! let copies: Vec<i64> = TypedCall::<Partner, Vec<i64>>::on_records(&partners, "copy", &[7], &["default"])
//!     .arg("default", odoo_core::json!({"name": "Copy"}))
//!     .send()
//!     .await?;
//! # Ok(()) }
//! ```

use std::fmt;
use std::marker::PhantomData;

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

use crate::context::Context;
use crate::error::Result;
use crate::method_call::MethodCall;
use crate::model::Model;
use crate::model_client::ModelClient;

/// A model with typed calls of its methods, reached with [`ModelClient::methods`].
///
/// Generated models implement it with a struct of one typed call per documented method;
/// `#[derive(OdooModel)]` with `#[odoo(methods(action_confirm, copy))]` with a struct of one
/// [`MethodCall`] per method named (checked against the snapshot when it holds the model's
/// methods).
pub trait ModelMethods: Model {
    /// The struct of calls.
    type Methods;

    /// The calls, on `client`.
    fn methods(client: ModelClient<Self>) -> Self::Methods;
}

impl crate::Client {
    /// The typed calls of the methods of `M`: `client.methods::<SaleOrder>()` is
    /// `client.model::<SaleOrder>().methods()`.
    pub fn methods<M: ModelMethods>(&self) -> M::Methods {
        M::methods(self.model::<M>())
    }
}

impl<M: ModelMethods> ModelClient<M> {
    /// The typed calls of the model's methods (see [`ModelMethods`]).
    pub fn methods(&self) -> M::Methods {
        M::methods(self.clone())
    }
}

/// A call of one model method with arguments by parameter name, whose result reads as `R`
/// (`serde_json::Value` when its type is not known, [`Action`](crate::Action) for a button).
///
/// Built by generated code: see the [module documentation](self).
#[must_use = "a call does nothing until it is sent"]
pub struct TypedCall<M, R = Value> {
    call: MethodCall<M>,
    /// The parameters that can be passed by position, in signature order.
    positional: &'static [&'static str],
    /// Their values, where given.
    values: Vec<Option<Value>>,
    /// Keyword arguments, in the order given.
    keywords: Vec<(String, Value)>,
    /// The first argument that did not serialize, reported when the call is sent.
    invalid: Option<String>,
    marker: PhantomData<fn() -> R>,
}

impl<M: Model, R> fmt::Debug for TypedCall<M, R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TypedCall")
            .field("call", &self.call)
            .field("positional", &self.positional)
            .field("values", &self.values)
            .field("keywords", &self.keywords)
            .finish()
    }
}

impl<M: Model, R: DeserializeOwned> TypedCall<M, R> {
    /// A call of `method`, which acts on the model (`@api.model`: no ids), whose parameters
    /// that can be passed by position are `positional`, in signature order.
    pub fn on_model(
        client: &ModelClient<M>,
        method: &str,
        positional: &'static [&'static str],
    ) -> Self {
        Self::wrap(client.call(method), positional)
    }

    /// A call of `method` on the records `ids`, whose parameters that can be passed by
    /// position are `positional`, in signature order.
    pub fn on_records(
        client: &ModelClient<M>,
        method: &str,
        ids: &[i64],
        positional: &'static [&'static str],
    ) -> Self {
        Self::wrap(client.call(method).ids(ids), positional)
    }

    fn wrap(call: MethodCall<M>, positional: &'static [&'static str]) -> Self {
        Self {
            call,
            positional,
            values: vec![None; positional.len()],
            keywords: Vec::new(),
            invalid: None,
            marker: PhantomData,
        }
    }

    /// Gives the parameter `name` its value: by position when the signature lists it so
    /// (and every parameter before it is given), else by name. Giving a parameter again
    /// replaces its value.
    ///
    /// # Errors
    ///
    /// The value must serialize to JSON; the error shows when the call is sent.
    pub fn arg(mut self, name: &str, value: impl Serialize) -> Self {
        let value = match serde_json::to_value(value) {
            Ok(value) => value,
            Err(error) => {
                self.invalid.get_or_insert_with(|| {
                    format!("the argument `{name}` could not be serialized to JSON: {error}")
                });
                return self;
            }
        };
        match self.positional.iter().position(|p| *p == name) {
            Some(index) => self.values[index] = Some(value),
            None => match self.keywords.iter_mut().find(|(key, _)| key == name) {
                Some((_, slot)) => *slot = value,
                None => self.keywords.push((name.to_owned(), value)),
            },
        }
        self
    }

    /// Merges `context` over the client's for this call.
    pub fn context(mut self, context: Context) -> Self {
        self.call = self.call.context(context);
        self
    }

    /// The same call as an untyped [`MethodCall`]: the arguments given, by position up to the
    /// first parameter left out, by name after it.
    pub fn into_method_call(self) -> MethodCall<M> {
        let Self {
            mut call,
            positional,
            values,
            keywords,
            invalid,
            ..
        } = self;
        if let Some(message) = invalid {
            call = call.invalid(message);
        }
        let mut by_position = true;
        for (name, value) in positional.iter().zip(values) {
            match value {
                Some(value) if by_position => call = call.named_arg(*name, value),
                Some(value) => call = call.kwarg(*name, value),
                None => by_position = false,
            }
        }
        for (name, value) in keywords {
            call = call.kwarg(name, value);
        }
        call
    }

    /// Sends the call and reads the result as `R`. A failure to read names the JSON path
    /// that did not fit; [`TypedCall::send_value`] reads any answer.
    pub async fn send(self) -> Result<R> {
        self.into_method_call().send_as().await
    }

    /// Sends the call; the result as JSON, whatever `R` is.
    pub async fn send_value(self) -> Result<Value> {
        self.into_method_call().send().await
    }
}

/// `.await` sends the call, as [`TypedCall::send`] does.
impl<M: Model, R: DeserializeOwned + Send + 'static> std::future::IntoFuture for TypedCall<M, R> {
    type Output = Result<R>;
    type IntoFuture = std::pin::Pin<Box<dyn std::future::Future<Output = Result<R>> + Send>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.send())
    }
}
