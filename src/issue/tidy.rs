//! A section's source text made fit to print, before it is converted: calls
//! to action taken out, the title not said twice, a tweet's attached media
//! (its trailing t.co links) set aside, and a video's caption text cut to a
//! readable excerpt. Text in, text (and what was set aside) out.

use unicode_normalization::UnicodeNormalization;

use crate::ingest::text::is_url;

/// Words that open or carry a call to action, folded to lowercase ASCII
/// quotes. A sentence holding one is not content.
const CALLS_TO_ACTION: &[&str] = &[
    "subscribe here",
    "subscribe to our",
    "subscribe to my",
    "subscribe to the bytebytego",
    "subscribe to bytebytego",
    "subscribe at ",
    "subscribe it at",
    "subscribe:",
    "subscribe now",
    "please subscribe",
    "watch and subscribe",
    "if you like our videos",
    "if your like our videos",
    "like our videos",
    "follow me",
    "follow us",
    "check out our book",
    "check out our newsletter",
    "check out our website",
    "check out our youtube",
    "check out our channel",
    "thanks for reading",
];

/// Words of the sentences that follow a call to action and belong to it
/// ("It covers topics and trends…", "Trusted by 500,000 readers.").
const CALL_TO_ACTION_TAIL: &[&str] = &[
    "newsletter",
    "readers",
    "blog.",
    ".com",
    "it cover",
    "thank you",
    "see you",
    "http",
];

/// Whether a sentence is (part of) a call to action.
fn is_call_to_action(sentence: &str) -> bool {
    let folded = fold(sentence);
    CALLS_TO_ACTION.iter().any(|cta| folded.contains(cta))
}

fn is_call_to_action_tail(sentence: &str) -> bool {
    let folded = fold(sentence);
    CALL_TO_ACTION_TAIL.iter().any(|w| folded.contains(w))
}

/// Lowercase NFKC with straight apostrophes.
fn fold(text: &str) -> String {
    text.nfkc()
        .collect::<String>()
        .to_lowercase()
        .replace('’', "'")
}

/// The text without its calls to action: a sentence holding one goes, with
/// the sentences after it that belong to it (in the same line, or opening
/// the next one when it ran to the end of its line), and a line of bare
/// links right after it. Code blocks are left alone.
pub(crate) fn without_calls_to_action(text: &str) -> String {
    let text = &without_opening_plug(text);
    let mut out: Vec<String> = Vec::new();
    let mut in_fence = false;
    let mut after_call = false;
    for line in text.lines() {
        if is_fence(line) {
            in_fence = !in_fence;
        }
        if in_fence || is_fence(line) {
            out.push(line.to_string());
            continue;
        }
        if line.trim().is_empty() {
            out.push(String::new());
            continue;
        }
        if after_call && line.split_whitespace().all(is_url) {
            // The call's link; what follows is content again.
            after_call = false;
            continue;
        }
        match without_call_to_action(line, after_call) {
            Some((kept, to_the_end)) => {
                after_call = to_the_end;
                let bare = kept.trim().trim_start_matches(['-', '*', '#', '>']);
                if !bare.trim().is_empty() {
                    out.push(kept);
                }
            }
            None => {
                after_call = false;
                out.push(line.to_string());
            }
        }
    }
    out.join("\n").trim().to_string()
}

/// Words of a paragraph that hands over from a plug to the piece ("If you
/// prefer video, watch… If you prefer text, keep reading:").
const HAND_OVER: &[&str] = &["keep reading", "if you prefer text"];

/// The text without an opening plug that hands over to it ("We just
/// published a video on X… If you prefer text, keep reading:"): the
/// paragraphs up to the hand-over go when one of the first three has it
/// and something follows.
fn without_opening_plug(text: &str) -> String {
    let paragraphs: Vec<&str> = text.split("\n\n").collect();
    let hand_over = paragraphs.iter().take(3).position(|p| {
        let folded = fold(p);
        HAND_OVER.iter().any(|h| folded.contains(h))
    });
    match hand_over {
        Some(at) if paragraphs[at + 1..].iter().any(|p| !p.trim().is_empty()) => {
            paragraphs[at + 1..].join("\n\n")
        }
        _ => text.to_string(),
    }
}

