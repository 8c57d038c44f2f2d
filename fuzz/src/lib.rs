//! What the fuzz targets share: how an input picks the HTTP status and content type of a
//! response, derived model structs with every kind of field, and the checks run on whatever
//! decodes.
//!
//! A check that fails panics, which libFuzzer reports as a crash: the library promises no
//! panic on bad input, so a panic inside it is a bug, and so is a broken invariant here.

use odoo_core::types::{
    Binary, Date, DateTime, Json, Many2one, Many2oneReference, Reference, X2many,
};
use odoo_core::{Error, OdooModel, OdooSelection, Value};

/// HTTP statuses a response may carry, picked by the low 3 bits of the first input byte.
/// 200 is there three times: most bodies of interest come with it.
const STATUSES: [u16; 8] = [200, 200, 200, 400, 401, 403, 404, 500];

/// Content types, picked by bits 3-4 of the first input byte.
const CONTENT_TYPES: [Option<&str>; 4] = [
    Some("application/json; charset=utf-8"),
    Some("text/html; charset=utf-8"),
    None,
    Some("text/xml"),
];

/// A response as the HTTP layer hands it to a decoder.
#[derive(Debug, Clone, Copy)]
pub struct Response<'a> {
    /// The HTTP status.
    pub status: u16,
    /// The `Content-Type` header, when any.
    pub content_type: Option<&'static str>,
    /// The body.
    pub body: &'a [u8],
}

/// Splits an input into a response: the first byte picks status and content type (byte 0
/// is `200` with a JSON content type), the rest is the body. `None` for an empty input.
pub fn response(data: &[u8]) -> Option<Response<'_>> {
    let (&head, body) = data.split_first()?;
    Some(Response {
        status: STATUSES[usize::from(head & 7)],
        content_type: CONTENT_TYPES[usize::from((head >> 3) & 3)],
        body,
    })
}

/// Formats an error both ways, as a program that logs it would.
pub fn show_error(error: &Error) {
    let text = error.to_string();
    let debug = format!("{error:?}");
    assert!(!text.is_empty() && !debug.is_empty());
    let _ = error.http_status();
    let _ = error.debug_info();
    let _ = error.odoo_error();
    // `HttpError::body_excerpt` is documented as at most 512 characters: the decoders must
    // give the error the client raises, not the whole body of a 502 page.
    if let Some(http) = error.http_error() {
        let chars = http.body_excerpt.chars().count();
        assert!(
            chars <= 512,
            "an HTTP error keeps {chars} characters of the body"
        );
    }
}

/// `sale.order.state`: a selection enum with a fallback for unlisted keys.
#[derive(Debug, Clone, PartialEq, Eq, OdooSelection)]
pub enum OrderState {
    /// `draft`
    Draft,
    /// `sent`
    Sent,
    /// `sale`
    Sale,
    /// `cancel`
    Cancel,
    /// A key given explicitly.
    #[odoo(value = "done")]
    Locked,
    /// Any other key.
    #[odoo(other)]
    Unknown(String),
}

/// A selection with integer keys (`priority`-like fields of some models).
#[derive(Debug, Clone, PartialEq, Eq, OdooSelection)]
pub enum Priority {
    /// `0`
    #[odoo(value = 0)]
    Normal,
    /// `1`
    #[odoo(value = 1)]
    Urgent,
    /// Any other key.
    #[odoo(other)]
    Other(String),
}

/// A record where every field may be empty or missing, so that arbitrary objects get far
/// into the field readers: every kind of field the derive supports.
#[derive(Debug, Clone, PartialEq, OdooModel)]
#[odoo(model = "res.partner", schema = false)]
pub struct Loose {
    /// The record id.
    pub id: Option<i64>,
    /// char
    pub name: Option<String>,
    /// boolean (read as a value, `false` included)
    pub active: Option<bool>,
    /// integer
    pub color: Option<i64>,
    /// float
    pub credit_limit: Option<f64>,
    /// many2one
    pub parent_id: Option<Many2one<Loose>>,
    /// many2one to another model
    pub country_id: Option<Many2one>,
    /// one2many
    pub child_ids: X2many<Loose>,
    /// many2many
    pub category_id: X2many,
    /// selection with string keys
    pub state: Option<OrderState>,
    /// selection with integer keys, under another Odoo name
    #[odoo(rename = "priority")]
    pub urgency: Option<Priority>,
    /// date
    pub date_order: Option<Date>,
    /// datetime
    #[odoo(readonly)]
    pub write_date: Option<DateTime>,
    /// binary
    pub image_128: Option<Binary>,
    /// reference
    pub ref_id: Option<Reference>,
    /// many2one_reference
    pub res_id: Option<Many2oneReference>,
    /// json / properties
    pub properties: Option<Json>,
    /// not read
    #[odoo(skip)]
    pub local: String,
}

