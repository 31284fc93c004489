//! Ingest: files in, [`Corpus`] out.
//!
//! Every file under the given paths is read, its format sniffed from its
//! content (never its name) and handed to the matching parser, which turns it
//! into [`ContentItem`]s. A file that cannot be read or recognised becomes an
//! error diagnostic and the other files are still read; a malformed line in a
//! tweet dump becomes a warning and is skipped (fatal with `--strict`).

pub(crate) mod markdown;
pub mod model;
pub(crate) mod newsletter;
pub(crate) mod phrases;
pub mod text;
pub(crate) mod thread_parts;
pub(crate) mod timestamp;
pub(crate) mod transcript;
pub(crate) mod twint;

use std::path::{Path, PathBuf};

pub use model::{ContentItem, Corpus, FileSummary, Format, Hints, Kind, Markup};

use crate::diag::Diagnostic;
use crate::fsutil;

/// How ingest treats bad input.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Make the first malformed line fatal instead of a warning.
    pub strict: bool,
}

/// What one parser returns for one file.
#[derive(Debug, Default)]
pub struct Parsed {
    /// The items, in source order.
    pub items: Vec<ContentItem>,
    /// Warnings about skipped lines.
    pub diagnostics: Vec<Diagnostic>,
}

/// Why a file could not be ingested.
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    /// The file could not be opened or read.
    #[error(transparent)]
    Io(#[from] fsutil::FsError),
    /// The path names a directory where a file was expected.
    #[error("{}: is a directory; pass the files inside it, or the directory itself as a PATH argument", .0.display())]
    IsDirectory(PathBuf),
    /// The file has no content.
    #[error("{}: the file is empty; expected a tweet dump, a newsletter issue or transcripts", .0.display())]
    Empty(PathBuf),
    /// The file is not UTF-8 text.
    #[error("{}:{line}:{column}: not valid UTF-8; re-save the file as UTF-8 text", path.display())]
    NotUtf8 {
        /// The file.
        path: PathBuf,
        /// 1-based line of the first bad byte.
        line: u32,
        /// 1-based column (byte) of the first bad byte.
        column: u32,
    },
    /// No parser recognised the content.
    #[error("{}: format not recognised; expected {expected}", path.display())]
    Unrecognised {
        /// The file.
        path: PathBuf,
        /// What the sniffer looked for.
        expected: String,
    },
    /// The YAML front matter does not parse.
    #[error("{}:{line}:{column}: bad YAML front matter: {problem}; fix the block between the `---` lines", path.display())]
    FrontMatter {
        /// The file.
        path: PathBuf,
        /// 1-based line in the file.
        line: u32,
        /// 1-based column.
        column: u32,
        /// What is wrong in it.
        #[source]
        problem: FrontMatterProblem,
    },
    /// `--strict` turned a warning into an error.
    #[error("{0} (--strict makes this fatal)")]
    Strict(Diagnostic),
}

/// What is wrong in a Markdown file's front matter.
#[derive(Debug, thiserror::Error)]
pub enum FrontMatterProblem {
    /// It is not YAML of the front matter's shape.
    #[error("{0}")]
    Yaml(#[source] serde_yaml::Error),
    /// `published:` (or `date:`) is not a date; the value as written.
    #[error("`{0}` is not a date; write it as 2026-12-01 or 2026-12-01T09:00:00Z")]
    NotADate(String),
}

/// What the sniffer expects, for "format not recognised" errors.
const EXPECTED: &str = "a twint tweet dump (`<id> <date> <time> <offset> <handle> <text>` lines), \
a newsletter issue (a \"This week's …:\" topic list), Markdown with YAML front matter, \
or transcripts (title lines followed by youtu.be links)";

/// A file's name without its extension, used in item ids.
pub fn stem(path: &Path) -> String {
    path.file_stem()
        .map_or_else(|| "input".into(), |s| s.to_string_lossy().into_owned())
}

/// `id`, or `id-2`, `id-3` … if an item already has it.
pub fn unique_id(items: &[ContentItem], id: String) -> String {
    if !items.iter().any(|i| i.id == id) {
        return id;
    }
    (2..)
        .map(|n| format!("{id}-{n}"))
        .find(|c| !items.iter().any(|i| &i.id == c))
        .unwrap_or(id)
}

/// Recognises the format of a file's bytes.
pub fn sniff(bytes: &[u8]) -> Option<Format> {
    if twint::sniff(bytes) {
        return Some(Format::TweetDump);
    }
    let text = std::str::from_utf8(bytes).ok()?;
    if markdown::sniff(text) {
        return Some(if markdown::is_issue(text) {
            Format::NewsletterMarkdown
        } else {
            Format::Post
        });
    }
    if newsletter::sniff(text) {
        return Some(Format::NewsletterText);
    }
    if transcript::sniff(text) {
        return Some(Format::Transcripts);
    }
    None
}

/// Reads and parses one file.
pub fn ingest_file(path: &Path, opts: &Options) -> Result<(Format, Parsed), IngestError> {
    if path.is_dir() {
        return Err(IngestError::IsDirectory(path.into()));
    }
    let bytes = fsutil::read_file(path)?;
    parse_bytes(path, &bytes, opts, &|range| bytes.release(range))
}

/// Parses the bytes of one file; `path` is only used to name items and errors.
pub fn ingest_bytes(
    path: &Path,
    bytes: &[u8],
    opts: &Options,
) -> Result<(Format, Parsed), IngestError> {
    parse_bytes(path, bytes, opts, &|_| {})
}

/// [`ingest_bytes`], telling `release` which byte ranges are done with.
fn parse_bytes(
    path: &Path,
    bytes: &[u8],
    opts: &Options,
    release: &(dyn Fn(std::ops::Range<usize>) + Sync),
) -> Result<(Format, Parsed), IngestError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(IngestError::Empty(path.into()));
    }
    let Some(format) = sniff(bytes) else {
        return match std::str::from_utf8(bytes) {
            Err(e) => Err(not_utf8(path, bytes, e.valid_up_to())),
            // A Markdown file without front matter is a post of its own.
            Ok(text) if markdown::is_markdown_name(path) => {
                Ok((Format::Post, markdown::parse_plain(path, text)))
            }
            Ok(_) => Err(IngestError::Unrecognised {
                path: path.into(),
                expected: EXPECTED.into(),
            }),
        };
    };
    if format == Format::TweetDump {
        return Ok((format, twint::parse(path, bytes, opts, release)?));
    }
    let text = std::str::from_utf8(bytes).map_err(|e| not_utf8(path, bytes, e.valid_up_to()))?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let parsed = match format {
        Format::NewsletterText => newsletter::parse(path, text),
        Format::NewsletterMarkdown | Format::Post => markdown::parse(path, text)?,
        Format::Transcripts => transcript::parse(path, text),
        Format::TweetDump => unreachable!("handled above"),
    };
    Ok((format, parsed))
}

