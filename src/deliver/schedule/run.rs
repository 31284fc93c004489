//! What each entry's channels have done (from the send ledger and the
//! schedule journal), and doing what is due: test copies, the list send
//! (through the same path and ledger as `send`), thread drafts.

use std::path::Path;
use std::time::Duration;

use chrono::{DateTime, SecondsFormat, Utc};
use serde::Serialize;

use super::{journal, Entry, Schedule};
use crate::deliver::{self, ledger, subscribers, Mailer};
use crate::plan::issue_file;
use crate::render::threads::{self, Platform};
use crate::render::Renderer;

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
    pub channel: String,
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
    let entries = ledger::read(&entry.dir.join(ledger::FILE_NAME)).unwrap_or_default();
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
    let settled = ledger::settled(&entries);
    let count = |o: ledger::Outcome| readers.iter().filter(|r| last.get(*r) == Some(&o)).count();
    EmailCounts {
        recipients: readers.len(),
        accepted: readers.iter().filter(|r| settled.contains(*r)).count()
            - count(ledger::Outcome::Rejected),
        rejected: count(ledger::Outcome::Rejected),
        deferred: readers
            .iter()
            .filter(|r| !settled.contains(*r) && last.contains_key(*r))
            .count(),
        started: !entries.is_empty(),
    }
}

