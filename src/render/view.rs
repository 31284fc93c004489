//! What templates receive: documented view structs built from an issue
//! file, its items and the settings — never the pipeline's internals.

use std::collections::BTreeMap;

use serde::Serialize;

/// Everything a template can use. Field names are the template variables
/// (`{{issue.subject}}`, `{{#each sections}}{{title}}{{/each}}`, …).
#[derive(Debug, Clone, Serialize)]
pub(crate) struct EmailView {
    /// The newsletter.
    pub newsletter: NewsletterView,
    /// This issue.
    pub issue: IssueView,
    /// The sponsor block, or null.
    pub sponsor: Option<SponsorView>,
    /// The sections in reading order.
    pub sections: Vec<SectionView>,
    /// Links every issue has.
    pub links: LinksView,
    /// The footer (from settings) as HTML, plain text and Markdown.
    pub footer_html: String,
    /// The footer as plain text.
    pub footer_text: String,
    /// The footer as Markdown.
    pub footer_markdown: String,
    /// The plain-text email's numbered links.
    pub references: Vec<ReferenceView>,
    /// The reader (sample data when rendering, the real one when sending).
    pub subscriber: SubscriberView,
}

/// `{{newsletter.*}}`.
#[derive(Debug, Clone, Serialize)]
pub struct NewsletterView {
    /// Its name.
    pub name: String,
    /// Its public address.
    pub url: String,
    /// The heading of the topic list ("This week’s system design refresher:").
    pub topics_heading: String,
}

/// `{{issue.*}}`.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct IssueView {
    /// Issue number.
    pub number: u32,
    /// ISO week, `2023-W07`.
    pub week: String,
    /// Subject line.
    pub subject: String,
    /// Preview text.
    pub preheader: String,
    /// The lead section's theme.
    pub lead_theme: String,
    /// Monday of the week, `YYYY-MM-DD` (use `{{date issue.from "%B %-d"}}`).
    pub from: String,
    /// Sunday of the week.
    pub to: String,
}

/// `{{sponsor.*}}`.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct SponsorView {
    /// Headline.
    pub title: String,
    /// Where it links.
    pub url: String,
    /// The pitch as HTML.
    pub text_html: String,
    /// The pitch as plain text.
    pub text_plain: String,
    /// The pitch as Markdown.
    pub text_markdown: String,
}

/// One of `{{#each sections}}`.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct SectionView {
    /// The HTML id of its heading.
    pub anchor: String,
    /// Absolute link to it in the web archive.
    pub link: String,
    /// Title.
    pub title: String,
    /// Theme name.
    pub theme: String,
    /// Its picture, or null.
    pub image: Option<ImageView>,
    /// Body as safe HTML (print with `{{{body_html}}}`).
    pub body_html: String,
    /// Body as plain text with `[n]` link references.
    pub body_text: String,
    /// Body as Markdown.
    pub body_markdown: String,
    /// One small link after the body ("See the diagram", "Watch the full
    /// video"), or null.
    pub more: Option<MoreView>,
    /// The "Over to you" question, without its label.
    pub over_to_you: String,
    /// First publication, RFC 3339, or null.
    pub first_posted: Option<String>,
}

/// `{{image.*}}`.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ImageView {
    /// Absolute URL.
    pub src: String,
    /// Alternative text (never empty: the section title when the source had none).
    pub alt: String,
}

/// `{{more.*}}`: a link after a section's text.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct MoreView {
    /// What it says ("See the diagram").
    pub label: String,
    /// Absolute URL.
    pub url: String,
    /// Its reference number in the plain-text email.
    pub number: usize,
}

/// `{{links.*}}`.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct LinksView {
    /// The issue's page in the web archive.
    pub view_in_browser: String,
    /// The reader's unsubscribe link (a placeholder until sending fills it).
    pub unsubscribe: String,
}

/// One of `{{#each references}}`.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ReferenceView {
    /// Its number in the text.
    pub number: usize,
    /// The URL.
    pub url: String,
}

/// `{{subscriber.*}}`.
#[derive(Debug, Clone, Serialize)]
pub struct SubscriberView {
    /// Address.
    pub email: String,
    /// Name ("" when unknown).
    pub name: String,
    /// Any other columns of the list (`{{subscriber.fields.city}}`).
    pub fields: BTreeMap<String, String>,
}

impl SubscriberView {
    /// The sample reader used when rendering and in test sends.
    pub fn sample() -> Self {
        SubscriberView {
            email: "reader@example.com".into(),
            name: "Reader".into(),
            fields: BTreeMap::new(),
        }
    }
}
