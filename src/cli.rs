//! Command-line arguments (clap derive). Every flag is documented here; the
//! commands in `crate::cmd` turn them into library calls.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// Turn raw content into a weekly newsletter and its social posts.
#[derive(Debug, Parser)]
#[command(name = "letterpress", version, about)]
pub struct Cli {
    /// Print no progress and no summary, only errors (and --json output).
    #[arg(long, short, global = true)]
    pub quiet: bool,
    /// The project folder: letterpress.yaml, the content folders, issues/,
    /// templates/ and themes.yaml are found in it. Paths given on the
    /// command line stay relative to the current folder.
    #[arg(long, global = true, value_name = "DIR", default_value = ".")]
    pub root: PathBuf,
    /// The subcommand to run.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Read content files and show what was found in them.
    #[command(after_help = "Example: letterpress ingest seeds --json")]
    Ingest(IngestArgs),
    /// Find exact and near duplicates and keep one item of each.
    #[command(after_help = "Example: letterpress dedupe --report duplicates.csv")]
    Dedupe(DedupeArgs),
    /// Give items themes and plan weekly issues as editable issue files.
    #[command(after_help = "Example: letterpress plan --report plan.csv")]
    Plan(PlanArgs),
    /// Render planned issues to email HTML, plain text and a Markdown archive.
    #[command(after_help = "Example: letterpress render issues/2023-W16")]
    Render(RenderArgs),
    /// Manage the templates.
    #[command(subcommand, after_help = "Example: letterpress templates eject")]
    Templates(TemplatesCommand),
    /// Serve the site and every issue's email on 127.0.0.1, reloaded as you edit.
    #[command(after_help = "Example: letterpress preview --port 8025")]
    Preview(PreviewArgs),
    /// Print the social thread drafts of one content item.
    #[command(after_help = "Example: letterpress thread 1570077278104875008 --platform x")]
    Thread(ThreadArgs),
    /// Export data for other tools.
    #[command(
        subcommand,
        after_help = "Example: letterpress export threads --platform x --format csv"
    )]
    Export(ExportCommand),
    /// Send an issue: test sends, or to a subscriber list.
    #[command(
        after_help = "Example: letterpress send issues/2023-W16 --test you@example.com --smtp smtp://127.0.0.1:2525"
    )]
    Send(SendArgs),
    /// Mark readers unsubscribed in a list, from their tokens or addresses.
    #[command(
        after_help = "Example: letterpress unsubscribe --list subscribers.csv reader@example.com"
    )]
    Unsubscribe(UnsubscribeArgs),
    /// The plan of what goes out when (`schedule.yaml`): status, and run what is due.
    #[command(subcommand, after_help = "Example: letterpress schedule status")]
    Schedule(ScheduleCommand),
    /// Run the whole pipeline on the project's content: ingest, dedupe, plan, render, site.
    #[command(after_help = "Example: letterpress build")]
    Build(BuildArgs),
    /// Check rendered issues before they go out: every link and image, and the rules.
    #[command(after_help = "Example: letterpress check issues/2023-W16 --offline")]
    Check(CheckArgs),
    /// Write the public web archive: issue pages, an index, theme pages, an Atom feed.
    #[command(after_help = "Example: letterpress site --all --out site")]
    Site(SiteArgs),
    /// Start a newsletter project: settings, an example post, a schedule, a list.
    #[command(
        after_help = "Example: letterpress init my-news --name \"My News\" --from \"Me <me@example.com>\" --url https://example.com/news/"
    )]
    Init(InitArgs),
    /// Print the JSON Schema of issue.yaml, letterpress.yaml or schedule.yaml, for editors.
    #[command(after_help = "Example: letterpress schema settings")]
    Schema(SchemaArgs),
}

/// `letterpress schema`.
#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// Which file's schema to print.
    #[arg(value_enum, required_unless_present = "write")]
    pub kind: Option<SchemaKind>,
    /// Write all three into the project's `schemas/` folder instead (the
    /// files letterpress writes then name them on their first line).
    #[arg(long)]
    pub write: bool,
}

