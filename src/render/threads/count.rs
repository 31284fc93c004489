//! How each platform counts a post, exactly as the platform does.
//!
//! - X: twitter-text's weighted length with its v3 configuration (text NFC
//!   normalised; code points in the light ranges weigh 1, others 2; every
//!   emoji sequence 2; every URL 23, a bare domain such as `example.com`
//!   or `README.md` included), limit 280. The crate is vendored with fixes
//!   (vendor/twitter-text/PATCHES.md) and checked against the official
//!   library in tests/suite/threads/official.rs.
//! - Bluesky: grapheme clusters (limit 300) and UTF-8 bytes (limit 3000).
//! - Mastodon: grapheme clusters, every http(s) link counting 23 and
//!   `@user@domain` counting as `@user` (`mastodon`), limit 500 by
//!   default (an instance setting).
//! - LinkedIn: characters, one post of at most 3000.

use serde::{Deserialize, Serialize};
use unicode_segmentation::UnicodeSegmentation;

mod mastodon;

/// Where a thread is posted.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Platform {
    /// X (Twitter).
    X,
    /// Bluesky.
    Bluesky,
    /// Mastodon.
    Mastodon,
    /// LinkedIn (one post, not a thread).
    Linkedin,
}

impl Platform {
    /// Every platform.
    pub const ALL: [Platform; 4] = [
        Platform::X,
        Platform::Bluesky,
        Platform::Mastodon,
        Platform::Linkedin,
    ];

    /// The platform named `name` (its [`Platform::as_str`], in any case).
    pub fn from_name(name: &str) -> Option<Platform> {
        Platform::ALL
            .into_iter()
            .find(|p| p.as_str().eq_ignore_ascii_case(name))
    }

    /// The lower-case name used in file names and exports.
    pub fn as_str(self) -> &'static str {
        match self {
            Platform::X => "x",
            Platform::Bluesky => "bluesky",
            Platform::Mastodon => "mastodon",
            Platform::Linkedin => "linkedin",
        }
    }

    /// How many images one post may carry.
    pub fn max_images(self) -> usize {
        match self {
            Platform::X | Platform::Bluesky | Platform::Mastodon => 4,
            Platform::Linkedin => 9,
        }
    }
}

/// A platform's limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// The platform.
    pub platform: Platform,
    /// The most a post may weigh, as the platform counts.
    pub max: usize,
    /// A limit on UTF-8 bytes too (Bluesky).
    pub max_bytes: Option<usize>,
}

impl Limits {
    /// The limits of `platform`; `mastodon_limit` is the instance's.
    pub fn of(platform: Platform, mastodon_limit: usize) -> Limits {
        let (max, max_bytes) = match platform {
            Platform::X => (280, None),
            Platform::Bluesky => (300, Some(3000)),
            Platform::Mastodon => (mastodon_limit, None),
            Platform::Linkedin => (3000, None),
        };
        Limits {
            platform,
            max,
            max_bytes,
        }
    }

    /// The post's length as the platform counts it.
    pub fn length(&self, text: &str) -> usize {
        weighted_length(self.platform, text)
    }

    /// Whether the post may be posted as it is.
    pub fn fits(&self, text: &str) -> bool {
        self.fits_measure(self.measure(text))
    }

    /// A text's length and bytes, to add up (see [`Measure`]).
    pub fn measure(&self, text: &str) -> Measure {
        Measure {
            length: self.length(text),
            bytes: text.len(),
        }
    }

    /// Whether a measured text fits.
    pub fn fits_measure(&self, m: Measure) -> bool {
        m.length <= self.max && self.max_bytes.is_none_or(|b| m.bytes <= b)
    }
}

/// A text's length as a platform counts it, and its UTF-8 bytes. Lengths of
/// texts joined at white space add up (no URL, emoji sequence or
/// normalisation spans white space), which lets the splitter measure each
/// piece once instead of re-counting every candidate post.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Measure {
    /// The platform's count.
    pub length: usize,
    /// UTF-8 bytes.
    pub bytes: usize,
}

