//! What Odoo's report routes answer (`/report/download`, `/report/<converter>/...`): the
//! document, or the error in one of the forms those routes use.
//!
//! - The document: HTTP 200 with the format's content type, and for `/report/download` a
//!   `Content-Disposition` naming the file.
//! - `/report/download` answers an error with HTTP 200, `text/html`, and a body that is Odoo's
//!   error object as HTML-escaped JSON (`{&#34;code&#34;: 200, ...}`; the code is 0 on 19).
//! - `auth='user'` routes send a request without a valid session to the login page: HTTP 303.
//! - Other failures are the web client's HTML error pages (400, 403, 404, 422, 500).

use crate::document::Document;
use crate::error::{Error, ErrorContext, ErrorKind, OdooError, Result};
use crate::wire::json_rpc::error_object;
use crate::wire::RawResponse;

/// Reads a report route's answer, whose content type must start with `expected`
/// (`application/pdf`, `text/html`, `text/plain`; empty for any content type, and then an empty
/// body is a document too).
pub(crate) fn read_document(
    raw: RawResponse,
    expected: &str,
    context: &ErrorContext,
) -> Result<Document> {
    if (300..400).contains(&raw.status) {
        return Err(login_redirect(&raw, context));
    }
    let content_type = raw.content_type.clone().unwrap_or_default();
    let is = |prefix: &str| content_type.to_ascii_lowercase().starts_with(prefix);
    if raw.status != 200 {
        return Err(raw.http_error(context));
    }
    if is("text/html") {
        let text = String::from_utf8_lossy(&raw.body);
        if let Some(error) = error_object(&unescape_html(text.trim()), context) {
            return Err(Error::odoo(error));
        }
    }
    if !is(expected) {
        let shown = if content_type.is_empty() {
            "no content type".to_owned()
        } else {
            content_type
        };
        return Err(Error::decode(
            "",
            format!("the server answered {shown} where {expected} was asked"),
            context.clone(),
        ));
    }
    if raw.body.is_empty() && !expected.is_empty() {
        return Err(Error::decode(
            "",
            format!("the server answered an empty {expected} document"),
            context.clone(),
        ));
    }
    Ok(Document {
        filename: raw.content_disposition.as_deref().and_then(filename),
        content_type,
        bytes: raw.body,
    })
}

/// The error for an answer that sends the request to the login page (`auth='user'` routes
/// without a valid session).
pub(crate) fn login_redirect(raw: &RawResponse, context: &ErrorContext) -> Error {
    Error::odoo(OdooError {
        kind: ErrorKind::SessionExpired,
        name: None,
        message: "the server sent the request to its login page: the web session is not valid"
            .into(),
        debug: None,
        code: Some(i64::from(raw.status)),
        credential: None,
        context: context.clone(),
    })
}

/// Whether an answer (its head) is the document asked for and may be copied as it comes:
/// HTTP 200 with the expected content type, and not HTML, which may hold one of Odoo's errors.
pub(crate) fn streams(head: &RawResponse, expected: &str) -> bool {
    let content_type = head
        .content_type
        .as_deref()
        .unwrap_or_default()
        .to_ascii_lowercase();
    head.status == 200
        && content_type.starts_with(expected)
        && !content_type.starts_with("text/html")
}

/// The file name of a `Content-Disposition` header (`filename*=UTF-8''<percent-encoded>` as
/// Odoo writes it, else `filename="..."`), made safe to save in a folder: path separators and
/// control characters become `_`, and a name of dots alone is no name.
pub(crate) fn filename(header: &str) -> Option<String> {
    let name: String = proposed_filename(header)?
        .chars()
        .map(|c| {
            if matches!(c, '/' | '\\') || c.is_control() {
                '_'
            } else {
                c
            }
        })
        .collect();
    let name = name.trim().to_owned();
    (!name.trim_matches('.').is_empty()).then_some(name)
}

fn proposed_filename(header: &str) -> Option<String> {
    let mut plain = None;
    for part in header.split(';').map(str::trim) {
        if let Some(encoded) = part.strip_prefix("filename*=") {
            let (_, value) = encoded.split_once("''")?;
            let bytes: Vec<u8> = url::form_urlencoded::parse(format!("x={value}").as_bytes())
                .next()
                .map(|(_, v)| v.into_owned().into_bytes())?;
            return String::from_utf8(bytes).ok();
        }
        if let Some(value) = part.strip_prefix("filename=") {
            plain = Some(value.trim_matches('"').to_owned());
        }
    }
    plain
}

