//! Video transcripts and study notes: entries one after another, each opening
//! on a short title line. An entry whose title is followed by a youtu.be link
//! is a video; the others are notes.
//!
//! Notes have no markup, so their titles are recognised by shape: a short
//! line (at most nine words) ending in `.` or `?`, mostly in Title Case (or a
//! "What/How/Why …" question not addressed to "we"/"you"), not introduced by a
//! line ending in `:` or `-`, and not one of three or more such lines in a row
//! (that is a list). The heuristic is documented in docs/content-formats.md; where it errs
//! it splits a long note at a sub-heading rather than merging two topics.

use std::path::Path;

use super::model::{ContentItem, Kind};
use super::text::{bare_links, slugify};
use super::Parsed;
use crate::diag::Diagnostic;

/// Whether `line` is nothing but a YouTube link.
pub(crate) fn is_video_link(line: &str) -> bool {
    let t = line.trim();
    !t.contains(char::is_whitespace)
        && [
            "https://youtu.be/",
            "https://www.youtube.com/watch",
            "https://youtube.com/watch",
            "http://youtu.be/",
        ]
        .iter()
        .any(|p| t.starts_with(p))
}

/// Whether the text is a transcripts/notes file: at least one YouTube link
/// on a line of its own, right after a title line.
pub(crate) fn sniff(text: &str) -> bool {
    let lines: Vec<&str> = text.lines().collect();
    lines
        .iter()
        .enumerate()
        .any(|(i, l)| i > 0 && is_video_link(l) && !lines[i - 1].trim().is_empty())
}

const STOPWORDS: &[&str] = &[
    "a", "an", "the", "of", "to", "in", "on", "for", "and", "or", "vs", "is", "are", "with", "by",
    "at", "from", "into", "as", "its",
];
const QUESTION_WORDS: &[&str] = &["What", "How", "Why", "Which", "When", "Where", "Who"];

/// Whether a single line has the shape of a note title (context aside).
fn title_shaped(line: &str) -> bool {
    let t = line.trim();
    let words: Vec<&str> = t.split_whitespace().collect();
    if t.len() < 2 || t.len() > 70 || words.is_empty() || words.len() > 9 {
        return false;
    }
    if !(t.ends_with('.') || t.ends_with('?'))
        || !t.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit())
    {
        return false;
    }
    if t.contains(['|', '=', '{', '}', ';', '/']) || t.contains(": ") || t.contains(" - ") {
        return false;
    }
    let bare = |w: &&str| w.trim_matches(|c: char| !c.is_alphanumeric()).to_string();
    let lower: Vec<String> = words.iter().map(|w| bare(w).to_lowercase()).collect();
    if lower
        .iter()
        .any(|w| matches!(w.as_str(), "we" | "you" | "i" | "our" | "your"))
    {
        return false;
    }
    if QUESTION_WORDS.contains(&words[0]) {
        return words.len() <= 7;
    }
    let significant: Vec<String> = words
        .iter()
        .map(bare)
        .filter(|w| !w.is_empty() && !STOPWORDS.contains(&w.to_lowercase().as_str()))
        .collect();
    let capitalised = significant
        .iter()
        .filter(|w| w.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit()))
        .count();
    !significant.is_empty() && capitalised * 5 >= significant.len() * 3
}

/// The 0-based indices of entry title lines, and whether each is a video.
fn entry_titles(lines: &[&str]) -> Vec<(usize, bool)> {
    let non_blank: Vec<usize> = (0..lines.len())
        .filter(|&i| !lines[i].trim().is_empty())
        .collect();
    let mut titles: Vec<(usize, bool)> = Vec::new();
    let mut candidate = vec![false; non_blank.len()];
    for (k, &i) in non_blank.iter().enumerate() {
        let next_is_link = non_blank
            .get(k + 1)
            .is_some_and(|&n| is_video_link(lines[n]));
        let prev = k.checked_sub(1).map(|p| lines[non_blank[p]].trim_end());
        let introduced = prev.is_some_and(|p| p.ends_with(':') || p.ends_with('-'));
        if next_is_link && !is_video_link(lines[i]) {
            titles.push((i, true));
        } else if title_shaped(lines[i]) && !introduced && !is_video_link(lines[i]) {
            candidate[k] = true;
        }
    }
    // Three or more short lines in a row are a list, not titles.
    let short = |i: usize| {
        let t = lines[i].trim();
        t.split_whitespace().count() <= 5 && (t.ends_with('.') || t.ends_with('?'))
    };
    let mut k = 0;
    while k < non_blank.len() {
        let run = non_blank[k..].iter().take_while(|&&i| short(i)).count();
        if run >= 3 {
            candidate[k..k + run].iter_mut().for_each(|c| *c = false);
        }
        k += run.max(1);
    }
    // A note title right after another one (nothing between) is a
    // sub-heading of the first.
    for k in 1..non_blank.len() {
        if candidate[k] && candidate[k - 1] {
            candidate[k] = false;
        }
    }
    titles.extend(
        (0..non_blank.len())
            .filter(|&k| candidate[k])
            .map(|k| (non_blank[k], false)),
    );
    titles.sort();
    titles.dedup_by_key(|t| t.0);
    titles
}

