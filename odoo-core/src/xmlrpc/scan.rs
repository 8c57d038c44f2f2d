//! A scanner of the XML that XML-RPC marshallers write, for the typed fast path
//! ([`decode_method_response_as`](super::de::decode_method_response_as)).
//!
//! It reads the part of XML that Python's `xmlrpc.client` (Odoo's marshaller) and its peers
//! write: an XML declaration at the very start, elements without attributes (`<name>`,
//! `<ex:name >`, `</name>`, `<name/>`), character data (its references are resolved by the
//! caller), CDATA sections, comments and whitespace. It refuses everything else: processing
//! instructions, a `DOCTYPE`, attributes, an end tag that does not close the open element.
//! A refusal is only a refusal of the fast path: the caller then decodes the body with the
//! codec (quick-xml), which reads or refuses such documents with its own error. So whatever
//! this scanner reads, the codec reads as the same events (the tests and the fuzz target
//! `xmlrpc_decode` check it).
//!
//! Nothing here allocates except the stack of open element names, and no input can make it
//! panic: every slice is taken with `get`.

use super::XmlRpcError;
use crate::limits::Limits;

/// What the scanner found next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Tok<'a> {
    /// The start of an element, by name (an empty element `<name/>` is a start and an end).
    Start(&'a [u8]),
    /// The end of the innermost open element (its name checked).
    End,
    /// Character data as written, references unresolved; never empty.
    Text(&'a str),
    /// The content of a CDATA section.
    CData(&'a str),
    /// The end of the body.
    Eof,
}

/// What comes next between elements, where character data may only be whitespace.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Markup<'a> {
    Start(&'a [u8]),
    End,
    Eof,
}

/// A body being scanned.
#[derive(Debug)]
pub(super) struct Scanner<'a> {
    /// The whole body, checked as UTF-8 (without its byte order mark).
    text: &'a str,
    /// Where the next token starts.
    pos: usize,
    /// The names of the open elements, innermost last.
    open: Vec<&'a [u8]>,
    /// Whether the last token was the start of an empty element, whose end comes next.
    empty_pending: bool,
}

/// Whether `b` is XML whitespace (space, tab, line feed, carriage return).
#[inline]
fn is_whitespace(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r')
}

/// Whether `b` may be part of an element name this scanner reads: no whitespace, `/`, `>`,
/// quotes or `=` (the codec reads other names, and attributes).
#[inline]
fn is_name_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-' | b':')
}

/// The local part of an element name, after its prefix (`ex:nil` gives `nil`), as the codec
/// takes it.
#[inline]
fn local_name(name: &[u8]) -> &[u8] {
    match memchr::memchr(b':', name) {
        Some(colon) => name.get(colon + 1..).unwrap_or_default(),
        None => name,
    }
}

impl<'a> Scanner<'a> {
    /// Checks the size limit and the encoding, and reads the XML declaration if the body
    /// starts with one.
    pub(super) fn open(body: &'a [u8], limits: &Limits) -> Result<Self, XmlRpcError> {
        let text = super::decode::body_text(body, limits)?;
        let mut scanner = Scanner {
            text,
            pos: 0,
            open: Vec::with_capacity(16),
            empty_pending: false,
        };
        let bytes = text.as_bytes();
        if bytes.starts_with(b"<?xml") && bytes.get(5).copied().is_some_and(is_whitespace) {
            let end = bytes
                .get(6..)
                .and_then(|rest| memchr::memmem::find(rest, b"?>"))
                .ok_or_else(|| scanner.refuse("an unterminated XML declaration"))?;
            scanner.pos = 6 + end + 2;
        }
        Ok(scanner)
    }

    /// The error for what this scanner does not read, or for a malformed body.
    #[cold]
    pub(super) fn refuse(&self, what: &str) -> XmlRpcError {
        XmlRpcError::Syntax(format!("{what} at byte {}", self.pos))
    }

    /// The error for well-formed XML that is not the expected XML-RPC.
    #[cold]
    pub(super) fn invalid(&self, message: impl std::fmt::Display) -> XmlRpcError {
        XmlRpcError::Invalid(format!("{message} at byte {}", self.pos))
    }

