//! `letterpress build`: the whole pipeline on the project's content:
//! ingest, dedupe, plan, render, site — one library call
//! ([`pipeline::build`]), each stage's summary printed as it finishes.

use super::{summary, Exit, Global};
use crate::cli::BuildArgs;
use crate::ingest;
use crate::pipeline::{self, BuildOptions, Stage};
use crate::project::Project;
use crate::site::SiteOptions;
use std::io;

/// Runs the command.
pub(crate) fn execute(args: &BuildArgs, g: &Global<'_>) -> anyhow::Result<Exit> {
    let mut project = Project::load(g.root)?;
    super::plan::apply(&args.plan, &mut project.settings);
    let options = BuildOptions {
        paths: args.input.paths.clone(),
        ingest: ingest::Options {
            strict: args.input.strict,
        },
        dedupe: super::dedupe::options(&args.dedupe),
        plan: super::plan::options(&project, &args.plan),
        site: SiteOptions {
            out: project.path("site".as_ref()),
            all: false,
            now: g.clock.now(),
            per_page: 20,
        },
    };
    let quiet = g.quiet;
    let diagnostics = pipeline::build(&project, &options, &mut |stage| {
        let out = &mut io::stdout().lock();
        match stage {
            _ if quiet => Ok(()),
            Stage::Ingested(corpus) => summary::ingest(out, corpus),
            Stage::Deduped(deduped) => summary::dedupe(out, deduped),
            Stage::Planned(planned) => summary::plan(out, planned, &options.plan.out),
            Stage::Rendered(rendered) => {
                summary::render_warnings(rendered);
                summary::rendered(out, rendered.len())
            }
            Stage::Published(site) => {
                summary::site(site, &options.site.out);
                Ok(())
            }
        }
    })?;
    Ok(super::report_diagnostics(&diagnostics, quiet))
}
