//! Deliver: a rendered issue in, a [`DeliveryReport`] out. Test sends to any
//! address and list sends to a subscriber CSV, over SMTP (lettre) or into a
//! file outbox when no server is configured; every list message recorded in
//! the issue's ledger before the next goes out ([`ledger`]).

pub mod ledger;
pub mod mailer;
pub mod message;
pub mod personal;
pub mod schedule;
pub mod smtp;
pub mod subscribers;
pub mod unsubscribe;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::Duration;

use chrono::Utc;
use lettre::message::dkim::{
    DkimCanonicalization, DkimCanonicalizationType, DkimConfig, DkimSigningAlgorithm,
    DkimSigningKey,
};
use lettre::message::header::HeaderName;
use lettre::Message;

use crate::render::view::SubscriberView;
use crate::render::Renderer;
use crate::settings::SendSettings;
use ledger::{Entry, Ledger, Lock, Outcome};
pub use mailer::{Mailer, Session};
use personal::Personalizer;

/// Why sending stopped.
#[derive(Debug, thiserror::Error)]
pub enum DeliverError {
    /// A subject or name would have written headers of its own.
    #[error("refusing to send: the {what} {value} contains a line break; remove it")]
    HeaderInjection {
        /// Which header.
        what: &'static str,
        /// The value.
        value: String,
    },
    /// A name holds a control character that has no place in a header.
    #[error("refusing to send: the {what} {value} contains a control character; remove it")]
    ControlCharacter {
        /// Which header.
        what: &'static str,
        /// The value, escaped.
        value: String,
    },
    /// An address does not parse.
    #[error(
        "`{address}` is not an email address ({message}); fix it in letterpress.yaml or the list"
    )]
    Address {
        /// The address.
        address: String,
        /// Why.
        message: String,
    },
    /// The message could not be assembled.
    #[error("cannot build the message: {0}")]
    Build(String),
    /// The SMTP URL is unusable.
    #[error("SMTP URL `{url}`: {message}; use smtp://host:port, smtps://host or smtp://host?tls=required")]
    SmtpUrl {
        /// The URL (without password).
        url: String,
        /// Why.
        message: String,
    },
    /// The subscriber list cannot be used.
    #[error("{}: {message}", path.display())]
    List {
        /// The list.
        path: PathBuf,
        /// Why.
        message: String,
    },
    /// The ledger cannot be read or written.
    #[error("{}: {message}; nothing more is sent until the ledger can be written", path.display())]
    Ledger {
        /// The ledger.
        path: PathBuf,
        /// Why.
        message: String,
    },
    /// Another send of the issue is running.
    #[error("{}: another letterpress send or schedule run is going on (process {holder}); wait for it — if no such process runs, delete this file", path.display())]
    Locked {
        /// The lock file.
        path: PathBuf,
        /// Its process id.
        holder: String,
    },
    /// The DKIM key cannot be used.
    #[error("DKIM key {}: {message}; give send.dkim.key_file a PKCS#1 PEM RSA key (or the base64 seed of an ed25519 key)", path.display())]
    Dkim {
        /// The key file.
        path: PathBuf,
        /// Why.
        message: String,
    },
    /// The SMTP server refuses the connection or the login.
    #[error("the SMTP server cannot be used: {0}; nothing more was sent — fix the server or the settings (send.smtp_url, the password variable) and run again: the ledger keeps who already has it")]
    Server(String),
    /// The unsubscribe secret is not set.
    #[error("environment variable {0} is not set: it holds the secret that signs unsubscribe links; set it (any long random string) and keep it")]
    NoSecret(String),
    /// The unsubscribe secret is empty (or only spaces).
    #[error("environment variable {0} is empty: it holds the secret that signs unsubscribe links, and an empty one lets anyone make them; set it to a long random string (the one earlier sends used, or their links stop working)")]
    EmptySecret(String),
    /// Rendering for a reader failed.
    #[error(transparent)]
    Render(#[from] crate::render::RenderError),
    /// Writing a file failed.
    #[error(transparent)]
    Io(#[from] crate::fsutil::FsError),
}

/// What a send did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DeliveryReport {
    /// Messages accepted now.
    pub accepted: usize,
    /// Recipients skipped because the ledger already settles them.
    pub already_sent: usize,
    /// Messages refused for good (5xx).
    pub rejected: usize,
    /// Messages still failing after every retry (4xx, connection).
    pub deferred: usize,
    /// Rows of the list left out (invalid, duplicate, unsubscribed).
    pub skipped_rows: usize,
}

