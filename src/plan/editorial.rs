//! Editorial judgement: whether an item is a piece a reader learns from —
//! a section an editor would run — or something never to run as one:
//! selling (promo), news about the creator (announcement), opinions and
//! engagement (chatter), or a fragment (a link with a line, a teaser for a
//! video or a diagram, a stub, the middle of a series).
//!
//! Decided from the text alone: its length without links and mentions, the
//! selling, milestone and self-referential phrases it uses, and whether it
//! explains anything itself or points elsewhere for the explanation. Long
//! forms (videos, notes, posts, newsletter sections) are judged on length
//! only: their intros and outros mention the channel and the book without
//! being about them. The phrases were tuned against an editor's labels of
//! the seeds (`tests/data/editorial/labels.csv`).
//!
//! A writer overrides a verdict by putting the item's id into an issue.yaml:
//! issue files are the writer's and are never re-judged.

use std::sync::OnceLock;

use aho_corasick::AhoCorasick;
use serde::Serialize;
use unicode_normalization::UnicodeNormalization;

use crate::ingest::{ContentItem, Kind};

/// What an editor would call an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Label {
    /// A self-contained piece a reader learns from.
    Keep,
    /// Sales, discounts, giveaways, pitches.
    Promo,
    /// News about the creator: milestones, launches, thank-yous.
    Announcement,
    /// Opinions, jokes, polls, engagement.
    Chatter,
    /// A link with a line, a teaser, a stub, part of a series.
    Fragment,
}

impl Label {
    /// The lower-case name used in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Label::Keep => "keep",
            Label::Promo => "promo",
            Label::Announcement => "announcement",
            Label::Chatter => "chatter",
            Label::Fragment => "fragment",
        }
    }
}

/// The verdict on one item, with the reason a writer is shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Judgement {
    /// What it is.
    pub label: Label,
    /// Why, in words (empty for a keep).
    pub reason: String,
}

/// A short tweet that points at its diagram for the explanation is a
/// teaser for the image: the words that would make it a section.
const IMAGE_TEASER_WORDS: usize = 80;
/// Fewer words than this (links and mentions aside) teach nothing.
const FRAGMENT_WORDS: usize = 30;
/// A tweet or thread shorter than this leans on its image: on the
/// creator's own account the diagram carries it, in an email it does not.
const SHORT_POST_WORDS: usize = 60;

/// The phrase lists of `editorial.yaml`, in one searcher; a match's
/// pattern index says which list and phrase it is.
struct Phrases {
    searcher: AhoCorasick,
    all: Vec<(usize, String)>,
}

/// The lists, in the order [`found`] returns them.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Lists {
    promo: Vec<String>,
    announcement: Vec<String>,
    chatter: Vec<String>,
    elsewhere: Vec<String>,
    image: Vec<String>,
}

fn phrases() -> &'static Phrases {
    static PHRASES: OnceLock<Phrases> = OnceLock::new();
    PHRASES.get_or_init(|| {
        let lists: Lists = serde_yaml::from_str(include_str!("editorial.yaml"))
            .expect("editorial.yaml is checked by a unit test");
        let all: Vec<(usize, String)> = [
            lists.promo,
            lists.announcement,
            lists.chatter,
            lists.elsewhere,
            lists.image,
        ]
        .into_iter()
        .enumerate()
        .flat_map(|(list, phrases)| phrases.into_iter().map(move |p| (list, p)))
        .collect();
        Phrases {
            searcher: AhoCorasick::new(all.iter().map(|(_, p)| p))
                .expect("phrases are short literals"),
            all,
        }
    })
}

