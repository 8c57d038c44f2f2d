//! [`MethodCall`]: a call of any public method of a typed model, by name, with arguments given
//! as JSON (from [`ModelClient::call`](crate::ModelClient::call)). Generated methods with their
//! parameters typed are [`TypedCall`](crate::TypedCall)s (module [`typed_call`](crate::typed_call)); both
//! become a [`transport::Call`](crate::transport::Call), the request every protocol carries.

use std::fmt;
use std::marker::PhantomData;

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

use crate::client::Client;
use crate::context::Context;
use crate::error::{Error, Result};
use crate::model::Model;
use crate::server_check::check;
use crate::transport::Call;

/// A call of a model method, from [`ModelClient::call`](crate::ModelClient::call).
pub struct MethodCall<M> {
    client: Client,
    call: Call,
    ids: Option<Vec<i64>>,
    /// The parameter name of each positional argument, `None` for one given without.
    arg_names: Vec<Option<String>>,
    /// The first argument that did not serialize, reported when the call is sent.
    invalid: Option<String>,
    marker: PhantomData<fn() -> M>,
}

impl<M> fmt::Debug for MethodCall<M> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MethodCall")
            .field("call", &self.call)
            .field("ids", &self.ids)
            .finish()
    }
}

impl<M: Model> MethodCall<M> {
    /// A call of `method` of `M` on `client`, with no argument yet.
    pub(crate) fn new(client: Client, method: impl Into<String>) -> Self {
        MethodCall {
            client,
            call: Call::new(M::MODEL, method),
            ids: None,
            arg_names: Vec::new(),
            invalid: None,
            marker: PhantomData,
        }
    }

    /// Calls the method on the records `ids` (the `self` of the Python method).
    #[must_use]
    pub fn ids(mut self, ids: &[i64]) -> Self {
        self.ids = Some(ids.to_vec());
        self
    }

    /// Adds a positional argument (after the ids). On JSON-2 its name comes from the
    /// method's signature; prefer [`MethodCall::kwarg`] there.
    ///
    /// # Errors
    ///
    /// The value must serialize to JSON; the error shows when the call is sent.
    #[must_use]
    pub fn arg(mut self, value: impl Serialize) -> Self {
        if let Some(value) = self.serialize(value) {
            self.call = self.call.arg(value);
            self.arg_names.push(None);
        }
        self
    }

    /// Adds a positional argument (after the ids) with the name of its parameter in the
    /// method's signature. When every positional argument has its name, JSON-2 sends them by
    /// these names without reading the method's signature from the server; the other
    /// transports send them by position, as [`MethodCall::arg`] does.
    #[must_use]
    pub fn named_arg(mut self, name: impl Into<String>, value: impl Serialize) -> Self {
        if let Some(value) = self.serialize(value) {
            self.call = self.call.arg(value);
            self.arg_names.push(Some(name.into()));
        }
        self
    }

    /// Adds a keyword argument.
    #[must_use]
    pub fn kwarg(mut self, name: impl Into<String>, value: impl Serialize) -> Self {
        if let Some(value) = self.serialize(value) {
            self.call = self.call.kwarg(name, value);
        }
        self
    }

    /// Keeps `message` as the call's error, reported when it is sent (unless an earlier
    /// argument failed first).
    pub(crate) fn invalid(mut self, message: String) -> Self {
        self.invalid.get_or_insert(message);
        self
    }

    /// The argument as JSON, or `None` after keeping the first serialization error.
    fn serialize(&mut self, value: impl Serialize) -> Option<Value> {
        match serde_json::to_value(value) {
            Ok(value) => Some(value),
            Err(error) => {
                self.invalid.get_or_insert_with(|| {
                    format!("an argument could not be serialized to JSON: {error}")
                });
                None
            }
        }
    }

    /// Merges `context` over the client's for this call.
    #[must_use]
    pub fn context(mut self, context: Context) -> Self {
        self.call = self
            .call
            .kwarg("context", Value::Object(context.into_map()));
        self
    }

    fn into_call(self) -> Result<(Client, Call)> {
        let MethodCall {
            client,
            mut call,
            ids,
            arg_names,
            invalid,
            ..
        } = self;
        if let Some(error) = invalid {
            return Err(Error::invalid(error, call.error_context()));
        }
        check::<M>(&client, &call.method, &[])?;
        // Named only when every positional argument has its name.
        let names: Option<Vec<String>> = arg_names.into_iter().collect();
        let mut names = names.unwrap_or_default();
        if let Some(ids) = ids {
            let ids = Value::Array(ids.into_iter().map(Value::from).collect());
            call.args.insert(0, ids);
            names.insert(0, "ids".to_owned());
        }
        if !call.args.is_empty() && names.len() == call.args.len() {
            call = call.arg_names(names);
        }
        Ok((client, call))
    }

    /// Sends the call; the result as JSON (`Value::Null` for a method returning `None`).
    pub async fn send(self) -> Result<Value> {
        let (client, call) = self.into_call()?;
        client.call(call).await
    }

    /// Sends the call and reads the result as an [`Action`](crate::Action): what a button
    /// answers (a window or wizard to open, a close, a URL, a report), or
    /// [`Action::Done`](crate::Action::Done) with the plain value it returned. Run a wizard it
    /// opens with [`Wizard::from_action`](crate::Wizard::from_action).
    pub async fn send_action(self) -> Result<crate::Action> {
        self.send().await.map(crate::Action::from_value)
    }

    /// Sends the call and deserializes the result into `T`.
    pub async fn send_as<T: DeserializeOwned>(self) -> Result<T> {
        let (client, call) = self.into_call()?;
        client.call_as(call).await
    }
}
