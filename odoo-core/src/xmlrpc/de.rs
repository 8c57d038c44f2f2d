//! Reading a `methodResponse` straight into a caller's type, without a [`serde_json::Value`]
//! in between.
//!
//! [`decode_method_response_as`] is a fast path: it drives a serde [`Deserializer`] with
//! the tokens of its own scanner ([`Scanner`], which reads the XML that XML-RPC marshallers
//! write, and nothing else), mapping each XML-RPC type to what [`decode_method_response`]
//! would have put in a JSON value (see the table in the module documentation), and fed the
//! same visitor calls `serde_json::Value`'s own deserializer makes for that value. It accepts
//! only documents the value decoder accepts, and reads them as it does, but it has no error
//! paths of its own worth showing: a fault, a value that does not fit the type, markup its
//! scanner does not read, anything unusual, is only an error, and the caller falls back to
//! the value decoder for the value or the real error.
//!
//! Arrays and structs are read by recursion through serde (there is no other way to hand a
//! nested value to a visitor), so the nesting depth is checked before each level is entered
//! and is never more than [`FAST_MAX_DEPTH`], whatever the limits say.
//!
//! [`decode_method_response`]: super::decode_method_response

use std::borrow::Cow;
use std::fmt;

use serde::de::value::{BorrowedStrDeserializer, StringDeserializer};
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;

use super::decode::{
    check_nil, normalize_line_ends_into, odoo_datetime, parse_boolean, parse_double, parse_int,
    strip_ascii_whitespace, unescape_into, Integer, Scalar,
};
use super::scan::{Markup, Scanner, Tok};
use super::XmlRpcError;
use crate::limits::Limits;

/// The deepest nesting of arrays and structs the fast path reads, whatever
/// [`Limits::max_depth`] allows; deeper input is an error (and the caller's fallback
/// decides).
pub(crate) const FAST_MAX_DEPTH: usize = crate::limits::RECURSION_DEPTH;

/// Decodes the value of a successful `methodResponse` straight into `T`.
///
/// A fault, a document the value decoder refuses, a value `T` does not accept, nesting deeper
/// than the limit or than [`FAST_MAX_DEPTH`]: all are errors, not meant to be shown (the
/// value decoder says what is wrong, and with the JSON path of a mismatch).
pub(crate) fn decode_method_response_as<'a, T: Deserialize<'a>>(
    body: &'a [u8],
    limits: &Limits,
) -> Result<T, XmlRpcError> {
    let mut doc = Scanner::open(body, limits)?;
    doc.expect_start(b"methodResponse")?;
    doc.expect_start(b"params")?;
    doc.expect_start(b"param")?;
    doc.expect_start(b"value")?;
    let mut r = Doc {
        doc,
        values_read: 0,
    };
    let max_depth = limits.max_depth.min(FAST_MAX_DEPTH);
    let value = r
        .value(std::marker::PhantomData::<T>, 0, max_depth)
        .map_err(|DeError(e)| e)?;
    let mut doc = r.doc;
    doc.expect_end()?;
    doc.expect_end()?;
    doc.expect_end()?;
    doc.finish()?;
    Ok(value)
}

/// The error of the deserializer: an [`XmlRpcError`], or a message from `T` as
/// [`XmlRpcError::Invalid`].
#[derive(Debug)]
struct DeError(XmlRpcError);

impl fmt::Display for DeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl std::error::Error for DeError {}

impl de::Error for DeError {
    fn custom<M: fmt::Display>(msg: M) -> Self {
        DeError(XmlRpcError::Invalid(msg.to_string()))
    }
}

impl From<XmlRpcError> for DeError {
    fn from(e: XmlRpcError) -> Self {
        DeError(e)
    }
}

type DeResult<T> = Result<T, DeError>;

/// What a `<value>` holds, read up to its first child element.
enum Head<'a> {
    /// Untyped text (a string); the end of the `<value>` has been read.
    Text(Cow<'a, str>),
    /// The start of the one typed child.
    Typed(Tag),
}

/// The element inside a `<value>`.
#[derive(Clone, Copy)]
enum Tag {
    Array,
    Struct,
    Scalar(Scalar),
}

/// The document, with a count of the values read to their end.
struct Doc<'a> {
    doc: Scanner<'a>,
    /// Incremented at the end of each `<value>`; a seed that returns without it having
    /// moved did not read its value, which would leave the reader out of step.
    values_read: u64,
}

