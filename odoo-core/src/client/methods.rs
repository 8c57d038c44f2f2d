//! The ORM's own methods on [`Client`] (`search`, `read`, `create`, ...) and `execute_kw` for
//! any other.

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{Map, Value};

use super::Client;
use crate::context::Context;
use crate::error::{Error, ErrorContext, Result};
use crate::options::{ReadOptions, SearchOptions};
use crate::transport::{Call, TransportKind};

impl Client {
    /// Calls any public method: `args` is the JSON array of positional arguments, `kwargs` a JSON
    /// object of keyword arguments (or `null`). The result is returned as JSON; a method returning
    /// `None` gives `Value::Null`.
    ///
    /// On JSON-2, which takes named arguments only, positional arguments are named after the
    /// method's signature: built in for the ORM's methods, read from `/doc-bearer/<model>.json`
    /// (once per model) for the others. When neither knows the method, the call fails with an
    /// error of kind [`ErrorKind::InvalidInput`](crate::ErrorKind::InvalidInput): pass keyword
    /// arguments instead.
    ///
    /// ```no_run
    /// # async fn demo(client: odoo_core::Client) -> odoo_core::Result<()> {
    /// use serde_json::json;
    /// client.execute_kw("sale.order", "action_confirm", json!([[42]]), json!({})).await?;
    /// # Ok(()) }
    /// ```
    pub async fn execute_kw(
        &self,
        model: &str,
        method: &str,
        args: Value,
        kwargs: Value,
    ) -> Result<Value> {
        let call = make_call(model, method, args, kwargs, self.transport_kind())?;
        self.call(call).await
    }

    /// [`Client::execute_kw`], deserializing the result into `T`.
    pub async fn execute_kw_as<T: DeserializeOwned>(
        &self,
        model: &str,
        method: &str,
        args: Value,
        kwargs: Value,
    ) -> Result<T> {
        let call = make_call(model, method, args, kwargs, self.transport_kind())?;
        self.call_as(call).await
    }

    /// The ids of the records matching `domain`.
    pub async fn search(
        &self,
        model: &str,
        domain: impl Into<Value>,
        options: SearchOptions,
    ) -> Result<Vec<i64>> {
        let mut call = Call::new(model, "search").arg(domain.into());
        options.write_kwargs(&mut call.kwargs, true);
        self.call_as(with_call_context(call, options.context)).await
    }

    /// The records matching `domain`, with `fields` (all fields when empty), each deserialized
    /// into `T` (`serde_json::Map<String, Value>` for untyped access).
    pub async fn search_read<T: DeserializeOwned>(
        &self,
        model: &str,
        domain: impl Into<Value>,
        fields: &[&str],
        options: SearchOptions,
    ) -> Result<Vec<T>> {
        let mut call = Call::new(model, "search_read").arg(domain.into());
        if !fields.is_empty() {
            call.kwargs.insert("fields".into(), string_list(fields));
        }
        options.write_kwargs(&mut call.kwargs, true);
        self.call_as(with_call_context(call, options.context)).await
    }

    /// The number of records matching `domain` (`limit` of the options caps the count).
    pub async fn search_count(
        &self,
        model: &str,
        domain: impl Into<Value>,
        options: SearchOptions,
    ) -> Result<u64> {
        let mut call = Call::new(model, "search_count").arg(domain.into());
        options.write_kwargs(&mut call.kwargs, false);
        self.call_as(with_call_context(call, options.context)).await
    }

    /// Reads `fields` (all fields when empty) of the records `ids`. Ids that do not exist (or
    /// were deleted) give no row, as Odoo does.
    pub async fn read<T: DeserializeOwned>(
        &self,
        model: &str,
        ids: &[i64],
        fields: &[&str],
        options: ReadOptions,
    ) -> Result<Vec<T>> {
        let mut call = Call::new(model, "read").arg(ids_value(ids));
        if !fields.is_empty() {
            call.kwargs.insert("fields".into(), string_list(fields));
        }
        if let Some(load) = options.load {
            call.kwargs.insert("load".into(), Value::String(load));
        }
        self.call_as(with_call_context(call, options.context)).await
    }

