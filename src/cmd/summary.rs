//! The summaries the commands print after a stage: what was read, kept,
//! planned, rendered and published. `build` prints them all, as each stage
//! of the pipeline finishes.

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::path::Path;

use crate::check::{CheckReport, Severity};
use crate::dedupe::Deduped;
use crate::ingest::{Corpus, Kind};
use crate::plan::Planned;
use crate::render::RenderedIssue;
use crate::site::SiteReport;

/// A table of items per file and kind, then the totals per kind.
pub(crate) fn ingest(out: &mut impl Write, corpus: &Corpus) -> io::Result<()> {
    let mut per_file: BTreeMap<(&std::path::Path, Kind), usize> = BTreeMap::new();
    let mut per_kind: BTreeMap<Kind, usize> = BTreeMap::new();
    // A file's items are contiguous: count each file's kinds in an array,
    // then compare paths once per file (a million path comparisons showed
    // in the ingest benchmark).
    for items in corpus
        .items
        .chunk_by(|a, b| std::sync::Arc::ptr_eq(&a.source, &b.source))
    {
        let mut counts = [0usize; Kind::ALL.len()];
        for item in items {
            counts[item.kind as usize] += 1;
        }
        for (kind, count) in Kind::ALL.into_iter().zip(counts) {
            if count > 0 {
                *per_file.entry((&*items[0].source, kind)).or_default() += count;
                *per_kind.entry(kind).or_default() += count;
            }
        }
    }
    let width = corpus
        .files
        .iter()
        .map(|f| f.path.display().to_string().len())
        .max()
        .unwrap_or(4)
        .max(4);
    writeln!(
        out,
        "{:<width$}  {:<20}  {:<18}  {:>8}",
        "file", "format", "kind", "items"
    )?;
    for file in &corpus.files {
        let format = file.format.map_or("(unreadable)", |f| f.as_str());
        let kinds: Vec<_> = per_file
            .range((file.path.as_path(), Kind::Tweet)..=(file.path.as_path(), Kind::Noise))
            .collect();
        if kinds.is_empty() {
            writeln!(
                out,
                "{:<width$}  {:<20}  {:<18}  {:>8}",
                file.path.display(),
                format,
                "-",
                0
            )?;
        }
        for ((_, kind), count) in kinds {
            writeln!(
                out,
                "{:<width$}  {:<20}  {:<18}  {:>8}",
                file.path.display(),
                format,
                kind.as_str(),
                count
            )?;
        }
    }
    let content: usize = per_kind
        .iter()
        .filter(|(k, _)| k.is_content())
        .map(|(_, n)| n)
        .sum();
    let totals: Vec<String> = per_kind.iter().map(|(k, n)| format!("{n} {k}")).collect();
    writeln!(
        out,
        "total: {} items from {} files ({} content): {}",
        corpus.items.len(),
        corpus.files.len(),
        content,
        totals.join(", ")
    )
}

/// Items in and out, duplicates by kind, and the largest clusters.
pub(crate) fn dedupe(out: &mut impl Write, deduped: &Deduped) -> io::Result<()> {
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

/// Themes, issues kept and written, and the first issues.
pub(crate) fn plan(out: &mut impl Write, planned: &Planned, dir: &Path) -> io::Result<()> {
    let kept = planned.issues.len() - planned.written;
    writeln!(
        out,
        "plan: {} issues in {} ({} new, {} kept as edited)",
        planned.issues.len(),
        dir.display(),
        planned.written,
        kept
    )?;
    let total: usize = planned.theme_counts.iter().map(|(_, n)| n).sum();
    let shown: Vec<String> = planned
        .theme_counts
        .iter()
        .take(14)
        .map(|(name, n)| format!("{name} {n}"))
        .collect();
    writeln!(out, "themes ({total} items): {}", shown.join(", "))?;
    for (_, issue) in planned.issues.iter().take(8) {
        writeln!(
            out,
            "  #{:<4} {}  {:<24} {}",
            issue.number, issue.week, issue.lead_theme, issue.subject
        )?;
    }
    if planned.issues.len() > 8 {
        writeln!(out, "  … and {} more", planned.issues.len() - 8)?;
    }
    Ok(())
}

/// Things the writer should know about rendered issues, on stderr.
pub(crate) fn render_warnings(rendered: &[RenderedIssue]) {
    for warning in rendered.iter().flat_map(|issue| &issue.warnings) {
        eprintln!("warning: {warning}");
    }
}

/// Render's one line: how many issues, and the files of each.
pub(crate) fn rendered(out: &mut impl Write, count: usize) -> io::Result<()> {
    writeln!(
        out,
        "render: {count} issues rendered ({} each)",
        crate::issue_dir::IssueDir::rendered_listing()
    )
}

/// One line: what the site holds.
pub(crate) fn site(report: &SiteReport, out: &Path) {
    println!(
        "site: {} issues published in {} ({} drafts, {} files); issues not sent yet are left out unless --all",
        report.issues,
        out.display(),
        report.drafts,
        report.files
    );
}

/// One line per problem, errors first, then a summary.
pub(crate) fn check(report: &CheckReport, quiet: bool) {
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
            "check {}: {}, {} ({})",
            report.dir.display(),
            counted(report.count(Severity::Error), "error"),
            counted(report.count(Severity::Warning), "warning"),
            counted(urls, "link") + " checked"
        );
    }
}

/// `1 error`, `2 errors`: a count with its noun.
pub(crate) fn counted(n: usize, noun: &str) -> String {
    match n {
        1 => format!("1 {noun}"),
        n => format!("{n} {noun}s"),
    }
}