impl std::ops::Add for Measure {
    type Output = Measure;

    fn add(self, other: Measure) -> Measure {
        Measure {
            length: self.length + other.length,
            bytes: self.bytes + other.bytes,
        }
    }
}

/// A post's length as `platform` counts it.
pub fn weighted_length(platform: Platform, text: &str) -> usize {
    match platform {
        Platform::X => x_weighted_length(text, twitter_text_config::config_v3()),
        Platform::Bluesky => text.graphemes(true).count(),
        Platform::Mastodon => mastodon::length(text),
        Platform::Linkedin => text.chars().count(),
    }
}

/// twitter-text's weighted length under a configuration (v3 is X's).
///
/// The crate's fast parser (nom) panics on some "math bold" text (it slices
/// inside a character). Such a panic is caught, kept off the terminal, and
/// the text counted again with the crate's `External` backend, which passes
/// the same conformance suite but is many times slower; should that fail
/// too, the count is an upper bound (every code point weighing 2), so a post
/// is never judged shorter than it is.
pub fn x_weighted_length(text: &str, config: &twitter_text_config::Configuration) -> usize {
    use twitter_text::ParserBackend;
    for backend in [ParserBackend::Nom, ParserBackend::External] {
        let parsed =
            quietly(|| twitter_text::parse_with_parser_backend(text, config, true, backend));
        if let Some(parsed) = parsed {
            return usize::try_from(parsed.weighted_length).unwrap_or(0);
        }
    }
    2 * text.chars().count()
}

thread_local! {
    static QUIET: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs `f`, turning a panic into `None` without printing it.
fn quietly<T>(f: impl FnOnce() -> T + std::panic::UnwindSafe) -> Option<T> {
    static HOOK: std::sync::Once = std::sync::Once::new();
    HOOK.call_once(|| {
        let default = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !QUIET.with(std::cell::Cell::get) {
                default(info);
            }
        }));
    });
    QUIET.with(|q| q.set(true));
    let result = std::panic::catch_unwind(f).ok();
    QUIET.with(|q| q.set(false));
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn platforms_count_differently() {
        let text = "Caching 101 🚀 https://example.com/a/very/long/path/that/is/long";
        assert_eq!(weighted_length(Platform::X, text), 12 + 2 + 1 + 23);
        assert_eq!(weighted_length(Platform::Mastodon, text), 14 + 23);
        assert_eq!(
            weighted_length(Platform::Bluesky, text),
            text.chars().count()
        );
        assert_eq!(weighted_length(Platform::Bluesky, "👩‍👩‍👧"), 1);
        assert_eq!(weighted_length(Platform::X, "日本語"), 6);
        // The text that makes twitter-text's nom parser panic.
        let bold = "𝐈'𝐦 𝐚𝐯𝐚𝐢𝐥𝐚𝐛𝐥𝐞 𝐚𝐭 𝐌𝐚𝐬𝐭𝐨𝐝𝐨𝐧: 𝐧𝐨𝐜.𝐬𝐨𝐜𝐢𝐚𝐥/";
        assert_eq!(weighted_length(Platform::X, bold), 68);
    }

    /// Lengths given by the official library (npm `twitter-text` 3.1.0,
    /// `parseTweet`) that the crates.io twitter-text 0.3.1 got wrong.
    #[test]
    fn bare_domains_weigh_as_links_on_x() {
        let x = |text| weighted_length(Platform::X, text);
        assert_eq!(x("Sign up at ByteByteGo.com"), 11 + 23);
        assert_eq!(x("see google.com."), 4 + 23 + 1);
        assert_eq!(x("Subscribe at blog.bytebytego.com. 15/16"), 13 + 23 + 7);
        assert_eq!(x("README.md setup.py"), 23 + 1 + 23);
        assert_eq!(x("https://t.co/x «example.com»"), 23 + 2 + 23 + 1);
        assert_eq!(x("https://t.co/x “foo.com” — bar.io"), 23 + 2 + 23 + 4 + 23);
        assert_eq!(x("© 2024 ©\u{fe0f}"), 7 + 2);
    }
}