    /// Creates one record from `vals` (any `Serialize` that gives a JSON object) and returns its id.
    pub async fn create(&self, model: &str, vals: impl Serialize) -> Result<i64> {
        let context = ErrorContext::call(model, "create").on(self.transport_kind());
        let vals = to_object(vals, "vals", &context)?;
        // One record's values, not a list: the server answers one id (JSON-2, which takes
        // lists only, sends a list of one and hands back its one id).
        self.call_as(Call::new(model, "create").arg(vals)).await
    }

    /// Creates one record per item of `vals_list` in one call and returns their ids, in order.
    pub async fn create_many<V: Serialize>(
        &self,
        model: &str,
        vals_list: &[V],
    ) -> Result<Vec<i64>> {
        let context = ErrorContext::call(model, "create").on(self.transport_kind());
        let list = vals_list
            .iter()
            .map(|vals| to_object(vals, "vals_list", &context))
            .collect::<Result<Vec<_>>>()?;
        let call = Call::new(model, "create").arg(Value::Array(list));
        self.call_as(call).await
    }

    /// Writes `vals` on the records `ids`. Odoo answers `true`.
    pub async fn write(&self, model: &str, ids: &[i64], vals: impl Serialize) -> Result<bool> {
        let context = ErrorContext::call(model, "write").on(self.transport_kind());
        let vals = to_object(vals, "vals", &context)?;
        let call = Call::new(model, "write").arg(ids_value(ids)).arg(vals);
        self.call_as(call).await
    }

    /// Deletes the records `ids`. Odoo answers `true`.
    pub async fn unlink(&self, model: &str, ids: &[i64]) -> Result<bool> {
        let call = Call::new(model, "unlink").arg(ids_value(ids));
        self.call_as(call).await
    }

    /// The fields of `model`: `fields` restricts to those names (all when empty), `attributes` to
    /// those attributes (all when empty). Answers `{field: {attribute: value}}`.
    pub async fn fields_get(
        &self,
        model: &str,
        fields: &[&str],
        attributes: &[&str],
    ) -> Result<Map<String, Value>> {
        let mut call = Call::new(model, "fields_get");
        if !fields.is_empty() {
            call = call.arg(string_list(fields));
        }
        if !attributes.is_empty() {
            call.kwargs
                .insert("attributes".into(), string_list(attributes));
        }
        self.call_as(call).await
    }

    /// Records whose display name matches `name` (`ilike`), as `(id, display name)` pairs, at most
    /// `limit` (Odoo's default 100 when `None`).
    pub async fn name_search(
        &self,
        model: &str,
        name: &str,
        limit: Option<u64>,
    ) -> Result<Vec<(i64, String)>> {
        let mut call = Call::new(model, "name_search").arg(Value::String(name.to_owned()));
        if let Some(limit) = limit {
            call.kwargs.insert("limit".into(), Value::from(limit));
        }
        self.call_as(call).await
    }

    /// Odoo's API documentation page of `model` (`GET /doc-bearer/<model>.json`, Odoo 19 and
    /// later), deserialized into `T` straight from the body:
    /// [`schema::api_doc::ApiDocPage`](crate::schema::api_doc::ApiDocPage) for its public
    /// methods with their parameters in signature order (which a `serde_json::Value` would
    /// sort), `Value` for the whole page.
    ///
    /// The page is read with the API key, over JSON-2 only: on another transport this fails
    /// with [`ErrorKind::InvalidInput`](crate::ErrorKind::InvalidInput). A user who may not
    /// read the documentation gets an [`ErrorKind::AccessError`](crate::ErrorKind::AccessError)
    /// (HTTP 403); a model the server does not have, [`ErrorKind::NotFound`](crate::ErrorKind::NotFound).
    pub async fn model_doc<T: DeserializeOwned>(&self, model: &str) -> Result<T> {
        self.doc_page(model).await
    }