impl<'a> Doc<'a> {
    /// Hands the next `<value>` (its start just read) to `seed`, and checks that it was read.
    fn value<S: DeserializeSeed<'a>>(
        &mut self,
        seed: S,
        depth: usize,
        max_depth: usize,
    ) -> DeResult<S::Value> {
        let before = self.values_read;
        let value = seed.deserialize(ValueDe {
            r: self,
            head: None,
            depth,
            max_depth,
        })?;
        if self.values_read == before {
            return Err(de::Error::custom("a value left unread"));
        }
        Ok(value)
    }
}

/// Character data of one element, borrowed from the body as long as it needs no unescaping.
#[derive(Default)]
struct Text<'a>(Cow<'a, str>);

impl<'a> Text<'a> {
    /// Takes a piece of character data, with its references and line ends resolved.
    #[inline]
    fn push_text(&mut self, doc: &Scanner<'a>, piece: &'a str) -> DeResult<()> {
        if memchr::memchr2(b'&', b'\r', piece.as_bytes()).is_none() {
            self.push(piece);
            return Ok(());
        }
        let out = self.0.to_mut();
        unescape_into(piece, out).map_err(|message| DeError(doc.invalid(message)))
    }

    /// Takes the content of a CDATA section, with its line ends resolved.
    fn push_cdata(&mut self, piece: &'a str) {
        if !piece.contains('\r') {
            self.push(piece);
        } else {
            normalize_line_ends_into(piece, self.0.to_mut());
        }
    }

    fn push(&mut self, piece: &'a str) {
        if self.0.is_empty() {
            self.0 = Cow::Borrowed(piece);
        } else {
            self.0.to_mut().push_str(piece);
        }
    }
}

/// Reads the text of a text-only element (a scalar, a member's `<name>`) up to its end.
#[inline]
fn read_text<'a>(doc: &mut Scanner<'a>) -> DeResult<Cow<'a, str>> {
    let mut text = Text::default();
    loop {
        match doc.next()? {
            Tok::Text(piece) => text.push_text(doc, piece)?,
            Tok::CData(piece) => text.push_cdata(piece),
            Tok::End => return Ok(text.0),
            Tok::Start(_) => return Err(doc.invalid("an element inside a scalar").into()),
            Tok::Eof => return Err(doc.refuse("unexpected end of document").into()),
        }
    }
}

/// Hands a string to a visitor, borrowed when it can be.
fn visit_text<'a, V: Visitor<'a>>(visitor: V, text: Cow<'a, str>) -> DeResult<V::Value> {
    match text {
        Cow::Borrowed(s) => visitor.visit_borrowed_str(s),
        Cow::Owned(s) => visitor.visit_string(s),
    }
}

/// The deserializer of one value whose `<value>` start has been read.
struct ValueDe<'d, 'a> {
    r: &'d mut Doc<'a>,
    /// The head, when it was read already (to tell `<nil/>` for an `Option`).
    head: Option<Head<'a>>,
    /// Arrays and structs around this value.
    depth: usize,
    max_depth: usize,
}

