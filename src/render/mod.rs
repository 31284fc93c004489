//! Render: an issue folder's `issue.yaml` (and the items it names) in,
//! [`RenderedIssue`] out — the email's HTML (CSS inlined) and plain-text
//! parts and a Markdown archive page, from the templates ([`templates`])
//! fed with view structs ([`view`]).

pub mod body;
pub mod templates;
pub mod threads;
pub mod tidy;
pub mod view;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use crate::fsutil;
use crate::ingest::{self, ContentItem, Format, Kind};
use crate::issue_dir::{IssueDir, Part};
use crate::plan::issue_file::{self, IssueFileError, IssuePlan, Section};
use crate::settings::Settings;
use body::{Markup, References};
pub use templates::Templates;
use view::*;

/// Gmail clips messages larger than this.
pub const GMAIL_CLIP_BYTES: usize = 102 * 1024;

/// Why an issue could not be rendered. Nothing is written when it fails.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// A template does not compile or uses something the view lacks.
    #[error("{}:{line}:{column}: {message}; nothing was written", path.display())]
    Template {
        /// The template file (or the built-in one's name).
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What is wrong.
        message: String,
    },
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
    /// A section's source file cannot be read.
    #[error("{}: cannot read the source of section `{id}`: {message}", issue.display())]
    Source {
        /// The issue file.
        issue: PathBuf,
        /// The section's item id.
        id: String,
        /// Why.
        message: String,
    },
    /// CSS inlining failed.
    #[error("{}: inlining CSS failed: {message}", path.display())]
    Inline {
        /// The issue folder.
        path: PathBuf,
        /// Why.
        message: String,
    },
    /// Writing the output failed.
    #[error(transparent)]
    Io(#[from] fsutil::FsError),
}

/// One issue, rendered (what `render --json` prints).
#[derive(Debug, Clone, serde::Serialize)]
pub struct RenderedIssue {
    /// Its folder.
    pub dir: PathBuf,
    /// The plan it was rendered from.
    pub plan: IssuePlan,
    /// `email.html`.
    pub html: String,
    /// `email.txt`.
    pub text: String,
    /// `archive.md`.
    pub markdown: String,
    /// `web.html`: the article of the issue's web page (no reader's links).
    pub web: String,
    /// Things the writer should know (a clipped email, …).
    pub warnings: Vec<String>,
}

/// Per-reader values: the sample reader when rendering, a real one when sending.
#[derive(Debug, Clone)]
pub struct Personal {
    /// The reader.
    pub subscriber: SubscriberView,
    /// Their unsubscribe link.
    pub unsubscribe_url: String,
}

impl Personal {
    /// What `render` writes: a sample reader and a placeholder link that
    /// sending replaces.
    pub fn placeholder() -> Self {
        Personal {
            subscriber: SubscriberView::sample(),
            unsubscribe_url: UNSUBSCRIBE_PLACEHOLDER.into(),
        }
    }
}

/// Stands for the reader's unsubscribe link in rendered files.
pub const UNSUBSCRIBE_PLACEHOLDER: &str = "https://unsubscribe.invalid/%recipient%";

/// The items of one source file, by id, with the file's format.
type SourceItems = (Format, HashMap<String, ContentItem>);

/// Renders issues; reads each source file once.
pub struct Renderer {
    templates: Templates,
    settings: Settings,
    sources: Mutex<HashMap<PathBuf, Arc<SourceItems>>>,
}

impl Renderer {
    /// A renderer for the project at `root`.
    pub fn new(root: &Path, settings: Settings) -> Result<Self, RenderError> {
        Ok(Renderer {
            templates: Templates::load(root)?,
            settings,
            sources: Mutex::new(HashMap::new()),
        })
    }

    /// Reads `dir/issue.yaml` and renders it for the sample reader.
    pub fn render_dir(&self, dir: &Path) -> Result<RenderedIssue, RenderError> {
        let (plan, _) = issue_file::read(&IssueDir::new(dir).plan_file())?;
        self.render(dir, &plan, &Personal::placeholder())
    }

