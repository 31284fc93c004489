//! `letterpress plan`: ingest, dedupe, then themes and weekly issue files.

use std::io::{self, Write};
use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;

use crate::cli::{PlanArgs, PlanSettingsArgs};
use crate::dedupe::{self, Deduped};
use crate::fsutil;
use crate::ingest::{self, Options};
use crate::issue_dir::IssueDir;
use crate::plan::{self, themes::Taxonomy, Planned};
use crate::settings::Settings;

/// Runs the command.
pub fn execute(args: &PlanArgs, quiet: bool) -> anyhow::Result<ExitCode> {
    if let Some(report) = &args.report {
        fsutil::check_writable(report)?;
    }
    let root = Path::new(".");
    let mut settings = Settings::load(root)?;
    apply(&args.plan, &mut settings);
    let taxonomy = Taxonomy::load(root)?;
    let corpus = ingest::ingest(
        &super::input_paths(&args.input, Some(&settings))?,
        &Options {
            strict: args.input.strict,
        },
    )?;
    let deduped = dedupe::dedupe(corpus, &super::dedupe::options(&args.dedupe));
    if let Some(id) = &args.explain {
        explain(&mut io::stdout().lock(), &deduped, &taxonomy, id)?;
        return Ok(ExitCode::SUCCESS);
    }
    let planned = run_plan(&deduped, &taxonomy, &settings, &args.plan)?;
    if let Some(report) = &args.report {
        let mut csv = Vec::new();
        plan::write_report(&planned.report, &mut csv).context("formatting the report")?;
        fsutil::write_atomic(report, &csv)?;
    }
    if args.json {
        write_json(&planned)?;
    } else if !quiet {
        write_summary(&mut io::stdout().lock(), &planned, &args.plan.out)?;
    }
    let code = super::report_diagnostics(&deduped.diagnostics, quiet);
    std::mem::forget(deduped);
    Ok(code)
}

/// Command-line sizes override the settings file.
pub fn apply(args: &PlanSettingsArgs, settings: &mut Settings) {
    if let Some(min) = args.min_sections {
        settings.plan.min_sections = min;
    }
    if let Some(max) = args.max_sections {
        settings.plan.max_sections = max;
    }
}

/// Plans with the command line's options.
pub fn run_plan(
    deduped: &Deduped,
    taxonomy: &Taxonomy,
    settings: &Settings,
    args: &PlanSettingsArgs,
) -> anyhow::Result<Planned> {
    // Issues that have gone out (their ledger accepted a message) are never
    // rewritten, and their items are never placed again.
    let sent_issues: Vec<std::path::PathBuf> = IssueDir::all(&args.out)
        .into_iter()
        .filter(|dir| {
            crate::deliver::ledger::read(&dir.ledger(false))
                .map(|read| {
                    read.values
                        .iter()
                        .any(|e| e.outcome == crate::deliver::ledger::Outcome::Accepted)
                })
                .unwrap_or(false)
        })
        .map(|dir| dir.plan_file())
        .collect();
    let opts = plan::Options {
        out: args.out.clone(),
        force: args.force,
        already_sent: Vec::new(),
        sent_issues,
    };
    Ok(plan::plan(deduped, taxonomy, settings, &opts)?)
}

/// Why an item got its theme, term by term.
fn explain(
    out: &mut impl Write,
    deduped: &Deduped,
    taxonomy: &Taxonomy,
    id: &str,
) -> anyhow::Result<()> {
    let known = plan::canonical_index(deduped);
    let Some(&index) = known.get(id) else {
        anyhow::bail!(
            "no content item `{id}`; `letterpress plan --report FILE.csv` lists every id"
        );
    };
    let canonical = &deduped.items[index].item;
    let (scoring, themed) = plan::theme_items(deduped, taxonomy);
    if canonical.id != id {
        writeln!(
            out,
            "{id} is a duplicate of {}; its theme is that item's.",
            canonical.id
        )?;
    }
    writeln!(out, "{}  {}", canonical.id, plan::sections_title(canonical))?;
    let judged = plan::editorial::judge(canonical);
    match judged.label {
        plan::editorial::Label::Keep => writeln!(out, "editorial: keep (a piece a reader learns from)")?,
        label => writeln!(
            out,
            "editorial: {} — {}; left out of new issues (put its id in an issue.yaml to run it anyway)",
            label.as_str(),
            judged.reason
        )?,
    }
    writeln!(out, "theme: {}", themed[index].theme)?;
    let scores = scoring.scores(taxonomy, index);
    if scores.is_empty() {
        writeln!(out, "no theme's terms occur in it; it is grouped with items sharing its most distinctive word")?;
    }
    for (rank, score) in scores.iter().take(2).enumerate() {
        let label = if rank == 0 { "primary" } else { "runner-up" };
        let theme = &taxonomy.themes[score.theme];
        writeln!(
            out,
            "{label}: {} ({}), score {:.1}",
            theme.name, theme.title, score.score
        )?;
        for c in &score.contributions {
            writeln!(
                out,
                "  {:<24} weight {} × rarity {:.2} × (3 × {} in title + {} in body) = {:.1}",
                format!("\"{}\"", c.term),
                c.weight,
                c.rarity,
                c.title_hits,
                c.body_hits,
                c.points
            )?;
        }
    }
    if let Some(other) = scores.get(2) {
        writeln!(
            out,
            "next: {} {:.1}",
            taxonomy.themes[other.theme].name, other.score
        )?;
    }
    Ok(())
}

/// One JSON object per issue, in week order, one per line.
fn write_json(planned: &Planned) -> anyhow::Result<()> {
    let mut out = io::BufWriter::new(io::stdout().lock());
    for (_, issue) in &planned.issues {
        serde_json::to_writer(&mut out, issue).context("writing JSON")?;
        out.write_all(b"\n").context("writing JSON")?;
    }
    out.flush().context("writing JSON")
}

/// Themes, issues kept and written, and the first issues.
pub fn write_summary(out: &mut impl Write, planned: &Planned, dir: &Path) -> io::Result<()> {
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
