//! The server's health during a list send, judged from every worker's
//! outcomes together, so that a refusal aimed at everyone is not charged to
//! the readers one by one:
//!
//! - a refusal of the sender or of `DATA`, or of the login, stops the send
//!   (it would refuse every message; nobody is recorded);
//! - [`SAME_REFUSALS`] readers in a row refused with the same permanent
//!   reply stop the send too: refusals are held back, not recorded, until
//!   another outcome shows they were the readers' own;
//! - `421`, a server that cannot be reached once the send is under way, or
//!   [`SAME_DEFERRALS`] readers in a row with the same temporary reply, is
//!   an outage: every connection pauses (growing waits), nobody's retries
//!   are used up, and an outage longer than the window stops the send
//!   cleanly for the next run to resume.
//!
//! Per-reader temporary refusals (greylisting) keep their own retries.

use std::collections::HashSet;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::ledger::Entry;
use super::smtp::{Failure, Stage};

/// Readers in a row refused with the same permanent reply: the server's
/// refusal (a size limit, a policy, a quota), not theirs.
pub(crate) const SAME_REFUSALS: usize = 5;
/// Distinct readers in a row with the same temporary reply: an outage.
pub(crate) const SAME_DEFERRALS: usize = 3;
const FIRST_PAUSE: Duration = Duration::from_millis(500);
const LONGEST_PAUSE: Duration = Duration::from_secs(30);

/// Why a send was stopped: the server refuses everyone, not one reader.
/// Each keeps the failure that decided it (shared by every worker).
#[derive(Debug, Clone, thiserror::Error)]
pub enum Stop {
    /// The server cannot be reached before any message went through.
    #[error("cannot connect: {0}")]
    Connect(#[source] Arc<Failure>),
    /// The server refused the login, the sender or `DATA`: every message
    /// alike.
    #[error("{what}: {failure}")]
    Refused {
        /// What was refused.
        what: &'static str,
        /// The refusal.
        #[source]
        failure: Arc<Failure>,
    },
    /// [`SAME_REFUSALS`] readers in a row refused with the same reply.
    #[error("the server refused {readers} readers in a row with the same reply, so it refuses the message, not them: {failure}")]
    SameRefusals {
        /// How many readers.
        readers: usize,
        /// The last refusal.
        #[source]
        failure: Arc<Failure>,
    },
    /// An outage longer than `send.outage_window`.
    #[error("the server has refused every reader for {seconds} s (longer than send.outage_window): {failure}")]
    Outage {
        /// How long it has lasted.
        seconds: u64,
        /// The last failure.
        #[source]
        failure: Arc<Failure>,
    },
}

/// What a worker does after a failure.
#[derive(Debug)]
pub(crate) enum Verdict {
    /// Stop the whole send.
    Stop(Stop),
    /// The server refuses everyone for now: wait, then try the same reader
    /// again without counting it as one of its retries.
    Outage,
    /// The reader's refusal is held (or recorded through the entries
    /// returned with it); go on with the next reader.
    Refused,
    /// A temporary failure of this reader: use one of its retries.
    Retry,
}

impl PartialEq for Verdict {
    /// The same verdict; two stops are the same when they say the same.
    fn eq(&self, other: &Verdict) -> bool {
        match (self, other) {
            (Verdict::Stop(a), Verdict::Stop(b)) => a.to_string() == b.to_string(),
            _ => std::mem::discriminant(self) == std::mem::discriminant(other),
        }
    }
}

/// Shared by every worker of one list send.
pub(crate) struct Health {
    state: Mutex<State>,
    window: Duration,
}

#[derive(Default)]
struct State {
    /// Permanent refusals not yet recorded, all with the same reply.
    held: Vec<Entry>,
    /// The temporary reply readers got in a row, and which readers.
    deferrals: Option<(String, HashSet<String>)>,
    /// Whether a message was accepted in this run.
    accepted_any: bool,
    outage_since: Option<Instant>,
    paused_until: Option<Instant>,
    pause: Duration,
    stopped: Option<Stop>,
}

impl Health {
    /// A fresh send; an outage longer than `window` stops it.
    pub(crate) fn new(window: Duration) -> Health {
        Health {
            state: Mutex::new(State {
                pause: FIRST_PAUSE,
                ..State::default()
            }),
            window,
        }
    }

    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Waits out a pause; `Err` once the send has been stopped.
    pub(crate) fn wait(&self) -> Result<(), Stop> {
        loop {
            let until = {
                let state = self.state();
                if let Some(why) = &state.stopped {
                    return Err(why.clone());
                }
                match state.paused_until {
                    Some(until) if until > Instant::now() => until,
                    _ => return Ok(()),
                }
            };
            // Short naps, so a stop by another worker is seen soon.
            let left = until.saturating_duration_since(Instant::now());
            std::thread::sleep(left.min(Duration::from_millis(100)));
        }
    }

