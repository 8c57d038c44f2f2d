//! Reading XML-RPC documents.
//!
//! The document is read with quick-xml's pull parser over the borrowed body. Element
//! structure outside values (`methodResponse`, `params`, …) is shallow and read by plain
//! functions; values, which nest, are read by a push-down automaton with an explicit
//! stack of [`Frame`]s.

use std::borrow::Cow;

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;
use serde_json::{Map, Number, Value};

use super::{MethodResponse, XmlRpcError};
use crate::limits::Limits;

/// Decodes a `methodResponse` document: the single returned value, or a fault.
///
/// A fault must be a struct with an integer `faultCode` and a string `faultString`; other
/// members are ignored. A successful response must carry exactly one `<param>`.
pub fn decode_method_response(body: &[u8], limits: &Limits) -> Result<MethodResponse, XmlRpcError> {
    let mut doc = Document::open(body, limits)?;
    doc.expect_root(b"methodResponse")?;
    let response = match doc.next_markup("<methodResponse>")? {
        Markup::Start(start) => match local_name(&start) {
            b"params" => {
                let mut params = doc.read_params()?;
                match (params.pop(), params.is_empty()) {
                    (Some(value), true) => MethodResponse::Success(value),
                    (None, _) => return Err(doc.invalid("a <methodResponse> without a <param>")),
                    (Some(_), false) => {
                        return Err(doc.invalid("a <methodResponse> with more than one <param>"))
                    }
                }
            }
            b"fault" => {
                doc.expect_start(b"value", "<fault>")?;
                let value = doc.read_value()?;
                doc.expect_end("<fault>")?;
                fault_from_value(value).map_err(|message| doc.invalid(message))?
            }
            other => return Err(doc.unexpected_element(other, "<methodResponse>")),
        },
        Markup::End => {
            return Err(doc.invalid("an empty <methodResponse>"));
        }
        Markup::Eof => return Err(doc.early_eof()),
    };
    doc.expect_end("<methodResponse>")?;
    doc.finish()?;
    Ok(response)
}

/// Decodes a `methodCall` document into the method name and its parameters.
///
/// The `<params>` element may be missing or empty (no parameters).
pub fn decode_method_call(
    body: &[u8],
    limits: &Limits,
) -> Result<(String, Vec<Value>), XmlRpcError> {
    let mut doc = Document::open(body, limits)?;
    doc.expect_root(b"methodCall")?;
    doc.expect_start(b"methodName", "<methodCall>")?;
    let method = doc.read_text("<methodName>")?;
    let params = match doc.next_markup("<methodCall>")? {
        Markup::Start(start) => match local_name(&start) {
            b"params" => {
                let params = doc.read_params()?;
                doc.expect_end("<methodCall>")?;
                params
            }
            other => return Err(doc.unexpected_element(other, "<methodCall>")),
        },
        Markup::End => Vec::new(),
        Markup::Eof => return Err(doc.early_eof()),
    };
    doc.finish()?;
    Ok((method, params))
}

/// Decodes a document whose root is a lone `<value>` element.
pub fn decode_value(body: &[u8], limits: &Limits) -> Result<Value, XmlRpcError> {
    let mut doc = Document::open(body, limits)?;
    doc.expect_root(b"value")?;
    let value = doc.read_value()?;
    doc.finish()?;
    Ok(value)
}

/// Turns the value of a `<fault>` into [`MethodResponse::Fault`].
fn fault_from_value(value: Value) -> Result<MethodResponse, &'static str> {
    let Value::Object(mut map) = value else {
        return Err("a <fault> whose value is not a struct");
    };
    let code = match map.get("faultCode") {
        Some(Value::Number(n)) => n.as_i64().ok_or("a faultCode out of range")?,
        Some(_) => return Err("a faultCode that is not an integer"),
        None => return Err("a <fault> without faultCode"),
    };
    let string = match map.remove("faultString") {
        Some(Value::String(s)) => s,
        Some(_) => return Err("a faultString that is not a string"),
        None => return Err("a <fault> without faultString"),
    };
    Ok(MethodResponse::Fault { code, string })
}

