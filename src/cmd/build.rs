//! `letterpress build`: the whole pipeline on `seeds/`: ingest, dedupe,
//! plan, render.

use std::io;
use std::path::Path;
use std::process::ExitCode;

use crate::cli::BuildArgs;
use crate::dedupe;
use crate::ingest::{self, Options};
use crate::plan::themes::Taxonomy;
use crate::settings::Settings;

/// Runs the command.
pub fn execute(args: &BuildArgs, quiet: bool) -> anyhow::Result<ExitCode> {
    let root = Path::new(".");
    let mut settings = Settings::load(root)?;
    super::plan::apply(&args.plan, &mut settings);
    let taxonomy = Taxonomy::load(root)?;
    let corpus = ingest::ingest(
        &super::input_paths(&args.input, Some(&settings))?,
        &Options {
            strict: args.input.strict,
        },
    )?;
    if !quiet {
        super::ingest::write_summary(&mut io::stdout().lock(), &corpus)?;
    }
    let deduped = dedupe::dedupe(corpus, &super::dedupe::options(&args.dedupe));
    if !quiet {
        super::dedupe::write_summary(&mut io::stdout().lock(), &deduped)?;
    }
    let planned = super::plan::run_plan(&deduped, &taxonomy, &settings, &args.plan)?;
    if !quiet {
        super::plan::write_summary(&mut io::stdout().lock(), &planned, &args.plan.out)?;
    }
    let dirs: Vec<_> = planned
        .issues
        .iter()
        .filter_map(|(path, _)| path.parent().map(Path::to_path_buf))
        .collect();
    let rendered = super::render::render_all(&dirs, quiet)?.len();
    if !quiet {
        println!(
            "render: {rendered} issues rendered ({} each)",
            crate::issue_dir::IssueDir::rendered_listing()
        );
    }
    let options = crate::site::SiteOptions {
        out: "site".into(),
        all: false,
        now: chrono::Utc::now(),
        per_page: 20,
    };
    let site = super::site::write(&settings, &options)?;
    if !quiet {
        super::site::summary(&site, &options.out);
    }
    Ok(super::report_diagnostics(&deduped.diagnostics, quiet))
}
