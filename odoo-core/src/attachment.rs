//! Attachments: files attached to records (`ir.attachment`), sent, described and read back.
//!
//! ```no_run
//! # async fn demo(client: odoo_core::Client, order: i64) -> odoo_core::Result<()> {
//! let files = client.attachments();
//! let id = files.attach("sale.order", order, "terms.txt", b"Net 30").await?;
//! let info = files.info(id).await?; // name, size, MIME type, checksum: not the content
//! let file = files.download(id).await?;
//! assert_eq!(&file.bytes[..], b"Net 30");
//! # Ok(()) }
//! ```
//!
//! The content goes to Odoo base64-encoded in the request, as `ir.attachment.datas` (as `raw`
//! on servers without `datas`, Odoo 19.3 and later, found by their fields). It comes back
//! through the web client's `/web/content/<id>` where the client can have a web session (the
//! web session transport, or a password set: see [`Client::report`]), as the file itself, and
//! [`Attachments::download_to`] copies it to a writer as it comes; else, with an API key alone,
//! through the ORM (base64 in the answer).

use serde::Deserialize;
use serde_json::json;
use tokio::io::{AsyncWrite, AsyncWriteExt};

use crate::client::Client;
use crate::document::{Document, Downloaded};
use crate::error::{Error, ErrorContext, ErrorKind, OdooError, Result};
use crate::options::{ReadOptions, SearchOptions};
use crate::types::Binary;

const MODEL: &str = "ir.attachment";

/// The attachments of a server: [`Client::attachments`].
#[derive(Debug, Clone, Copy)]
pub struct Attachments<'c> {
    client: &'c Client,
}

/// What Odoo knows of an attachment, without its content.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct AttachmentInfo {
    /// The attachment's id.
    pub id: i64,
    /// Its file name.
    pub name: String,
    /// The MIME type Odoo gave it (from the content, else the name).
    #[serde(default, with = "crate::types::odoo_option")]
    pub mimetype: Option<String>,
    /// The size of the content, in bytes.
    #[serde(default)]
    pub file_size: u64,
    /// The SHA-1 digest of the content, in hexadecimal.
    #[serde(default, with = "crate::types::odoo_option")]
    pub checksum: Option<String>,
    /// The model of the record it is attached to.
    #[serde(default, with = "crate::types::odoo_option")]
    pub res_model: Option<String>,
    /// The id of the record it is attached to (0 or absent when none).
    #[serde(default, with = "crate::types::odoo_option")]
    pub res_id: Option<i64>,
}

/// The fields [`AttachmentInfo`] reads.
const INFO_FIELDS: [&str; 6] = [
    "name",
    "mimetype",
    "file_size",
    "checksum",
    "res_model",
    "res_id",
];

impl Client {
    /// The attachments of this server.
    pub fn attachments(&self) -> Attachments<'_> {
        Attachments { client: self }
    }
}