/// Parses a transcripts/notes file into video and note items.
pub(crate) fn parse(path: &Path, text: &str) -> Parsed {
    let lines: Vec<&str> = text.lines().collect();
    let mut titles = entry_titles(&lines);
    // A title-shaped first line directly followed by another title names the
    // whole collection: it is not an entry of its own.
    if titles.len() >= 2
        && !titles[0].1
        && lines[titles[0].0 + 1..titles[1].0]
            .iter()
            .all(|l| l.trim().is_empty())
    {
        titles.remove(0);
    }
    let stem = super::stem(path);
    let mut out = Parsed::default();
    for (n, &(start, is_video)) in titles.iter().enumerate() {
        let end = titles.get(n + 1).map_or(lines.len(), |t| t.0);
        let title = lines[start].trim().trim_end_matches('.').to_string();
        let id = super::unique_id(&out.items, format!("{stem}#{}", slugify(&title)));
        let mut body_lines = &lines[start + 1..end];
        let mut item = ContentItem::new(
            id,
            if is_video { Kind::Video } else { Kind::Note },
            path.into(),
            [0, 0],
        );
        if is_video {
            let link_at = body_lines
                .iter()
                .position(|l| is_video_link(l))
                .unwrap_or(0);
            item.url = Some(body_lines[link_at].trim().to_string());
            body_lines = &body_lines[link_at + 1..];
        }
        let last = end.max(start + 1);
        let trailing_blank = lines[start..end]
            .iter()
            .rev()
            .take_while(|l| l.trim().is_empty())
            .count();
        item.lines = [
            start as u32 + 1,
            (last - trailing_blank).max(start + 1) as u32,
        ];
        item.title = Some(title);
        item.body = paragraphs(body_lines);
        item.links = item
            .url
            .iter()
            .cloned()
            .chain(bare_links(&item.body).map(str::to_string))
            .collect();
        out.items.push(item);
    }
    if out.items.is_empty() {
        // Read as transcripts (it has youtu.be links) but no link has a
        // title line before it: say so rather than read nothing quietly.
        out.diagnostics.push(Diagnostic::warning(
            path,
            1,
            "no transcript entry found: each needs a title line followed by its youtu.be link; nothing read from this file".to_string(),
        ));
    }
    out
}

/// Lines joined as Markdown paragraphs (one line, one paragraph).
fn paragraphs(lines: &[&str]) -> String {
    lines
        .iter()
        .map(|l| l.trim())
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_shapes() {
        for title in [
            "Consistent Hashing.",
            "Why Kafka is fast?",
            "What is REST API.",
            "Proxy vs Reverse Proxy.",
            "Kubernetes.",
        ] {
            assert!(title_shaped(title), "{title}");
        }
        for line in [
            "Kafka with zero copy.",
            "Why do we do that?",
            "DAU - 100M.",
            "It takes 200 ns to MD5 hash a 64 bit number.",
            "Functional requirement.",
        ] {
            assert!(!title_shaped(line), "{line}");
        }
    }

    #[test]
    fn lists_are_not_titles() {
        let text = "What is OSI Model.\nThe model has seven layers that matter here.\nApplication Layer.\nPresentation Layer.\nSession Layer.\nThe end of it all is here.\n";
        let titles = entry_titles(&text.lines().collect::<Vec<_>>());
        assert_eq!(titles, vec![(0, false)]);
    }
}