    /// A message was accepted: the held refusals were the readers' own and
    /// are returned to be recorded; an outage is over.
    pub(crate) fn accepted(&self) -> Vec<Entry> {
        let mut state = self.state();
        state.accepted_any = true;
        state.deferrals = None;
        state.outage_since = None;
        state.paused_until = None;
        state.pause = FIRST_PAUSE;
        std::mem::take(&mut state.held)
    }

    /// What to do after `failure` of the message `entry` (outcome and reply
    /// still to fill in), and the held refusals now known to be the
    /// readers' own, to be recorded.
    pub(crate) fn failed(&self, failure: &Arc<Failure>, entry: Entry) -> (Verdict, Vec<Entry>) {
        let mut state = self.state();
        if let Some(why) = &state.stopped {
            return (Verdict::Stop(why.clone()), Vec::new());
        }
        let verdict = if failure.is_permanent() {
            return self.refused(&mut state, failure, entry);
        } else if failure.code() == Some(421)
            || (failure.during_connect() && (state.accepted_any || state.outage_since.is_some()))
            || state.same_deferral(&failure.to_string(), &entry.recipient)
        {
            self.outage(&mut state, failure)
        } else if failure.during_connect() {
            stop(&mut state, Stop::Connect(Arc::clone(failure)))
        } else {
            Verdict::Retry
        };
        (verdict, Vec::new())
    }

    fn refused(
        &self,
        state: &mut State,
        failure: &Arc<Failure>,
        entry: Entry,
    ) -> (Verdict, Vec<Entry>) {
        let everyone = match failure.stage() {
            Stage::Connect => Some("the server refused the connection or the login"),
            Stage::Mail => Some("the server refuses our sender (MAIL FROM)"),
            Stage::Data => Some("the server refuses to take a message (DATA)"),
            Stage::Rcpt | Stage::Message => None,
        };
        if let Some(what) = everyone {
            let failure = Arc::clone(failure);
            return (stop(state, Stop::Refused { what, failure }), Vec::new());
        }
        if mailbox_specific(&failure.to_string()) {
            return (Verdict::Refused, vec![entry]);
        }
        // A different reply ends the run of identical ones: those were the
        // readers' own refusals.
        let mut settled = Vec::new();
        if state.held.first().is_some_and(|h| h.reply != entry.reply) {
            settled = std::mem::take(&mut state.held);
        }
        state.held.push(entry);
        if state.held.len() >= SAME_REFUSALS {
            let why = Stop::SameRefusals {
                readers: state.held.len(),
                failure: Arc::clone(failure),
            };
            state.held.clear();
            return (stop(state, why), settled);
        }
        (Verdict::Refused, settled)
    }

    fn outage(&self, state: &mut State, failure: &Arc<Failure>) -> Verdict {
        let now = Instant::now();
        let since = *state.outage_since.get_or_insert(now);
        if now.duration_since(since) > self.window {
            let why = Stop::Outage {
                seconds: now.duration_since(since).as_secs(),
                failure: Arc::clone(failure),
            };
            return stop(state, why);
        }
        // Failures of messages sent before the pause began do not lengthen it.
        if state.paused_until.is_none_or(|until| until <= now) {
            state.paused_until = Some(now + state.pause);
            state.pause = (state.pause * 2).min(LONGEST_PAUSE);
        }
        Verdict::Outage
    }

