//! One module per subcommand, each with an `execute` that takes its parsed
//! arguments and returns the process exit code.

pub mod build;
pub mod check;
pub mod dedupe;
pub mod export;
pub mod ingest;
pub mod init;
pub mod plan;
pub mod preview;
pub mod render;
pub mod schedule;
pub mod schema;
pub mod send;
pub mod site;
pub mod templates;
pub mod thread;
pub mod unsubscribe;

use std::path::PathBuf;
use std::process::ExitCode;

use crate::cli::{Cli, Command, InputArgs};
use crate::diag::Diagnostic;

/// Runs the parsed command line.
pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    crate::alloc::tune();
    match cli.command {
        Command::Ingest(args) => ingest::execute(&args, cli.quiet),
        Command::Dedupe(args) => dedupe::execute(&args, cli.quiet),
        Command::Plan(args) => plan::execute(&args, cli.quiet),
        Command::Render(args) => render::execute(&args, cli.quiet),
        Command::Templates(command) => templates::execute(&command, cli.quiet),
        Command::Preview(args) => preview::execute(&args, cli.quiet),
        Command::Thread(args) => thread::execute(&args, cli.quiet),
        Command::Export(command) => export::execute(&command, cli.quiet),
        Command::Send(args) => send::execute(&args, cli.quiet),
        Command::Unsubscribe(args) => unsubscribe::execute(&args, cli.quiet),
        Command::Schedule(command) => schedule::execute(&command, cli.quiet),
        Command::Build(args) => build::execute(&args, cli.quiet),
        Command::Init(args) => init::execute(&args, cli.quiet),
        Command::Schema(args) => schema::execute(&args, cli.quiet),
        Command::Site(args) => site::execute(&args, cli.quiet),
        Command::Check(args) => check::execute(&args, cli.quiet),
    }
}

/// The issue folders to work on: those given, or every issue under
/// `issues/`; an error saying what to do when there are none.
pub fn issue_dirs(given: &[PathBuf], doing: &str) -> anyhow::Result<Vec<PathBuf>> {
    let dirs: Vec<PathBuf> = if given.is_empty() {
        crate::issue_dir::IssueDir::all(std::path::Path::new("issues"))
            .iter()
            .map(|dir| dir.path().to_path_buf())
            .collect()
    } else {
        given.to_vec()
    };
    if dirs.is_empty() {
        anyhow::bail!("no issues to {doing}: run `letterpress plan` first, or name issue folders");
    }
    Ok(dirs)
}

/// The paths to read: those given, or the settings' content paths
/// (`content:` in letterpress.yaml, default `content/`). `settings` are the
/// command's own when it has loaded them; otherwise they are read only when
/// no paths are given.
pub fn input_paths(
    input: &InputArgs,
    settings: Option<&crate::settings::Settings>,
) -> anyhow::Result<Vec<PathBuf>> {
    if !input.paths.is_empty() {
        return Ok(input.paths.clone());
    }
    let paths = match settings {
        Some(settings) => settings.content_paths(),
        None => crate::settings::Settings::load(std::path::Path::new("."))?.content_paths(),
    };
    if let Some(missing) = paths.iter().find(|p| !p.exists()) {
        anyhow::bail!(
            "{}: no such content folder; name your content with `content:` in letterpress.yaml, pass paths, or run `letterpress init` to start a project",
            missing.display()
        );
    }
    Ok(paths)
}

/// Prints diagnostics to stderr and returns the exit code they call for:
/// 1 when any file failed, 0 otherwise (skipped lines are only warnings).
pub fn report_diagnostics(diagnostics: &[Diagnostic], quiet: bool) -> ExitCode {
    let warnings = diagnostics.iter().filter(|d| !d.is_error()).count();
    const SHOWN: usize = 20;
    for (n, diag) in diagnostics.iter().enumerate() {
        if diag.is_error() || (!quiet && n < SHOWN) {
            eprintln!("{diag}");
        }
    }
    if !quiet && warnings > SHOWN {
        eprintln!("… and {} more warnings", warnings - SHOWN);
    }
    if diagnostics.iter().any(Diagnostic::is_error) {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
