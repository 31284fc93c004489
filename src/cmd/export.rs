//! `letterpress export threads`: issues' thread drafts for bulk schedulers,
//! as JSON payloads (Typefully, Buffer), CSV or Markdown.

use std::io::Write;

use super::{Exit, Global};
use crate::cli::ExportCommand;
use crate::fsutil;
use crate::pipeline;
use crate::project::Project;

/// Runs the command.
pub(crate) fn execute(command: &ExportCommand, g: &Global<'_>) -> anyhow::Result<Exit> {
    let ExportCommand::Threads(args) = command;
    let project = Project::load(g.root)?;
    let dirs = super::issue_dirs(&project, &args.dirs, "export")?;
    let platform = args.platform.into();
    let export = pipeline::export_threads(&project, &dirs, platform, args.format.into())?;
    for warning in &export.warnings {
        eprintln!("warning: {warning}");
    }
    match &args.out {
        Some(path) => fsutil::write_atomic(path, export.text.as_bytes())?,
        None => std::io::stdout().lock().write_all(export.text.as_bytes())?,
    }
    Ok(Exit::Done)
}