fn not_utf8(path: &Path, bytes: &[u8], at: usize) -> IngestError {
    let before = &bytes[..at];
    let line = before.iter().filter(|&&b| b == b'\n').count() as u32 + 1;
    let column = (at
        - before
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |p| p + 1)) as u32
        + 1;
    IngestError::NotUtf8 {
        path: path.into(),
        line,
        column,
    }
}

/// Ingests every file under `paths`. Problems with single files become
/// diagnostics; only `--strict` failures and unlistable paths are errors.
pub fn ingest(paths: &[PathBuf], opts: &Options) -> Result<Corpus, IngestError> {
    let mut corpus = Corpus::default();
    for root in paths {
        let files = match fsutil::walk_files(root) {
            Ok(walk) => {
                corpus
                    .diagnostics
                    .extend(walk.repeated.iter().map(repeated));
                walk.files
            }
            Err(e) => {
                corpus.diagnostics.push(Diagnostic::error(
                    root,
                    e.source.to_string() + "; check the path",
                ));
                continue;
            }
        };
        for path in files {
            match ingest_file(&path, opts) {
                Ok((format, mut parsed)) => {
                    corpus.files.push(FileSummary {
                        path: path.clone(),
                        format: Some(format),
                        items: parsed.items.len(),
                    });
                    if corpus.items.is_empty() {
                        // A big dump is often the only file: move its items
                        // rather than copy a million of them.
                        corpus.items = std::mem::take(&mut parsed.items);
                    } else {
                        corpus.items.append(&mut parsed.items);
                    }
                    corpus.diagnostics.append(&mut parsed.diagnostics);
                }
                Err(e @ IngestError::Strict(_)) => return Err(e),
                Err(e) => {
                    corpus.files.push(FileSummary {
                        path: path.clone(),
                        format: None,
                        items: 0,
                    });
                    corpus.diagnostics.push(e.to_diagnostic(&path));
                }
            }
        }
    }
    Ok(corpus)
}

/// A symbolic link to a folder already read: a warning naming the link.
fn repeated((link, folder): &(PathBuf, PathBuf)) -> Diagnostic {
    Diagnostic {
        severity: crate::diag::Severity::Warning,
        path: link.clone(),
        line: None,
        column: None,
        message: format!(
            "a symbolic link to {}, a folder already read (a loop); skipped: remove the link",
            folder.display()
        ),
    }
}

impl IngestError {
    /// The error as a diagnostic located at its line and column, if any.
    pub fn to_diagnostic(&self, path: &Path) -> Diagnostic {
        let mut diag = Diagnostic::error(path, String::new());
        match self {
            IngestError::NotUtf8 { line, column, .. } => {
                (diag.line, diag.column) = (Some(*line), Some(*column));
                diag.message = "not valid UTF-8; re-save the file as UTF-8 text".into();
            }
            IngestError::FrontMatter {
                line,
                column,
                problem,
                ..
            } => {
                (diag.line, diag.column) = (Some(*line), Some(*column));
                diag.message = format!(
                    "bad YAML front matter: {problem}; fix the block between the `---` lines"
                );
            }
            other => {
                let text = other.to_string();
                let shown = path.display().to_string();
                diag.message = text
                    .strip_prefix(&shown)
                    .map_or(text.as_str(), |m| m.trim_start_matches(':').trim_start())
                    .to_string();
            }
        }
        diag
    }
}
