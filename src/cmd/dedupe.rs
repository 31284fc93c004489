//! `letterpress dedupe`: ingest, then dedupe, then a report and a summary.

use std::io::{self, Write};
use std::process::ExitCode;

use anyhow::Context;

use crate::cli::{DedupeArgs, DedupeSettings};
use crate::dedupe::{self, Deduped};
use crate::fsutil;
use crate::ingest::{self, Options};

/// Runs the command.
pub fn execute(args: &DedupeArgs, quiet: bool) -> anyhow::Result<ExitCode> {
    if let Some(report) = &args.report {
        // Fail before minutes of work, not after.
        fsutil::check_writable(report)?;
    }
    let paths = super::input_paths(&args.input, None)?;
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
    if !quiet {
        write_summary(&mut io::stdout().lock(), &deduped)?;
    }
    let code = super::report_diagnostics(&deduped.diagnostics, quiet);
    // See `ingest`: the OS frees a million items faster than we can.
    std::mem::forget(deduped);
    Ok(code)
}

/// The library options for the command-line settings.
pub fn options(settings: &DedupeSettings) -> dedupe::Options {
    dedupe::Options {
        threshold: settings.threshold,
        containment: settings.containment,
        ..dedupe::Options::default()
    }
}

/// Items in and out, duplicates by kind, and the largest clusters.
pub fn write_summary(out: &mut impl Write, deduped: &Deduped) -> io::Result<()> {
    let s = &deduped.stats;
    if s.content_in == 0 {
        writeln!(
            out,
            "dedupe: no content items in {} items read; nothing to compare",
            s.items_in
        )?;
        return Ok(());
    }
    writeln!(
        out,
        "dedupe: {} items read, {} content items compared, {} unique items kept",
        s.items_in, s.content_in, s.unique_out
    )?;
    writeln!(
        out,
        "duplicates: {} exact, {} near, {} contained",
        s.exact, s.near, s.contained
    )?;
    let mut largest: Vec<_> = deduped
        .items
        .iter()
        .filter(|c| !c.duplicates.is_empty())
        .collect();
    largest.sort_by_key(|c| std::cmp::Reverse(c.duplicates.len()));
    if !largest.is_empty() {
        writeln!(out, "largest clusters:")?;
    }
    for canonical in largest.iter().take(5) {
        let item = &canonical.item;
        let label = item.title.clone().unwrap_or_else(|| {
            let first: String = item.body.chars().take(60).collect();
            first.replace('\n', " ")
        });
        writeln!(
            out,
            "  {:>4} items  {}  {}",
            canonical.duplicates.len() + 1,
            item.id,
            label
        )?;
    }
    out.flush()
}
