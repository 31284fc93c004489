//! Text normalised for comparison only (items keep their text for display):
//! compatibility decomposition as in NFKC (folds "math bold" letters to
//! plain ones) with accents dropped, lower case, links and
//! thread numbering gone, emoji and punctuation turned into word breaks,
//! call-to-action lines dropped. What comes out is a list of word hashes.

use unicode_normalization::char::{decompose_compatible, is_combining_mark};

use crate::ingest::phrases::is_call_to_action;

/// The hashed words of `text`, paragraph by paragraph (a blank line or the
/// `\n\n` between thread parts separates paragraphs). Dedupe reuses a
/// [`Words`]; this one-off form is for the tests.
#[cfg(test)]
fn paragraphs(text: &str) -> Vec<Vec<u64>> {
    let mut words = Words::default();
    words.read(text);
    words.paragraphs().map(<[u64]>::to_vec).collect()
}

/// Hashed words of a text, kept flat with paragraph ends, reusable from one
/// text to the next without allocating again.
#[derive(Debug, Default)]
pub(crate) struct Words {
    hashes: Vec<u64>,
    ends: Vec<usize>,
}

impl Words {
    /// Replaces the contents with the words of `text`.
    pub(crate) fn read(&mut self, text: &str) {
        self.hashes.clear();
        self.ends.clear();
        for paragraph in text.split("\n\n") {
            for line in paragraph.lines() {
                if !is_call_to_action(line) {
                    push_words(line, &mut self.hashes);
                }
            }
            if self.ends.last().copied().unwrap_or(0) < self.hashes.len() {
                self.ends.push(self.hashes.len());
            }
        }
    }

    /// All the words, paragraphs one after the other.
    pub(crate) fn all(&self) -> &[u64] {
        &self.hashes
    }

    /// The words of each non-empty paragraph.
    pub(crate) fn paragraphs(&self) -> impl Iterator<Item = &[u64]> + '_ {
        let starts = std::iter::once(0).chain(self.ends.iter().copied());
        starts.zip(&self.ends).map(|(a, &b)| &self.hashes[a..b])
    }

    /// How many non-empty paragraphs there are.
    pub(crate) fn paragraph_count(&self) -> usize {
        self.ends.len()
    }
}

/// Appends the hashed, normalised words of one line.
fn push_words(line: &str, words: &mut Vec<u64>) {
    // ASCII white space is enough to find tokens: any other space is not a
    // letter or digit, so it still ends a word below.
    for token in line.split_ascii_whitespace() {
        let start = words.len();
        // One pass hashes a plain ASCII token and notes what would make it
        // special; the rare special tokens are then undone and redone.
        let mut word = WordHash::default();
        let (mut colon, mut slash, mut ascii) = (false, false, true);
        for &byte in token.as_bytes() {
            match byte {
                b':' => colon = true,
                b'/' => slash = true,
                0x80.. => {
                    ascii = false;
                    break;
                }
                _ => {}
            }
            word.push_ascii(byte, words);
        }
        word.end(words);
        if ascii && !colon && !slash {
            continue;
        }
        words.truncate(start);
        push_special_token(token, colon, slash, words);
    }
}

/// A token that may be a link, thread numbering, or hold non-ASCII text.
fn push_special_token(token: &str, colon: bool, slash: bool, words: &mut Vec<u64>) {
    if (slash && (is_link(token) || is_thread_number(token))) || (colon && is_link(token)) {
        return;
    }
    // A link inside a token (Markdown's `[text](https://…)`) ends it.
    let link_at = if colon { token.find("://") } else { None };
    let token = match link_at {
        Some(at) => token[..at].trim_end_matches(|c: char| c.is_ascii_alphabetic()),
        None => token,
    };
    let mut word = WordHash::default();
    for ch in token.chars() {
        push_char(ch, &mut word, words);
    }
    word.end(words);
}

/// One character of a non-ASCII token.
fn push_char(ch: char, word: &mut WordHash, words: &mut Vec<u64>) {
    if ch.is_ascii() {
        return word.push_ascii(ch as u8, words);
    }
    // Compatibility decomposition folds "math bold" and other styled letters
    // to plain ones; combining marks are dropped, so accents do not split or
    // change a word.
    decompose_compatible(ch, |part| {
        if part.is_ascii() {
            word.push_ascii(part as u8, words);
        } else if part.is_alphanumeric() {
            for lower in part.to_lowercase() {
                let mut utf8 = [0u8; 4];
                lower
                    .encode_utf8(&mut utf8)
                    .bytes()
                    .for_each(|b| word.push(b));
            }
        } else if !is_combining_mark(part) {
            word.end(words);
        }
    });
}

/// The hash of the word being read (lower-cased bytes), pushed when it ends.
/// Bytes are packed eight to a word and mixed once per eight: most words
/// are mixed once.
#[derive(Default)]
struct WordHash {
    hash: u64,
    pending: u64,
    len: u32,
}

impl WordHash {
    fn push(&mut self, byte: u8) {
        self.pending = (self.pending << 8) | u64::from(byte);
        self.len += 1;
        if self.len.is_multiple_of(8) {
            self.hash = mix(self.hash ^ self.pending);
            self.pending = 0;
        }
    }

    fn push_ascii(&mut self, byte: u8, words: &mut Vec<u64>) {
        if byte.is_ascii_alphanumeric() {
            self.push(byte.to_ascii_lowercase());
        } else {
            self.end(words);
        }
    }

    fn end(&mut self, words: &mut Vec<u64>) {
        if self.len > 0 {
            words.push(mix(self.hash ^ self.pending ^ (u64::from(self.len) << 56)));
            *self = WordHash::default();
        }
    }
}

/// A 64-bit finaliser (from MurmurHash3's fmix64): every input bit moves
/// every output bit.
fn mix(mut x: u64) -> u64 {
    x ^= x >> 33;
    x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
    x ^= x >> 33;
    x = x.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    x ^ (x >> 33)
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
