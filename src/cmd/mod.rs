//! One module per subcommand, each with an `execute` that takes its parsed
//! arguments and the global options and returns how the run ended, an
//! [`Exit`] ([`exit`] decides the process exit codes).
//! Each is parse → load the [`Project`] → one library call → print; the
//! summaries several commands print are in [`summary`].

pub(crate) mod build;
pub(crate) mod check;
pub(crate) mod dedupe;
pub(crate) mod exit;
pub(crate) mod export;
pub(crate) mod ingest;
pub(crate) mod init;
pub(crate) mod plan;
pub(crate) mod preview;
pub(crate) mod render;
pub(crate) mod schedule;
pub(crate) mod schema;
pub(crate) mod send;
pub(crate) mod site;
pub(crate) mod summary;
pub(crate) mod templates;
pub(crate) mod thread;
pub(crate) mod unsubscribe;

use std::path::{Path, PathBuf};

use crate::cli::{Cli, Command, InputArgs};
use crate::diag::Diagnostic;
use crate::project::Project;
pub use exit::Exit;

/// The options every command takes.
#[derive(Debug, Clone)]
pub(crate) struct Global<'a> {
    /// The project folder (`--root`, default `.`).
    pub root: &'a Path,
    /// Print only errors (and --json output).
    pub quiet: bool,
    /// Where the time comes from: the system clock; `--now` fixes it for
    /// the commands that take it.
    pub clock: std::sync::Arc<dyn crate::clock::Clock>,
}

/// Runs the parsed command line.
pub fn run(cli: Cli) -> anyhow::Result<Exit> {
    crate::alloc::tune();
    let g = &Global {
        root: &cli.root,
        quiet: cli.quiet,
        clock: std::sync::Arc::new(crate::clock::SystemClock),
    };
    match &cli.command {
        Command::Ingest(args) => ingest::execute(args, g),
        Command::Dedupe(args) => dedupe::execute(args, g),
        Command::Plan(args) => plan::execute(args, g),
        Command::Render(args) => render::execute(args, g),
        Command::Templates(command) => templates::execute(command, g),
        Command::Preview(args) => preview::execute(args, g),
        Command::Thread(args) => thread::execute(args, g),
        Command::Export(command) => export::execute(command, g),
        Command::Send(args) => send::execute(args, g),
        Command::Unsubscribe(args) => unsubscribe::execute(args, g),
        Command::Schedule(command) => schedule::execute(command, g),
        Command::Build(args) => build::execute(args, g),
        Command::Init(args) => init::execute(args, g),
        Command::Schema(args) => schema::execute(args, g),
        Command::Site(args) => site::execute(args, g),
        Command::Check(args) => check::execute(args, g),
    }
}

/// The issue folders to work on: those given, or every issue of the
/// project; an error saying what to do when there are none.
pub(crate) fn issue_dirs(
    project: &Project,
    given: &[PathBuf],
    doing: &str,
) -> anyhow::Result<Vec<PathBuf>> {
    let dirs: Vec<PathBuf> = if given.is_empty() {
        project.issue_dirs()
    } else {
        given.to_vec()
    };
    if dirs.is_empty() {
        anyhow::bail!("no issues to {doing}: run `letterpress plan` first, or name issue folders");
    }
    Ok(dirs)
}

/// The paths to read: those given (the project is not loaded), or the
/// project's content folders.
pub(crate) fn input_paths(input: &InputArgs, g: &Global<'_>) -> anyhow::Result<Vec<PathBuf>> {
    if !input.paths.is_empty() {
        return Ok(input.paths.clone());
    }
    Ok(Project::load(g.root)?.content_paths(&[])?)
}

/// Prints diagnostics to stderr and returns the exit code they call for:
/// 1 when any file failed, 0 otherwise (skipped lines are only warnings).
pub(crate) fn report_diagnostics(diagnostics: &[Diagnostic], quiet: bool) -> Exit {
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
    Exit::failed_if(diagnostics.iter().any(Diagnostic::is_error))
}
