//! `letterpress dedupe`: ingest, then dedupe, then a report and a summary.

use anyhow::Context;
use std::io;

use super::{Exit, Global};
use crate::cli::{DedupeArgs, DedupeSettings};
use crate::dedupe;
use crate::fsutil;
use crate::ingest::{self, Options};

/// Runs the command.
pub(crate) fn execute(args: &DedupeArgs, g: &Global<'_>) -> anyhow::Result<Exit> {
    if let Some(report) = &args.report {
        // Fail before minutes of work, not after.
        fsutil::check_writable(report)?;
    }
    let paths = super::input_paths(&args.input, g)?;
    let corpus = ingest::ingest(
        &paths,
        &Options {
            strict: args.input.strict,
        },
    )?;
    let deduped = dedupe::dedupe(corpus, &options(&args.settings));
    if let Some(report) = &args.report {
        let mut csv = Vec::with_capacity(deduped.report.len() * 64);
        dedupe::write_report(&deduped.report, &mut csv).context("formatting the report")?;
        fsutil::write_atomic(report, &csv)?;
    }
    if !g.quiet {
        super::summary::dedupe(&mut io::stdout().lock(), &deduped)?;
    }
    let code = super::report_diagnostics(&deduped.diagnostics, g.quiet);
    // See `ingest`: the OS frees a million items faster than we can.
    std::mem::forget(deduped);
    Ok(code)
}

/// The library options for the command-line settings.
pub(crate) fn options(settings: &DedupeSettings) -> dedupe::Options {
    dedupe::Options {
        threshold: settings.threshold,
        containment: settings.containment,
        ..dedupe::Options::default()
    }
}