impl<'a> ValueDe<'_, 'a> {
    /// Reads the `<value>` up to its typed child, or to its end when untyped. Text before a
    /// child is checked (references must resolve) and dropped, as the value decoder does.
    fn head(&mut self) -> DeResult<Head<'a>> {
        if let Some(head) = self.head.take() {
            return Ok(head);
        }
        let doc = &mut self.r.doc;
        let mut text = Text::default();
        loop {
            match doc.next()? {
                Tok::Text(piece) => text.push_text(doc, piece)?,
                Tok::CData(piece) => text.push_cdata(piece),
                Tok::Start(name) => {
                    let tag = match name {
                        b"array" => Tag::Array,
                        b"struct" => Tag::Struct,
                        name => match Scalar::from_name(name) {
                            Some(kind) => Tag::Scalar(kind),
                            None => return Err(doc.invalid("an unknown element").into()),
                        },
                    };
                    return Ok(Head::Typed(tag));
                }
                Tok::End => {
                    self.r.values_read += 1;
                    return Ok(Head::Text(text.0));
                }
                Tok::Eof => return Err(doc.refuse("unexpected end of document").into()),
            }
        }
    }

    /// Reads the rest of a `<value>` after its typed child: text is ignored, as the value
    /// decoder ignores it; a second element is an error.
    fn end_value(&mut self) -> DeResult<()> {
        let doc = &mut self.r.doc;
        loop {
            match doc.next()? {
                Tok::Text(_) | Tok::CData(_) => {}
                Tok::End => {
                    self.r.values_read += 1;
                    return Ok(());
                }
                Tok::Start(_) => {
                    return Err(doc.invalid("a <value> with more than one element").into())
                }
                Tok::Eof => return Err(doc.refuse("unexpected end of document").into()),
            }
        }
    }

    /// Checks the depth of an array or struct about to be entered.
    fn enter(&self) -> DeResult<usize> {
        let depth = self.depth + 1;
        if depth > self.max_depth {
            return Err(XmlRpcError::TooDeep {
                limit: self.max_depth,
            }
            .into());
        }
        Ok(depth)
    }

    /// Reads a scalar whose start was read and hands it to the visitor, then the end of the
    /// `<value>`.
    fn scalar<V: Visitor<'a>>(&mut self, kind: Scalar, visitor: V) -> DeResult<V::Value> {
        let text = read_text(&mut self.r.doc)?;
        let invalid = |doc: &Scanner<'a>, message: String| DeError(doc.invalid(message));
        let value = match kind {
            Scalar::String => visit_text(visitor, text)?,
            Scalar::Int => match parse_int(&text).map_err(|m| invalid(&self.r.doc, m))? {
                Integer::Signed(i) if i < 0 => visitor.visit_i64::<DeError>(i)?,
                // What `serde_json::Number` keeps a non-negative integer as.
                Integer::Signed(i) => visitor.visit_u64::<DeError>(i.unsigned_abs())?,
                Integer::Unsigned(u) => visitor.visit_u64::<DeError>(u)?,
            },
            Scalar::Double => visitor
                .visit_f64::<DeError>(parse_double(&text).map_err(|m| invalid(&self.r.doc, m))?)?,
            Scalar::Boolean => visitor.visit_bool::<DeError>(
                parse_boolean(&text).map_err(|m| invalid(&self.r.doc, m))?,
            )?,
            Scalar::Base64 => {
                if text.bytes().any(|b| b.is_ascii_whitespace()) {
                    visitor.visit_string::<DeError>(strip_ascii_whitespace(&text))?
                } else {
                    visit_text(visitor, text)?
                }
            }
            Scalar::DateTime => match odoo_datetime(&text) {
                Some(s) => visitor.visit_string::<DeError>(s)?,
                None => visit_text(visitor, text)?,
            },
            Scalar::Nil => {
                check_nil(&text).map_err(|m| invalid(&self.r.doc, m))?;
                visitor.visit_unit::<DeError>()?
            }
        };
        self.end_value()?;
        Ok(value)
    }
}

impl<'de> Deserializer<'de> for ValueDe<'_, 'de> {
    type Error = DeError;