    /// The index of Odoo's API documentation (`GET /doc-bearer/index.json`, Odoo 19 and later),
    /// deserialized into `T`: [`schema::api_doc::ApiDocIndex`](crate::schema::api_doc::ApiDocIndex)
    /// for the models documented for the user (those it has an access right on). As
    /// [`Client::model_doc`], over JSON-2 only; a user who may not read the documentation gets
    /// an [`ErrorKind::AccessError`](crate::ErrorKind::AccessError).
    pub async fn model_doc_index<T: DeserializeOwned>(&self) -> Result<T> {
        self.doc_page("index").await
    }

    async fn doc_page<T: DeserializeOwned>(&self, page: &str) -> Result<T> {
        let context =
            ErrorContext::service(format!("/doc-bearer/{page}.json")).on(self.transport_kind());
        let result = match self.shared.transport.model_doc(page, &context) {
            Some(answer) => match answer.await {
                Ok(answer) => answer.decode(&context),
                Err(error) => Err(error),
            },
            None => Err(Error::invalid(
                "the API documentation (/doc-bearer) is read over JSON-2, with an API key on Odoo 19 or later",
                context.clone(),
            )),
        };
        result.map_err(|e| self.redact(e.with_context(&context)))
    }
}

fn with_call_context(mut call: Call, context: Option<Context>) -> Call {
    if let Some(context) = context {
        if !context.is_empty() {
            call.kwargs
                .insert("context".into(), Value::Object(context.into_map()));
        }
    }
    call
}

fn make_call(
    model: &str,
    method: &str,
    args: Value,
    kwargs: Value,
    transport: TransportKind,
) -> Result<Call> {
    let context = ErrorContext::call(model, method).on(transport);
    let args = match args {
        Value::Array(args) => args,
        Value::Null => Vec::new(),
        other => {
            return Err(Error::invalid(
                format!("positional arguments must be a JSON array, not {other}"),
                context,
            ))
        }
    };
    let kwargs = match kwargs {
        Value::Object(kwargs) => kwargs,
        Value::Null => Map::new(),
        other => {
            return Err(Error::invalid(
                format!("keyword arguments must be a JSON object, not {other}"),
                context,
            ))
        }
    };
    let mut call = Call::new(model, method);
    call.args = args;
    call.kwargs = kwargs;
    Ok(call)
}

fn to_object(vals: impl Serialize, what: &str, context: &ErrorContext) -> Result<Value> {
    match serde_json::to_value(vals) {
        Ok(value @ Value::Object(_)) => Ok(value),
        Ok(other) => Err(Error::invalid(
            format!("`{what}` must serialize to a JSON object of field values, not {other}"),
            context.clone(),
        )),
        Err(e) => Err(Error::invalid(
            format!("cannot serialize `{what}`: {e}"),
            context.clone(),
        )),
    }
}

fn string_list(items: &[&str]) -> Value {
    Value::Array(
        items
            .iter()
            .map(|s| Value::String((*s).to_owned()))
            .collect(),
    )
}

fn ids_value(ids: &[i64]) -> Value {
    Value::Array(ids.iter().map(|id| Value::from(*id)).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn execute_kw_arguments_are_checked() {
        let err = make_call(
            "res.partner",
            "read",
            json!({"ids": [1]}),
            json!({}),
            TransportKind::JsonRpc,
        )
        .expect_err("an object is not positional arguments");
        assert_eq!(err.kind(), crate::ErrorKind::InvalidInput);
        let err = make_call(
            "res.partner",
            "read",
            json!([[1]]),
            json!([1]),
            TransportKind::JsonRpc,
        )
        .expect_err("an array is not keyword arguments");
        assert_eq!(err.kind(), crate::ErrorKind::InvalidInput);
    }
}