impl Attachments<'_> {
    /// Attaches `content` under the file name `name` to the record `id` of `model`; the new
    /// attachment's id. Odoo computes its size, checksum and MIME type.
    pub async fn attach(&self, model: &str, id: i64, name: &str, content: &[u8]) -> Result<i64> {
        self.attach_owned(model, id, name, content.to_vec()).await
    }

    async fn attach_owned(
        &self,
        model: &str,
        id: i64,
        name: &str,
        content: Vec<u8>,
    ) -> Result<i64> {
        let field = self.content_field().await?;
        let values = json!({
            "name": name,
            field: Binary::new(content),
            "res_model": model,
            "res_id": id,
        });
        self.client.create(MODEL, values).await
    }

    /// Attaches the file at `path` (by its file name) to the record `id` of `model`.
    pub async fn attach_file(
        &self,
        model: &str,
        id: i64,
        path: impl AsRef<std::path::Path>,
    ) -> Result<i64> {
        let path = path.as_ref();
        let context = ErrorContext::call(MODEL, "create");
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .ok_or_else(|| {
                Error::invalid(
                    format!("{} has no file name to give the attachment", path.display()),
                    context.clone(),
                )
            })?
            .to_owned();
        let content = std::fs::read(path)
            .map_err(|e| Error::invalid(format!("cannot read {}: {e}", path.display()), context))?;
        self.attach(model, id, &name, &content).await
    }

    /// Attaches what `reader` gives (to its end) under the file name `name` to the record `id`
    /// of `model`. The content is held whole before it is sent: Odoo takes it base64-encoded
    /// inside the request.
    pub async fn attach_reader<R>(
        &self,
        model: &str,
        id: i64,
        name: &str,
        mut reader: R,
    ) -> Result<i64>
    where
        R: tokio::io::AsyncRead + Unpin,
    {
        use tokio::io::AsyncReadExt;
        let mut content = Vec::new();
        reader.read_to_end(&mut content).await.map_err(|e| {
            Error::invalid(
                format!("cannot read the content of {name}: {e}"),
                ErrorContext::call(MODEL, "create"),
            )
        })?;
        self.attach_owned(model, id, name, content).await
    }

    /// The name, size, MIME type and checksum of the attachment `id`, without its content. A
    /// [`MissingError`](crate::ErrorKind::MissingError) when it does not exist.
    pub async fn info(&self, id: i64) -> Result<AttachmentInfo> {
        let found: Vec<AttachmentInfo> = self
            .client
            .read(MODEL, &[id], &INFO_FIELDS, ReadOptions::new())
            .await?;
        found.into_iter().next().ok_or_else(|| missing(id))
    }

    /// The attachments of the record `id` of `model`, without their content, oldest first.
    pub async fn of_record(&self, model: &str, id: i64) -> Result<Vec<AttachmentInfo>> {
        let domain = json!([["res_model", "=", model], ["res_id", "=", id]]);
        self.client
            .search_read(
                MODEL,
                domain,
                &INFO_FIELDS,
                SearchOptions::new().order("id"),
            )
            .await
    }

    /// The content of the attachment `id`, with its MIME type and file name: the file itself
    /// through `/web/content` when the client can have a web session, else through the ORM. A
    /// [`MissingError`](crate::ErrorKind::MissingError) either way when it does not exist (or,
    /// through `/web/content`, which answers both with 404, when the user may not read it).
    pub async fn download(&self, id: i64) -> Result<Document> {
        if self.client.can_open_web_session() {
            let outcome = self.client.get_web(&content_path(id)).await;
            return outcome.map_err(|e| not_found_is_missing(e, id));
        }
        self.read_content(id).await
    }

    /// The content of the attachment `id`, copied to `writer`: as it comes through
    /// `/web/content` when the client can have a web session (the file is never held whole),
    /// else read through the ORM and then written.
    ///
    /// ```no_run
    /// # async fn demo(client: odoo_core::Client, id: i64) -> Result<(), Box<dyn std::error::Error>> {
    /// let mut file = tokio::fs::File::create("scan.pdf").await?;
    /// let saved = client.attachments().download_to(id, &mut file).await?;
    /// println!("{} bytes of {}", saved.length, saved.content_type);
    /// # Ok(()) }
    /// ```
    pub async fn download_to<W>(&self, id: i64, writer: &mut W) -> Result<Downloaded>
    where
        W: AsyncWrite + Unpin + Send,
    {
        if self.client.can_open_web_session() {
            let outcome = self.client.web(content_path(id)).send_to(writer).await;
            return outcome.map_err(|e| not_found_is_missing(e, id));
        }
        let document = self.read_content(id).await?;
        let context = ErrorContext::call(MODEL, "read");
        let length = document.bytes.len() as u64;
        let written = async {
            writer.write_all(&document.bytes).await?;
            writer.flush().await
        };
        written.await.map_err(|e| {
            Error::invalid(
                format!("cannot write the attachment's content: {e}"),
                context,
            )
        })?;
        Ok(Downloaded {
            length,
            content_type: document.content_type,
            filename: document.filename,
        })
    }

    /// The content through the ORM (`datas`, or `raw`: base64 in the answer).
    async fn read_content(&self, id: i64) -> Result<Document> {
        #[derive(Deserialize)]
        struct Content {
            name: String,
            #[serde(default, with = "crate::types::odoo_option")]
            mimetype: Option<String>,
            #[serde(default, with = "crate::types::odoo_option", alias = "raw")]
            datas: Option<Binary>,
        }
        let field = self.content_field().await?;
        let found: Vec<Content> = self
            .client
            .read(
                MODEL,
                &[id],
                &["name", "mimetype", field],
                ReadOptions::new(),
            )
            .await?;
        let content = found.into_iter().next().ok_or_else(|| missing(id))?;
        Ok(Document {
            bytes: content
                .datas
                .map(Binary::into_bytes)
                .unwrap_or_default()
                .into(),
            content_type: content
                .mimetype
                .unwrap_or_else(|| "application/octet-stream".into()),
            filename: Some(content.name),
        })
    }
}

impl Attachments<'_> {
    /// The field that holds an attachment's content on this server: `datas` (base64) on Odoo
    /// 16 to 19.0; `raw` on servers without `datas` (19.3 and later), where `raw` is base64 on
    /// the wire too. (Before 19.3, `raw` is the bytes read as text: never used there.) Asked
    /// of the server once per client, by `fields_get`.
    async fn content_field(&self) -> Result<&'static str> {
        let client = self.client;
        client
            .attachment_content()
            .get_or_try_init(|| async {
                let fields = client
                    .fields_get(MODEL, &["datas", "raw"], &["type"])
                    .await?;
                if fields.contains_key("datas") {
                    Ok("datas")
                } else if fields.contains_key("raw") {
                    Ok("raw")
                } else {
                    Err(Error::decode(
                        "",
                        "ir.attachment has neither `datas` nor `raw` on this server: no field \
                         holds the content",
                        ErrorContext::call(MODEL, "fields_get"),
                    ))
                }
            })
            .await
            .copied()
    }
}

/// The web client's route of an attachment's content, as a download.
fn content_path(id: i64) -> String {
    format!("/web/content/{id}?download=true")
}

/// `/web/content` answers a missing attachment (and one the user may not read) with 404.
fn not_found_is_missing(error: Error, id: i64) -> Error {
    if error.http_status() == Some(404) {
        missing(id)
    } else {
        error
    }
}

/// What Odoo answers a `read` of a deleted record with, for a server that answered nothing.
fn missing(id: i64) -> Error {
    Error::odoo(OdooError {
        kind: ErrorKind::MissingError,
        name: None,
        message: format!(
            "Record does not exist or has been deleted.\n(Record: ir.attachment({id},))"
        ),
        debug: None,
        code: None,
        credential: None,
        context: ErrorContext::call(MODEL, "read"),
    })
}