fn channels(entry: &Entry, email: Option<&EmailCounts>) -> Vec<ChannelStatus> {
    let records = journal::read(&entry.dir);
    let from_journal = |channel: String, due| {
        let done = journal::done(&records, &channel);
        let failed = !done && records.iter().any(|r| r.channel == channel);
        ChannelStatus {
            channel,
            due,
            done,
            failed,
        }
    };
    let mut all = Vec::new();
    if let Some(at) = entry.test_at {
        all.push(from_journal("test".into(), at));
    }
    if let Some(counts) = email {
        all.push(ChannelStatus {
            channel: "email".into(),
            due: entry.send.utc,
            done: counts.started
                && counts.deferred == 0
                && counts.accepted + counts.rejected == counts.recipients,
            failed: counts.deferred > 0,
        });
    }
    for platform in &entry.threads {
        all.push(from_journal(
            format!("threads:{}", platform.as_str()),
            entry.send.utc,
        ));
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

fn ago(span: chrono::Duration) -> String {
    match span.num_minutes() {
        m if m < 120 => format!("{m} min"),
        m if m < 48 * 60 => format!("{} h", m / 60),
        m => format!("{} days", m / 1440),
    }
}

/// How `schedule run` runs.
pub struct RunOptions<'a> {
    /// The time to act as if it were.
    pub now: DateTime<Utc>,
    /// Say what would happen, touch nothing.
    pub dry_run: bool,
    /// The SMTP server (`--smtp` or the settings); none: the outbox.
    pub smtp_url: Option<String>,
    /// The renderer, with the plan folder's settings and templates.
    pub renderer: &'a Renderer,
}

/// What a run did: one line per action, and how many failed.
#[derive(Debug, Default)]
pub struct RunReport {
    /// Human-readable lines, one per channel done (or, dry, to do).
    pub lines: Vec<String>,
    /// Channels missed by more than the grace period: left for the writer.
    pub warnings: Vec<String>,
    /// Channels that failed.
    pub failures: usize,
}

/// Does every due channel of every entry once, under `schedule.lock`.
pub fn run(schedule: &Schedule, options: &RunOptions) -> Result<RunReport, deliver::DeliverError> {
    let _lock = if options.dry_run {
        None
    } else {
        Some(ledger::Lock::at(schedule.root.join("schedule.lock"))?)
    };
    let mut report = RunReport::default();
    let statuses = status(schedule, options.now);
    let grace = chrono::Duration::from_std(schedule.grace).unwrap_or_default();
    for (entry, entry_status) in schedule.entries.iter().zip(&statuses) {
        for channel in &entry_status.channels {
            if channel.done || options.now < channel.due {
                continue;
            }
            let resuming =
                channel.channel == "email" && entry_status.accepted + entry_status.rejected > 0;
            let late = options.now - channel.due;
            let what = format!("{} {}", entry.issue, channel.channel);
            if late > grace && !resuming {
                report.warnings.push(format!(
                    "{what}: missed — due {} ago, more than the grace period ({}); not sent. Send it by hand or move its send_at",
                    ago(late),
                    ago(grace)
                ));
                continue;
            }
            if options.dry_run {
                report.lines.push(format!(
                    "{what}: would go out now (due {})",
                    channel.due.to_rfc3339_opts(SecondsFormat::Secs, true)
                ));
                continue;
            }
            match do_channel(entry, &channel.channel, options) {
                Ok(line) => report.lines.push(format!("{what}: {line}")),
                Err(line) => {
                    report.failures += 1;
                    report.lines.push(format!("{what}: {line}"));
                }
            }
        }
    }
    Ok(report)
}

fn do_channel(entry: &Entry, channel: &str, options: &RunOptions) -> Result<String, String> {
    let renderer = options.renderer;
    let (plan, _) =
        issue_file::read(&entry.dir.join(issue_file::FILE_NAME)).map_err(|e| e.to_string())?;
    let settings = renderer.settings();
    let mailer = || {
        Mailer::new(options.smtp_url.as_deref(), &settings.send, &plan.week)
            .map_err(|e| e.to_string())
    };
    let record = |done: bool, detail: String| {
        let record = journal::Record {
            channel: channel.to_string(),
            done,
            detail: detail.clone(),
            time: Utc::now(),
        };
        journal::append(&entry.dir, &record).map_err(|e| e.to_string())?;
        if done {
            Ok(detail)
        } else {
            Err(detail)
        }
    };
    if channel == "test" {
        let results = deliver::send_test(renderer, &entry.dir, &plan, &mailer()?, &entry.tests)
            .map_err(|e| e.to_string())?;
        let failed: Vec<String> = results
            .iter()
            .filter_map(|(a, r)| r.as_ref().err().map(|e| format!("{a}: {e}")))
            .collect();
        return if failed.is_empty() {
            record(
                true,
                format!("test copies sent to {}", entry.tests.join(", ")),
            )
        } else {
            record(false, format!("test send failed: {}", failed.join("; ")))
        };
    }
    if channel == "email" {
        let list = entry.list.as_deref().ok_or("no list")?;
        let (sent, _) = deliver::send_list(
            renderer,
            &entry.dir,
            &plan,
            &mailer()?,
            list,
            &indicatif::ProgressBar::hidden(),
        )
        .map_err(|e| e.to_string())?;
        let line = format!(
            "{} accepted, {} already sent before, {} rejected, {} still failing after retries",
            sent.accepted, sent.already_sent, sent.rejected, sent.deferred
        );
        return if sent.deferred > 0 {
            Err(line)
        } else {
            Ok(line)
        };
    }
    let platform = channel
        .strip_prefix("threads:")
        .and_then(|p| <Platform as clap::ValueEnum>::from_str(p, true).ok())
        .ok_or_else(|| format!("unknown channel {channel}"))?;
    let source = renderer
        .thread_source(&entry.dir, &plan)
        .map_err(|e| e.to_string())?;
    let draft = renderer
        .drafts(&source, &[platform])
        .map_err(|e| e.to_string())?;
    let draft = draft.first().ok_or("no draft made")?;
    let body = threads::payload(&plan.week, &plan.subject, draft, Some(entry.send.utc));
    match &settings.threads.webhook_url {
        Some(url) => {
            let seconds = |s: f64| {
                Duration::from_secs_f64(if s.is_finite() {
                    s.clamp(0.0, 3600.0)
                } else {
                    0.0
                })
            };
            let delays: Vec<Duration> = settings
                .threads
                .webhook_retry_delays
                .iter()
                .map(|s| seconds(*s))
                .collect();
            match super::webhook::post(
                url,
                &body,
                seconds(settings.threads.webhook_timeout),
                &delays,
            ) {
                Ok(reply) => record(true, format!("draft posted to the webhook: {reply}")),
                Err(e) => record(false, e),
            }
        }
        None => {
            let path = entry
                .dir
                .join("threads")
                .join(format!("scheduled-{}.json", platform.as_str()));
            let text = serde_json::to_string_pretty(&body).map_err(|e| e.to_string())? + "\n";
            crate::fsutil::write_atomic(&path, text.as_bytes()).map_err(|e| e.to_string())?;
            record(true, format!("draft written to {}", path.display()))
        }
    }
}