/// Which phrases of each list occur in `folded` (distinct): promo,
/// announcement, chatter, elsewhere, image.
fn found(folded: &str) -> [Vec<&'static str>; 5] {
    let phrases = phrases();
    let mut hits: [Vec<&'static str>; 5] = Default::default();
    for m in phrases.searcher.find_overlapping_iter(folded) {
        let (list, phrase) = &phrases.all[m.pattern().as_usize()];
        if !hits[*list].contains(&phrase.as_str()) {
            hits[*list].push(phrase.as_str());
        }
    }
    hits
}

/// Judges one item.
pub fn judge(item: &ContentItem) -> Judgement {
    let folded: String = item.body.nfkc().collect::<String>().to_lowercase();
    let words = folded
        .split_whitespace()
        .filter(|w| !w.starts_with("http") && !w.starts_with('@'))
        .count();
    let leave = |label: Label, reason: String| Judgement { label, reason };
    if words == 0 {
        return leave(Label::Fragment, "a heading without text".into());
    }
    let [promo, news, chatter, elsewhere, image] = found(&folded);
    let quote = |hits: &[&str]| {
        hits.iter()
            .take(3)
            .map(|h| format!("“{h}”"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let long_form = matches!(
        item.kind,
        Kind::Video | Kind::Note | Kind::Post | Kind::NewsletterSection
    );
    if !long_form {
        if !promo.is_empty() && (words < 150 || promo.len() >= 2) {
            return leave(Label::Promo, format!("selling: {}", quote(&promo)));
        }
        if !news.is_empty() && (words < 120 || (news.len() >= 2 && words < 350)) {
            return leave(
                Label::Announcement,
                format!("news about the creator: {}", quote(&news)),
            );
        }
        if !chatter.is_empty() && words < 100 {
            return leave(
                Label::Chatter,
                format!("an opinion or a call for replies: {}", quote(&chatter)),
            );
        }
    }
    if words < FRAGMENT_WORDS {
        return leave(Label::Fragment, format!("only {words} words of its own"));
    }
    if !long_form {
        if !elsewhere.is_empty() && words < 60 {
            return leave(
                Label::Fragment,
                format!("points elsewhere for the content: {}", quote(&elsewhere)),
            );
        }
        if !image.is_empty() && words < IMAGE_TEASER_WORDS {
            return leave(
                Label::Fragment,
                format!(
                    "the explanation is in the image ({words} words): {}",
                    quote(&image)
                ),
            );
        }
        if words < SHORT_POST_WORDS {
            return leave(
                Label::Fragment,
                format!("too short to stand without its image ({words} words)"),
            );
        }
        if starts_mid_way(&folded) {
            return leave(Label::Fragment, "starts in the middle of a series".into());
        }
    }
    if item.kind == Kind::Note && words < 130 {
        return leave(
            Label::Fragment,
            format!("a short study note ({words} words), part of a longer one"),
        );
    }
    Judgement {
        label: Label::Keep,
        reason: String::new(),
    }
}

/// A text that opens as a continuation: "So …", "And …", "- …", "3. …".
fn starts_mid_way(folded: &str) -> bool {
    let text = folded.trim_start();
    let first = text.split_whitespace().next().unwrap_or("");
    matches!(first, "so" | "and" | "but" | "-")
        || (first.len() == 2 && first.ends_with('.') && matches!(first.as_bytes()[0], b'2'..=b'9'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(kind: Kind, body: &str) -> ContentItem {
        let mut item = ContentItem::new(
            "t",
            kind,
            std::sync::Arc::from(std::path::Path::new("x")),
            [1, 1],
        );
        item.body = body.into();
        item
    }

    #[test]
    fn the_phrase_file_loads() {
        assert!(phrases().all.len() > 100);
    }

    #[test]
    fn selling_news_and_chatter_are_left_out_with_a_reason() {
        let giveaway = judge(&item(Kind::Tweet, "Signed Book GIVEAWAY! We will be giving away 10 signed copies of the book to readers who follow and comment, shipping worldwide, winners picked next Friday at random from everyone."));
        assert_eq!(giveaway.label, Label::Promo);
        assert!(giveaway.reason.contains("giveaway"), "{}", giveaway.reason);
        let brag = judge(&item(Kind::Tweet, "Woke up to 30,000 followers! I Googled what 30k people look like and found this. A quick intro: I write about system design and scalable systems every week for engineers who build them."));
        assert_eq!(brag.label, Label::Announcement);
        let chatter = judge(&item(Kind::Tweet, "Great thread. Thanks for sharing! Everyone building backends should read it twice and then share it with their team, honestly one of the best this year."));
        assert_eq!(chatter.label, Label::Chatter);
    }

    #[test]
    fn an_explainer_is_kept_and_a_diagram_teaser_is_a_fragment() {
        let explainer = "How does HTTPS work? HTTPS extends HTTP with TLS. Step 1, the client and the server set up a TCP connection. Step 2, the client sends a hello with the cipher suites it supports and the server answers with its certificate. Step 3, the client checks the certificate against the authorities it trusts, then creates a session key and encrypts it with the server's public key. Step 4, both sides now use the symmetric session key, because symmetric encryption is much faster than asymmetric encryption for the bulk of the data.";
        assert_eq!(judge(&item(Kind::Thread, explainer)).label, Label::Keep);
        let teaser = "What is IaaS/PaaS/SaaS? The diagram below illustrates the differences between the three cloud models and who manages which layer of the stack in each one. https://t.co/x";
        assert_eq!(judge(&item(Kind::Tweet, teaser)).label, Label::Fragment);
        assert_eq!(
            judge(&item(Kind::NewsletterSection, "")).label,
            Label::Fragment
        );
    }
}
