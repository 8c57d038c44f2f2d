//! The JSON-2 API of Odoo 19+: `POST /json/2/<model>/<method>` with a bearer API key and a JSON
//! object of named arguments; the answer is the bare result, errors are HTTP statuses with a
//! JSON body `{name, message, debug}`.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use reqwest::header::{HeaderMap, HeaderValue, AUTHORIZATION, CONTENT_TYPE};
use reqwest::Method;
use secrecy::ExposeSecret;
use serde::Deserialize;
use serde_json::{Map, Value};

use super::{check_name, BoxFuture, Call, Transport, TransportKind};
use crate::credentials::Credentials;
use crate::error::{Error, ErrorContext, ErrorKind, Result};
use crate::http::{header, Http};
use crate::orm;
use crate::version::ServerVersion;
use crate::wire::json2::read_response;
use crate::wire::{Answer, RawResponse};

/// The JSON-2 transport.
#[derive(Debug)]
pub(crate) struct Json2 {
    http: Http,
    credentials: Arc<Credentials>,
    /// Argument names per model and method, from `/doc-bearer/<model>.json`.
    signatures: Mutex<HashMap<String, Arc<ModelSignatures>>>,
}

/// The argument names of a model's public methods.
#[derive(Debug, Default)]
pub(crate) struct ModelSignatures {
    methods: HashMap<String, Vec<String>>,
}

#[derive(Deserialize)]
struct DocModel {
    #[serde(default)]
    methods: HashMap<String, DocMethod>,
}

#[derive(Deserialize)]
struct DocMethod {
    #[serde(default)]
    api: Option<Vec<String>>,
    #[serde(default)]
    parameters: Option<OrderedParameters>,
}

/// The `parameters` object of a documented method, in the order the server wrote it (the
/// order of the Python signature), which a plain `serde_json::Map` would not keep.
#[derive(Default)]
struct OrderedParameters(Vec<(String, Value)>);

impl<'de> Deserialize<'de> for OrderedParameters {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visit;
        impl<'de> serde::de::Visitor<'de> for Visit {
            type Value = OrderedParameters;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("an object of parameters")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Self::Value, A::Error> {
                let mut out = Vec::new();
                while let Some(entry) = map.next_entry::<String, Value>()? {
                    out.push(entry);
                }
                Ok(OrderedParameters(out))
            }
        }
        deserializer.deserialize_map(Visit)
    }
}

impl ModelSignatures {
    fn from_doc(doc: DocModel) -> Self {
        let methods = doc
            .methods
            .into_iter()
            .map(|(name, method)| {
                let is_model_method = method.api.as_ref().is_some_and(|api| {
                    api.iter()
                        .any(|a| a == "model" || a == "model_create_multi")
                });
                let mut names = Vec::new();
                if !is_model_method {
                    names.push("ids".to_owned());
                }
                for (param, spec) in method.parameters.unwrap_or_default().0 {
                    let kind = spec.get("kind").and_then(Value::as_str);
                    if matches!(
                        kind,
                        Some("VAR_KEYWORD" | "VAR_POSITIONAL" | "KEYWORD_ONLY")
                    ) {
                        continue;
                    }
                    names.push(param);
                }
                (name, names)
            })
            .collect();
        Self { methods }
    }
}

impl Json2 {
    pub fn new(http: Http, credentials: Arc<Credentials>) -> Self {
        Self {
            http,
            credentials,
            signatures: Mutex::new(HashMap::new()),
        }
    }

    fn headers(&self, context: &ErrorContext) -> Result<HeaderMap> {
        let key = self.credentials.api_key.as_ref().ok_or_else(|| {
            Error::invalid(
                "JSON-2 authenticates with an API key: set ClientBuilder::api_key (or ODOO_API_KEY)",
                context.clone(),
            )
        })?;
        let mut auth =
            HeaderValue::from_str(&format!("bearer {}", key.expose_secret())).map_err(|_| {
                Error::invalid(
                    "the API key contains characters that cannot go in an HTTP header",
                    context.clone(),
                )
            })?;
        auth.set_sensitive(true);
        let mut headers = HeaderMap::new();
        headers.insert(CONTENT_TYPE, header("application/json; charset=utf-8"));
        headers.insert(AUTHORIZATION, auth);
        if let Some(db) = &self.credentials.database {
            let value = HeaderValue::from_str(db).map_err(|_| {
                Error::invalid(
                    "the database name cannot go in an HTTP header",
                    context.clone(),
                )
            })?;
            headers.insert("X-Odoo-Database", value);
        }
        Ok(headers)
    }

