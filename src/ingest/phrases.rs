//! The recurring phrases of a creator's posts: calls to action that close a
//! thread ("I hope you've found this thread helpful…") and the language of
//! promotion ("sign up", "% off"). Text in, what it holds out.

use std::sync::LazyLock;

use aho_corasick::packed;

use super::text::strip_prefix_ignore_case;

/// Call-to-action openings that close a thread or make a tweet a promotion.
const CTA_OPENINGS: &[&str] = &[
    "i hope you've found this thread helpful",
    "i hope you’ve found this thread helpful",
    "subscribe to our weekly",
    "subscribe to our newsletter",
    "if you found this thread helpful",
    "if you’ve found this thread helpful",
    "if you've found this thread helpful",
    "enjoy this thread?",
    "enjoyed this thread?",
    "if you enjoyed this thread",
    "retweet the first tweet",
    "like/retweet the first tweet",
    "follow me @",
];

/// Whether `text` opens with one of the standard calls to action.
pub(crate) fn is_call_to_action(text: &str) -> bool {
    // Skips any numbering ("9. ", "/8 ") and bullets before the words.
    let head = text.trim_start_matches(|c: char| !c.is_alphabetic());
    // Most places tried are ordinary sentences: turn them away on their first
    // letter before comparing phrases.
    let first = head.as_bytes().first().map(u8::to_ascii_lowercase);
    first.is_some_and(|b| CTA_OPENINGS.iter().any(|cta| cta.as_bytes()[0] == b))
        && CTA_OPENINGS
            .iter()
            .any(|cta| strip_prefix_ignore_case(head, cta).is_some())
}

/// Phrases that mark a post as promotion rather than content.
const PROMO_PHRASES: &[&str] = &[
    "subscribe here",
    "subscribe to our",
    "subscribe now",
    "subscribe so",
    "sign up",
    "% off",
    "premium plan",
    "pre-order",
    "use code",
    "giveaway",
];

/// Which of the recurring phrases occur somewhere in a text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Phrases {
    /// A call-to-action opening occurs (not necessarily where one may start:
    /// [`call_to_action_start`] decides that).
    pub call_to_action: bool,
    /// The text uses the language of a promotion ("sign up", "% off", …).
    pub promotion: bool,
    /// "Over to you" occurs (in any case): the text may ask the readers'
    /// question (see [`super::text::over_to_you`]).
    pub over_to_you: bool,
}

/// The phrase that asks the readers a question, folded.
const OVER_TO_YOU: &[&str] = &["over to you"];

/// The kinds of phrases the scan looks for.
#[derive(Clone, Copy)]
enum Kind {
    CallToAction,
    Promotion,
    OverToYou,
}

/// A part of every phrase in [`CTA_OPENINGS`], [`PROMO_PHRASES`] and
/// [`OVER_TO_YOU`], chosen
/// so that their first four bytes are rare in posts about system design
/// ("sign" is in every "design", "use " everywhere): the SIMD search for them
/// then seldom stops to check a candidate.
const PHRASE_WORDS: &[&str] = &[
    "lpful",
    "bscri",
    "enjoy",
    "t tweet",
    "w me",
    "gn up",
    "% off",
    "mium plan",
    "-order",
    "se code",
    "veaway",
    "to you",
];