/// A parser event, with everything the decoder skips or refuses already dealt with.
enum Ev<'a> {
    Start(BytesStart<'a>),
    /// The end of the innermost open element (quick-xml checks that the names match).
    End,
    /// Escaped character data.
    Text(Cow<'a, [u8]>),
    /// The content of a CDATA section.
    CData(Cow<'a, [u8]>),
    Eof,
}

/// Markup between elements, where character data may only be whitespace.
enum Markup<'a> {
    Start(BytesStart<'a>),
    End,
    Eof,
}

/// A document being read.
struct Document<'a> {
    reader: Reader<&'a [u8]>,
    max_depth: usize,
    /// Whether no event has been read yet (the XML declaration is only allowed first).
    at_start: bool,
}

/// The text of a body both readers take: within the size limit, UTF-8, a byte order mark
/// left out.
pub(super) fn body_text<'a>(body: &'a [u8], limits: &Limits) -> Result<&'a str, XmlRpcError> {
    if body.len() > limits.max_response_bytes {
        return Err(XmlRpcError::TooLarge {
            limit: limits.max_response_bytes,
        });
    }
    let body = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
    std::str::from_utf8(body)
        .map_err(|e| XmlRpcError::Syntax(format!("invalid UTF-8 at byte {}", e.valid_up_to())))
}

impl<'a> Document<'a> {
    fn open(body: &'a [u8], limits: &Limits) -> Result<Self, XmlRpcError> {
        let text = body_text(body, limits)?;
        let mut reader = Reader::from_str(text);
        let config = reader.config_mut();
        config.trim_text(false);
        config.expand_empty_elements = true;
        config.check_end_names = true;
        config.allow_unmatched_ends = false;
        Ok(Self {
            reader,
            max_depth: limits.max_depth,
            at_start: true,
        })
    }

