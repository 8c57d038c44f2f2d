//! The report routes of the web client: `/report/download` and `/report/<converter>/<name>/<ids>`,
//! for a web session, as Odoo 16-19 answer them.
//!
//! The emulator knows the reports of the demo's models ([`REPORTS`]) and renders each as a
//! small valid PDF, an HTML page or text naming the records' display names. Errors take the
//! forms Odoo gives them: `/report/download` answers HTTP 200 with Odoo's error object as
//! HTML-escaped JSON; the other routes answer an error page; a request without a valid
//! session is sent to the login page (HTTP 303).

use axum::http::{header, StatusCode};
use axum::response::Response;
use serde_json::Value;

use super::super::Shared;
use super::{text_response, with_header, Request};
use crate::access::Operation;
use crate::error::{EmulatorError, ExceptionClass};
use crate::Feature;
use crate::OdooVersion;

/// The reports the emulator renders: technical name, model, and the file name's stem.
pub(crate) const REPORTS: &[(&str, &str, &str)] = &[
    ("sale.report_saleorder", "sale.order", "Quotation"),
    ("account.report_invoice", "account.move", "Invoice"),
    (
        "account.report_invoice_with_payments",
        "account.move",
        "Invoice",
    ),
    (
        "stock.report_deliveryslip",
        "stock.picking",
        "Delivery Slip",
    ),
    ("base.report_irmodeloverview", "ir.model", "Model Overview"),
];

/// What a report is rendered as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Converter {
    Pdf,
    Html,
    Text,
}

impl Converter {
    fn parse(text: &str) -> Option<Self> {
        match text {
            "pdf" => Some(Self::Pdf),
            "html" => Some(Self::Html),
            "text" => Some(Self::Text),
            _ => None,
        }
    }

    fn content_type(self) -> &'static str {
        match self {
            Self::Pdf => "application/pdf",
            Self::Html => "text/html; charset=utf-8",
            Self::Text => "text/plain; charset=utf-8",
        }
    }

    fn extension(self) -> &'static str {
        match self {
            Self::Pdf => "pdf",
            Self::Html => "html",
            Self::Text => "txt",
        }
    }
}

/// `/report/...`: `None` for a path that is no report route.
pub(crate) fn handle(shared: &Shared, request: &Request) -> Option<Response> {
    let path = request.path.as_str();
    let rest = path.strip_prefix("/report/")?;
    let Some(uid) = request
        .session_cookie()
        .and_then(|token| shared.session_uid(token))
    else {
        return Some(login_redirect(path));
    };
    if rest == "download" {
        return Some(download(shared, uid, &request.query));
    }
    let (converter, report, ids) = split_route(rest)?;
    let converter = Converter::parse(converter)?;
    Some(match render(shared, uid, converter, report, ids) {
        Ok((body, _)) => text_body(converter, body),
        Err(error) => error_page(shared.version, &error),
    })
}

/// `<converter>/<report>/<ids>` of a report route.
fn split_route(rest: &str) -> Option<(&str, &str, &str)> {
    let mut parts = rest.splitn(3, '/');
    Some((parts.next()?, parts.next()?, parts.next()?))
}

