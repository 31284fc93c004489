//! Text normalised for comparison only (items keep their text for display):
//! compatibility decomposition as in NFKC (folds "math bold" letters to
//! plain ones) with accents dropped, lower case, links and
//! thread numbering gone, emoji and punctuation turned into word breaks,
//! call-to-action lines dropped. What comes out is a list of word hashes.

use std::hash::{Hash, Hasher};

use rustc_hash::FxHasher;
use unicode_normalization::char::{decompose_compatible, is_combining_mark};

use crate::ingest::text::is_call_to_action;

/// The hashed words of `text`, paragraph by paragraph (a blank line or the
/// `\n\n` between thread parts separates paragraphs).
pub fn paragraphs(text: &str) -> Vec<Vec<u64>> {
    let mut out = Vec::new();
    let mut word = WordBuffer::default();
    for paragraph in text.split("\n\n") {
        let mut words = Vec::new();
        for line in paragraph.lines() {
            if !is_call_to_action(line) {
                push_words(line, &mut word, &mut words);
            }
        }
        if !words.is_empty() {
            out.push(words);
        }
    }
    out
}

/// Appends the hashed, normalised words of one line.
fn push_words(line: &str, word: &mut WordBuffer, words: &mut Vec<u64>) {
    for token in line.split_whitespace() {
        if is_link(token) || is_thread_number(token) {
            continue;
        }
        // A link inside a token (Markdown's `[text](https://…)`) ends it.
        let token = match memchr::memmem::find(token.as_bytes(), b"://") {
            Some(at) => token[..at].trim_end_matches(|c: char| c.is_ascii_alphabetic()),
            None => token,
        };
        for ch in token.chars() {
            if ch.is_ascii() {
                word.push_ascii(ch as u8, words);
            } else {
                // Compatibility decomposition folds "math bold" and other
                // styled letters to plain ones; combining marks are dropped,
                // so accents do not split or change a word.
                decompose_compatible(ch, |part| {
                    if part.is_ascii() {
                        word.push_ascii(part as u8, words);
                    } else if part.is_alphanumeric() {
                        part.to_lowercase().for_each(|c| word.push_char(c));
                    } else if !is_combining_mark(part) {
                        word.end(words);
                    }
                });
            }
        }
        word.end(words);
    }
}

/// The word being read, lower-cased, hashed when it ends.
#[derive(Default)]
struct WordBuffer {
    bytes: Vec<u8>,
}

impl WordBuffer {
    fn push_ascii(&mut self, byte: u8, words: &mut Vec<u64>) {
        if byte.is_ascii_alphanumeric() {
            self.bytes.push(byte.to_ascii_lowercase());
        } else {
            self.end(words);
        }
    }

    fn push_char(&mut self, ch: char) {
        let mut utf8 = [0u8; 4];
        self.bytes
            .extend_from_slice(ch.encode_utf8(&mut utf8).as_bytes());
    }

    fn end(&mut self, words: &mut Vec<u64>) {
        if !self.bytes.is_empty() {
            words.push(hash_word(&self.bytes));
            self.bytes.clear();
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
        assert_eq!(
            words("What is a [Load Balancer](https://example.com/lb)?"),
            plain
        );
        assert_eq!(
            words("What is a Lo\u{0301}ad Balancer"),
            words("What is a Lóad Balancer")
        );
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
