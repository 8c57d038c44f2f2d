//! XML-RPC over `/xmlrpc/2/common` and `/xmlrpc/2/object`, with the crate's own codec.

use std::sync::Arc;

use reqwest::header::{HeaderMap, CONTENT_TYPE};
use reqwest::Method;
use serde_json::{json, Value};

use super::json_rpc::{uid_from_authenticate, UidCell};
use super::{BoxFuture, Call, Transport, TransportKind};
use crate::credentials::Credentials;
use crate::error::{ErrorContext, Result};
use crate::http::{header, Http};
use crate::version::ServerVersion;
use crate::wire::xml_rpc::read_response;
use crate::wire::{Answer, RawResponse};
use crate::xmlrpc;

/// The XML-RPC transport.
#[derive(Debug)]
pub(crate) struct XmlRpc {
    http: Http,
    credentials: Arc<Credentials>,
    uid: UidCell,
}

impl XmlRpc {
    pub fn new(http: Http, credentials: Arc<Credentials>) -> Self {
        Self {
            http,
            credentials,
            uid: UidCell::default(),
        }
    }

    async fn call(
        &self,
        service: &str,
        method: &str,
        params: &[Value],
        context: &ErrorContext,
    ) -> Result<Value> {
        let raw = self.post(service, method, params, context).await?;
        read_response(&raw.reply(), &self.http.limits, context)
    }

    /// Posts one call and returns the response undecoded.
    async fn post(
        &self,
        service: &str,
        method: &str,
        params: &[Value],
        context: &ErrorContext,
    ) -> Result<RawResponse> {
        let body = xmlrpc::encode_method_call(method, params);
        let mut headers = HeaderMap::new();
        headers.insert(CONTENT_TYPE, header("text/xml"));
        let path = format!("/xmlrpc/2/{service}");
        self.http
            .send(
                Method::POST,
                &path,
                headers,
                Some(body.into_bytes()),
                context,
            )
            .await
    }
}

impl Transport for XmlRpc {
    fn kind(&self) -> TransportKind {
        TransportKind::XmlRpc
    }

    fn server_version(&self) -> BoxFuture<'_, Result<ServerVersion>> {
        Box::pin(async move {
            let context = ErrorContext::service("version").on(TransportKind::XmlRpc);
            let value = self.call("common", "version", &[], &context).await?;
            ServerVersion::from_common_version(&value, &context)
        })
    }

    fn authenticate(&self) -> BoxFuture<'_, Result<Option<i64>>> {
        Box::pin(async move {
            let context = ErrorContext::service("authenticate").on(TransportKind::XmlRpc);
            let creds = &self.credentials;
            let params = [
                json!(creds.database_or_err(&context)?),
                json!(creds.login_or_err(&context)?),
                json!(creds.secret_or_err(&context)?),
                json!({}),
            ];
            let value = self
                .call("common", "authenticate", &params, &context)
                .await?;
            let uid = uid_from_authenticate(&value, &context)?;
            self.uid.set(uid);
            Ok(Some(uid))
        })
    }

    fn execute<'a>(&'a self, call: &'a Call) -> BoxFuture<'a, Result<Answer>> {
        Box::pin(async move {
            let context = call.error_context().on(TransportKind::XmlRpc);
            let uid = self.uid.get(&context)?;
            let creds = &self.credentials;
            let params = [
                json!(creds.database_or_err(&context)?),
                json!(uid),
                json!(creds.secret_or_err(&context)?),
                json!(call.model),
                json!(call.method),
                Value::Array(call.args.clone()),
                Value::Object(call.kwargs.clone()),
            ];
            let raw = self.post("object", "execute_kw", &params, &context).await?;
            Ok(Answer::xml_rpc(raw, self.http.limits))
        })
    }
}
