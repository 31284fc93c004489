//! Where messages go: an SMTP server ([`smtp::Server`]) or a folder of
//! `.eml` files, and the per-worker [`Session`] that keeps a connection open
//! between messages.

use std::path::PathBuf;

use lettre::{FileTransport, Message, Transport};

use super::{smtp, DeliverError};
use crate::settings::SendSettings;

/// Where messages go.
pub enum Mailer {
    /// A real SMTP server.
    Smtp(smtp::Server),
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
        Ok(Mailer::Smtp(smtp::Server::from_url(url, password)?))
    }

    /// A warning to show once per send: the password sent without TLS.
    pub fn warning(&self) -> Option<String> {
        match self {
            Mailer::Smtp(server) => server.cleartext_login(),
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
            connection: None,
        }
    }
}

/// One worker's use of a [`Mailer`]: an SMTP connection opened on the first
/// message, reused, reopened after it breaks, closed with QUIT at the end.
pub struct Session<'a> {
    mailer: &'a Mailer,
    connection: Option<lettre::transport::smtp::client::SmtpConnection>,
}

impl Session<'_> {
    /// Sends one message: the server's reply, or why not.
    pub fn send(&mut self, message: &Message) -> Result<String, smtp::Failure> {
        let server = match self.mailer {
            Mailer::Smtp(server) => server,
            Mailer::Outbox(file, dir) => {
                return file
                    .send(message)
                    .map(|id| format!("written to {}/{id}.eml", dir.display()))
                    .map_err(|e| smtp::Failure {
                        permanent: true,
                        connection_lost: false,
                        stage: smtp::Stage::Message,
                        code: None,
                        message: e.to_string(),
                    })
            }
        };
        let connection = match &mut self.connection {
            Some(open) => open,
            empty => empty.insert(server.connect().map_err(|failure| smtp::Failure {
                stage: smtp::Stage::Connect,
                ..failure
            })?),
        };
        match smtp::send(connection, message.envelope(), &message.formatted()) {
            Ok(reply) => Ok(format!(
                "{} {}",
                reply.code(),
                reply.message().collect::<Vec<_>>().join(" ")
            )),
            Err(failure) => {
                if failure.connection_lost {
                    self.connection = None;
                }
                Err(failure)
            }
        }
    }
}

impl Drop for Session<'_> {
    fn drop(&mut self) {
        if let Some(mut connection) = self.connection.take() {
            let _ = connection.quit();
        }
    }
}
