//! [`Document`]: a file the server rendered or stored (a report's PDF, HTML or text), with what
//! the server said of it.

use std::fmt;

use bytes::Bytes;

/// A file the server sent: a report rendered for records, as PDF, HTML or text.
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Document {
    /// The file's content.
    pub bytes: Bytes,
    /// The `Content-Type` the server sent (`application/pdf`, `text/html; charset=utf-8`, ...).
    pub content_type: String,
    /// The file name the server proposed (`Content-Disposition`), such as `INV_2026_00002.pdf`
    /// for the invoice `INV/2026/00002`: path separators and control characters are replaced
    /// by `_`, so that it names a file in a folder and never another folder.
    pub filename: Option<String>,
}

impl Document {
    /// The content as text, for HTML and text reports; `None` when it is not UTF-8.
    pub fn text(&self) -> Option<&str> {
        std::str::from_utf8(&self.bytes).ok()
    }

    /// The content read as JSON into `T` (a controller's answer); a
    /// [`Decode`](crate::ErrorKind::Decode) error when it is not `T`.
    pub fn json<T: serde::de::DeserializeOwned>(&self) -> crate::Result<T> {
        serde_json::from_slice(&self.bytes).map_err(|e| {
            crate::Error::decode(
                "",
                format!(
                    "the {} answer is not the JSON expected: {e}",
                    self.content_type
                ),
                crate::error::ErrorContext::call("web", "json"),
            )
        })
    }

    /// Writes the content to the file at `path` (created, or emptied first).
    pub fn save(&self, path: impl AsRef<std::path::Path>) -> std::io::Result<()> {
        std::fs::write(path, &self.bytes)
    }
}

/// A file the server sent, copied to a writer as it came: what the server said of it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Downloaded {
    /// The number of bytes written.
    pub length: u64,
    /// The `Content-Type` the server sent.
    pub content_type: String,
    /// The file name the server proposed, made safe as [`Document::filename`] is.
    pub filename: Option<String>,
}

/// The content is counted, not shown.
impl fmt::Debug for Document {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Document")
            .field("bytes", &format_args!("{} bytes", self.bytes.len()))
            .field("content_type", &self.content_type)
            .field("filename", &self.filename)
            .finish()
    }
}
