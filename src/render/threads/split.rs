//! Splitting text into posts that each fit a platform: at paragraph
//! boundaries first, then sentences (Unicode sentence segmentation), then
//! words — never inside a word or a URL — with the `1/n` numbering counted,
//! and images kept with the post whose text introduced them.

use serde::{Deserialize, Serialize};
use unicode_segmentation::UnicodeSegmentation;

use super::count::{Limits, Measure};
use crate::ingest::text::is_url;

/// Where a post's `1/n` goes (a setting, so it lives in [`crate::settings`]).
pub use crate::settings::Numbering;

/// A paragraph and the images it introduces.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Piece {
    /// The paragraph's text.
    pub text: String,
    /// Image URLs it introduces.
    pub images: Vec<String>,
}

/// One post, ready to publish.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Post {
    /// The text, numbering included.
    pub text: String,
    /// Its length as the platform counts it.
    pub weighted_length: usize,
    /// Image URLs attached to it.
    pub images: Vec<String>,
}

/// Text that cannot be split to fit.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("`{word}` alone is longer than a {platform} post; shorten it or post it as a link preview")]
pub struct SplitError {
    /// The unsplittable word (a URL).
    pub word: String,
    /// The platform.
    pub platform: &'static str,
}

/// A unit of packing: text, how it joins the text before it, and images.
#[derive(Debug, Clone)]
struct Unit {
    text: String,
    measure: Measure,
    /// Joined with a blank line (a new paragraph) rather than a space.
    new_paragraph: bool,
    /// Must open a new post (a new group: hook, section, closing).
    new_post: bool,
    images: Vec<String>,
}

/// Splits groups of paragraphs into posts; each group starts a new post.
pub fn split(
    groups: &[Vec<Piece>],
    limits: &Limits,
    numbering: Numbering,
) -> Result<Vec<Post>, SplitError> {
    // Lengths are added up piece by piece (fast); if a finished post ever
    // counts longer than its parts did, everything is redone counting each
    // candidate post whole.
    let posts = split_with(groups, limits, numbering, false)?;
    if posts.iter().all(|p| limits.fits(&p.text)) {
        return Ok(posts);
    }
    split_with(groups, limits, numbering, true)
}

fn split_with(
    groups: &[Vec<Piece>],
    limits: &Limits,
    numbering: Numbering,
    exact: bool,
) -> Result<Vec<Post>, SplitError> {
    // The numbering's width depends on the number of posts: try one digit,
    // then as many as the count had, until the count fits the room kept.
    let mut digits = 1;
    while digits <= 6 {
        let reserve = match numbering {
            Numbering::Off => String::new(),
            _ => format!(" {}/{}", "9".repeat(digits), "9".repeat(digits)),
        };
        let units = units(groups, limits, &reserve)?;
        let texts = pack(&units, limits, &reserve, exact);
        let needed = texts.len().to_string().len();
        if numbering == Numbering::Off || needed <= digits {
            return Ok(finish(texts, limits, numbering));
        }
        digits = needed.max(digits + 1);
    }
    Ok(Vec::new())
}

/// The longest token (a run without white space) that is ever measured
/// whole, in bytes. None longer fits a post: X counts a URL as a link only
/// up to 4096 characters (twitter-text's `MAX_URL_LENGTH`), Bluesky takes
/// 3000 bytes, and anything else this long weighs more than any limit.
/// Longer tokens are cut between grapheme clusters without being measured
/// whole, as counting one token costs time quadratic in its length (the X
/// counter scans back to the token's start at every position).
pub const MAX_TOKEN_BYTES: usize = 4096;

/// Whether `text` holds a token longer than [`MAX_TOKEN_BYTES`].
fn has_long_token(text: &str) -> bool {
    text.split_whitespace().any(|w| w.len() > MAX_TOKEN_BYTES)
}

