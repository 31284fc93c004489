//! Writing the site's pages: each through the `site/` templates and the
//! shared page layout, each file written atomically.

use std::path::Path;

use serde::Serialize;

use super::{by_theme, feed, PageView, SiteError, SiteIssue, SiteView};
use crate::fsutil;
use crate::ingest::text::slugify;
use crate::render::templates::Templates;

/// Writes pages under `out`, counting them.
pub(super) struct Writer<'a> {
    pub(super) out: &'a Path,
    pub(super) templates: &'a Templates,
    pub(super) site: SiteView,
    pub(super) written: usize,
}

/// `{{#each issues}}` of the index.
#[derive(Serialize)]
struct IssueSummary {
    number: u32,
    date: String,
    draft: bool,
    link: String,
    subject: String,
    preheader: String,
    theme_title: String,
    theme_link: String,
    sections: Vec<SectionLink>,
}

/// A section linked from a list.
#[derive(Serialize)]
struct SectionLink {
    title: String,
    link: String,
    issue_number: u32,
    date: String,
}

impl Writer<'_> {
    /// Writes `folder/file` under the site root. The site can be made
    /// again from the issues, so a page is replaced atomically (a reader or
    /// a web server never sees half of it) without waiting for the disk
    /// (a thousand syncs took seconds); a page whose bytes are unchanged is
    /// not touched, so its time stays and a deploy copies only what changed.
    pub(super) fn file(&mut self, folder: &str, file: &str, bytes: &[u8]) -> Result<(), SiteError> {
        let dir = self.out.join(folder);
        let path = dir.join(file);
        if std::fs::read(&path).is_ok_and(|old| old == bytes) {
            self.written += 1;
            return Ok(());
        }
        fsutil::create_dir_all(&dir)?;
        fsutil::write_replace(&path, bytes)?;
        self.written += 1;
        Ok(())
    }

    fn layout<'s>(&'s self, title: String, description: String, canonical: String) -> PageView<'s> {
        PageView {
            site: &self.site,
            title,
            description,
            canonical,
            og_type: "website",
            image: None,
            draft: false,
            content: String::new(),
        }
    }

    /// `issues/<week>/index.html`.
    pub(super) fn issue_page(&mut self, issue: &SiteIssue) -> Result<(), SiteError> {
        let mut page = self.layout(
            issue.plan.subject.clone(),
            issue.plan.preheader.clone(),
            issue.url.clone(),
        );
        page.og_type = "article";
        page.image = first_image(&issue.article);
        page.draft = issue.draft;
        page.content = issue.article.clone();
        let folder = format!("issues/{}", issue.plan.week);
        let html = self.templates.render("site/page.html.hbs", &page)?;
        self.file(&folder, "index.html", html.as_bytes())
    }

    /// `index.html`, then `page/2/`, … `per_page` issues each.
    pub(super) fn index_pages(
        &mut self,
        issues: &[&SiteIssue],
        per_page: usize,
        theme_title: &dyn Fn(&str) -> String,
    ) -> Result<(), SiteError> {
        let pages: Vec<&[&SiteIssue]> = issues.chunks(per_page).collect();
        let count = pages.len().max(1);
        for n in 0..count {
            let chunk = pages.get(n).copied().unwrap_or(&[]);
            let url = |n: usize| match n {
                0 => self.site.home.clone(),
                n => format!("{}page/{}/", self.site.home, n + 1),
            };
            let view = serde_json::json!({
                "site": &self.site,
                "issues": chunk.iter().map(|i| self.summary(i, theme_title)).collect::<Vec<_>>(),
                "newer": (n > 0).then(|| url(n - 1)),
                "older": (n + 1 < count).then(|| url(n + 1)),
            });
            let content = self.templates.render("site/index.html.hbs", &view)?;
            let mut page = self.layout(
                self.site.name.clone(),
                format!("Every issue of {}", self.site.name),
                url(n),
            );
            page.content = content;
            let folder = if n == 0 {
                String::new()
            } else {
                format!("page/{}", n + 1)
            };
            let html = self.templates.render("site/page.html.hbs", &page)?;
            self.file(&folder, "index.html", html.as_bytes())?;
        }
        Ok(())
    }

    fn summary(&self, issue: &SiteIssue, theme_title: &dyn Fn(&str) -> String) -> IssueSummary {
        IssueSummary {
            number: issue.plan.number,
            date: issue.date.to_rfc3339(),
            draft: issue.draft,
            link: issue.url.clone(),
            subject: issue.plan.subject.clone(),
            preheader: issue.plan.preheader.clone(),
            theme_title: theme_title(&issue.plan.lead_theme),
            theme_link: format!("{}themes/{}/", self.site.home, issue.plan.lead_theme),
            sections: issue
                .plan
                .sections
                .iter()
                .map(|s| section_link(issue, &s.title))
                .collect(),
        }
    }

    /// `themes/<theme>/index.html`: every section of the theme.
    pub(super) fn theme_pages(
        &mut self,
        issues: &[&SiteIssue],
        theme_title: &dyn Fn(&str) -> String,
    ) -> Result<(), SiteError> {
        for (theme, sections) in by_theme(issues) {
            let title = theme_title(&theme);
            let view = serde_json::json!({
                "site": &self.site,
                "theme_title": title,
                "sections": sections
                    .iter()
                    .map(|(issue, at)| section_link(issue, &issue.plan.sections[*at].title))
                    .collect::<Vec<_>>(),
            });
            let content = self.templates.render("site/theme.html.hbs", &view)?;
            let url = format!("{}themes/{theme}/", self.site.home);
            let mut page = self.layout(title.clone(), format!("Every section on {title}"), url);
            page.content = content;
            let html = self.templates.render("site/page.html.hbs", &page)?;
            self.file(&format!("themes/{theme}"), "index.html", html.as_bytes())?;
        }
        Ok(())
    }

    /// `feed.xml`, `sitemap.xml`, `404.html` and `latest/`.
    pub(super) fn extras(&mut self, issues: &[&SiteIssue]) -> Result<(), SiteError> {
        let published: Vec<&SiteIssue> = issues.iter().copied().filter(|i| !i.draft).collect();
        let atom = feed::atom(
            &self.site.name,
            &self.site.home,
            &self.site.feed,
            &published,
        );
        self.file("", "feed.xml", atom.as_bytes())?;
        self.file(
            "",
            "sitemap.xml",
            sitemap(&self.site.home, issues).as_bytes(),
        )?;
        let view = serde_json::json!({ "site": &self.site });
        let content = self.templates.render("site/404.html.hbs", &view)?;
        let mut page = self.layout("Not found".into(), String::new(), self.site.home.clone());
        page.content = content;
        let html = self.templates.render("site/page.html.hbs", &page)?;
        self.file("", "404.html", html.as_bytes())?;
        let newest = issues
            .first()
            .map_or(self.site.home.clone(), |i| i.url.clone());
        let latest = format!(
            "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Latest issue</title><link rel=\"canonical\" href=\"{newest}\"><meta http-equiv=\"refresh\" content=\"0; url={newest}\"></head><body><p><a href=\"{newest}\">The latest issue</a></p></body></html>\n"
        );
        self.file("latest", "index.html", latest.as_bytes())
    }
}

fn section_link(issue: &SiteIssue, title: &str) -> SectionLink {
    SectionLink {
        title: title.to_string(),
        link: format!("{}#{}", issue.url, slugify(title)),
        issue_number: issue.plan.number,
        date: issue.date.to_rfc3339(),
    }
}

/// The first `<img src="…">` of an article, for link previews.
fn first_image(article: &str) -> Option<String> {
    let at = article.find("<img ")?;
    let rest = &article[at..];
    let src = rest.find("src=\"")? + 5;
    let end = rest[src..].find('"')?;
    Some(htmlize::unescape(&rest[src..src + end]).into_owned())
}

fn sitemap(base: &str, issues: &[&SiteIssue]) -> String {
    let mut urls = vec![base.to_string()];
    urls.extend(issues.iter().map(|i| i.url.clone()));
    let body: String = urls
        .iter()
        .map(|u| {
            format!(
                "  <url><loc>{}</loc></url>\n",
                htmlize::escape_text(u.as_str())
            )
        })
        .collect();
    format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n{body}</urlset>\n")
}
