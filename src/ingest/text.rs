//! Small text helpers shared by the parsers: slugs, entities, links, and the
//! recurring phrases of a creator's posts (calls to action, "Over to you").

use std::borrow::Cow;
use std::sync::LazyLock;

use memchr::memmem;

/// A URL-safe slug: lowercase ASCII letters and digits joined by `-`.
/// Non-ASCII letters (including "math bold") are dropped, not transliterated.
pub fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    for ch in text.chars() {
        if ch.is_ascii_alphanumeric() {
            slug.push(ch.to_ascii_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    while slug.ends_with('-') {
        slug.pop();
    }
    if slug.len() > 80 {
        slug.truncate(80);
        while slug.ends_with('-') {
            slug.pop();
        }
    }
    if slug.is_empty() {
        slug.push_str("untitled");
    }
    slug
}

/// Decodes HTML entities (`&amp;`, `&gt;`, `&#39;` ...), borrowing when there are none.
pub fn decode_entities(text: &str) -> Cow<'_, str> {
    // The memchr crate's SIMD search: `str::contains` showed in profiles.
    if memchr::memchr(b'&', text.as_bytes()).is_some() {
        htmlize::unescape(text)
    } else {
        Cow::Borrowed(text)
    }
}

/// Whether `word` is a bare http(s) URL.
pub fn is_url(word: &str) -> bool {
    word.starts_with("https://") || word.starts_with("http://")
}

static HTTP: LazyLock<memmem::Finder<'static>> = LazyLock::new(|| memmem::Finder::new("http"));
static DOUBLE_SPACE: LazyLock<memmem::Finder<'static>> =
    LazyLock::new(|| memmem::Finder::new("  "));

/// Bare http(s) URLs in `text`, in order, with trailing punctuation trimmed.
pub fn bare_links(text: &str) -> impl Iterator<Item = &str> {
    HTTP.find_iter(text.as_bytes()).filter_map(move |start| {
        let rest = &text[start..];
        if !(rest.starts_with("https://") || rest.starts_with("http://")) {
            return None;
        }
        // A URL glued to a word ("nothttp://") is not a link.
        if text[..start].ends_with(|c: char| c.is_alphanumeric()) {
            return None;
        }
        let url = &rest[..rest.find(char::is_whitespace).unwrap_or(rest.len())];
        let url = url.trim_end_matches(['.', ',', ')', ']', ';', ':', '!', '?', '"', '\'']);
        (url.len() > "https://".len()).then_some(url)
    })
}

/// The segments of a dumped tweet: a run of two or more spaces stands for a
/// line break. Segments are trimmed; empty ones are skipped. Lazy and
/// allocation-free: this runs on every part of a million-tweet dump.
pub fn segments(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || loop {
        if rest.is_empty() {
            return None;
        }
        let (segment, tail) = match DOUBLE_SPACE.find(rest.as_bytes()) {
            Some(at) => (&rest[..at], &rest[at + 2..]),
            None => (rest, ""),
        };
        rest = tail;
        let segment = segment.trim();
        if !segment.is_empty() {
            return Some(segment);
        }
    })
}

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
pub fn is_call_to_action(text: &str) -> bool {
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
pub struct Phrases {
    /// A call-to-action opening occurs (not necessarily where one may start:
    /// [`call_to_action_start`] decides that).
    pub call_to_action: bool,
    /// The text uses the language of a promotion ("sign up", "% off", …).
    pub promotion: bool,
}

/// A part of every phrase in [`CTA_OPENINGS`] and [`PROMO_PHRASES`]: a text
/// without any of these holds none of the phrases. Chosen so that their first
/// four bytes are rare in posts about system design ("sign" is in every
/// "design", "use " everywhere): the SIMD search then seldom stops to check a
/// candidate.
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
];

