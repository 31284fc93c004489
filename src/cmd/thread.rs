//! `letterpress thread ITEM_ID`: the thread drafts of one section — as in
//! the issue that holds it when one does (same text, link and images as
//! the drafts), else of the content item on its own.

use super::{Exit, Global};
use crate::cli::ThreadArgs;
use crate::ingest;
use crate::pipeline;
use crate::project::Project;
use crate::render::threads::{self, Platform};
use std::io::Write;

/// Runs the command.
pub(crate) fn execute(args: &ThreadArgs, g: &Global<'_>) -> anyhow::Result<Exit> {
    let project = Project::load(g.root)?;
    let platforms = if args.platforms.is_empty() {
        Platform::ALL.to_vec()
    } else {
        args.platforms.iter().map(|&p| p.into()).collect()
    };
    let options = ingest::Options {
        strict: args.input.strict,
    };
    let (title, drafts) = pipeline::item_drafts(
        &project,
        &args.input.paths,
        &options,
        &args.item_id,
        &platforms,
    )?;
    let mut out = std::io::stdout().lock();
    for draft in drafts {
        writeln!(out, "{}", threads::to_markdown(&draft, &title))?;
    }
    Ok(Exit::Done)
}
