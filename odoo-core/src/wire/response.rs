//! [`RawResponse`]: a response as read off the wire, before any decoding.

use std::time::Duration;

use bytes::Bytes;

use crate::error::{Error, ErrorContext, HttpError, BODY_EXCERPT_CHARS};

/// A response as read off the wire.
#[derive(Debug, Clone)]
pub(crate) struct RawResponse {
    pub status: u16,
    pub content_type: Option<String>,
    pub set_cookies: Vec<String>,
    pub retry_after: Option<std::time::Duration>,
    /// The `Content-Disposition` header, for the routes that send files.
    pub content_disposition: Option<String>,
    /// The `Date` header, as the server wrote it (kept by recordings, for the server's clock).
    pub date: Option<String>,
    pub body: Bytes,
}

impl RawResponse {
    /// The response as the decoders read it, borrowed.
    pub fn reply(&self) -> Reply<'_> {
        Reply {
            status: self.status,
            content_type: self.content_type.as_deref(),
            retry_after: self.retry_after,
            body: &self.body,
        }
    }

    /// The `session_id` cookie the server set, if any.
    pub fn session_cookie(&self) -> Option<String> {
        self.set_cookies.iter().find_map(|header| {
            let first = header.split(';').next()?.trim();
            let (name, value) = first.split_once('=')?;
            (name.trim() == "session_id").then(|| value.trim().to_owned())
        })
    }

    /// The [`ErrorKind::Http`](crate::ErrorKind::Http) error for this response.
    pub fn http_error(&self, context: &ErrorContext) -> Error {
        self.reply().http_error(context)
    }
}

/// What the decoders read of a response, borrowed: from a [`RawResponse`] the client read, or
/// from the parts a caller of the public decoders of [`crate::wire`] hands in, so that
/// neither is copied.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Reply<'a> {
    pub status: u16,
    pub content_type: Option<&'a str>,
    pub retry_after: Option<Duration>,
    pub body: &'a [u8],
}

impl Reply<'_> {
    /// Whether the body is declared as JSON.
    pub fn is_json(&self) -> bool {
        self.content_type
            .is_some_and(|ct| ct.to_ascii_lowercase().contains("json"))
    }

    /// The [`ErrorKind::Http`](crate::ErrorKind::Http) error for this response.
    pub fn http_error(&self, context: &ErrorContext) -> Error {
        // The excerpt's characters come from the start of the body: a character, or the
        // replacement of a bad sequence, takes at most 4 bytes, and a cut through the last
        // character changes only that one. So no more than this is decoded (a body that is
        // not UTF-8 would otherwise be copied whole).
        let head = self
            .body
            .get(..4 * (BODY_EXCERPT_CHARS + 1))
            .unwrap_or(self.body);
        let text = String::from_utf8_lossy(head);
        let excerpt: String = text.chars().take(BODY_EXCERPT_CHARS).collect();
        Error::http(HttpError {
            status: self.status,
            body_excerpt: excerpt,
            content_type: self.content_type.map(str::to_owned),
            retry_after: self.retry_after,
            context: context.clone(),
        })
    }
}

/// Reads a `Retry-After` header given in seconds (the HTTP-date form is ignored: the
/// backoff applies then).
pub(crate) fn parse_retry_after(value: &str) -> Option<Duration> {
    value.trim().parse::<u64>().ok().map(Duration::from_secs)
}
