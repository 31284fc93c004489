//! One section as a thread, the shape of the creator's own threads: the
//! headline and first idea with the section's image, then the content a
//! few points a post, the question once, and a closing post linking to the
//! section in the web archive. A piece too long for [`WHOLE_MAX`] posts is
//! summarised — its list items and each paragraph's first sentence, as
//! many as fit [`SUMMARY_MAX`] posts — and closes with "read the full piece".

use serde::Serialize;

use super::points::{first_sentence, points, Points};
use super::{pieces, Context, Piece, Post, Thread, ThreadError, ThreadKind, ThreadSection};

/// The most posts a section is posted whole in (the creator's own threads:
/// median 7, 90 % at most 11, never more than 15).
pub(crate) const WHOLE_MAX: usize = 12;

/// The most posts of a summarised section.
pub(crate) const SUMMARY_MAX: usize = 10;

#[derive(Serialize)]
struct OpeningView<'a> {
    title: &'a str,
    first: &'a str,
}

#[derive(Serialize)]
struct QuestionView<'a> {
    question: &'a str,
}

#[derive(Serialize)]
struct ClosingView<'a> {
    link: &'a str,
    summarised: bool,
    more: Option<MoreView<'a>>,
    newsletter: &'a crate::render::view::NewsletterView,
}

#[derive(Serialize, Clone, Copy)]
struct MoreView<'a> {
    label: &'a str,
    url: &'a str,
}

/// The thread of one section.
pub(crate) fn section_thread(
    cx: &Context<'_>,
    section: &ThreadSection,
) -> Result<Thread, ThreadError> {
    let Points {
        points,
        mut notes,
        omitted,
    } = points(&section.body);
    let more = postable_more(section, &mut notes);
    let build = |body: &[String], summarised: bool| -> Result<Vec<Post>, ThreadError> {
        let groups = groups(cx, section, body, summarised, more)?;
        Ok(cx.split(&groups)?)
    };
    // Code or a table left out: the closing sends readers to the full piece.
    let mut posts = build(&points, omitted)?;
    if posts.len() > WHOLE_MAX {
        // A sentence too long for a post of its own is left out of a summary.
        let fits = |s: &str| cx.limits.length(s) + 12 <= cx.limits.max;
        let summary = summary(&points, fits);
        let fits = |k: usize| build(&summary[..k], true).map(|p| p.len() <= SUMMARY_MAX);
        let k = largest_fitting(summary.len(), fits)?;
        posts = build(&summary[..k], true)?;
    }
    Ok(Thread {
        kind: ThreadKind::Section,
        item_id: section.item_id.clone(),
        title: section.title.clone(),
        posts,
        notes,
    })
}

/// The section's `more` link when it can be posted (a video), else noted.
fn postable_more<'a>(section: &'a ThreadSection, notes: &mut Vec<String>) -> Option<MoreView<'a>> {
    let (label, url) = section.more.as_ref()?;
    if super::points::is_unpostable(url) {
        if !notes.contains(url) {
            notes.push(url.clone());
        }
        return None;
    }
    Some(MoreView { label, url })
}

/// The largest `k <= n` with `fits(k)` (`fits` holds for 0 and is
/// monotone), found in O(log n) tries.
fn largest_fitting(
    n: usize,
    fits: impl Fn(usize) -> Result<bool, ThreadError>,
) -> Result<usize, ThreadError> {
    let (mut lo, mut hi) = (0, n);
    while lo < hi {
        let mid = (lo + hi).div_ceil(2);
        if fits(mid)? {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    Ok(lo)
}

/// A long piece's key points. A piece with headings: one point per
/// heading ("Sizing the pool: The most common mistake is …"), so the summary
/// covers the whole piece rather than its start. Without: list items whole
/// and each paragraph's first sentence. Lines that are not sentences
/// (code, a query split over lines) are left out.
fn summary(points: &[String], fits: impl Fn(&str) -> bool) -> Vec<String> {
    let body = points.get(1..).unwrap_or_default();
    let mut out: Vec<String> = points.first().cloned().into_iter().collect();
    let key = |point: &String| -> Option<String> {
        let sentence = match super::points::is_item(point) {
            true => point.as_str(),
            false => first_sentence(point),
        };
        (is_sentence(sentence) && fits(sentence)).then(|| sentence.to_string())
    };
    if body.iter().filter(|p| is_heading(p)).count() >= 3 {
        let mut heading: Option<&str> = None;
        for point in body {
            if is_heading(point) {
                heading = Some(point);
                continue;
            }
            let Some(h) = heading else { continue };
            if let Some(sentence) = key(point)
                .map(|s| format!("{h}: {}", super::points::without_marker(&s)))
                .filter(|s| fits(s))
            {
                out.push(sentence);
                heading = None;
            }
        }
        return out;
    }
    out.extend(body.iter().filter_map(key));
    out
}

/// A heading turned into a line: short, one line, not ending as a sentence.
fn is_heading(text: &str) -> bool {
    text.chars().count() <= 80
        && !text.contains('\n')
        && !is_sentence(text)
        && !super::points::is_item(text)
}

/// Whether a text reads as a sentence: it ends as one.
fn is_sentence(text: &str) -> bool {
    text.trim_end()
        .ends_with(['.', '!', '?', ':', '…', '”', '"'])
}

/// Opening (title, first point, images), the body, the question, the closing.
fn groups(
    cx: &Context<'_>,
    section: &ThreadSection,
    body: &[String],
    summarised: bool,
    more: Option<MoreView<'_>>,
) -> Result<Vec<Vec<Piece>>, ThreadError> {
    let max = cx.limits.platform.max_images();
    let (first, rest) = match body.split_first() {
        Some((first, rest)) => (first.as_str(), rest),
        None => ("", &[][..]),
    };
    let opening = cx.templates.render(
        "threads/hook.hbs",
        &OpeningView {
            title: &section.title,
            first,
        },
    )?;
    let lead: Vec<String> = section.images.iter().take(max).cloned().collect();
    let mut groups = vec![pieces(&opening, &lead)];
    // Images past the opening post's go one a point, in order, as the
    // creator puts an image on most posts.
    let mut extra = section.images.iter().skip(max);
    let body_pieces: Vec<Piece> = rest
        .iter()
        .map(|p| Piece {
            text: p.clone(),
            images: extra.next().cloned().into_iter().collect(),
        })
        .collect();
    if !body_pieces.is_empty() {
        groups.push(body_pieces);
    }
    if !section.over_to_you.trim().is_empty() {
        let question = cx.templates.render(
            "threads/question.hbs",
            &QuestionView {
                question: &section.over_to_you,
            },
        )?;
        groups.push(pieces(&question, &[]));
    }
    let closing = cx.templates.render(
        "threads/closing.hbs",
        &ClosingView {
            link: &section.link,
            summarised,
            more,
            newsletter: &cx.newsletter,
        },
    )?;
    groups.push(pieces(&closing, &[]));
    Ok(groups)
}
