//! Doing what is due: test copies, the list send (through the same path
//! and ledger as `send`), thread drafts — each once, under a lock.

use std::time::Duration;

use chrono::{DateTime, Utc};

use super::preflight::{self, Due, NotReady};
use super::status::{ago, status};
use super::webhook::WebhookError;
use super::{journal, Channel, Entry, Mark, Schedule};
use crate::clock::Clock;
use crate::deliver::smtp::Failure;
use crate::deliver::{self, ledger, DeliverError, DeliveryReport, Mailer};
use crate::fsutil::FsError;
use crate::issue::{ResolveError, ResolvedIssue, Resolver};
use crate::issue_dir::IssueDir;
use crate::render::threads::{self, Platform, ThreadError};
use crate::render::{RenderError, Renderer};

/// Why `schedule run` stopped before doing anything, or while doing it.
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    /// Due channels that cannot go out: nothing was sent.
    #[error("nothing was sent, because:\n{}\nfix these and run again", lines(.0))]
    NotReady(Vec<NotReady>),
    /// The lock or the journal cannot be used.
    #[error(transparent)]
    Deliver(#[from] DeliverError),
}

fn lines(problems: &[NotReady]) -> String {
    let lines: Vec<String> = problems.iter().map(ToString::to_string).collect();
    lines.join("\n")
}