/// Paragraphs that fit whole, else their sentences, else word runs.
fn units(groups: &[Vec<Piece>], limits: &Limits, reserve: &str) -> Result<Vec<Unit>, SplitError> {
    let room = limits.measure(reserve);
    let fits = |m: Measure| limits.fits_measure(m + room);
    let mut out = Vec::new();
    for group in groups {
        let mut new_post = true;
        for piece in group
            .iter()
            .filter(|p| !p.text.trim().is_empty() || !p.images.is_empty())
        {
            let mut parts = parts(piece.text.trim(), &fits, limits)?;
            if parts.is_empty() {
                parts.push((String::new(), Measure::default()));
            }
            for (i, (part, measure)) in parts.into_iter().enumerate() {
                out.push(Unit {
                    text: part,
                    measure,
                    new_paragraph: i == 0,
                    new_post,
                    images: if i == 0 {
                        piece.images.clone()
                    } else {
                        Vec::new()
                    },
                });
                new_post = false;
            }
        }
    }
    Ok(out)
}

/// A paragraph whole if it fits, else its sentences, else word runs; a
/// text with a token too long to fit is never measured whole.
fn parts(
    text: &str,
    fits: &dyn Fn(Measure) -> bool,
    limits: &Limits,
) -> Result<Vec<(String, Measure)>, SplitError> {
    let measured = |t: &str| (!has_long_token(t)).then(|| limits.measure(t));
    if let Some(whole) = measured(text).filter(|&m| fits(m)) {
        return Ok(vec![(text.to_string(), whole)]);
    }
    let mut parts = Vec::new();
    for sentence in text
        .split_sentence_bounds()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        match measured(sentence).filter(|&m| fits(m)) {
            Some(m) => parts.push((sentence.to_string(), m)),
            None => parts.extend(word_runs(sentence, fits, limits)?),
        }
    }
    Ok(parts)
}

/// A sentence too long for one post, cut between words.
fn word_runs(
    sentence: &str,
    fits: &dyn Fn(Measure) -> bool,
    limits: &Limits,
) -> Result<Vec<(String, Measure)>, SplitError> {
    let space = limits.measure(" ");
    let mut runs = Vec::new();
    let mut current = String::new();
    let mut current_m = Measure::default();
    for word in sentence.split_whitespace() {
        let m = (word.len() <= MAX_TOKEN_BYTES).then(|| limits.measure(word));
        let joined = m.map(|m| {
            if current.is_empty() {
                m
            } else {
                current_m + space + m
            }
        });
        if let Some(joined) = joined.filter(|&j| fits(j)) {
            if !current.is_empty() {
                current.push(' ');
            }
            current.push_str(word);
            current_m = joined;
            continue;
        }
        if !current.is_empty() {
            runs.push((std::mem::take(&mut current), current_m));
        }
        current_m = Measure::default();
        match m.filter(|&m| fits(m)) {
            Some(m) => (current, current_m) = (word.to_string(), m),
            None if is_url(word) => {
                return Err(SplitError {
                    word: word.to_string(),
                    platform: limits.platform.as_str(),
                })
            }
            None => cut(word, fits, limits, &mut runs, &mut current, &mut current_m),
        }
    }
    if !current.is_empty() {
        runs.push((current, current_m));
    }
    Ok(runs)
}

/// A "word" longer than a post (no spaces at all), cut between grapheme
/// clusters, the last resort: full runs go to `runs`, the rest stays in
/// `current`. Each cluster is measured once, so the time is linear.
fn cut(
    word: &str,
    fits: &dyn Fn(Measure) -> bool,
    limits: &Limits,
    runs: &mut Vec<(String, Measure)>,
    current: &mut String,
    current_m: &mut Measure,
) {
    // One printable ASCII character counts 1 on every platform.
    let one = Measure {
        length: 1,
        bytes: 1,
    };
    for grapheme in word.graphemes(true) {
        let g = match grapheme.as_bytes() {
            [b] if b.is_ascii_graphic() => one,
            _ => limits.measure(grapheme),
        };
        if !fits(*current_m + g) && !current.is_empty() {
            runs.push((std::mem::take(current), *current_m));
            *current_m = Measure::default();
        }
        current.push_str(grapheme);
        *current_m = *current_m + g;
    }
}

