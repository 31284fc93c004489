//! Small text helpers shared by the parsers: slugs, entities, links, and the
//! recurring phrases of a creator's posts (calls to action, "Over to you").

use std::borrow::Cow;

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
    if text.contains('&') {
        htmlize::unescape(text)
    } else {
        Cow::Borrowed(text)
    }
}

/// Whether `word` is a bare http(s) URL.
pub fn is_url(word: &str) -> bool {
    word.starts_with("https://") || word.starts_with("http://")
}

/// Bare http(s) URLs in `text`, in order, with trailing punctuation trimmed.
pub fn bare_links(text: &str) -> impl Iterator<Item = &str> {
    text.split_whitespace().filter_map(|w| {
        let start = w.find("http://").or_else(|| w.find("https://"))?;
        let url = w[start..].trim_end_matches(['.', ',', ')', ']', ';', ':', '!', '?', '"', '\'']);
        (url.len() > "https://".len()).then_some(url)
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
    CTA_OPENINGS
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

/// Whether `text` talks like an advertisement for the creator's products.
pub fn mentions_promotion(text: &str) -> bool {
    PROMO_PHRASES
        .iter()
        .any(|p| contains_ignore_ascii_case(text, p))
}

/// Case-insensitive (ASCII) substring search without allocating.
pub fn contains_ignore_ascii_case(haystack: &str, needle: &str) -> bool {
    find_ignore_ascii_case(haystack, needle).is_some()
}

/// Byte offset of the first case-insensitive (ASCII) match of `needle`.
pub fn find_ignore_ascii_case(haystack: &str, needle: &str) -> Option<usize> {
    let (h, n) = (haystack.as_bytes(), needle.as_bytes());
    let first = n.first()?.to_ascii_lowercase();
    if h.len() < n.len() {
        return None;
    }
    (0..=h.len() - n.len())
        .find(|&i| h[i].to_ascii_lowercase() == first && h[i..i + n.len()].eq_ignore_ascii_case(n))
}

/// Where a call to action starts inside `text`: at its start, or at the start
/// of a later sentence ("… series. Subscribe to our weekly newsletter …").
pub fn call_to_action_start(text: &str) -> Option<usize> {
    if is_call_to_action(text) {
        return Some(0);
    }
    CTA_OPENINGS
        .iter()
        .filter_map(|cta| find_ignore_ascii_case(text, cta))
        .filter(|&at| text[..at].trim_end().ends_with(['.', '!', '?', '-']))
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