/// `/report/download?data=["/report/pdf/<name>/<ids>","qweb-pdf"]`: the file with its name,
/// or Odoo's error object, HTML-escaped, with HTTP 200.
fn download(shared: &Shared, uid: i64, query: &str) -> Response {
    let data = url::form_urlencoded::parse(query.as_bytes())
        .find(|(name, _)| name == "data")
        .map(|(_, value)| value.into_owned())
        .unwrap_or_default();
    let url = serde_json::from_str::<Value>(&data)
        .ok()
        .and_then(|v| v.get(0).and_then(Value::as_str).map(str::to_owned))
        .unwrap_or_default();
    let route = url
        .strip_prefix("/report/")
        .and_then(split_route)
        .and_then(|(converter, report, ids)| Some((Converter::parse(converter)?, report, ids)));
    let outcome = match route {
        Some((converter, report, ids)) => {
            render(shared, uid, converter, report, ids).map(|(body, stem)| (converter, body, stem))
        }
        None => Err(EmulatorError::value_error(format!(
            "Unknown report type: {url}"
        ))),
    };
    match outcome {
        Ok((converter, body, stem)) => {
            let name: String = url::form_urlencoded::byte_serialize(
                format!("{stem}.{}", converter.extension()).as_bytes(),
            )
            .collect::<String>()
            .replace('+', "%20");
            with_header(
                text_body(converter, body),
                header::CONTENT_DISPOSITION,
                &format!("attachment; filename*=UTF-8''{name}"),
            )
        }
        Err(error) => {
            let object = error.json_rpc_error(shared.version).to_string();
            text_response(
                StatusCode::OK,
                "text/html; charset=utf-8",
                escape_html(&object),
            )
        }
    }
}

/// The document of `report` for `ids`, and its file name's stem.
fn render(
    shared: &Shared,
    uid: i64,
    converter: Converter,
    report: &str,
    ids: &str,
) -> Result<(Vec<u8>, String), EmulatorError> {
    let store = shared.lock_store();
    let Some(&(_, model, stem)) = REPORTS
        .iter()
        .find(|(name, model, _)| *name == report && store.schema().model(model).is_some())
    else {
        return Err(EmulatorError::value_error(format!(
            "External ID not found in the system: {report}"
        )));
    };
    let ids: Vec<i64> = ids
        .split(',')
        .filter_map(|id| id.trim().parse().ok())
        .collect();
    shared.check_access(shared.user(uid), &store, model, Operation::Read)?;
    let mut names = Vec::new();
    for &id in &ids {
        if store.record(model, id).is_none() {
            return Err(missing_in_template(shared.version, model, id, uid));
        }
        names.push(store.display_name(model, id));
    }
    let stem = match names.as_slice() {
        [one] => format!("{stem} - {one}"),
        _ => stem.to_owned(),
    };
    let body = match converter {
        Converter::Pdf => pdf(&names),
        Converter::Html => html(&names).into_bytes(),
        Converter::Text => names.join("\n").into_bytes(),
    };
    Ok((body, stem))
}

/// A record the template does not find: Odoo 19 raises the `MissingError`; 16 to 18 wrap it
/// in QWeb's exception.
fn missing_in_template(version: OdooVersion, model: &str, id: i64, uid: i64) -> EmulatorError {
    if version.has(Feature::ReportRouteTypedErrors) {
        EmulatorError::missing_records(model, &[id], uid)
    } else {
        EmulatorError::new(
            ExceptionClass::Other("odoo.addons.base.models.ir_qweb.QWebException".into()),
            "Error while render the template",
        )
    }
}

fn text_body(converter: Converter, body: Vec<u8>) -> Response {
    let mut response = Response::new(axum::body::Body::from(body));
    if let Ok(value) = header::HeaderValue::from_str(converter.content_type()) {
        response.headers_mut().insert(header::CONTENT_TYPE, value);
    }
    response
}

/// The web client's error page: 403 for access, 400 (422 on 19) for business errors, else 500.
fn error_page(version: OdooVersion, error: &EmulatorError) -> Response {
    let status = match error.kind() {
        ExceptionClass::AccessError | ExceptionClass::AccessDenied => StatusCode::FORBIDDEN,
        ExceptionClass::UserError | ExceptionClass::ValidationError => {
            if version.has(Feature::ReportRouteTypedErrors) {
                StatusCode::UNPROCESSABLE_ENTITY
            } else {
                StatusCode::BAD_REQUEST
            }
        }
        _ => StatusCode::INTERNAL_SERVER_ERROR,
    };
    let body = format!(
        "<!DOCTYPE html>\n<html><head><title>{} | Odoo</title></head><body><h1>Error message:</h1><p>{}</p></body></html>\n",
        status.as_u16(),
        escape_html(error.message())
    );
    text_response(status, "text/html; charset=utf-8", body)
}

