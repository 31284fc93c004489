//! Text normalised for comparison only (items keep their text for display):
//! NFKC (folds "math bold" letters to plain ones), lower case, links and
//! thread numbering gone, emoji and punctuation turned into word breaks,
//! call-to-action lines dropped. What comes out is a list of word hashes.

use std::hash::{Hash, Hasher};

use rustc_hash::FxHasher;
use unicode_normalization::UnicodeNormalization;

use crate::ingest::text::is_call_to_action;

/// The hashed words of `text`, paragraph by paragraph (a blank line or the
/// `\n\n` between thread parts separates paragraphs).
pub fn paragraphs(text: &str) -> Vec<Vec<u64>> {
    let mut out = Vec::new();
    for paragraph in text.split("\n\n") {
        let mut words = Vec::new();
        for line in paragraph.lines() {
            if !is_call_to_action(line) {
                push_words(line, &mut words);
            }
        }
        if !words.is_empty() {
            out.push(words);
        }
    }
    out
}

/// Appends the hashed, normalised words of one line.
fn push_words(line: &str, words: &mut Vec<u64>) {
    for token in line.split_whitespace() {
        if is_link(token) || is_thread_number(token) {
            continue;
        }
        if token.is_ascii() {
            push_ascii_words(token, words);
        } else {
            let folded: String = token.nfkc().flat_map(char::to_lowercase).collect();
            for word in folded.split(|c: char| !c.is_alphanumeric()) {
                if !word.is_empty() {
                    words.push(hash_word(word.as_bytes()));
                }
            }
        }
    }
}

/// The common case without an allocation: ASCII is its own NFKC.
fn push_ascii_words(token: &str, words: &mut Vec<u64>) {
    let mut buf = [0u8; 64];
    for word in token.split(|c: char| !c.is_ascii_alphanumeric()) {
        if word.is_empty() {
            continue;
        }
        if word.len() <= buf.len() {
            let lower = &mut buf[..word.len()];
            lower.copy_from_slice(word.as_bytes());
            lower.make_ascii_lowercase();
            words.push(hash_word(lower));
        } else {
            words.push(hash_word(word.to_ascii_lowercase().as_bytes()));
        }
    }
}

fn hash_word(word: &[u8]) -> u64 {
    let mut hasher = FxHasher::default();
    word.hash(&mut hasher);
    hasher.finish()
}

/// A URL, bare or shortened (`https://t.co/…`, `t.co/…`).
fn is_link(token: &str) -> bool {
    let token = token.trim_start_matches(['(', '[', '<', '"']);
    token.starts_with("http://") || token.starts_with("https://") || token.starts_with("t.co/")
}

/// Thread numbering left in a text: `/3`, `3/`, `3/8`, `(3/8)`.
fn is_thread_number(token: &str) -> bool {
    let token = token.trim_matches(['(', ')', '{', '}']);
    token.contains('/')
        && token.len() <= 7
        && token.bytes().all(|b| b.is_ascii_digit() || b == b'/')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<u64> {
        paragraphs(text).concat()
    }

    #[test]
    fn bold_case_emoji_links_and_numbering_do_not_count() {
        let plain = words("What is a Load Balancer? https://t.co/abc");
        assert_eq!(words("/1 🚀 What is a 𝐋𝐨𝐚𝐝 𝐁𝐚𝐥𝐚𝐧𝐜𝐞𝐫?"), plain);
        assert_eq!(words("WHAT IS A LOAD BALANCER  1/3"), plain);
        assert_ne!(words("What is a load distributor?"), plain);
    }

    #[test]
    fn calls_to_action_and_blank_lines() {
        let text = "First idea here.\n\nSecond idea.\nSubscribe to our weekly newsletter: x";
        let paragraphs = paragraphs(text);
        assert_eq!(paragraphs.len(), 2);
        assert_eq!(paragraphs[1], words("Second idea."));
    }
}
