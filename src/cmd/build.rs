//! `letterpress build`: the whole pipeline on `seeds/` (so far: ingest, then
//! dedupe).

use std::io;
use std::process::ExitCode;

use crate::cli::BuildArgs;
use crate::dedupe;
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
    }
    let deduped = dedupe::dedupe(corpus, &super::dedupe::options(&args.dedupe));
    if !quiet {
        super::dedupe::write_summary(&mut io::stdout().lock(), &deduped)?;
    }
    Ok(super::report_diagnostics(&deduped.diagnostics, quiet))
}