    /// Reads the next event, skipping comments and the XML declaration and refusing
    /// document type declarations and processing instructions.
    fn event(&mut self) -> Result<Ev<'a>, XmlRpcError> {
        loop {
            let event = match self.reader.read_event() {
                Ok(event) => event,
                Err(quick_xml::Error::Syntax(quick_xml::errors::SyntaxError::UnclosedDoctype)) => {
                    return Err(XmlRpcError::Doctype)
                }
                Err(e) => {
                    return Err(XmlRpcError::Syntax(format!(
                        "{e} at byte {}",
                        self.reader.error_position()
                    )))
                }
            };
            let first = std::mem::replace(&mut self.at_start, false);
            match event {
                Event::Start(start) => return Ok(Ev::Start(start)),
                Event::End(_) => return Ok(Ev::End),
                Event::Text(text) => return Ok(Ev::Text(text.into_inner())),
                Event::CData(data) => return Ok(Ev::CData(data.into_inner())),
                Event::Comment(_) => {}
                Event::Decl(_) if first => {}
                Event::Decl(_) => return Err(self.syntax("an XML declaration after the start")),
                Event::DocType(_) => return Err(XmlRpcError::Doctype),
                Event::PI(_) => return Err(self.invalid("a processing instruction")),
                Event::Eof => return Ok(Ev::Eof),
                // Not produced with `expand_empty_elements`; refused rather than ignored.
                Event::Empty(_) => return Err(self.invalid("an unexpected empty element")),
            }
        }
    }

    /// Reads up to the next element start or end, allowing only whitespace before it.
    fn next_markup(&mut self, context: &str) -> Result<Markup<'a>, XmlRpcError> {
        loop {
            match self.event()? {
                Ev::Start(start) => return Ok(Markup::Start(start)),
                Ev::End => return Ok(Markup::End),
                Ev::Eof => return Ok(Markup::Eof),
                Ev::Text(text) if is_whitespace(&text) => {}
                Ev::Text(_) | Ev::CData(_) => {
                    return Err(self.invalid(format!("unexpected text in {context}")))
                }
            }
        }
    }

    /// Reads the prolog and the start of the root element, which must be `name`.
    fn expect_root(&mut self, name: &[u8]) -> Result<(), XmlRpcError> {
        loop {
            match self.event()? {
                Ev::Start(start) if local_name(&start) == name => return Ok(()),
                Ev::Start(start) => {
                    return Err(self.invalid(format!(
                        "root element <{}> where <{}> was expected",
                        show(local_name(&start)),
                        show(name)
                    )))
                }
                Ev::Text(text) if is_whitespace(&text) => {}
                Ev::Text(_) | Ev::CData(_) => {
                    return Err(self.syntax("text before the root element"))
                }
                Ev::End => return Err(self.syntax("an end tag before the root element")),
                Ev::Eof => return Err(self.syntax("no root element")),
            }
        }
    }

    /// Reads the start of the element `name`, the next child of `context`.
    fn expect_start(&mut self, name: &[u8], context: &str) -> Result<(), XmlRpcError> {
        match self.next_markup(context)? {
            Markup::Start(start) if local_name(&start) == name => Ok(()),
            Markup::Start(start) => Err(self.unexpected_element(local_name(&start), context)),
            Markup::End => Err(self.invalid(format!("{context} without <{}>", show(name)))),
            Markup::Eof => Err(self.early_eof()),
        }
    }

    /// Reads the end of `context`, which must have no further children.
    fn expect_end(&mut self, context: &str) -> Result<(), XmlRpcError> {
        match self.next_markup(context)? {
            Markup::End => Ok(()),
            Markup::Start(start) => Err(self.unexpected_element(local_name(&start), context)),
            Markup::Eof => Err(self.early_eof()),
        }
    }

    /// Reads what follows the root element: only whitespace and comments.
    fn finish(&mut self) -> Result<(), XmlRpcError> {
        loop {
            match self.event()? {
                Ev::Eof => return Ok(()),
                Ev::Text(text) if is_whitespace(&text) => {}
                Ev::Text(_) | Ev::CData(_) | Ev::Start(_) | Ev::End => {
                    return Err(self.syntax("content after the root element"))
                }
            }
        }
    }

    /// Reads the character data of a text-only element up to its end.
    fn read_text(&mut self, context: &str) -> Result<String, XmlRpcError> {
        let mut out = String::new();
        loop {
            match self.event()? {
                Ev::Text(raw) => self.push_text(&raw, &mut out)?,
                Ev::CData(raw) => self.push_cdata(&raw, &mut out)?,
                Ev::End => return Ok(out),
                Ev::Start(start) => {
                    return Err(self.unexpected_element(local_name(&start), context))
                }
                Ev::Eof => return Err(self.early_eof()),
            }
        }
    }

    /// Reads the `<param>` elements of a `<params>` whose start was just read, up to its
    /// end.
    fn read_params(&mut self) -> Result<Vec<Value>, XmlRpcError> {
        let mut params = Vec::new();
        loop {
            match self.next_markup("<params>")? {
                Markup::Start(start) if local_name(&start) == b"param" => {
                    self.expect_start(b"value", "<param>")?;
                    params.push(self.read_value()?);
                    match self.next_markup("<param>")? {
                        Markup::End => {}
                        Markup::Start(start) if local_name(&start) == b"value" => {
                            return Err(self.invalid("a <param> with more than one <value>"))
                        }
                        Markup::Start(start) => {
                            return Err(self.unexpected_element(local_name(&start), "<param>"))
                        }
                        Markup::Eof => return Err(self.early_eof()),
                    }
                }
                Markup::Start(start) => {
                    return Err(self.unexpected_element(local_name(&start), "<params>"))
                }
                Markup::End => return Ok(params),
                Markup::Eof => return Err(self.early_eof()),
            }
        }
    }

    /// Reads a value whose `<value>` start was just read, up to and including its end.
    fn read_value(&mut self) -> Result<Value, XmlRpcError> {
        let mut stack = vec![Frame::value()];
        // Number of arrays and structs on the stack.
        let mut depth = 0usize;
        loop {
            match self.event()? {
                Ev::Start(start) => {
                    let name = local_name(&start);
                    let Some(top) = stack.last_mut() else {
                        return Err(self.internal());
                    };
                    let frame = match top {
                        Frame::Value { child: Some(_), .. } => {
                            return Err(self.invalid("a <value> with more than one element"))
                        }
                        Frame::Value { child: None, .. } => match name {
                            b"array" | b"struct" => {
                                depth += 1;
                                if depth > self.max_depth {
                                    return Err(XmlRpcError::TooDeep {
                                        limit: self.max_depth,
                                    });
                                }
                                if name == b"array" {
                                    Frame::Array {
                                        items: Vec::new(),
                                        data: DataState::Before,
                                    }
                                } else {
                                    Frame::Struct { map: Map::new() }
                                }
                            }
                            _ => match Scalar::from_name(name) {
                                Some(kind) => Frame::Scalar {
                                    kind,
                                    text: String::new(),
                                },
                                None => return Err(self.unexpected_element(name, "<value>")),
                            },
                        },
                        Frame::Array { data, .. } => match (name, *data) {
                            (b"data", DataState::Before) => {
                                *data = DataState::Inside;
                                continue;
                            }
                            (b"value", DataState::Inside) => Frame::value(),
                            (b"data", _) => {
                                return Err(self.invalid("an <array> with more than one <data>"))
                            }
                            _ => {
                                let context = match data {
                                    DataState::Inside => "<data>",
                                    DataState::Before | DataState::After => "<array>",
                                };
                                return Err(self.unexpected_element(name, context));
                            }
                        },
                        Frame::Struct { .. } => match name {
                            b"member" => Frame::Member {
                                name: None,
                                value: None,
                            },
                            _ => return Err(self.unexpected_element(name, "<struct>")),
                        },
                        Frame::Member {
                            name: member_name,
                            value,
                        } => match (name, member_name.is_some(), value.is_some()) {
                            (b"name", false, false) => Frame::Name {
                                text: String::new(),
                            },
                            (b"value", true, false) => Frame::value(),
                            (b"value", false, _) => {
                                return Err(self.invalid("a struct <member> without a <name>"))
                            }
                            (b"name" | b"value", _, _) => {
                                return Err(self.invalid(
                                    "a struct <member> with more than one <name> or <value>",
                                ))
                            }
                            _ => return Err(self.unexpected_element(name, "<member>")),
                        },
                        Frame::Scalar { kind, .. } => {
                            let context = format!("<{}>", kind.name());
                            return Err(self.unexpected_element(name, &context));
                        }
                        Frame::Name { .. } => {
                            return Err(self.unexpected_element(name, "<name>"));
                        }
                    };
                    stack.push(frame);
                }
                Ev::End => {
                    let Some(frame) = stack.pop() else {
                        return Err(self.internal());
                    };
                    let done = match frame {
                        Frame::Value { text, child } => {
                            let value = child.unwrap_or(Value::String(text));
                            if stack.is_empty() {
                                return Ok(value);
                            }
                            Done::Value(value)
                        }
                        Frame::Scalar { kind, text } => Done::Value(
                            kind.convert(text)
                                .map_err(|message| self.invalid(message))?,
                        ),
                        Frame::Array {
                            items,
                            data: DataState::Inside,
                        } => {
                            // The end of <data>; the array itself stays open.
                            stack.push(Frame::Array {
                                items,
                                data: DataState::After,
                            });
                            continue;
                        }
                        Frame::Array { items, .. } => {
                            depth = depth.saturating_sub(1);
                            Done::Value(Value::Array(items))
                        }
                        Frame::Struct { map } => {
                            depth = depth.saturating_sub(1);
                            Done::Value(Value::Object(map))
                        }
                        Frame::Name { text } => Done::Name(text),
                        Frame::Member { name, value } => match (name, value) {
                            (Some(name), Some(value)) => Done::Member(name, value),
                            (None, _) => {
                                return Err(self.invalid("a struct <member> without a <name>"))
                            }
                            (Some(_), None) => {
                                return Err(self.invalid("a struct <member> without a <value>"))
                            }
                        },
                    };
                    match (stack.last_mut(), done) {
                        (Some(Frame::Value { child, .. }), Done::Value(value)) => {
                            *child = Some(value);
                        }
                        (Some(Frame::Array { items, .. }), Done::Value(value)) => {
                            items.push(value);
                        }
                        (Some(Frame::Member { value: slot, .. }), Done::Value(value)) => {
                            *slot = Some(value);
                        }
                        (Some(Frame::Member { name: slot, .. }), Done::Name(name)) => {
                            *slot = Some(name);
                        }
                        (Some(Frame::Struct { map }), Done::Member(name, value)) => {
                            map.insert(name, value);
                        }
                        _ => return Err(self.internal()),
                    }
                }
                Ev::Text(raw) => match stack.last_mut() {
                    Some(Frame::Value { child: Some(_), .. }) => {}
                    Some(
                        Frame::Value {
                            text, child: None, ..
                        }
                        | Frame::Scalar { text, .. }
                        | Frame::Name { text },
                    ) => self.push_text(&raw, text)?,
                    Some(frame) => {
                        if !is_whitespace(&raw) {
                            let message = format!("unexpected text in {}", frame.describe());
                            return Err(self.invalid(message));
                        }
                    }
                    None => return Err(self.internal()),
                },
                Ev::CData(raw) => match stack.last_mut() {
                    Some(Frame::Value { child: Some(_), .. }) => {}
                    Some(
                        Frame::Value {
                            text, child: None, ..
                        }
                        | Frame::Scalar { text, .. }
                        | Frame::Name { text },
                    ) => self.push_cdata(&raw, text)?,
                    Some(frame) => {
                        let message = format!("unexpected CDATA in {}", frame.describe());
                        return Err(self.invalid(message));
                    }
                    None => return Err(self.internal()),
                },
                Ev::Eof => return Err(self.early_eof()),
            }
        }
    }

    /// Appends escaped character data, with entities and line ends resolved.
    fn push_text(&self, raw: &[u8], out: &mut String) -> Result<(), XmlRpcError> {
        let text = std::str::from_utf8(raw).map_err(|_| self.syntax("invalid UTF-8"))?;
        unescape_into(text, out).map_err(|message| self.invalid(message))
    }

    /// Appends the content of a CDATA section, with line ends resolved.
    fn push_cdata(&self, raw: &[u8], out: &mut String) -> Result<(), XmlRpcError> {
        let text = std::str::from_utf8(raw).map_err(|_| self.syntax("invalid UTF-8"))?;
        normalize_line_ends_into(text, out);
        Ok(())
    }

    fn position(&self) -> u64 {
        self.reader.buffer_position()
    }

    fn invalid(&self, message: impl std::fmt::Display) -> XmlRpcError {
        XmlRpcError::Invalid(format!("{message} at byte {}", self.position()))
    }

    fn syntax(&self, message: impl std::fmt::Display) -> XmlRpcError {
        XmlRpcError::Syntax(format!("{message} at byte {}", self.position()))
    }

    fn unexpected_element(&self, name: &[u8], context: &str) -> XmlRpcError {
        self.invalid(format!("unexpected element <{}> in {context}", show(name)))
    }

    fn early_eof(&self) -> XmlRpcError {
        self.syntax("unexpected end of document")
    }

    /// A state the decoder's own bookkeeping should rule out; reported, never panicked on.
    fn internal(&self) -> XmlRpcError {
        self.invalid("inconsistent decoder state")
    }
}

