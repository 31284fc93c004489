//! `letterpress send ISSUE_DIR`: test sends (`--test ADDR`), list sends
//! (`--list FILE.csv`) and the ledger's status (`--status`).

use std::path::Path;
use std::process::ExitCode;

use crate::cli::SendArgs;
use crate::deliver::{self, ledger, Mailer};
use crate::fsutil;
use crate::plan::issue_file;
use crate::render::Renderer;
use crate::settings::Settings;

/// Runs the command.
pub fn execute(args: &SendArgs, quiet: bool) -> anyhow::Result<ExitCode> {
    if args.status {
        return status(&args.dir);
    }
    let settings = Settings::load(Path::new("."))?;
    let (plan, _) = issue_file::read(&args.dir.join(issue_file::FILE_NAME))?;
    let url = args.smtp.clone().or(settings.send.smtp_url.clone());
    let mailer = Mailer::new(url.as_deref(), &settings.send, &plan.week)?;
    let renderer = Renderer::new(Path::new("."), settings)?;
    if !args.test.is_empty() {
        let mut failed = false;
        for (address, result) in
            deliver::send_test(&renderer, &args.dir, &plan, &mailer, &args.test)?
        {
            match result {
                Ok(reply) if !quiet => println!("test send to {address}: {reply}"),
                Ok(_) => {}
                Err(e) => {
                    failed = true;
                    eprintln!("test send to {address} failed: {e}");
                }
            }
        }
        return Ok(if failed {
            ExitCode::FAILURE
        } else {
            ExitCode::SUCCESS
        });
    }
    let Some(list) = &args.list else {
        anyhow::bail!(
            "say whom to send to: --test ADDR (a test copy) or --list FILE.csv (the real send)"
        );
    };
    // A bar with rate and ETA on a terminal; nothing in pipes or with --quiet.
    let progress = if quiet || !std::io::IsTerminal::is_terminal(&std::io::stderr()) {
        indicatif::ProgressBar::hidden()
    } else {
        indicatif::ProgressBar::new(0).with_style(
            indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} {per_sec} ETA {eta}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        )
    };
    let (report, read) = deliver::send_list(&renderer, &args.dir, &plan, &mailer, list, &progress)?;
    progress.finish_and_clear();
    if !read.skipped.is_empty() {
        let path = list.with_extension("skipped.csv");
        fsutil::write_atomic(&path, &deliver::subscribers::skipped_csv(&read)?)?;
        eprintln!(
            "{} rows skipped (invalid, unsendable, duplicate or unsubscribed): listed in {}, with their line numbers and reasons",
            read.skipped.len(),
            path.display()
        );
    }
    if !quiet {
        println!(
            "send {}: {} accepted, {} already sent before, {} rejected, {} still failing after retries",
            plan.week, report.accepted, report.already_sent, report.rejected, report.deferred
        );
    }
    Ok(if report.rejected + report.deferred > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

fn status(dir: &Path) -> anyhow::Result<ExitCode> {
    let entries = ledger::read(&dir.join(ledger::FILE_NAME))?;
    let count = |o: ledger::Outcome| entries.iter().filter(|e| e.outcome == o).count();
    println!(
        "{}: {} accepted, {} rejected, {} deferred ({} ledger lines)",
        dir.display(),
        count(ledger::Outcome::Accepted),
        count(ledger::Outcome::Rejected),
        count(ledger::Outcome::Deferred),
        entries.len()
    );
    Ok(ExitCode::SUCCESS)
}
