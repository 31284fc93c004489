//! `letterpress check ISSUE_DIR… [--offline] [--json] [--strict]`: every
//! link, image and rule of rendered issues, before they go out.

use std::path::Path;
use std::process::ExitCode;

use crate::check::{self, CheckReport, Severity};
use crate::cli::CheckArgs;
use crate::settings::Settings;

/// Runs the command.
pub fn execute(args: &CheckArgs, quiet: bool) -> anyhow::Result<ExitCode> {
    let settings = Settings::load(Path::new("."))?;
    let dirs = super::issue_dirs(&args.dirs, "check")?;
    let mut failed = false;
    for dir in &dirs {
        let report = run(dir, &settings, args.offline)?;
        if args.json {
            for finding in &report.findings {
                println!("{}", serde_json::to_string(finding)?);
            }
        } else {
            print_report(&report, quiet);
        }
        failed |= report.count(Severity::Error) > 0
            || (args.strict && report.count(Severity::Warning) > 0);
    }
    Ok(if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// Checks one issue: the offline rules, and its links unless `offline`.
pub fn run(dir: &Path, settings: &Settings, offline: bool) -> anyhow::Result<CheckReport> {
    let now = chrono::Utc::now();
    Ok(check::run(
        dir,
        &settings.check,
        Path::new("."),
        !offline,
        now,
    )?)
}

/// One line per problem, errors first, then a summary.
pub fn print_report(report: &CheckReport, quiet: bool) {
    for finding in report.problems() {
        if quiet && finding.severity != Severity::Error {
            continue;
        }
        let severity = match finding.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        };
        let subject = finding
            .url
            .as_deref()
            .map(|u| format!("{u}: "))
            .unwrap_or_default();
        let landed = finding
            .final_url
            .as_deref()
            .map(|f| format!(" (ends at {f})"))
            .unwrap_or_default();
        let part = finding
            .section
            .as_deref()
            .map(|s| format!(" ({s})"))
            .unwrap_or_default();
        eprintln!(
            "{}: {severity}: {subject}{}{landed}{part}",
            finding.r#where, finding.problem
        );
    }
    if !quiet {
        let urls = report.findings.iter().filter(|f| f.url.is_some()).count();
        println!(
            "check {}: {} errors, {} warnings ({} links checked)",
            report.dir.display(),
            report.count(Severity::Error),
            report.count(Severity::Warning),
            urls
        );
    }
}
