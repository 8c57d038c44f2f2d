//! `ir.attachment`'s computed fields, as Odoo sets them when the content is written: `type`
//! `binary`, `file_size` (bytes), `checksum` (SHA-1, hexadecimal) and `mimetype` (from the
//! content, else the name's extension).

use base64::Engine;
use serde_json::json;

use super::Store;

impl Store {
    /// Sets the computed fields of the attachment `id` from its content.
    pub(super) fn compute_attachment(&mut self, id: i64) {
        const MODEL: &str = "ir.attachment";
        let Some(content) = self.attachment_content(id) else {
            return;
        };
        let name = self.stored_value(MODEL, id, "name");
        let mimetype = guess_mimetype(&content, name.as_str().unwrap_or_default());
        let has = |store: &Self, field: &str| {
            store
                .schema
                .model(MODEL)
                .and_then(|m| m.field(field))
                .is_some()
        };
        let computed = [
            ("type", json!("binary")),
            ("file_size", json!(content.len())),
            ("checksum", json!(sha1_hex(&content))),
            ("mimetype", json!(mimetype)),
        ];
        for (field, value) in computed {
            if has(self, field) {
                self.set_raw(MODEL, id, field, value);
            }
        }
    }

    /// The content of the attachment `id`: its `datas`, base64-decoded; `raw` (base64 on the
    /// wire too) for a schema without `datas`, as Odoo 19.3 and later have.
    pub fn attachment_content(&self, id: i64) -> Option<Vec<u8>> {
        let has_datas = self
            .schema
            .model("ir.attachment")
            .and_then(|m| m.field("datas"))
            .is_some();
        let field = if has_datas { "datas" } else { "raw" };
        let datas = self.stored_value("ir.attachment", id, field);
        let text = datas.as_str()?;
        base64::engine::general_purpose::STANDARD
            .decode(text.trim())
            .ok()
    }
}

/// The MIME type of an attachment, as Odoo guesses it: by the extension of `name`, else (or for
/// `application/octet-stream`) by the first bytes of `content`, else `application/octet-stream`.
pub(crate) fn guess_mimetype(content: &[u8], name: &str) -> &'static str {
    const MAGIC: &[(&[u8], &str)] = &[
        (b"%PDF-", "application/pdf"),
        (b"\x89PNG\r\n\x1a\n", "image/png"),
        (b"\xff\xd8\xff", "image/jpeg"),
        (b"GIF8", "image/gif"),
        (b"PK\x03\x04", "application/zip"),
    ];
    let extension = name
        .rsplit_once('.')
        .map(|(_, ext)| ext.to_ascii_lowercase())
        .unwrap_or_default();
    let by_name = match extension.as_str() {
        "txt" => Some("text/plain"),
        "csv" => Some("text/csv"),
        "html" | "htm" => Some("text/html"),
        "json" => Some("application/json"),
        "xml" => Some("application/xml"),
        "pdf" => Some("application/pdf"),
        "png" => Some("image/png"),
        "jpg" | "jpeg" => Some("image/jpeg"),
        "zip" => Some("application/zip"),
        _ => None,
    };
    by_name
        .or_else(|| {
            MAGIC
                .iter()
                .find(|(magic, _)| content.starts_with(magic))
                .map(|(_, mimetype)| *mimetype)
        })
        .unwrap_or("application/octet-stream")
}

/// The SHA-1 digest of `data` in hexadecimal, as Odoo's `checksum`.
pub(crate) fn sha1_hex(data: &[u8]) -> String {
    let mut h: [u32; 5] = [
        0x6745_2301,
        0xEFCD_AB89,
        0x98BA_DCFE,
        0x1032_5476,
        0xC3D2_E1F0,
    ];
    let bit_len = (data.len() as u64).wrapping_mul(8);
    let mut message = data.to_vec();
    message.push(0x80);
    while message.len() % 64 != 56 {
        message.push(0);
    }
    message.extend_from_slice(&bit_len.to_be_bytes());
    for block in message.chunks_exact(64) {
        let mut w = [0_u32; 80];
        for (i, word) in block.chunks_exact(4).enumerate() {
            w[i] = u32::from_be_bytes([word[0], word[1], word[2], word[3]]);
        }
        for i in 16..80 {
            w[i] = (w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16]).rotate_left(1);
        }
        let [mut a, mut b, mut c, mut d, mut e] = h;
        for (i, word) in w.iter().enumerate() {
            let (f, k) = match i {
                0..=19 => ((b & c) | (!b & d), 0x5A82_7999),
                20..=39 => (b ^ c ^ d, 0x6ED9_EBA1),
                40..=59 => ((b & c) | (b & d) | (c & d), 0x8F1B_BCDC),
                _ => (b ^ c ^ d, 0xCA62_C1D6),
            };
            let temp = a
                .rotate_left(5)
                .wrapping_add(f)
                .wrapping_add(e)
                .wrapping_add(k)
                .wrapping_add(*word);
            e = d;
            d = c;
            c = b.rotate_left(30);
            b = a;
            a = temp;
        }
        for (state, add) in h.iter_mut().zip([a, b, c, d, e]) {
            *state = state.wrapping_add(add);
        }
    }
    h.iter().map(|word| format!("{word:08x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha1_of_known_texts() {
        assert_eq!(sha1_hex(b""), "da39a3ee5e6b4b0d3255bfef95601890afd80709");
        assert_eq!(sha1_hex(b"abc"), "a9993e364706816aba3e25717850c26c9cd0d89d");
        let million_a = vec![b'a'; 1_000_000];
        assert_eq!(
            sha1_hex(&million_a),
            "34aa973cd4c4daa4f61eeb2bdbad27316534016f"
        );
    }

    #[test]
    fn mimetypes_by_name_then_content() {
        assert_eq!(guess_mimetype(b"%PDF-1.4", "x.bin"), "application/pdf");
        assert_eq!(guess_mimetype(b"a,b", "x.csv"), "text/csv");
        assert_eq!(guess_mimetype(b"%PDF-1.4", "x.txt"), "text/plain");
        assert_eq!(
            guess_mimetype(b"hello", "notes"),
            "application/octet-stream"
        );
    }
}
