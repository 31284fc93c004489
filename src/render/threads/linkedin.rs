//! LinkedIn posts: one post, not a thread — a hook, the first idea, three
//! to five short points, the link, and the question. Points are whole
//! sentences or list items; when the post is too long, points are left
//! out, never cut mid-sentence.

use serde::Serialize;

use super::issue::one_line;
use super::points::{first_sentence, is_item, points, Points};
use super::{Context, Post, Thread, ThreadError, ThreadKind, ThreadSection, ThreadSource};

/// The most points a post lists.
const MAX_POINTS: usize = 5;

/// The longest point, in characters: longer sentences are left out.
const POINT_CHARS: usize = 240;

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
pub fn section_post(cx: &Context<'_>, section: &ThreadSection) -> Result<Thread, ThreadError> {
    let Points { points, notes } = points(&section.body);
    let first = points.first().map_or("", |p| first_sentence(p));
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
pub fn issue_post(cx: &Context<'_>, source: &ThreadSource) -> Result<Thread, ThreadError> {
    let candidates: Vec<String> = source
        .sections
        .iter()
        .map(|s| format!("{}: {}", s.title, one_line(&s.body)))
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
    let lead: Vec<String> = source
        .sections
        .iter()
        .flat_map(|s| s.images.first())
        .take(1)
        .cloned()
        .collect();
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
        items
            .iter()
            .map(|i| {
                i.trim_start_matches(['-', '*', '•', ' '])
                    .replace('\n', " ")
            })
            .collect()
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

/// The post with as many of the first [`MAX_POINTS`] candidates as fit.
fn fitting(
    cx: &Context<'_>,
    candidates: &[String],
    frame: Frame<'_>,
    images: &[String],
) -> Result<Post, ThreadError> {
    let mut n = candidates.len().min(MAX_POINTS);
    loop {
        let text = cx.templates.render(
            "threads/linkedin.hbs",
            &PostView {
                frame,
                points: &candidates[..n],
            },
        )?;
        let text = text.trim().to_string();
        if cx.limits.fits(&text) || n == 0 {
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
        n -= 1;
    }
}
