//! Doing what is due: test copies, the list send (through the same path
//! and ledger as `send`), thread drafts — each once, under a lock.

use std::time::Duration;

use chrono::{DateTime, Utc};

use super::preflight::{self, Due};
use super::status::{ago, status};
use super::{journal, Channel, Entry, Mark, Schedule};
use crate::clock::Clock;
use crate::deliver::{self, ledger, Mailer};
use crate::issue::{ResolvedIssue, Resolver};
use crate::issue_dir::IssueDir;
use crate::render::threads;
use crate::render::Renderer;

/// Why `schedule run` stopped before doing anything, or while doing it.
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    /// Due channels that cannot go out: nothing was sent.
    #[error("nothing was sent, because:\n{0}\nfix these and run again")]
    NotReady(String),
    /// The lock or the journal cannot be used.
    #[error(transparent)]
    Deliver(#[from] deliver::DeliverError),
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
        return Err(RunError::NotReady(problems.join("\n")));
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
        if options.dry_run {
            report.lines.push(format!("{what}: would go out now"));
            continue;
        }
        match do_channel(entry, channel, options) {
            Ok(line) => report.lines.push(format!("{what}: {line}")),
            Err(line) => {
                report.failures += 1;
                report.lines.push(format!("{what}: {line}"));
            }
        }
    }
    Ok(report)
}

/// The channels to do now; a channel missed by more than the grace period
/// is warned about once (journalled), and left for the writer.
fn due_channels<'a>(
    schedule: &'a Schedule,
    options: &RunOptions,
    report: &mut RunReport,
) -> Result<Vec<Due<'a>>, deliver::DeliverError> {
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

fn do_channel(entry: &Entry, channel: Channel, options: &RunOptions) -> Result<String, String> {
    let renderer = options.renderer;
    let issue: ResolvedIssue = options
        .resolver
        .load(&entry.dir)
        .map_err(|e| e.to_string())?;
    let plan = &issue.plan;
    let settings = renderer.settings;
    let mailer = || {
        Mailer::new(options.smtp_url.as_deref(), &settings.send, &plan.week)
            .map_err(|e| e.to_string())
    };
    let record = |done: bool, detail: String| {
        let record = journal::Record {
            channel: Mark::Channel(channel),
            done,
            detail: detail.clone(),
            time: options.clock.now(),
        };
        journal::append(&entry.dir, &record).map_err(|e| e.to_string())?;
        if done {
            Ok(detail)
        } else {
            Err(detail)
        }
    };
    match channel {
        Channel::Test => {
            let copy = renderer
                .reader_copy(&issue, &[])
                .map_err(|e| e.to_string())?;
            let results = deliver::send_test(
                &copy,
                &settings.send,
                &mailer()?,
                &entry.tests,
                options.clock,
            )
            .map_err(|e| e.to_string())?;
            let failed = |permanent: bool| -> Vec<String> {
                results
                    .iter()
                    .filter_map(|(a, r)| r.as_ref().err().map(|e| (a, e)))
                    .filter(|(_, e)| e.is_permanent() == permanent)
                    .map(|(a, e)| format!("{a}: {e}"))
                    .collect()
            };
            let (refused, failing) = (failed(true), failed(false));
            if !failing.is_empty() {
                return record(false, format!("test send failed: {}", failing.join("; ")));
            }
            // An address refused for good is not sent to again on every run.
            let mut line = format!("test copies sent to {}", entry.tests.join(", "));
            if !refused.is_empty() {
                line = format!("{line}; refused for good: {}", refused.join("; "));
            }
            record(true, line)
        }
        Channel::Email => {
            let list = entry.list.as_deref().ok_or("no list")?;
            let mailer = mailer()?;
            let send = deliver::ListSend {
                dir: &entry.dir,
                settings: &settings.send,
                mailer: &mailer,
                list,
                retry_rejected: false,
                progress: &|_, _| {},
                clock: options.clock,
            };
            let audience = deliver::audience(&send).map_err(|e| e.to_string())?;
            let copy = renderer
                .reader_copy(&issue, &deliver::columns(&audience.list))
                .map_err(|e| e.to_string())?;
            let (sent, _) = deliver::send_list(&send, &copy).map_err(|e| e.to_string())?;
            let line = format!(
                "{} accepted, {} already sent before, {} rejected, {} still failing after retries",
                sent.accepted, sent.already_sent, sent.rejected, sent.deferred
            );
            // A finished send stays finished: readers added to the list later
            // are not mailed this (past) issue.
            record(sent.deferred == 0, line)
        }
        Channel::Threads(platform) => {
            let source = renderer.thread_source(&issue);
            let draft = renderer
                .drafts(&source, &[platform])
                .map_err(|e| e.to_string())?;
            let draft = draft.first().ok_or("no draft made")?;
            let body = threads::payload(&plan.week, &plan.subject, draft, Some(entry.send.utc));
            match &settings.threads.webhook_url {
                Some(url) => {
                    use crate::settings::seconds;
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
                    let text =
                        serde_json::to_string_pretty(&body).map_err(|e| e.to_string())? + "\n";
                    let path = IssueDir::new(&entry.dir)
                        .write_scheduled_thread(platform.as_str(), text.as_bytes())
                        .map_err(|e| e.to_string())?;
                    record(true, format!("draft written to {}", path.display()))
                }
            }
        }
    }
}