/// Whether a line opens or closes a fenced code block.
fn is_fence(line: &str) -> bool {
    let t = line.trim_start();
    t.starts_with("```") || t.starts_with("~~~")
}

/// A line without its first call to action and that call's tail (or, when
/// `continuing` one from the line before, without the tail it opens with),
/// and whether the cut ran to the line's end; `None` when it has none.
fn without_call_to_action(line: &str, continuing: bool) -> Option<(String, bool)> {
    let sentences = sentences(line);
    let belongs = |s: &str| is_call_to_action(s) || is_call_to_action_tail(s);
    let at = if continuing && sentences.first().is_some_and(|s| belongs(s)) {
        0
    } else {
        sentences.iter().position(|s| is_call_to_action(s))?
    };
    let mut kept: String = sentences[..at].concat();
    if let Some(before) = long_sentence_before_call(sentences[at]) {
        // Captions without punctuation: one "sentence" holds the whole
        // text; only what follows the call goes.
        kept.push_str(before);
        return Some((kept.trim_end().to_string(), true));
    }
    let end = at
        + 1
        + sentences[at + 1..]
            .iter()
            .take_while(|s| belongs(s))
            .count();
    kept.push_str(&sentences[end..].concat());
    Some((kept.trim_end().to_string(), end == sentences.len()))
}

/// Words beyond which a "sentence" is unpunctuated caption text.
const LONG_SENTENCE: usize = 60;

/// In a sentence longer than [`LONG_SENTENCE`] words, the text before its
/// call to action.
fn long_sentence_before_call(sentence: &str) -> Option<&str> {
    if sentence.split_whitespace().count() <= LONG_SENTENCE {
        return None;
    }
    let lower = sentence.to_lowercase();
    let at = CALLS_TO_ACTION
        .iter()
        .filter_map(|cta| lower.find(cta))
        .min()?;
    // Lowercasing kept the offsets (it does for the text this is for).
    (lower.len() == sentence.len() && sentence.is_char_boundary(at)).then(|| &sentence[..at])
}

/// Sentences of a line, each with the spaces that follow it (so that they
/// concatenate back to the line). A sentence ends at `.`, `?` or `!`
/// followed by a space, except after a few abbreviations.
pub(crate) fn sentences(line: &str) -> Vec<&str> {
    const ABBREVIATIONS: &[&str] = &["e.g.", "i.e.", "vs.", "etc.", "mr.", "dr.", "u.s."];
    let mut out = Vec::new();
    let mut start = 0;
    let bytes = line.as_bytes();
    for (i, ch) in line.char_indices() {
        if !matches!(ch, '.' | '?' | '!') || bytes.get(i + 1) != Some(&b' ') {
            continue;
        }
        let before = line[start..=i].to_lowercase();
        if ABBREVIATIONS.iter().any(|a| before.ends_with(a)) {
            continue;
        }
        let mut end = i + 1;
        while bytes.get(end) == Some(&b' ') {
            end += 1;
        }
        out.push(&line[start..end]);
        start = end;
    }
    if start < line.len() {
        out.push(&line[start..]);
    }
    out
}

