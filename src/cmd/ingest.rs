//! `letterpress ingest [PATH...] [--json]`: read files and show their items.

use std::collections::BTreeMap;
use std::io::{self, BufWriter, Write};
use std::process::ExitCode;

use anyhow::Context;

use crate::cli::IngestArgs;
use crate::ingest::{self, Corpus, Kind, Options};

/// Runs the command.
pub fn execute(args: &IngestArgs, quiet: bool) -> anyhow::Result<ExitCode> {
    let paths = super::input_paths(&args.input, None)?;
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
    } else if !quiet {
        write_summary(&mut out, &corpus).context("writing summary")?;
    }
    out.flush().context("writing output")?;
    let code = super::report_diagnostics(&corpus.diagnostics, quiet);
    // Freeing a million small items one by one takes about a second; the
    // process is about to exit and the OS reclaims the memory at once.
    std::mem::forget(corpus);
    Ok(code)
}

/// A table of items per file and kind, then the totals per kind.
pub fn write_summary(out: &mut impl Write, corpus: &Corpus) -> io::Result<()> {
    let mut per_file: BTreeMap<(&std::path::Path, Kind), usize> = BTreeMap::new();
    let mut per_kind: BTreeMap<Kind, usize> = BTreeMap::new();
    // A file's items are contiguous: count each file's kinds in an array,
    // then compare paths once per file (a million path comparisons showed
    // in the ingest benchmark).
    for items in corpus
        .items
        .chunk_by(|a, b| std::sync::Arc::ptr_eq(&a.source, &b.source))
    {
        let mut counts = [0usize; Kind::ALL.len()];
        for item in items {
            counts[item.kind as usize] += 1;
        }
        for (kind, count) in Kind::ALL.into_iter().zip(counts) {
            if count > 0 {
                *per_file.entry((&*items[0].source, kind)).or_default() += count;
                *per_kind.entry(kind).or_default() += count;
            }
        }
    }
    let width = corpus
        .files
        .iter()
        .map(|f| f.path.display().to_string().len())
        .max()
        .unwrap_or(4)
        .max(4);
    writeln!(
        out,
        "{:<width$}  {:<20}  {:<18}  {:>8}",
        "file", "format", "kind", "items"
    )?;
    for file in &corpus.files {
        let format = file.format.map_or("(unreadable)", |f| f.as_str());
        let kinds: Vec<_> = per_file
            .range((file.path.as_path(), Kind::Tweet)..=(file.path.as_path(), Kind::Noise))
            .collect();
        if kinds.is_empty() {
            writeln!(
                out,
                "{:<width$}  {:<20}  {:<18}  {:>8}",
                file.path.display(),
                format,
                "-",
                0
            )?;
        }
        for ((_, kind), count) in kinds {
            writeln!(
                out,
                "{:<width$}  {:<20}  {:<18}  {:>8}",
                file.path.display(),
                format,
                kind.as_str(),
                count
            )?;
        }
    }
    let content: usize = per_kind
        .iter()
        .filter(|(k, _)| k.is_content())
        .map(|(_, n)| n)
        .sum();
    let totals: Vec<String> = per_kind.iter().map(|(k, n)| format!("{n} {k}")).collect();
    writeln!(
        out,
        "total: {} items from {} files ({} content): {}",
        corpus.items.len(),
        corpus.files.len(),
        content,
        totals.join(", ")
    )
}
