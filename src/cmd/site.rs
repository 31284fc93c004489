//! `letterpress site [--all] [--out site]`: the public web archive.

use super::{Exit, Global};
use crate::cli::SiteArgs;
use crate::project::Project;
use crate::site::{self, SiteOptions};

/// Runs the command.
pub(crate) fn execute(args: &SiteArgs, g: &Global<'_>) -> anyhow::Result<Exit> {
    let project = Project::load(g.root)?;
    let options = SiteOptions {
        out: args.out.clone(),
        all: args.all,
        now: args.now.unwrap_or_else(|| g.clock.now()),
        per_page: args.per_page,
    };
    let report = site::build(&project, &options)?;
    if !g.quiet {
        super::summary::site(&report, &options.out);
    }
    Ok(Exit::Done)
}