/// Why one due channel failed; the others still go.
#[derive(Debug, thiserror::Error)]
pub enum ChannelError {
    /// The issue cannot be loaded.
    #[error(transparent)]
    Resolve(#[from] ResolveError),
    /// The copy to send cannot be rendered.
    #[error(transparent)]
    Render(#[from] RenderError),
    /// The thread draft cannot be made.
    #[error(transparent)]
    Thread(#[from] ThreadError),
    /// The server, the list, the ledger or the journal.
    #[error(transparent)]
    Deliver(#[from] DeliverError),
    /// The draft cannot be written.
    #[error(transparent)]
    Fs(#[from] FsError),
    /// The draft cannot be written as JSON.
    #[error(transparent)]
    Json(#[from] serde_json::Error),
    /// The webhook did not take the draft.
    #[error(transparent)]
    Webhook(#[from] WebhookError),
    /// An email entry without a list.
    #[error("no list")]
    NoList,
    /// No draft came out for the platform.
    #[error("no draft made")]
    NoDraft,
    /// Test copies failed (for now) for these addresses.
    #[error("test send failed: {}", addressed(.0))]
    TestSend(Vec<(String, Failure)>),
    /// Readers still failing after their retries: the send goes on at the
    /// next run.
    #[error("{}", counts(.0))]
    Deferred(DeliveryReport),
}

/// `address: failure; address: failure`.
fn addressed(failures: &[(String, Failure)]) -> String {
    let each: Vec<String> = failures.iter().map(|(a, f)| format!("{a}: {f}")).collect();
    each.join("; ")
}

/// What a list send did, in one line.
fn counts(sent: &DeliveryReport) -> String {
    format!(
        "{} accepted, {} already sent before, {} rejected, {} still failing after retries",
        sent.accepted, sent.already_sent, sent.rejected, sent.deferred
    )
}

/// How `schedule run` runs.
pub struct RunOptions<'a> {
    /// The time to act as if it were (read once from `clock`).
    pub now: DateTime<Utc>,
    /// Where the time comes from: stamps the journal, the ledger and the
    /// messages (a fixed clock with `--now`).
    pub clock: &'a dyn Clock,
    /// Say what would happen, touch nothing.
    pub dry_run: bool,
    /// The SMTP server (`--smtp` or the settings); none: the outbox.
    pub smtp_url: Option<String>,
    /// The renderer, with the plan folder's settings and templates.
    pub renderer: Renderer<'a>,
    /// Finds the sections' content of the plan folder's issues.
    pub resolver: &'a Resolver,
}

/// What a run did: each channel's outcome, and the warnings.
#[derive(Debug, Default)]
pub struct RunReport {
    /// One per channel done (or, dry, to do), in order.
    pub channels: Vec<ChannelRun>,
    /// Channels missed by more than the grace period: left for the writer.
    pub warnings: Vec<String>,
}

impl RunReport {
    /// How many channels failed.
    pub fn failures(&self) -> usize {
        self.channels.iter().filter(|c| c.outcome.is_err()).count()
    }
}

/// One due channel: which, and what came of it — its line, or why it
/// failed. Shown as `ISSUE CHANNEL: line`.
#[derive(Debug)]
pub struct ChannelRun {
    /// The issue and the channel (`2026-W49 email`).
    pub what: String,
    /// What it did, or why it failed.
    pub outcome: Result<String, ChannelError>,
}

impl std::fmt::Display for ChannelRun {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.outcome {
            Ok(line) => write!(f, "{}: {line}", self.what),
            Err(error) => write!(f, "{}: {error}", self.what),
        }
    }
}

/// Does every due channel of every entry once, under `schedule.lock`.
/// Nothing goes out unless every due channel has what it needs.
pub fn run(schedule: &Schedule, options: &RunOptions) -> Result<RunReport, RunError> {
    let _lock = if options.dry_run {
        None
    } else {
        Some(ledger::Lock::at(schedule.root.join("schedule.lock"))?)
    };
    let mut report = RunReport::default();
    let due = due_channels(schedule, options, &mut report)?;
    let problems = preflight::problems(
        &due,
        &preflight::Context {
            settings: options.renderer.settings,
            smtp_url: options.smtp_url.as_deref(),
            root: &schedule.root,
            now: options.now,
            dry_run: options.dry_run,
        },
    );
    if !problems.is_empty() {
        return Err(RunError::NotReady(problems));
    }
    let mails = due.iter().any(|d| d.channel.mails());
    if mails && !options.dry_run {
        let server = options
            .smtp_url
            .as_deref()
            .map(|u| deliver::smtp::Server::from_url(u, None));
        if let Some(warning) = server
            .and_then(Result::ok)
            .and_then(|s| s.cleartext_login())
        {
            report.warnings.push(warning);
        }
    }
    for Due { entry, channel } in due {
        let what = format!("{} {channel}", entry.issue);
        let outcome = if options.dry_run {
            Ok("would go out now".to_string())
        } else {
            do_channel(entry, channel, options)
        };
        report.channels.push(ChannelRun { what, outcome });
    }
    Ok(report)
}

/// The channels to do now; a channel missed by more than the grace period
/// is warned about once (journalled), and left for the writer.
fn due_channels<'a>(
    schedule: &'a Schedule,
    options: &RunOptions,
    report: &mut RunReport,
) -> Result<Vec<Due<'a>>, DeliverError> {
    let statuses = status(schedule, options.now);
    let grace = chrono::Duration::from_std(schedule.grace).unwrap_or_default();
    let mut due = Vec::new();
    for (entry, entry_status) in schedule.entries.iter().zip(&statuses) {
        let records = journal::read(&entry.dir);
        for channel in &entry_status.channels {
            if channel.done || options.now < channel.due {
                continue;
            }
            // A started list send is always finished, however late: some
            // readers have it (or were all deferred and wait for a retry).
            let started = entry_status.accepted + entry_status.rejected + entry_status.deferred > 0
                || journal::tried(&records, channel.channel);
            let late = options.now - channel.due;
            if late > grace && !(channel.channel == Channel::Email && started) {
                let missed = Mark::Missed(channel.channel);
                if records.iter().any(|r| r.channel == missed) {
                    continue;
                }
                let warning = format!(
                    "{} {}: missed — due {} ago, more than the grace period ({}); not sent. Send it by hand or move its send_at",
                    entry.issue,
                    channel.channel,
                    ago(late),
                    ago(grace)
                );
                if !options.dry_run {
                    let record = journal::Record {
                        channel: missed,
                        done: false,
                        detail: warning.clone(),
                        time: options.now,
                    };
                    journal::append(&entry.dir, &record)?;
                }
                report.warnings.push(warning);
                continue;
            }
            due.push(Due {
                entry,
                channel: channel.channel,
            });
        }
    }
    Ok(due)
}

/// What a channel did, to be journalled: its line, or why it failed.
type Outcome = Result<String, ChannelError>;

/// Does one channel; its outcome is journalled. A failure before anything
/// went out (the issue, the list, rendering) is returned, not journalled.
fn do_channel(entry: &Entry, channel: Channel, options: &RunOptions) -> Outcome {
    let issue = options.resolver.load(&entry.dir)?;
    let outcome = match channel {
        Channel::Test => test_copies(entry, &issue, options)?,
        Channel::Email => list_send(entry, &issue, options)?,
        Channel::Threads(platform) => thread_draft(entry, &issue, platform, options)?,
    };
    let record = journal::Record {
        channel: Mark::Channel(channel),
        done: outcome.is_ok(),
        detail: match &outcome {
            Ok(line) => line.clone(),
            Err(error) => error.to_string(),
        },
        time: options.clock.now(),
    };
    journal::append(&entry.dir, &record)?;
    outcome
}

fn mailer(issue: &ResolvedIssue, options: &RunOptions) -> Result<Mailer, DeliverError> {
    let settings = &options.renderer.settings.send;
    Mailer::new(options.smtp_url.as_deref(), settings, &issue.plan.week)
}

/// Test copies to the entry's addresses: failed while any address fails
/// for now (an address refused for good is not sent to again every run).
fn test_copies(
    entry: &Entry,
    issue: &ResolvedIssue,
    options: &RunOptions,
) -> Result<Outcome, ChannelError> {
    let copy = options.renderer.reader_copy(issue, &[])?;
    let send = &options.renderer.settings.send;
    let results = deliver::send_test(
        &copy,
        send,
        &mailer(issue, options)?,
        &entry.tests,
        options.clock,
    )?;
    let (refused, failing): (Vec<_>, Vec<_>) = results
        .into_iter()
        .filter_map(|(address, result)| result.err().map(|failure| (address, failure)))
        .partition(|(_, failure)| failure.is_permanent());
    if !failing.is_empty() {
        return Ok(Err(ChannelError::TestSend(failing)));
    }
    let mut line = format!("test copies sent to {}", entry.tests.join(", "));
    if !refused.is_empty() {
        line = format!("{line}; refused for good: {}", addressed(&refused));
    }
    Ok(Ok(line))
}

/// The list send, through the same path and ledger as `send --list`.
fn list_send(
    entry: &Entry,
    issue: &ResolvedIssue,
    options: &RunOptions,
) -> Result<Outcome, ChannelError> {
    let list = entry.list.as_deref().ok_or(ChannelError::NoList)?;
    let mailer = mailer(issue, options)?;
    let send = deliver::ListSend {
        dir: &entry.dir,
        settings: &options.renderer.settings.send,
        mailer: &mailer,
        list,
        retry_rejected: false,
        progress: &|_, _| {},
        clock: options.clock,
    };
    let audience = deliver::audience(&send)?;
    let copy = options
        .renderer
        .reader_copy(issue, &deliver::columns(&audience.list))?;
    let (sent, _) = deliver::send_list(&send, &copy)?;
    // A finished send stays finished: readers added to the list later
    // are not mailed this (past) issue.
    Ok(if sent.deferred == 0 {
        Ok(counts(&sent))
    } else {
        Err(ChannelError::Deferred(sent))
    })
}

/// The platform's thread draft: POSTed to the webhook, or written beside
/// the issue when there is none.
fn thread_draft(
    entry: &Entry,
    issue: &ResolvedIssue,
    platform: Platform,
    options: &RunOptions,
) -> Result<Outcome, ChannelError> {
    use crate::settings::seconds;
    let renderer = options.renderer;
    let drafts = renderer.drafts(&renderer.thread_source(issue), &[platform])?;
    let draft = drafts.first().ok_or(ChannelError::NoDraft)?;
    let plan = &issue.plan;
    let body = threads::payload(&plan.week, &plan.subject, draft, Some(entry.send.utc));
    let settings = &renderer.settings.threads;
    let Some(url) = &settings.webhook_url else {
        let text = serde_json::to_string_pretty(&body)? + "\n";
        let path =
            IssueDir::new(&entry.dir).write_scheduled_thread(platform.as_str(), text.as_bytes())?;
        return Ok(Ok(format!("draft written to {}", path.display())));
    };
    let delays: Vec<Duration> = settings
        .webhook_retry_delays
        .iter()
        .map(|s| seconds(*s))
        .collect();
    let posted = super::webhook::post(url, &body, seconds(settings.webhook_timeout), &delays);
    Ok(posted
        .map(|reply| format!("draft posted to the webhook: {reply}"))
        .map_err(ChannelError::Webhook))
}