    /// Renders a plan for one reader.
    pub fn render(
        &self,
        dir: &Path,
        plan: &IssuePlan,
        personal: &Personal,
    ) -> Result<RenderedIssue, RenderError> {
        let issue_path = IssueDir::new(dir).plan_file();
        let mut refs = References::default();
        let archive_url = self.archive_url(&plan.week);
        let fix = |url: &str| absolute(url, &self.settings, &archive_url, &plan.week);
        let mut sections = Vec::new();
        for section in &plan.sections {
            let source = self.section_text(&issue_path, section)?;
            sections.push(section_view(
                section,
                &source,
                &fix,
                &archive_url,
                &mut refs,
            ));
        }
        let mut personal = personal.clone();
        for field in self.templates.reader_fields() {
            personal.subscriber.fields.entry(field.clone()).or_default();
        }
        let view = self.email_view(plan, sections, refs, &archive_url, &personal);
        let html = self.templates.render("email.html.hbs", &view)?;
        let text = wrap_text(&self.templates.render("email.txt.hbs", &view)?, 78);
        let markdown = self.templates.render("archive.md.hbs", &view)?;
        let web = self.templates.render("web.html.hbs", &view)?;
        let html = inline_css(&html).map_err(|message| RenderError::Inline {
            path: dir.into(),
            message,
        })?;
        let mut warnings = Vec::new();
        if html.len() > GMAIL_CLIP_BYTES {
            warnings.push(format!(
                "{}: {} is {} KB; Gmail clips messages over 102 KB — remove a section or shorten one",
                dir.display(),
                Part::EmailHtml.file_name(),
                html.len() / 1024
            ));
        }
        Ok(RenderedIssue {
            dir: dir.into(),
            plan: plan.clone(),
            html,
            text,
            markdown,
            web,
            warnings,
        })
    }

    /// An issue's content as a thread source: each section with its item
    /// id, images and link in the web archive.
    pub fn thread_source(
        &self,
        dir: &Path,
        plan: &IssuePlan,
    ) -> Result<threads::ThreadSource, RenderError> {
        let issue_path = IssueDir::new(dir).plan_file();
        let archive_url = self.archive_url(&plan.week);
        let fix = |url: &str| absolute(url, &self.settings, &archive_url, &plan.week);
        let mut sections = Vec::new();
        for section in &plan.sections {
            let source = self.section_text(&issue_path, section)?;
            let mut thread = thread_section(
                &section.title,
                &source.text,
                source.markup,
                &section.over_to_you,
                &fix,
            );
            thread.item_id = section.id.clone();
            thread.link = format!(
                "{archive_url}#{}",
                crate::ingest::text::slugify(&section.title)
            );
            thread.more = source
                .more
                .as_ref()
                .map(|(label, url)| (label.to_string(), fix(url).unwrap_or_else(|| url.clone())));
            sections.push(thread);
        }
        Ok(threads::ThreadSource {
            title: plan.subject.clone(),
            preheader: plan.preheader.clone(),
            issue: Some(plan.week.clone()),
            link: archive_url,
            sections,
        })
    }

    /// The drafts of a thread source for `platforms`.
    pub fn drafts(
        &self,
        source: &threads::ThreadSource,
        platforms: &[threads::Platform],
    ) -> Result<Vec<threads::Draft>, threads::ThreadError> {
        platforms
            .iter()
            .map(|&p| threads::draft(&self.templates, &self.settings, source, p))
            .collect()
    }

    /// The address of a week's issue in the web archive.
    fn archive_url(&self, week: &str) -> String {
        format!(
            "{}/issues/{week}/",
            self.settings.newsletter.url.trim_end_matches('/')
        )
    }

    /// The settings rendering uses.
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// A section's text: the writer's own `body:` as it is, or its item's
    /// made fit to print ([`tidy_item`]).
    fn section_text(&self, issue: &Path, section: &Section) -> Result<SectionSource, RenderError> {
        if let Some(body) = &section.body {
            return Ok(SectionSource {
                text: body.clone(),
                markup: Markup::Markdown,
                more: None,
            });
        }
        let items = self.source(issue, section)?;
        let item = items.1.get(&section.id).ok_or_else(|| {
            let (line, column) = issue_file::locate_id(issue, &section.id);
            RenderError::MissingItem {
                issue: issue.into(),
                line,
                column,
                id: section.id.clone(),
                source_file: section.source.clone(),
            }
        })?;
        Ok(tidy_item(item, items.0, &section.title))
    }

