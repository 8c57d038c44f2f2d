//! The HTTP side: one axum service routing by path to the protocol modules.

mod content;
mod json2;
mod report;
mod rpc;
mod web;

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Router;
use serde_json::Value;

use super::Shared;

/// The largest request body accepted: 128 MiB, as Odoo 17 to 19 (a 50 MiB file is about 67 MiB
/// of base64 in a JSON body).
const MAX_BODY: usize = 128 * 1024 * 1024;

pub(crate) async fn serve(
    listener: tokio::net::TcpListener,
    shared: Arc<Shared>,
    stop: tokio::sync::oneshot::Receiver<()>,
) {
    let app = Router::new()
        .fallback(route)
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .with_state(shared);
    let stopped = async {
        // A dropped sender stops the server too.
        let _ = stop.await;
    };
    if let Err(error) = axum::serve(listener, app)
        .with_graceful_shutdown(stopped)
        .await
    {
        tracing::warn!(%error, "odoo emulator stopped");
    }
}

/// One request, as the protocol modules see it.
pub(crate) struct Request {
    pub method: Method,
    pub path: String,
    /// The query string, without its `?`; empty when there is none.
    pub query: String,
    pub headers: HeaderMap,
    pub body: Bytes,
}

impl Request {
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The `session_id` cookie, if any.
    pub(crate) fn session_cookie(&self) -> Option<&str> {
        self.headers
            .get_all(header::COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(';'))
            .find_map(|pair| pair.trim().strip_prefix("session_id="))
    }
}

async fn route(
    State(shared): State<Arc<Shared>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let request = Request {
        method,
        path: uri.path().to_owned(),
        query: uri.query().unwrap_or_default().to_owned(),
        headers,
        body,
    };
    let shared = shared.as_ref();
    let _in_flight = shared.traffic.enter();
    if let Some(latency) = shared.serving.latency {
        tokio::time::sleep(latency).await;
    }
    answer(shared, &request)
}

fn answer(shared: &Shared, request: &Request) -> Response {
    let path = request.path.as_str();
    let legacy = path == "/jsonrpc" || path.starts_with("/xmlrpc/");
    if legacy && !shared.serving.legacy_rpc {
        return not_found_page();
    }
    if path == "/jsonrpc" {
        return post_only(request).unwrap_or_else(|| rpc::json_rpc(shared, request));
    }
    if let Some(service) = path
        .strip_prefix("/xmlrpc/2/")
        .or_else(|| path.strip_prefix("/xmlrpc/"))
    {
        let service = service.to_owned();
        return post_only(request).unwrap_or_else(|| rpc::xml_rpc(shared, &service, request));
    }
    if path.starts_with("/web/session/")
        || path.starts_with("/web/dataset/call_kw")
        || path == "/web/webclient/version_info"
    {
        return post_only(request).unwrap_or_else(|| web::handle(shared, request));
    }
    if path.starts_with("/web/content/") && request.method == Method::GET {
        if let Some(response) = content::handle(shared, request) {
            return response;
        }
    }
    if path.starts_with("/report/") && request.method == Method::GET {
        if let Some(response) = report::handle(shared, request) {
            return response;
        }
    }
    if shared.version.has(crate::Feature::JsonVersionNeedsLogin) && path == "/json/version" {
        // Odoo 18 has the route for logged-in users only and sends others to the login page.
        let response = text_response(
            StatusCode::SEE_OTHER,
            "text/html; charset=utf-8",
            "<!doctype html>\n<html lang=en>\n<title>Redirecting...</title>\n<h1>Redirecting...</h1>\n<p>You should be redirected automatically to the target URL: <a href=\"/web/login?redirect=%2Fjson%2Fversion%3F\">/web/login?redirect=%2Fjson%2Fversion%3F</a>. If not, click the link.\n".to_owned(),
        );
        return with_header(
            response,
            header::LOCATION,
            "/web/login?redirect=%2Fjson%2Fversion%3F",
        );
    }
    if shared.version.has(crate::Feature::WebVersionRoute) {
        if path == "/web/version" || path == "/json/version" {
            return json2::version(shared);
        }
        if path.starts_with("/json/2/") || path == "/json/2" {
            return json2::handle(shared, request);
        }
        if let Some(rest) = path.strip_prefix("/doc-bearer/") {
            let rest = rest.to_owned();
            return json2::doc(shared, request, &rest);
        }
    }
    not_found_page()
}

/// `405` for anything but POST on RPC endpoints.
fn post_only(request: &Request) -> Option<Response> {
    (request.method != Method::POST).then(|| {
        text_response(
            StatusCode::METHOD_NOT_ALLOWED,
            "text/html; charset=utf-8",
            "<!doctype html>\n<html lang=en>\n<title>405 Method Not Allowed</title>\n<h1>Method Not Allowed</h1>\n<p>The method is not allowed for the requested URL.</p>\n".to_owned(),
        )
    })
}

pub(crate) fn text_response(
    status: StatusCode,
    content_type: &'static str,
    body: String,
) -> Response {
    (status, [(header::CONTENT_TYPE, content_type)], body).into_response()
}

pub(crate) fn json_response(status: StatusCode, value: &Value) -> Response {
    text_response(
        status,
        "application/json; charset=utf-8",
        serde_json::to_string(value).unwrap_or_else(|_| "null".to_owned()),
    )
}

/// Adds a header whose value may be invalid (then left out).
pub(crate) fn with_header(
    mut response: Response,
    name: header::HeaderName,
    value: &str,
) -> Response {
    if let Ok(value) = HeaderValue::from_str(value) {
        response.headers_mut().insert(name, value);
    }
    response
}

/// Odoo's HTML 404 page (what 16 to 18 answer on `/web/version`, `/json/2/...`).
pub(crate) fn not_found_page() -> Response {
    let body = "<!DOCTYPE html>\n<html>\n    <head>\n        <meta charset=\"utf-8\"/>\n        <title>Odoo</title>\n    </head>\n    <body>\n        <h1>404: Page not found</h1>\n        <p>The page you were looking for could not be found; it is possible you have typed the address incorrectly, but it has most probably been removed due to the recent website reorganisation.</p>\n    </body>\n</html>\n";
    text_response(
        StatusCode::NOT_FOUND,
        "text/html;charset=utf-8",
        body.to_owned(),
    )
}
