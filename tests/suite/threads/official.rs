//! X counts checked against the official twitter-text library (npm
//! `twitter-text` 3.x, `parseTweet(text).weightedLength`, run by
//! `tests/browser/weighted_length.mjs`): every case of the conformance files
//! `validate.yml` and `extract.yml`, thousands of generated texts, and the
//! seeds' X drafts.

use std::io::Write;
use std::process::{Command, Stdio};

use letterpress::render::threads::count::x_weighted_length;

use crate::common::root;

/// The official library's weighted length of each text.
pub fn official_lengths(texts: &[String]) -> Vec<usize> {
    let modules = root().join("tests/browser/node_modules/twitter-text");
    assert!(
        modules.is_dir(),
        "{} is missing: run `npm ci --prefix tests/browser` (bash .ci/run does)",
        modules.display()
    );
    let mut child = Command::new("node")
        .arg(root().join("tests/browser/weighted_length.mjs"))
        .current_dir(root())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("node runs (Node.js is needed for the official counter)");
    let input = serde_json::to_vec(texts).expect("JSON");
    let mut stdin = child.stdin.take().expect("stdin");
    let writer = std::thread::spawn(move || stdin.write_all(&input).expect("writes"));
    let out = child.wait_with_output().expect("node finishes");
    writer.join().expect("writer");
    assert!(out.status.success(), "weighted_length.mjs failed");
    let lengths: Vec<usize> = serde_json::from_slice(&out.stdout).expect("a JSON array");
    assert_eq!(lengths.len(), texts.len());
    lengths
}

/// The texts our X count gives a different length from the official
/// library's, as `(text, ours, official)`.
pub fn differences(texts: &[String]) -> Vec<(String, usize, usize)> {
    let config = twitter_text_config::config_v3();
    texts
        .iter()
        .zip(official_lengths(texts))
        .map(|(t, official)| (t.clone(), x_weighted_length(t, config), official))
        .filter(|(_, ours, official)| ours != official)
        .collect()
}

/// Fails listing the first differences, if any.
pub fn assert_no_differences(what: &str, texts: &[String]) {
    let diffs = differences(texts);
    let listed: Vec<String> = diffs
        .iter()
        .take(25)
        .map(|(t, ours, official)| format!("  ours {ours}, official {official}: {t:?}"))
        .collect();
    assert!(
        diffs.is_empty(),
        "{what}: {} of {} texts differ from the official count:\n{}",
        diffs.len(),
        texts.len(),
        listed.join("\n")
    );
}

/// Every text of every group of a conformance file.
fn conformance_texts(file: &str) -> Vec<String> {
    let path = root().join("tests/data/twitter-text").join(file);
    let text = std::fs::read_to_string(&path).expect("conformance file");
    let suite: serde_yaml::Value = serde_yaml::from_str(&text).expect("valid YAML");
    let groups = suite["tests"].as_mapping().expect("groups");
    let mut texts = Vec::new();
    for (_, cases) in groups {
        for case in cases.as_sequence().expect("cases") {
            texts.push(case["text"].as_str().expect("text").to_string());
        }
    }
    texts
}

/// The conformance texts the official library counts differently, and why.
/// All four are rare in a newsletter's drafts; the draft splitter stays
/// safe on the first three because the official count is the higher.
const CONFORMANCE_KNOWN: &[(&str, usize, usize)] = &[
    // The official library does not extract a URL with user info.
    ("http://user:PASSW0RD@example.com:8080/login.php", 23, 47),
    // A query may not end with `+` in the official library.
    (
        "http://example.com?foo=$bar.;baz?BAZ&c=d-#top/?stories+",
        23,
        24,
    ),
    // The official library takes `83.net/` out of a percent-encoded host.
    ("http://%e2%98%83.net/", 21, 37),
    // ✌🏿 then a stray U+FE0F: the official emoji table splits it otherwise.
    ("a ✌🏿\u{fe0f}#hashtag here", 21, 19),
];

#[test]
fn every_conformance_text_counts_as_the_official_library_counts() {
    let mut texts = conformance_texts("validate.yml");
    assert_eq!(texts.len(), 97, "every group of validate.yml");
    texts.extend(conformance_texts("extract.yml"));
    assert_eq!(texts.len(), 97 + 238, "and every group of extract.yml");
    let diffs = differences(&texts);
    let known: Vec<(String, usize, usize)> = CONFORMANCE_KNOWN
        .iter()
        .map(|&(t, ours, official)| (t.to_string(), ours, official))
        .collect();
    assert_eq!(diffs, known);
}

