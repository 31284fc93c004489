//! Small text helpers shared by the parsers: slugs, entities, links,
//! segments and the "Over to you" question.

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

/// If `line` is an "Over to you" line, the question after the label.
pub fn over_to_you(line: &str) -> Option<&str> {
    let trimmed = line.trim_start_matches(|c: char| !c.is_alphanumeric());
    let rest = strip_prefix_ignore_case(trimmed, "over to you")?;
    let rest = rest.trim_start_matches([':', ' ', '-', '—']);
    (!rest.is_empty()).then_some(rest.trim_end())
}

pub(crate) fn strip_prefix_ignore_case<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
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
