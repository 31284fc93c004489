//! One group of tweets → one [`ContentItem`]: the thread's text without its
//! numbering and calls to action, its links and hints, and its kind.

use std::cell::RefCell;
use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

use chrono::{DateTime, Utc};

use super::lines::Tweet;
use crate::ingest::model::{ContentItem, Hints, Kind};
use crate::ingest::phrases::{call_to_action_start, scan_phrases, Phrases};
use crate::ingest::text::{bare_links, decode_entities, over_to_you, segments};
use crate::ingest::thread_parts::split_marker;

/// One group of tweets (`members`, indices into `tweets`) → one item
/// (thread, tweet, reply or promo). `handles` are the dump's, by number.
pub(super) fn build_item(
    source: &Arc<Path>,
    handles: &[Arc<str>],
    members: &[u32],
    tweets: &[&Tweet<'_>],
) -> ContentItem {
    SCRATCH.with_borrow_mut(|scratch| {
        scratch.clear();
        scratch.parts.extend_from_slice(members);
        let part = |i: &u32| tweets[*i as usize];
        if scratch.parts.iter().all(|i| part(i).marker.is_some()) {
            scratch
                .parts
                .sort_by_key(|i| part(i).marker.map(|m| m.number));
        }
        let first = part(&scratch.parts[0]);
        let lines = scratch.parts.iter().map(|i| part(i).line);
        let lines = [
            lines.clone().min().unwrap_or(first.line),
            lines.max().unwrap_or(first.line),
        ];
        let id = itoa::Buffer::new().format(first.id).to_string();
        let mut item = ContentItem::new(id, Kind::Tweet, source.clone(), lines);
        item.author = handles.get(first.handle as usize).cloned();
        item.published = DateTime::<Utc>::from_timestamp(first.time, 0);
        if first.is_reply {
            item.kind = Kind::Reply;
            item.body = decode_entities(first.text).into_owned();
            item.links = bare_links(&item.body).map(str::to_string).collect();
            return item;
        }
        let parts = std::mem::take(&mut scratch.parts);
        fill_content(&mut item, parts.iter().map(part), scratch);
        scratch.parts = parts;
        item
    })
}

/// Fills in the body, links, hints, kind and part ids of a non-reply item
/// from its parts, in order.
fn fill_content<'t, 'a: 't>(
    item: &mut ContentItem,
    parts: impl Iterator<Item = &'t Tweet<'a>> + Clone,
    scratch: &mut Scratch,
) {
    let mut kept = 0;
    let count = parts.clone().count();
    if count > 1 {
        item.parts.reserve_exact(count);
    }
    for part in parts.clone() {
        let decoded = decode_entities(part.text);
        let phrases = scan_phrases(&decoded);
        scratch.promotes.push(phrases.promotion);
        // The parse loop already looked for a marker: only strip when it found one.
        let text = match part.marker {
            Some(_) => split_marker(&decoded).0,
            None => std::borrow::Cow::Borrowed(decoded.as_ref()),
        };
        let before = scratch.body.len();
        if before > 0 {
            scratch.body.push_str("\n\n");
        }
        let start = scratch.body.len();
        append_content_of_part(&text, phrases, &mut item.hints, scratch);
        if scratch.body.len() == start {
            scratch.body.truncate(before);
        } else {
            item.parts.push(part.id);
            kept += 1;
        }
    }
    // The body's links are those of its segments: they are joined with line
    // breaks, which end a link as the end of a segment does. One search of
    // the body rather than one per segment; its places kept so the list is
    // made at its exact size, as is the body.
    let body = &scratch.body;
    scratch.links.extend(bare_links(body).map(|link| {
        let offset = link.as_ptr() as usize - body.as_ptr() as usize;
        offset..offset + link.len()
    }));
    item.body = body.as_str().into();
    item.links = scratch
        .links
        .iter()
        .map(|r| body[r.clone()].into())
        .collect();
    if kept == 0 {
        // A tweet that is only an "Over to you" question is still content.
        if let Some(question) = &item.hints.over_to_you {
            item.body = question.clone();
            kept = 1;
        }
    }
    item.kind = classify(&scratch.promotes, kept, &item.body);
    if item.kind == Kind::Promo {
        // Not content: keep what was said, calls to action included.
        let texts: Vec<_> = parts
            .map(|p| decode_entities(split_marker(p.text).0.as_ref()).into_owned())
            .collect();
        item.body = texts.join("\n\n");
    }
    if item.kind != Kind::Thread {
        item.parts.clear();
    }
}