/// Looks for the call-to-action and promotion phrases in one pass.
pub fn scan_phrases(text: &str) -> Phrases {
    // This runs on every tweet of a dump. Folding case first leaves plain
    // literals, which a packed (Teddy) searcher scans for with SIMD; the
    // case-insensitive alternatives (a regex, or aho-corasick's own folding)
    // were several times slower. Most texts hold none of the phrases and cost
    // one scan for the few words every phrase contains; the others a scan per
    // list.
    static ANY: LazyLock<Literals> = LazyLock::new(|| Literals::new(&[PHRASE_WORDS]));
    static CTA: LazyLock<Literals> = LazyLock::new(|| Literals::new(&[CTA_OPENINGS]));
    static PROMO: LazyLock<Literals> = LazyLock::new(|| Literals::new(&[PROMO_PHRASES]));
    thread_local! {
        static FOLDED: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    FOLDED.with_borrow_mut(|folded| {
        folded.clear();
        folded.extend(text.bytes().map(|b| b.to_ascii_lowercase()));
        if !ANY.occur_in(folded) {
            return Phrases::default();
        }
        Phrases {
            call_to_action: CTA.occur_in(folded),
            promotion: PROMO.occur_in(folded),
        }
    })
}

/// Whether `text` uses the language of a promotion ("sign up", "% off", …).
pub fn mentions_promotion(text: &str) -> bool {
    scan_phrases(text).promotion
}

/// A search for any of a few (lowercase) phrases, byte for byte.
enum Literals {
    /// The SIMD searcher, where the CPU has what it needs.
    Packed(aho_corasick::packed::Searcher),
    /// The automaton elsewhere.
    Automaton(aho_corasick::AhoCorasick),
}

impl Literals {
    fn new(lists: &[&[&str]]) -> Self {
        let phrases = || lists.iter().flat_map(|list| list.iter());
        match aho_corasick::packed::Searcher::new(phrases()) {
            Some(searcher) => Literals::Packed(searcher),
            None => Literals::Automaton(
                aho_corasick::AhoCorasick::new(phrases())
                    .expect("a few short phrases fit any automaton"),
            ),
        }
    }

    fn occur_in(&self, haystack: &[u8]) -> bool {
        match self {
            Literals::Packed(searcher) => searcher.find(haystack).is_some(),
            Literals::Automaton(automaton) => automaton.is_match(haystack),
        }
    }
}

/// Where a call to action starts inside `text`: at its start, or at the start
/// of a later sentence ("… series. Subscribe to our weekly newsletter …").
pub fn call_to_action_start(text: &str) -> Option<usize> {
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

/// If `line` is an "Over to you" line, the question after the label.
pub fn over_to_you(line: &str) -> Option<&str> {
    let trimmed = line.trim_start_matches(|c: char| !c.is_alphanumeric());
    let rest = strip_prefix_ignore_case(trimmed, "over to you")?;
    let rest = rest.trim_start_matches([':', ' ', '-', '—']);
    (!rest.is_empty()).then_some(rest.trim_end())
}

fn strip_prefix_ignore_case<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let n = prefix.len();
    let head = text.as_bytes().get(..n)?;
    // Comparing bytes keeps non-ASCII characters (curly quotes) exact.
    (head.eq_ignore_ascii_case(prefix.as_bytes()) && text.is_char_boundary(n)).then(|| &text[n..])
}

/// Normalises a curly apostrophe to a straight one for comparisons of titles.
pub fn fold_quotes(text: &str) -> String {
    text.replace(['’', '‘'], "'").replace(['“', '”'], "\"")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slug_keeps_ascii_words() {
        assert_eq!(
            slugify("How to Learn Backend Development?"),
            "how-to-learn-backend-development"
        );
        assert_eq!(
            slugify("Why Everyone’s Talking About MCP?"),
            "why-everyone-s-talking-about-mcp"
        );
        assert_eq!(slugify("𝐁𝐨𝐥𝐝"), "untitled");
    }

    #[test]
    fn entities_are_decoded() {
        assert_eq!(
            decode_entities("GPT-1 -&gt; GPT-2 &amp; more"),
            "GPT-1 -> GPT-2 & more"
        );
        assert!(matches!(decode_entities("plain"), Cow::Borrowed(_)));
    }

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

    #[test]
    fn over_to_you_question_is_extracted() {
        assert_eq!(
            over_to_you("👉 Over to you: What attributes have you used?"),
            Some("What attributes have you used?")
        );
        assert_eq!(over_to_you("Over to you - which one?"), Some("which one?"));
        assert_eq!(over_to_you("Handing over to you"), None);
    }

    #[test]
    fn links_lose_trailing_punctuation() {
        let links: Vec<_> = bare_links("see https://a.example/x. and (http://b.example)").collect();
        assert_eq!(links, ["https://a.example/x", "http://b.example"]);
    }
}
#[cfg(test)]
mod promo_tests {
    use super::*;
    #[test]
    fn promotion_phrases() {
        assert!(!mentions_promotion("hello world, nothing to see"));
        assert!(mentions_promotion("Subscribe here: https://x"));
        assert!(mentions_promotion("get 33% OFF today"));
        assert!(mentions_promotion("SIGN UP now"));
        // A call to action that is also promotion counts as both.
        let both = scan_phrases("Subscribe to our weekly newsletter");
        assert!(both.call_to_action && both.promotion);
        let curly = scan_phrases("I hope you’ve found this thread helpful");
        assert!(curly.call_to_action && !curly.promotion);
        assert_eq!(scan_phrases("plain words"), Phrases::default());
    }

    #[test]
    fn every_phrase_holds_a_screening_word() {
        for phrase in CTA_OPENINGS.iter().chain(PROMO_PHRASES) {
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
            let folded = text.to_lowercase();
            let promo = PROMO_PHRASES.iter().any(|p| folded.contains(p));
            prop_assert_eq!(scan.promotion, promo, "{:?}", text);
        }
    }
}