/// The text without a first line that repeats the section's title: a line
/// equal to it (ignoring case, punctuation, Markdown markers and "math
/// bold") goes; a line that opens with it loses the sentence the title is
/// part of, and keeps what follows.
pub(crate) fn without_title(text: &str, title: &str) -> String {
    let truncated = title.trim_end().ends_with('…') || title.trim_end().ends_with("...");
    let title = normalized(title).0;
    let title = title.trim();
    let Some(first) = text.lines().find(|l| !l.trim().is_empty()) else {
        return text.to_string();
    };
    let at = first.as_ptr() as usize - text.as_ptr() as usize;
    let rest = &text[at + first.len()..];
    let (line, ends) = normalized(first);
    let trimmed = line.trim_start();
    let skipped = line.len() - trimmed.len();
    if title.is_empty() {
        return text.to_string();
    }
    if trimmed.trim_end() == title {
        return rest.trim_start().to_string();
    }
    if !trimmed.starts_with(title) || !trimmed[title.len()..].starts_with(' ') {
        return text.to_string();
    }
    let after = &first[ends[skipped + title.len() - 1]..];
    let kept = if starts_sentence_end(after) {
        // "Title: the text" or "Title. The text": the text stays.
        after
    } else if truncated && rest_of_sentence_is_short(after) {
        // The title is nearly all of the first sentence: that sentence goes.
        let sentence = sentences(after).first().map_or(0, |s| s.len());
        &after[sentence..]
    } else {
        // A title cut short of the sentence's point ("…such as S3 to
        // improve durability is called Erasure Coding."), or
        // the title's words open a sentence that goes on: the line stays.
        return text.to_string();
    };
    let kept =
        kept.trim_start_matches(|c: char| c.is_whitespace() || ".?!:;,—–-*_”\"’')]".contains(c));
    if kept.trim().is_empty() {
        return rest.trim_start().to_string();
    }
    format!("{kept}{rest}")
}

/// Words of a sentence's end that a truncated title may leave out.
const SHORT_REST: usize = 6;

/// Whether the rest of the sentence after a truncated title is a few words
/// (a hashtag or two aside), so that the title says it all.
fn rest_of_sentence_is_short(after: &str) -> bool {
    sentences(after)
        .first()
        .is_some_and(|s| s.split_whitespace().filter(|w| !w.starts_with('#')).count() <= SHORT_REST)
}

/// Whether `after` (what follows the title) closes its sentence at once.
fn starts_sentence_end(after: &str) -> bool {
    let t = after.trim_start_matches(['*', '_', '”', '"', '’', '\'', ')', ']']);
    t.starts_with(['.', '?', '!', ':', '—', '–']) || t.starts_with(" - ") || t.starts_with(" – ")
}

/// Text compared by meaning: NFKC, lowercase, every run of other than
/// letters and digits one space; with, for each byte of the result, the
/// byte offset in `text` just after the character it came from.
fn normalized(text: &str) -> (String, Vec<usize>) {
    let mut out = String::with_capacity(text.len());
    let mut ends = Vec::with_capacity(text.len());
    for (at, ch) in text.char_indices() {
        let end = at + ch.len_utf8();
        for folded in std::iter::once(ch).nfkc().flat_map(char::to_lowercase) {
            let folded = if folded.is_alphanumeric() {
                folded
            } else {
                ' '
            };
            if folded == ' ' && out.ends_with(' ') {
                continue;
            }
            out.push(folded);
            ends.extend(std::iter::repeat_n(end, folded.len_utf8()));
        }
    }
    (out, ends)
}

/// Whether a word is a t.co link (a tweet's attached media, or a link).
fn is_tco(word: &str) -> bool {
    word.starts_with("https://t.co/") || word.starts_with("http://t.co/")
}

/// Whether a word is a thread's part counter ("8/8").
fn is_counter(word: &str) -> bool {
    word.split_once('/').is_some_and(|(a, b)| {
        !a.is_empty() && !b.is_empty() && (a.bytes().chain(b.bytes())).all(|c| c.is_ascii_digit())
    })
}

