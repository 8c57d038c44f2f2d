//! Reports: a report of records rendered by the server, as PDF, HTML or text.
//!
//! ```no_run
//! # async fn demo(client: odoo_core::Client, invoice: i64) -> Result<(), Box<dyn std::error::Error>> {
//! let pdf = client.report("account.report_invoice", &[invoice]).pdf().await?;
//! pdf.save(pdf.filename.as_deref().unwrap_or("invoice.pdf"))?;
//! # Ok(()) }
//! ```
//!
//! Odoo renders reports only on the web client's routes (`/report/download`, `/report/html/...`),
//! for a web session. The web session transport uses its own; JSON-RPC, XML-RPC and JSON-2
//! clients open one with the password on the first report and keep it (an API key alone cannot
//! open one: such a client gets an [`InvalidInput`](crate::ErrorKind::InvalidInput) error that
//! says so). Errors are typed as for any call: an unknown report is
//! [`NotFound`](crate::ErrorKind::NotFound), a deleted record
//! [`MissingError`](crate::ErrorKind::MissingError) (on 16 to 18 Odoo wraps it in a `QWebException`,
//! a [`Server`](crate::ErrorKind::Server) error), a record the user may not read
//! [`AccessError`](crate::ErrorKind::AccessError) on 19, and a server without its PDF renderer
//! (wkhtmltopdf) a [`UserError`](crate::ErrorKind::UserError) naming it.

use crate::action::ReportAction;
use crate::client::Client;
use crate::context::Context;
use tokio::io::AsyncWrite;

use crate::document::{Document, Downloaded};
use crate::error::{Error, ErrorContext, Result};

/// A report of records to render: [`Client::report`], then [`pdf`](Self::pdf),
/// [`html`](Self::html) or [`text`](Self::text).
#[derive(Debug, Clone)]
#[must_use = "a report is rendered by .pdf(), .html() or .text()"]
pub struct ReportRequest<'c> {
    client: &'c Client,
    report: String,
    ids: Vec<i64>,
    context: Context,
}

impl Client {
    /// The report `report_name` (its technical name, such as `account.report_invoice` or
    /// `sale.report_saleorder`) of the records `ids`.
    pub fn report(&self, report_name: impl Into<String>, ids: &[i64]) -> ReportRequest<'_> {
        ReportRequest {
            client: self,
            report: report_name.into(),
            ids: ids.to_vec(),
            context: Context::new(),
        }
    }

    /// The report whose action has the external ID `xmlid` (such as
    /// `account.account_invoices` for invoices, `sale.action_report_saleorder` for quotations),
    /// of the records `ids`: the action's `report_name` is read first. A
    /// [`NotFound`](crate::ErrorKind::NotFound) error when no record has the external ID, an
    /// [`InvalidInput`](crate::ErrorKind::InvalidInput) one when it names something other than a
    /// report action.
    ///
    /// ```no_run
    /// # async fn demo(client: odoo_core::Client, invoice: i64) -> odoo_core::Result<()> {
    /// let pdf = client.report_by_xmlid("account.account_invoices", &[invoice]).await?.pdf().await?;
    /// # Ok(()) }
    /// ```
    pub async fn report_by_xmlid(&self, xmlid: &str, ids: &[i64]) -> Result<ReportRequest<'_>> {
        const ACTIONS: &str = "ir.actions.report";
        let action = self.external_ids().resolve(xmlid).await?;
        let context = ErrorContext::call(ACTIONS, "read").on(self.transport_kind());
        if action.model != ACTIONS {
            return Err(Error::invalid(
                format!(
                    "the external ID {xmlid} names a record of {}, not a report action ({ACTIONS})",
                    action.model
                ),
                context,
            ));
        }
        #[derive(serde::Deserialize)]
        struct Action {
            report_name: String,
        }
        let found: Vec<Action> = self
            .read(
                ACTIONS,
                &[action.id],
                &["report_name"],
                crate::ReadOptions::new(),
            )
            .await?;
        let action = found.into_iter().next().ok_or_else(|| {
            Error::invalid(
                format!("the report action {xmlid} no longer exists"),
                context,
            )
        })?;
        Ok(self.report(action.report_name, ids))
    }

    /// The report an [`Action::Report`](crate::Action::Report) names (what a "Print" button
    /// answers), for the records it names. An error when the action names no report.
    pub fn report_of(&self, action: &ReportAction) -> Result<ReportRequest<'_>> {
        let Some(name) = &action.report_name else {
            return Err(Error::invalid(
                "the report action names no report (`report_name`)",
                ErrorContext::call("ir.actions.report", "report"),
            ));
        };
        Ok(self.report(name.clone(), &action.ids))
    }
}

