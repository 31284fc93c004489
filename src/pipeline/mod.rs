//! The stages chained the way the commands run them, as library calls:
//! [`build`] (ingest → dedupe → plan → render → site), [`render_issues`],
//! and the thread drafts of issues or of one item. Each function takes a
//! loaded [`Project`] and plain options and returns the stages' values;
//! printing is the caller's: `build` reports each stage's value to a
//! callback as it is made, so a command can show progress without this
//! module knowing about terminals.

mod export;
mod send;

pub use export::{export_threads, Export};
pub use send::Sender;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::dedupe::{self, Deduped};
use crate::diag::Diagnostic;
use crate::ingest::{self, Corpus, Markup};
use crate::plan::{self, Planned};
use crate::project::{Project, ProjectError};
use crate::render::threads::{self, Draft, Platform, ThreadSource};
use crate::render::{self, RenderedIssue};
use crate::site::{self, SiteOptions, SiteReport};

/// Why a pipeline stopped; each stage's own error, unchanged.
#[derive(Debug, thiserror::Error)]
pub enum PipelineError {
    /// The project's settings or content folders.
    #[error(transparent)]
    Project(#[from] ProjectError),
    /// Reading content.
    #[error(transparent)]
    Ingest(#[from] ingest::IngestError),
    /// The themes file.
    #[error(transparent)]
    Themes(#[from] plan::themes::ThemesError),
    /// Planning.
    #[error(transparent)]
    Plan(#[from] plan::PlanError),
    /// Finding a section's content.
    #[error(transparent)]
    Resolve(#[from] crate::issue::ResolveError),
    /// Rendering.
    #[error(transparent)]
    Render(#[from] render::RenderError),
    /// Making thread drafts.
    #[error(transparent)]
    Thread(#[from] threads::ThreadError),
    /// The web archive.
    #[error(transparent)]
    Site(#[from] site::SiteError),
    /// Writing a file.
    #[error(transparent)]
    Fs(#[from] crate::fsutil::FsError),
    /// The caller's report of a stage failed (a closed pipe).
    #[error(transparent)]
    Report(#[from] std::io::Error),
    /// Writing thread drafts out for a scheduler.
    #[error(transparent)]
    Export(#[from] threads::export::ExportError),
    /// An issue file.
    #[error(transparent)]
    IssueFile(#[from] plan::issue_file::IssueFileError),
    /// Sending.
    #[error(transparent)]
    Deliver(#[from] crate::deliver::DeliverError),
    /// The pre-send check.
    #[error(transparent)]
    Check(#[from] crate::check::CheckError),
    /// A preview of a project that has no issues yet.
    #[error("no issues to preview: run `letterpress build` first")]
    NothingToPreview,
    /// No content item has the id asked for.
    #[error("no content item `{0}`; `letterpress ingest --json` lists every id")]
    NoItem(String),
}

/// A stage's value, as [`build`] makes it.
pub enum Stage<'a> {
    /// Content read.
    Ingested(&'a Corpus),
    /// Duplicates folded.
    Deduped(&'a Deduped),
    /// Issues planned (and their files written).
    Planned(&'a Planned),
    /// Issues rendered (and written).
    Rendered(&'a [RenderedIssue]),
    /// The web archive written.
    Published(&'a SiteReport),
}

/// What [`build`] is asked to do.
pub struct BuildOptions {
    /// Files or folders to read (none: the project's content folders).
    pub paths: Vec<PathBuf>,
    /// How to read them.
    pub ingest: ingest::Options,
    /// How similar is a duplicate.
    pub dedupe: dedupe::Options,
    /// Where issues go and whether to rewrite them.
    pub plan: plan::Options,
    /// The web archive.
    pub site: SiteOptions,
}

/// The whole pipeline: ingest, dedupe, plan, render, site. `report` is
/// told each stage's value as it is made; the diagnostics of reading are
/// returned (bad records are skipped, and the caller sets the exit code).
pub fn build(
    project: &Project,
    options: &BuildOptions,
    report: &mut dyn FnMut(Stage<'_>) -> std::io::Result<()>,
) -> Result<Vec<Diagnostic>, PipelineError> {
    let taxonomy = project.taxonomy()?;
    let corpus = ingest::ingest(&project.content_paths(&options.paths)?, &options.ingest)?;
    report(Stage::Ingested(&corpus))?;
    let deduped = dedupe::dedupe(corpus, &options.dedupe);
    report(Stage::Deduped(&deduped))?;
    let planned = plan::plan(&deduped, &taxonomy, &project.settings, &options.plan)?;
    report(Stage::Planned(&planned))?;
    let dirs: Vec<PathBuf> = planned
        .issues
        .iter()
        .filter_map(|(path, _)| path.parent().map(Path::to_path_buf))
        .collect();
    let rendered = render_issues(project, &dirs)?;
    report(Stage::Rendered(&rendered))?;
    let site = site::build(project, &options.site)?;
    report(Stage::Published(&site))?;
    Ok(deduped.diagnostics)
}

/// Renders issue folders (email, text, archive, web article, thread
/// drafts). Every issue is rendered before any file is written, so a
/// template mistake leaves all files as they were.
pub fn render_issues(
    project: &Project,
    dirs: &[PathBuf],
) -> Result<Vec<RenderedIssue>, PipelineError> {
    let templates = project.templates()?;
    let renderer = project.renderer(&templates);
    let resolver = project.resolver();
    let mut rendered = Vec::with_capacity(dirs.len());
    for dir in dirs {
        let issue = resolver.load(dir)?;
        let email = renderer.render_sample(&issue)?;
        let drafts = renderer.drafts(&renderer.thread_source(&issue), &Platform::ALL)?;
        rendered.push((email, drafts));
    }
    for (issue, drafts) in &rendered {
        render::write(issue)?;
        render::write_drafts(&issue.dir, &issue.plan.subject, drafts)?;
    }
    Ok(rendered.into_iter().map(|(issue, _)| issue).collect())
}

/// One draft for `platform` of each issue folder, with the issue's plan.
pub fn issue_drafts(
    project: &Project,
    dirs: &[PathBuf],
    platform: Platform,
) -> Result<Vec<(plan::IssuePlan, Draft)>, PipelineError> {
    let templates = project.templates()?;
    let renderer = project.renderer(&templates);
    let resolver = project.resolver();
    let mut drafts = Vec::with_capacity(dirs.len());
    for dir in dirs {
        let issue = resolver.load(dir)?;
        let source = renderer.thread_source(&issue);
        for draft in renderer.drafts(&source, &[platform])? {
            drafts.push((issue.plan.clone(), draft));
        }
    }
    Ok(drafts)
}

/// The thread drafts of one section for `platforms`, with its title: as
/// in the first planned issue that holds it (the same text, archive link
/// and images as that issue's drafts), else of the content item on its own
/// (the project's content read and deduplicated, the item found by its id
/// or a duplicate's).
pub fn item_drafts(
    project: &Project,
    paths: &[PathBuf],
    ingest: &ingest::Options,
    id: &str,
    platforms: &[Platform],
) -> Result<(String, Vec<Draft>), PipelineError> {
    let templates = project.templates()?;
    let renderer = project.renderer(&templates);
    let source = match in_an_issue(project, &renderer, id) {
        Some(source) => source,
        None => on_its_own(project, paths, ingest, id)?,
    };
    let drafts = renderer.drafts(&source, platforms)?;
    Ok((source.title, drafts))
}

/// Section `id` of the first planned issue that holds it, as a
/// one-section source (no issue thread).
fn in_an_issue(
    project: &Project,
    renderer: &render::Renderer<'_>,
    id: &str,
) -> Option<ThreadSource> {
    let resolver = project.resolver();
    for dir in project.issue_dirs() {
        let Ok((plan, _)) =
            plan::issue_file::read(&crate::issue_dir::IssueDir::new(&dir).plan_file())
        else {
            continue;
        };
        if !plan.sections.iter().any(|s| s.id == id) {
            continue;
        }
        let issue = resolver.load(&dir).ok()?;
        let mut source = renderer.thread_source(&issue);
        source.sections.retain(|s| s.item_id == id);
        source.issue = None;
        source.title = source.sections.first()?.title.clone();
        return Some(source);
    }
    None
}

/// The content item `id` read from the content, linking to the newsletter.
fn on_its_own(
    project: &Project,
    paths: &[PathBuf],
    ingest: &ingest::Options,
    id: &str,
) -> Result<ThreadSource, PipelineError> {
    let corpus = ingest::ingest(&project.content_paths(paths)?, ingest)?;
    let markups: HashMap<_, _> = corpus
        .files
        .iter()
        .filter_map(|f| Some((f.path.clone(), f.format?.markup())))
        .collect();
    let deduped = dedupe::dedupe(corpus, &dedupe::Options::default());
    let known = plan::canonical_index(&deduped);
    let index = *known
        .get(id)
        .ok_or_else(|| PipelineError::NoItem(id.into()))?;
    let item = &deduped.items[index].item;
    let markup = markups
        .get(&item.source.to_path_buf())
        .copied()
        .unwrap_or(Markup::Plain);
    let title = plan::sections_title(item);
    let keep = |url: &str| Some(url.to_string());
    let question = item.hints.over_to_you.clone().unwrap_or_default();
    let mut section = render::thread_section(
        &title,
        &crate::issue::tidy::without_title(&item.body, &title),
        markup,
        &question,
        &keep,
    );
    section.item_id = id.to_string();
    section.link = project.settings.newsletter.url.clone();
    Ok(ThreadSource {
        title,
        preheader: String::new(),
        issue: None,
        link: project.settings.newsletter.url.clone(),
        sections: vec![section],
    })
}

/// What `preview` serves of a whole project: every issue rendered again,
/// then the site with drafts, its links rooted at the preview's own
/// address `base` instead of `newsletter.url`, written to `out`.
pub fn preview_site(
    mut project: Project,
    out: &Path,
    base: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<SiteReport, PipelineError> {
    let dirs = project.issue_dirs();
    if dirs.is_empty() {
        return Err(PipelineError::NothingToPreview);
    }
    render_issues(&project, &dirs)?;
    project.settings.newsletter.url = base.to_string();
    let options = SiteOptions {
        out: out.to_path_buf(),
        all: true,
        now,
        per_page: SiteOptions::DEFAULT_PER_PAGE,
    };
    Ok(site::build(&project, &options)?)
}
