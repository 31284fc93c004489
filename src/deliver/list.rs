//! A list send: every reader the ledger does not already settle, each
//! message recorded before the worker takes the next, under the issue's
//! lock. Temporary failures of one reader use its retries; refusals aimed
//! at everyone stop or pause the whole send (`health`).

use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::health::{Health, Verdict};
use super::ledger::{self, Entry, Ledger, Lock, Outcome};
use super::personal::Personalizer;
use super::subscribers::{self, Subscriber};
use super::{DeliverError, DeliveryReport, Letter, Mailer, Session};
use crate::clock::Clock;
use crate::render::view::SubscriberView;
use crate::render::ReaderCopy;
use crate::settings::SendSettings;

/// What a list send needs, besides the rendered issue.
pub struct ListSend<'a> {
    /// The issue folder (its ledger and lock).
    pub dir: &'a Path,
    /// The send settings.
    pub settings: &'a SendSettings,
    /// Where messages go.
    pub mailer: &'a Mailer,
    /// The subscriber CSV.
    pub list: &'a Path,
    /// Send again to readers the server refused for good before.
    pub retry_rejected: bool,
    /// Told `(done, total)` as readers are settled.
    pub progress: &'a (dyn Fn(usize, usize) + Sync),
    /// Stamps the ledger's lines and the messages' ids.
    pub clock: &'a dyn Clock,
}

/// Who a send would reach, worked out without sending or recording.
pub struct Audience {
    /// The list as read.
    pub list: subscribers::List,
    /// Indexes into `list.subscribers` of the readers still to send to.
    pub pending: Vec<usize>,
    /// Counts so far: already sent, rejected before, rows skipped.
    pub report: DeliveryReport,
}

/// Reads the list and the ledger (the outbox's own when `mailer` is the
/// outbox): who still gets the issue.
pub fn audience(send: &ListSend<'_>) -> Result<Audience, DeliverError> {
    let list = subscribers::read(send.list)?;
    let read = ledger::read(&ledger::path(send.dir, send.mailer.is_outbox()))?;
    let (accepted, rejected) = ledger::settled(&read.values);
    let mut report = DeliveryReport {
        skipped_rows: list.skipped.len(),
        warnings: read.skipped,
        outbox: send.mailer.is_outbox(),
        ..DeliveryReport::default()
    };
    let mut pending = Vec::new();
    for (index, reader) in list.subscribers.iter().enumerate() {
        let address = reader.email.to_lowercase();
        if accepted.contains(&address) {
            report.already_sent += 1;
        } else if rejected.contains(&address) && !send.retry_rejected {
            report.rejected_before += 1;
        } else {
            pending.push(index);
        }
    }
    Ok(Audience {
        list,
        pending,
        report,
    })
}

/// The list's columns besides address and name: the reader values render
/// puts a mark for ([`crate::render::Renderer::reader_copy`]).
pub fn columns(list: &subscribers::List) -> Vec<String> {
    list.subscribers
        .first()
        .map(|s| s.fields.keys().cloned().collect())
        .unwrap_or_default()
}

/// Sends render's copy of the issue (rendered for the list's
/// [`columns`]) to every reader still due, `connections` at a time.
pub fn send_list(
    send: &ListSend<'_>,
    copy: &ReaderCopy,
) -> Result<(DeliveryReport, subscribers::List), DeliverError> {
    let settings = send.settings;
    let secret = super::unsubscribe::secret(&settings.secret_env)?;
    let _lock = Lock::take(send.dir)?;
    // Read under the lock: a send that ran meanwhile is in the ledger.
    let audience = audience(send)?;
    let journal = Ledger::open(send.dir, send.mailer.is_outbox())?;
    let personalizer = Personalizer::new(copy, super::dkim(settings)?);
    let run = Run {
        send,
        letter: Letter {
            send: settings,
            personalizer: &personalizer,
            list: &settings.list_name,
            secret: secret.as_bytes(),
            subject: &copy.rendered.plan.subject,
            clock: send.clock,
        },
        journal: &journal,
        delays: settings
            .retry_delays
            .iter()
            .map(|s| crate::settings::seconds(*s))
            .collect(),
        health: Health::new(crate::settings::seconds(settings.outage_window)),
        pacer: Pacer::new(settings.rate),
        report: Mutex::new(audience.report),
        done: AtomicUsize::new(0),
        total: audience.pending.len(),
    };
    let readers: Vec<&Subscriber> = audience
        .pending
        .iter()
        .map(|&i| &audience.list.subscribers[i])
        .collect();
    (send.progress)(0, run.total);
    let next = AtomicUsize::new(0);
    let failure: Mutex<Option<DeliverError>> = Mutex::new(None);
    // Each worker takes the next reader, sends, and records the outcome
    // before taking another: at most `connections` messages are in flight
    // when the process dies.
    let worker = || {
        let mut session = send.mailer.session();
        while let Some(reader) = readers.get(next.fetch_add(1, Ordering::SeqCst)) {
            if let Err(e) = run.one(&mut session, reader) {
                let mut first = failure.lock().unwrap_or_else(|e| e.into_inner());
                first.get_or_insert(e);
                return;
            }
        }
    };
    std::thread::scope(|scope| {
        for _ in 0..settings.connections.clamp(1, super::MAX_CONNECTIONS) {
            scope.spawn(worker);
        }
    });
    // Refusals held back as possibly the server's, now known to be the
    // readers' own — unless the send was stopped for them.
    let stopped = failure.into_inner().unwrap_or_else(|e| e.into_inner());
    run.record_all(run.health.finish())?;
    if let Some(e) = stopped {
        return Err(e);
    }
    let report = run.report.into_inner().unwrap_or_else(|e| e.into_inner());
    Ok((report, audience.list))
}

