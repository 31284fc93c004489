//! The issue thread: a short thread announcing an issue — the subject and
//! preheader with the lead image, one post per section (title, one line,
//! link), and a subscribe call to action; at most [`MAX_POSTS`] posts.

use serde::Serialize;

use super::points::{first_sentence, points, shortened};
use super::{pieces, Context, Thread, ThreadError, ThreadKind, ThreadSource};

/// The most posts of an issue thread.
pub(crate) const MAX_POSTS: usize = 8;

/// A section's one line, in characters (leaves room for title and link
/// on every platform).
const LINE_CHARS: usize = 120;

#[derive(Serialize)]
struct HookView<'a> {
    subject: &'a str,
    preheader: &'a str,
    newsletter: &'a crate::render::view::NewsletterView,
}

#[derive(Serialize)]
struct SectionView<'a> {
    title: &'a str,
    line: &'a str,
    link: &'a str,
}

#[derive(Serialize)]
struct ClosingView<'a> {
    also: String,
    link: &'a str,
    newsletter: &'a crate::render::view::NewsletterView,
}

/// A section's first sentence.
pub(crate) fn first_line(body: &str) -> String {
    let points = points(body).points;
    let first = points.first().map_or("", |p| first_sentence(p));
    first.trim_start_matches(['-', '*', '•', ' ']).to_string()
}

/// A section's one line: its first sentence, shortened at a word if long.
pub(crate) fn one_line(body: &str) -> String {
    shortened(&first_line(body), LINE_CHARS)
}

/// The issue thread of `source`.
pub(crate) fn issue_thread(cx: &Context<'_>, source: &ThreadSource) -> Result<Thread, ThreadError> {
    let lead = super::lead_image(source);
    let hook = cx.templates.render(
        "threads/issue.hbs",
        &HookView {
            subject: &source.title,
            preheader: &source.preheader,
            newsletter: &cx.newsletter,
        },
    )?;
    let mut groups = vec![pieces(&hook, &lead)];
    let room = MAX_POSTS - 2;
    for section in source.sections.iter().take(room) {
        let line = one_line(&section.body);
        let text = cx.templates.render(
            "threads/issue_section.hbs",
            &SectionView {
                title: &section.title,
                line: &line,
                link: &section.link,
            },
        )?;
        groups.push(pieces(&text, &[]));
    }
    let also: Vec<&str> = source
        .sections
        .iter()
        .skip(room)
        .map(|s| s.title.as_str())
        .collect();
    let closing = cx.templates.render(
        "threads/issue_closing.hbs",
        &ClosingView {
            also: also.join(" · "),
            link: &source.link,
            newsletter: &cx.newsletter,
        },
    )?;
    groups.push(pieces(&closing, &[]));
    Ok(Thread {
        kind: ThreadKind::Issue,
        item_id: source.issue.clone().unwrap_or_default(),
        title: source.title.clone(),
        posts: cx.split(&groups)?,
        notes: Vec::new(),
    })
}
