//! Site: the rendered issues in, the public archive out — plain files any
//! static host serves as they are: `index.html` (paginated), a page per
//! issue (`issues/<week>/`, the render stage's `web.html` in a reading
//! layout, with Open Graph and Twitter-card meta), a page per theme (every
//! published section of it: the archive as a topic library), `feed.xml`
//! (Atom, whole issues), `latest/`, `sitemap.xml`, `404.html` and a
//! fingerprinted style sheet. No JavaScript. Pages come from the `site/`
//! templates, embedded and overridable like the email ones. URLs are rooted
//! at `newsletter.url`, so a sub-path works.

mod feed;
pub(crate) mod published;

use std::collections::BTreeMap;
use std::path::PathBuf;

use chrono::{DateTime, NaiveTime, Utc};
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::fsutil::{self, FsError};
use crate::issue_dir::{IssueDir, Part};
use crate::plan::themes::Taxonomy;
use crate::plan::{issue_file, IssuePlan};
use crate::project::Project;
use crate::render::RenderError;

/// Why the site could not be written.
#[derive(Debug, thiserror::Error)]
pub enum SiteError {
    /// An issue file is broken.
    #[error(transparent)]
    IssueFile(#[from] issue_file::IssueFileError),
    /// A template failed.
    #[error(transparent)]
    Render(#[from] RenderError),
    /// A file could not be read or written.
    #[error(transparent)]
    Io(#[from] FsError),
}

/// How the site is made.
#[derive(Debug, Clone)]
pub struct SiteOptions {
    /// Where the site goes (`site/`).
    pub out: PathBuf,
    /// Publish every rendered issue, marking unsent ones as drafts.
    pub all: bool,
    /// The time to judge "sent" and "scheduled time passed" at.
    pub now: DateTime<Utc>,
    /// Issues per index page.
    pub per_page: usize,
}

impl SiteOptions {
    /// Issues per index page unless told otherwise.
    pub const DEFAULT_PER_PAGE: usize = 20;
}

/// What was written.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SiteReport {
    /// Issues on the site.
    pub issues: usize,
    /// Of those, drafts (only with `--all`).
    pub drafts: usize,
    /// Files written.
    pub files: usize,
}

/// One issue as the site shows it.
pub struct SiteIssue {
    plan: IssuePlan,
    article: String,
    url: String,
    date: DateTime<Utc>,
    draft: bool,
}

/// Builds the site of a project (its root holds schedule.yaml, themes.yaml
/// and templates/).
pub fn build(project: &Project, options: &SiteOptions) -> Result<SiteReport, SiteError> {
    let templates = project.templates()?;
    let base = base_url(&project.settings.newsletter.url);
    let issues = collect(project, options, &base)?;
    let taxonomy = project.taxonomy().ok();
    let mut writer = Writer {
        out: &options.out,
        templates: &templates,
        site: SiteView::new(&project.settings.newsletter.name, &base, stylesheet_name()),
        written: 0,
    };
    writer.file(
        "assets",
        &writer.site.stylesheet_file.clone(),
        STYLE.as_bytes(),
    )?;
    let shown: Vec<&SiteIssue> = issues.iter().collect();
    let theme_title = |name: &str| theme_title(taxonomy.as_ref(), name);
    for issue in &shown {
        writer.issue_page(issue)?;
    }
    writer.index_pages(&shown, options.per_page.max(1), &theme_title)?;
    writer.theme_pages(&shown, &theme_title)?;
    writer.extras(&shown)?;
    Ok(SiteReport {
        issues: shown.len(),
        drafts: shown.iter().filter(|i| i.draft).count(),
        files: writer.written,
    })
}

/// The site's built-in style sheet (a `templates/site/style.css` of the
/// project replaces it).
const STYLE: &str = include_str!("../../templates/site/style.css");

fn stylesheet_name() -> String {
    let digest = Sha256::digest(STYLE.as_bytes());
    let hex: String = digest.iter().take(4).map(|b| format!("{b:02x}")).collect();
    format!("style.{hex}.css")
}

/// `newsletter.url` with exactly one trailing slash.
fn base_url(url: &str) -> String {
    format!("{}/", url.trim_end_matches('/'))
}

/// Every rendered issue the site shows, newest first.
fn collect(
    project: &Project,
    options: &SiteOptions,
    base: &str,
) -> Result<Vec<SiteIssue>, SiteError> {
    let times = published::SendTimes::load(project.root());
    let mut issues = Vec::new();
    for dir in IssueDir::all(project.issues()) {
        if !dir.has(Part::Web) {
            continue;
        }
        let (plan, _) = issue_file::read(&dir.plan_file())?;
        let sent = times.sent(&dir, &plan.week, options.now);
        if sent.is_none() && !options.all {
            continue;
        }
        let article =
            String::from_utf8_lossy(&fsutil::read_bytes(&dir.part(Part::Web))?).into_owned();
        let date = sent.unwrap_or_else(|| plan.dates.to.and_time(NaiveTime::MIN).and_utc());
        issues.push(SiteIssue {
            url: format!("{base}issues/{}/", plan.week),
            plan,
            article,
            date,
            draft: sent.is_none(),
        });
    }
    issues.sort_by(|a, b| b.plan.week.cmp(&a.plan.week));
    Ok(issues)
}

fn theme_title(taxonomy: Option<&Taxonomy>, name: &str) -> String {
    taxonomy
        .and_then(|t| t.themes.iter().find(|d| d.name == name))
        .map(|d| d.title.clone())
        .unwrap_or_else(|| {
            let word = name.strip_prefix("more-").unwrap_or(name).replace('-', " ");
            let mut chars = word.chars();
            chars
                .next()
                .map_or(word.clone(), |c| c.to_uppercase().chain(chars).collect())
        })
}

/// `{{site.*}}` on every page.
#[derive(Debug, Clone, Serialize)]
struct SiteView {
    name: String,
    home: String,
    latest: String,
    feed: String,
    stylesheet: String,
    #[serde(skip)]
    stylesheet_file: String,
}

impl SiteView {
    fn new(name: &str, base: &str, stylesheet_file: String) -> SiteView {
        SiteView {
            name: name.to_string(),
            home: base.to_string(),
            latest: format!("{base}latest/"),
            feed: format!("{base}feed.xml"),
            stylesheet: format!("{base}assets/{stylesheet_file}"),
            stylesheet_file,
        }
    }
}

/// The page layout's view.
#[derive(Serialize)]
struct PageView<'a> {
    site: &'a SiteView,
    title: String,
    description: String,
    canonical: String,
    og_type: &'static str,
    image: Option<String>,
    draft: bool,
    content: String,
}

mod pages;
use pages::Writer;

/// Sections of the issues by theme, for the theme pages.
fn by_theme<'a>(issues: &[&'a SiteIssue]) -> BTreeMap<String, Vec<(&'a SiteIssue, usize)>> {
    let mut themes: BTreeMap<String, Vec<(&SiteIssue, usize)>> = BTreeMap::new();
    for issue in issues {
        for (at, section) in issue.plan.sections.iter().enumerate() {
            themes
                .entry(section.theme.clone())
                .or_default()
                .push((issue, at));
        }
    }
    themes
}