    /// The refusals still held when the send ends: too few in a row to be
    /// the server's, so the readers' own.
    pub(crate) fn finish(&self) -> Vec<Entry> {
        std::mem::take(&mut self.state().held)
    }
}

impl State {
    /// Counts `reply` for `reader`; whether enough distinct readers in a
    /// row got it to call it an outage.
    fn same_deferral(&mut self, reply: &str, reader: &str) -> bool {
        match &mut self.deferrals {
            Some((last, readers)) if last == reply => {
                readers.insert(reader.to_lowercase());
                readers.len() >= SAME_DEFERRALS
            }
            other => {
                *other = Some((reply.to_string(), HashSet::from([reader.to_lowercase()])));
                false
            }
        }
    }
}

fn stop(state: &mut State, why: Stop) -> Verdict {
    state.stopped.get_or_insert(why.clone());
    Verdict::Stop(why)
}

/// Whether a refusal names the mailbox itself (RFC 3463 enhanced status
/// 5.1.x address, 5.2.x mailbox): never the server refusing everyone.
fn mailbox_specific(reply: &str) -> bool {
    reply
        .split(|c: char| c.is_whitespace() || c == ':')
        .any(|word| word.starts_with("5.1.") || word.starts_with("5.2."))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deliver::failure::scripted::mail_error;
    use crate::deliver::ledger::Outcome;

    fn entry(to: &str, reply: &str) -> Entry {
        Entry {
            recipient: to.into(),
            message_id: String::new(),
            outcome: Outcome::Rejected,
            reply: reply.into(),
            time: chrono::DateTime::UNIX_EPOCH,
        }
    }

    /// A real refusal (lettre's error for the reply `message`, which
    /// starts with its code) at `stage`.
    fn failure(permanent: bool, stage: Stage, code: u16, message: &str) -> Arc<Failure> {
        let failure = Failure::from(mail_error(message)).at(stage);
        assert_eq!(
            (failure.is_permanent(), failure.code()),
            (permanent, Some(code))
        );
        Arc::new(failure)
    }

    #[test]
    fn identical_refusals_in_a_row_stop_and_are_never_recorded() {
        let health = Health::new(Duration::from_secs(60));
        let reply = "552 message too big";
        let refuse = failure(true, Stage::Message, 552, reply);
        for i in 0..SAME_REFUSALS - 1 {
            let (verdict, record) = health.failed(&refuse, entry(&format!("r{i}@x"), reply));
            assert_eq!((verdict, record.len()), (Verdict::Refused, 0));
        }
        let (verdict, record) = health.failed(&refuse, entry("last@x", reply));
        assert!(matches!(verdict, Verdict::Stop(_)), "{verdict:?}");
        assert!(record.is_empty() && health.finish().is_empty());
        assert!(health.wait().is_err(), "the other workers stop too");
    }

    #[test]
    fn an_acceptance_releases_held_refusals_to_be_recorded() {
        let health = Health::new(Duration::from_secs(60));
        let refuse = failure(true, Stage::Rcpt, 550, "550 no");
        let _ = health.failed(&refuse, entry("a@x", "550 no"));
        let _ = health.failed(&refuse, entry("b@x", "550 no"));
        assert_eq!(health.accepted().len(), 2);
        assert!(health.finish().is_empty());
    }

    #[test]
    fn mailbox_refusals_are_recorded_at_once_and_sender_refusals_stop() {
        let health = Health::new(Duration::from_secs(60));
        let unknown = failure(true, Stage::Rcpt, 550, "550 5.1.1 User unknown");
        let (verdict, record) = health.failed(&unknown, entry("a@x", "550 5.1.1"));
        assert_eq!((verdict, record.len()), (Verdict::Refused, 1));
        let sender = failure(true, Stage::Mail, 553, "553 sender rejected");
        let (verdict, _) = health.failed(&sender, entry("b@x", "553"));
        assert!(matches!(verdict, Verdict::Stop(_)));
    }

    #[test]
    fn the_same_deferral_for_several_readers_is_an_outage_but_one_reader_is_not() {
        let health = Health::new(Duration::from_secs(60));
        let busy = failure(false, Stage::Rcpt, 450, "450 try later");
        for _ in 0..5 {
            let (verdict, _) = health.failed(&busy, entry("grey@x", ""));
            assert_eq!(verdict, Verdict::Retry, "one reader greylisted");
        }
        let _ = health.failed(&busy, entry("b@x", ""));
        let (verdict, _) = health.failed(&busy, entry("c@x", ""));
        assert_eq!(verdict, Verdict::Outage);
        let closing = failure(false, Stage::Rcpt, 421, "421 closing");
        let _ = health.accepted();
        assert_eq!(health.failed(&closing, entry("d@x", "")).0, Verdict::Outage);
    }

    #[test]
    fn an_outage_longer_than_the_window_stops() {
        let health = Health::new(Duration::ZERO);
        let closing = failure(false, Stage::Rcpt, 421, "421 closing");
        let _ = health.failed(&closing, entry("a@x", ""));
        std::thread::sleep(Duration::from_millis(5));
        let (verdict, _) = health.failed(&closing, entry("b@x", ""));
        assert!(matches!(verdict, Verdict::Stop(_)), "{verdict:?}");
    }
}