impl ReportRequest<'_> {
    /// A context for the rendering (`lang`, `tz`, ...), merged over the client's.
    pub fn context(mut self, context: Context) -> Self {
        self.context = self.context.merged(&context);
        self
    }

    /// The PDF (`application/pdf`), as the server's PDF renderer makes it.
    pub async fn pdf(self) -> Result<Document> {
        self.hold(Format::Pdf).await
    }

    /// The text variant (`text/plain`), for reports Odoo renders as text.
    pub async fn text(self) -> Result<Document> {
        self.hold(Format::Text).await
    }

    /// The HTML Odoo renders the report from (`text/html`). Odoo's errors come as the web
    /// client's error pages here: [`Http`](crate::ErrorKind::Http) errors with the page's start.
    pub async fn html(self) -> Result<Document> {
        self.hold(Format::Html).await
    }

    /// The PDF, copied to `writer` as it comes (see [`WebRequest::send_to`](crate::WebRequest::send_to)).
    ///
    /// ```no_run
    /// # async fn demo(client: odoo_core::Client, invoice: i64) -> Result<(), Box<dyn std::error::Error>> {
    /// let mut file = tokio::fs::File::create("invoice.pdf").await?;
    /// let pdf = client.report("account.report_invoice", &[invoice]).pdf_to(&mut file).await?;
    /// println!("{} bytes, proposed name {:?}", pdf.length, pdf.filename);
    /// # Ok(()) }
    /// ```
    pub async fn pdf_to<W>(self, writer: &mut W) -> Result<Downloaded>
    where
        W: AsyncWrite + Unpin + Send,
    {
        self.copy(Format::Pdf, writer).await
    }

    /// The text variant, copied to `writer` as it comes.
    pub async fn text_to<W>(self, writer: &mut W) -> Result<Downloaded>
    where
        W: AsyncWrite + Unpin + Send,
    {
        self.copy(Format::Text, writer).await
    }

    /// The HTML, copied to `writer` (read whole first: an HTML answer may hold an error).
    pub async fn html_to<W>(self, writer: &mut W) -> Result<Downloaded>
    where
        W: AsyncWrite + Unpin + Send,
    {
        self.copy(Format::Html, writer).await
    }

    async fn hold(self, format: Format) -> Result<Document> {
        let context = self.error_context()?;
        let path = self.path(format);
        let expected = format.content_type();
        self.client.get_document(&path, expected, &context).await
    }

    async fn copy(
        self,
        format: Format,
        writer: &mut (dyn AsyncWrite + Unpin + Send),
    ) -> Result<Downloaded> {
        let context = self.error_context()?;
        let path = self.path(format);
        let expected = format.content_type();
        let client = self.client;
        client
            .copy_document(&path, expected, writer, &context)
            .await
    }

    /// The route: `/report/download` for PDF and text, which answers Odoo's errors as its JSON
    /// error objects; `/report/html/...` for HTML.
    fn path(&self, format: Format) -> String {
        let context = encode(&self.context_json());
        let (converter, kind) = match format {
            Format::Html => {
                let ids = self.ids_text();
                return format!("/report/html/{}/{ids}?context={context}", self.report);
            }
            Format::Pdf => ("pdf", "qweb-pdf"),
            Format::Text => ("text", "qweb-text"),
        };
        let url = format!("/report/{converter}/{}/{}", self.report, self.ids_text());
        let data = serde_json::json!([url, kind]).to_string();
        format!("/report/download?data={}&context={context}", encode(&data))
    }

    /// The call's context for errors, after checking the report name and the ids.
    fn error_context(&self) -> Result<ErrorContext> {
        let context =
            ErrorContext::call(self.report.clone(), "report").on(self.client.transport_kind());
        crate::transport::check_name("report", &self.report, &context)?;
        if self.ids.is_empty() {
            return Err(Error::invalid(
                "a report is rendered for at least one record: no ids were given",
                context,
            ));
        }
        Ok(context)
    }

    fn ids_text(&self) -> String {
        let ids: Vec<String> = self.ids.iter().map(i64::to_string).collect();
        ids.join(",")
    }

    fn context_json(&self) -> String {
        let merged = self.client.context().merged(&self.context);
        serde_json::Value::Object(merged.into_map()).to_string()
    }
}

/// The formats Odoo renders reports in.
#[derive(Debug, Clone, Copy)]
enum Format {
    Pdf,
    Html,
    Text,
}

impl Format {
    fn content_type(self) -> &'static str {
        match self {
            Format::Pdf => "application/pdf",
            Format::Html => "text/html",
            Format::Text => "text/plain",
        }
    }
}

fn encode(text: &str) -> String {
    url::form_urlencoded::byte_serialize(text.as_bytes()).collect()
}
