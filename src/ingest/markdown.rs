//! Markdown (or text) with YAML front matter: either a multi-topic issue
//! clipping (a topic list whose entries come back as `## ` headings), one
//! item per section, or any other post, one item for the whole document.

use std::path::Path;

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use pulldown_cmark::{Event, Parser, Tag};
use serde::Deserialize;

use super::model::{ContentItem, Kind};
use super::newsletter::{display_title, topic_key, topic_list, SPONSOR_US};
use super::text::{bare_links, over_to_you, slugify};
use super::{FrontMatterProblem, IngestError, Parsed};

/// The front matter keys letterpress reads; others are ignored.
#[derive(Debug, Default, Deserialize)]
struct FrontMatter {
    title: Option<String>,
    source: Option<String>,
    url: Option<String>,
    published: Option<serde_yaml::Value>,
    date: Option<serde_yaml::Value>,
}

/// The front matter's text and the 0-based index of the first body line.
fn split_front_matter(text: &str) -> Option<(&str, usize)> {
    let rest = text
        .strip_prefix("---\n")
        .or_else(|| text.strip_prefix("---\r\n"))?;
    let mut offset = 0;
    for (i, line) in rest.split_inclusive('\n').enumerate() {
        if line.trim_end() == "---" {
            return Some((&rest[..offset], i + 2));
        }
        offset += line.len();
    }
    None
}

/// Whether the text opens with a closed YAML front matter block.
pub(crate) fn sniff(text: &str) -> bool {
    split_front_matter(text).is_some()
}

/// Whether the document is a multi-topic issue (`true`) or a single post.
pub(crate) fn is_issue(text: &str) -> bool {
    let Some((_, body_start)) = split_front_matter(text) else {
        return false;
    };
    let lines: Vec<&str> = text.lines().skip(body_start).collect();
    section_keys(&lines).is_some()
}

/// The topic list's header index, its entry keys, and how many `## `
/// headings match them (at least two for an issue).
fn section_keys(lines: &[&str]) -> Option<(usize, Vec<String>)> {
    let (header, entries) = topic_list(lines)?;
    let keys: Vec<String> = entries
        .iter()
        .filter(|e| !e.eq_ignore_ascii_case(SPONSOR_US))
        .map(|e| topic_key(e))
        .collect();
    let headings = lines
        .iter()
        .filter_map(|l| l.strip_prefix("## "))
        .filter(|h| keys.contains(&topic_key(h)))
        .count();
    (headings >= 2).then_some((header, keys))
}

fn parse_date(value: &serde_yaml::Value) -> Option<DateTime<Utc>> {
    let text = value.as_str()?.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        return Some(t.with_timezone(&Utc));
    }
    if let Ok(t) = NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S") {
        return Some(t.and_utc());
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .ok()?
        .and_hms_opt(0, 0, 0)
        .map(|t| t.and_utc())
}

/// Parses a front-matter document into section items or one post item.
pub(crate) fn parse(path: &Path, text: &str) -> Result<Parsed, IngestError> {
    let (yaml, body_start) = split_front_matter(text).ok_or_else(|| IngestError::Unrecognised {
        path: path.into(),
        expected: "a closing `---` line after the front matter".into(),
    })?;
    let front: FrontMatter = serde_yaml::from_str::<Option<FrontMatter>>(yaml)
        .map_err(|e| IngestError::FrontMatter {
            path: path.into(),
            line: e.location().map_or(2, |l| l.line() as u32 + 1),
            column: e.location().map_or(1, |l| l.column() as u32),
            problem: FrontMatterProblem::Yaml(e),
        })?
        .unwrap_or_default();
    let written = front.published.as_ref().or(front.date.as_ref());
    let published = written.and_then(parse_date);
    if let (Some(value), None) = (written, published) {
        return Err(bad_date(path, yaml, value));
    }
    let url = front.source.clone().or(front.url.clone());
    let lines: Vec<&str> = text.lines().collect();
    let body = &lines[body_start.min(lines.len())..];
    let mut items = match section_keys(body) {
        Some((header, keys)) => issue_sections(path, body, body_start, header, &keys),
        None => vec![post(path, body, body_start, front.title.clone())],
    };
    for item in &mut items {
        item.published = published;
        item.url = url.clone();
    }
    Ok(Parsed {
        items,
        diagnostics: Vec::new(),
    })
}

/// A `published:` (or `date:`) that is not a date: located on its line.
fn bad_date(path: &Path, yaml: &str, value: &serde_yaml::Value) -> IngestError {
    let line = yaml
        .lines()
        .position(|l| l.starts_with("published:") || l.starts_with("date:"))
        .map_or(2, |i| i as u32 + 2);
    let shown = serde_yaml::to_string(value).unwrap_or_default();
    IngestError::FrontMatter {
        path: path.into(),
        line,
        column: 1,
        problem: FrontMatterProblem::NotADate(shown.trim().to_string()),
    }
}