    fn source(&self, issue: &Path, section: &Section) -> Result<Arc<SourceItems>, RenderError> {
        let mut sources = self.sources.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(found) = sources.get(&section.source) {
            return Ok(found.clone());
        }
        let (format, parsed) = ingest::ingest_file(&section.source, &ingest::Options::default())
            .map_err(|e| RenderError::Source {
                issue: issue.into(),
                id: section.id.clone(),
                message: e.to_string(),
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

    fn email_view(
        &self,
        plan: &IssuePlan,
        sections: Vec<SectionView>,
        mut refs: References,
        archive_url: &str,
        personal: &Personal,
    ) -> EmailView {
        let settings = &self.settings.newsletter;
        let fix = |url: &str| absolute(url, &self.settings, archive_url, &plan.week);
        let sponsor = settings.sponsor.as_ref().map(|s| {
            let text = body::convert(&s.text, Markup::Markdown, &fix, &mut refs);
            SponsorView {
                title: s.title.clone(),
                url: fix(&s.url).unwrap_or_default(),
                text_html: text.html,
                text_plain: text.text,
                text_markdown: text.markdown,
            }
        });
        let footer = body::convert(&settings.footer, Markup::Markdown, &fix, &mut refs);
        let references = refs
            .urls
            .iter()
            .enumerate()
            .map(|(i, url)| ReferenceView {
                number: i + 1,
                url: url.clone(),
            })
            .collect();
        EmailView {
            newsletter: NewsletterView {
                name: settings.name.clone(),
                url: settings.url.clone(),
                topics_heading: settings.topics_heading.clone(),
            },
            issue: IssueView {
                number: plan.number,
                week: plan.week.clone(),
                subject: plan.subject.clone(),
                preheader: plan.preheader.clone(),
                lead_theme: plan.lead_theme.clone(),
                from: plan.dates.from.to_string(),
                to: plan.dates.to.to_string(),
            },
            sponsor,
            sections,
            links: LinksView {
                view_in_browser: archive_url.to_string(),
                unsubscribe: personal.unsubscribe_url.clone(),
            },
            footer_html: footer.html,
            footer_text: footer.text,
            footer_markdown: footer.markdown,
            references,
            subscriber: personal.subscriber.clone(),
        }
    }
}

/// A section's text as it is printed, and the link that follows it.
#[derive(Debug, Clone)]
struct SectionSource {
    text: String,
    markup: Markup,
    /// (label, URL) of the link after the text.
    more: Option<(&'static str, String)>,
}

/// An item's text fit to print: no calls to action, the title not said
/// twice, a tweet's media as one "See the diagram" link, a video's captions
/// as an excerpt with a link to the video.
fn tidy_item(item: &ContentItem, format: Format, title: &str) -> SectionSource {
    let markup = match format {
        Format::NewsletterMarkdown | Format::Post => Markup::Markdown,
        _ => Markup::Plain,
    };
    let text = tidy::without_calls_to_action(&item.body);
    let mut text = tidy::without_title(&text, title);
    let mut more = None;
    if format == Format::TweetDump {
        let (kept, media) = tidy::take_media(&text);
        text = kept;
        more = media.into_iter().next().map(|url| ("See the diagram", url));
    }
    if format == Format::Transcripts && (item.kind == Kind::Video || tidy::is_caption_wall(&text)) {
        if tidy::is_caption_wall(&text) {
            text = tidy::excerpt(&text);
        }
        if item.kind == Kind::Video {
            more = item
                .url
                .as_deref()
                .map(|url| ("Watch the full video", tidy::video_link(url)));
        }
    }
    SectionSource { text, markup, more }
}

fn section_view(
    section: &Section,
    source: &SectionSource,
    fix: body::LinkFix<'_>,
    archive_url: &str,
    refs: &mut References,
) -> SectionView {
    let converted = body::convert(&source.text, source.markup, fix, refs);
    let more = source.more.as_ref().and_then(|(label, url)| {
        let url = fix(url)?;
        Some(MoreView {
            label: label.to_string(),
            number: refs.number(&url),
            url,
        })
    });
    let anchor = crate::ingest::text::slugify(&section.title);
    let image = converted.images.first().map(|(src, alt)| ImageView {
        src: src.clone(),
        alt: meaningful_alt(alt).unwrap_or(&section.title).to_string(),
    });
    let question = crate::ingest::text::over_to_you(&section.over_to_you)
        .unwrap_or(&section.over_to_you)
        .to_string();
    SectionView {
        link: format!("{archive_url}#{anchor}"),
        anchor,
        title: section.title.clone(),
        theme: section.theme.clone(),
        image,
        body_html: converted.html,
        body_text: converted.text,
        body_markdown: converted.markdown,
        more,
        over_to_you: question,
        first_posted: section.first_posted.map(|t| t.to_rfc3339()),
    }
}

/// One section of a thread: its text with links written out, its images
/// apart; the item id, link and `more` are left empty for the caller.
pub fn thread_section(
    title: &str,
    text: &str,
    markup: Markup,
    over_to_you: &str,
    fix: body::LinkFix<'_>,
) -> threads::ThreadSection {
    let (body, images) = body::social_text(text, markup, fix);
    threads::ThreadSection {
        item_id: String::new(),
        title: title.to_string(),
        body,
        images: images.into_iter().map(|(src, _)| src).collect(),
        over_to_you: crate::ingest::text::over_to_you(over_to_you)
            .unwrap_or(over_to_you)
            .to_string(),
        link: String::new(),
        more: None,
    }
}

/// Writes `threads/<platform>.md` and `.json` in an issue folder.
pub fn write_drafts(
    dir: &Path,
    title: &str,
    drafts: &[threads::Draft],
) -> Result<(), fsutil::FsError> {
    let dir = IssueDir::new(dir);
    for draft in drafts {
        let platform = draft.platform.as_str();
        let json = serde_json::to_string_pretty(&draft.threads).unwrap_or_default();
        dir.write_thread_draft(platform, "json", json.as_bytes())?;
        dir.write_thread_draft(
            platform,
            "md",
            threads::to_markdown(draft, title).as_bytes(),
        )?;
    }
    Ok(())
}

/// A body without a first line that repeats the section's title (tweets:
/// the title is their first sentence), so the title is not said twice
/// (see [`tidy::without_title`]).
pub fn without_title(body: &str, title: &str) -> String {
    tidy::without_title(body, title)
}

/// An alt text worth keeping (clippers write "No alternative text…").
fn meaningful_alt(alt: &str) -> Option<&str> {
    let alt = alt.trim();
    (!alt.is_empty() && !alt.to_lowercase().starts_with("no alternative text")).then_some(alt)
}

/// Makes a link absolute (relative ones against the newsletter's address,
/// `#anchors` against the issue's archive page) and adds UTM parameters to
/// web links; `None` drops a link that cannot be made absolute.
fn absolute(url: &str, settings: &Settings, archive_url: &str, week: &str) -> Option<String> {
    let url = url.trim();
    let web = if url.starts_with("https://") || url.starts_with("http://") {
        url.to_string()
    } else if let Some(rest) = url.strip_prefix("//") {
        format!("https://{rest}")
    } else if url.starts_with("mailto:") {
        return Some(url.to_string());
    } else if url.starts_with('#') {
        return Some(format!("{archive_url}{url}"));
    } else if url.is_empty() || url.contains(':') {
        return None;
    } else {
        let base = settings.newsletter.url.trim_end_matches('/');
        format!("{base}/{}", url.trim_start_matches('/'))
    };
    Some(match &settings.newsletter.utm {
        Some(utm) => with_utm(&web, utm, week),
        None => web,
    })
}

fn with_utm(url: &str, utm: &crate::settings::Utm, week: &str) -> String {
    let (base, fragment) = url
        .split_once('#')
        .map_or((url, None), |(b, f)| (b, Some(f)));
    let join = if base.contains('?') { '&' } else { '?' };
    let encode = |v: &str| {
        v.replace("{week}", week)
            .replace(' ', "%20")
            .replace('&', "%26")
    };
    let mut out = format!(
        "{base}{join}utm_source={}&utm_medium={}&utm_campaign={}",
        encode(&utm.source),
        encode(&utm.medium),
        encode(&utm.campaign)
    );
    if let Some(f) = fragment {
        out.push('#');
        out.push_str(f);
    }
    out
}

/// Inlines the `<style>` rules into `style` attributes (mail clients drop
/// style sheets); `@media` rules, which cannot be inlined, are kept in a
/// style sheet of their own.
fn inline_css(html: &str) -> Result<String, String> {
    let inliner = css_inline::CSSInliner::options()
        .keep_style_tags(false)
        .keep_at_rules(true)
        .build();
    inliner.inline(html).map_err(|e| e.to_string())
}

/// Wraps lines longer than `width` at spaces; list items keep their indent.
/// Words longer than a line (URLs) are never broken.
pub fn wrap_text(text: &str, width: usize) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 32);
    for line in text.lines() {
        // A reference (`[3] https://…`) stays whole: its URL cannot be
        // broken; so does a line of code.
        if textwrap::core::display_width(line) <= width
            || line.split(' ').count() <= 2
            || is_code_line(line)
        {
            out.push_str(line);
            out.push('\n');
            continue;
        }
        let indent: String = line.chars().take_while(|c| *c == ' ').collect();
        let hanging = if line.trim_start().starts_with("- ") {
            format!("{indent}  ")
        } else {
            indent.clone()
        };
        // Break at spaces only: a URL's hyphens are not places to break.
        let options = textwrap::Options::new(width)
            .break_words(false)
            .word_separator(textwrap::WordSeparator::AsciiSpace)
            .word_splitter(textwrap::WordSplitter::NoHyphenation)
            .subsequent_indent(&hanging);
        for piece in textwrap::wrap(line, options) {
            out.push_str(piece.trim_end());
            out.push('\n');
        }
    }
    out
}

/// Whether a line of the plain-text email is code (indented by
/// [`body::CODE_INDENT`]; a list item's later lines are indented by two
/// spaces a level).
fn is_code_line(line: &str) -> bool {
    line.starts_with(body::CODE_INDENT) && !line.trim_start().starts_with("- ")
}

/// Writes an issue's three files (each atomically).
pub fn write(rendered: &RenderedIssue) -> Result<(), fsutil::FsError> {
    IssueDir::new(&rendered.dir).write_parts(
        &rendered.html,
        &rendered.text,
        &rendered.markdown,
        &rendered.web,
    )
}
