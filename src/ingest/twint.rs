//! The twint text dump: `<id> <date> <time> <offset> <handle> <text>` per line,
//! newest first, with the scraper's chatter at the end.
//!
//! Lines are parsed into borrowed [`Tweet`]s, put in time order, grouped into
//! threads (see [`group_threads`]) and each group becomes one [`ContentItem`]
//! (built in parallel: this is the hot path for million-tweet dumps).

use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};
use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::model::{ContentItem, Kind};
use super::text::{
    bare_links, call_to_action_start, decode_entities, over_to_you, scan_phrases, segments,
};
use super::thread_parts::{split_marker, Marker};
use super::{IngestError, Options, Parsed};
use crate::diag::Diagnostic;

/// One line of the dump, borrowed from the file's bytes.
#[derive(Debug, Clone, Copy)]
pub struct Tweet<'a> {
    /// The tweet id (a snowflake, so it also orders tweets in time).
    pub id: u64,
    /// 1-based line in the file.
    pub line: u32,
    /// Seconds since the Unix epoch, UTC.
    pub time: i64,
    /// The handle without angle brackets.
    pub handle: &'a str,
    /// The raw text (entities not yet decoded).
    pub text: &'a str,
    /// The thread numbering found on the text, if any.
    pub marker: Option<Marker>,
}

/// Longest pause between numbered parts of one thread.
const NUMBERED_GAP_SECS: i64 = 600;
/// Longest pause between unnumbered tweets that still read as one thread.
const UNNUMBERED_GAP_SECS: i64 = 30;

/// Whether `bytes` looks like a twint dump: most of its first lines parse.
pub fn sniff(bytes: &[u8]) -> bool {
    let lines = bytes
        .split(|&b| b == b'\n')
        .filter(|l| !l.iter().all(u8::is_ascii_whitespace))
        .take(10);
    let (mut total, mut good) = (0, 0);
    for line in lines {
        total += 1;
        if std::str::from_utf8(line)
            .ok()
            .and_then(|l| parse_line(l, 0))
            .is_some()
        {
            good += 1;
        }
    }
    good > 0 && good * 2 >= total
}

/// Parses one line; `None` when it does not have the dump's shape.
pub fn parse_line(line: &str, number: u32) -> Option<Tweet<'_>> {
    let line = line.strip_suffix('\r').unwrap_or(line);
    let (id, rest) = line.split_once(' ')?;
    if id.is_empty() || id.len() > 20 || !id.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (time, rest) = fixed_width_time(rest).or_else(|| {
        let (date, rest) = rest.split_once(' ')?;
        let (clock, rest) = rest.split_once(' ')?;
        let (offset, rest) = rest.split_once(' ')?;
        Some((parse_time(date, clock, offset)?, rest))
    })?;
    let rest = rest.strip_prefix('<')?;
    let (handle, text) = rest.split_once('>')?;
    Some(Tweet {
        id: id.parse().ok()?,
        line: number,
        time,
        handle,
        text: text.strip_prefix(' ').unwrap_or(text),
        marker: None,
    })
}

/// The common case, `2023-02-14 16:05:09 +0000 `, read at fixed places
/// (three million lines a second matter here); `None` sends the line to the
/// general parser.
fn fixed_width_time(rest: &str) -> Option<(i64, &str)> {
    let head = rest.as_bytes().get(..26)?;
    if head[25] != b' ' {
        return None;
    }
    Some((super::timestamp::fixed_width(&head[..25])?, &rest[26..]))
}

