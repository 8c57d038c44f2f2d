//! `/web/content/<id>`: an attachment's content, for a web session, as Odoo 16-19 serve it
//! (404 without a session, for a record that does not exist or that the user may not read).

use axum::http::{header, StatusCode};
use axum::response::Response;

use super::super::Shared;
use super::{not_found_page, with_header, Request};
use crate::access::Operation;

/// `/web/content/<id>[?download=true]`: `None` for another path.
pub(crate) fn handle(shared: &Shared, request: &Request) -> Option<Response> {
    let id: i64 = request.path.strip_prefix("/web/content/")?.parse().ok()?;
    let Some(uid) = request
        .session_cookie()
        .and_then(|token| shared.session_uid(token))
    else {
        return Some(not_found_page());
    };
    let store = shared.lock_store();
    let readable = shared
        .check_access(shared.user(uid), &store, "ir.attachment", Operation::Read)
        .is_ok();
    let content = store
        .record("ir.attachment", id)
        .filter(|_| readable)
        .and_then(|_| store.attachment_content(id));
    let Some(content) = content else {
        return Some(not_found_page());
    };
    let text = |field: &str| {
        store
            .stored_value("ir.attachment", id, field)
            .as_str()
            .map(str::to_owned)
    };
    let mimetype = text("mimetype").unwrap_or_else(|| "application/octet-stream".into());
    let name: String =
        url::form_urlencoded::byte_serialize(text("name").unwrap_or_default().as_bytes())
            .collect::<String>()
            .replace('+', "%20");
    let download = url::form_urlencoded::parse(request.query.as_bytes())
        .any(|(key, value)| key == "download" && value == "true");
    let disposition = if download { "attachment" } else { "inline" };
    let mut response = Response::new(axum::body::Body::from(content));
    *response.status_mut() = StatusCode::OK;
    let response = with_header(response, header::CONTENT_TYPE, &mimetype);
    Some(with_header(
        response,
        header::CONTENT_DISPOSITION,
        &format!("{disposition}; filename*=UTF-8''{name}"),
    ))
}
