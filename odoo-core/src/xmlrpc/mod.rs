//! XML-RPC codec: turns method calls and responses into XML text and back.
//!
//! Values travel as [`serde_json::Value`]s. The encoder writes exactly what Python's
//! `xmlrpc.client` writes (the library Odoo itself and most of its clients use), so a
//! request body produced here is byte for byte the one a Python client would send for the
//! same arguments, with struct members in the order of the [`serde_json::Map`].
//!
//! The decoder is strict about structure and defensive about resources: it refuses any
//! `DOCTYPE` (so no entity can ever be declared, let alone expanded), checks the body size
//! before parsing, bounds the nesting of arrays and structs, and walks the document with an
//! explicit stack, so no input can exhaust the call stack or make it panic.
//!
//! # Mapping between XML-RPC and JSON
//!
//! | XML-RPC | JSON (decode) | JSON (encode) |
//! |---|---|---|
//! | `<int>`, `<i4>`, `<i8>`, `<i1>`, `<i2>`, `<biginteger>` | integer (`i64`, else `u64`) | every integer becomes `<int>` |
//! | `<double>`, `<float>`, `<bigdecimal>` | number (finite only) | every float becomes `<double>` in Python `repr` form |
//! | `<boolean>` (`0` or `1`) | `true` / `false` | same |
//! | `<string>`, untyped `<value>text</value>` | string | `<string>` |
//! | `<base64>` | the base64 text itself, whitespace removed | — |
//! | `<dateTime.iso8601>` | `"YYYY-MM-DD HH:MM:SS"` (Odoo's format) when in `YYYYMMDDTHH:MM:SS` form, else the text as is | — |
//! | `<nil/>`, `<ex:nil/>` | `null` | `<nil/>` |
//! | `<array>` | array | same |
//! | `<struct>` | object (a repeated member name: the last one wins) | same |
//!
//! # Characters XML cannot carry
//!
//! XML 1.0 has no way to write the control characters U+0000–U+0008, U+000B, U+000C and
//! U+000E–U+001F, nor U+FFFE and U+FFFF, not even as character references. The encoder
//! replaces each of them with U+FFFD (the replacement character) so that its output is
//! always well-formed XML. A carriage return is written as `&#13;`, because a raw one
//! would be turned into a line feed by every conforming XML parser.
//!
//! The decoder is lenient in the other direction: character references to any Unicode
//! scalar value are accepted, as are raw control characters.

mod de;
mod decode;
mod encode;
mod scan;

#[cfg(test)]
mod tests;

pub(crate) use de::decode_method_response_as;
pub use decode::{decode_method_call, decode_method_response, decode_value};
pub use encode::{encode_method_call, encode_method_response, encode_value};

/// The limits the decoders apply: the client's own [`Limits`](crate::Limits).
pub use crate::limits::Limits;

/// A decoded `methodResponse`.
#[derive(Debug, Clone, PartialEq)]
pub enum MethodResponse {
    /// The call succeeded and returned this value.
    Success(serde_json::Value),
    /// The server answered with an XML-RPC fault.
    Fault {
        /// The `faultCode` member. Odoo uses 1 for most errors, 2 for warnings, 3 for
        /// access denied and 4 for access errors.
        code: i64,
        /// The `faultString` member, kept exactly (Odoo puts multi-line Python tracebacks
        /// here).
        string: String,
    },
}

/// Why an XML-RPC document could not be read or written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum XmlRpcError {
    /// The document contains a `<!DOCTYPE …>` declaration. Such documents are refused
    /// outright, with or without entity declarations, so that no entity can be expanded.
    #[error("XML-RPC document contains a DOCTYPE declaration, which is refused")]
    Doctype,
    /// The body is longer than [`Limits::max_response_bytes`](crate::Limits::max_response_bytes).
    #[error("XML-RPC response exceeds the size limit of {limit} bytes")]
    TooLarge {
        /// The limit that was exceeded, in bytes.
        limit: usize,
    },
    /// Arrays and structs are nested deeper than [`Limits::max_depth`](crate::Limits::max_depth).
    #[error("XML-RPC response exceeds the nesting depth limit of {limit}")]
    TooDeep {
        /// The limit that was exceeded.
        limit: usize,
    },
    /// The body is not well-formed XML (or not UTF-8); the message says where.
    #[error("malformed XML-RPC document: {0}")]
    Syntax(String),
    /// The body is well-formed XML but not valid XML-RPC: a bad `<int>`, an unknown
    /// element, a struct member without a name, a `<param>` with two values, a double that
    /// is not finite, and so on.
    #[error("invalid XML-RPC document: {0}")]
    Invalid(String),
}
