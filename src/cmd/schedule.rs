//! `letterpress schedule status|run`: the plan file's entries and their
//! state; doing what is due.

use std::io::Write;
use std::sync::Arc;

use anyhow::Context;
use chrono::{DateTime, Utc};

use super::{Exit, Global};
use crate::cli::{ScheduleCommand, SchedulePlanArgs};
use crate::clock::{Clock, FixedClock};
use crate::project::Project;
use crate::schedule::{self, RunOptions, Schedule, State};

/// Runs the command.
pub(crate) fn execute(command: &ScheduleCommand, g: &Global<'_>) -> anyhow::Result<Exit> {
    match command {
        ScheduleCommand::Status(args) => {
            let (schedule, clock) = load(&args.plan, g)?;
            match print_status(&schedule, clock.now(), args.json) {
                Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e.into()),
                _ => Ok(Exit::Done),
            }
        }
        ScheduleCommand::Run(args) => {
            let (schedule, clock) = load(&args.plan, g)?;
            let now = clock.now();
            // The plan's folder is the project whose issues it sends.
            let project = Project::load(&schedule.root)?;
            let url = args.smtp.clone().or(project.settings.send.smtp_url.clone());
            let templates = project.templates()?;
            let options = RunOptions {
                now,
                clock: &*clock,
                dry_run: args.dry_run,
                smtp_url: url,
                renderer: project.renderer(&templates),
                resolver: &project.resolver(),
            };
            let report = schedule::run(&schedule, &options)?;
            if report.channels.is_empty() && report.warnings.is_empty() && !g.quiet {
                println!("nothing due at {}", now.to_rfc3339());
            }
            for channel in &report.channels {
                println!("{channel}");
            }
            for warning in &report.warnings {
                eprintln!("warning: {warning}");
            }
            Ok(Exit::failed_if(report.failures() > 0))
        }
    }
}

/// The plan, and the clock the command runs by: fixed at `--now` when
/// given, else the system's.
fn load(args: &SchedulePlanArgs, g: &Global<'_>) -> anyhow::Result<(Schedule, Arc<dyn Clock>)> {
    let clock: Arc<dyn Clock> = match &args.now {
        Some(text) => Arc::new(FixedClock(
            DateTime::parse_from_rfc3339(text)
                .with_context(|| {
                    format!(
                        "--now `{text}` is not an RFC 3339 time; write e.g. 2026-11-24T14:00:00Z"
                    )
                })?
                .with_timezone(&Utc),
        )),
        None => g.clock.clone(),
    };
    let plan = match &args.plan {
        Some(plan) => plan.clone(),
        None => crate::fsutil::project_path(g.root, std::path::Path::new("schedule.yaml")),
    };
    Ok((schedule::load(&plan)?, clock))
}

fn print_status(schedule: &Schedule, now: DateTime<Utc>, json: bool) -> std::io::Result<()> {
    let statuses = schedule::status(schedule, now);
    let mut out = std::io::stdout().lock();
    if json {
        for status in &statuses {
            writeln!(out, "{}", serde_json::to_string(status)?)?;
        }
        return Ok(());
    }
    writeln!(
        out,
        "{:<10} {:<24} {:<21} {:<11} sent",
        "issue", "local time", "UTC", "state"
    )?;
    for s in &statuses {
        let state = match s.state {
            State::Planned => "planned",
            State::Due => "due",
            State::Sent => "sent",
            State::PartlySent => "partly sent",
            State::Failed => "failed",
            State::Missed => "missed",
        };
        let counts = s.recipients.map_or_else(
            || "-".to_string(),
            |n| {
                format!(
                    "{}/{n} ({} rejected, {} deferred)",
                    s.accepted, s.rejected, s.deferred
                )
            },
        );
        writeln!(
            out,
            "{:<10} {:<24} {:<21} {:<11} {counts}",
            s.issue, s.send_at_local, s.send_at_utc, state
        )?;
        for note in &s.notes {
            writeln!(out, "           note: {note}")?;
        }
        for warning in &s.warnings {
            writeln!(out, "           warning: {warning}")?;
        }
    }
    Ok(())
}
