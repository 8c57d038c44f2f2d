//! What the client does with a `search_read` answer, through the public decoders of
//! `odoo_core::wire`: into a JSON value (`Client::search_read::<Value>` and the pager), and
//! into the derived model (`Client::search_read::<T>`, `Search::fetch`).

use odoo_core::{ErrorContext, Limits, Result, Value};

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

/// Decodes `body` into records, as `Client::search_read::<Partner>` does (the typed
/// decoders of `odoo_core::wire`, which the client's `call_as` uses).
pub fn to_partners(format: Format, body: &[u8]) -> Result<Vec<Partner>> {
    let limits = Limits::default();
    let context = ErrorContext::default();
    match format {
        Format::JsonRpc => odoo_core::wire::decode_json_rpc_as(
            200,
            Some("application/json; charset=utf-8"),
            body,
            &limits,
            &context,
        ),
        Format::Json2 => odoo_core::wire::decode_json2_as(
            200,
            Some("application/json; charset=utf-8"),
            body,
            &limits,
            &context,
        ),
        Format::XmlRpc => odoo_core::wire::decode_xml_rpc_as(
            200,
            Some("text/xml; charset=utf-8"),
            body,
            &limits,
            &context,
        ),
    }
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