    async fn post(
        &self,
        model: &str,
        method: &str,
        body: &Map<String, Value>,
        context: &ErrorContext,
    ) -> Result<Value> {
        let raw = self.post_raw(model, method, body, context).await?;
        read_response(&raw.reply(), self.http.limits.max_depth, context)
    }

    /// Posts one call and returns the response undecoded.
    async fn post_raw(
        &self,
        model: &str,
        method: &str,
        body: &Map<String, Value>,
        context: &ErrorContext,
    ) -> Result<RawResponse> {
        check_name("model", model, context)?;
        check_name("method", method, context)?;
        let path = format!("/json/2/{model}/{method}");
        let body = serde_json::to_vec(body).map_err(|e| {
            Error::invalid(
                format!("cannot serialize the arguments: {e}"),
                context.clone(),
            )
        })?;
        self.http
            .send(
                Method::POST,
                &path,
                self.headers(context)?,
                Some(body),
                context,
            )
            .await
    }

    /// The argument names of `model.method`: the ORM's own methods are known; others come from
    /// `/doc-bearer/<model>.json`, fetched once per model.
    async fn argument_names(&self, call: &Call, context: &ErrorContext) -> Result<Vec<String>> {
        if let Some(method) = orm::latest(&call.method) {
            return Ok(method.argument_names().map(str::to_owned).collect());
        }
        let cached = self
            .signatures
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(&call.model)
            .cloned();
        let signatures = match cached {
            Some(s) => s,
            None => {
                let fetched = Arc::new(self.fetch_signatures(&call.model, context).await?);
                self.signatures
                    .lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .insert(call.model.clone(), fetched.clone());
                fetched
            }
        };
        signatures.methods.get(&call.method).cloned().ok_or_else(|| {
            Error::invalid(
                format!(
                    "JSON-2 takes named arguments only, and /doc-bearer/{}.json does not describe `{}`: pass keyword arguments instead of positional ones",
                    call.model, call.method
                ),
                context.clone(),
            )
        })
    }

    async fn fetch_signatures(
        &self,
        model: &str,
        context: &ErrorContext,
    ) -> Result<ModelSignatures> {
        // Straight from the body: a `serde_json::Value` would sort the parameters, which
        // are in the order of the positional arguments.
        let doc: DocModel = self.get_doc(model, context).await?.decode(context).map_err(|e| {
            match e.kind() {
                ErrorKind::AccessError | ErrorKind::NotFound => Error::invalid(
                    format!(
                        "JSON-2 takes named arguments only; the names of {}.{} would come from /doc-bearer/{model}.json, which failed ({e}). Pass keyword arguments instead of positional ones",
                        context.model.as_deref().unwrap_or(model),
                        context.method.as_deref().unwrap_or("?"),
                    ),
                    context.clone(),
                ),
                ErrorKind::Decode => Error::decode(
                    "",
                    format!("unexpected /doc-bearer answer: {e}"),
                    context.clone(),
                ),
                _ => e,
            }
        })?;
        Ok(ModelSignatures::from_doc(doc))
    }

    /// `GET /doc-bearer/<model>.json`: the API documentation page of a model, undecoded.
    async fn get_doc(&self, model: &str, context: &ErrorContext) -> Result<Answer> {
        check_name("model", model, context)?;
        let path = format!("/doc-bearer/{model}.json");
        let raw = self
            .http
            .send(Method::GET, &path, self.headers(context)?, None, context)
            .await?;
        Ok(Answer::json2(raw, self.http.limits.max_depth))
    }
}

impl Transport for Json2 {
    fn kind(&self) -> TransportKind {
        TransportKind::Json2
    }

