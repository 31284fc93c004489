//! The email's view: a resolved issue's sections, the settings' sponsor and
//! footer, and the reader, as the view structs the templates see.

use super::body::{self, References};
use super::links::absolute;
use super::view::*;
use super::Personal;
use crate::ingest::Markup;
use crate::issue::ResolvedSection;
use crate::plan::issue_file::IssuePlan;
use crate::settings::Settings;

/// One section as the templates see it; its links are numbered in `refs`.
pub(super) fn section_view(
    section: &ResolvedSection,
    fix: body::LinkFix<'_>,
    archive_url: &str,
    refs: &mut References,
) -> SectionView {
    let converted = body::convert(&section.text, section.markup, fix, refs);
    let more = section.more.as_ref().and_then(|more| {
        let url = fix(&more.url)?;
        Some(MoreView {
            label: more.label.clone(),
            number: refs.number(&url),
            url,
        })
    });
    let anchor = crate::ingest::text::slugify(&section.title);
    let image = converted.images.first().map(|(src, alt)| ImageView {
        src: src.clone(),
        alt: meaningful_alt(alt).unwrap_or(&section.title).to_string(),
    });
    let question = crate::ingest::text::over_to_you(&section.over_to_you)
        .unwrap_or(&section.over_to_you)
        .to_string();
    SectionView {
        link: format!("{archive_url}#{anchor}"),
        anchor,
        title: section.title.clone(),
        theme: section.theme.clone(),
        image,
        body_html: converted.html,
        body_text: converted.text,
        body_markdown: converted.markdown,
        more,
        over_to_you: question,
        first_posted: section.first_posted.map(|t| t.to_rfc3339()),
    }
}

/// The whole email's view: the newsletter, the issue, the sponsor (after
/// the sections, so its links are numbered after theirs), the footer.
pub(super) fn email_view(
    settings: &Settings,
    plan: &IssuePlan,
    sections: Vec<SectionView>,
    mut refs: References,
    archive_url: &str,
    personal: &Personal,
) -> EmailView {
    let newsletter = &settings.newsletter;
    let fix = |url: &str| absolute(url, settings, archive_url, &plan.week);
    let sponsor = newsletter.sponsor.as_ref().map(|s| {
        let text = body::convert(&s.text, Markup::Markdown, &fix, &mut refs);
        SponsorView {
            title: s.title.clone(),
            url: fix(&s.url).unwrap_or_default(),
            text_html: text.html,
            text_plain: text.text,
            text_markdown: text.markdown,
        }
    });
    let footer = body::convert(&newsletter.footer, Markup::Markdown, &fix, &mut refs);
    let references = refs
        .urls
        .iter()
        .enumerate()
        .map(|(i, url)| ReferenceView {
            number: i + 1,
            url: url.clone(),
        })
        .collect();
    EmailView {
        newsletter: NewsletterView {
            name: newsletter.name.clone(),
            url: newsletter.url.clone(),
            topics_heading: newsletter.topics_heading.clone(),
        },
        issue: IssueView {
            number: plan.number,
            week: plan.week.clone(),
            subject: plan.subject.clone(),
            preheader: plan.preheader.clone(),
            lead_theme: plan.lead_theme.clone(),
            from: plan.dates.from.to_string(),
            to: plan.dates.to.to_string(),
        },
        sponsor,
        sections,
        links: LinksView {
            view_in_browser: archive_url.to_string(),
            unsubscribe: personal.unsubscribe_url.clone(),
        },
        footer_html: footer.html,
        footer_text: footer.text,
        footer_markdown: footer.markdown,
        references,
        subscriber: personal.subscriber.clone(),
    }
}

/// An alt text worth keeping (clippers write "No alternative text…").
fn meaningful_alt(alt: &str) -> Option<&str> {
    let alt = alt.trim();
    (!alt.is_empty() && !alt.to_lowercase().starts_with("no alternative text")).then_some(alt)
}

/// Inlines the `<style>` rules into `style` attributes (mail clients drop
/// style sheets); `@media` rules, which cannot be inlined, are kept in a
/// style sheet of their own.
pub(super) fn inline_css(html: &str) -> Result<String, css_inline::InlineError> {
    let inliner = css_inline::CSSInliner::options()
        .keep_style_tags(false)
        .keep_at_rules(true)
        .build();
    inliner.inline(html)
}
