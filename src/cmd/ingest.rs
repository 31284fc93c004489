//! `letterpress ingest [PATH...] [--json]`: read files and show their items.

use anyhow::Context;
use std::io::{self, BufWriter, Write};

use super::{Exit, Global};
use crate::cli::IngestArgs;
use crate::ingest::{self, Options};

/// Runs the command.
pub(crate) fn execute(args: &IngestArgs, g: &Global<'_>) -> anyhow::Result<Exit> {
    let paths = super::input_paths(&args.input, g)?;
    let corpus = ingest::ingest(
        &paths,
        &Options {
            strict: args.input.strict,
        },
    )?;
    let mut out = BufWriter::with_capacity(1 << 16, io::stdout().lock());
    if args.json {
        for item in &corpus.items {
            serde_json::to_writer(&mut out, item).context("writing JSON")?;
            out.write_all(b"\n").context("writing JSON")?;
        }
    } else if !g.quiet {
        super::summary::ingest(&mut out, &corpus).context("writing summary")?;
    }
    out.flush().context("writing output")?;
    let code = super::report_diagnostics(&corpus.diagnostics, g.quiet);
    // Freeing a million small items one by one takes about a second; the
    // process is about to exit and the OS reclaims the memory at once.
    std::mem::forget(corpus);
    Ok(code)
}
