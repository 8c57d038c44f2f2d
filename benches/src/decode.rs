//! What the client does with a `search_read` answer, through the public decoders of
//! `odoo_core::wire`: the transport's decode into a JSON value, then (typed) the same
//! `serde_path_to_error` pass into `Vec<T>` as `Client::search_read::<T>`.

use odoo_core::{ErrorContext, Limits, Result, Value};

/// A failure of the typed pass, with the JSON path as the client reports it.
pub type TypedResult<T> = std::result::Result<T, String>;

use crate::model::Partner;

/// The wire format of a body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// `/jsonrpc` (and the web session): the envelope, then `result`.
    JsonRpc,
    /// `/json/2/...`: the result itself.
    Json2,
    /// `/xmlrpc/2/object`: the crate's codec.
    XmlRpc,
}

impl Format {
    /// All three, in the order of the tables.
    pub const ALL: [Format; 3] = [Format::JsonRpc, Format::Json2, Format::XmlRpc];

    /// The short name used on command lines and in tables.
    pub fn name(self) -> &'static str {
        match self {
            Format::JsonRpc => "jsonrpc",
            Format::Json2 => "json2",
            Format::XmlRpc => "xmlrpc",
        }
    }

    /// The format of a short name.
    pub fn parse(name: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|f| f.name() == name)
    }
}

/// Decodes `body` into the JSON value of the result, as the transport does.
pub fn to_value(format: Format, body: &[u8]) -> Result<Value> {
    let limits = Limits::default();
    let context = ErrorContext::default();
    match format {
        Format::JsonRpc => odoo_core::wire::decode_json_rpc(
            200,
            Some("application/json; charset=utf-8"),
            body,
            &limits,
            &context,
        ),
        Format::Json2 => odoo_core::wire::decode_json2(
            200,
            Some("application/json; charset=utf-8"),
            body,
            &limits,
            &context,
        ),
        Format::XmlRpc => odoo_core::wire::decode_xml_rpc(
            200,
            Some("text/xml; charset=utf-8"),
            body,
            &limits,
            &context,
        ),
    }
}

/// Turns a result value into records, as `Client::search_read::<T>` does.
pub fn to_records(value: Value) -> TypedResult<Vec<Partner>> {
    serde_path_to_error::deserialize(value).map_err(|e| format!("at {}: {}", e.path(), e.inner()))
}

/// Decodes `body` into records: [`to_value`] then [`to_records`].
pub fn to_partners(format: Format, body: &[u8]) -> TypedResult<Vec<Partner>> {
    to_records(to_value(format, body).map_err(|e| e.to_string())?)
}

impl crate::gen::Bodies {
    /// The body of `format`.
    pub fn of(&self, format: Format) -> &[u8] {
        match format {
            Format::JsonRpc => &self.json_rpc,
            Format::Json2 => &self.json2,
            Format::XmlRpc => &self.xml_rpc,
        }
    }
}
