//! `letterpress check ISSUE_DIR… [--offline] [--json] [--strict]`: every
//! link, image and rule of rendered issues, before they go out.

use super::{Exit, Global};
use crate::check::{self, Severity};
use crate::cli::CheckArgs;
use crate::project::Project;

/// Runs the command.
pub(crate) fn execute(args: &CheckArgs, g: &Global<'_>) -> anyhow::Result<Exit> {
    let project = Project::load(g.root)?;
    let dirs = super::issue_dirs(&project, &args.dirs, "check")?;
    let mut failed = false;
    for dir in &dirs {
        let now = g.clock.now();
        let report = check::run(dir, &project, !args.offline, now)?;
        if args.json {
            for finding in &report.findings {
                println!("{}", serde_json::to_string(finding)?);
            }
        } else {
            super::summary::check(&report, g.quiet);
        }
        failed |= report.count(Severity::Error) > 0
            || (args.strict && report.count(Severity::Warning) > 0);
    }
    Ok(Exit::failed_if(failed))
}