/// A file with a schema, as named on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SchemaKind {
    /// `issues/<week>/issue.yaml`.
    Issue,
    /// `letterpress.yaml`.
    Settings,
    /// `schedule.yaml`.
    Schedule,
}

/// Input selection shared by the commands that read content.
#[derive(Debug, Args)]
pub struct InputArgs {
    /// Files or folders to read (default: `content:` in letterpress.yaml, else `content/`).
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

/// Duplicate detection settings shared by the commands that dedupe.
#[derive(Debug, Args)]
pub struct DedupeSettings {
    /// Jaccard similarity of word 3-shingles at or above which two items are
    /// near duplicates (0 to 1).
    #[arg(long, default_value_t = 0.5, value_parser = unit_interval)]
    pub threshold: f64,
    /// Share of a short item found inside a longer one at or above which it
    /// counts as contained (0 to 1).
    #[arg(long, default_value_t = 0.8, value_parser = unit_interval)]
    pub containment: f64,
}

fn unit_interval(text: &str) -> Result<f64, String> {
    let value: f64 = text
        .parse()
        .map_err(|_| format!("`{text}` is not a number"))?;
    if (0.0..=1.0).contains(&value) {
        Ok(value)
    } else {
        Err(format!("{value} is not between 0 and 1"))
    }
}

/// `letterpress dedupe`.
#[derive(Debug, Args)]
pub struct DedupeArgs {
    /// What to read.
    #[command(flatten)]
    pub input: InputArgs,
    /// Write one CSV row per content item here:
    /// `item_id,canonical_id,similarity,reason`.
    #[arg(long, value_name = "FILE.csv")]
    pub report: Option<PathBuf>,
    /// How similar is similar enough.
    #[command(flatten)]
    pub settings: DedupeSettings,
}

/// Planning settings shared by the commands that plan.
#[derive(Debug, Args)]
pub struct PlanSettingsArgs {
    /// Where the week folders go (default: `issues/` in the project).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Fewest sections an issue should have (default: letterpress.yaml, else 4).
    #[arg(long)]
    pub min_sections: Option<usize>,
    /// Most sections an issue may have (default: letterpress.yaml, else 6).
    #[arg(long)]
    pub max_sections: Option<usize>,
    /// Rewrite existing issue files (the writer's edits in them are lost).
    #[arg(long)]
    pub force: bool,
}

/// `letterpress plan`.
#[derive(Debug, Args)]
pub struct PlanArgs {
    /// What to read.
    #[command(flatten)]
    pub input: InputArgs,
    /// How similar is similar enough.
    #[command(flatten)]
    pub dedupe: DedupeSettings,
    /// Where and how to plan.
    #[command(flatten)]
    pub plan: PlanSettingsArgs,
    /// Write one CSV row per content item here: `item_id,theme,issue,note`.
    #[arg(long, value_name = "FILE.csv")]
    pub report: Option<PathBuf>,
    /// Print why ITEM_ID got its theme (and write nothing).
    #[arg(long, value_name = "ITEM_ID")]
    pub explain: Option<String>,
    /// Print one JSON object per issue (its plan), one per line, instead of
    /// the summary.
    #[arg(long)]
    pub json: bool,
}

/// `letterpress render`.
#[derive(Debug, Args)]
pub struct RenderArgs {
    /// Issue folders to render (default: every issue under `issues/`).
    #[arg(value_name = "ISSUE_DIR")]
    pub dirs: Vec<PathBuf>,
    /// Print one JSON object per rendered issue, one per line, instead of
    /// the summary.
    #[arg(long)]
    pub json: bool,
}

/// `letterpress templates …`.
#[derive(Debug, Subcommand)]
pub enum TemplatesCommand {
    /// Write the built-in templates into `templates/` to edit them.
    #[command(after_help = "Example: letterpress templates eject --force")]
    Eject {
        /// Overwrite templates that are already there.
        #[arg(long)]
        force: bool,
    },
}

/// `letterpress preview`.
#[derive(Debug, Args)]
pub struct PreviewArgs {
    /// One issue folder to serve (its email at `/`); without it, the whole
    /// project: the site (drafts included) and every issue's email.
    #[arg(value_name = "ISSUE_DIR")]
    pub dir: Option<PathBuf>,
    /// The port (0 picks a free one).
    #[arg(long, default_value_t = 8025)]
    pub port: u16,
}

/// `letterpress thread`.
#[derive(Debug, Args)]
pub struct ThreadArgs {
    /// The content item's id (see `ingest --json` or `plan --report`).
    pub item_id: String,
    /// What to read.
    #[command(flatten)]
    pub input: InputArgs,
    /// Platforms to draft for (default: all).
    #[arg(long = "platform", value_enum)]
    pub platforms: Vec<PlatformArg>,
}

/// A platform as named on the command line (the library's
/// [`Platform`](crate::render::threads::Platform) carries no clap derive).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum PlatformArg {
    /// X (Twitter).
    X,
    /// Bluesky.
    Bluesky,
    /// Mastodon.
    Mastodon,
    /// LinkedIn (one post, not a thread).
    Linkedin,
}

