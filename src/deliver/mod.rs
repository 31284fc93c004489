//! Deliver: render's output in — a [`ReaderCopy`], the issue rendered once
//! with a mark for every reader value — with the [`SendSettings`], and a
//! [`DeliveryReport`] out. Test sends to any address and list sends to a
//! subscriber CSV, over SMTP (lettre) or into a file outbox when no server
//! is configured; every list message recorded in the ledger before
//! the next goes out ([`ledger`]). Deliver never renders: it fills the
//! marks of render's copy per reader (`personal`). Progress is reported
//! to a callback; no terminal code lives here.

pub(crate) mod deadline;
mod error;
pub mod failure;
pub(crate) mod headers;
pub(crate) mod health;
pub mod ledger;
pub mod list;
pub mod mailer;
pub mod message;
pub(crate) mod message_id;
pub(crate) mod personal;
pub(crate) mod smtp;
pub mod subscribers;
pub mod unsubscribe;

use lettre::message::dkim::{
    DkimCanonicalization, DkimCanonicalizationType, DkimConfig, DkimSigningAlgorithm,
    DkimSigningKey,
};
use lettre::message::header::HeaderName;
use lettre::Message;

use crate::clock::Clock;
use crate::render::view::SubscriberView;
use crate::render::ReaderCopy;
use crate::settings::SendSettings;
pub use error::{DeliverError, DkimProblem, LedgerProblem, ListProblem, SmtpUrlProblem};
pub use list::{audience, columns, send_list, ListSend};
pub use mailer::{Mailer, Session};
use personal::Personalizer;

/// At most this many SMTP connections at once, whatever the settings say.
pub const MAX_CONNECTIONS: usize = crate::settings::MAX_CONNECTIONS;

/// What a send did.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct DeliveryReport {
    /// Messages accepted now.
    pub accepted: usize,
    /// Readers skipped because the ledger says a message was accepted.
    pub already_sent: usize,
    /// Readers skipped because the server refused them for good before
    /// (`--retry-rejected` sends to them again).
    pub rejected_before: usize,
    /// Messages refused for good (5xx).
    pub rejected: usize,
    /// Messages still failing after every retry (4xx, connection).
    pub deferred: usize,
    /// Rows of the list left out (invalid, duplicate, unsubscribed).
    pub skipped_rows: usize,
    /// The messages went to the file outbox: nobody was mailed.
    pub outbox: bool,
    /// Problems that did not stop the send (unreadable ledger lines).
    pub warnings: Vec<String>,
}

/// The DKIM configuration of the settings, if signing is on.
pub fn dkim(settings: &SendSettings) -> Result<Option<DkimConfig>, DeliverError> {
    let Some(dkim) = &settings.dkim else {
        return Ok(None);
    };
    let error = |problem: DkimProblem| DeliverError::Dkim {
        path: dkim.key_file.clone(),
        problem,
    };
    let pem = std::fs::read_to_string(&dkim.key_file).map_err(|e| error(DkimProblem::Read(e)))?;
    let algorithm = match dkim.algorithm.as_str() {
        "rsa" => DkimSigningAlgorithm::Rsa,
        "ed25519" => DkimSigningAlgorithm::Ed25519,
        other => return Err(error(DkimProblem::Algorithm(other.into()))),
    };
    let key = DkimSigningKey::new(pem.trim(), algorithm).map_err(|e| error(DkimProblem::Key(e)))?;
    // RFC 8058: the unsubscribe headers must be covered by the signature.
    let signed = [
        "From",
        "Reply-To",
        "To",
        "Subject",
        "Date",
        "Message-ID",
        "List-Unsubscribe",
        "List-Unsubscribe-Post",
        "MIME-Version",
    ];
    // Relaxed headers: lettre's "simple" signs the DKIM-Signature header
    // folded as it was before `b=` was filled in, which verifiers reject.
    let relaxed = DkimCanonicalization {
        header: DkimCanonicalizationType::Relaxed,
        body: DkimCanonicalizationType::Relaxed,
    };
    Ok(Some(DkimConfig::new(
        dkim.selector.clone(),
        dkim.domain.clone(),
        key,
        signed
            .into_iter()
            .map(HeaderName::new_from_ascii_str)
            .collect(),
        relaxed,
    )))
}

/// What every message of one send shares; [`Letter::to`] makes one
/// reader's copy.
pub(crate) struct Letter<'a> {
    /// The sender, reply and unsubscribe settings.
    pub send: &'a SendSettings,
    /// The issue, cut at its reader marks.
    pub personalizer: &'a Personalizer,
    /// The list's name, signed into unsubscribe tokens.
    pub list: &'a str,
    /// The secret that signs unsubscribe tokens.
    pub secret: &'a [u8],
    /// The subject line.
    pub subject: &'a str,
    /// Where the time comes from (the messages' ids, the ledger).
    pub clock: &'a dyn Clock,
}

impl Letter<'_> {
    /// One reader's personalised message (signed when DKIM is on).
    pub(crate) fn to(&self, reader: &SubscriberView) -> Result<Message, DeliverError> {
        let send = self.send;
        let token = message::token(self.secret, self.list, &reader.email);
        let link =
            message::unsubscribe_link(&send.unsubscribe_url, self.list, &reader.email, &token);
        let (html, text) = self.personalizer.fill(reader, &link);
        let mut message = message::build(message::Parts {
            from: &send.from,
            reply_to: send.reply_to.as_deref(),
            to: &reader.email,
            to_name: &reader.name,
            subject: self.subject,
            text,
            html,
            unsubscribe_link: &link,
            unsubscribe_mailto: &send.unsubscribe_mailto,
            token: &token,
            now: self.clock.now(),
        })?;
        if let Some(config) = self.personalizer.dkim() {
            message.sign(config);
        }
        Ok(message)
    }
}

/// One test send: the address, and the server's reply or the error.
pub type TestResult = (String, Result<String, smtp::Failure>);

/// Test sends of render's copy (rendered with no list columns):
/// `[TEST]` subject, sample reader data, nothing recorded.
pub fn send_test(
    copy: &ReaderCopy,
    settings: &SendSettings,
    mailer: &Mailer,
    addresses: &[String],
    clock: &dyn Clock,
) -> Result<Vec<TestResult>, DeliverError> {
    let secret = std::env::var(&settings.secret_env).unwrap_or_else(|_| "test".into());
    let subject = format!("[TEST] {}", copy.rendered.plan.subject);
    let personalizer = Personalizer::new(copy, dkim(settings)?);
    let letter = Letter {
        send: settings,
        personalizer: &personalizer,
        list: "test",
        secret: secret.as_bytes(),
        subject: &subject,
        clock,
    };
    let mut results = Vec::new();
    let mut session = mailer.session();
    for address in addresses {
        let reader = SubscriberView {
            email: address.clone(),
            ..SubscriberView::sample()
        };
        let message = letter.to(&reader)?;
        results.push((address.clone(), session.send(&message)));
    }
    Ok(results)
}
