//! The content model: the one item type every parser produces, and the
//! [`Corpus`] that the ingest stage hands to dedupe.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::diag::Diagnostic;

/// What a content item is. The last three kinds never reach an issue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// A single stand-alone tweet.
    Tweet,
    /// A thread rebuilt from numbered or rapid-fire tweets.
    Thread,
    /// One section of a multi-topic newsletter issue.
    NewsletterSection,
    /// A blog post or guide: one document, one item.
    Post,
    /// A video entry (a youtu.be link with its title and transcript).
    Video,
    /// A study note from a notes file.
    Note,
    /// A reply to someone (or a reader's comment): never content.
    Reply,
    /// Promotion, sponsor blocks, calls to action: never content.
    Promo,
    /// Scraper chatter and other lines that carry nothing: never content.
    Noise,
}

impl Kind {
    /// All kinds, in display order.
    pub const ALL: [Kind; 9] = [
        Kind::Tweet,
        Kind::Thread,
        Kind::NewsletterSection,
        Kind::Post,
        Kind::Video,
        Kind::Note,
        Kind::Reply,
        Kind::Promo,
        Kind::Noise,
    ];

    /// Whether items of this kind may become issue content.
    pub fn is_content(self) -> bool {
        !matches!(self, Kind::Reply | Kind::Promo | Kind::Noise)
    }

    /// The snake_case name used in JSON and reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Tweet => "tweet",
            Kind::Thread => "thread",
            Kind::NewsletterSection => "newsletter_section",
            Kind::Post => "post",
            Kind::Video => "video",
            Kind::Note => "note",
            Kind::Reply => "reply",
            Kind::Promo => "promo",
            Kind::Noise => "noise",
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Hints found in the text that later stages use.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hints {
    /// The "Over to you" question, without its label.
    pub over_to_you: Option<String>,
    /// A sponsor block's text, when the item is (or carries) one.
    pub sponsor: Option<String>,
}

/// One piece of content, whatever file and format it came from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ContentItem {
    /// Stable id: the tweet id, the first part's id for a thread, or
    /// `<file stem>#<slug>` for sections, posts, videos and notes.
    pub id: String,
    /// What the item is.
    pub kind: Kind,
    /// The file it was read from (shared by every item of that file).
    pub source: Arc<Path>,
    /// First and last line (1-based, inclusive) in the source.
    pub lines: [u32; 2],
    /// Publication time in UTC, when the source has one.
    pub published: Option<DateTime<Utc>>,
    /// Title, when the source gives one.
    pub title: Option<String>,
    /// The text (Markdown allowed), without numbering or calls to action.
    pub body: String,
    /// Links found in the body, in order.
    pub links: Vec<String>,
    /// Image URLs found in the body, in order.
    pub images: Vec<String>,
    /// Hints found in the text.
    pub hints: Hints,
    /// The item's own address: the URL, the video link, the tweet's URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Author handle, when known (tweets).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<Arc<str>>,
    /// Ids of the tweets a thread was rebuilt from, in order (strings in
    /// JSON: 19-digit ids do not survive JavaScript's numbers).
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        with = "ids_as_strings"
    )]
    pub parts: Vec<u64>,
}

impl ContentItem {
    /// An empty item of `kind` from `source`, to be filled in by a parser.
    pub fn new(id: impl Into<String>, kind: Kind, source: Arc<Path>, lines: [u32; 2]) -> Self {
        ContentItem {
            id: id.into(),
            kind,
            source,
            lines,
            published: None,
            title: None,
            body: String::new(),
            links: Vec::new(),
            images: Vec::new(),
            hints: Hints::default(),
            url: None,
            author: None,
            parts: Vec::new(),
        }
    }
}

/// The format a file was recognised as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Format {
    /// A twint text dump of tweets.
    TweetDump,
    /// A newsletter issue saved as plain text.
    NewsletterText,
    /// A newsletter issue saved as Markdown with YAML front matter.
    NewsletterMarkdown,
    /// A single post (Markdown or text) with YAML front matter.
    Post,
    /// Video links with transcripts and study notes.
    Transcripts,
}

impl Format {
    /// How this format's text is written: Markdown for clipped issues and
    /// posts, plain text (line breaks matter) for the rest. The one place
    /// this rule is decided.
    pub fn markup(self) -> Markup {
        match self {
            Format::NewsletterMarkdown | Format::Post => Markup::Markdown,
            Format::TweetDump | Format::NewsletterText | Format::Transcripts => Markup::Plain,
        }
    }

    /// The kebab-case name shown in summaries.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::TweetDump => "tweet-dump",
            Format::NewsletterText => "newsletter-text",
            Format::NewsletterMarkdown => "newsletter-markdown",
            Format::Post => "post",
            Format::Transcripts => "transcripts",
        }
    }
}

/// How a text is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Markup {
    /// Plain text: line breaks matter, nothing is markup (tweets, notes).
    Plain,
    /// Markdown (clipped issues, posts).
    Markdown,
}

/// What ingest learnt about one input file.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FileSummary {
    /// The file.
    pub path: PathBuf,
    /// Its recognised format, or `None` when it could not be read.
    pub format: Option<Format>,
    /// Number of items read from it.
    pub items: usize,
}

/// The ingest stage's output: every item from every file, plus what went wrong.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Corpus {
    /// Items in file order, then source order.
    pub items: Vec<ContentItem>,
    /// One entry per input file.
    pub files: Vec<FileSummary>,
    /// Warnings and errors met on the way.
    pub diagnostics: Vec<Diagnostic>,
}

impl Corpus {
    /// Whether any file failed to be read or recognised.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Serialises tweet ids as decimal strings and reads them back.
mod ids_as_strings {
    use serde::{de::Error, Deserialize, Deserializer, Serializer};

    pub(super) fn serialize<S: Serializer>(ids: &[u64], s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(ids.iter().map(u64::to_string))
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u64>, D::Error> {
        Vec::<String>::deserialize(d)?
            .iter()
            .map(|id| id.parse().map_err(D::Error::custom))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::Kind;

    #[test]
    fn all_kinds_are_listed_in_declaration_order() {
        // `kind as usize` indexes arrays laid out like `Kind::ALL`.
        for (index, kind) in Kind::ALL.into_iter().enumerate() {
            assert_eq!(kind as usize, index);
        }
    }
}
