//! The check that refuses, before anything is sent, a call that uses a model or field on a
//! server whose Odoo version lacks it: [`Needs`], what a domain, an order or values use of
//! fields that exist on some [`Versions`] only (`#[odoo(since = 18)]` in code generated from
//! several snapshots), and the error that names them.

use std::borrow::Cow;

use crate::error::{Error, ErrorContext, Result};
use crate::version::ServerVersion;
use crate::version_range::Versions;

/// What a domain, an order or values use that exists on some versions only: each name with
/// its versions. Empty (and free) for fields that every version has.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Needs(Vec<(Cow<'static, str>, Versions)>);

impl Needs {
    /// Adds a field's name and versions (`Field::need`), when it exists on some versions only.
    pub(crate) fn add(&mut self, (name, versions): (Cow<'static, str>, Versions)) {
        if !versions.is_all() && !self.0.iter().any(|(seen, _)| *seen == name) {
            self.0.push((name, versions));
        }
    }

    /// Adds what `other` needs.
    pub(crate) fn extend(&mut self, other: Needs) {
        for (name, versions) in other.0 {
            self.add((name, versions));
        }
    }

    /// The same names under `prefix` (`partner_id.` + name), for a domain inside `any`.
    pub(crate) fn prefixed(self, prefix: &str) -> Needs {
        Needs(
            self.0
                .into_iter()
                .map(|(name, versions)| (Cow::Owned(format!("{prefix}.{name}")), versions))
                .collect(),
        )
    }

    /// Fails, naming the first field the server's version lacks.
    pub(crate) fn check(&self, model: &str, method: &str, server: &ServerVersion) -> Result<()> {
        match self
            .0
            .iter()
            .find(|(_, versions)| !versions.contains(server.major))
        {
            Some((name, versions)) => {
                Err(unavailable(model, Some(name), *versions, server, method))
            }
            None => Ok(()),
        }
    }
}

/// The error for a model (`name` `None`) or a field of it that the server's version lacks.
pub(crate) fn unavailable(
    model: &str,
    name: Option<&str>,
    versions: Versions,
    server: &ServerVersion,
    method: &str,
) -> Error {
    let what = match name {
        Some(name) => format!("the field `{model}.{name}`"),
        None => format!("the model `{model}`"),
    };
    Error::not_on_version(
        format!(
            "{what} exists on {versions}, and this server runs Odoo {}; nothing was sent",
            server.version
        ),
        versions,
        server.major,
        ErrorContext::call(model, method),
    )
}

/// Fails when the model `M` does not exist on the server's version.
pub(crate) fn check_model(
    model: &str,
    versions: Versions,
    method: &str,
    server: &ServerVersion,
) -> Result<()> {
    if versions.contains(server.major) {
        Ok(())
    } else {
        Err(unavailable(model, None, versions, server, method))
    }
}
