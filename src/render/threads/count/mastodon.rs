//! Mastodon's count, as its `StatusLengthValidator` does it: every
//! `http://` or `https://` link it recognises (twitter-text's URL grammar
//! with the protocol required) is replaced by 23 characters, every
//! `@user@domain` by `@user`, and what is left is counted in grapheme
//! clusters. A bare domain is not a link to Mastodon and counts in full.

use twitter_text::extractor::{Extract, Extractor};
use twitter_text::ParserBackend;
use unicode_segmentation::UnicodeSegmentation;

/// What a link counts, whatever its length.
const URL_LENGTH: usize = 23;

/// A post's length as Mastodon counts it.
pub(super) fn length(text: &str) -> usize {
    let mut count = 0;
    let mut rest = text;
    for link in links(text) {
        // Links come in order; each is found after the one before.
        let Some(at) = rest.find(link.as_str()) else {
            continue;
        };
        count += countable_length(&rest[..at]) + URL_LENGTH;
        rest = &rest[at + link.len()..];
    }
    count + countable_length(rest)
}

/// The http(s) links in `text`, in order.
fn links(text: &str) -> Vec<String> {
    if !text.contains("://") {
        return Vec::new();
    }
    for backend in [ParserBackend::Nom, ParserBackend::External] {
        let found = super::quietly(|| {
            let mut extractor = Extractor::with_parser_backend(backend);
            extractor.set_extract_url_without_protocol(false);
            extractor
                .extract_urls_with_indices(text)
                .iter()
                .map(|e| e.get_value().to_string())
                .collect::<Vec<_>>()
        });
        if let Some(found) = found {
            return found;
        }
    }
    Vec::new()
}

/// Grapheme clusters of text without links, `@user@domain` counted as
/// `@user`.
fn countable_length(text: &str) -> usize {
    let mut count = 0;
    let mut start = 0;
    for (at, domain_len) in mention_domains(text) {
        count += text[start..at].graphemes(true).count();
        start = at + domain_len;
    }
    count + text[start..].graphemes(true).count()
}

/// Where the `@domain` of each `@user@domain` mention starts, and its
/// length in bytes — Mastodon's `Account::MENTION_RE`: an `@` not after a
/// word character, `=` or `/`; a user name of ASCII letters, digits and
/// `_`, with `.` and `-` inside; then `@` and a domain of word characters
/// joined by `.` or `-`.
fn mention_domains(text: &str) -> Vec<(usize, usize)> {
    let is_word = |c: char| c.is_alphanumeric() || c == '_';
    let is_user = |c: char| c.is_ascii_alphanumeric() || c == '_';
    let mut found = Vec::new();
    let mut prev: Option<char> = None;
    for (i, c) in text.char_indices() {
        let after_ok = prev.is_none_or(|p| !(is_word(p) || p == '=' || p == '/'));
        prev = Some(c);
        if c != '@' || !after_ok {
            continue;
        }
        let rest = &text[i + 1..];
        let run = rest
            .find(|c: char| !(is_user(c) || c == '.' || c == '-'))
            .unwrap_or(rest.len());
        let user = rest[..run].trim_end_matches(['.', '-']);
        if !user.starts_with(is_user) {
            continue;
        }
        let Some(domain) = rest[user.len()..].strip_prefix('@') else {
            continue;
        };
        let len = domain_length(domain, is_word);
        if len > 0 {
            found.push((i + 1 + user.len(), 1 + len));
        }
    }
    found
}

/// The length of `[[:word:]]+([.-]+[[:word:]]+)*` at the start of `s`.
fn domain_length(s: &str, is_word: impl Fn(char) -> bool) -> usize {
    let mut end = 0;
    let mut in_word = false;
    for (i, c) in s.char_indices() {
        if is_word(c) {
            in_word = true;
            end = i + c.len_utf8();
        } else if (c == '.' || c == '-') && in_word {
            continue;
        } else {
            break;
        }
    }
    end
}

#[cfg(test)]
mod tests {
    use super::length;

    #[test]
    fn mastodon_counts_links_mentions_and_graphemes() {
        assert_eq!(length("see https://example.com/a/very/long/path"), 4 + 23);
        assert_eq!(length("see example.com"), 15, "a bare domain is text");
        assert_eq!(length("ftp://example.com/file"), 22, "only http(s)");
        assert_eq!(length("hi @alex@mastodon.social!"), 3 + 5 + 1);
        assert_eq!(length("@alex@mastodon.social."), 5 + 1);
        assert_eq!(length("mail me@example.com"), 19, "an address");
        assert_eq!(length("@alex"), 5);
        assert_eq!(length("👩‍👩‍👧 🇫🇷 é"), 5, "grapheme clusters");
        assert_eq!(
            length("(https://a.com/x) and https://t.co/abc."),
            1 + 23 + 6 + 23 + 1
        );
        assert_eq!(
            length("https://a.example/x"),
            19,
            "no link without a real TLD"
        );
    }
}