/// Greedy packing: as many units per post as fit. Lengths are added up,
/// or with `exact` each candidate post is counted whole.
fn pack(units: &[Unit], limits: &Limits, reserve: &str, exact: bool) -> Vec<(String, Vec<String>)> {
    let room = limits.measure(reserve);
    let (blank_line, space) = (limits.measure("\n\n"), limits.measure(" "));
    let mut posts: Vec<(String, Vec<String>, Measure)> = Vec::new();
    for unit in units {
        if let Some((text, images, measure)) = posts.last_mut().filter(|_| !unit.new_post) {
            let (joined, joined_m) = match (text.is_empty(), unit.new_paragraph) {
                (true, _) => (unit.text.clone(), unit.measure),
                (false, true) => (
                    format!("{text}\n\n{}", unit.text),
                    *measure + blank_line + unit.measure,
                ),
                (false, false) => (
                    format!("{text} {}", unit.text),
                    *measure + space + unit.measure,
                ),
            };
            let joined_m = if exact {
                limits.measure(&joined)
            } else {
                joined_m
            };
            // A post's first images may overflow (the rest are moved to
            // posts of their own below); later ones must fit.
            let room_for_images = images.is_empty()
                || images.len() + unit.images.len() <= limits.platform.max_images();
            if limits.fits_measure(joined_m + room) && room_for_images {
                *text = joined;
                *measure = joined_m;
                images.extend(unit.images.iter().cloned());
                continue;
            }
        }
        posts.push((unit.text.clone(), unit.images.clone(), unit.measure));
    }
    let posts: Vec<(String, Vec<String>)> = posts.into_iter().map(|(t, i, _)| (t, i)).collect();
    // A paragraph that introduced more images than a post takes: the rest
    // follow in posts of their own, right after it.
    let max = limits.platform.max_images();
    let mut out = Vec::with_capacity(posts.len());
    for (text, images) in posts {
        let mut chunks = images.chunks(max.max(1));
        out.push((
            text,
            chunks.next().map(<[String]>::to_vec).unwrap_or_default(),
        ));
        out.extend(chunks.map(|c| (String::new(), c.to_vec())));
    }
    out
}

/// Adds the numbering and counts each post.
fn finish(texts: Vec<(String, Vec<String>)>, limits: &Limits, numbering: Numbering) -> Vec<Post> {
    let n = texts.len();
    texts
        .into_iter()
        .enumerate()
        .map(|(i, (text, images))| {
            let mark = format!("{}/{n}", i + 1);
            let text = match numbering {
                Numbering::Off => text,
                Numbering::Prefix => format!("{mark} {text}").trim_end().to_string(),
                Numbering::Suffix => format!("{text} {mark}").trim_start().to_string(),
            };
            Post {
                weighted_length: limits.length(&text),
                text,
                images,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::count::{Limits, Platform};
    use super::*;

    fn piece(text: &str) -> Piece {
        Piece {
            text: text.into(),
            images: Vec::new(),
        }
    }

    #[test]
    fn paragraphs_then_sentences_then_words() {
        let limits = Limits::of(Platform::X, 500);
        let long_sentence = "Word ".repeat(120);
        let text = format!("First paragraph.\n\nA second one. {long_sentence}");
        let groups = vec![text.split("\n\n").map(piece).collect::<Vec<_>>()];
        let posts = split(&groups, &limits, Numbering::Suffix).expect("splits");
        assert!(posts.len() >= 3);
        for post in &posts {
            assert!(post.weighted_length <= 280, "{post:?}");
        }
        assert!(
            posts[0].text.ends_with(&format!(" 1/{}", posts.len())),
            "{posts:#?}"
        );
        assert!(posts[0]
            .text
            .starts_with("First paragraph.\n\nA second one."));
    }

    #[test]
    fn images_stay_with_their_paragraph_four_at_most() {
        let limits = Limits::of(Platform::Bluesky, 500);
        let with_images = Piece {
            text: "Look at these.".into(),
            images: (0..6)
                .map(|i| format!("https://img.example/{i}.png"))
                .collect(),
        };
        let groups = vec![vec![piece("Intro."), with_images, piece("After.")]];
        let posts = split(&groups, &limits, Numbering::Off).expect("splits");
        assert_eq!(posts[0].images.len(), 4);
        assert!(posts[0].text.contains("Look at these."));
        assert_eq!(posts.iter().map(|p| p.images.len()).sum::<usize>(), 6);
        assert!(posts.iter().all(|p| p.images.len() <= 4));
    }

    #[test]
    fn a_url_too_long_for_a_post_is_an_error() {
        let limits = Limits::of(Platform::Bluesky, 500);
        let url = format!("https://example.com/{}", "a".repeat(400));
        let err = split(&[vec![piece(&url)]], &limits, Numbering::Off).expect_err("too long");
        assert_eq!(err.platform, "bluesky");
    }
}