/// One open element inside a value.
enum Frame {
    /// `<value>`: untyped text, or the value of its one typed child element.
    Value { text: String, child: Option<Value> },
    /// A scalar element such as `<int>` or `<string>`, with its text so far.
    Scalar { kind: Scalar, text: String },
    /// `<array>` and, while inside it, its `<data>`.
    Array { items: Vec<Value>, data: DataState },
    /// `<struct>`.
    Struct { map: Map<String, Value> },
    /// `<member>` of a struct.
    Member {
        name: Option<String>,
        value: Option<Value>,
    },
    /// `<name>` of a member.
    Name { text: String },
}

impl Frame {
    fn value() -> Self {
        Frame::Value {
            text: String::new(),
            child: None,
        }
    }

    fn describe(&self) -> String {
        match self {
            Frame::Value { .. } => "<value>".to_owned(),
            Frame::Scalar { kind, .. } => format!("<{}>", kind.name()),
            Frame::Array {
                data: DataState::Inside,
                ..
            } => "<data>".to_owned(),
            Frame::Array { .. } => "<array>".to_owned(),
            Frame::Struct { .. } => "<struct>".to_owned(),
            Frame::Member { .. } => "<member>".to_owned(),
            Frame::Name { .. } => "<name>".to_owned(),
        }
    }
}