/// A record whose fields are required, the way a model struct for a known server is
/// written: the readers' error paths for `false`, `null` and missing keys.
#[derive(Debug, Clone, PartialEq, OdooModel)]
#[odoo(model = "sale.order", schema = false)]
pub struct Strict {
    /// The record id.
    pub id: i64,
    /// char, required
    pub name: String,
    /// boolean
    pub active: bool,
    /// float
    pub amount_total: f64,
    /// integer
    pub sequence: i64,
    /// many2one, required
    pub partner_id: Many2one,
    /// one2many
    pub order_line: X2many,
    /// selection, required
    pub state: OrderState,
    /// date, required
    pub validity_date: Date,
    /// datetime, required
    pub date_order: DateTime,
    /// binary, required
    pub datas: Binary,
    /// reference, required
    pub origin_ref: Reference,
    /// many2one_reference, required
    pub res_id: Many2oneReference,
    /// json, required
    pub properties: Json,
}

/// Decodes a result the way the client does (again through its text, for the error path)
/// into each model struct, single and as a list, and checks what decodes.
pub fn typed(value: &Value) {
    decode_value::<Loose>(value).iter().for_each(check_loose);
    if let Some(records) = decode_value::<Vec<Loose>>(value) {
        records.iter().for_each(check_loose);
    }
    decode_value::<Strict>(value).iter().for_each(check_strict);
    if let Some(records) = decode_value::<Vec<Strict>>(value) {
        records.iter().for_each(check_strict);
    }
}

/// Decodes an XML-RPC answer straight into the model structs (the direct path of
/// `wire::decode_xml_rpc_as`): whatever decodes through the value `read` must decode the
/// same way directly.
pub fn typed_xml(read: &Value, body: &[u8]) {
    let context = odoo_core::ErrorContext::call("res.partner", "read");
    let limits = odoo_core::Limits::default();
    let direct = |_: ()| {
        odoo_core::wire::decode_xml_rpc_as::<Vec<Loose>>(200, Some("text/xml"), body, &limits, &context)
    };
    if let Some(records) = decode_value::<Vec<Loose>>(read) {
        let again = direct(()).unwrap_or_else(|e| panic!("direct path refused what decodes: {e}"));
        assert_eq!(again.len(), records.len());
        again.iter().for_each(check_loose);
    }
    if let Ok(records) = odoo_core::wire::decode_xml_rpc_as::<Vec<Strict>>(200, Some("text/xml"), body, &limits, &context) {
        records.iter().for_each(check_strict);
    }
}

/// Decodes JSON text straight into the model structs (serde_json's own deserializer, which
/// hands out borrowed strings where a `Value` hands out owned ones).
pub fn typed_text(body: &[u8]) {
    if let Ok(record) = serde_json::from_slice::<Loose>(body) {
        check_loose(&record);
    }
    if let Ok(records) = serde_json::from_slice::<Vec<Loose>>(body) {
        records.iter().for_each(check_loose);
    }
    if let Ok(record) = serde_json::from_slice::<Strict>(body) {
        check_strict(&record);
    }
    if let Ok(records) = serde_json::from_slice::<Vec<Strict>>(body) {
        records.iter().for_each(check_strict);
    }
}

fn decode_value<T: serde::de::DeserializeOwned>(value: &Value) -> Option<T> {
    // A JSON-2 answer of this value: a value that does not fit is decoded again, as the
    // client does, for the JSON path of the error.
    let context = odoo_core::ErrorContext::call("res.partner", "read");
    let body = value.to_string();
    let limits = odoo_core::Limits::default();
    match odoo_core::wire::decode_json2_as::<T>(200, Some("application/json"), body.as_bytes(), &limits, &context) {
        Ok(decoded) => Some(decoded),
        Err(error) => {
            let _ = error.to_string();
            let _ = format!("{error:?}");
            None
        }
    }
}

fn check_loose(record: &Loose) {
    let _ = format!("{record:?}");
    if let Some(parent) = &record.parent_id {
        let _ = (parent.id(), parent.name());
    }
    assert_eq!(record.child_ids.ids().len(), record.child_ids.len());
    if let Some(state) = &record.state {
        check_selection(state);
    }
    if let Some(priority) = &record.urgency {
        check_selection(priority);
    }
    if let Some(date) = record.date_order {
        check_date(date);
    }
    if let Some(datetime) = record.write_date {
        check_datetime(datetime);
    }
    if let Some(binary) = &record.image_128 {
        check_binary(binary);
    }
    if let Some(reference) = &record.ref_id {
        check_reference(reference);
    }
    assert!(record.local.is_empty(), "a skipped field was read");
}

