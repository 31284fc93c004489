//! `letterpress render`: issue folders in, `email.html`, `email.txt`,
//! `archive.md`, `web.html` and thread drafts out, beside each
//! `issue.yaml` ([`pipeline::render_issues`]).

use anyhow::Context;
use std::io::{self, Write};

use super::{summary, Exit, Global};
use crate::cli::RenderArgs;
use crate::pipeline;
use crate::project::Project;

/// Runs the command.
pub(crate) fn execute(args: &RenderArgs, g: &Global<'_>) -> anyhow::Result<Exit> {
    let project = Project::load(g.root)?;
    let dirs = super::issue_dirs(&project, &args.dirs, "render")?;
    let rendered = pipeline::render_issues(&project, &dirs)?;
    if !g.quiet {
        summary::render_warnings(&rendered);
    }
    if args.json {
        let mut out = io::BufWriter::new(io::stdout().lock());
        for issue in &rendered {
            serde_json::to_writer(&mut out, issue).context("writing JSON")?;
            out.write_all(b"\n").context("writing JSON")?;
        }
        out.flush().context("writing JSON")?;
    } else if !g.quiet {
        summary::rendered(&mut io::stdout().lock(), rendered.len())?;
    }
    Ok(Exit::Done)
}