/// Where an `<array>` stands with respect to its single `<data>` child.
#[derive(Clone, Copy)]
enum DataState {
    Before,
    Inside,
    After,
}

/// What a closed element hands to its parent.
enum Done {
    Value(Value),
    Name(String),
    Member(String, Value),
}

/// The scalar types.
#[derive(Clone, Copy)]
pub(super) enum Scalar {
    Int,
    Double,
    Boolean,
    String,
    Base64,
    DateTime,
    Nil,
}

impl Scalar {
    /// The type of the element named `name` (without namespace prefix), as Python's
    /// unmarshaller knows them.
    pub(super) fn from_name(name: &[u8]) -> Option<Self> {
        Some(match name {
            b"int" | b"i4" | b"i8" | b"i1" | b"i2" | b"biginteger" => Scalar::Int,
            b"double" | b"float" | b"bigdecimal" => Scalar::Double,
            b"boolean" => Scalar::Boolean,
            b"string" => Scalar::String,
            b"base64" => Scalar::Base64,
            b"dateTime.iso8601" => Scalar::DateTime,
            b"nil" => Scalar::Nil,
            _ => return None,
        })
    }

    pub(super) fn name(self) -> &'static str {
        match self {
            Scalar::Int => "int",
            Scalar::Double => "double",
            Scalar::Boolean => "boolean",
            Scalar::String => "string",
            Scalar::Base64 => "base64",
            Scalar::DateTime => "dateTime.iso8601",
            Scalar::Nil => "nil",
        }
    }

    /// Converts the text of an element of this type.
    fn convert(self, text: String) -> Result<Value, String> {
        match self {
            Scalar::String => Ok(Value::String(text)),
            Scalar::Int => Ok(match parse_int(&text)? {
                Integer::Signed(i) => Value::from(i),
                Integer::Unsigned(u) => Value::from(u),
            }),
            Scalar::Double => {
                let f = parse_double(&text)?;
                Number::from_f64(f)
                    .map(Value::Number)
                    .ok_or_else(|| format!("a non-finite <double> {f}"))
            }
            Scalar::Boolean => parse_boolean(&text).map(Value::Bool),
            Scalar::Base64 => {
                if text.bytes().any(|b| b.is_ascii_whitespace()) {
                    Ok(Value::String(strip_ascii_whitespace(&text)))
                } else {
                    Ok(Value::String(text))
                }
            }
            Scalar::DateTime => Ok(Value::String(odoo_datetime(&text).unwrap_or(text))),
            Scalar::Nil => check_nil(&text).map(|()| Value::Null),
        }
    }
}

