//! The methods of the selected models ([`IntrospectOptions::methods`]), from their API
//! documentation pages (`/doc-bearer/<model>.json`): Odoo 19 and later, read over JSON-2 with
//! the API key, one page per model, a bounded number at a time.
//!
//! When the server cannot give them (before 19, another transport, a user who may not read
//! the documentation), the snapshot holds fields only, and the introspection says why.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::atomic::{AtomicUsize, Ordering};

use odoo_core::{Client, ErrorKind, TransportKind};
use odoo_schema::api_doc::ApiDocPage;
use odoo_schema::{MethodSchema, Schema};

use super::{per_model, IntrospectOptions};

/// The first Odoo major version with API documentation pages.
pub const METHODS_SINCE: u32 = 19;

/// Why `client` cannot read methods, or `None` when it can try.
pub fn unavailable(client: &Client) -> Option<String> {
    let version = client.server_version();
    if version.major < METHODS_SINCE {
        return Some(format!(
            "Odoo {} has no API documentation to read methods from (/doc-bearer, Odoo 19 and later)",
            version.version
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
/// why no methods were read, or which models' pages failed (their fields are kept).
pub(super) async fn add_methods(
    client: &Client,
    schema: &mut Schema,
    options: &IntrospectOptions,
    requests: &AtomicUsize,
) -> Vec<String> {
    if let Some(reason) = unavailable(client) {
        return vec![format!("{reason}; the snapshot holds fields only")];
    }
    let models: BTreeSet<String> = schema.models.keys().cloned().collect();
    let Some(first) = models.iter().next().cloned() else {
        return Vec::new();
    };
    // One page first: a user who may not read the documentation is told once.
    requests.fetch_add(1, Ordering::Relaxed);
    let first_page = client.model_doc::<ApiDocPage>(&first).await;
    if let Err(error) = &first_page {
        if matches!(
            error.kind(),
            ErrorKind::AccessError | ErrorKind::AccessDenied
        ) {
            return vec![format!(
                "this user may not read the API documentation (/doc-bearer answers: {error}); the snapshot holds fields only"
            )];
        }
    }
    let rest: BTreeSet<String> = models.iter().skip(1).cloned().collect();
    requests.fetch_add(rest.len(), Ordering::Relaxed);
    let mut pages = per_model(&rest, options, |model| {
        let client = client.clone();
        async move {
            let page = client.model_doc::<ApiDocPage>(&model).await;
            page.map(|page| page.methods)
                .map_err(|error| error.to_string())
        }
    })
    .await;
    pages.insert(
        first,
        first_page
            .map(|page| page.methods)
            .map_err(|error| error.to_string()),
    );
    store(schema, pages)
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
