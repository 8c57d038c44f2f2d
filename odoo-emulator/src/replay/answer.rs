//! The replay server's handler: finds the recorded exchange that matches a request and answers
//! as it was recorded, or answers HTTP 500 naming the nearest recorded request.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use odoo_core::recording::RecordedResponse;

use super::compare::same;
use super::nearest::{no_match_text, Candidate};
use super::view::RequestView;
use super::{ReplayState, UnmatchedRequest};

/// Answers one request from the recording.
pub(super) async fn answer(
    State(state): State<Arc<ReplayState>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok());
    let body = String::from_utf8_lossy(&body);
    // The client records the path with its query (`/report/download?data=...`).
    let path_and_query = uri.path_and_query().map_or(uri.path(), |p| p.as_str());
    let sent = RequestView::read(method.as_str(), path_and_query, content_type, &body);
    let normalised = state.rules.normalise(&sent);
    let mut book = state.book();
    let found = book.entries.iter_mut().find(|entry| {
        !entry.used
            && entry.request.method == sent.method
            && entry.request.path == sent.path
            && same(&entry.normalised.view, &normalised.view)
            && same(&entry.normalised.envelope, &normalised.envelope)
    });
    if let Some(entry) = found {
        entry.used = true;
        return respond(&entry.exchange.response);
    }
    let unused: Vec<Candidate<'_>> = book
        .entries
        .iter()
        .enumerate()
        .filter(|(_, entry)| !entry.used)
        .map(|(n, entry)| Candidate {
            position: n + 1,
            request: &entry.request,
            normalised: &entry.normalised,
        })
        .collect();
    let text = no_match_text(&sent, &normalised, &unused);
    tracing::warn!(target: "odoo_emulator::replay", "{text}");
    book.unmatched.push(UnmatchedRequest {
        request: sent.summary(),
        answer: text.clone(),
    });
    (
        StatusCode::INTERNAL_SERVER_ERROR,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        text,
    )
        .into_response()
}

/// The recorded answer: its status, body and headers.
fn respond(recorded: &RecordedResponse) -> Response {
    let status = StatusCode::from_u16(recorded.status).unwrap_or(StatusCode::OK);
    let body = match recorded.body_bytes() {
        Ok(body) => body,
        Err(error) => {
            return (StatusCode::INTERNAL_SERVER_ERROR, error.to_string()).into_response();
        }
    };
    let mut response = (status, body).into_response();
    let out = response.headers_mut();
    if let Some(value) = recorded
        .content_type
        .as_deref()
        .and_then(|v| v.parse().ok())
    {
        out.insert(header::CONTENT_TYPE, value);
    }
    if let Some(value) = recorded
        .content_disposition
        .as_deref()
        .and_then(|v| v.parse().ok())
    {
        out.insert(header::CONTENT_DISPOSITION, value);
    }
    // The recorded clock, not the replay's: the client reads the server's time from it.
    if let Some(value) = recorded.date.as_deref().and_then(|v| v.parse().ok()) {
        out.insert(header::DATE, value);
    }
    for cookie in &recorded.set_cookies {
        if let Ok(value) = cookie.parse() {
            out.append(header::SET_COOKIE, value);
        }
    }
    response
}