/// `text` with the entities werkzeug's escaping writes (`&#34;`, `&quot;`, `&amp;`, ...)
/// replaced by their characters; anything else is kept as it is.
fn unescape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let entity = rest
            .find(';')
            .filter(|&end| end <= 10)
            .and_then(|end| Some((decode_entity(&rest[1..end])?, end)));
        match entity {
            Some((c, end)) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn decode_entity(name: &str) -> Option<char> {
    match name {
        "quot" => Some('"'),
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "apos" => Some('\''),
        _ => {
            let number = name.strip_prefix('#')?;
            let code = match number.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => number.parse().ok()?,
            };
            char::from_u32(code)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(status: u16, content_type: &str, body: &str) -> RawResponse {
        RawResponse {
            status,
            content_type: Some(content_type.into()),
            set_cookies: Vec::new(),
            retry_after: None,
            content_disposition: Some("attachment; filename*=UTF-8''INV%2F2026%2F00002.pdf".into()),
            date: None,
            body: bytes::Bytes::copy_from_slice(body.as_bytes()),
        }
    }

    #[test]
    fn a_document_comes_with_its_file_name() {
        let ctx = ErrorContext::default();
        let pdf = read_document(
            raw(200, "application/pdf", "%PDF-1.4 x"),
            "application/pdf",
            &ctx,
        )
        .expect("a PDF");
        assert_eq!(pdf.filename.as_deref(), Some("INV_2026_00002.pdf"));
        assert_eq!(
            filename("inline; filename=\"a b.pdf\"").as_deref(),
            Some("a b.pdf")
        );
        assert_eq!(
            filename("attachment; filename*=UTF-8''..%2F..%2Fetc%5Cx%0A").as_deref(),
            Some(".._.._etc_x_")
        );
        assert_eq!(filename("attachment; filename=\"..\""), None);
        assert_eq!(&pdf.bytes[..], b"%PDF-1.4 x");
    }

    #[test]
    fn odoo_errors_in_escaped_json_are_typed() {
        // As Odoo 16 answers an unknown report on /report/download.
        let body = "{&#34;code&#34;: 200, &#34;message&#34;: &#34;Odoo Server Error&#34;, &#34;data&#34;: {&#34;name&#34;: &#34;builtins.ValueError&#34;, &#34;debug&#34;: &#34;Traceback&#34;, &#34;message&#34;: &#34;External ID not found in the system: no.such_report&#34;, &#34;arguments&#34;: [], &#34;context&#34;: {}}}";
        let ctx = ErrorContext::default();
        let error = read_document(
            raw(200, "text/html; charset=utf-8", body),
            "application/pdf",
            &ctx,
        )
        .expect_err("an error");
        assert_eq!(error.kind(), ErrorKind::NotFound, "{error:?}");
        assert_eq!(
            error.message(),
            "External ID not found in the system: no.such_report"
        );
        let missing = "{&#34;code&#34;: 0, &#34;message&#34;: &#34;Odoo Server Error&#34;, &#34;data&#34;: {&#34;name&#34;: &#34;odoo.exceptions.MissingError&#34;, &#34;message&#34;: &#34;Record does not exist or has been deleted.&#34;}}";
        let error = read_document(raw(200, "text/html", missing), "application/pdf", &ctx)
            .expect_err("an error");
        assert_eq!(error.kind(), ErrorKind::MissingError);
    }

    #[test]
    fn the_login_page_an_other_format_and_an_error_page_are_refused() {
        let ctx = ErrorContext::default();
        let expired = read_document(raw(303, "text/html", ""), "application/pdf", &ctx)
            .expect_err("the login page");
        assert_eq!(expired.kind(), ErrorKind::SessionExpired);
        let html = read_document(
            raw(200, "text/html", "<html>x</html>"),
            "application/pdf",
            &ctx,
        )
        .expect_err("not a PDF");
        assert_eq!(html.kind(), ErrorKind::Decode);
        assert!(
            html.to_string().contains("text/html where application/pdf"),
            "{html}"
        );
        let page = read_document(raw(403, "text/html", "<h1>403</h1>"), "text/html", &ctx)
            .expect_err("an error page");
        assert_eq!(page.kind(), ErrorKind::Http);
        assert_eq!(
            unescape_html("a &amp; b &#x27;c&#39; &bogus; &"),
            "a & b 'c' &bogus; &"
        );
    }
}
