//! `letterpress send ISSUE_DIR`: test sends (`--test ADDR`), list sends
//! (`--list FILE.csv`, `--dry-run` to see who would get it) and the
//! ledger's status (`--status`).

use super::{Exit, Global};
use crate::check::{self, BeforeSend};
use crate::cli::SendArgs;
use crate::deliver::{self, ledger, DeliveryReport, Mailer};
use crate::fsutil;
use crate::issue_dir::IssueDir;
use crate::pipeline::Sender;
use crate::project::Project;
use std::io::{BufRead, IsTerminal, Write};
use std::path::Path;

/// Runs the command.
pub(crate) fn execute(args: &SendArgs, g: &Global<'_>) -> anyhow::Result<Exit> {
    if args.status {
        return status(&args.dir);
    }
    let project = Project::load(g.root)?;
    let sender = Sender::open(&project, &args.dir, args.smtp.as_deref())?;
    if !args.test.is_empty() {
        warn_cleartext(&sender.mailer);
        let results = sender.test(&args.test, &*g.clock)?;
        return Ok(test_results(&results, g.quiet));
    }
    let Some(list) = &args.list else {
        anyhow::bail!(
            "say whom to send to: --test ADDR (a test copy) or --list FILE.csv (the real send)"
        );
    };
    let bar = progress_bar(g.quiet);
    let progress = |done: usize, total: usize| {
        bar.set_length(total as u64);
        bar.set_position(done as u64);
    };
    let send = sender.to_list(list, args.retry_rejected, &progress, &*g.clock);
    if !args.no_check && !args.dry_run && project.settings.check.required {
        pre_send_check(&sender, &args.dir, g.quiet, g.clock.now())?;
    }
    let audience = sender.audience(&send)?;
    let plan = &sender.plan;
    if args.dry_run {
        return dry_run(&audience, &plan.week, list, g.quiet);
    }
    if !args.yes
        && !confirm(
            plan,
            list,
            audience.pending.len(),
            sender.mailer.is_outbox(),
        )?
    {
        eprintln!("nothing sent");
        return Ok(Exit::PartlyFailed);
    }
    warn_cleartext(&sender.mailer);
    let (report, read) = sender.send(&send, &audience)?;
    bar.finish_and_clear();
    write_skipped(&read, list)?;
    summary(&report, &plan.week, g.quiet);
    Ok(Exit::failed_if(report.rejected + report.deferred > 0))
}

/// Runs the check before a list send and refuses an issue with errors.
fn pre_send_check(
    sender: &Sender<'_>,
    dir: &Path,
    quiet: bool,
    now: chrono::DateTime<chrono::Utc>,
) -> anyhow::Result<()> {
    match sender.check(now)? {
        BeforeSend::Recent(record) => {
            if !quiet {
                eprintln!(
                    "{}: checked clean {} min ago and not rendered since; not checked again",
                    dir.display(),
                    (now - record.time).num_minutes()
                );
            }
        }
        BeforeSend::Checked(report) => {
            let errors = report.count(check::Severity::Error);
            if errors > 0 {
                super::summary::check(&report, quiet);
                anyhow::bail!(
                    "{}: the pre-send check found {} (listed above); fix them and render again, or send with --no-check",
                    dir.display(),
                    super::summary::counted(errors, "error")
                );
            }
        }
    }
    Ok(())
}

/// Prints each test send's outcome; failure when any failed.
fn test_results(results: &[deliver::TestResult], quiet: bool) -> Exit {
    let mut failed = false;
    for (address, result) in results {
        match result {
            Ok(reply) if !quiet => println!("test send to {address}: {reply}"),
            Ok(_) => {}
            Err(e) => {
                failed = true;
                eprintln!("test send to {address} failed: {e}");
            }
        }
    }
    Exit::failed_if(failed)
}

/// Says once, before anything is sent, that the password is sent in clear.
fn warn_cleartext(mailer: &Mailer) {
    if let Some(warning) = mailer.warning() {
        eprintln!("warning: {warning}");
    }
}

/// A bar with rate and ETA on a terminal; nothing in pipes or with --quiet.
fn progress_bar(quiet: bool) -> indicatif::ProgressBar {
    if quiet || !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    indicatif::ProgressBar::new(0).with_style(
        indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} {per_sec} ETA {eta}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    )
}

/// On a terminal, asks before a real send; scripts and pipes are not asked.
fn confirm(
    plan: &crate::plan::IssuePlan,
    list: &Path,
    count: usize,
    outbox: bool,
) -> anyhow::Result<bool> {
    if outbox || count == 0 || !std::io::stdin().is_terminal() || !std::io::stderr().is_terminal() {
        return Ok(true);
    }
    eprint!(
        "Send {} “{}” to {count} readers of {}? [y/N] ",
        plan.week,
        plan.subject,
        list.display()
    );
    std::io::stderr().flush()?;
    let mut answer = String::new();
    std::io::stdin().lock().read_line(&mut answer)?;
    Ok(matches!(answer.trim(), "y" | "Y" | "yes" | "Yes" | "YES"))
}

fn dry_run(
    audience: &deliver::list::Audience,
    week: &str,
    list: &Path,
    quiet: bool,
) -> anyhow::Result<Exit> {
    for warning in &audience.report.warnings {
        eprintln!("warning: {warning}");
    }
    for &i in &audience.pending {
        println!("{}", audience.list.subscribers[i].email);
    }
    for row in &audience.list.skipped {
        eprintln!("{}:{}: skipped: {}", list.display(), row.line, row.reason);
    }
    if !quiet {
        let r = &audience.report;
        eprintln!(
            "dry run of {week}: would send to {} readers; {} already have it, {} were refused before, {} rows skipped; nothing sent or recorded",
            audience.pending.len(),
            r.already_sent,
            r.rejected_before,
            r.skipped_rows
        );
    }
    Ok(Exit::Done)
}

fn write_skipped(read: &deliver::subscribers::List, list: &Path) -> anyhow::Result<()> {
    if read.skipped.is_empty() {
        return Ok(());
    }
    let path = list.with_extension("skipped.csv");
    fsutil::write_atomic(&path, &deliver::subscribers::skipped_csv(read)?)?;
    eprintln!(
        "{} rows skipped (invalid, unsendable, duplicate or unsubscribed): listed in {}, with their line numbers and reasons",
        read.skipped.len(),
        path.display()
    );
    Ok(())
}

fn summary(report: &DeliveryReport, week: &str, quiet: bool) {
    for warning in &report.warnings {
        eprintln!("warning: {warning}");
    }
    if report.outbox {
        eprintln!(
            "nothing was mailed: the messages were written to the outbox (no SMTP server set); they do not count as sent — pass --smtp URL or set send.smtp_url for the real send"
        );
    }
    if quiet {
        return;
    }
    let mut line = format!(
        "send {week}: {} accepted, {} already sent before, {} rejected, {} still failing after retries",
        report.accepted, report.already_sent, report.rejected, report.deferred
    );
    if report.rejected_before > 0 {
        line += &format!(
            "; {} refused for good before, not tried again (--retry-rejected to try them)",
            report.rejected_before
        );
    }
    println!("{line}");
}

fn status(dir: &Path) -> anyhow::Result<Exit> {
    let read = ledger::read(&IssueDir::new(dir).ledger(false))?;
    for warning in &read.skipped {
        eprintln!("warning: {warning}");
    }
    let status = ledger::status(&read.values);
    println!(
        "{}: {} readers accepted, {} rejected, {} deferred ({} ledger lines)",
        dir.display(),
        status.accepted,
        status.rejected,
        status.deferred,
        status.lines
    );
    Ok(Exit::Done)
}
