//! What of a typed model the connected server has: the fields a read asks for (those of the
//! server's Odoo version), and the check that refuses, before anything is sent, a call of a
//! model or field the server's version lacks. Used by every typed operation.

use crate::availability::{self, Needs};
use crate::client::Client;
use crate::error::Result;
use crate::model::Model;

/// The fields of `M` a read asks for on the client's server: those its version has.
pub(crate) fn names<M: Model>(client: &Client) -> Vec<&'static str> {
    crate::model::names_for(M::FIELDS, Some(client.server_version().major))
}

/// Whether the model `M` exists on the client's server version, and every field `needs`
/// names; the error of kind [`ErrorKind::Unavailable`](crate::ErrorKind::Unavailable)
/// otherwise.
pub(crate) fn check<M: Model>(client: &Client, method: &str, needs: &[&Needs]) -> Result<()> {
    let server = client.server_version();
    availability::check_model(M::MODEL, M::VERSIONS, method, server)?;
    needs
        .iter()
        .try_for_each(|needs| needs.check(M::MODEL, method, server))
}