fn parse_time(date: &str, clock: &str, offset: &str) -> Option<i64> {
    let num = |s: &str| -> Option<u32> {
        s.bytes()
            .all(|b| b.is_ascii_digit())
            .then(|| s.parse().ok())
            .flatten()
    };
    let mut d = date.splitn(3, '-');
    let day = NaiveDate::from_ymd_opt(num(d.next()?)? as i32, num(d.next()?)?, num(d.next()?)?)?;
    let mut c = clock.splitn(3, ':');
    let at = day.and_hms_opt(num(c.next()?)?, num(c.next()?)?, num(c.next()?)?)?;
    let (sign, hhmm) = match offset.as_bytes().first()? {
        b'+' => (1, &offset[1..]),
        b'-' => (-1, &offset[1..]),
        _ => return None,
    };
    if hhmm.len() != 4 {
        return None;
    }
    let mins = num(&hhmm[..2])? as i64 * 60 + num(&hhmm[2..])? as i64;
    Some(at.and_utc().timestamp() - sign * mins * 60)
}

/// Lines the scraper prints after the tweets: noise, not errors.
fn is_scraper_chatter(line: &str) -> bool {
    line.starts_with("[!]")
        || (line.starts_with("found ") && line.contains("deleted tweets"))
        || line.starts_with("['twitter']")
}

/// What parsing one stretch of a dump gives; line numbers count from the
/// stretch's first line (1-based).
#[derive(Default)]
struct Stretch<'a> {
    tweets: Vec<Tweet<'a>>,
    noise: Vec<(u32, &'a str)>,
    problems: Vec<(u32, String)>,
    lines: u32,
}

/// Groups built per batch: small enough to hand back the file pages behind
/// each batch early, large enough to keep every core busy.
const BATCH: usize = 1 << 16;

/// Parses a whole dump into items. `release` is told which byte ranges of
/// `bytes` will not be read again (see [`crate::fsutil::FileBytes::release`]).
pub fn parse(
    path: &Path,
    bytes: &[u8],
    opts: &Options,
    release: &(dyn Fn(Range<usize>) + Sync),
) -> Result<Parsed, IngestError> {
    let mut stretches: Vec<Stretch<'_>> = split_at_lines(bytes, rayon::current_num_threads() * 8)
        .into_par_iter()
        .map(parse_stretch)
        .collect();
    number_lines_in_file(&mut stretches);
    let source: Arc<Path> = path.into();
    let mut out = Parsed::default();
    for stretch in &mut stretches {
        for (line, problem) in std::mem::take(&mut stretch.problems) {
            let diag = Diagnostic::warning(path, line, format!("{problem}; line skipped"));
            if opts.strict {
                return Err(IngestError::Strict(diag));
            }
            out.diagnostics.push(diag);
        }
        for (number, text) in std::mem::take(&mut stretch.noise) {
            let id = format!("{}#noise-{number}", super::stem(path));
            let mut item = ContentItem::new(id, Kind::Noise, source.clone(), [number, number]);
            item.body = text.trim_end().to_string();
            out.items.push(item);
        }
    }
    // The tweets stay where they were parsed: time order is a list of
    // references (8 bytes a tweet rather than a copy of each).
    let mut tweets: Vec<&Tweet<'_>> = Vec::with_capacity(stretches.iter().map(|s| s.tweets.len()).sum());
    tweets.extend(stretches.iter().flat_map(|s| &s.tweets));
    let newest_first = put_in_time_order(&mut tweets);
    let groups = group_threads(&tweets);
    out.items.reserve(groups.len());
    for batch in (0..groups.len()).step_by(BATCH) {
        let end = (batch + BATCH).min(groups.len());
        out.items.par_extend(
            (batch..end)
                .into_par_iter()
                .map(|g| build_item(&source, &groups, &tweets, g)),
        );
        // Tweets still to come are at or after the next group's first tweet;
        // in a newest-first dump they all lie before it in the file.
        if let (true, Some(&next)) = (newest_first, groups.members(end).first()) {
            let text = tweets[next as usize].text;
            release(text.as_ptr() as usize - bytes.as_ptr() as usize + text.len()..bytes.len());
        }
    }
    Ok(out)
}

