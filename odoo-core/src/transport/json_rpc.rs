//! JSON-RPC over `/jsonrpc` (services `common` and `object`), and the JSON-RPC envelope shared
//! with the web session transport.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};

use reqwest::header::{HeaderMap, CONTENT_TYPE};
use reqwest::Method;
use serde::Serialize;
use serde_json::{json, Value};

use super::{BoxFuture, Call, Transport, TransportKind};
use crate::credentials::Credentials;
use crate::error::{Error, ErrorContext, Result};
use crate::http::{header, Http};
use crate::version::ServerVersion;
use crate::wire::json_rpc::read_response;
use crate::wire::{Answer, RawResponse};

/// The `/jsonrpc` transport.
#[derive(Debug)]
pub(crate) struct JsonRpc {
    http: Http,
    credentials: Arc<Credentials>,
    uid: UidCell,
    ids: AtomicU64,
}

#[derive(Serialize)]
struct Envelope<'a, P> {
    jsonrpc: &'static str,
    method: &'static str,
    params: &'a P,
    id: u64,
}

/// Serializes a JSON-RPC `call` request.
pub(crate) fn envelope<P: Serialize>(params: &P, id: u64) -> Result<Vec<u8>> {
    serde_json::to_vec(&Envelope {
        jsonrpc: "2.0",
        method: "call",
        params,
        id,
    })
    .map_err(|e| {
        Error::invalid(
            format!("cannot serialize the request: {e}"),
            ErrorContext::default(),
        )
    })
}

/// Headers of a JSON-RPC request.
pub(crate) fn json_headers() -> HeaderMap {
    let mut headers = HeaderMap::new();
    headers.insert(CONTENT_TYPE, header("application/json"));
    headers
}

/// The uid learnt at login, shared by the transports that send it with every call.
#[derive(Debug, Default)]
pub(crate) struct UidCell(RwLock<Option<i64>>);

impl UidCell {
    pub fn set(&self, uid: i64) {
        *self.0.write().unwrap_or_else(|p| p.into_inner()) = Some(uid);
    }

    pub fn get(&self, context: &ErrorContext) -> Result<i64> {
        let uid = *self.0.read().unwrap_or_else(|p| p.into_inner());
        uid.ok_or_else(|| {
            Error::invalid(
                "not authenticated: call connect() before making calls",
                context.clone(),
            )
        })
    }
}

impl JsonRpc {
    pub fn new(http: Http, credentials: Arc<Credentials>) -> Self {
        Self {
            http,
            credentials,
            uid: UidCell::default(),
            ids: AtomicU64::new(1),
        }
    }

    async fn service(
        &self,
        service: &str,
        method: &str,
        args: Value,
        context: &ErrorContext,
    ) -> Result<Value> {
        let raw = self.service_raw(service, method, args, context).await?;
        read_response(&raw.reply(), self.http.limits.max_depth, context)
    }

    /// Posts one service call and returns the response undecoded.
    async fn service_raw(
        &self,
        service: &str,
        method: &str,
        args: Value,
        context: &ErrorContext,
    ) -> Result<RawResponse> {
        let id = self.ids.fetch_add(1, Ordering::Relaxed);
        let params = json!({"service": service, "method": method, "args": args});
        let body = envelope(&params, id)?;
        self.http
            .send(
                Method::POST,
                "/jsonrpc",
                json_headers(),
                Some(body),
                context,
            )
            .await
    }
}

impl Transport for JsonRpc {
    fn kind(&self) -> TransportKind {
        TransportKind::JsonRpc
    }

    fn server_version(&self) -> BoxFuture<'_, Result<ServerVersion>> {
        Box::pin(async move {
            let context = ErrorContext::service("version").on(TransportKind::JsonRpc);
            let value = self
                .service("common", "version", json!([]), &context)
                .await?;
            ServerVersion::from_common_version(&value, &context)
        })
    }

    fn authenticate(&self) -> BoxFuture<'_, Result<Option<i64>>> {
        Box::pin(async move {
            let context = ErrorContext::service("authenticate").on(TransportKind::JsonRpc);
            let creds = &self.credentials;
            let args = json!([
                creds.database_or_err(&context)?,
                creds.login_or_err(&context)?,
                creds.secret_or_err(&context)?,
                {}
            ]);
            let value = self
                .service("common", "authenticate", args, &context)
                .await?;
            let uid = uid_from_authenticate(&value, &context)?;
            self.uid.set(uid);
            Ok(Some(uid))
        })
    }

    fn execute<'a>(&'a self, call: &'a Call) -> BoxFuture<'a, Result<Answer>> {
        Box::pin(async move {
            let context = call.error_context().on(TransportKind::JsonRpc);
            let uid = self.uid.get(&context)?;
            let creds = &self.credentials;
            let args = json!([
                creds.database_or_err(&context)?,
                uid,
                creds.secret_or_err(&context)?,
                call.model,
                call.method,
                call.args,
                Value::Object(call.kwargs.clone()),
            ]);
            let raw = self
                .service_raw("object", "execute_kw", args, &context)
                .await?;
            Ok(Answer::json_rpc(raw, self.http.limits.max_depth))
        })
    }
}

/// `common.authenticate` answers the uid, or `false` for a bad login or password.
pub(crate) fn uid_from_authenticate(value: &Value, context: &ErrorContext) -> Result<i64> {
    match value {
        Value::Number(n) => n.as_i64().ok_or_else(|| {
            Error::decode("", format!("authenticate returned {n}"), context.clone())
        }),
        Value::Bool(false) | Value::Null => Err(Error::access_denied(
            "Access Denied: wrong login, password or API key (authenticate returned false)",
            context,
        )),
        other => Err(Error::decode(
            "",
            format!("authenticate returned {other}, expected a user id or false"),
            context.clone(),
        )),
    }
}
