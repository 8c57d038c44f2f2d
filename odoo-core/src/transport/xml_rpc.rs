//! XML-RPC over `/xmlrpc/2/common` and `/xmlrpc/2/object`, with the crate's own codec.

use std::sync::Arc;

use reqwest::header::{HeaderMap, CONTENT_TYPE};
use reqwest::Method;
use serde_json::{json, Value};

use super::json_rpc::{uid_from_authenticate, UidCell};
use super::{Answer, BoxFuture, Call, Transport, TransportKind};
use crate::client::{Credentials, ServerVersion};
use crate::error::{from_xmlrpc_fault, Error, ErrorContext, Result};
use crate::http::{header, Http, Limits, RawResponse};
use crate::xmlrpc::{self, DecodeLimits, MethodResponse};

/// The fault Odoo raises when a method returned `None`: Python's marshaller refuses it, after
/// the method ran. The call succeeded; its result is `None`.
const CANNOT_MARSHAL_NONE: &str = "cannot marshal None unless allow_none is enabled";

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
        read_response(&raw, &self.http.limits, context)
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

/// Reads an XML-RPC response: the value, `Value::Null` for Odoo's "cannot marshal None" fault
/// (the method ran and returned `None`), or the fault mapped to an [`Error`].
pub(crate) fn read_response(
    raw: &RawResponse,
    limits: &Limits,
    context: &ErrorContext,
) -> Result<Value> {
    if raw.status != 200 {
        return Err(raw.http_error(context));
    }
    let limits = DecodeLimits {
        max_bytes: limits.max_response_bytes,
        max_depth: limits.max_depth,
    };
    match xmlrpc::decode_method_response(&raw.body, &limits) {
        Ok(MethodResponse::Success(value)) => Ok(value),
        Ok(MethodResponse::Fault { code, string }) => {
            if code == 1 && string.trim_end().ends_with(CANNOT_MARSHAL_NONE) {
                return Ok(Value::Null);
            }
            Err(Error::odoo(from_xmlrpc_fault(code, &string, context)))
        }
        Err(e) => Err(xml_error(e, &limits, context)),
    }
}

fn xml_error(e: xmlrpc::XmlRpcError, limits: &DecodeLimits, context: &ErrorContext) -> Error {
    match e {
        xmlrpc::XmlRpcError::TooLarge { .. } => {
            Error::limit("max_response_bytes", limits.max_bytes, context.clone())
        }
        xmlrpc::XmlRpcError::TooDeep { .. } => {
            Error::limit("max_depth", limits.max_depth, context.clone())
        }
        other => Error::decode(
            "",
            format!("invalid XML-RPC response: {other}"),
            context.clone(),
        ),
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

    fn execute<'a>(&'a self, call: &'a Call) -> BoxFuture<'a, Result<Value>> {
        Box::pin(async move {
            let context = call.error_context().on(TransportKind::XmlRpc);
            self.execute_answer(call).await?.into_value(&context)
        })
    }

    fn execute_answer<'a>(&'a self, call: &'a Call) -> BoxFuture<'a, Result<Answer>> {
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
