//! Thread numbering on tweets: `/3 …`, `3/ …`, `3/8 …` in front, or
//! `… 3 of 8`, `… {3/8}`, `… 3/8` as a segment of its own near the end.

use std::borrow::Cow;
use std::sync::LazyLock;

use memchr::memmem;

/// A part number found on a tweet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Marker {
    /// The part's position, from 1.
    pub number: u32,
    /// The announced number of parts, when given.
    pub total: Option<u32>,
}

fn digits(s: &str) -> Option<u32> {
    if s.is_empty() || s.len() > 3 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// The longest prefix marker: three digits, a slash, three digits.
const PREFIX_MARKER_MAX: usize = 7;

/// `/3`, `3/`, `3/8` (the prefix forms). `3.` is not one: it opens list
/// items inside threads far more often than it numbers parts.
fn prefix_marker(token: &str) -> Option<Marker> {
    if let Some(n) = token.strip_prefix('/') {
        return Some(Marker {
            number: digits(n)?,
            total: None,
        });
    }

    let (n, total) = token.split_once('/')?;
    let number = digits(n)?;
    let total = if total.is_empty() {
        None
    } else {
        Some(digits(total)?)
    };
    valid(number, total)
}

/// `3 of 8`, `{3/8}`, `(3/8)`, `3/8` (the suffix forms, a whole segment).
fn suffix_marker(segment: &str) -> Option<Marker> {
    let inner = segment
        .strip_prefix('{')
        .and_then(|s| s.strip_suffix('}'))
        .or_else(|| segment.strip_prefix('(').and_then(|s| s.strip_suffix(')')))
        .unwrap_or(segment);
    let (n, total) = inner.split_once(" of ").or_else(|| inner.split_once('/'))?;
    valid(digits(n)?, Some(digits(total)?))
}

fn valid(number: u32, total: Option<u32>) -> Option<Marker> {
    let ok = number >= 1 && total.is_none_or(|t| number <= t);
    ok.then_some(Marker { number, total })
}

/// Splits a tweet's numbering off its text: the text without the marker, and
/// the marker if there was one.
pub(crate) fn split_marker(text: &str) -> (Cow<'_, str>, Option<Marker>) {
    // A prefix marker is at most seven bytes ("999/999"): only a space among
    // the first eight can end one (this runs on every line of a dump).
    let first_space = text
        .bytes()
        .take(PREFIX_MARKER_MAX + 1)
        .position(|b| b == b' ');
    if let Some(end) = first_space {
        if let Some(marker) = prefix_marker(&text[..end]) {
            return (Cow::Borrowed(text[end + 1..].trim_start()), Some(marker));
        }
    }
    // Suffix markers sit among the last few segments (a picture link often
    // follows them); they are short and hold a digit.
    let tail = &text.as_bytes()[text.len().saturating_sub(60)..];
    if !tail.iter().any(u8::is_ascii_digit) {
        return (Cow::Borrowed(text), None);
    }
    let Some(at) = last_segments(text)
        .iter()
        .flatten()
        .position(|segment| segment.len() <= 12 && suffix_marker(segment).is_some())
    else {
        return (Cow::Borrowed(text), None);
    };
    let marked = last_segments(text)[at].unwrap_or_default();
    let marker = suffix_marker(marked);
    // Rare: rebuild the text without that segment (the last one marked).
    let count = super::text::segments(text).count();
    let kept: Vec<&str> = super::text::segments(text)
        .enumerate()
        .filter(|(i, _)| *i + 1 + at != count)
        .map(|(_, s)| s)
        .collect();
    (Cow::Owned(kept.join("  ")), marker)
}

/// Finds `"  "` from the end; built once (a search built per call showed
/// in profiles: this runs on most lines of a dump).
static DOUBLE_SPACE_BACKWARDS: LazyLock<memmem::FinderRev<'static>> =
    LazyLock::new(|| memmem::FinderRev::new("  "));

/// The last three segments of `text` (see [`super::text::segments`]), the
/// last first, found from the end so long tweets are not walked.
fn last_segments(text: &str) -> [Option<&str>; 3] {
    let mut found = [None; 3];
    let mut rest = text;
    let mut n = 0;
    while n < 3 && !rest.is_empty() {
        let (head, segment) = match DOUBLE_SPACE_BACKWARDS.rfind(rest.as_bytes()) {
            Some(at) => (&rest[..at], &rest[at + 2..]),
            None => ("", rest),
        };
        let segment = segment.trim();
        if !segment.is_empty() {
            found[n] = Some(segment);
            n += 1;
        }
        rest = head;
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marker(text: &str) -> Option<(u32, Option<u32>)> {
        split_marker(text).1.map(|m| (m.number, m.total))
    }

    #[test]
    fn prefix_forms() {
        assert_eq!(marker("/7 I hope"), Some((7, None)));
        assert_eq!(marker("8/ I hope"), Some((8, None)));
        assert_eq!(marker("2/3 Topics: scale"), Some((2, Some(3))));
        assert_eq!(marker("12. I hope you've found"), None);
        assert_eq!(split_marker("/1 What are").0, "What are");
        assert_eq!(marker("999/999 the longest"), Some((999, Some(999))));
        assert_eq!(marker("1000/1000 too long"), None);
        assert_eq!(marker("/12345 not a part"), None);
    }

    #[test]
    fn suffix_forms() {
        assert_eq!(
            marker("Good read:  https://t.co/x  9 of 10"),
            Some((9, Some(10)))
        );
        assert_eq!(
            marker("Source:  https://t.co/a  {2/2}  https://t.co/b"),
            Some((2, Some(2)))
        );
        assert_eq!(
            marker("Subscribe:   https://t.co/d  9/9"),
            Some((9, Some(9)))
        );
        assert_eq!(
            split_marker("Good read:  https://t.co/x  9 of 10").0,
            "Good read:  https://t.co/x"
        );
    }

    #[test]
    fn ordinary_text_has_no_marker() {
        assert_eq!(marker("What is SSO?  With SSO, users can"), None);
        assert_eq!(marker("Round robin 1. first"), None);
        assert_eq!(marker("3/2 is not a part"), None);
        assert_eq!(marker(""), None);
        // Regression: the tail check once sliced inside a 4-byte character.
        assert_eq!(
            marker("@rt3me 𝐜𝐫𝐨𝐰𝐝𝐟𝐮𝐧𝐝𝐢𝐧𝐠 Here is the correct link: https://t.co/dkjDPxrTOt"),
            None
        );
    }
}