impl From<PlatformArg> for crate::render::threads::Platform {
    fn from(arg: PlatformArg) -> Self {
        use crate::render::threads::Platform;
        match arg {
            PlatformArg::X => Platform::X,
            PlatformArg::Bluesky => Platform::Bluesky,
            PlatformArg::Mastodon => Platform::Mastodon,
            PlatformArg::Linkedin => Platform::Linkedin,
        }
    }
}

/// `letterpress export …`.
#[derive(Debug, Subcommand)]
pub enum ExportCommand {
    /// Thread drafts of issues, for bulk scheduling tools.
    #[command(after_help = "Example: letterpress export threads --platform x --format csv")]
    Threads(ExportThreadsArgs),
}

/// The formats of `export threads`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    /// One object per issue with Typefully and Buffer payloads.
    Json,
    /// `platform,issue,post_index,text,weighted_length,images,scheduled_at`.
    Csv,
    /// The human-readable drafts.
    Md,
}

impl From<ExportFormat> for crate::render::threads::export::Format {
    fn from(arg: ExportFormat) -> Self {
        use crate::render::threads::export::Format;
        match arg {
            ExportFormat::Json => Format::Json,
            ExportFormat::Csv => Format::Csv,
            ExportFormat::Md => Format::Md,
        }
    }
}

