//! The web client's own routes (reports, files), which Odoo serves only to a web session: the
//! transport's own session when it is the web session, else one opened with the password on
//! first use, renewed when it expires, and scrubbed from errors like the transport's.

use super::Client;
use crate::document::Document;
use crate::error::{Error, ErrorContext, ErrorKind, Result};
use crate::transport::web_session::WebSession;
use crate::transport::Transport;
use crate::wire::report::read_document;

impl Client {
    /// `GET path` (such as `/web/content/42?download=true`) with the client's web session, as
    /// the web client reads Odoo's own routes (files, images, a controller's pages): the answer
    /// as a [`Document`], whatever its content type. The session is the one reports use (see
    /// [`Client::report`]): an API key alone cannot open one. A status other than 200 is an
    /// [`Http`](crate::ErrorKind::Http) error; a redirect to the login page renews the session
    /// once.
    ///
    /// ```no_run
    /// # async fn demo(client: odoo_core::Client, attachment: i64) -> odoo_core::Result<()> {
    /// let file = client.get_web(&format!("/web/content/{attachment}?download=true")).await?;
    /// println!("{:?}: {} bytes", file.filename, file.bytes.len());
    /// # Ok(()) }
    /// ```
    pub async fn get_web(&self, path: &str) -> Result<Document> {
        let context = ErrorContext::call("web", "get").on(self.transport_kind());
        let plain = path.starts_with('/')
            && !path.starts_with("//")
            && !path.chars().any(|c| c.is_whitespace() || c.is_control());
        if !plain {
            return Err(self.redact(Error::invalid(
                "the path must start with one `/` and hold no white space (the server's base URL is the client's)",
                context,
            )));
        }
        self.get_document(path, "", &context).await
    }

    /// `GET path` (with its query) through the web session, read as a document whose content
    /// type starts with `expected`. Reading a document changes nothing: an expired session is
    /// renewed once and the request sent again, and a failure the retry policy retries for
    /// read-only calls (a refused or broken connection, 502, 503, ...) is retried as one.
    pub(crate) async fn get_document(
        &self,
        path: &str,
        expected: &str,
        context: &ErrorContext,
    ) -> Result<Document> {
        let outcome = self.get_document_once(path, expected, context).await;
        outcome.map_err(|e| self.redact(e.with_context(context)))
    }

    async fn get_document_once(
        &self,
        path: &str,
        expected: &str,
        context: &ErrorContext,
    ) -> Result<Document> {
        let web = self.web_session(context).await?;
        let started = tokio::time::Instant::now();
        let (mut renewed, mut attempt) = (false, 0);
        loop {
            let epoch = web.session_epoch();
            let error = match web.get(path, context).await {
                Ok(raw) => match read_document(raw, expected, context) {
                    Ok(document) => return Ok(document),
                    Err(error) => error,
                },
                Err(error) => error,
            };
            if error.kind() == ErrorKind::SessionExpired && !renewed {
                let Some(renewal) = web.renew_session(epoch) else {
                    return Err(error);
                };
                renewal.await?;
                renewed = true;
                continue;
            }
            let retry = &self.shared.retry;
            match retry.next_read_wait(&error, attempt, started.elapsed()) {
                Some(wait) => {
                    tokio::time::sleep(wait).await;
                    attempt += 1;
                }
                None => return Err(error),
            }
        }
    }

    /// Whether this client can have a web session: its transport is one, or it has the
    /// password to open one.
    pub(crate) fn can_open_web_session(&self) -> bool {
        self.shared.transport.web_session().is_some() || self.shared.credentials.password.is_some()
    }

    /// The transport's web session, or the one opened for documents (logged in once, on first
    /// use, with the password: Odoo refuses API keys for web sessions).
    async fn web_session(&self, context: &ErrorContext) -> Result<&WebSession> {
        if let Some(own) = self.shared.transport.web_session() {
            return Ok(own);
        }
        if self.shared.credentials.password.is_none() {
            return Err(Error::invalid(
                "Odoo serves reports and files only to a web session, whose login takes a \
                 password and refuses API keys (on 16 to 19, no route or public method renders \
                 a report with an API key alone): set ClientBuilder::password (ODOO_PASSWORD) \
                 as well as the API key",
                context.clone(),
            ));
        }
        self.shared
            .web
            .get_or_try_init(|| async {
                let web =
                    WebSession::new(self.shared.http.clone(), self.shared.credentials.clone());
                web.authenticate().await.map_err(|e| {
                    self.shared
                        .credentials
                        .explain(e, crate::transport::TransportKind::WebSession)
                })?;
                Ok(web)
            })
            .await
    }
}