/// Splits `bytes` into about `count` stretches that end at line ends.
fn split_at_lines(bytes: &[u8], count: usize) -> Vec<&[u8]> {
    let size = bytes.len().div_ceil(count.max(1)).max(1 << 16);
    let mut stretches = Vec::with_capacity(count);
    let mut rest = bytes;
    while !rest.is_empty() {
        let cut = match rest
            .get(size..)
            .and_then(|tail| memchr::memchr(b'\n', tail))
        {
            Some(at) => size + at + 1,
            None => rest.len(),
        };
        let (stretch, tail) = rest.split_at(cut);
        stretches.push(stretch);
        rest = tail;
    }
    stretches
}

/// Turns the stretch-relative line numbers of tweets, noise and problems
/// into the file's (the tweets in parallel: there are millions).
fn number_lines_in_file(stretches: &mut [Stretch<'_>]) {
    let mut lines_before = 0;
    let firsts: Vec<u32> = stretches
        .iter()
        .map(|s| {
            let first = lines_before;
            lines_before += s.lines;
            first
        })
        .collect();
    stretches
        .par_iter_mut()
        .zip(firsts)
        .for_each(|(stretch, before)| {
            stretch.tweets.iter_mut().for_each(|t| t.line += before);
            stretch.noise.iter_mut().for_each(|(line, _)| *line += before);
            stretch.problems.iter_mut().for_each(|(line, _)| *line += before);
        });
}

/// Parses the lines of one stretch.
fn parse_stretch(bytes: &[u8]) -> Stretch<'_> {
    // One SIMD check of the whole stretch; lines are only checked one by one
    // (to name the bad one) when it fails.
    match simdutf8::basic::from_utf8(bytes) {
        Ok(text) => parse_lines(bytes.len(), line_ranges(bytes).map(|r| Ok(&text[r]))),
        Err(_) => parse_lines(
            bytes.len(),
            line_ranges(bytes)
                .map(|r| std::str::from_utf8(&bytes[r]).map_err(|e| e.valid_up_to() + 1)),
        ),
    }
}

/// Shortest dump line: a 19-digit id, date, time, offset, `<x>`, a character.
const SHORTEST_LINE: usize = 19 + 26 + 4 + 1;

/// Parses the lines of `size` bytes, each line the text or the column of its
/// first bad byte.
fn parse_lines<'a>(size: usize, lines: impl Iterator<Item = Result<&'a str, usize>>) -> Stretch<'a> {
    // Room for every line up front: growing by doubling would copy the
    // tweets several times. Pages never written are never taken from the OS.
    let mut out = Stretch {
        tweets: Vec::with_capacity(size / SHORTEST_LINE + 1),
        ..Stretch::default()
    };
    for (index, line) in lines.enumerate() {
        let number = index as u32 + 1;
        out.lines = number;
        let problem = match line {
            Ok(line) if line.trim().is_empty() => continue,
            Err(column) => format!("not valid UTF-8 (byte {column}); re-save the file as UTF-8"),
            Ok(line) if is_scraper_chatter(line) => {
                out.noise.push((number, line));
                continue;
            }
            Ok(line) => match parse_line(line, number) {
                Some(mut tweet) => {
                    tweet.marker = split_marker(tweet.text).1;
                    out.tweets.push(tweet);
                    continue;
                }
                None => "not a tweet line; expected `<id> <YYYY-MM-DD> <HH:MM:SS> <+HHMM> <handle> <text>`".to_string(),
            },
        };
        out.problems.push((number, problem));
    }
    out
}

/// The byte ranges of the lines of `bytes` (without their `\n`).
fn line_ranges(bytes: &[u8]) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut start = 0;
    let ends =
        memchr::memchr_iter(b'\n', bytes).chain((!bytes.ends_with(b"\n")).then_some(bytes.len()));
    ends.map(move |end| {
        let line = start..end;
        start = end + 1;
        line
    })
}