/// An integer of any of the integer types: `i64` if it fits, else `u64`.
#[derive(Clone, Copy)]
pub(super) enum Integer {
    Signed(i64),
    Unsigned(u64),
}

/// Parses an integer of any of the integer types: `i64` if it fits, else `u64`.
pub(super) fn parse_int(text: &str) -> Result<Integer, String> {
    let trimmed = trim_xml_whitespace(text);
    let digits = trimmed
        .strip_prefix(['+', '-'])
        .unwrap_or(trimmed)
        .as_bytes();
    if !digits.is_empty() && digits.iter().all(u8::is_ascii_digit) {
        if let Ok(i) = trimmed.parse::<i64>() {
            return Ok(Integer::Signed(i));
        }
        if let Ok(u) = trimmed.parse::<u64>() {
            return Ok(Integer::Unsigned(u));
        }
        return Err(format!("an <int> out of range {:?}", clip(trimmed)));
    }
    Err(format!("a bad <int> {:?}", clip(trimmed)))
}

/// Parses a `<double>`: finite numbers only.
pub(super) fn parse_double(text: &str) -> Result<f64, String> {
    let trimmed = trim_xml_whitespace(text);
    match trimmed.parse::<f64>() {
        Ok(f) if f.is_finite() => Ok(f),
        _ => Err(format!("a bad or non-finite <double> {:?}", clip(trimmed))),
    }
}

/// Parses a `<boolean>`: exactly `0` or `1`.
pub(super) fn parse_boolean(text: &str) -> Result<bool, String> {
    match text {
        "0" => Ok(false),
        "1" => Ok(true),
        _ => Err(format!("a bad <boolean> {:?}", clip(text))),
    }
}

/// `text` without its ASCII whitespace (how `<base64>` text is kept).
pub(super) fn strip_ascii_whitespace(text: &str) -> String {
    text.chars().filter(|c| !c.is_ascii_whitespace()).collect()
}

/// Checks that a `<nil>` holds only whitespace.
pub(super) fn check_nil(text: &str) -> Result<(), String> {
    if is_whitespace(text.as_bytes()) {
        Ok(())
    } else {
        Err("text inside <nil>".to_owned())
    }
}

