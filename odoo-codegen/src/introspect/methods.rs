//! The methods of the selected models ([`IntrospectOptions::methods`]), from their API
//! documentation pages (`/doc-bearer/<model>.json`): Odoo 19 and later, read over JSON-2 with
//! the API key, one page per model, a bounded number at a time.
//!
//! The documentation's index comes first: a user who may not read the documentation is told
//! so once, and the pages asked are those of the models the index lists for the user (those it
//! has an access right on). When the server cannot give methods (before 19, another transport,
//! a user who may not read the documentation), the snapshot holds fields only, and the
//! introspection says why.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::atomic::{AtomicUsize, Ordering};

use odoo_core::{Client, ErrorKind, TransportKind};
use odoo_schema::api_doc::{ApiDocIndex, ApiDocPage};
use odoo_schema::version::Feature;
use odoo_schema::{MethodSchema, Schema};

use super::{per_model, IntrospectOptions};

/// Why `client` cannot read methods, or `None` when it can try.
pub fn unavailable(client: &Client) -> Option<String> {
    let version = client.server_version();
    if !version.has(Feature::ApiDocRoute) {
        return Some(format!(
            "Odoo {} has no API documentation to read methods from (/doc-bearer, Odoo {} and later)",
            version.version,
            Feature::ApiDocRoute.since()
        ));
    }
    if client.transport_kind() != TransportKind::Json2 {
        return Some(format!(
            "methods are read from the API documentation (/doc-bearer) over JSON-2, not {}: connect with an API key (ODOO_API_KEY) and transport auto or json2",
            client.transport_kind()
        ));
    }
    None
}

type Methods = BTreeMap<String, MethodSchema>;

/// Reads the methods of every model of `schema` into it. Returns what the user should know:
/// why no methods were read, the models the user's documentation leaves out, or which models'
/// pages failed (their fields are kept).
pub(super) async fn add_methods(
    client: &Client,
    schema: &mut Schema,
    options: &IntrospectOptions,
    requests: &AtomicUsize,
) -> Vec<String> {
    if let Some(reason) = unavailable(client) {
        return vec![format!("{reason}; the snapshot holds fields only")];
    }
    // The index first: whether the user may read the documentation at all (asked once, not
    // per model), and which models it documents for this user (those it has an access right
    // on; the page of another answers 403).
    requests.fetch_add(1, Ordering::Relaxed);
    let index = match client.model_doc_index::<ApiDocIndex>().await {
        Ok(index) => index,
        Err(error) => {
            let why = if matches!(
                error.kind(),
                ErrorKind::AccessError | ErrorKind::AccessDenied
            ) {
                "this user may not read the API documentation"
            } else {
                "the API documentation could not be read"
            };
            return vec![format!(
                "{why} (/doc-bearer/index.json: {error}); the snapshot holds fields only"
            )];
        }
    };
    let (documented, undocumented): (BTreeSet<String>, Vec<String>) = {
        let (yes, no): (Vec<String>, Vec<String>) = schema
            .models
            .keys()
            .cloned()
            .partition(|model| index.models.contains(model));
        (yes.into_iter().collect(), no)
    };
    requests.fetch_add(documented.len(), Ordering::Relaxed);
    let pages = per_model(&documented, options, |model| {
        let client = client.clone();
        async move {
            let page = client.model_doc::<ApiDocPage>(&model).await;
            page.map(|page| page.methods)
                .map_err(|error| error.to_string())
        }
    })
    .await;
    let mut warnings = store(schema, pages);
    if !undocumented.is_empty() {
        warnings.push(undocumented_note(&undocumented));
    }
    warnings
}

/// The models the user's documentation leaves out, the first ten named.
fn undocumented_note(models: &[String]) -> String {
    let mut named = models
        .iter()
        .take(10)
        .cloned()
        .collect::<Vec<_>>()
        .join(", ");
    if models.len() > 10 {
        named.push_str(&format!(" and {} more", models.len() - 10));
    }
    format!(
        "{} model(s) are not in this user's API documentation (no access right on them), so the snapshot holds no methods for them: {named}",
        models.len()
    )
}

/// Puts each model's methods into the snapshot; the failures as messages.
fn store(schema: &mut Schema, pages: BTreeMap<String, Result<Methods, String>>) -> Vec<String> {
    let mut warnings = Vec::new();
    for (model, page) in pages {
        match page {
            Ok(methods) => {
                if let Some(model_schema) = schema.models.get_mut(&model) {
                    model_schema.methods = methods;
                }
            }
            Err(error) => warnings.push(format!(
                "{model}: its methods could not be read ({error}); its fields are kept"
            )),
        }
    }
    warnings
}