/// What an `auth='user'` route answers without a valid session.
fn login_redirect(path: &str) -> Response {
    let target: String = url::form_urlencoded::byte_serialize(path.as_bytes()).collect();
    let location = format!("/web/login?redirect={target}%3F");
    let response = text_response(
        StatusCode::SEE_OTHER,
        "text/html; charset=utf-8",
        format!("<!doctype html>\n<html lang=en>\n<title>Redirecting...</title>\n<h1>Redirecting...</h1>\n<p>You should be redirected automatically to the target URL: <a href=\"{location}\">{location}</a>. If not, click the link.\n"),
    );
    with_header(response, header::LOCATION, &location)
}

/// Escapes text as werkzeug's `escape` does (`"` as `&#34;`).
fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&#34;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn html(names: &[String]) -> String {
    let pages: String = names
        .iter()
        .map(|name| format!("<div class=\"page\"><h2>{}</h2></div>", escape_html(name)))
        .collect();
    format!("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"/></head><body>{pages}</body></html>\n")
}

/// A small valid PDF, one page a record, each showing the record's display name.
fn pdf(names: &[String]) -> Vec<u8> {
    let mut objects: Vec<String> = Vec::new();
    let pages = names.len().max(1);
    // 1: catalog, 2: pages, 3: font, then a page and its content stream for each record.
    objects.push("<< /Type /Catalog /Pages 2 0 R >>".into());
    let kids: Vec<String> = (0..pages).map(|i| format!("{} 0 R", 4 + 2 * i)).collect();
    objects.push(format!(
        "<< /Type /Pages /Kids [{}] /Count {pages} >>",
        kids.join(" ")
    ));
    objects.push("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".into());
    for i in 0..pages {
        let name = names.get(i).map_or("", String::as_str);
        let text: String = name
            .chars()
            .filter(|c| c.is_ascii() && !c.is_ascii_control())
            .flat_map(|c| match c {
                '(' | ')' | '\\' => vec!['\\', c],
                c => vec![c],
            })
            .collect();
        let stream = format!("BT /F1 18 Tf 72 720 Td ({text}) Tj ET");
        objects.push(format!(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents {} 0 R /Resources << /Font << /F1 3 0 R >> >> >>",
            5 + 2 * i
        ));
        objects.push(format!(
            "<< /Length {} >>\nstream\n{stream}\nendstream",
            stream.len()
        ));
    }
    let mut out = String::from("%PDF-1.4\n");
    let mut offsets = Vec::with_capacity(objects.len());
    for (i, object) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.push_str(&format!("{} 0 obj\n{object}\nendobj\n", i + 1));
    }
    let xref = out.len();
    out.push_str(&format!(
        "xref\n0 {}\n0000000000 65535 f \n",
        objects.len() + 1
    ));
    for offset in offsets {
        out.push_str(&format!("{offset:010} 00000 n \n"));
    }
    out.push_str(&format!(
        "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
        objects.len() + 1
    ));
    out.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pdf_has_its_cross_reference_table_where_it_says() {
        let bytes = pdf(&["S00001 (A)".into(), "S00002".into()]);
        let text = String::from_utf8(bytes).expect("ASCII");
        assert!(text.starts_with("%PDF-1.4\n") && text.ends_with("%%EOF\n"));
        let start: usize = text
            .rsplit("startxref\n")
            .next()
            .and_then(|rest| rest.lines().next())
            .and_then(|n| n.parse().ok())
            .expect("startxref");
        assert!(text[start..].starts_with("xref\n0 8\n"));
        // Each entry points at its object.
        for (i, line) in text[start..].lines().skip(3).take(7).enumerate() {
            let offset: usize = line[..10].parse().expect("offset");
            assert!(
                text[offset..].starts_with(&format!("{} 0 obj", i + 1)),
                "{line}"
            );
        }
        assert!(text.contains("(S00001 \\(A\\)) Tj"));
    }
}
