//! LinkedIn posts: one post, not a thread — a hook, the first idea, three
//! to five short points, the link, and the question. Points are whole
//! sentences or list items; when the post is too long, points are left
//! out, never cut mid-sentence.

use serde::Serialize;

use super::issue::first_line;
use super::points::{first_sentence, is_item, points, without_marker, Points};
use super::{Context, Post, Thread, ThreadError, ThreadKind, ThreadSection, ThreadSource};

/// The most points a post lists.
const MAX_POINTS: usize = 5;

/// The longest opening sentence, in characters.
const FIRST_CHARS: usize = 400;

/// The longest point, in characters: longer sentences are left out.
const POINT_CHARS: usize = 280;

/// What a post says around its points.
#[derive(Serialize, Clone, Copy)]
struct Frame<'a> {
    hook: &'a str,
    first: &'a str,
    link_label: &'a str,
    link: &'a str,
    question: &'a str,
}

#[derive(Serialize)]
struct PostView<'a> {
    #[serde(flatten)]
    frame: Frame<'a>,
    points: &'a [String],
}

/// The LinkedIn post of one section.
pub(crate) fn section_post(
    cx: &Context<'_>,
    section: &ThreadSection,
) -> Result<Thread, ThreadError> {
    let Points { points, notes, .. } = points(&section.body);
    // A first "sentence" too long to open a post (captions without
    // punctuation) is left out rather than cut.
    let first = points
        .first()
        .map(|p| first_sentence(p))
        .filter(|s| s.chars().count() <= FIRST_CHARS)
        .unwrap_or("");
    let candidates = key_points(points.get(1..).unwrap_or_default());
    let view = Frame {
        hook: &section.title,
        first,
        link_label: "Read the full piece",
        link: &section.link,
        question: &section.over_to_you,
    };
    let post = fitting(cx, &candidates, view, &section.images)?;
    Ok(Thread {
        kind: ThreadKind::Section,
        item_id: section.item_id.clone(),
        title: section.title.clone(),
        posts: vec![post],
        notes,
    })
}

/// The LinkedIn post announcing an issue: each section a point.
pub(crate) fn issue_post(cx: &Context<'_>, source: &ThreadSource) -> Result<Thread, ThreadError> {
    let candidates: Vec<String> = source
        .sections
        .iter()
        .map(|s| match first_line(&s.body) {
            // A sentence too long for a point is left out, not cut.
            line if line.is_empty() || line.chars().count() > POINT_CHARS => s.title.clone(),
            line => format!("{} — {line}", s.title),
        })
        .collect();
    let question = source
        .sections
        .first()
        .map_or("", |s| s.over_to_you.as_str());
    let view = Frame {
        hook: &source.title,
        first: &source.preheader,
        link_label: "The whole issue",
        link: &source.link,
        question,
    };
    let lead = super::lead_image(source);
    let post = fitting(cx, &candidates, view, &lead)?;
    Ok(Thread {
        kind: ThreadKind::Issue,
        item_id: source.issue.clone().unwrap_or_default(),
        title: source.title.clone(),
        posts: vec![post],
        notes: Vec::new(),
    })
}

/// List items when the text has at least three, else the paragraphs'
/// first sentences; short enough to read as points.
fn key_points(body: &[String]) -> Vec<String> {
    let items: Vec<&String> = body.iter().filter(|p| is_item(p)).collect();
    let chosen: Vec<String> = if items.len() >= 3 {
        items.iter().map(|i| item_point(i)).collect()
    } else {
        body.iter()
            .map(|p| first_sentence(p).replace('\n', " "))
            .collect()
    };
    chosen
        .into_iter()
        .filter(|p| p.chars().count() >= 12 && p.chars().count() <= POINT_CHARS)
        .collect()
}

/// A list item as one line without its marker: its first line, then the
/// first sentence of the rest ("Databases: This includes …").
fn item_point(item: &str) -> String {
    let (head, rest) = item.split_once('\n').unwrap_or((item, ""));
    let head = without_marker(head).trim();
    let rest = first_sentence(rest.trim());
    match (rest.is_empty(), head.ends_with(['.', '!', '?', ':'])) {
        (true, _) => head.to_string(),
        (false, true) => format!("{head} {rest}"),
        (false, false) => format!("{head}: {rest}"),
    }
}

/// The post with as many of the first [`MAX_POINTS`] candidates as fit.
fn fitting(
    cx: &Context<'_>,
    candidates: &[String],
    frame: Frame<'_>,
    images: &[String],
) -> Result<Post, ThreadError> {
    let mut n = candidates.len().min(MAX_POINTS);
    let mut frame = frame;
    loop {
        let text = cx.templates.render(
            "threads/linkedin.hbs",
            &PostView {
                frame,
                points: &candidates[..n],
            },
        )?;
        let text = as_a_post(text.trim());
        if cx.limits.fits(&text) || (n == 0 && frame.first.is_empty()) {
            return Ok(Post {
                weighted_length: cx.limits.length(&text),
                text,
                images: images
                    .iter()
                    .take(cx.limits.platform.max_images())
                    .cloned()
                    .collect(),
            });
        }
        // Points go first, then the opening sentence; nothing is cut.
        match n {
            0 => frame.first = "",
            _ => n -= 1,
        }
    }
}

/// A source written as a thread says so ("In this thread, we…"); on
/// LinkedIn it is a post.
fn as_a_post(text: &str) -> String {
    text.replace("this thread", "this post")
        .replace("This thread", "This post")
        .replace("the thread below", "the post below")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_item_is_one_line_without_its_marker() {
        assert_eq!(
            item_point("1. Databases\nSQL and NoSQL. Also ORMs."),
            "Databases: SQL and NoSQL."
        );
        assert_eq!(
            item_point("- Fast. It keeps data in RAM."),
            "Fast. It keeps data in RAM."
        );
        assert_eq!(
            item_point("🔹 Bare metal: no hypervisor"),
            "Bare metal: no hypervisor"
        );
    }
}
