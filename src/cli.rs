//! Command-line arguments (clap derive). Every flag is documented here; the
//! commands in [`crate::cmd`] turn them into library calls.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// Turn raw content into a weekly newsletter and its social posts.
#[derive(Debug, Parser)]
#[command(name = "letterpress", version, about)]
pub struct Cli {
    /// Print no progress and no summary, only errors (and --json output).
    #[arg(long, short, global = true)]
    pub quiet: bool,
    /// The subcommand to run.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Read content files and show what was found in them.
    Ingest(IngestArgs),
    /// Run the whole pipeline on the project's seeds.
    Build(BuildArgs),
}

/// Input selection shared by the commands that read content.
#[derive(Debug, Args)]
pub struct InputArgs {
    /// Files or folders to read (default: `seeds/`).
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Make the first malformed line fatal instead of a skipped-line warning.
    #[arg(long)]
    pub strict: bool,
}

/// `letterpress ingest`.
#[derive(Debug, Args)]
pub struct IngestArgs {
    /// What to read.
    #[command(flatten)]
    pub input: InputArgs,
    /// Print one JSON object per item, one per line, instead of the summary.
    #[arg(long)]
    pub json: bool,
}

/// `letterpress build`.
#[derive(Debug, Args)]
pub struct BuildArgs {
    /// What to read.
    #[command(flatten)]
    pub input: InputArgs,
}
