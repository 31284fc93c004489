//! The loaded issue: an issue folder's `issue.yaml` in, a [`ResolvedIssue`]
//! out — every section's text found once, in the writer's own `body:` or in
//! the content item the section names, and made fit to print (`tidy`).
//!
//! Render never reads a source file: it receives this value. Resolving is
//! the only place after ingest that parses content files, and each file is
//! parsed at most once per [`Resolver`], however many issues name it.

pub(crate) mod links;
pub(crate) mod tidy;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use serde::{Deserialize, Serialize};

use crate::fsutil::project_path;
use crate::ingest::{self, ContentItem, Format, Kind, Markup};
use crate::issue_dir::IssueDir;
use crate::plan::editorial::{self, Judgement};
use crate::plan::issue_file::{self, IssueFileError, IssuePlan, Section};
use crate::plan::themes::{Scoring, Taxonomy};

/// Why an issue's sections could not be resolved.
#[derive(Debug, thiserror::Error)]
pub enum ResolveError {
    /// The issue file cannot be used.
    #[error(transparent)]
    IssueFile(#[from] IssueFileError),
    /// A section names an item its source file no longer has.
    #[error("{}:{line}:{column}: section `{id}` is not in {}; correct that section's id (`letterpress plan --report FILE.csv` lists every id), remove the section, or give it a `body:` of its own", issue.display(), source_file.display())]
    MissingItem {
        /// The issue file.
        issue: PathBuf,
        /// 1-based line of the section's id.
        line: usize,
        /// 1-based column of the section's id.
        column: usize,
        /// The section's item id.
        id: String,
        /// The file it should be in.
        source_file: PathBuf,
    },
    /// A section gives only an id, and the project's content has no item
    /// with it.
    #[error("{}:{line}:{column}: section `{id}` names no item of the project's content; correct the id (`letterpress plan --report FILE.csv` lists every id), give the section its `source:`, or a `body:` of its own", issue.display())]
    UnknownItem {
        /// The issue file.
        issue: PathBuf,
        /// 1-based line of the section's id.
        line: usize,
        /// 1-based column of the section's id.
        column: usize,
        /// The section's item id.
        id: String,
    },
    /// A section's source file cannot be read.
    #[error("{}: cannot read the source of section `{id}`: {source}", issue.display())]
    Source {
        /// The issue file.
        issue: PathBuf,
        /// The section's item id.
        id: String,
        /// Why: the file cannot be read or parsed (boxed: it is large).
        #[source]
        source: Box<ingest::IngestError>,
    },
}

/// An issue with its sections' content resolved: all render needs to know
/// about it, and nothing it has to read.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ResolvedIssue {
    /// Its folder.
    pub dir: PathBuf,
    /// The issue file as the writer left it.
    pub plan: IssuePlan,
    /// The sections, in the issue file's order.
    pub sections: Vec<ResolvedSection>,
}

/// One section: the plan's fields and its text as it is printed.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ResolvedSection {
    /// The section's title.
    pub title: String,
    /// Its theme's name.
    pub theme: String,
    /// The closing question as written in the issue file.
    pub over_to_you: String,
    /// When the piece was first published anywhere.
    pub first_posted: Option<chrono::DateTime<chrono::Utc>>,
    /// The text, fit to print (no calls to action, the title not repeated).
    pub text: String,
    /// How `text` is written.
    pub markup: Markup,
    /// The link that follows the text ("Watch the full video"), if any.
    pub more: Option<MoreLink>,
    /// The image sources the text holds, in order, as written.
    pub images: Vec<String>,
    /// The link targets the text holds, in order, as written.
    pub links: Vec<String>,
    /// Where the text came from.
    pub provenance: Provenance,
    /// What the editorial rules call the item ([`editorial::judge`]); a
    /// section that is not a keep was put in by the writer (the planner
    /// never places one), which the pre-send check notes. `None` for a
    /// writer's own `body:`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verdict: Option<Judgement>,
}

/// A labelled link printed after a section's text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MoreLink {
    /// What the link says ("See the diagram").
    pub label: String,
    /// Where it goes, as found (render makes it absolute).
    pub url: String,
}

/// Where a section's text came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "kind")]
pub enum Provenance {
    /// The writer's own `body:` in the issue file.
    Body,
    /// A content item of a source file.
    Item {
        /// The item's id.
        id: String,
        /// Its file.
        source: PathBuf,
        /// The file's format.
        format: Format,
    },
}

impl ResolvedSection {
    /// The text with its `more` link as a last paragraph ("Watch the full
    /// video: https://…"), for social posts, which have no template.
    pub fn with_more_written_out(&self) -> String {
        match &self.more {
            Some(more) => format!("{}\n\n{}: {}", self.text, more.label, more.url),
            None => self.text.clone(),
        }
    }
}