/// What every worker of one send shares.
struct Run<'a> {
    send: &'a ListSend<'a>,
    letter: Letter<'a>,
    journal: &'a Ledger,
    delays: Vec<Duration>,
    health: Health,
    pacer: Pacer,
    report: Mutex<DeliveryReport>,
    done: AtomicUsize,
    total: usize,
}

impl Run<'_> {
    /// Sends one reader's message until it is settled, deferred, or the
    /// whole send stops.
    fn one(&self, session: &mut Session, subscriber: &Subscriber) -> Result<(), DeliverError> {
        let reader = SubscriberView {
            email: subscriber.email.clone(),
            name: subscriber.name.clone(),
            fields: subscriber.fields.clone(),
        };
        let message = self.letter.to(&reader)?;
        let entry = |outcome: Outcome, reply: String| Entry {
            recipient: subscriber.email.clone(),
            message_id: message
                .headers()
                .get_raw("Message-ID")
                .unwrap_or_default()
                .to_string(),
            outcome,
            reply,
            time: self.letter.clock.now(),
        };
        let mut retries = self.delays.iter();
        loop {
            self.health.wait().map_err(DeliverError::Server)?;
            self.pacer.wait();
            let failure = match session.send(&message) {
                Ok(reply) => {
                    self.record_all(self.health.accepted())?;
                    return self.record(entry(Outcome::Accepted, reply));
                }
                Err(failure) => Arc::new(failure),
            };
            // The ledger keeps what the server (or the network) said.
            let said = failure.to_string();
            let refused = entry(Outcome::Rejected, said.clone());
            let (verdict, settled) = self.health.failed(&failure, refused);
            self.record_all(settled)?;
            match verdict {
                Verdict::Stop(why) => return Err(DeliverError::Server(why)),
                Verdict::Outage => continue,
                Verdict::Refused => return Ok(()),
                Verdict::Retry => match retries.next() {
                    Some(delay) => std::thread::sleep(*delay),
                    None => return self.record(entry(Outcome::Deferred, said)),
                },
            }
        }
    }

    fn record_all(&self, entries: Vec<Entry>) -> Result<(), DeliverError> {
        entries.into_iter().try_for_each(|e| self.record(e))
    }

    /// Writes one outcome to the ledger (synced) and counts it.
    fn record(&self, entry: Entry) -> Result<(), DeliverError> {
        self.journal.append(&entry)?;
        {
            let mut report = self.report.lock().unwrap_or_else(|e| e.into_inner());
            match entry.outcome {
                Outcome::Accepted => report.accepted += 1,
                Outcome::Rejected => report.rejected += 1,
                Outcome::Deferred => report.deferred += 1,
            }
        }
        let done = self.done.fetch_add(1, Ordering::SeqCst) + 1;
        (self.send.progress)(done, self.total);
        Ok(())
    }
}

/// Spaces messages out to at most `rate` a second across all workers.
struct Pacer {
    interval: Option<Duration>,
    next: Mutex<Instant>,
}

impl Pacer {
    fn new(rate: Option<f64>) -> Pacer {
        Pacer {
            interval: rate
                .filter(|r| r.is_finite() && *r > 0.0)
                .map(|r| crate::settings::seconds(1.0 / r.min(1_000_000.0))),
            next: Mutex::new(Instant::now()),
        }
    }

    /// Waits for this worker's turn.
    fn wait(&self) {
        let Some(interval) = self.interval else {
            return;
        };
        let at = {
            let mut next = self.next.lock().unwrap_or_else(|e| e.into_inner());
            let now = Instant::now();
            let at = (*next).max(now);
            *next = at + interval;
            at
        };
        std::thread::sleep(at.saturating_duration_since(Instant::now()));
    }
}
