//! `letterpress site [--all] [--out site]`: the public web archive.

use std::path::Path;
use std::process::ExitCode;

use crate::cli::SiteArgs;
use crate::settings::Settings;
use crate::site::{self, Project, SiteOptions};

/// Runs the command.
pub fn execute(args: &SiteArgs, quiet: bool) -> anyhow::Result<ExitCode> {
    let settings = Settings::load(Path::new("."))?;
    let options = SiteOptions {
        out: args.out.clone(),
        all: args.all,
        now: args.now.unwrap_or_else(chrono::Utc::now),
        per_page: args.per_page,
    };
    let report = write(&settings, &options)?;
    if !quiet {
        summary(&report, &options.out);
    }
    Ok(ExitCode::SUCCESS)
}

/// Writes the site of the project in the current folder.
pub fn write(settings: &Settings, options: &SiteOptions) -> anyhow::Result<site::SiteReport> {
    let project = Project {
        root: Path::new("."),
        issues: Path::new("issues"),
        settings,
    };
    Ok(site::build(&project, options)?)
}

/// One line: what the site holds.
pub fn summary(report: &site::SiteReport, out: &Path) {
    println!(
        "site: {} issues published in {} ({} drafts, {} files); issues not sent yet are left out unless --all",
        report.issues,
        out.display(),
        report.drafts,
        report.files
    );
}
