//! Render: a [`ResolvedIssue`] (the issue file with every section's text
//! already found, see [`crate::issue`]), the templates and the settings in,
//! [`RenderedIssue`] out — the email's HTML (CSS inlined) and plain-text
//! parts, a Markdown archive page and the web article, from the templates
//! ([`templates`]) fed with view structs (`view`). Rendering reads no
//! file: it is a function of its three inputs, so rendering twice gives the
//! same bytes and a test needs no project on disk.
//!
//! What is kept on purpose: embedded templates a project file of the same
//! name overrides, in strict mode, seeing only view structs; and
//! render-once personalisation (`personal`): an issue is rendered once
//! with placeholders for every reader value, and deliver fills them in.

pub mod body;
mod email;
mod error;
mod links;
pub(crate) mod personal;
pub mod templates;
pub mod threads;
pub(crate) mod view;
mod wrap;

use std::path::{Path, PathBuf};

use crate::fsutil;
use crate::ingest::Markup;
use crate::issue::{ResolvedIssue, ResolvedSection};
use crate::issue_dir::{IssueDir, Part};
use crate::plan::issue_file::IssuePlan;
use crate::settings::Settings;
use body::References;
pub use error::{RenderError, Syntax, TemplateProblem};
pub use personal::{Personal, ReaderCopy, Slot, UNSUBSCRIBE_PLACEHOLDER};
pub use templates::Templates;
pub use wrap::wrap_text;

/// Gmail clips messages larger than this.
pub const GMAIL_CLIP_BYTES: usize = 102 * 1024;

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

/// Renders resolved issues with one set of templates and settings; holds
/// nothing else, so every method is a pure function of its arguments.
#[derive(Clone, Copy)]
pub struct Renderer<'a> {
    /// The templates (built-in, or the project's overrides).
    pub templates: &'a Templates,
    /// The project's settings.
    pub settings: &'a Settings,
}

impl<'a> Renderer<'a> {
    /// A renderer of these templates and settings.
    pub fn new(templates: &'a Templates, settings: &'a Settings) -> Self {
        Renderer {
            templates,
            settings,
        }
    }

    /// Renders an issue for the sample reader (what `render` writes).
    pub fn render_sample(&self, issue: &ResolvedIssue) -> Result<RenderedIssue, RenderError> {
        self.render(issue, &Personal::placeholder())
    }

    /// Renders an issue for one reader.
    pub fn render(
        &self,
        issue: &ResolvedIssue,
        personal: &Personal,
    ) -> Result<RenderedIssue, RenderError> {
        let plan = &issue.plan;
        let mut refs = References::default();
        let archive_url = self.archive_url(&plan.week);
        let fix = |url: &str| links::absolute(url, self.settings, &archive_url, &plan.week);
        let sections = issue
            .sections
            .iter()
            .map(|section| email::section_view(section, &fix, &archive_url, &mut refs))
            .collect();
        let mut personal = personal.clone();
        for field in self.templates.reader_fields() {
            personal.subscriber.fields.entry(field.clone()).or_default();
        }
        let view = email::email_view(self.settings, plan, sections, refs, &archive_url, &personal);
        let html = self.templates.render("email.html.hbs", &view)?;
        let text = wrap_text(&self.templates.render("email.txt.hbs", &view)?, 78);
        let markdown = self.templates.render("archive.md.hbs", &view)?;
        let web = self.templates.render("web.html.hbs", &view)?;
        let html = email::inline_css(&html).map_err(|source| RenderError::Inline {
            path: issue.dir.clone(),
            source,
        })?;
        let mut warnings = Vec::new();
        if html.len() > GMAIL_CLIP_BYTES {
            warnings.push(format!(
                "{}: {} is {} KB; Gmail clips messages over 102 KB — remove a section or shorten one",
                issue.dir.display(),
                Part::EmailHtml.file_name(),
                html.len() / 1024
            ));
        }
        Ok(RenderedIssue {
            dir: issue.dir.clone(),
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
    pub fn thread_source(&self, issue: &ResolvedIssue) -> threads::ThreadSource {
        let plan = &issue.plan;
        let archive_url = self.archive_url(&plan.week);
        let fix = |url: &str| links::absolute(url, self.settings, &archive_url, &plan.week);
        let sections = issue
            .sections
            .iter()
            .zip(&plan.sections)
            .map(|(section, planned): (&ResolvedSection, _)| {
                let mut thread = thread_section(
                    &section.title,
                    &section.text,
                    section.markup,
                    &section.over_to_you,
                    &fix,
                );
                thread.item_id = planned.id.clone();
                thread.link = format!(
                    "{archive_url}#{}",
                    crate::ingest::text::slugify(&section.title)
                );
                thread.more = section.more.as_ref().map(|more| {
                    let url = fix(&more.url).unwrap_or_else(|| more.url.clone());
                    (more.label.clone(), url)
                });
                thread
            })
            .collect();
        threads::ThreadSource {
            title: plan.subject.clone(),
            preheader: plan.preheader.clone(),
            issue: Some(plan.week.clone()),
            link: archive_url,
            sections,
        }
    }

    /// The drafts of a thread source for `platforms`.
    pub fn drafts(
        &self,
        source: &threads::ThreadSource,
        platforms: &[threads::Platform],
    ) -> Result<Vec<threads::Draft>, threads::ThreadError> {
        platforms
            .iter()
            .map(|&p| threads::draft(self.templates, self.settings, source, p))
            .collect()
    }

    /// The address of a week's issue in the web archive.
    fn archive_url(&self, week: &str) -> String {
        format!(
            "{}/issues/{week}/",
            self.settings.newsletter.url.trim_end_matches('/')
        )
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

/// Writes an issue's files (each atomically).
pub fn write(rendered: &RenderedIssue) -> Result<(), fsutil::FsError> {
    IssueDir::new(&rendered.dir).write_parts(
        &rendered.html,
        &rendered.text,
        &rendered.markdown,
        &rendered.web,
    )
}

#[cfg(test)]
mod tests;
