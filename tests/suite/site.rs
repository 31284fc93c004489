//! `letterpress site`: the web archive of the seeds' issues — pages that
//! parse, anchors, link previews, no script, URLs under a sub-path, and an
//! Atom feed read by a real feed reader (Python's feedparser).

use std::path::Path;
use std::process::Command;

use scraper::{Html, Selector};

use crate::common::{root, Project};
use crate::smtp::{built, list_send, python, Sink};

fn select(html: &Html, css: &str) -> usize {
    html.select(&Selector::parse(css).expect("selector"))
        .count()
}

fn page(path: &Path) -> Html {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let html = Html::parse_document(&text);
    assert!(
        html.errors.is_empty(),
        "{}: {:?}",
        path.display(),
        html.errors
    );
    assert!(
        !text.contains("<script"),
        "{}: no JavaScript",
        path.display()
    );
    html
}

/// The feed as feedparser reads it: (bozo, [(id, title, content length)]).
fn feed_entries(feed: &Path) -> (bool, Vec<(String, String, usize)>) {
    let script = "import feedparser, json, sys\n\
        d = feedparser.parse(sys.argv[1])\n\
        print(json.dumps({'bozo': bool(d.bozo), 'version': d.version, 'entries': [[e.id, e.title, len(e.content[0].value)] for e in d.entries]}))";
    let out = Command::new(python())
        .args(["-c", script])
        .arg(feed)
        .output()
        .expect("python3 with feedparser (bash .ci/run installs it)");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["version"], "atom10");
    let entries = v["entries"]
        .as_array()
        .expect("entries")
        .iter()
        .map(|e| {
            (
                e[0].as_str().expect("id").to_string(),
                e[1].as_str().expect("title").to_string(),
                e[2].as_u64().expect("len") as usize,
            )
        })
        .collect();
    (v["bozo"].as_bool().expect("bozo"), entries)
}

#[test]
fn every_rendered_issue_gets_a_page_an_index_entry_and_theme_pages() {
    let (project, issue) = built();
    project.write(
        "letterpress.yaml",
        "newsletter:\n  name: Refresher\n  url: https://example.com/newsletter\n",
    );
    let done = project
        .letterpress(["site", "--all", "--out", "public"])
        .ok();
    assert!(done.stdout.contains("drafts"), "{}", done.stdout);
    let site = project.join("public");
    let week = issue.file_name().expect("week").to_str().expect("utf8");
    let html = page(&site.join(format!("issues/{week}/index.html")));
    assert_eq!(select(&html, "section[id]"), select(&html, "article h2"));
    assert_eq!(select(&html, "meta[property='og:title']"), 1);
    assert_eq!(select(&html, "meta[name='twitter:card']"), 1);
    assert_eq!(select(&html, ".draft"), 1, "not sent: marked as a draft");
    let canonical = html
        .select(&Selector::parse("link[rel=canonical]").expect("sel"))
        .next()
        .and_then(|l| l.value().attr("href"))
        .expect("canonical");
    assert_eq!(
        canonical,
        format!("https://example.com/newsletter/issues/{week}/")
    );
    let index = page(&site.join("index.html"));
    assert!(select(&index, "article.summary") >= 10);
    assert!(site.join("page/2/index.html").is_file(), "paginated at 20");
    let themes: Vec<_> = std::fs::read_dir(site.join("themes"))
        .expect("themes")
        .collect();
    assert!(themes.len() >= 5);
    for file in ["404.html", "latest/index.html", "sitemap.xml", "feed.xml"] {
        assert!(site.join(file).is_file(), "{file}");
    }
    let styles: Vec<_> = std::fs::read_dir(site.join("assets"))
        .expect("assets")
        .collect();
    assert_eq!(styles.len(), 1, "one fingerprinted style sheet");
    let (bozo, entries) = feed_entries(&site.join("feed.xml"));
    assert!(!bozo);
    assert!(
        entries.is_empty(),
        "drafts are not in the feed: {entries:?}"
    );
}

#[test]
fn a_sent_issue_is_published_with_a_feed_entry_whose_id_survives_a_re_render() {
    let (project, issue) = built();
    let sink = Sink::start(project.path());
    let list = project.join("one.csv");
    project.write(&list, "email\nreader@example.com\n");
    list_send(project.path(), &issue, &list, &["--smtp", &sink.url()]).ok();
    let site = project.join("site");
    let first = project.letterpress(["site"]).ok();
    assert!(
        first.stdout.contains("site: 1 issues published"),
        "{}",
        first.stdout
    );
    let (bozo, entries) = feed_entries(&site.join("feed.xml"));
    assert!(!bozo);
    assert_eq!(entries.len(), 1);
    let week = issue.file_name().expect("week").to_str().expect("utf8");
    assert_eq!(
        entries[0].0,
        format!("https://newsletter.example.com/issues/{week}/")
    );
    assert!(entries[0].2 > 1000, "the whole issue is in the feed");
    let page = page(&site.join(format!("issues/{week}/index.html")));
    assert_eq!(select(&page, ".draft"), 0);
    project
        .letterpress(["render", issue.to_str().expect("utf8")])
        .ok();
    project.letterpress(["site"]).ok();
    let (_, again) = feed_entries(&site.join("feed.xml"));
    assert_eq!(again[0].0, entries[0].0, "the entry id is stable");
}

