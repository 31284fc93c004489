//! `letterpress plan`: ingest, dedupe, then themes and weekly issue files.

use anyhow::Context;
use std::io::{self, Write};

use super::{Exit, Global};
use crate::cli::{PlanArgs, PlanSettingsArgs};
use crate::dedupe::{self, Deduped};
use crate::fsutil;
use crate::ingest::{self, Options};
use crate::plan::{self, editorial::Label, themes::Taxonomy, Planned};
use crate::project::Project;

/// Runs the command.
pub(crate) fn execute(args: &PlanArgs, g: &Global<'_>) -> anyhow::Result<Exit> {
    if let Some(report) = &args.report {
        fsutil::check_writable(report)?;
    }
    let mut project = Project::load(g.root)?;
    apply(&args.plan, &mut project.settings);
    let taxonomy = project.taxonomy()?;
    let corpus = ingest::ingest(
        &project.content_paths(&args.input.paths)?,
        &Options {
            strict: args.input.strict,
        },
    )?;
    let deduped = dedupe::dedupe(corpus, &super::dedupe::options(&args.dedupe));
    if let Some(id) = &args.explain {
        explain(&mut io::stdout().lock(), &deduped, &taxonomy, id)?;
        return Ok(Exit::Done);
    }
    let opts = options(&project, &args.plan);
    let planned = plan::plan(&deduped, &taxonomy, &project.settings, &opts)?;
    if let Some(report) = &args.report {
        let mut csv = Vec::new();
        plan::write_report(&planned.report, &mut csv).context("formatting the report")?;
        fsutil::write_atomic(report, &csv)?;
    }
    if args.json {
        write_json(&planned)?;
    } else if !g.quiet {
        super::summary::plan(&mut io::stdout().lock(), &planned, &opts.out)?;
    }
    let code = super::report_diagnostics(&deduped.diagnostics, g.quiet);
    std::mem::forget(deduped);
    Ok(code)
}

/// Command-line sizes override the settings file.
pub(crate) fn apply(args: &PlanSettingsArgs, settings: &mut crate::settings::Settings) {
    if let Some(min) = args.min_sections {
        settings.plan.min_sections = min;
    }
    if let Some(max) = args.max_sections {
        settings.plan.max_sections = max;
    }
}

/// The library's plan options for the command line's: issues go to
/// `--out`, or the project's issues folder.
pub(crate) fn options(project: &Project, args: &PlanSettingsArgs) -> plan::Options {
    plan::Options {
        out: args
            .out
            .clone()
            .unwrap_or_else(|| project.issues().to_path_buf()),
        force: args.force,
        already_sent: Vec::new(),
        root: project.root().to_path_buf(),
    }
}

/// Why an item got its theme, term by term.
fn explain(
    out: &mut impl Write,
    deduped: &Deduped,
    taxonomy: &Taxonomy,
    id: &str,
) -> anyhow::Result<()> {
    let Some(why) = plan::explain::explain(deduped, taxonomy, id) else {
        anyhow::bail!(
            "no content item `{id}`; `letterpress plan --report FILE.csv` lists every id"
        );
    };
    if why.canonical != why.id {
        writeln!(
            out,
            "{} is a duplicate of {}; its theme is that item's.",
            why.id, why.canonical
        )?;
    }
    writeln!(out, "{}  {}", why.canonical, why.title)?;
    match why.editorial.label {
        Label::Keep => writeln!(out, "editorial: keep (a piece a reader learns from)")?,
        label => writeln!(
            out,
            "editorial: {} — {}; left out of new issues (put its id in an issue.yaml to run it anyway)",
            label.as_str(),
            why.editorial.reason
        )?,
    }
    writeln!(out, "theme: {}", why.theme)?;
    if why.scores.is_empty() {
        writeln!(out, "no theme's terms occur in it; it is grouped with items sharing its most distinctive word")?;
    }
    for (rank, score) in why.scores.iter().take(2).enumerate() {
        let label = if rank == 0 { "primary" } else { "runner-up" };
        writeln!(
            out,
            "{label}: {} ({}), score {:.1}",
            score.name, score.title, score.score
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
    if let Some(next) = why.scores.get(2) {
        writeln!(out, "next: {} {:.1}", next.name, next.score)?;
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
