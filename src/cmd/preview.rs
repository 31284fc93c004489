//! `letterpress preview [ISSUE_DIR]`: the site and every issue's email (or
//! one issue) on 127.0.0.1, made again and reloaded in the browser when an
//! `issue.yaml`, a template or `letterpress.yaml` changes.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::cli::PreviewArgs;
use crate::issue_dir::{IssueDir, Part};
use crate::preview::{Preview, Routes, Watch};
use crate::settings::Settings;
use crate::site::SiteOptions;

/// Runs the command.
pub fn execute(args: &PreviewArgs, quiet: bool) -> anyhow::Result<ExitCode> {
    let mut preview = Preview::bind(args.port)?;
    let address = preview.address();
    let watch = Watch {
        folders: vec![PathBuf::from("issues"), PathBuf::from("templates")],
        files: vec![PathBuf::from(crate::settings::FILE_NAME)],
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
            preview.watch(watch, move || render(&one))?;
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
                move || whole(&site, &base)
            };
            rebuild().map_err(anyhow::Error::msg)?;
            preview.watch(watch, rebuild)?;
            Routes::Project {
                issues: PathBuf::from("issues"),
                site,
            }
        }
    };
    // Always printed (scripts and tests read it), even with --quiet.
    println!("preview: http://{address}/ (Ctrl-C to stop)");
    if !quiet {
        println!("preview: edits to issue.yaml, templates/ and letterpress.yaml reload the page");
    }
    std::io::stdout().flush()?;
    preview.serve(routes);
    Ok(ExitCode::SUCCESS)
}

/// Renders `dirs` again; the error as the writer would read it.
fn render(dirs: &[PathBuf]) -> Result<(), String> {
    super::render::render_all(dirs, true)
        .map(drop)
        .map_err(|e| format!("{e:#}"))
}

/// Renders every issue and writes the site (drafts included) to `site`,
/// linked to the preview's own address.
fn whole(site: &Path, base: &str) -> Result<(), String> {
    let dirs = super::issue_dirs(&[], "preview").map_err(|e| format!("{e:#}"))?;
    render(&dirs)?;
    let mut settings = Settings::load(Path::new(".")).map_err(|e| e.to_string())?;
    settings.newsletter.url = base.to_string();
    let options = SiteOptions {
        out: site.to_path_buf(),
        all: true,
        now: chrono::Utc::now(),
        per_page: SiteOptions::DEFAULT_PER_PAGE,
    };
    super::site::write(&settings, &options)
        .map(drop)
        .map_err(|e| format!("{e:#}"))
}
