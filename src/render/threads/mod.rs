//! Social thread drafts, in the shape the creator posts them: one thread
//! per section (`section`: headline and first idea with the section's
//! image, a few points a post, the question, a closing link to the section
//! on the web archive), one short thread announcing the issue (`issue`),
//! and a LinkedIn post for each (`linkedin`). Every post fits its
//! platform as the platform counts it ([`count`]), split at paragraphs,
//! sentences, then words ([`split`]).

pub mod count;
pub mod export;
pub(crate) mod issue;
pub(crate) mod linkedin;
pub(crate) mod points;
pub(crate) mod section;
pub mod split;

use serde::{Deserialize, Serialize};

pub use count::{Limits, Platform};
pub use export::payload;
pub use split::{Numbering, Piece, Post, SplitError};

use super::view::NewsletterView;
use super::{RenderError, Templates};
use crate::settings::Settings;

/// What the drafts are made from: an issue's sections (or one item).
#[derive(Debug, Clone)]
pub struct ThreadSource {
    /// The issue's subject (or the item's title).
    pub title: String,
    /// The issue's preheader (empty for one item).
    pub preheader: String,
    /// The issue's week, when it is an issue.
    pub issue: Option<String>,
    /// The issue's page in the web archive (the newsletter's address for
    /// one item).
    pub link: String,
    /// The content.
    pub sections: Vec<ThreadSection>,
}

/// One section: what its thread is made from.
#[derive(Debug, Clone, Serialize)]
pub struct ThreadSection {
    /// The content item's id.
    pub item_id: String,
    /// Its title.
    pub title: String,
    /// Its text, plain, links written out.
    pub body: String,
    /// Its images, attached to posts (never printed as text).
    pub images: Vec<String>,
    /// Its closing question, without the label.
    pub over_to_you: String,
    /// The section in the web archive (the issue's page and its anchor).
    pub link: String,
    /// The link that follows the text (label, URL): "Watch the full
    /// video", or a tweet's own media ("See the diagram"), which is noted
    /// for the person posting and not posted.
    pub more: Option<(String, String)>,
}

/// What a thread announces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ThreadKind {
    /// The issue: one post per section.
    Issue,
    /// One section, in full or summarised.
    Section,
}

/// One thread (on LinkedIn: one post) ready to schedule.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Thread {
    /// Issue or section.
    pub kind: ThreadKind,
    /// The section's content item id (the issue's week for the issue thread).
    pub item_id: String,
    /// The section's title (the issue's subject).
    pub title: String,
    /// The posts, in order.
    pub posts: Vec<Post>,
    /// For the person posting, not posted: links found in the text that
    /// cannot be posted as they are (a tweet's own t.co media links).
    #[serde(skip)]
    pub notes: Vec<String>,
}

/// One platform's drafts of an issue (or an item).
#[derive(Debug, Clone, Serialize)]
pub struct Draft {
    /// The platform.
    pub platform: Platform,
    /// Its limit per post.
    pub limit: usize,
    /// The issue thread first (when there is an issue), then one per section.
    pub threads: Vec<Thread>,
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

/// What every thread needs: templates, settings, the platform's limits.
pub struct Context<'a> {
    /// The templates (`threads/*.hbs`).
    pub templates: &'a Templates,
    /// The settings.
    pub settings: &'a Settings,
    /// The platform's limits.
    pub limits: Limits,
    /// The newsletter, as templates see it.
    pub newsletter: NewsletterView,
}

impl Context<'_> {
    /// The posts of `groups`, each group opening a new post.
    pub fn split(&self, groups: &[Vec<Piece>]) -> Result<Vec<Post>, SplitError> {
        split::split(groups, &self.limits, self.settings.threads.numbering)
    }
}

/// Makes the drafts of `source` for `platform`: the issue thread when
/// `source` is an issue, then one thread per section.
pub fn draft(
    templates: &Templates,
    settings: &Settings,
    source: &ThreadSource,
    platform: Platform,
) -> Result<Draft, ThreadError> {
    let cx = Context {
        templates,
        settings,
        limits: Limits::of(platform, settings.threads.mastodon_limit),
        newsletter: NewsletterView {
            name: settings.newsletter.name.clone(),
            url: settings.newsletter.url.clone(),
            topics_heading: settings.newsletter.topics_heading.clone(),
        },
    };
    let linkedin = platform == Platform::Linkedin;
    let mut threads = Vec::new();
    if source.issue.is_some() {
        threads.push(match linkedin {
            true => linkedin::issue_post(&cx, source)?,
            false => issue::issue_thread(&cx, source)?,
        });
    }
    for section in &source.sections {
        threads.push(match linkedin {
            true => linkedin::section_post(&cx, section)?,
            false => section::section_thread(&cx, section)?,
        });
    }
    Ok(Draft {
        platform,
        limit: cx.limits.max,
        threads,
    })
}

/// The issue's lead image: the first image of its first section that has
/// one (attached to the issue thread's hook and the LinkedIn issue post).
pub fn lead_image(source: &ThreadSource) -> Vec<String> {
    source
        .sections
        .iter()
        .flat_map(|s| s.images.first())
        .take(1)
        .cloned()
        .collect()
}

/// A text's paragraphs as pieces; `images` go with the first.
pub fn pieces(text: &str, images: &[String]) -> Vec<Piece> {
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

/// A draft as Markdown a person reads: each thread, each post with its
/// count and limit, its images, and the notes that are not posted.
pub fn to_markdown(draft: &Draft, title: &str) -> String {
    let name = draft.platform.as_str();
    let mut out = format!("# {name} drafts: {title}\n\n");
    for thread in &draft.threads {
        let what = match (thread.kind, draft.platform) {
            (ThreadKind::Issue, Platform::Linkedin) => "The issue",
            (ThreadKind::Issue, _) => "The issue thread",
            (ThreadKind::Section, _) => "Section",
        };
        out.push_str(&format!(
            "## {what}: {} (`{}`)\n\n",
            thread.title, thread.item_id
        ));
        for note in &thread.notes {
            out.push_str(&format!(
                "> Not posted — the original's media, attach it by hand: {note}\n\n"
            ));
        }
        let n = thread.posts.len();
        for (i, post) in thread.posts.iter().enumerate() {
            out.push_str(&format!(
                "### Post {} of {n} · {} / {}\n\n{}\n\n",
                i + 1,
                post.weighted_length,
                draft.limit,
                post.text
            ));
            for image in &post.images {
                out.push_str(&format!("Image: {image}\n\n"));
            }
        }
    }
    out
}