    fn server_version(&self) -> BoxFuture<'_, Result<ServerVersion>> {
        Box::pin(async move {
            let context = ErrorContext::service("version").on(TransportKind::Json2);
            let raw = self
                .http
                .send(
                    Method::GET,
                    "/web/version",
                    HeaderMap::new(),
                    None,
                    &context,
                )
                .await?;
            if raw.status != 200 {
                return Err(raw.http_error(&context));
            }
            let value: Value = serde_json::from_slice(&raw.body)
                .map_err(|e| Error::decode("", format!("invalid JSON: {e}"), context.clone()))?;
            ServerVersion::from_web_version(&value, &context)
        })
    }

    fn authenticate(&self) -> BoxFuture<'_, Result<Option<i64>>> {
        Box::pin(async move {
            let context = ErrorContext::call("res.users", "context_get").on(TransportKind::Json2);
            let value = self
                .post("res.users", "context_get", &Map::new(), &context)
                .await?;
            let Value::Object(user_context) = &value else {
                return Err(Error::decode(
                    "",
                    format!("context_get returned {value}, expected an object"),
                    context,
                ));
            };
            // Odoo 19 puts the key owner's uid in the user context. A login looked up by name
            // could belong to another user than the key's, so there is no fallback.
            Ok(user_context.get("uid").and_then(Value::as_i64))
        })
    }

    fn model_doc<'a>(
        &'a self,
        model: &'a str,
        context: &'a ErrorContext,
    ) -> Option<BoxFuture<'a, Result<Answer>>> {
        Some(Box::pin(self.get_doc(model, context)))
    }

    fn execute<'a>(&'a self, call: &'a Call) -> BoxFuture<'a, Result<Answer>> {
        Box::pin(async move {
            let context = call.error_context().on(TransportKind::Json2);
            // JSON-2's `create` takes a list only and answers a list: one record's values
            // go as a list of one, and the answer's one id comes back alone.
            let single_create =
                call.method == "create" && matches!(call.args.first(), Some(Value::Object(_)));
            let wrapped;
            let call = if single_create {
                let mut list = call.clone();
                list.args[0] = Value::Array(vec![call.args[0].clone()]);
                wrapped = list;
                &wrapped
            } else {
                call
            };
            let names: Vec<String> = match &call.arg_names {
                Some(names) if names.len() >= call.args.len() => names.clone(),
                _ if call.args.is_empty() => Vec::new(),
                _ => self.argument_names(call, &context).await?,
            };
            if names.len() < call.args.len() {
                return Err(Error::invalid(
                    format!(
                        "{} positional arguments given, but {}.{} names only {} ({})",
                        call.args.len(),
                        call.model,
                        call.method,
                        names.len(),
                        names.join(", ")
                    ),
                    context,
                ));
            }
            let mut body = Map::new();
            for (name, value) in names.iter().zip(&call.args) {
                body.insert(name.clone(), value.clone());
            }
            for (key, value) in &call.kwargs {
                if body.insert(key.clone(), value.clone()).is_some() {
                    return Err(Error::invalid(
                        format!("`{key}` is given both as a positional and as a keyword argument"),
                        context,
                    ));
                }
            }
            let raw = self
                .post_raw(&call.model, &call.method, &body, &context)
                .await?;
            let answer = Answer::json2(raw, self.http.limits.max_depth);
            Ok(if single_create {
                answer.first_of_list()
            } else {
                answer
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn doc_bearer_signatures_put_ids_first_on_record_methods() {
        let doc: DocModel = serde_json::from_value(json!({
            "methods": {
                "action_confirm": {"parameters": {}},
                "create": {"api": ["model"], "parameters": {"vals_list": {}}},
                "message_post": {"parameters": {"body": {"kind": "KEYWORD_ONLY"}, "kwargs": {"kind": "VAR_KEYWORD"}}},
                "copy": {"parameters": {"default": {"default": null}}}
            }
        }))
        .expect("doc parses");
        let sigs = ModelSignatures::from_doc(doc);
        assert_eq!(sigs.methods["action_confirm"], vec!["ids"]);
        assert_eq!(sigs.methods["create"], vec!["vals_list"]);
        assert_eq!(sigs.methods["message_post"], vec!["ids"]);
        assert_eq!(sigs.methods["copy"], vec!["ids", "default"]);
    }
}
