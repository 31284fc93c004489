//! Social thread drafts: an issue (or one item) as posts for X, Bluesky,
//! Mastodon and LinkedIn, from the templates in `templates/threads/`, each
//! post within its platform's limit as the platform counts it ([`count`]),
//! split at paragraphs, sentences, then words ([`split`]).

pub mod count;
pub mod split;

use serde::Serialize;

pub use count::{Limits, Platform};
pub use split::{Numbering, Piece, Post, SplitError};

use super::view::NewsletterView;
use super::{RenderError, Templates};
use crate::settings::Settings;

/// What a thread is made from: an issue's sections, or one item.
#[derive(Debug, Clone)]
pub struct ThreadSource {
    /// The hook's title (the issue's subject, or the item's title).
    pub title: String,
    /// The issue's week, when it is an issue.
    pub issue: Option<String>,
    /// The content.
    pub sections: Vec<ThreadSection>,
}

/// One section of a thread's content.
#[derive(Debug, Clone, Serialize)]
pub struct ThreadSection {
    /// Its title.
    pub title: String,
    /// Its text, plain, links written out.
    pub body: String,
    /// Its images.
    pub images: Vec<String>,
    /// Its closing question, without the label.
    pub over_to_you: String,
}

/// One platform's draft.
#[derive(Debug, Clone, Serialize)]
pub struct Draft {
    /// The platform.
    pub platform: Platform,
    /// Its limit per post.
    pub limit: usize,
    /// The posts, in order.
    pub posts: Vec<Post>,
}

/// Why a draft could not be made.
#[derive(Debug, thiserror::Error)]
pub enum ThreadError {
    /// A thread template failed.
    #[error(transparent)]
    Template(#[from] RenderError),
    /// Some text cannot be split to fit.
    #[error(transparent)]
    Split(#[from] SplitError),
}

#[derive(Serialize)]
struct HookView<'a> {
    title: &'a str,
    issue: Option<&'a str>,
    newsletter: &'a NewsletterView,
}

#[derive(Serialize)]
struct ClosingView<'a> {
    newsletter: &'a NewsletterView,
}

/// Makes the draft of `source` for `platform`.
pub fn draft(
    templates: &Templates,
    settings: &Settings,
    source: &ThreadSource,
    platform: Platform,
) -> Result<Draft, ThreadError> {
    let newsletter = NewsletterView {
        name: settings.newsletter.name.clone(),
        url: settings.newsletter.url.clone(),
        topics_heading: settings.newsletter.topics_heading.clone(),
    };
    let hook = templates.render(
        "threads/hook.hbs",
        &HookView {
            title: &source.title,
            issue: source.issue.as_deref(),
            newsletter: &newsletter,
        },
    )?;
    let closing = templates.render(
        "threads/closing.hbs",
        &ClosingView {
            newsletter: &newsletter,
        },
    )?;
    let mut groups = vec![pieces(&hook, &[])];
    for section in &source.sections {
        let text = templates.render("threads/section.hbs", section)?;
        groups.push(pieces(&text, &section.images));
    }
    groups.push(pieces(&closing, &[]));
    let limits = Limits::of(platform, settings.threads.mastodon_limit);
    let posts = match platform {
        Platform::Linkedin => vec![one_post(&groups, &limits, &settings.newsletter.url)],
        _ => split::split(&groups, &limits, settings.threads.numbering)?,
    };
    Ok(Draft {
        platform,
        limit: limits.max,
        posts,
    })
}

/// A text's paragraphs; its images go with its first paragraph.
fn pieces(text: &str, images: &[String]) -> Vec<Piece> {
    let mut out: Vec<Piece> = text
        .split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| Piece {
            text: p.to_string(),
            images: Vec::new(),
        })
        .collect();
    match out.first_mut() {
        Some(first) => first.images = images.to_vec(),
        None if !images.is_empty() => out.push(Piece {
            text: String::new(),
            images: images.to_vec(),
        }),
        None => {}
    }
    out
}

/// LinkedIn takes one post: every group, dropping sections from the end
/// (and pointing to the issue) until it fits.
fn one_post(groups: &[Vec<Piece>], limits: &Limits, url: &str) -> Post {
    let join = |groups: &[Vec<Piece>]| {
        groups
            .iter()
            .map(|g| {
                g.iter()
                    .map(|p| p.text.as_str())
                    .collect::<Vec<_>>()
                    .join("\n\n")
            })
            .collect::<Vec<_>>()
            .join("\n\n")
    };
    let mut kept = groups.to_vec();
    let mut text = join(&kept);
    while !limits.fits(&text) && kept.len() > 2 {
        kept.remove(kept.len() - 2);
        text = format!("{}\n\nMore in the full issue: {url}", join(&kept));
    }
    let images = kept
        .iter()
        .flatten()
        .flat_map(|p| p.images.iter().cloned())
        .take(limits.platform.max_images())
        .collect();
    Post {
        weighted_length: limits.length(&text),
        text,
        images,
    }
}

/// A draft as Markdown a person reads: each post with its count and limit.
pub fn to_markdown(draft: &Draft, title: &str) -> String {
    let mut out = format!("# {} draft: {title}\n\n", draft.platform.as_str());
    let n = draft.posts.len();
    for (i, post) in draft.posts.iter().enumerate() {
        out.push_str(&format!(
            "## Post {} of {n} · {} / {}\n\n{}\n\n",
            i + 1,
            post.weighted_length,
            draft.limit,
            post.text
        ));
        for image in &post.images {
            out.push_str(&format!("Image: {image}\n\n"));
        }
    }
    out
}

/// A draft as one JSON object for bulk schedulers and webhooks: the posts,
/// Typefully's draft (`content` with posts separated by four newlines,
/// `threadify: false`, `schedule-date`) and Buffer's updates (`text`,
/// `media.photo`, `scheduled_at`, one per post).
pub fn payload(
    week: &str,
    subject: &str,
    draft: &Draft,
    scheduled_at: Option<chrono::DateTime<chrono::Utc>>,
) -> serde_json::Value {
    let at = scheduled_at.map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true));
    let content: Vec<&str> = draft.posts.iter().map(|p| p.text.as_str()).collect();
    let buffer: Vec<serde_json::Value> = draft
        .posts
        .iter()
        .map(|p| {
            serde_json::json!({
                "text": p.text,
                "media": p.images.first().map(|photo| serde_json::json!({ "photo": photo })),
                "scheduled_at": at,
            })
        })
        .collect();
    serde_json::json!({
        "issue": week,
        "subject": subject,
        "platform": draft.platform.as_str(),
        "scheduled_at": at,
        "posts": draft.posts,
        "typefully": { "content": content.join("\n\n\n\n"), "threadify": false, "schedule-date": at },
        "buffer": buffer,
    })
}
