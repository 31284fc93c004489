//! What each entry's channels have done, read from the send ledger
//! (`sent.jsonl`, per recipient) and the schedule journal
//! (`schedule.jsonl`), and the state and warnings `schedule status` shows.

use std::path::Path;
use std::time::Duration;

use chrono::{DateTime, SecondsFormat, Utc};
use serde::Serialize;

use super::{journal, Channel, Entry, Schedule};
use crate::deliver::{ledger, subscribers};
use crate::issue_dir::IssueDir;

/// Where an entry stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum State {
    /// Nothing due yet.
    Planned,
    /// Something is due and `schedule run` will do it.
    Due,
    /// Every channel went out.
    Sent,
    /// Some channels went out, others not (yet).
    PartlySent,
    /// Nothing went out and something failed.
    Failed,
    /// Due longer ago than the grace period: left for the writer.
    Missed,
}

/// One channel of an entry.
#[derive(Debug, Clone, Serialize)]
pub struct ChannelStatus {
    /// `test`, `email` or `threads:<platform>`.
    pub channel: Channel,
    /// When it is due.
    pub due: DateTime<Utc>,
    /// It went out.
    pub done: bool,
    /// It was tried and failed (or, for email, left readers deferred).
    pub failed: bool,
}

/// An entry as `schedule status` shows it.
#[derive(Debug, Clone, Serialize)]
pub struct EntryStatus {
    /// The issue folder's name.
    pub issue: String,
    /// The send time on the entry's wall clock.
    pub send_at_local: String,
    /// The send time in UTC.
    pub send_at_utc: String,
    /// Where it stands.
    pub state: State,
    /// The list's subscribers (none without email).
    pub recipients: Option<usize>,
    /// Ledger counts: accepted, rejected, still deferred.
    pub accepted: usize,
    /// Refused for good.
    pub rejected: usize,
    /// Still failing after retries.
    pub deferred: usize,
    /// Every channel.
    pub channels: Vec<ChannelStatus>,
    /// What the writer should look at.
    pub warnings: Vec<String>,
    /// Notes (which issue `next` became).
    pub notes: Vec<String>,
}

struct EmailCounts {
    recipients: usize,
    accepted: usize,
    rejected: usize,
    deferred: usize,
    started: bool,
}

fn email_counts(entry: &Entry, list: &Path) -> EmailCounts {
    let entries = ledger::read(&IssueDir::new(&entry.dir).ledger(false))
        .map(|read| read.values)
        .unwrap_or_default();
    let readers: Vec<String> = subscribers::read(list)
        .map(|l| {
            l.subscribers
                .iter()
                .map(|s| s.email.to_lowercase())
                .collect()
        })
        .unwrap_or_default();
    let last: std::collections::HashMap<String, ledger::Outcome> = entries
        .iter()
        .map(|e| (e.recipient.to_lowercase(), e.outcome))
        .collect();
    let (accepted, rejected) = ledger::settled(&entries);
    let settled: std::collections::HashSet<&String> = accepted.iter().chain(&rejected).collect();
    let count = |o: ledger::Outcome| readers.iter().filter(|r| last.get(*r) == Some(&o)).count();
    EmailCounts {
        recipients: readers.len(),
        accepted: readers.iter().filter(|r| settled.contains(r)).count()
            - count(ledger::Outcome::Rejected),
        rejected: count(ledger::Outcome::Rejected),
        deferred: readers
            .iter()
            .filter(|r| !settled.contains(r) && last.contains_key(*r))
            .count(),
        started: !entries.is_empty(),
    }
}

fn channels(entry: &Entry, email: Option<&EmailCounts>) -> Vec<ChannelStatus> {
    let records = journal::read(&entry.dir);
    let from_journal = |channel: Channel, due| {
        let done = journal::done(&records, channel);
        let failed = !done && journal::tried(&records, channel);
        ChannelStatus {
            channel,
            due,
            done,
            failed,
        }
    };
    let mut all = Vec::new();
    if let Some(at) = entry.test_at {
        all.push(from_journal(Channel::Test, at));
    }
    if let Some(counts) = email {
        all.push(ChannelStatus {
            channel: Channel::Email,
            due: entry.send.utc,
            // Done once a run finished it (journalled), so readers who
            // join later do not get past issues; or, for sends journalled
            // before that record existed, when every reader is settled.
            done: journal::done(&records, Channel::Email)
                || (counts.started
                    && counts.deferred == 0
                    && counts.accepted + counts.rejected == counts.recipients),
            failed: counts.deferred > 0,
        });
    }
    for platform in &entry.threads {
        all.push(from_journal(Channel::Threads(*platform), entry.send.utc));
    }
    all
}

fn state(channels: &[ChannelStatus], now: DateTime<Utc>, grace: Duration) -> State {
    let done = channels.iter().filter(|c| c.done).count();
    let failed = channels.iter().any(|c| c.failed);
    let grace = chrono::Duration::from_std(grace).unwrap_or_default();
    match (done, failed) {
        (d, _) if d == channels.len() => State::Sent,
        (0, true) => State::Failed,
        (d, _) if d > 0 => State::PartlySent,
        _ if channels.iter().all(|c| now < c.due) => State::Planned,
        _ if channels
            .iter()
            .any(|c| now >= c.due && now - c.due <= grace) =>
        {
            State::Due
        }
        _ => State::Missed,
    }
}

/// Every entry's state at `now`, with warnings: past send times, two
/// sends on one day, days when the clocks change.
pub fn status(schedule: &Schedule, now: DateTime<Utc>) -> Vec<EntryStatus> {
    schedule
        .entries
        .iter()
        .map(|entry| {
            let email = entry.list.as_deref().map(|l| email_counts(entry, l));
            let channels = channels(entry, email.as_ref());
            let state = state(&channels, now, schedule.grace);
            let mut warnings: Vec<String> = entry.send.ambiguous.iter().cloned().collect();
            if matches!(state, State::Due | State::Missed) && entry.send.utc < now {
                warnings.push(format!(
                    "send time is in the past ({} ago)",
                    ago(now - entry.send.utc)
                ));
            }
            let same_day = schedule.entries.iter().filter(|other| {
                other.list.is_some()
                    && other.send.local.date_naive() == entry.send.local.date_naive()
            });
            if entry.list.is_some() && same_day.count() > 1 {
                warnings.push("another send goes out the same day".into());
            }
            if super::time::clocks_change_on(&entry.send.local) {
                warnings.push(format!(
                    "the clocks change in {} that day; check the time",
                    entry.send.local.timezone()
                ));
            }
            EntryStatus {
                issue: entry.issue.clone(),
                send_at_local: entry.send.local.format("%Y-%m-%d %H:%M %Z").to_string(),
                send_at_utc: entry.send.utc.to_rfc3339_opts(SecondsFormat::Secs, true),
                state,
                recipients: email.as_ref().map(|e| e.recipients),
                accepted: email.as_ref().map_or(0, |e| e.accepted),
                rejected: email.as_ref().map_or(0, |e| e.rejected),
                deferred: email.as_ref().map_or(0, |e| e.deferred),
                channels,
                warnings,
                notes: entry.notes.clone(),
            }
        })
        .collect()
}

pub(super) fn ago(span: chrono::Duration) -> String {
    match span.num_minutes() {
        m if m < 120 => format!("{m} min"),
        m if m < 48 * 60 => format!("{} h", m / 60),
        m => format!("{} days", m / 1440),
    }
}