/// Dumps are newest first: reversed. Anything else is sorted by id (which is
/// time). Says whether the dump was newest first.
fn put_in_time_order(tweets: &mut [&Tweet<'_>]) -> bool {
    let newest_first = tweets.windows(2).all(|w| w[0].id >= w[1].id);
    if newest_first {
        tweets.reverse();
    } else {
        tweets.sort_by_key(|t| t.id);
    }
    newest_first
}

/// Threads as runs of indices into the tweets: group `g` is
/// `members[starts[g]..starts[g + 1]]`, its tweets in time order. Flat, so a
/// million groups cost two vectors rather than a million.
pub struct Groups {
    members: Vec<u32>,
    starts: Vec<u32>,
    /// Each group's author, one shared string per handle.
    authors: Vec<Arc<str>>,
}

impl Groups {
    /// The number of groups.
    pub fn len(&self) -> usize {
        self.starts.len() - 1
    }

    /// Whether there are no groups.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The author of group `g`.
    pub fn author(&self, g: usize) -> Option<&Arc<str>> {
        self.authors.get(g)
    }

    /// The tweet indices of group `g` (empty past the last group).
    pub fn members(&self, g: usize) -> &[u32] {
        match (self.starts.get(g), self.starts.get(g + 1)) {
            (Some(&a), Some(&b)) => &self.members[a as usize..b as usize],
            _ => &[],
        }
    }
}

/// Groups tweets (in time order) into threads: a numbered part after the first
/// joins the same handle's open thread within ten minutes; an unnumbered tweet
/// joins it within thirty seconds (rapid-fire threads without numbers). A part
/// numbered 1 and any reply start afresh. Groups are numbered in the order
/// their first tweets were posted.
pub fn group_threads(tweets: &[&Tweet<'_>]) -> Groups {
    /// What is known of one handle while walking the tweets.
    struct Handle {
        name: Arc<str>,
        open: Option<u32>,
    }
    let mut group_of: Vec<u32> = Vec::with_capacity(tweets.len());
    let mut last_of: Vec<u32> = Vec::with_capacity(tweets.len() / 2);
    let mut authors: Vec<Arc<str>> = Vec::with_capacity(tweets.len() / 2);
    let mut handles: FxHashMap<&str, Handle> = FxHashMap::default();
    for (index, tweet) in tweets.iter().enumerate() {
        let is_reply = tweet.text.starts_with('@');
        let handle = handles.entry(tweet.handle).or_insert_with(|| Handle {
            name: tweet.handle.into(),
            open: None,
        });
        let joins = handle.open.filter(|&g| {
            let last = &tweets[last_of[g as usize] as usize];
            let gap = tweet.time - last.time;
            !is_reply
                && match tweet.marker.map(|m| m.number) {
                    Some(1) => false,
                    Some(n) => gap <= NUMBERED_GAP_SECS && last.marker.is_none_or(|m| m.number < n),
                    None => gap <= UNNUMBERED_GAP_SECS,
                }
        });
        let group = joins.unwrap_or_else(|| {
            let group = last_of.len() as u32;
            last_of.push(index as u32);
            authors.push(handle.name.clone());
            if !is_reply {
                handle.open = Some(group);
            }
            group
        });
        last_of[group as usize] = index as u32;
        group_of.push(group);
    }
    // A counting sort by group keeps each group's tweets in time order.
    let mut starts = vec![0u32; last_of.len() + 1];
    for &g in &group_of {
        starts[g as usize + 1] += 1;
    }
    for g in 1..starts.len() {
        starts[g] += starts[g - 1];
    }
    let mut next = starts.clone();
    let mut members = vec![0u32; group_of.len()];
    for (index, &g) in group_of.iter().enumerate() {
        members[next[g as usize] as usize] = index as u32;
        next[g as usize] += 1;
    }
    Groups {
        members,
        starts,
        authors,
    }
}

/// One group of tweets → one item (thread, tweet, reply or promo).
fn build_item(source: &Arc<Path>, groups: &Groups, tweets: &[&Tweet<'_>], g: usize) -> ContentItem {
    let mut parts: Vec<&Tweet<'_>> = groups
        .members(g)
        .iter()
        .map(|&i| tweets[i as usize])
        .collect();
    if parts.iter().all(|t| t.marker.is_some()) {
        parts.sort_by_key(|t| t.marker.map(|m| m.number));
    }
    let first = parts[0];
    let lines = [
        parts.iter().map(|t| t.line).min().unwrap_or(first.line),
        parts.iter().map(|t| t.line).max().unwrap_or(first.line),
    ];
    let mut item = ContentItem::new(first.id.to_string(), Kind::Tweet, source.clone(), lines);
    item.author = groups.author(g).cloned();
    item.published = DateTime::<Utc>::from_timestamp(first.time, 0);
    if first.text.starts_with('@') {
        item.kind = Kind::Reply;
        item.body = decode_entities(first.text).into_owned();
        item.links = bare_links(&item.body).map(str::to_string).collect();
        return item;
    }
    // One buffer for the whole body: a million items, a million allocations.
    let mut body = String::with_capacity(parts.iter().map(|p| p.text.len() + 2).sum());
    let mut kept = 0;
    let mut promotes = Vec::with_capacity(parts.len());
    for part in &parts {
        let decoded = decode_entities(part.text);
        let phrases = scan_phrases(&decoded);
        promotes.push(phrases.promotion);
        // The parse loop already looked for a marker: only strip when it found one.
        let text = match part.marker {
            Some(_) => split_marker(&decoded).0,
            None => std::borrow::Cow::Borrowed(decoded.as_ref()),
        };
        let before = body.len();
        if before > 0 {
            body.push_str("\n\n");
        }
        let start = body.len();
        append_content_of_part(&text, phrases.call_to_action, &mut item, &mut body);
        if body.len() == start {
            body.truncate(before);
        } else {
            item.parts.push(part.id);
            kept += 1;
        }
    }
    item.body = body;
    if kept == 0 {
        // A tweet that is only an "Over to you" question is still content.
        if let Some(question) = &item.hints.over_to_you {
            item.body = question.clone();
            kept = 1;
        }
    }
    item.kind = classify(&promotes, kept, &item.body);
    if item.kind == Kind::Promo {
        // Not content: keep what was said, calls to action included.
        let texts: Vec<_> = parts
            .iter()
            .map(|p| decode_entities(split_marker(p.text).0.as_ref()).into_owned())
            .collect();
        item.body = texts.join("\n\n");
    }
    if item.kind != Kind::Thread {
        item.parts.clear();
    }
    item
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
/// line, without the "Over to you" line, which goes into the hints. Links of
/// kept segments are collected. `may_call_to_action` is false when no
/// call-to-action phrase occurs in `text` at all, which spares looking for one
/// segment by segment.
fn append_content_of_part(
    text: &str,
    may_call_to_action: bool,
    item: &mut ContentItem,
    body: &mut String,
) {
    let start = body.len();
    let mut segments = segments(text);
    while let Some(mut segment) = segments.next() {
        let cta = may_call_to_action
            .then(|| call_to_action_start(segment))
            .flatten();
        if let Some(at) = cta {
            segment = segment[..at].trim_end();
        }
        if item.hints.over_to_you.is_none() && is_over_to_you_label(segment) {
            // "Over to you:" alone: the question is in the segments after it.
            let rest: Vec<&str> = segments
                .by_ref()
                .take_while(|s| !may_call_to_action || call_to_action_start(s).is_none())
                .collect();
            item.hints.over_to_you = Some(rest.join(" ")).filter(|q| !q.is_empty());
            break;
        }
        match over_to_you(segment) {
            Some(question) if item.hints.over_to_you.is_none() => {
                item.hints.over_to_you = Some(question.to_string())
            }
            _ if segment.is_empty() => {}
            _ => {
                item.links.extend(bare_links(segment).map(str::to_string));
                if body.len() > start {
                    body.push('\n');
                }
                body.push_str(segment);
            }
        }
        if cta.is_some() {
            break;
        }
    }
}

/// "Over to you:" with nothing after it.
fn is_over_to_you_label(segment: &str) -> bool {
    let words = segment
        .trim_start_matches(|c: char| !c.is_alphabetic())
        .trim_end_matches([':', ' ']);
    words.eq_ignore_ascii_case("over to you")
}