/// Looks for the call-to-action, promotion and "over to you" phrases in one
/// pass.
pub(crate) fn scan_phrases(text: &str) -> Phrases {
    // This runs on every tweet of a dump. Folding case first leaves plain
    // literals for a packed (Teddy) SIMD search; case-insensitive searches (a
    // regex, or aho-corasick's own folding) were several times slower. The
    // search is for the few rare words inside the phrases; each place one
    // occurs is checked against the phrases that hold it there.
    static PHRASES: LazyLock<PhraseSearch> = LazyLock::new(PhraseSearch::new);
    thread_local! {
        static FOLDED: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    FOLDED.with_borrow_mut(|folded| {
        // Copy, then fold in place: a loop the compiler turns into SIMD.
        folded.clear();
        folded.extend_from_slice(text.as_bytes());
        folded.make_ascii_lowercase();
        PHRASES.scan(folded)
    })
}

/// A phrase that holds a screening word, and where.
struct Holder {
    phrase: &'static [u8],
    /// Where the word starts in the phrase.
    offset: usize,
    kind: Kind,
}

/// The search behind [`scan_phrases`].
struct PhraseSearch {
    words: Words,
    /// For each of [`PHRASE_WORDS`], the phrases that hold it.
    holders: Vec<Vec<Holder>>,
}

impl PhraseSearch {
    fn new() -> Self {
        let lists = [
            (CTA_OPENINGS, Kind::CallToAction),
            (PROMO_PHRASES, Kind::Promotion),
            (OVER_TO_YOU, Kind::OverToYou),
        ];
        let holders = PHRASE_WORDS
            .iter()
            .map(|word| {
                let mut holders = Vec::new();
                for (list, kind) in lists {
                    for phrase in list {
                        for (offset, _) in phrase.match_indices(word) {
                            holders.push(Holder {
                                phrase: phrase.as_bytes(),
                                offset,
                                kind,
                            });
                        }
                    }
                }
                holders
            })
            .collect();
        PhraseSearch {
            words: Words::new(PHRASE_WORDS),
            holders,
        }
    }

    /// What case-folded `text` holds.
    fn scan(&self, text: &[u8]) -> Phrases {
        let mut found = Phrases::default();
        let mut from = 0;
        // Every place a word occurs, overlapping ones included: restarting
        // just after each find rather than after its end.
        while let Some((word, at)) = self.words.find(text, from) {
            for holder in &self.holders[word] {
                let held = at
                    .checked_sub(holder.offset)
                    .is_some_and(|start| text[start..].starts_with(holder.phrase));
                if held {
                    match holder.kind {
                        Kind::CallToAction => found.call_to_action = true,
                        Kind::Promotion => found.promotion = true,
                        Kind::OverToYou => found.over_to_you = true,
                    }
                }
            }
            if found.call_to_action && found.promotion && found.over_to_you {
                break;
            }
            from = at + 1;
        }
        found
    }
}

/// A search for a few literal words, byte for byte.
enum Words {
    /// The SIMD searcher, where the CPU has what it needs.
    Packed(packed::Searcher),
    /// The automaton elsewhere.
    Automaton(aho_corasick::AhoCorasick),
}

impl Words {
    fn new(words: &[&str]) -> Self {
        match packed::Searcher::new(words.iter()) {
            Some(searcher) => Words::Packed(searcher),
            None => Words::Automaton(
                aho_corasick::AhoCorasick::new(words).expect("a few short words fit any automaton"),
            ),
        }
    }

    /// The first word found at or after `from`: its index and where it starts.
    fn find(&self, haystack: &[u8], from: usize) -> Option<(usize, usize)> {
        let span = aho_corasick::Span::from(from..haystack.len());
        match self {
            Words::Packed(searcher) => searcher
                .find_in(haystack, span)
                .map(|m| (m.pattern().as_usize(), m.start())),
            Words::Automaton(automaton) => automaton
                .find(aho_corasick::Input::new(haystack).span(span))
                .map(|m| (m.pattern().as_usize(), m.start())),
        }
    }
}

/// Where a call to action starts inside `text`: at its start, or at the start
/// of a later sentence ("… series. Subscribe to our weekly newsletter …").
pub(crate) fn call_to_action_start(text: &str) -> Option<usize> {
    if is_call_to_action(text) {
        return Some(0);
    }
    // Only sentence starts can open a call to action, so only the few places
    // after sentence punctuation are tried, not every byte of the text.
    let bytes = text.as_bytes();
    let sentence_ends = memchr::memchr3_iter(b'.', b'!', b'?', bytes);
    let dashes = memchr::memchr_iter(b'-', bytes);
    sentence_ends
        .chain(dashes)
        .filter_map(|at| {
            let rest = &text[at + 1..];
            let start = text.len() - rest.trim_start().len();
            (start > at + 1 && is_call_to_action(&text[start..])).then_some(start)
        })
        .min()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calls_to_action_are_recognised() {
        assert!(is_call_to_action(
            "I hope you've found this thread helpful.  Follow me"
        ));
        assert!(is_call_to_action("Enjoy this thread?  You might like"));
        assert!(is_call_to_action(
            "Subscribe to our weekly free newsletter to learn"
        ));
        assert!(!is_call_to_action(
            "What are the common load-balancing algorithms?"
        ));
    }

    #[test]
    fn call_to_action_inside_a_part_is_found() {
        let text = "This is part 1 of the series. Subscribe to our weekly newsletter for updates:";
        assert_eq!(call_to_action_start(text), Some(30));
        assert_eq!(
            call_to_action_start("Why subscribe to our weekly plan"),
            None
        );
    }

    fn promotes(text: &str) -> bool {
        scan_phrases(text).promotion
    }

    #[test]
    fn promotion_phrases() {
        assert!(!promotes("hello world, nothing to see"));
        assert!(promotes("Subscribe here: https://x"));
        assert!(promotes("get 33% OFF today"));
        assert!(promotes("SIGN UP now"));
        // A call to action that is also promotion counts as both.
        let both = scan_phrases("Subscribe to our weekly newsletter");
        assert!(both.call_to_action && both.promotion);
        let curly = scan_phrases("I hope you’ve found this thread helpful");
        assert!(curly.call_to_action && !curly.promotion);
        assert_eq!(scan_phrases("plain words"), Phrases::default());
    }

    #[test]
    fn every_phrase_holds_a_screening_word() {
        for phrase in CTA_OPENINGS.iter().chain(PROMO_PHRASES).chain(OVER_TO_YOU) {
            assert!(
                PHRASE_WORDS.iter().any(|word| phrase.contains(word)),
                "add a word of {phrase:?} to PHRASE_WORDS"
            );
        }
    }
}

#[cfg(test)]
mod phrase_scan_tests {
    use super::*;
    use crate::ingest::text::segments;
    use proptest::prelude::*;

    /// Texts made of sentence pieces, calls to action and promotion phrases
    /// in any case, so both outcomes occur often.
    fn texts() -> impl Strategy<Value = String> {
        let pieces = prop::sample::select(vec![
            "I hope you've found this thread helpful",
            "i hope you’ve found this thread helpful",
            "Subscribe to our weekly newsletter",
            "Follow me @alex",
            "Use code SAVE for 20% OFF",
            "Sign up",
            "design",
            "helpful",
            "premium plan",
            "Pre-order",
            "giveaway",
            "like/retweet the first tweet",
            "What is a load balancer?",
            "Over to you:",
            "https://t.co/x",
            ".",
            " - ",
            "  ",
            "9/ ",
            "&amp;",
        ]);
        prop::collection::vec((pieces, any::<bool>()), 0..8).prop_map(|parts| {
            parts
                .into_iter()
                .map(|(p, upper)| {
                    if upper {
                        p.to_uppercase()
                    } else {
                        p.to_string()
                    }
                })
                .collect::<Vec<_>>()
                .join(" ")
        })
    }

    proptest! {
        /// The one-pass scan may only say "no call to action" when the
        /// sentence-by-sentence search finds none: it is what lets the
        /// tweet parser skip that search.
        #[test]
        fn scan_never_misses_a_call_to_action(text in texts()) {
            let scan = scan_phrases(&text);
            if call_to_action_start(&text).is_some() {
                prop_assert!(scan.call_to_action, "{text:?}");
            }
            for segment in segments(&text) {
                if call_to_action_start(segment).is_some() {
                    prop_assert!(scan.call_to_action, "{segment:?}");
                }
            }
            // Exactly what a plain search of each phrase says.
            let folded = text.to_ascii_lowercase();
            let holds = |list: &[&str]| list.iter().any(|p| folded.contains(p));
            prop_assert_eq!(scan.promotion, holds(PROMO_PHRASES), "{:?}", text);
            prop_assert_eq!(scan.call_to_action, holds(CTA_OPENINGS), "{:?}", text);
            prop_assert_eq!(scan.over_to_you, holds(OVER_TO_YOU), "{:?}", text);
            if !scan.over_to_you {
                for segment in segments(&text) {
                    prop_assert!(crate::ingest::text::over_to_you(segment).is_none());
                }
            }
        }
    }
}