/// Each token of the generator alone and after a link, with every
/// punctuation before and after it.
#[test]
fn every_token_alone_and_after_a_link_counts_as_the_official_library_counts() {
    let mut texts = Vec::new();
    for core in [DOMAINS, FILES, LINKS, TAGS, EMOJI, WORDS].concat() {
        for before in BEFORE {
            for after in AFTER {
                texts.push(format!("x {before}{core}{after}"));
                texts.push(format!("https://t.co/x {before}{core}{after}"));
            }
        }
    }
    texts.sort();
    texts.dedup();
    assert!(texts.len() > 50_000, "{}", texts.len());
    assert_no_differences("tokens", &texts);
}

#[test]
fn generated_texts_count_as_the_official_library_counts() {
    assert_no_differences("generated texts", &generated_texts(10_000, 17));
}

/// Known gap: two tokens glued together without a space, where the first
/// is a link or domain ("example.com.”¿news.ycombinator.com",
/// "https://example.com!nytimes.com"). The official library matches one
/// regular expression across the pair; the crate's parser decides
/// differently in 7% of such pairs. Measured, so that it can only shrink.
#[test]
fn glued_tokens_differ_no_more_than_measured() {
    let cores = [DOMAINS, FILES, LINKS, TAGS, EMOJI].concat();
    let mut rng = Rng(5);
    let mut texts = Vec::new();
    for a in &cores {
        for b in &cores {
            texts.push(format!("{a}{}{}{b}", rng.pick(AFTER), rng.pick(BEFORE)));
        }
    }
    let diffs = differences(&texts);
    assert!(
        diffs.len() <= 550,
        "{} of {} glued pairs differ (550 measured)",
        diffs.len(),
        texts.len()
    );
}

/// The documented exception: emoji newer than the official library's table
/// (twemoji-parser 11.0.2, Emoji 11) are one emoji to the crate (2) and
/// code points to the official library (the crate's table, the `emojis`
/// crate, knows newer Unicode versions).
#[test]
fn emoji_newer_than_the_official_table_count_as_one_emoji() {
    let newer = ["🧑‍💻", "🫱🏽‍🫲🏻", "❤️‍🔥", "🧔‍♂️"];
    let texts: Vec<String> = newer.iter().map(|e| e.to_string()).collect();
    let config = twitter_text_config::config_v3();
    for (text, official) in texts.iter().zip(official_lengths(&texts)) {
        assert_eq!(x_weighted_length(text, config), 2, "{text}");
        assert!(official > 2, "{text}: {official}");
    }
}

/// A small deterministic generator (xorshift), so a failure reproduces.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const DOMAINS: &[&str] = &[
    "example.com",
    "ByteByteGo.com",
    "google.com",
    "www.example.org",
    "blog.bytebytego.com",
    "foo.co.jp",
    "bit.ly/abcde",
    "example.com/path/to/page",
    "github.com/rust-lang/rust",
    "docs.rs",
    "twitter.com",
    "news.ycombinator.com/item?id=1",
    "t.co",
    "nytimes.com",
    "aws.amazon.com",
    "localhost:8080",
    "192.168.0.1",
    "kubernetes.io",
    "martinfowler.com/articles",
    "café.fr",
    "example.c",
    "sub.example.co.uk",
    "ex-ample.net",
];

const FILES: &[&str] = &[
    "README.md",
    "setup.py",
    "main.rs",
    "index.js",
    "app.ts",
    "config.yaml",
    "Cargo.toml",
    "build.sh",
    "notes.txt",
    "model.ai",
    "style.css",
    "page.html",
    "data.json",
    "main.go",
    "install.sh",
    "CHANGELOG.md",
    "v1.2.3",
    "3.14",
    "e.g.",
    "i.e.",
    "U.S.",
    "Node.js",
    "ASP.NET",
];

const LINKS: &[&str] = &[
    "https://t.co/AbCdE12345",
    "http://t.co/xyz",
    "https://example.com",
    "https://blog.bytebytego.com/p/ep-1-how-does-https-work",
    "http://example.com/Русские_слова",
    "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
    "https://x.com/user/status/1234567890",
    "https://en.wikipedia.org/wiki/Rust_(programming_language)",
    "HTTPS://EXAMPLE.COM/A",
    "https://example.com/a,b",
    "ftp://example.com/file",
];