    /// Reads the next token (comments are skipped).
    #[inline]
    pub(super) fn next(&mut self) -> Result<Tok<'a>, XmlRpcError> {
        if self.empty_pending {
            self.empty_pending = false;
            return Ok(Tok::End);
        }
        loop {
            let Some(rest) = self.text.as_bytes().get(self.pos..) else {
                return Err(self.refuse("a position past the end"));
            };
            match (rest.first(), rest.get(1)) {
                (None, _) => return Ok(Tok::Eof),
                (Some(b'<'), Some(b'!')) => match self.bang(rest)? {
                    Some(tok) => return Ok(tok),
                    None => continue,
                },
                (Some(b'<'), _) => return self.tag(),
                (Some(_), _) => {
                    let len = memchr::memchr(b'<', rest).unwrap_or(rest.len());
                    let text = self.slice(self.pos, self.pos + len)?;
                    self.pos += len;
                    return Ok(Tok::Text(text));
                }
            }
        }
    }

    /// The text between `start` and `end`, which lie next to ASCII markup.
    #[inline]
    fn slice(&self, start: usize, end: usize) -> Result<&'a str, XmlRpcError> {
        self.text
            .get(start..end)
            .ok_or_else(|| self.refuse("text that is not on character boundaries"))
    }

    /// Reads the markup at `pos` that starts with `<!` (`rest` is the body from there): a
    /// comment is skipped (`None`), a CDATA section is read; the rest (a `DOCTYPE`) refused.
    fn bang(&mut self, rest: &[u8]) -> Result<Option<Tok<'a>>, XmlRpcError> {
        // Both end at the first `-->` or `]]>` after their opening, as in the codec.
        if let Some(inside) = rest.strip_prefix(b"<!--") {
            let end = memchr::memmem::find(inside, b"-->")
                .ok_or_else(|| self.refuse("an unterminated comment"))?;
            self.pos += 4 + end + 3;
            return Ok(None);
        }
        if let Some(inside) = rest.strip_prefix(b"<![CDATA[") {
            let end = memchr::memmem::find(inside, b"]]>")
                .ok_or_else(|| self.refuse("an unterminated CDATA section"))?;
            let start = self.pos + 9;
            let text = self.slice(start, start + end)?;
            self.pos = start + end + 3;
            return Ok(Some(Tok::CData(text)));
        }
        Err(self.refuse("markup this scanner does not read"))
    }

    /// Reads the tag at `pos` (which holds `<`).
    fn tag(&mut self) -> Result<Tok<'a>, XmlRpcError> {
        let bytes = self.text.as_bytes();
        let first = self.pos + 1;
        if bytes.get(first) == Some(&b'/') {
            let Some(name) = self.open.pop() else {
                return Err(self.refuse("an end tag without a start"));
            };
            let start = first + 1;
            let end = self.skip_whitespace_from(start + name.len());
            if bytes.get(start..start + name.len()) != Some(name) || bytes.get(end) != Some(&b'>') {
                return Err(self.refuse("an end tag this scanner does not read"));
            }
            self.pos = end + 1;
            return Ok(Tok::End);
        }
        let Some(after) = bytes.get(first..) else {
            return Err(self.refuse("a position past the end"));
        };
        let len = after.iter().take_while(|&&b| is_name_byte(b)).count();
        let (Some(name), false) = (bytes.get(first..first + len), len == 0) else {
            return Err(self.refuse("markup this scanner does not read"));
        };
        let end = self.skip_whitespace_from(first + len);
        match (bytes.get(end), bytes.get(end + 1)) {
            (Some(b'>'), _) => {
                self.open.push(name);
                self.pos = end + 1;
            }
            // An empty element, `<nil/>` or `<nil />`.
            (Some(b'/'), Some(b'>')) => {
                self.empty_pending = true;
                self.pos = end + 2;
            }
            _ => return Err(self.refuse("a tag this scanner does not read")),
        }
        Ok(Tok::Start(local_name(name)))
    }

    /// The position of the first byte from `pos` on that is not whitespace.
    #[inline]
    fn skip_whitespace_from(&self, mut pos: usize) -> usize {
        let bytes = self.text.as_bytes();
        while bytes.get(pos).copied().is_some_and(is_whitespace) {
            pos += 1;
        }
        pos
    }

    /// Reads up to the next element start or end, allowing only whitespace (and comments)
    /// before it.
    #[inline]
    pub(super) fn next_markup(&mut self) -> Result<Markup<'a>, XmlRpcError> {
        loop {
            if !self.empty_pending {
                self.pos = self.skip_whitespace_from(self.pos);
            }
            match self.next()? {
                Tok::Start(name) => return Ok(Markup::Start(name)),
                Tok::End => return Ok(Markup::End),
                Tok::Eof => return Ok(Markup::Eof),
                // Whitespace after a comment.
                Tok::Text(text) if text.bytes().all(is_whitespace) => {}
                Tok::Text(_) | Tok::CData(_) => {
                    return Err(self.invalid("unexpected text between elements"))
                }
            }
        }
    }

    /// Reads the start of the element `name`, the next child.
    #[inline]
    pub(super) fn expect_start(&mut self, name: &[u8]) -> Result<(), XmlRpcError> {
        match self.next_markup()? {
            Markup::Start(found) if found == name => Ok(()),
            _ => Err(self.invalid("not the expected element")),
        }
    }

    /// Reads the end of the open element, which must have no further children.
    #[inline]
    pub(super) fn expect_end(&mut self) -> Result<(), XmlRpcError> {
        match self.next_markup()? {
            Markup::End => Ok(()),
            _ => Err(self.invalid("not the expected end of an element")),
        }
    }

    /// Reads what follows the root element: only whitespace.
    pub(super) fn finish(&mut self) -> Result<(), XmlRpcError> {
        match self.next_markup()? {
            Markup::Eof if self.open.is_empty() => Ok(()),
            _ => Err(self.invalid("more after the root element")),
        }
    }
}
