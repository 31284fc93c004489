//! The shape of an item's text, as an editor reads it before judging it:
//! which part is the piece and which is wrapping (a plug that opens with
//! "we just published a video… if you prefer text, keep reading", a closing
//! paragraph selling the book), which lines talk to the reader rather than
//! explain ("leave a comment", "Question: …"), and whether a numbered list
//! starts in the middle — the sign of a thread's later part posted alone.
//!
//! Everything here works on text already NFKC-folded and lower-cased.

/// Words of a paragraph that wraps the piece rather than being part of it:
/// selling, subscribing, news about the channel or the book.
const PLUG_WORDS: &[&str] = &[
    "subscribe",
    "pre-order",
    "preorder",
    "my book",
    "our book",
    "youtube channel",
    "mailing list",
    "newsletter:",
    "follow me",
    "follow us",
];

/// A paragraph holding this hands over from a plug to the piece itself.
const HAND_OVER: &[&str] = &["keep reading", "if you prefer text"];

/// Lines that talk to the reader instead of explaining: they do not make a
/// piece longer.
const ENGAGEMENT: &[&str] = &[
    "leave a comment",
    "open to suggestions",
    "question:",
    "over to you",
    "let me know",
    "if i missed",
    "feel free to",
    "i left out",
];

/// A wrapping paragraph is short; a long one that mentions the book is a
/// piece that happens to.
const PLUG_PARAGRAPH_WORDS: usize = 80;

/// The piece without an opening plug that hands over to it and without
/// closing plug paragraphs — when what is left still has `min_words`;
/// otherwise the whole text (the plug *is* the item).
pub(super) fn core(folded: &str, min_words: usize) -> String {
    let paragraphs: Vec<&str> = folded
        .split("\n\n")
        .filter(|p| !p.trim().is_empty())
        .collect();
    let mut start = 0;
    if let Some(at) = paragraphs
        .iter()
        .take(3)
        .position(|p| HAND_OVER.iter().any(|h| p.contains(h)))
    {
        start = at + 1;
    }
    let mut end = paragraphs.len();
    while end > start + 1 && is_plug(paragraphs[end - 1]) {
        end -= 1;
    }
    let kept = paragraphs[start..end].join("\n\n");
    if start == 0 && end == paragraphs.len() || words(&kept) < min_words {
        return folded.to_string();
    }
    kept
}

fn is_plug(paragraph: &str) -> bool {
    words(paragraph) < PLUG_PARAGRAPH_WORDS && PLUG_WORDS.iter().any(|w| paragraph.contains(w))
}

/// A line asking the reader is short; a caption wall that happens to say
/// "let me know" is still the piece.
const ENGAGEMENT_LINE_WORDS: usize = 30;

/// Words of their own (links and mentions aside), not counting the short
/// lines that ask the reader for something.
pub(super) fn words(folded: &str) -> usize {
    folded
        .lines()
        .filter(|line| {
            line.split_whitespace().count() >= ENGAGEMENT_LINE_WORDS
                || !ENGAGEMENT.iter().any(|e| line.contains(e))
        })
        .flat_map(str::split_whitespace)
        .filter(|w| !w.starts_with("http") && !w.starts_with('@'))
        .count()
}

/// The first number of a numbered list that starts past 1 — "6. The sink
/// connector writes…", "2.2 The data is copied…", "16 Rust 17 Ruby 18 Dart
/// 19 …" — when the text's first item of that numbering opens a line: the
/// items before it were in another post. Lines that are questions are left
/// out (a reader prompt "1) … ? 2) … ?" is not the body).
pub(super) fn list_missing_start(folded_original_case: &str) -> Option<u32> {
    // (style, first number, whether it opened a line, lowest number)
    let mut styles: Vec<(String, u32, bool, u32)> = Vec::new();
    let mut note =
        |style: String, n: u32, at_start: bool| match styles.iter_mut().find(|(s, ..)| *s == style)
        {
            Some(entry) => entry.3 = entry.3.min(n),
            None => styles.push((style, n, at_start, n)),
        };
    for (at, line) in folded_original_case.lines().enumerate() {
        // A reader prompt "2) Do you …?" is not the body; a first line may
        // be item 1 and a question.
        if at > 0 && line.trim_end().ends_with('?') && !line.contains(". ") {
            continue;
        }
        let tokens: Vec<&str> = line
            .trim_start_matches(|c: char| c.is_whitespace() || "🔹-*•·>#".contains(c))
            .split_whitespace()
            .collect();
        for (i, token) in tokens.iter().enumerate() {
            let next_is_capital = tokens
                .get(i + 1)
                .and_then(|t| t.chars().next())
                .is_some_and(char::is_uppercase);
            if let Some((n, style)) = item_number(token, next_is_capital) {
                note(style, n, i == 0);
            }
        }
        for (n, at_start) in ranking_run(&tokens) {
            note("ranking".into(), n, at_start);
        }
    }
    styles
        .into_iter()
        .find(|(_, first, at_start, lowest)| *at_start && *first > 1 && *lowest > 1)
        .map(|(_, first, ..)| first)
}

