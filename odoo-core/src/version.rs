//! The server's version, read from what `common.version`, `/web/webclient/version_info` or
//! `/web/version` answer, and what follows from it.
//!
//! # Version facts, and servers newer than them
//!
//! What a version does differently is one table, [`odoo_schema::version`] (re-exported here
//! as [`Feature`] and [`OdooVersion`]), shared with the generator, the derive and the
//! emulator: [`ServerVersion::has`] asks it. A server newer than the table's rows has what
//! older versions brought and no row removes; saas releases count by their minor number
//! (`saas~19.2` is 19.2).
//!
//! Where the server can tell, the client asks it instead, once per client, so that a server
//! newer than the table still works:
//!
//! - the transport: `Auto` tries each transport by the route answering its version (a
//!   server may stop serving `/jsonrpc` and `/xmlrpc`, or gate them behind
//!   `rpc.use_deprecated_services`);
//! - an attachment's content: `datas`, or `raw` where `fields_get` has no `datas` (19.3
//!   and later), asked once per client;
//! - a binary value: base64 text, or the `{content, size, filename}` object of builds after
//!   19;
//! - JSON-2's argument names: from `/doc-bearer/<model>.json`, once per model.
//!
//! The table answers the rest: `formatted_read_group` from 19.0 (the public `read_group`
//! is gone from 19.1), `onchange` with a field spec from 17.0, and the others its rows list.

use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::error::{Error, ErrorContext, Result};

pub use odoo_schema::version::{Feature, OdooVersion};

/// The server's version, as `common.version` or `/web/version` tells it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ServerVersion {
    /// The version text, such as `"18.0"` or `"16.0-20240327"`.
    pub version: String,
    /// The major version: 16, 17, 18, 19, ...
    pub major: u32,
    /// The minor version (0 for `x.0`; SaaS releases have others).
    pub minor: u32,
    /// The release level (`"final"`, `"alpha"`, ...), when the server tells it.
    pub release_level: Option<String>,
    /// The series, such as `"18.0"`, when the server tells it.
    pub serie: Option<String>,
    /// The RPC protocol version (1), when the server tells it.
    pub protocol_version: Option<i64>,
}

impl ServerVersion {
    /// The release, `major.minor`, for the table of version facts.
    pub fn odoo_version(&self) -> OdooVersion {
        OdooVersion::new(self.major, self.minor)
    }

    /// Whether this server has `feature`, by the table of version facts
    /// ([`odoo_schema::version`]). Where the client can, it asks the server instead (a field or
    /// route exists); this answers the rest, and a version newer than the table has what
    /// older ones brought and no row removes.
    pub fn has(&self, feature: Feature) -> bool {
        self.odoo_version().has(feature)
    }

    /// Reads `common.version` / `/web/webclient/version_info`:
    /// `{server_version, server_version_info, server_serie, protocol_version}`.
    pub(crate) fn from_common_version(value: &Value, context: &ErrorContext) -> Result<Self> {
        let version = value
            .get("server_version")
            .and_then(Value::as_str)
            .ok_or_else(|| {
                Error::decode(
                    "server_version",
                    "missing from the version answer",
                    context.clone(),
                )
            })?;
        let info = value.get("server_version_info").and_then(Value::as_array);
        let mut parsed = Self::from_parts(version, info, context)?;
        parsed.serie = value
            .get("server_serie")
            .and_then(Value::as_str)
            .map(str::to_owned);
        parsed.protocol_version = value.get("protocol_version").and_then(Value::as_i64);
        Ok(parsed)
    }

    /// Reads `GET /web/version`: `{version_info, version}` (Odoo 19+).
    pub(crate) fn from_web_version(value: &Value, context: &ErrorContext) -> Result<Self> {
        let version = value
            .get("version")
            .and_then(Value::as_str)
            .ok_or_else(|| {
                Error::decode("version", "missing from /web/version", context.clone())
            })?;
        let info = value.get("version_info").and_then(Value::as_array);
        Self::from_parts(version, info, context)
    }

    fn from_parts(
        version: &str,
        info: Option<&Vec<Value>>,
        context: &ErrorContext,
    ) -> Result<Self> {
        let from_info = |i: usize| {
            info.and_then(|a| a.get(i))
                .and_then(Value::as_u64)
                .and_then(|n| u32::try_from(n).ok())
        };
        // `saas~17.4` and `17.0-20240709` both carry major.minor in the text.
        let numbers: Vec<u32> = version
            .trim_start_matches("saas~")
            .split(|c: char| !c.is_ascii_digit())
            .filter(|s| !s.is_empty())
            .take(2)
            .filter_map(|s| s.parse().ok())
            .collect();
        let major = from_info(0)
            .or_else(|| numbers.first().copied())
            .ok_or_else(|| {
                Error::decode(
                    "version",
                    format!("cannot read a major version from `{version}`"),
                    context.clone(),
                )
            })?;
        let minor = from_info(1)
            .or_else(|| numbers.get(1).copied())
            .unwrap_or(0);
        let release_level = info
            .and_then(|a| a.get(3))
            .and_then(Value::as_str)
            .map(str::to_owned);
        Ok(Self {
            version: version.to_owned(),
            major,
            minor,
            release_level,
            serie: None,
            protocol_version: None,
        })
    }
}

impl fmt::Display for ServerVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.version)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn versions_parse_from_every_shape() {
        let ctx = ErrorContext::default();
        let v16 = ServerVersion::from_common_version(
            &json!({"server_version": "16.0-20240327", "server_version_info": [16, 0, 0, "final", 0, ""], "server_serie": "16.0", "protocol_version": 1}),
            &ctx,
        )
        .expect("parses");
        assert_eq!((v16.major, v16.minor), (16, 0));
        assert_eq!(v16.serie.as_deref(), Some("16.0"));
        let v19 = ServerVersion::from_web_version(
            &json!({"version_info": [19, 0, 0, "final", 0, ""], "version": "19.0"}),
            &ctx,
        )
        .expect("parses");
        assert_eq!(v19.major, 19);
        let saas =
            ServerVersion::from_common_version(&json!({"server_version": "saas~17.4"}), &ctx)
                .expect("parses");
        assert_eq!((saas.major, saas.minor), (17, 4));
        assert!(ServerVersion::from_common_version(&json!({"server_version": "x"}), &ctx).is_err());
        // Newer and SaaS forms, read from the text when the numbers are not given.
        for (text, major, minor) in [("20.0", 20, 0), ("saas~19.2", 19, 2), ("19.2+e", 19, 2)] {
            let parsed =
                ServerVersion::from_web_version(&json!({"version": text}), &ctx).expect("parses");
            assert_eq!((parsed.major, parsed.minor), (major, minor), "{text}");
        }
    }
}