    fn deserialize_any<V: Visitor<'de>>(mut self, visitor: V) -> DeResult<V::Value> {
        let tag = match self.head()? {
            Head::Text(text) => return visit_text(visitor, text),
            Head::Typed(tag) => tag,
        };
        match tag {
            Tag::Array => {
                let depth = self.enter()?;
                let mut seq = SeqDe {
                    r: &mut *self.r,
                    state: SeqState::Before,
                    depth,
                    max_depth: self.max_depth,
                };
                let value = visitor.visit_seq(&mut seq)?;
                // As `serde_json::Value`: a sequence the visitor did not read to its end
                // is an error.
                if seq.next_value_start()? {
                    return Err(de::Error::custom("trailing array elements"));
                }
                self.end_value()?;
                Ok(value)
            }
            Tag::Struct => {
                let depth = self.enter()?;
                let mut map = MapDe {
                    r: &mut *self.r,
                    depth,
                    max_depth: self.max_depth,
                    value_pending: false,
                    ended: false,
                };
                let value = visitor.visit_map(&mut map)?;
                if map.value_pending || map.next_member_name()?.is_some() {
                    return Err(de::Error::custom("trailing struct members"));
                }
                self.end_value()?;
                Ok(value)
            }
            Tag::Scalar(kind) => self.scalar(kind, visitor),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(mut self, visitor: V) -> DeResult<V::Value> {
        match self.head()? {
            Head::Typed(Tag::Scalar(Scalar::Nil)) => {
                let text = read_text(&mut self.r.doc)?;
                check_nil(&text).map_err(|m| DeError(self.r.doc.invalid(m)))?;
                self.end_value()?;
                visitor.visit_none()
            }
            head => {
                self.head = Some(head);
                visitor.visit_some(self)
            }
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> DeResult<V::Value> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        mut self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> DeResult<V::Value> {
        // A string names a unit variant, as with `serde_json::Value`; anything else is left
        // to the fallback.
        let text = match self.head()? {
            Head::Text(text) => text,
            Head::Typed(Tag::Scalar(Scalar::String)) => {
                let text = read_text(&mut self.r.doc)?;
                self.end_value()?;
                text
            }
            Head::Typed(_) => return Err(de::Error::custom("an enum that is not a string")),
        };
        match text {
            Cow::Borrowed(s) => {
                BorrowedStrDeserializer::new(s).deserialize_enum(name, variants, visitor)
            }
            Cow::Owned(s) => StringDeserializer::new(s).deserialize_enum(name, variants, visitor),
        }
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> DeResult<V::Value> {
        // Read and checked like any value: the document must be valid all through.
        self.deserialize_any(visitor)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct seq tuple tuple_struct map struct identifier
    }
}

/// Where an `<array>` stands with respect to its single `<data>` child.
#[derive(Clone, Copy, PartialEq, Eq)]
enum SeqState {
    Before,
    Inside,
    /// The end of the `<array>` has been read.
    Done,
}

struct SeqDe<'d, 'a> {
    r: &'d mut Doc<'a>,
    state: SeqState,
    depth: usize,
    max_depth: usize,
}

impl SeqDe<'_, '_> {
    /// Reads up to the start of the next element's `<value>` (`true`), or to the end of the
    /// array (`false`).
    fn next_value_start(&mut self) -> DeResult<bool> {
        let doc = &mut self.r.doc;
        loop {
            match self.state {
                SeqState::Done => return Ok(false),
                SeqState::Before => match doc.next_markup()? {
                    Markup::Start(b"data") => self.state = SeqState::Inside,
                    Markup::End => self.state = SeqState::Done,
                    Markup::Start(_) | Markup::Eof => {
                        return Err(doc.invalid("not an <array> of one <data>").into())
                    }
                },
                SeqState::Inside => match doc.next_markup()? {
                    Markup::Start(b"value") => return Ok(true),
                    Markup::End => {
                        // The end of `<data>`: only the end of the array may follow.
                        doc.expect_end()?;
                        self.state = SeqState::Done;
                    }
                    Markup::Start(_) | Markup::Eof => {
                        return Err(doc.invalid("not a <value> in <data>").into())
                    }
                },
            }
        }
    }
}

impl<'de> SeqAccess<'de> for &mut SeqDe<'_, 'de> {
    type Error = DeError;

    fn next_element_seed<S: DeserializeSeed<'de>>(
        &mut self,
        seed: S,
    ) -> DeResult<Option<S::Value>> {
        if !self.next_value_start()? {
            return Ok(None);
        }
        self.r.value(seed, self.depth, self.max_depth).map(Some)
    }
}

struct MapDe<'d, 'a> {
    r: &'d mut Doc<'a>,
    depth: usize,
    max_depth: usize,
    /// Whether a key was handed out and its value not yet read.
    value_pending: bool,
    /// Whether the end of the `<struct>` has been read.
    ended: bool,
}

impl<'a> MapDe<'_, 'a> {
    /// Reads the next `<member>` up to its `<value>` start and returns its name, or `None`
    /// at the end of the struct.
    fn next_member_name(&mut self) -> DeResult<Option<Cow<'a, str>>> {
        if self.ended {
            return Ok(None);
        }
        let doc = &mut self.r.doc;
        match doc.next_markup()? {
            Markup::Start(b"member") => {}
            Markup::End => {
                self.ended = true;
                return Ok(None);
            }
            Markup::Start(_) | Markup::Eof => {
                return Err(doc.invalid("not a <member> in <struct>").into())
            }
        }
        doc.expect_start(b"name")?;
        let name = read_text(doc)?;
        doc.expect_start(b"value")?;
        Ok(Some(name))
    }
}

impl<'de> MapAccess<'de> for &mut MapDe<'_, 'de> {
    type Error = DeError;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> DeResult<Option<K::Value>> {
        if self.value_pending {
            return Err(de::Error::custom("a struct key without its value"));
        }
        let name = self.next_member_name()?;
        self.value_pending = name.is_some();
        match name {
            None => Ok(None),
            Some(Cow::Borrowed(name)) => seed
                .deserialize(BorrowedStrDeserializer::new(name))
                .map(Some),
            Some(Cow::Owned(name)) => seed.deserialize(StringDeserializer::new(name)).map(Some),
        }
    }

    fn next_value_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> DeResult<S::Value> {
        if !self.value_pending {
            return Err(de::Error::custom("a struct value without its key"));
        }
        self.value_pending = false;
        let value = self.r.value(seed, self.depth, self.max_depth)?;
        self.r.doc.expect_end()?;
        Ok(value)
    }
}