const EMOJI: &[&str] = &[
    "🚀",
    "🧵",
    "👇",
    "👩‍👩‍👧",
    "👍🏽",
    "🇫🇷",
    "❤️",
    "❤",
    "1️⃣",
    "#️⃣",
    "☺",
    "✅",
    "👨‍💻",
    "🏳️‍🌈",
    "🤯",
    "🙋🏽‍♀️",
    "©",
    "™",
];

const WORDS: &[&str] = &[
    "the",
    "cache",
    "is",
    "fast",
    "Kubernetes",
    "see",
    "read",
    "API",
    "café",
    "naïve",
    "日本語",
    "中文字",
    "한국어",
    "Ελληνικά",
    "русский",
    "עברית",
    "العربية",
    "हिन्दी",
    "𝐁𝐨𝐥𝐝",
    "𝐌𝐚𝐬𝐭𝐨𝐝𝐨𝐧",
    "𝑖𝑡𝑎𝑙𝑖𝑐",
    "ｆｕｌｌ",
    "…",
    "—",
    "–",
];

const TAGS: &[&str] = &[
    "@alex",
    "@alex_42",
    "@alex/list",
    "@alex@mastodon.social",
    "$AAPL",
    "$BTC",
    "$ABC.DE",
    "#rust",
    "#100DaysOfCode",
    "#日本",
    "@",
    "$",
    "#",
];

const BEFORE: &[&str] = &[
    "", "", "", "", "“", "«", "—", "(", "\"", "'", "[", "‘", "¿", "<", "*",
];
const AFTER: &[&str] = &[
    "", "", "", "", ".", ",", "!", "?", ":", ";", ")", "”", "»", "\"", "'", "…", "...", "!)", ".”",
    "’", "]", "—", ">", "*", "/",
];
const JOIN: &[&str] = &[" ", " ", " ", " ", "\n", "\n\n", ", ", " — ", " · "];

fn token(rng: &mut Rng) -> String {
    let core = match rng.below(10) {
        0..=1 => rng.pick(DOMAINS),
        2 => rng.pick(FILES),
        3..=4 => rng.pick(LINKS),
        5 => rng.pick(EMOJI),
        6 => rng.pick(TAGS),
        _ => rng.pick(WORDS),
    };
    format!("{}{core}{}", rng.pick(BEFORE), rng.pick(AFTER))
}

/// `n` texts of 1–16 tokens: bare domains, file names with real TLDs, links
/// (t.co among them), emoji sequences, CJK, math bold, mentions, cashtags,
/// hashtags, with punctuation before and after, joined by white space
/// (with or without punctuation); tokens glued without a space are
/// [`glued_tokens_differ_no_more_than_measured`]'s.
pub fn generated_texts(n: usize, seed: u64) -> Vec<String> {
    let mut rng = Rng(seed.max(1));
    (0..n)
        .map(|_| {
            let tokens = 1 + rng.below(16);
            let mut text = String::new();
            for i in 0..tokens {
                if i > 0 {
                    text.push_str(rng.pick(JOIN));
                }
                text.push_str(&token(&mut rng));
            }
            text
        })
        .collect()
}

/// The X count's speed on the generated texts, with the parser used
/// (nom, patched) and the crate's slower External backend; run with
/// `cargo test --release --test suite x_count_speed -- --ignored --nocapture`.
#[test]
#[ignore]
fn x_count_speed() {
    use twitter_text::ParserBackend;
    let texts = generated_texts(10_000, 17);
    let config = twitter_text_config::config_v3();
    let chars: usize = texts.iter().map(|t| t.chars().count()).sum();
    for backend in [ParserBackend::Nom, ParserBackend::External] {
        let start = std::time::Instant::now();
        let mut total = 0;
        for text in &texts {
            total += twitter_text::parse_with_parser_backend(text, config, true, backend)
                .weighted_length;
        }
        let took = start.elapsed();
        eprintln!(
            "{backend:?}: {} texts ({chars} chars) in {took:?}, {:.1} µs a text (total {total})",
            texts.len(),
            took.as_secs_f64() * 1e6 / texts.len() as f64
        );
    }
}
