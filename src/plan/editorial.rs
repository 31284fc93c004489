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

use super::shape;
use crate::ingest::{ContentItem, Kind};

/// What an editor would call an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
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
/// What is left of a text once its plugs are cut must still be a piece.
const PIECE_WORDS: usize = 60;
/// "This is part 2 of the series" under this many words is a part, not a
/// piece that mentions its series.
const SERIES_PART_WORDS: usize = 400;
/// A pointer to a link, a repository or a report stays one while it only
/// quotes or lists from it; past this it explains in its own right.
const POINTER_WORDS: usize = 200;
/// How far into a text its opening runs (a headline and a sentence).
const OPENING_CHARS: usize = 200;

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
    pointer: Vec<String>,
    image: Vec<String>,
    series: Vec<String>,
    defer: Vec<String>,
    recommend: Vec<String>,
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
            lists.pointer,
            lists.image,
            lists.series,
            lists.defer,
            lists.recommend,
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
/// announcement, chatter, elsewhere, pointer, image, series, defer,
/// recommend.
fn found(folded: &str) -> [Vec<&'static str>; 9] {
    let phrases = phrases();
    let mut hits: [Vec<&'static str>; 9] = Default::default();
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
    let plain: String = item.body.nfkc().collect();
    let whole = plain.to_lowercase();
    // An opening "we just published a video… keep reading" and a closing
    // book plug wrap the piece: the piece is judged, the wrapping is cut
    // when it is rendered.
    let folded = shape::core(&whole, PIECE_WORDS);
    let words = shape::words(&folded);
    let leave = |label: Label, reason: String| Judgement { label, reason };
    if words == 0 {
        return leave(Label::Fragment, "a heading without text".into());
    }
    let [promo, news, chatter, elsewhere, pointer, image, series, defer, recommend] =
        found(&folded);
    let long_form = matches!(
        item.kind,
        Kind::Video | Kind::Note | Kind::Post | Kind::NewsletterSection
    );
    // A post or note can be a sales pitch or a launch note too: selling
    // and news are judged whatever the form (a long piece with one plug
    // kept its plug cut above); chatter only in short forms, where an
    // opinion is all there is.
    if long_form {
        if let Some(verdict) = short_form_label(words, &promo, &news, &[]) {
            return verdict;
        }
    } else {
        if let Some(verdict) = short_form_label(words, &promo, &news, &chatter) {
            return verdict;
        }
        // A review recommends in its opening; a summary of a book may close
        // by recommending it and still be a piece.
        let opening_len = folded.len() * 2 / 5;
        let recommends_early = recommend
            .iter()
            .any(|p| folded.find(p).is_some_and(|at| at < opening_len));
        if recommends_early && folded.contains("book") {
            return leave(
                Label::Chatter,
                format!("a book recommendation: {}", quote(&recommend)),
            );
        }
    }
    if words < FRAGMENT_WORDS {
        return leave(Label::Fragment, format!("only {words} words of its own"));
    }
    if !series.is_empty() && words < SERIES_PART_WORDS {
        return leave(
            Label::Fragment,
            format!("one part of a series: {}", quote(&series)),
        );
    }
    if let Some(n) = shape::list_missing_start(&plain) {
        return leave(
            Label::Fragment,
            format!("its numbered list starts at {n}: the first part is elsewhere"),
        );
    }
    if let Some((last, total)) = shape::thread_cut_short(&folded) {
        return leave(
            Label::Fragment,
            format!("has parts up to {last} of a {total}-part thread"),
        );
    }
    if !long_form {
        if let Some(verdict) = pointer_label(&folded, words, &elsewhere, &pointer, &image, &defer) {
            return verdict;
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

/// Up to three phrases, quoted, for a reason.
fn quote(hits: &[&str]) -> String {
    hits.iter()
        .take(3)
        .map(|h| format!("“{h}”"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Selling, news about the creator and chatter in a tweet or thread: a
/// phrase counts in a short text, or several in a longer one.
fn short_form_label(
    words: usize,
    promo: &[&str],
    news: &[&str],
    chatter: &[&str],
) -> Option<Judgement> {
    let leave = |label, reason| Some(Judgement { label, reason });
    if !promo.is_empty() && (words < 150 || promo.len() >= 2) {
        return leave(Label::Promo, format!("selling: {}", quote(promo)));
    }
    if !news.is_empty() && (words < 120 || (news.len() >= 2 && words < 350)) {
        return leave(
            Label::Announcement,
            format!("news about the creator: {}", quote(news)),
        );
    }
    if !chatter.is_empty() && words < 100 {
        return leave(
            Label::Chatter,
            format!("an opinion or a call for replies: {}", quote(chatter)),
        );
    }
    None
}

/// A tweet or thread whose content is somewhere else: a link, a video,
/// its diagram, "the details can be found online".
fn pointer_label(
    folded: &str,
    words: usize,
    elsewhere: &[&str],
    pointer: &[&str],
    image: &[&str],
    defer: &[&str],
) -> Option<Judgement> {
    let leave = |reason| {
        Some(Judgement {
            label: Label::Fragment,
            reason,
        })
    };
    // Pointing elsewhere in its opening makes the item about the other
    // thing, however much it quotes from it.
    let opening: String = folded.chars().take(OPENING_CHARS).collect();
    let opens_with_pointer = pointer.iter().any(|p| opening.contains(p));
    if opens_with_pointer && words < POINTER_WORDS {
        return leave(format!(
            "is about something to read elsewhere: {}",
            quote(pointer)
        ));
    }
    if !elsewhere.is_empty() && words < 60 {
        return leave(format!(
            "points elsewhere for the content: {}",
            quote(elsewhere)
        ));
    }
    if !defer.is_empty() && words < POINTER_WORDS {
        return leave(format!("leaves the explanation out: {}", quote(defer)));
    }
    if !image.is_empty() && words < IMAGE_TEASER_WORDS {
        return leave(format!(
            "the explanation is in the image ({words} words): {}",
            quote(image)
        ));
    }
    if words < SHORT_POST_WORDS {
        return leave(format!(
            "too short to stand without its image ({words} words)"
        ));
    }
    None
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
    fn a_post_or_note_that_only_sells_or_announces_is_left_out_too() {
        let sale = "BLACK FRIDAY SALE: 50% off our book and course this week only. Use the code FRIDAY at checkout; the offer ends on Monday, so grab your copy now before the price goes back up.";
        for kind in [Kind::Post, Kind::Note, Kind::NewsletterSection] {
            assert_eq!(judge(&item(kind, sale)).label, Label::Promo, "{kind:?}");
        }
        let launch = "Our book is now available on Amazon! Thank you to everyone who read the drafts, sent corrections and waited so patiently for the print edition to arrive.";
        assert_eq!(judge(&item(Kind::Post, launch)).label, Label::Announcement);
        // An opinion in a long form is the writer's essay: kept.
        let essay = "What do you think makes a good design review? Mine start from the failure modes: what happens when the database is slow, when a dependency times out, when a deploy goes half way. A review that only looks at the happy path approves designs that fall over at the first incident, so ask for the failure story first.";
        assert_eq!(judge(&item(Kind::Post, essay)).label, Label::Keep);
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

    /// A made-up explainer of about ninety words, to wrap in the tests.
    const EXPLAINER: &str = "A write-ahead log records every change before the change reaches the data files. When the database restarts after a crash, it replays the log from the last checkpoint, so no committed transaction is lost. Checkpoints bound the replay: the pages changed before one are already on disk. Replicas follow the same log, which is why streaming replication and crash recovery share one code path. The cost is a second write for every change, paid with sequential appends that disks and SSDs handle well, and group commit spreads one flush over many transactions.";

    #[test]
    fn a_piece_wrapped_in_plugs_is_judged_on_the_piece() {
        let wrapped = format!("We just published a video on write-ahead logs. If you prefer text, keep reading:\n\n{EXPLAINER}\n\nMy book is out next month. Subscribe to our mailing list to hear when.");
        assert_eq!(judge(&item(Kind::Thread, &wrapped)).label, Label::Keep);
        let plug = "We just published a video on write-ahead logs.\n\nSubscribe to our channel.";
        assert_ne!(judge(&item(Kind::Thread, plug)).label, Label::Keep);
    }

    #[test]
    fn a_later_part_of_a_thread_is_a_fragment() {
        let later = format!("Why logs?\n6. The replica applies the record. {EXPLAINER}");
        let verdict = judge(&item(Kind::Thread, &later));
        assert_eq!(verdict.label, Label::Fragment);
        assert!(verdict.reason.contains("starts at 6"), "{}", verdict.reason);
        let cut = format!("How a log works 1/8\n{EXPLAINER} 2/8\nhttps://t.co/x");
        assert_eq!(judge(&item(Kind::Thread, &cut)).label, Label::Fragment);
        let part = format!("{EXPLAINER} This is part 2 of the storage series.");
        assert_eq!(judge(&item(Kind::Thread, &part)).label, Label::Fragment);
    }

    #[test]
    fn pointers_reviews_and_deferrals_are_not_pieces() {
        let pointer = format!(
            "Interesting read: how a team runs its log service, by a cloud vendor.\n{EXPLAINER}"
        );
        assert_eq!(judge(&item(Kind::Thread, &pointer)).label, Label::Fragment);
        let review = format!("How to learn storage? This is the book I would recommend to anyone starting out.\n{EXPLAINER}");
        assert_eq!(judge(&item(Kind::Thread, &review)).label, Label::Chatter);
        let summary = format!(
            "{EXPLAINER} If you want to go deeper, I would recommend the book by its authors."
        );
        assert_eq!(judge(&item(Kind::Thread, &summary)).label, Label::Keep);
        let defer = "IDs matter for every backend. The requirements: unique, sorted by time, numeric, 64-bit, fast to make under load from many machines at once. The algorithms can be found online so we will not go into detail here.";
        assert_eq!(judge(&item(Kind::Thread, defer)).label, Label::Fragment);
    }

    #[test]
    fn asking_for_comments_does_not_make_a_teaser_long() {
        let teaser = "What are the five cache strategies? Read: cache aside, read through. Write: write around, write back, write through. The diagram below illustrates how they work.\nFeel free to leave a comment so we can learn from each other, I left out a lot of details here.\nQuestion: what are the pros and cons of each strategy, and how do you choose one for your own system?";
        assert_eq!(judge(&item(Kind::Thread, teaser)).label, Label::Fragment);
    }
}
