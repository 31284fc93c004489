//! `letterpress preview [ISSUE_DIR]`: the site and every issue's email (or
//! one issue) on 127.0.0.1, made again and reloaded in the browser when an
//! `issue.yaml`, a template or `letterpress.yaml` changes.

use chrono::{DateTime, Utc};
use std::io::Write;
use std::path::{Path, PathBuf};

use super::{Exit, Global};
use crate::cli::PreviewArgs;
use crate::issue_dir::{IssueDir, Part};
use crate::pipeline;
use crate::preview::{Preview, Routes, Watch};
use crate::project::Project;

/// Runs the command.
pub(crate) fn execute(args: &PreviewArgs, g: &Global<'_>) -> anyhow::Result<Exit> {
    let root = g.root.to_path_buf();
    let project = Project::load(&root)?;
    let mut preview = Preview::bind(args.port)?;
    let address = preview.address();
    let watch = Watch {
        folders: vec![project.issues().to_path_buf(), root.join("templates")],
        files: vec![root.join(crate::settings::FILE_NAME)],
    };
    let routes = match &args.dir {
        Some(dir) => {
            if !IssueDir::new(dir).has(Part::EmailHtml) {
                anyhow::bail!(
                    "{}: no {}; run `letterpress render {}` first",
                    dir.display(),
                    Part::EmailHtml.file_name(),
                    dir.display()
                );
            }
            let one = vec![dir.clone()];
            preview.watch(watch, move || render(&root, &one))?;
            Routes::Issue(dir.clone())
        }
        None => {
            // The preview's site lives outside the project (it links to
            // this address, not to the public one) and goes with the
            // process's temporary folder.
            let site = std::env::temp_dir().join(format!("letterpress-preview-{}", address.port()));
            let base = format!("http://{address}/");
            let rebuild = {
                let site = site.clone();
                let clock = g.clock.clone();
                move || whole(&root, &site, &base, clock.now())
            };
            rebuild().map_err(anyhow::Error::msg)?;
            preview.watch(watch, rebuild)?;
            Routes::Project {
                issues: project.issues().to_path_buf(),
                site,
            }
        }
    };
    // Always printed (scripts and tests read it), even with --quiet.
    println!("preview: http://{address}/ (Ctrl-C to stop)");
    if !g.quiet {
        println!("preview: edits to issue.yaml, templates/ and letterpress.yaml reload the page");
    }
    std::io::stdout().flush()?;
    preview.serve(routes);
    Ok(Exit::Done)
}

/// An error as the writer reads it, with the causes its message does not
/// already tell, `: `-joined (as `{:#}` would, without the repeats).
fn message(e: impl Into<anyhow::Error>) -> String {
    let error = e.into();
    let mut text = error.to_string();
    for cause in super::exit::untold_causes(&error) {
        text.push_str(": ");
        text.push_str(&cause);
    }
    text
}

/// Renders `dirs` again with the project as it is now on disk.
fn render(root: &Path, dirs: &[PathBuf]) -> Result<(), String> {
    let project = Project::load(root).map_err(message)?;
    pipeline::render_issues(&project, dirs)
        .map(drop)
        .map_err(message)
}

/// Renders every issue and writes the site (drafts included) to `site`,
/// linked to the preview's own address, as of `now`.
fn whole(root: &Path, site: &Path, base: &str, now: DateTime<Utc>) -> Result<(), String> {
    let project = Project::load(root).map_err(message)?;
    pipeline::preview_site(project, site, base, now)
        .map(drop)
        .map_err(message)
}