/// Every internal link and asset of the generated site resolves to a file
/// of the site, and writing the site again changes no byte and leaves the
/// files' times as they were.
#[test]
fn a_crawl_of_the_site_finds_every_internal_link_and_a_rewrite_is_identical() {
    let (project, _) = built();
    project.write(
        "letterpress.yaml",
        "newsletter:\n  url: https://example.com/newsletter/\n",
    );
    project.letterpress(["render"]).ok();
    project
        .letterpress(["site", "--all", "--per-page", "7"])
        .ok();
    let site = project.join("site");
    let base = "https://example.com/newsletter/";
    let files = walk(&site);
    let mut checked = 0;
    for file in files
        .iter()
        .filter(|f| f.extension().is_some_and(|e| e == "html"))
    {
        let html = page(file);
        for element in html.select(&Selector::parse("a[href], link[href], img[src]").expect("sel"))
        {
            let value = element.value();
            let url = value.attr("href").or(value.attr("src")).unwrap_or_default();
            let Some(path) = url.strip_prefix(base) else {
                continue;
            };
            let path = path.split('#').next().unwrap_or_default();
            let target = if path.is_empty() || path.ends_with('/') {
                site.join(path).join("index.html")
            } else {
                site.join(path)
            };
            assert!(
                target.is_file(),
                "{}: {url} -> {}",
                file.display(),
                target.display()
            );
            checked += 1;
        }
    }
    assert!(checked > 500, "{checked} internal links");
    let modified = |f: &Path| {
        std::fs::metadata(f)
            .and_then(|m| m.modified())
            .expect("time")
    };
    let before: Vec<_> = files
        .iter()
        .map(|f| (f.clone(), std::fs::read(f).expect("read"), modified(f)))
        .collect();
    project
        .letterpress(["site", "--all", "--per-page", "7"])
        .ok();
    for (file, bytes, time) in before {
        assert_eq!(
            std::fs::read(&file).expect("read"),
            bytes,
            "{}",
            file.display()
        );
        // Unchanged pages are not rewritten: a deploy copies only changes.
        assert_eq!(modified(&file), time, "{} was rewritten", file.display());
    }
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).expect("dir") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            files.extend(walk(&path));
        } else {
            files.push(path);
        }
    }
    files.sort();
    files
}

/// The site as a visitor sees it (issue 19): headless Chromium at 375 and
/// 1280 px, with the site's own style sheet, finds no horizontal overflow on
/// the index, the longest issue page and the largest theme page of the
/// seeds, nor on the page of a guide with long code lines and a wide table.
/// Screenshots are left in target/browser-artifacts/site/ to look at.
#[test]
fn site_pages_fit_a_phone_and_a_laptop_in_headless_chromium() {
    let url = "https://example.com/newsletter/";
    let (seeds, _) = built();
    let guides = Project::new().fixture("tests/data/guides", "content");
    guides.ok(["build"]);
    let artifacts = root().join("target/browser-artifacts/site");
    for (name, project) in [("seeds", seeds), ("guides", guides)] {
        project.write(
            "letterpress.yaml",
            format!("newsletter:\n  name: Refresher\n  url: {url}\n"),
        );
        project.ok(["site", "--all"]);
        let site = project.join("site");
        let largest = |under: &str| {
            walk(&site.join(under))
                .into_iter()
                .max_by_key(|f| std::fs::metadata(f).expect("file").len())
                .expect("a page")
        };
        let pages = [
            ("index", site.join("index.html")),
            ("issue", largest("issues")),
            ("theme", largest("themes")),
        ];
        let out = Command::new("node")
            .arg(root().join("tests/browser/check_page.mjs"))
            .args([url.as_ref(), site.as_os_str(), artifacts.as_os_str()])
            .args(
                pages
                    .iter()
                    .map(|(page, file)| format!("{name}-{page}={}", file.display())),
            )
            .current_dir(root())
            .output()
            .expect("node runs (Node.js is needed for the browser checks)");
        let report = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "{report}\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(report.contains("\"failures\": []"), "{report}");
        for (page, width) in pages
            .iter()
            .flat_map(|(page, _)| [(page, 375), (page, 1280)])
        {
            assert!(artifacts
                .join(format!("{name}-{page}-{width}.png"))
                .is_file());
        }
    }
}