/// Tweet, thread or promo: nothing left after calls to action, a short single
/// tweet that talks promotion, or a thread whose parts mostly do (`promotes`
/// says, part by part, whether it does).
fn classify(promotes: &[bool], kept: usize, body: &str) -> Kind {
    let words = || {
        body.split_ascii_whitespace()
            .filter(|w| !w.starts_with("http"))
            .take(40)
            .count()
    };
    let promoting = promotes.iter().filter(|&&p| p).count();
    match kept {
        0 => Kind::Promo,
        1 if promoting > 0 && words() < 40 => Kind::Promo,
        1 => Kind::Tweet,
        n if promoting > n / 2 => Kind::Promo,
        _ => Kind::Thread,
    }
}

/// Appends the content of one part to `body`: its segments (a double space
/// stands for a line break in the dump) up to any call to action, one per
/// line, without the "Over to you" line, which goes into the hints. `phrases` (what [`scan_phrases`] found in
/// `text`) spares looking for a call to action or the question segment by
/// segment where there is none.
fn append_content_of_part(text: &str, phrases: Phrases, hints: &mut Hints, scratch: &mut Scratch) {
    let may_call_to_action = phrases.call_to_action;
    let may_ask = phrases.over_to_you;
    let start = scratch.body.len();
    let mut segments = segments(text);
    while let Some(mut segment) = segments.next() {
        let cta = may_call_to_action
            .then(|| call_to_action_start(segment))
            .flatten();
        if let Some(at) = cta {
            segment = segment[..at].trim_end();
        }
        if may_ask && hints.over_to_you.is_none() && is_over_to_you_label(segment) {
            // "Over to you:" alone: the question is in the segments after it.
            let rest: Vec<&str> = segments
                .by_ref()
                .take_while(|s| !may_call_to_action || call_to_action_start(s).is_none())
                .collect();
            hints.over_to_you = Some(rest.join(" ")).filter(|q| !q.is_empty());
            break;
        }
        match may_ask.then(|| over_to_you(segment)).flatten() {
            Some(question) if hints.over_to_you.is_none() => {
                hints.over_to_you = Some(question.to_string())
            }
            _ if segment.is_empty() => {}
            _ => {
                if scratch.body.len() > start {
                    scratch.body.push('\n');
                }
                scratch.body.push_str(segment);
            }
        }
        if cta.is_some() {
            break;
        }
    }
}

/// Buffers reused from item to item (a million items would otherwise mean
/// millions of short-lived allocations): the body and its links are built
/// here, then copied out at their exact size.
#[derive(Default)]
struct Scratch {
    /// The group's tweets (indices), in part order.
    parts: Vec<u32>,
    /// Whether each part talks promotion.
    promotes: Vec<bool>,
    body: String,
    /// Where the links are in `body`.
    links: Vec<Range<usize>>,
}

impl Scratch {
    fn clear(&mut self) {
        self.parts.clear();
        self.promotes.clear();
        self.body.clear();
        self.links.clear();
    }
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

/// "Over to you:" with nothing after it.
fn is_over_to_you_label(segment: &str) -> bool {
    let words = segment
        .trim_start_matches(|c: char| !c.is_alphabetic())
        .trim_end_matches([':', ' ']);
    words.eq_ignore_ascii_case("over to you")
}
