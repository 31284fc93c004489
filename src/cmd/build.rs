//! `letterpress build`: the whole pipeline on `seeds/` (for now: ingest).

use std::io::{self, Write};
use std::process::ExitCode;

use crate::cli::BuildArgs;
use crate::ingest::{self, Options};

/// Runs the command.
pub fn execute(args: &BuildArgs, quiet: bool) -> anyhow::Result<ExitCode> {
    let paths = super::input_paths(&args.input);
    let corpus = ingest::ingest(
        &paths,
        &Options {
            strict: args.input.strict,
        },
    )?;
    if !quiet {
        super::ingest::write_summary(&mut io::stdout().lock(), &corpus)?;
        io::stdout().flush()?;
    }
    Ok(super::report_diagnostics(&corpus.diagnostics, quiet))
}