fn check_strict(record: &Strict) {
    let _ = format!("{record:?}");
    check_selection(&record.state);
    check_date(record.validity_date);
    check_datetime(record.date_order);
    check_binary(&record.datas);
    check_reference(&record.origin_ref);
}

/// A selection value reads back as itself from what it writes.
fn check_selection<T>(value: &T)
where
    T: serde::Serialize + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug,
{
    let written = serde_json::to_value(value).expect("a selection value serializes");
    let read: T = serde_json::from_value(written.clone())
        .unwrap_or_else(|e| panic!("{written} written for {value:?} does not read back: {e}"));
    assert_eq!(&read, value, "{written} reads back as another value");
}

/// A date prints as Odoo's `YYYY-MM-DD`, which reads back as the same date.
fn check_date(date: Date) {
    let text = date.to_string();
    let read = Date::parse(&text)
        .unwrap_or_else(|e| panic!("{date:?} prints as {text:?}, which does not read back: {e}"));
    assert_eq!(read, date, "{text:?} reads back as another date");
}

/// A datetime prints as Odoo's `YYYY-MM-DD HH:MM:SS`, which reads back as the same time
/// to the second (Odoo's format has no fraction).
fn check_datetime(datetime: DateTime) {
    use odoo_core::types::DateTime as OdooDateTime;
    let text = datetime.to_string();
    let read = OdooDateTime::parse(&text).unwrap_or_else(|e| {
        panic!("{datetime:?} prints as {text:?}, which does not read back: {e}")
    });
    let naive = datetime.into_inner();
    let whole = naive.and_utc().timestamp();
    assert_eq!(
        read.into_inner().and_utc().timestamp(),
        whole,
        "{text:?} reads back as another second"
    );
}

/// Binary contents survive a base64 round trip.
fn check_binary(binary: &Binary) {
    let text = binary.to_base64();
    let read = Binary::from_base64(&text).expect("standard base64 reads back");
    assert_eq!(&read, binary);
}

/// A reference prints as `model,id`, which reads back as the same reference.
fn check_reference(reference: &Reference) {
    let text = reference.to_string();
    let read = Reference::parse(&text).unwrap_or_else(|e| {
        panic!("{reference:?} prints as {text:?}, which does not read back: {e}")
    });
    assert_eq!(&read, reference);
}

#[cfg(test)]
mod tests {
    //! The harness itself: the committed seeds must reach the checks, or the targets would
    //! only ever exercise error paths.

    use odoo_core::wire::{decode_json2, decode_json_rpc};
    use odoo_core::{ErrorContext, Limits};

    use super::*;

    fn seed(path: &str) -> Vec<u8> {
        let full = format!("{}/seeds/{path}", env!("CARGO_MANIFEST_DIR"));
        std::fs::read(&full).unwrap_or_else(|e| panic!("{full}: {e}"))
    }

    #[test]
    fn json_rpc_seed_reads_into_the_loose_model() {
        let data = seed("json_rpc_typed/search_read.bin");
        let r = response(&data).expect("not empty");
        assert_eq!((r.status, r.content_type), (200, CONTENT_TYPES[0]));
        let value = decode_json_rpc(
            r.status,
            r.content_type,
            r.body,
            &Limits::default(),
            &ErrorContext::default(),
        )
        .expect("decodes");
        let records = decode_value::<Vec<Loose>>(&value).expect("reads as Loose records");
        assert_eq!(records.len(), 1);
        let record = &records[0];
        assert!(record.state == Some(OrderState::Sale) && record.urgency == Some(Priority::Urgent));
        assert!(record.date_order.is_some() && record.write_date.is_some());
        assert!(record.image_128.is_some() && record.ref_id.is_some() && record.res_id.is_some());
        typed(&value);
    }

    #[test]
    fn json2_seed_reads_into_the_strict_model() {
        let data = seed("json2_typed/read.bin");
        let r = response(&data).expect("not empty");
        let value = decode_json2(
            r.status,
            r.content_type,
            r.body,
            &Limits::default(),
            &ErrorContext::default(),
        )
        .expect("decodes");
        let records = decode_value::<Vec<Strict>>(&value).expect("reads as Strict records");
        assert_eq!(records[0].state, OrderState::Locked);
        let direct: Vec<Strict> = serde_json::from_slice(r.body).expect("reads from the text");
        assert_eq!(direct, records);
        typed_text(r.body);
    }

    #[test]
    fn an_error_seed_takes_the_error_path() {
        let data = seed("json2_typed/error_403.bin");
        let r = response(&data).expect("not empty");
        assert_eq!(r.status, 403);
        let error = decode_json2(
            r.status,
            r.content_type,
            r.body,
            &Limits::default(),
            &ErrorContext::default(),
        )
        .expect_err("an error");
        show_error(&error);
    }
}
