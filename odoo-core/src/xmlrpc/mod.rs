//! Placeholder until the codec lands.
#![allow(missing_docs, dead_code, unused_variables)]
use serde_json::Value;
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DecodeLimits {
    pub max_bytes: usize,
    pub max_depth: usize,
}
#[derive(Debug, Clone, PartialEq)]
pub enum MethodResponse {
    Success(Value),
    Fault { code: i64, string: String },
}
#[derive(Debug, thiserror::Error)]
#[error("xml")]
pub struct XmlRpcError;
pub fn encode_method_call(method: &str, params: &[Value]) -> String {
    String::new()
}
pub fn decode_method_response(
    body: &[u8],
    limits: &DecodeLimits,
) -> Result<MethodResponse, XmlRpcError> {
    Err(XmlRpcError)
}