/// The items of one source file, by id, with the file's format.
type SourceItems = (Format, HashMap<String, ContentItem>);

/// Resolves issues; parses each source file once, however many issues (or
/// sections) name it.
pub struct Resolver {
    /// What relative source paths in issue files are relative to.
    root: PathBuf,
    sources: Mutex<HashMap<PathBuf, Arc<SourceItems>>>,
    /// Where a section that gives only its id is looked for.
    content: Vec<PathBuf>,
    /// The themes a section without one is given.
    taxonomy: Option<Taxonomy>,
    /// Every item of `content` by id, read the first time it is needed.
    index: Mutex<Option<Arc<HashMap<String, ContentItem>>>>,
}

impl Resolver {
    /// A resolver for the project at `root` (source paths in issue files
    /// are relative to it); every section must name its `source:`.
    pub fn new(root: &Path) -> Self {
        Resolver::with_content(root, Vec::new(), None)
    }

    /// A resolver that also finds a section giving only its `id` in the
    /// `content` paths, and gives it a theme from `taxonomy`.
    pub fn with_content(root: &Path, content: Vec<PathBuf>, taxonomy: Option<Taxonomy>) -> Self {
        Resolver {
            root: root.to_path_buf(),
            sources: Mutex::new(HashMap::new()),
            content,
            taxonomy,
            index: Mutex::new(None),
        }
    }

    /// Reads `dir/issue.yaml` and resolves every section.
    pub fn load(&self, dir: &Path) -> Result<ResolvedIssue, ResolveError> {
        let (plan, _) = issue_file::read(&IssueDir::new(dir).plan_file())?;
        self.resolve(dir, plan)
    }

    /// Resolves every section of a plan read from `dir`, filling in what a
    /// section leaves out from its item.
    pub fn resolve(&self, dir: &Path, mut plan: IssuePlan) -> Result<ResolvedIssue, ResolveError> {
        let issue_path = IssueDir::new(dir).plan_file();
        for section in &mut plan.sections {
            self.fill_in(&issue_path, section)?;
        }
        let sections = plan
            .sections
            .iter()
            .map(|section| self.section(&issue_path, section))
            .collect::<Result<_, _>>()?;
        Ok(ResolvedIssue {
            dir: dir.to_path_buf(),
            plan,
            sections,
        })
    }

    /// Fills in the fields a hand-written section left out (only `id` is
    /// required): the source and lines from the project's content, then
    /// the title, question and theme from the item.
    fn fill_in(&self, issue: &Path, section: &mut Section) -> Result<(), ResolveError> {
        if section.body.is_some() {
            return Ok(());
        }
        let complete = !section.source.as_os_str().is_empty()
            && !section.title.is_empty()
            && !section.theme.is_empty()
            && !section.over_to_you.is_empty();
        if complete {
            return Ok(());
        }
        let item = if section.source.as_os_str().is_empty() {
            let index = self.content_index();
            let item = index.get(&section.id).cloned().ok_or_else(|| {
                let (line, column) = issue_file::locate_id(issue, &section.id);
                ResolveError::UnknownItem {
                    issue: issue.into(),
                    line,
                    column,
                    id: section.id.clone(),
                }
            })?;
            section.source = item.source.to_path_buf();
            section.lines = item.lines;
            item
        } else {
            let items = self.source(issue, section)?;
            match items.1.get(&section.id) {
                Some(item) => item.clone(),
                // Reported where the text is looked for.
                None => return Ok(()),
            }
        };
        if section.title.is_empty() {
            section.title = crate::plan::sections_title(&item);
        }
        if section.over_to_you.is_empty() {
            match &item.hints.over_to_you {
                Some(question) => section.over_to_you = question.clone(),
                None => {
                    section.over_to_you =
                        crate::plan::questions::draft(&section.id, &section.title, &item.body);
                    section.over_to_you_drafted = true;
                }
            }
        }
        if section.theme.is_empty() {
            section.theme = self.theme_of(&section.title, &item.body);
        }
        Ok(())
    }

    /// The best theme for a text, or `more` when none fits.
    fn theme_of(&self, title: &str, body: &str) -> String {
        let Some(taxonomy) = &self.taxonomy else {
            return "more".into();
        };
        let scoring = Scoring::new(taxonomy, &[(title, body)]);
        match scoring.best_two(taxonomy, 0).0 {
            Some(best) => taxonomy.themes[best].name.clone(),
            None => "more".into(),
        }
    }

    /// Every item of the project's content by id (its duplicates too: a
    /// writer may name any copy).
    fn content_index(&self) -> Arc<HashMap<String, ContentItem>> {
        let mut index = self.index.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(found) = index.as_ref() {
            return found.clone();
        }
        let items: HashMap<String, ContentItem> =
            ingest::ingest(&self.content, &ingest::Options::default())
                .map(|corpus| {
                    corpus
                        .items
                        .into_iter()
                        .map(|item| (item.id.clone(), item))
                        .collect()
                })
                .unwrap_or_default();
        let items = Arc::new(items);
        *index = Some(items.clone());
        items
    }