/// Whether the file name says Markdown (`.md`, `.markdown`).
pub(crate) fn is_markdown_name(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("md") || e.eq_ignore_ascii_case("markdown"))
}

/// A Markdown file without front matter: one undated post, titled by its
/// first heading (else its file name), with a warning saying how to date it.
pub(crate) fn parse_plain(path: &Path, text: &str) -> Parsed {
    let lines: Vec<&str> = text.lines().collect();
    let mut item = post(path, &lines, 0, None);
    if item.title.is_none() {
        item.title = Some(super::stem(path).replace(['-', '_'], " "));
    }
    let warning = crate::diag::Diagnostic::warning(
        path,
        1,
        "no front matter: read as an undated post, which waits in the backlog; \
         date it with `---`, `published: 2026-12-01`, `---` as its first lines",
    );
    Parsed {
        items: vec![item],
        diagnostics: vec![warning],
    }
}

fn post(path: &Path, body: &[&str], offset: usize, title: Option<String>) -> ContentItem {
    let first = offset as u32 + 1;
    let last = (offset + body.len()).max(offset + 1) as u32;
    let mut item = ContentItem::new(super::stem(path), Kind::Post, path.into(), [first, last]);
    item.title = title.or_else(|| {
        body.iter()
            .find_map(|l| l.strip_prefix("# "))
            .map(|t| t.trim().to_string())
    });
    // A post's own "Over to you:" paragraph is its question, so the
    // section does not ask twice.
    fill_body(&mut item, body, true);
    item
}

/// One item per `## ` block of an issue. `offset` is the file line of body[0].
fn issue_sections(
    path: &Path,
    body: &[&str],
    offset: usize,
    header: usize,
    keys: &[String],
) -> Vec<ContentItem> {
    let stem = super::stem(path);
    let mut items: Vec<ContentItem> = Vec::new();
    let mut starts: Vec<usize> = body
        .iter()
        .enumerate()
        .filter(|(_, l)| l.starts_with("## "))
        .map(|(i, _)| i)
        .collect();
    starts.push(body.len());
    for pair in starts.windows(2) {
        let (start, mut end) = (pair[0], pair[1]);
        let heading = body[start][3..].trim();
        let key = topic_key(heading);
        let (kind, slug, is_section) = if keys.contains(&key) {
            (
                Kind::NewsletterSection,
                slugify(&display_title(heading)),
                true,
            )
        } else if key == "sponsor us" {
            (Kind::Promo, "sponsor-us".to_string(), false)
        } else if start < header {
            end = end.min(header);
            (Kind::Promo, "sponsor".to_string(), false)
        } else {
            (Kind::Promo, slugify(heading), false)
        };
        let id = super::unique_id(&items, format!("{stem}#{slug}"));
        let lines = [(offset + start + 1) as u32, (offset + end) as u32];
        let mut item = ContentItem::new(id, kind, path.into(), lines);
        item.title = Some(display_title(heading));
        fill_body(&mut item, &body[start + 1..end], is_section);
        if slug == "sponsor" {
            item.hints.sponsor = Some(item.body.clone());
        }
        items.push(item);
    }
    items
}

/// Sets body, links, images and the "Over to you" hint from Markdown lines.
fn fill_body(item: &mut ContentItem, lines: &[&str], take_question: bool) {
    let mut kept: Vec<&str> = Vec::with_capacity(lines.len());
    for line in lines {
        match over_to_you(line) {
            Some(q) if take_question && item.hints.over_to_you.is_none() => {
                item.hints.over_to_you = Some(q.to_string());
            }
            _ => kept.push(line),
        }
    }
    item.body = kept.join("\n").trim().to_string();
    let (links, images) = links_and_images(&item.body);
    item.links = links;
    item.images = images;
}

/// Link and image targets of a Markdown text, bare URLs included.
pub(crate) fn links_and_images(markdown: &str) -> (Vec<String>, Vec<String>) {
    let (mut links, mut images) = (Vec::new(), Vec::new());
    let mut in_link = 0;
    for event in Parser::new(markdown) {
        match event {
            Event::Start(Tag::Link { dest_url, .. }) => {
                links.push(dest_url.to_string());
                in_link += 1;
            }
            Event::End(pulldown_cmark::TagEnd::Link) => in_link -= 1,
            Event::Start(Tag::Image { dest_url, .. }) => images.push(dest_url.to_string()),
            Event::Text(text) if in_link == 0 => {
                links.extend(bare_links(&text).map(str::to_string))
            }
            _ => {}
        }
    }
    (links, images)
}