/// Rewrites `YYYYMMDDTHH:MM:SS` as Odoo's `YYYY-MM-DD HH:MM:SS`; `None` for any other form.
pub(super) fn odoo_datetime(text: &str) -> Option<String> {
    let b = text.as_bytes();
    if b.len() != 17 {
        return None;
    }
    let digits_at = [0, 1, 2, 3, 4, 5, 6, 7, 9, 10, 12, 13, 15, 16];
    let shape_ok = digits_at
        .iter()
        .all(|&i| b.get(i).is_some_and(u8::is_ascii_digit))
        && b.get(8) == Some(&b'T')
        && b.get(11) == Some(&b':')
        && b.get(14) == Some(&b':');
    if !shape_ok {
        return None;
    }
    let date = text.get(0..8)?;
    let time = text.get(9..17)?;
    Some(format!(
        "{}-{}-{} {time}",
        date.get(0..4)?,
        date.get(4..6)?,
        date.get(6..8)?
    ))
}

/// Appends `text` with its entity and character references resolved and its line ends
/// normalized (`\r\n` and lone `\r` become `\n`, as XML requires). Only the five
/// predefined entities exist: anything else is an error, never an expansion.
pub(super) fn unescape_into(text: &str, out: &mut String) -> Result<(), String> {
    let mut rest = text;
    loop {
        let Some(pos) = rest.bytes().position(|b| b == b'&' || b == b'\r') else {
            out.push_str(rest);
            return Ok(());
        };
        let (plain, tail) = rest.split_at_checked(pos).unwrap_or((rest, ""));
        out.push_str(plain);
        if let Some(after) = tail.strip_prefix('\r') {
            out.push('\n');
            rest = after.strip_prefix('\n').unwrap_or(after);
            continue;
        }
        let after_amp = tail.strip_prefix('&').unwrap_or(tail);
        let Some((name, after)) = after_amp.split_once(';') else {
            return Err("an unterminated entity reference".to_owned());
        };
        out.push(resolve_entity(name)?);
        rest = after;
    }
}

/// The character an entity or character reference (`amp`, `#38`, `#x26`) stands for.
fn resolve_entity(name: &str) -> Result<char, String> {
    let code = match name {
        "amp" => return Ok('&'),
        "lt" => return Ok('<'),
        "gt" => return Ok('>'),
        "quot" => return Ok('"'),
        "apos" => return Ok('\''),
        _ => {
            if let Some(hex) = name.strip_prefix("#x") {
                if hex.is_empty() || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
                    return Err(format!("a bad character reference &{};", clip(name)));
                }
                u32::from_str_radix(hex, 16).ok()
            } else if let Some(dec) = name.strip_prefix('#') {
                if dec.is_empty() || !dec.bytes().all(|b| b.is_ascii_digit()) {
                    return Err(format!("a bad character reference &{};", clip(name)));
                }
                dec.parse::<u32>().ok()
            } else {
                return Err(format!("an unknown entity &{};", clip(name)));
            }
        }
    };
    code.and_then(char::from_u32)
        .ok_or_else(|| format!("a character reference to no character &{};", clip(name)))
}

/// Appends `text` with `\r\n` and lone `\r` turned into `\n`.
pub(super) fn normalize_line_ends_into(text: &str, out: &mut String) {
    let mut rest = text;
    while let Some((line, after)) = rest.split_once('\r') {
        out.push_str(line);
        out.push('\n');
        rest = after.strip_prefix('\n').unwrap_or(after);
    }
    out.push_str(rest);
}

/// Whether `raw` is only XML whitespace (space, tab, line feed, carriage return).
fn is_whitespace(raw: &[u8]) -> bool {
    raw.iter()
        .all(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
}

fn trim_xml_whitespace(text: &str) -> &str {
    text.trim_matches([' ', '\t', '\n', '\r'])
}

/// The local part of an element's name (`ex:nil` gives `nil`).
fn local_name<'s>(start: &'s BytesStart<'_>) -> &'s [u8] {
    start.local_name().into_inner()
}

/// An element name for an error message, shortened.
fn show(name: &[u8]) -> String {
    clip(&String::from_utf8_lossy(name)).to_owned()
}

/// At most the first 64 characters of `text`, for error messages.
fn clip(text: &str) -> &str {
    match text.char_indices().nth(64) {
        Some((end, _)) => text.get(..end).unwrap_or(text),
        None => text,
    }
}