    /// A section's text: the writer's own `body:` as it is, or its item's
    /// made fit to print ([`fit_to_print`]).
    fn section(&self, issue: &Path, section: &Section) -> Result<ResolvedSection, ResolveError> {
        let (text, markup, more, provenance, verdict) = match &section.body {
            Some(body) => (body.clone(), Markup::Markdown, None, Provenance::Body, None),
            None => {
                let items = self.source(issue, section)?;
                let item = items.1.get(&section.id).ok_or_else(|| {
                    let (line, column) = issue_file::locate_id(issue, &section.id);
                    ResolveError::MissingItem {
                        issue: issue.into(),
                        line,
                        column,
                        id: section.id.clone(),
                        source_file: section.source.clone(),
                    }
                })?;
                let (text, more) = fit_to_print(item, items.0, &section.title);
                let provenance = Provenance::Item {
                    id: section.id.clone(),
                    source: section.source.clone(),
                    format: items.0,
                };
                let verdict = editorial::judge(item);
                (text, items.0.markup(), more, provenance, Some(verdict))
            }
        };
        Ok(ResolvedSection {
            title: section.title.clone(),
            theme: section.theme.clone(),
            over_to_you: section.over_to_you.clone(),
            first_posted: section.first_posted,
            images: links::images(&text, markup),
            links: links::links(&text, markup),
            text,
            markup,
            more,
            provenance,
            verdict,
        })
    }

    fn source(&self, issue: &Path, section: &Section) -> Result<Arc<SourceItems>, ResolveError> {
        let mut sources = self.sources.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(found) = sources.get(&section.source) {
            return Ok(found.clone());
        }
        let path = project_path(&self.root, &section.source);
        let (format, parsed) =
            ingest::ingest_file(&path, &ingest::Options::default()).map_err(|e| {
                ResolveError::Source {
                    issue: issue.into(),
                    id: section.id.clone(),
                    source: Box::new(e),
                }
            })?;
        let items = parsed
            .items
            .into_iter()
            .map(|i| (i.id.clone(), i))
            .collect();
        let entry = Arc::new((format, items));
        sources.insert(section.source.clone(), entry.clone());
        Ok(entry)
    }
}

/// An item's text fit to print: no calls to action, the title not said
/// twice, a tweet's media as one "See the diagram" link, a video's captions
/// as an excerpt with a link to the video.
pub fn fit_to_print(item: &ContentItem, format: Format, title: &str) -> (String, Option<MoreLink>) {
    let text = tidy::without_calls_to_action(&item.body);
    let mut text = tidy::without_title(&text, title);
    let more_link = |label: &str, url: String| MoreLink {
        label: label.into(),
        url,
    };
    let mut more = None;
    if format == Format::TweetDump {
        let (kept, media) = tidy::take_media(&text);
        text = kept;
        more = media
            .into_iter()
            .next()
            .map(|url| more_link("See the diagram", url));
    }
    if format == Format::Transcripts && (item.kind == Kind::Video || tidy::is_caption_wall(&text)) {
        if tidy::is_caption_wall(&text) {
            text = tidy::excerpt(&text);
        }
        if item.kind == Kind::Video {
            more = item
                .url
                .as_deref()
                .map(|url| more_link("Watch the full video", tidy::video_link(url)));
        }
    }
    (text, more)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_formats_are_markdown_and_the_rest_plain() {
        assert_eq!(Format::Post.markup(), Markup::Markdown);
        assert_eq!(Format::NewsletterMarkdown.markup(), Markup::Markdown);
        assert_eq!(Format::TweetDump.markup(), Markup::Plain);
        assert_eq!(Format::NewsletterText.markup(), Markup::Plain);
        assert_eq!(Format::Transcripts.markup(), Markup::Plain);
    }

    #[test]
    fn a_missing_source_names_the_issue_and_the_section() {
        let dir = tempfile::tempdir().expect("temp dir");
        let issue = dir.path().join("2026-W10");
        std::fs::create_dir_all(&issue).expect("folder");
        std::fs::write(
            issue.join("issue.yaml"),
            "number: 1\nweek: 2026-W10\ndates: {from: 2026-03-02, to: 2026-03-08}\n\
             subject: S\npreheader: P\nlead_theme: t\nsections:\n\
             - id: gone\n  title: T\n  theme: t\n  source: missing.md\n  lines: [1, 2]\n  over_to_you: Q\n",
        )
        .expect("issue file");
        let err = Resolver::new(dir.path())
            .load(&issue)
            .expect_err("no source");
        let message = err.to_string();
        assert!(
            message.contains("cannot read the source of section `gone`"),
            "{message}"
        );
    }
}