/// The number and numbering style of a list-item token: "6." and "2)"
/// followed by a capitalised word ("2)There" glued), "2.2" / "2.2:" as
/// sub-item 2 of item 2 (style "2.").
fn item_number(token: &str, next_is_capital: bool) -> Option<(u32, String)> {
    let digits: String = token.chars().take_while(char::is_ascii_digit).collect();
    if digits.is_empty() || digits.len() > 2 {
        return None;
    }
    let n: u32 = digits.parse().ok()?;
    let rest = &token[digits.len()..];
    if rest == "." && next_is_capital {
        return Some((n, ".".into()));
    }
    if let Some(glued) = rest.strip_prefix(')') {
        if glued.is_empty() && next_is_capital || glued.starts_with(char::is_uppercase) {
            return Some((n, ")".into()));
        }
    }
    let sub = rest.strip_prefix('.')?.trim_end_matches(':');
    if next_is_capital && !sub.is_empty() && sub.chars().all(|c| c.is_ascii_digit()) {
        return Some((sub.parse().ok()?, format!("{n}.")));
    }
    None
}

/// A split thread's counter that stops short: "1/9 … 2/9" at line ends
/// and nothing past the first half — (the last part seen, the parts there
/// are). A thread missing its last part or two still reads as a piece.
/// Two counters are needed, so a fraction ending a line is not taken for
/// one.
pub(super) fn thread_cut_short(folded: &str) -> Option<(u32, u32)> {
    let counters: Vec<(u32, u32)> = folded
        .lines()
        .filter_map(|line| line.split_whitespace().last())
        .filter_map(|token| {
            // "…provider.1/8": the counter may be glued to the sentence.
            let digits_from = token.trim_end_matches(|c: char| c.is_ascii_digit() || c == '/');
            let (k, n) = token[digits_from.len()..].split_once('/')?;
            let (k, n): (u32, u32) = (k.parse().ok()?, n.parse().ok()?);
            (k >= 1 && k <= n && n <= 40).then_some((k, n))
        })
        .collect();
    let total = counters.first()?.1;
    let last = counters
        .iter()
        .filter(|c| c.1 == total)
        .map(|c| c.0)
        .max()?;
    (counters.len() >= 2 && last * 2 <= total).then_some((last, total))
}

/// The numbers of a run of four or more consecutive bare numbers on one
/// line ("16 Rust 17 Ruby 18 Dart 19 Swift"), with whether each opened it.
fn ranking_run(tokens: &[&str]) -> Vec<(u32, bool)> {
    let numbers: Vec<(usize, u32)> = tokens
        .iter()
        .enumerate()
        .filter_map(|(i, t)| Some((i, t.parse::<u32>().ok()?)))
        .collect();
    let mut found = Vec::new();
    let mut run: Vec<(usize, u32)> = Vec::new();
    for &(i, n) in numbers
        .iter()
        .chain(std::iter::once(&(usize::MAX, u32::MAX)))
    {
        if run
            .last()
            .is_some_and(|&(_, last)| last.checked_add(1) == Some(n))
        {
            run.push((i, n));
            continue;
        }
        if run.len() >= 4 {
            found.extend(run.iter().map(|&(at, n)| (n, at == 0)));
        }
        run = vec![(i, n)];
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_list_that_starts_past_one_is_a_later_part() {
        let later = "Why do queues help?\n6. The worker writes the result to the store.\n7. The client polls for it.";
        assert_eq!(list_missing_start(later), Some(6));
        let sub = "How a cache fills\n2.2 The value is copied from disk to memory\n2.3 The reader gets it";
        assert_eq!(list_missing_start(sub), Some(2));
        let ranking = "Languages that last\n12 Go 13 Lua 14 Zig 15 Nim 16 Ada";
        assert_eq!(list_missing_start(ranking), Some(12));
        let glued = "Five ways to do it.\n2)There are variations of the second way.";
        assert_eq!(list_missing_start(glued), Some(2));
    }

    #[test]
    fn whole_lists_and_numbers_in_prose_are_not_parts() {
        let whole =
            "Three steps:\n1. The client asks.\n2. The server answers.\n3. The client reads.";
        assert_eq!(list_missing_start(whole), None);
        let inline =
            "Steps:\n1. Merchant shows a code 2. Consumer scans it\n6. The counter shows it.";
        assert_eq!(list_missing_start(inline), None);
        let prose = "In 2019 the team moved to HTTP 2.0 and latency fell by 2.5 times.";
        assert_eq!(list_missing_start(prose), None);
        let prompt = "A gateway explained.\n2) Do you use one gateway per client?";
        assert_eq!(list_missing_start(prompt), None);
    }

    #[test]
    fn a_thread_whose_counter_stops_short_is_cut() {
        let cut = "how mail is sent 1/5\nthe server checks it. 2/5\nhttps://t.co/x";
        assert_eq!(thread_cut_short(cut), Some((2, 5)));
        let whole = "one 1/2\ntwo 2/2";
        assert_eq!(thread_cut_short(whole), None);
        let nearly = "a 1/6\nb 2/6\nc 3/6\nd 4/6\ne 5/6";
        assert_eq!(thread_cut_short(nearly), None);
        assert_eq!(thread_cut_short("the cache cut reads by 1/3"), None);
    }

    #[test]
    fn plugs_around_the_piece_are_set_aside() {
        let text = "we just published a video on dns. if you prefer text, keep reading:\n\ndns maps names to addresses. a resolver asks the root, then the tld server, then the authoritative server, and caches each answer for its ttl.\n\nmy book is out next week. subscribe to our mailing list to hear first.";
        let kept = core(text, 10);
        assert!(kept.starts_with("dns maps"), "{kept}");
        assert!(!kept.contains("my book"), "{kept}");
        // When the plug is all there is, it is the item.
        let plug = "my book is out next week.\n\nsubscribe to our mailing list.";
        assert_eq!(core(plug, 10), plug);
    }

    #[test]
    fn lines_asking_the_reader_do_not_count_as_words() {
        assert_eq!(
            words("caches keep hot data close\nfeel free to leave a comment below"),
            5
        );
    }
}