/// The DKIM configuration of the settings, if signing is on.
pub fn dkim(settings: &SendSettings) -> Result<Option<DkimConfig>, DeliverError> {
    let Some(dkim) = &settings.dkim else {
        return Ok(None);
    };
    let error = |message: String| DeliverError::Dkim {
        path: dkim.key_file.clone(),
        message,
    };
    let pem = std::fs::read_to_string(&dkim.key_file).map_err(|e| error(e.to_string()))?;
    let algorithm = match dkim.algorithm.as_str() {
        "rsa" => DkimSigningAlgorithm::Rsa,
        "ed25519" => DkimSigningAlgorithm::Ed25519,
        other => return Err(error(format!("unknown algorithm `{other}`"))),
    };
    let key = DkimSigningKey::new(pem.trim(), algorithm).map_err(|e| error(format!("{e:?}")))?;
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

/// One reader's personalised message.
fn personal_message(
    renderer: &Renderer,
    personalizer: &Personalizer,
    reader: &SubscriberView,
    list: &str,
    secret: &[u8],
    subject: &str,
) -> Result<Message, DeliverError> {
    let send = &renderer.settings().send;
    let token = message::token(secret, list, &reader.email);
    let link = message::unsubscribe_link(&send.unsubscribe_url, list, &reader.email, &token);
    let (html, text) = personalizer.fill(reader, &link);
    let mut message = message::build(message::Parts {
        from: &send.from,
        reply_to: send.reply_to.as_deref(),
        to: &reader.email,
        to_name: &reader.name,
        subject,
        text,
        html,
        unsubscribe_link: &link,
        unsubscribe_mailto: &send.unsubscribe_mailto,
        token: &token,
    })?;
    if let Some(config) = personalizer.dkim() {
        message.sign(config);
    }
    Ok(message)
}

/// One test send: the address, and the server's reply or the error.
pub type TestResult = (String, Result<String, String>);

/// Test sends: `[TEST]` subject, sample reader data, nothing recorded.
pub fn send_test(
    renderer: &Renderer,
    dir: &Path,
    plan: &crate::plan::IssuePlan,
    mailer: &Mailer,
    addresses: &[String],
) -> Result<Vec<TestResult>, DeliverError> {
    let secret =
        std::env::var(&renderer.settings().send.secret_env).unwrap_or_else(|_| "test".into());
    let subject = format!("[TEST] {}", plan.subject);
    let personalizer = Personalizer::new(renderer, dir, plan, &[])?;
    let mut results = Vec::new();
    let mut session = mailer.session();
    for address in addresses {
        let reader = SubscriberView {
            email: address.clone(),
            ..SubscriberView::sample()
        };
        let message = personal_message(
            renderer,
            &personalizer,
            &reader,
            "test",
            secret.as_bytes(),
            &subject,
        )?;
        results.push((
            address.clone(),
            session.send(&message).map_err(|f| f.message),
        ));
    }
    Ok(results)
}

/// A list send: every subscriber the ledger does not already settle, each
/// message recorded before the next; temporary failures retried with
/// growing waits, permanent ones recorded and not retried.
pub fn send_list(
    renderer: &Renderer,
    dir: &Path,
    plan: &crate::plan::IssuePlan,
    mailer: &Mailer,
    list_path: &Path,
    progress: &indicatif::ProgressBar,
) -> Result<(DeliveryReport, subscribers::List), DeliverError> {
    let send = &renderer.settings().send;
    let secret = unsubscribe::secret(&send.secret_env)?;
    let delays: Vec<Duration> = send
        .retry_delays
        .iter()
        .map(|s| crate::settings::seconds(*s))
        .collect();
    let list_name = &send.list_name;
    let list = subscribers::read(list_path)?;
    let _lock = Lock::take(dir)?;
    let (journal, entries) = Ledger::open(dir)?;
    let settled = ledger::settled(&entries);
    let pending: Vec<&subscribers::Subscriber> = list
        .subscribers
        .iter()
        .filter(|s| !settled.contains(&s.email.to_lowercase()))
        .collect();
    let report = Mutex::new(DeliveryReport {
        skipped_rows: list.skipped.len(),
        already_sent: list.subscribers.len() - pending.len(),
        ..DeliveryReport::default()
    });
    let fields: Vec<String> = list
        .subscribers
        .first()
        .map(|s| s.fields.keys().cloned().collect())
        .unwrap_or_default();
    let personalizer = Personalizer::new(renderer, dir, plan, &fields)?;
    let next = AtomicUsize::new(0);
    let pacer = Pacer::new(send.rate);
    progress.set_length(pending.len() as u64);
    let failure: Mutex<Option<DeliverError>> = Mutex::new(None);
    // Each worker takes the next reader, renders, sends, and records the
    // outcome before taking another: at most `connections` messages are in
    // flight when the process dies.
    let worker = || {
        let mut session = mailer.session();
        loop {
            let index = next.fetch_add(1, Ordering::SeqCst);
            let Some(subscriber) = pending.get(index) else {
                return;
            };
            if failure.lock().map_or(true, |f| f.is_some()) {
                return;
            }
            pacer.wait();
            let result = send_one(
                renderer,
                &personalizer,
                plan,
                &mut session,
                subscriber,
                list_name,
                &secret,
                &delays,
                &journal,
            );
            match result {
                Ok(outcome) => {
                    progress.inc(1);
                    let mut report = report.lock().unwrap_or_else(|e| e.into_inner());
                    match outcome {
                        Outcome::Accepted => report.accepted += 1,
                        Outcome::Rejected => report.rejected += 1,
                        Outcome::Deferred => report.deferred += 1,
                    }
                }
                Err(e) => {
                    *failure.lock().unwrap_or_else(|e| e.into_inner()) = Some(e);
                    return;
                }
            }
        }
    };
    std::thread::scope(|scope| {
        for _ in 0..send.connections.max(1) {
            scope.spawn(worker);
        }
    });
    if let Some(e) = failure.into_inner().unwrap_or_else(|e| e.into_inner()) {
        return Err(e);
    }
    Ok((report.into_inner().unwrap_or_else(|e| e.into_inner()), list))
}

/// Spaces messages out to at most `rate` a second across all workers.
struct Pacer {
    interval: Option<Duration>,
    next: Mutex<std::time::Instant>,
}

impl Pacer {
    fn new(rate: Option<f64>) -> Pacer {
        Pacer {
            interval: rate
                .filter(|r| *r > 0.0)
                .map(|r| Duration::from_secs_f64(1.0 / r)),
            next: Mutex::new(std::time::Instant::now()),
        }
    }

    /// Waits for this worker's turn.
    fn wait(&self) {
        let Some(interval) = self.interval else {
            return;
        };
        let at = {
            let mut next = self.next.lock().unwrap_or_else(|e| e.into_inner());
            let now = std::time::Instant::now();
            let at = (*next).max(now);
            *next = at + interval;
            at
        };
        std::thread::sleep(at.saturating_duration_since(std::time::Instant::now()));
    }
}

/// Renders, sends and records one reader's message.
#[allow(clippy::too_many_arguments)] // one call site; a struct would only rename them
fn send_one(
    renderer: &Renderer,
    personalizer: &Personalizer,
    plan: &crate::plan::IssuePlan,
    session: &mut Session,
    subscriber: &subscribers::Subscriber,
    list_name: &str,
    secret: &str,
    delays: &[Duration],
    journal: &Ledger,
) -> Result<Outcome, DeliverError> {
    let reader = SubscriberView {
        email: subscriber.email.clone(),
        name: subscriber.name.clone(),
        fields: subscriber.fields.clone(),
    };
    let message = personal_message(
        renderer,
        personalizer,
        &reader,
        list_name,
        secret.as_bytes(),
        &plan.subject,
    )?;
    let message_id = message
        .headers()
        .get_raw("Message-ID")
        .unwrap_or_default()
        .to_string();
    let (outcome, reply) =
        deliver_with_retries(session, &message, delays).map_err(DeliverError::Server)?;
    journal.append(&Entry {
        recipient: subscriber.email.clone(),
        message_id,
        outcome,
        reply,
        time: Utc::now(),
    })?;
    Ok(outcome)
}

/// The reader's outcome and the server's reply; `Err` when the server
/// itself cannot be used (it refuses our login, or stays unreachable
/// through every retry): no reader is to blame, so none is recorded.
fn deliver_with_retries(
    session: &mut Session,
    message: &Message,
    delays: &[Duration],
) -> Result<(Outcome, String), String> {
    let mut last = smtp::Failure {
        permanent: false,
        connection_lost: false,
        during_connect: false,
        message: String::new(),
    };
    for attempt in 0..=delays.len() {
        match session.send(message) {
            Ok(reply) => return Ok((Outcome::Accepted, reply)),
            Err(failure) if failure.permanent && failure.during_connect => {
                return Err(failure.message)
            }
            Err(failure) if failure.permanent => return Ok((Outcome::Rejected, failure.message)),
            Err(failure) => last = failure,
        }
        if let Some(delay) = delays.get(attempt) {
            std::thread::sleep(*delay);
        }
    }
    if last.during_connect {
        return Err(last.message);
    }
    Ok((Outcome::Deferred, last.message))
}