/// `letterpress export threads`.
#[derive(Debug, Args)]
pub struct ExportThreadsArgs {
    /// Issue folders (default: every issue under `issues/`).
    #[arg(value_name = "ISSUE_DIR")]
    pub dirs: Vec<PathBuf>,
    /// The platform.
    #[arg(long, value_enum)]
    pub platform: PlatformArg,
    /// The format.
    #[arg(long, value_enum, default_value = "json")]
    pub format: ExportFormat,
    /// Write here instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

/// `letterpress send`.
#[derive(Debug, Args)]
pub struct SendArgs {
    /// The issue folder (render it first).
    #[arg(value_name = "ISSUE_DIR")]
    pub dir: PathBuf,
    /// Send a test copy here (repeatable): `[TEST]` subject, sample reader
    /// data, not recorded as a real send.
    #[arg(long = "test", value_name = "ADDR")]
    pub test: Vec<String>,
    /// Send to every subscriber of this CSV the ledger has not settled yet.
    #[arg(long, value_name = "FILE.csv", conflicts_with = "test")]
    pub list: Option<PathBuf>,
    /// The SMTP server, overriding letterpress.yaml (`smtp://127.0.0.1:2525`).
    #[arg(long, value_name = "URL")]
    pub smtp: Option<String>,
    /// Show what the ledger says of this issue, and send nothing.
    #[arg(long)]
    pub status: bool,
    /// Say who would get the issue and which rows are skipped; send and
    /// record nothing.
    #[arg(long, requires = "list")]
    pub dry_run: bool,
    /// Send again to readers the server refused for good before (after
    /// fixing what made it refuse them).
    #[arg(long, requires = "list")]
    pub retry_rejected: bool,
    /// Send without running the pre-send check (`letterpress check`).
    #[arg(long)]
    pub no_check: bool,
    /// Do not ask for confirmation before a list send on a terminal.
    #[arg(long, short = 'y')]
    pub yes: bool,
}

/// `letterpress schedule …`.
#[derive(Debug, Subcommand)]
pub enum ScheduleCommand {
    /// Show every entry with its local and UTC time, state and counts.
    #[command(after_help = "Example: letterpress schedule status --json")]
    Status(ScheduleStatusArgs),
    /// Do every due entry once (safe to start from cron every few minutes).
    #[command(after_help = "Example: letterpress schedule run --dry-run")]
    Run(ScheduleRunArgs),
}

/// Arguments both schedule commands take.
#[derive(Debug, Args)]
pub struct SchedulePlanArgs {
    /// The plan file; issue folders and lists are found next to it
    /// (default: `schedule.yaml` in the project).
    #[arg(long, value_name = "FILE")]
    pub plan: Option<PathBuf>,
    /// Act as if it were this time (RFC 3339, e.g. 2026-11-24T14:00:00Z).
    #[arg(long, value_name = "TIME")]
    pub now: Option<String>,
}

/// `letterpress schedule status`.
#[derive(Debug, Args)]
pub struct ScheduleStatusArgs {
    /// The plan and the time.
    #[command(flatten)]
    pub plan: SchedulePlanArgs,
    /// One JSON object per entry, one per line.
    #[arg(long)]
    pub json: bool,
}

/// `letterpress schedule run`.
#[derive(Debug, Args)]
pub struct ScheduleRunArgs {
    /// The plan and the time.
    #[command(flatten)]
    pub plan: SchedulePlanArgs,
    /// Print what would happen; send and write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// The SMTP server, overriding letterpress.yaml.
    #[arg(long, value_name = "URL")]
    pub smtp: Option<String>,
}

/// `letterpress unsubscribe`.
#[derive(Debug, Args)]
pub struct UnsubscribeArgs {
    /// The subscriber list to update (rewritten in place, atomically).
    #[arg(long, value_name = "FILE.csv")]
    pub list: PathBuf,
    /// Unsubscribe tokens (from the links) or addresses.
    #[arg(value_name = "TOKEN_OR_ADDRESS", required = true)]
    pub keys: Vec<String>,
}

/// `letterpress check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The issue folders (default: every issue under issues/).
    #[arg(value_name = "ISSUE_DIR")]
    pub dirs: Vec<PathBuf>,
    /// Only the rules that need no network.
    #[arg(long)]
    pub offline: bool,
    /// One JSON object per checked URL or rule.
    #[arg(long)]
    pub json: bool,
    /// Warnings fail too.
    #[arg(long)]
    pub strict: bool,
}

/// `letterpress site`.
#[derive(Debug, Args)]
pub struct SiteArgs {
    /// Publish every rendered issue; those not sent yet are marked drafts.
    #[arg(long)]
    pub all: bool,
    /// Where the site goes.
    #[arg(long, value_name = "DIR", default_value = "site")]
    pub out: PathBuf,
    /// Issues per index page.
    #[arg(long, value_name = "N", default_value_t = crate::site::SiteOptions::DEFAULT_PER_PAGE)]
    pub per_page: usize,
    /// Judge what has gone out as of this time (RFC 3339) instead of now.
    #[arg(long, value_name = "TIME")]
    pub now: Option<chrono::DateTime<chrono::Utc>>,
}

/// `letterpress init`.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// The folder to create the project in (created if missing).
    #[arg(value_name = "DIR", default_value = ".")]
    pub dir: PathBuf,
    /// The newsletter's name (asked on a terminal when not given).
    #[arg(long)]
    pub name: Option<String>,
    /// The sender, `Name <address>` (asked on a terminal when not given).
    #[arg(long)]
    pub from: Option<String>,
    /// Where the web archive will be published (asked on a terminal when
    /// not given).
    #[arg(long)]
    pub url: Option<String>,
}

/// `letterpress build`.
#[derive(Debug, Args)]
pub struct BuildArgs {
    /// What to read.
    #[command(flatten)]
    pub input: InputArgs,
    /// How similar is similar enough.
    #[command(flatten)]
    pub dedupe: DedupeSettings,
    /// Where and how to plan.
    #[command(flatten)]
    pub plan: PlanSettingsArgs,
}
