//! `letterpress render`: issue folders in, `email.html`, `email.txt` and
//! `archive.md` out, beside each `issue.yaml`.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use anyhow::Context;
use std::process::ExitCode;

use crate::cli::RenderArgs;
use crate::render::threads::Platform;
use crate::render::{self, RenderedIssue, Renderer};
use crate::settings::Settings;

/// Runs the command.
pub fn execute(args: &RenderArgs, quiet: bool) -> anyhow::Result<ExitCode> {
    let dirs = super::issue_dirs(&args.dirs, "render")?;
    let rendered = render_all(&dirs, quiet)?;
    let count = rendered.len();
    if args.json {
        let mut out = io::BufWriter::new(io::stdout().lock());
        for issue in &rendered {
            serde_json::to_writer(&mut out, issue).context("writing JSON")?;
            out.write_all(b"\n").context("writing JSON")?;
        }
        out.flush().context("writing JSON")?;
    } else if !quiet {
        println!(
            "render: {count} issues rendered ({} each)",
            crate::issue_dir::IssueDir::rendered_listing()
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// Renders every folder; every issue is rendered before any file is
/// written, so a template mistake leaves all files as they were.
pub fn render_all(dirs: &[PathBuf], quiet: bool) -> anyhow::Result<Vec<RenderedIssue>> {
    let renderer = Renderer::new(Path::new("."), Settings::load(Path::new("."))?)?;
    let mut rendered = Vec::with_capacity(dirs.len());
    for dir in dirs {
        let issue = renderer.render_dir(dir)?;
        let source = renderer.thread_source(dir, &issue.plan)?;
        let drafts = renderer.drafts(&source, &Platform::ALL)?;
        rendered.push((issue, drafts));
    }
    for (issue, drafts) in &rendered {
        render::write(issue)?;
        render::write_drafts(&issue.dir, &issue.plan.subject, drafts)?;
        if !quiet {
            for warning in &issue.warnings {
                eprintln!("warning: {warning}");
            }
        }
    }
    Ok(rendered.into_iter().map(|(issue, _)| issue).collect())
}
