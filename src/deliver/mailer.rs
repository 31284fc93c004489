//! Where messages go: an SMTP server (`smtp::Server`) or a folder of
//! `.eml` files, and the per-worker [`Session`] that keeps a connection open
//! between messages, each message's exchange within a deadline
//! (`deadline`).

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use lettre::{FileTransport, Message, Transport};

use super::deadline::Exchange;
use super::{smtp, DeliverError};
use crate::settings::SendSettings;

/// Where messages go.
pub enum Mailer {
    /// A real SMTP server, and how long one message's exchange may take.
    Smtp(Arc<smtp::Server>, Duration),
    /// `.eml` files in a folder.
    Outbox(FileTransport, PathBuf),
}

impl Mailer {
    /// The SMTP server of `url` (the password from the settings' environment
    /// variable), or the outbox folder for `issue` when there is no URL.
    pub fn new(
        url: Option<&str>,
        settings: &SendSettings,
        issue: &str,
    ) -> Result<Mailer, DeliverError> {
        let Some(url) = url else {
            let dir = settings.outbox.join(issue);
            crate::fsutil::create_dir_all(&dir)?;
            return Ok(Mailer::Outbox(FileTransport::new(&dir), dir));
        };
        let password = std::env::var(&settings.password_env).ok();
        Ok(Mailer::Smtp(
            Arc::new(smtp::Server::from_url(url, password)?),
            crate::settings::seconds(settings.message_timeout),
        ))
    }

    /// A warning to show once per send: the password sent without TLS.
    pub fn warning(&self) -> Option<String> {
        match self {
            Mailer::Smtp(server, _) => server.cleartext_login(),
            Mailer::Outbox(..) => None,
        }
    }

    /// Whether messages only go to files.
    pub fn is_outbox(&self) -> bool {
        matches!(self, Mailer::Outbox(..))
    }

    /// A session for one worker: it keeps its connection between messages.
    pub fn session(&self) -> Session<'_> {
        Session {
            mailer: self,
            exchange: None,
        }
    }
}

/// One worker's use of a [`Mailer`]: an SMTP connection opened on the first
/// message, reused, reopened after it breaks, closed with QUIT at the end.
pub struct Session<'a> {
    mailer: &'a Mailer,
    exchange: Option<Exchange>,
}

impl Session<'_> {
    /// Sends one message: the server's reply, or why not.
    pub fn send(&mut self, message: &Message) -> Result<String, smtp::Failure> {
        let (server, deadline) = match self.mailer {
            Mailer::Smtp(server, deadline) => (server, *deadline),
            Mailer::Outbox(file, dir) => {
                return file
                    .send(message)
                    .map(|id| format!("written to {}/{id}.eml", dir.display()))
                    .map_err(|e| {
                        let cause = smtp::Cause::Outbox(e);
                        smtp::Failure::new(smtp::Kind::Permanent, smtp::Stage::Message, cause)
                    })
            }
        };
        let exchange = self
            .exchange
            .get_or_insert_with(|| Exchange::open(Arc::clone(server), deadline));
        let result = exchange.send(message.envelope().clone(), message.formatted());
        if result
            .as_ref()
            .is_err_and(smtp::Failure::is_connection_lost)
        {
            self.exchange = None;
        }
        result
    }
}

impl Drop for Session<'_> {
    fn drop(&mut self) {
        if let Some(exchange) = self.exchange.take() {
            exchange.quit();
        }
    }
}
