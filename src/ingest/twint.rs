//! The twint text dump: `<id> <date> <time> <offset> <handle> <text>` per line,
//! newest first, with the scraper's chatter at the end.
//!
//! Lines are parsed into borrowed [`Tweet`]s, put in time order, grouped into
//! threads (see [`group_threads`]) and each group becomes one [`ContentItem`]
//! (built in parallel: this is the hot path for million-tweet dumps).

use std::path::Path;

use chrono::{DateTime, NaiveDate, Utc};
use rayon::prelude::*;

use super::model::{ContentItem, Kind};
use super::text::{
    bare_links, call_to_action_start, decode_entities, mentions_promotion, over_to_you, segments,
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
    let (date, rest) = rest.split_once(' ')?;
    let (clock, rest) = rest.split_once(' ')?;
    let (offset, rest) = rest.split_once(' ')?;
    let rest = rest.strip_prefix('<')?;
    let (handle, text) = rest.split_once('>')?;
    let time = parse_time(date, clock, offset)?;
    Some(Tweet {
        id: id.parse().ok()?,
        line: number,
        time,
        handle,
        text: text.strip_prefix(' ').unwrap_or(text),
        marker: None,
    })
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

/// Parses a whole dump into items.
pub fn parse(path: &Path, bytes: &[u8], opts: &Options) -> Result<Parsed, IngestError> {
    let mut tweets = Vec::with_capacity(bytes.len() / 250);
    let mut out = Parsed::default();
    for (index, raw) in lines_of(bytes).enumerate() {
        let number = index as u32 + 1;
        if raw.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let problem = match std::str::from_utf8(raw) {
            Err(e) => format!("not valid UTF-8 (byte {}); re-save the file as UTF-8", e.valid_up_to() + 1),
            Ok(line) if is_scraper_chatter(line) => {
                let mut item = ContentItem::new(format!("{}#noise-{number}", super::stem(path)), Kind::Noise, path.into(), [number, number]);
                item.body = line.trim_end().to_string();
                out.items.push(item);
                continue;
            }
            Ok(line) => match parse_line(line, number) {
                Some(mut tweet) => {
                    tweet.marker = split_marker(tweet.text).1;
                    tweets.push(tweet);
                    continue;
                }
                None => "not a tweet line; expected `<id> <YYYY-MM-DD> <HH:MM:SS> <+HHMM> <handle> <text>`".to_string(),
            },
        };
        let diag = Diagnostic::warning(path, number, format!("{problem}; line skipped"));
        if opts.strict {
            return Err(IngestError::Strict(diag));
        }
        out.diagnostics.push(diag);
    }
    put_in_time_order(&mut tweets);
    let groups = group_threads(&tweets);
    let mut items: Vec<ContentItem> = groups.par_iter().map(|g| build_item(path, g)).collect();
    out.items.append(&mut items);
    Ok(out)
}

/// The lines of `bytes` (without their `\n`), found with memchr.
fn lines_of(bytes: &[u8]) -> impl Iterator<Item = &[u8]> {
    let mut start = 0;
    let ends =
        memchr::memchr_iter(b'\n', bytes).chain((!bytes.ends_with(b"\n")).then_some(bytes.len()));
    ends.map(move |end| {
        let line = &bytes[start..end];
        start = end + 1;
        line
    })
}

/// Dumps are newest first; anything else is sorted by id (which is time).
fn put_in_time_order(tweets: &mut [Tweet<'_>]) {
    if tweets.windows(2).all(|w| w[0].id >= w[1].id) {
        tweets.reverse();
    } else {
        tweets.sort_by_key(|t| t.id);
    }
}

/// Groups tweets (in time order) into threads: a numbered part after the first
/// joins the same handle's open thread within ten minutes; an unnumbered tweet
/// joins it within thirty seconds (rapid-fire threads without numbers). A part
/// numbered 1 and any reply start afresh.
pub fn group_threads<'a, 't>(tweets: &'t [Tweet<'a>]) -> Vec<Vec<&'t Tweet<'a>>> {
    let mut groups: Vec<Vec<&Tweet<'a>>> = Vec::with_capacity(tweets.len() / 2);
    let mut open: std::collections::HashMap<&str, usize> = Default::default();
    for tweet in tweets {
        if tweet.text.starts_with('@') {
            groups.push(vec![tweet]);
            continue;
        }
        let joins = open.get(tweet.handle).and_then(|&g| {
            let last = groups[g].last()?;
            let gap = tweet.time - last.time;
            let fits = match tweet.marker.map(|m| m.number) {
                Some(1) => false,
                Some(n) => gap <= NUMBERED_GAP_SECS && last.marker.is_none_or(|m| m.number < n),
                None => gap <= UNNUMBERED_GAP_SECS,
            };
            fits.then_some(g)
        });
        match joins {
            Some(g) => groups[g].push(tweet),
            None => {
                open.insert(tweet.handle, groups.len());
                groups.push(vec![tweet]);
            }
        }
    }
    groups
}

/// One group of tweets → one item (thread, tweet, reply or promo).
fn build_item(path: &Path, group: &[&Tweet<'_>]) -> ContentItem {
    let mut parts: Vec<&Tweet<'_>> = group.to_vec();
    if parts.iter().all(|t| t.marker.is_some()) {
        parts.sort_by_key(|t| t.marker.map(|m| m.number));
    }
    let first = parts[0];
    let lines = [
        group.iter().map(|t| t.line).min().unwrap_or(first.line),
        group.iter().map(|t| t.line).max().unwrap_or(first.line),
    ];
    let mut item = ContentItem::new(first.id.to_string(), Kind::Tweet, path.into(), lines);
    item.author = Some(first.handle.to_string());
    item.published = DateTime::<Utc>::from_timestamp(first.time, 0);
    if first.text.starts_with('@') {
        item.kind = Kind::Reply;
        item.body = decode_entities(first.text).into_owned();
        item.links = bare_links(&item.body).map(str::to_string).collect();
        return item;
    }
    let mut bodies = Vec::with_capacity(parts.len());
    let mut promo_parts = 0;
    for part in &parts {
        let decoded = decode_entities(part.text);
        // The parse loop already looked for a marker: only strip when it found one.
        let text = match part.marker {
            Some(_) => split_marker(&decoded).0,
            None => std::borrow::Cow::Borrowed(decoded.as_ref()),
        };
        if mentions_promotion(&text) {
            promo_parts += 1;
        }
        let body = content_of_part(&text, &mut item);
        if !body.is_empty() {
            item.parts.push(part.id.to_string());
            bodies.push(body);
        }
    }
    item.body = bodies.join("\n\n");
    item.kind = classify(&bodies, promo_parts, &item.body);
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

fn classify(bodies: &[String], promo_parts: usize, body: &str) -> Kind {
    // Counted only for the few single tweets that talk promotion.
    let words = || {
        body.split_whitespace()
            .filter(|w| !w.starts_with("http"))
            .count()
    };
    match bodies.len() {
        0 => Kind::Promo,
        1 if promo_parts > 0 && words() < 40 => Kind::Promo,
        1 => Kind::Tweet,
        n if promo_parts * 2 > n => Kind::Promo,
        _ => Kind::Thread,
    }
}

/// The content of one part: its segments (a double space stands for a line
/// break in the dump) up to any call to action, without the "Over to you"
/// line, which goes into the hints. Links of kept segments are collected.
fn content_of_part(text: &str, item: &mut ContentItem) -> String {
    let mut kept: Vec<&str> = Vec::new();
    let mut segments = segments(text);
    while let Some(mut segment) = segments.next() {
        let cta = call_to_action_start(segment);
        if let Some(at) = cta {
            segment = segment[..at].trim_end();
        }
        if item.hints.over_to_you.is_none() && is_over_to_you_label(segment) {
            // "Over to you:" alone: the question is in the segments after it.
            let rest: Vec<&str> = segments
                .by_ref()
                .take_while(|s| call_to_action_start(s).is_none())
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
                kept.push(segment);
            }
        }
        if cta.is_some() {
            break;
        }
    }
    kept.join("\n")
}

/// "Over to you:" with nothing after it.
fn is_over_to_you_label(segment: &str) -> bool {
    let words = segment
        .trim_start_matches(|c: char| !c.is_alphabetic())
        .trim_end_matches([':', ' ']);
    words.eq_ignore_ascii_case("over to you")
}