/// A tweet's text without its attached media: the lines that are nothing
/// but t.co links (what a dump writes for a tweet's images; a part counter
/// such as "8/8" aside), returned in order. Such a line after a line that
/// ends in `:` ("An example from Shopify:") is the link it announces: it
/// joins that line.
pub(crate) fn take_media(text: &str) -> (String, Vec<String>) {
    let mut media = Vec::new();
    let mut kept: Vec<String> = Vec::new();
    for line in text.lines() {
        let words: Vec<&str> = line.split_whitespace().filter(|w| !is_counter(w)).collect();
        if words.is_empty() || !words.iter().all(|w| is_tco(w)) {
            kept.push(line.to_string());
            continue;
        }
        match kept.iter_mut().rev().find(|l| !l.trim().is_empty()) {
            Some(previous) if previous.trim_end().ends_with(':') => {
                previous.push(' ');
                previous.push_str(&words.join(" "));
            }
            _ => media.extend(words.iter().map(|w| w.to_string())),
        }
    }
    (kept.join("\n").trim().to_string(), media)
}

/// Words an excerpt aims for, and never goes over by a sentence's worth.
const EXCERPT_WORDS: (usize, usize) = (150, 250);
/// Sentences per paragraph of an excerpt.
const SENTENCES_PER_PARAGRAPH: usize = 3;
/// Words per paragraph when the text has no sentences to go by.
const WORDS_PER_PARAGRAPH: usize = 70;

/// Whether a text reads as caption text: long, and in paragraphs far longer
/// than a writer's.
pub(crate) fn is_caption_wall(text: &str) -> bool {
    let words = text.split_whitespace().count();
    words > EXCERPT_WORDS.1
        && text
            .split("\n\n")
            .any(|p| p.split_whitespace().count() > 2 * WORDS_PER_PARAGRAPH)
}

/// The opening of a long text in readable paragraphs of a few sentences,
/// about 150–250 words; text without punctuation is cut at a word, with `…`.
pub(crate) fn excerpt(text: &str) -> String {
    let joined = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut paragraphs: Vec<String> = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    let mut words = 0;
    for sentence in sentences(&joined) {
        let n = sentence.split_whitespace().count();
        if words >= EXCERPT_WORDS.0 || (words > 0 && words + n > EXCERPT_WORDS.1) {
            break;
        }
        if words + n > EXCERPT_WORDS.1 {
            // One endless sentence (captions without punctuation).
            let cut: Vec<&str> = sentence.split_whitespace().take(EXCERPT_WORDS.0).collect();
            for chunk in cut.chunks(WORDS_PER_PARAGRAPH) {
                paragraphs.push(chunk.join(" "));
            }
            if let Some(last) = paragraphs.last_mut() {
                last.push('…');
            }
            return paragraphs.join("\n\n");
        }
        words += n;
        current.push(sentence.trim_end());
        if current.len() == SENTENCES_PER_PARAGRAPH {
            paragraphs.push(current.join(" "));
            current.clear();
        }
    }
    if !current.is_empty() {
        paragraphs.push(current.join(" "));
    }
    paragraphs.join("\n\n")
}

