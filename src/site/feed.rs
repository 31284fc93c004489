//! The Atom 1.0 feed: every published issue with its whole article, ids
//! that are the issue's page address (stable across re-renders), newest
//! first.

use atom_syndication::{Content, Entry, Feed, FixedDateTime, Link, Person, Text};

use super::SiteIssue;

/// The feed's XML.
pub(super) fn atom(name: &str, base: &str, feed_url: &str, issues: &[&SiteIssue]) -> String {
    let updated = issues
        .iter()
        .map(|i| fixed(i.date))
        .max()
        .unwrap_or_else(|| fixed(chrono::DateTime::UNIX_EPOCH));
    let mut feed = Feed::default();
    feed.set_id(base);
    feed.set_title(Text::plain(name));
    feed.set_updated(updated);
    let mut author = Person::default();
    author.set_name(name);
    feed.set_authors(vec![author]);
    feed.set_links(vec![link(base, "alternate"), link(feed_url, "self")]);
    feed.set_entries(issues.iter().map(|issue| entry(issue)).collect::<Vec<_>>());
    feed.to_string()
}

fn entry(issue: &SiteIssue) -> Entry {
    let mut entry = Entry::default();
    entry.set_id(issue.url.clone());
    entry.set_title(Text::plain(issue.plan.subject.clone()));
    entry.set_updated(fixed(issue.date));
    entry.set_published(Some(fixed(issue.date)));
    entry.set_summary(Some(Text::plain(issue.plan.preheader.clone())));
    let mut alternate = link(&issue.url, "alternate");
    alternate.set_mime_type(Some("text/html".to_string()));
    entry.set_links(vec![alternate]);
    let mut content = Content::default();
    content.set_content_type(Some("html".to_string()));
    content.set_value(Some(issue.article.clone()));
    entry.set_content(Some(content));
    entry
}

fn link(href: &str, rel: &str) -> Link {
    let mut link = Link::default();
    link.set_href(href);
    link.set_rel(rel);
    link
}

fn fixed(time: chrono::DateTime<chrono::Utc>) -> FixedDateTime {
    time.fixed_offset()
}