/// A video link without the share tracker YouTube adds (`?si=…`).
pub(crate) fn video_link(url: &str) -> String {
    match url.split_once("?si=") {
        Some((base, _)) => base.to_string(),
        None => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calls_to_action_are_removed_from_transcripts_and_tweets() {
        let transcript = "Durability makes sure commits stick. If your like our videos, you might like our system design newsletter as well. It covers topics and trends in large-scale system design. Trusted by 500,000 readers. Subscribe at blog.bytebytego.com.";
        assert_eq!(
            without_calls_to_action(transcript),
            "Durability makes sure commits stick."
        );
        let tweet = "A cache keeps hot data close.\nSubscribe here:\nhttps://t.co/abc\nThanks for reading! Follow me at @alexxubyte to get more threads like this.";
        assert_eq!(
            without_calls_to_action(tweet),
            "A cache keeps hot data close."
        );
        let post = "If you'd like to learn more, check out our books and weekly newsletter. Please subscribe if you learned something new.\n\nWatch and subscribe here (YouTube video):\n\nhttps://youtu.be/x\n\nSubscribers to a topic get every event.";
        assert_eq!(
            without_calls_to_action(post),
            "Subscribers to a topic get every event."
        );
        let captions = "So keep it simple. If you like our videos, you may like our newsletter as well.\nIt cover topics and trends in system design. Subscribe at blog.bytebytego.com.\nNext, caching.";
        assert_eq!(
            without_calls_to_action(captions),
            "So keep it simple.\nNext, caching."
        );
        let words = "and the data goes to the server ".repeat(10);
        let unpunctuated = format!("{words}if you like our videos you may like our newsletter");
        assert_eq!(without_calls_to_action(&unpunctuated), words.trim_end());
        let code = "```\nsubscribe here\n```";
        assert_eq!(without_calls_to_action(code), code);
    }

    #[test]
    fn the_title_is_not_repeated_as_the_first_line() {
        assert_eq!(
            without_title("𝐇𝐨𝐰 𝐃𝐍𝐒 𝐰𝐨𝐫𝐤𝐬?\nIt resolves names.", "How DNS works"),
            "It resolves names."
        );
        assert_eq!(
            without_title(
                "# **How DNS Works**\n\nIt resolves names.",
                "How DNS works?"
            ),
            "It resolves names."
        );
        assert_eq!(
            without_title(
                "Why is it called “the best”? Because it pays.",
                "Why is it called “the best”?"
            ),
            "Because it pays."
        );
        assert_eq!(
            without_title(
                "Here is a diagram that explains how a stock exchange such as Nasdaq works: #dev\nStep 1: order.",
                "Here is a diagram that explains how a stock exchange such as…"
            ),
            "Step 1: order."
        );
        // A truncated title that leaves the sentence's point out: kept.
        let erasure = "A technique used in object storage such as S3 to improve durability is called Erasure Coding. Let's see.";
        assert_eq!(
            without_title(erasure, "A technique used in object storage such as…"),
            erasure
        );
        // The title's words opening a sentence of content: kept.
        let text = "Caching stores hot data in memory.";
        assert_eq!(without_title(text, "Caching"), text);
    }

    #[test]
    fn a_tweets_trailing_tco_links_are_its_media() {
        let (text, media) = take_media(
            "Step 1.\nhttps://t.co/a\nStep 2, see https://t.co/x.\nhttps://t.co/b https://t.co/c",
        );
        assert_eq!(text, "Step 1.\nStep 2, see https://t.co/x.");
        assert_eq!(
            media,
            ["https://t.co/a", "https://t.co/b", "https://t.co/c"]
        );
    }

    #[test]
    fn a_transcript_becomes_an_excerpt_in_paragraphs() {
        let sentence = "Atomicity means a transaction is an all or nothing deal for the data. ";
        let wall = sentence.repeat(60);
        assert!(is_caption_wall(&wall));
        let out = excerpt(&wall);
        let words = out.split_whitespace().count();
        assert!((150..=250).contains(&words), "{words} words");
        let paragraphs: Vec<&str> = out.split("\n\n").collect();
        assert!(paragraphs.len() >= 3, "{out}");
        assert!(paragraphs.iter().all(|p| sentences(p).len() <= 3), "{out}");
        // Captions without punctuation are cut at a word.
        let captions = "and then the data goes to the server ".repeat(80);
        let out = excerpt(&captions);
        assert!(out.ends_with('…'), "{out}");
        assert!(out.split_whitespace().count() <= 250);
        assert_eq!(
            video_link("https://youtu.be/AlkDbnbv7dk?si=ng-q1p3"),
            "https://youtu.be/AlkDbnbv7dk"
        );
    }

    #[test]
    fn an_opening_plug_that_hands_over_to_the_text_is_cut() {
        let text = "We just published a video on DNS.\nIf you prefer text, keep reading:\nhttps://t.co/a\n\nDNS maps names to addresses.";
        assert_eq!(
            without_calls_to_action(text),
            "DNS maps names to addresses."
        );
        let alone = "If you prefer text, keep reading:";
        assert_eq!(without_calls_to_action(alone), alone);
    }
}
