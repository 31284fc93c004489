//! Reading a dump's lines, in parallel stretches of the file: each line
//! becomes a [`Tweet`], a noise line, or a problem to report.

use std::ops::Range;
use std::sync::Arc;

use chrono::NaiveDate;
use rayon::prelude::*;
use rustc_hash::FxHashMap;

use crate::ingest::thread_parts::{split_marker, Marker};

/// One line of the dump as written, borrowed from the file's bytes.
#[derive(Debug, Clone, Copy)]
pub(super) struct DumpLine<'a> {
    /// The tweet id.
    pub id: u64,
    /// Seconds since the Unix epoch, UTC.
    pub time: i64,
    /// The handle without angle brackets.
    pub handle: &'a str,
    /// The raw text (entities not yet decoded).
    pub text: &'a str,
}

/// A tweet as grouping and item building need it: everything they look at
/// is here, so grouping a million tweets does not go back to the file.
#[derive(Debug, Clone, Copy)]
pub(super) struct Tweet<'a> {
    /// The tweet id (a snowflake, so it also orders tweets in time).
    pub id: u64,
    /// Seconds since the Unix epoch, UTC.
    pub time: i64,
    /// The raw text (entities not yet decoded), borrowed from the file.
    pub text: &'a str,
    /// 1-based line in the file.
    pub line: u32,
    /// The author, as an index into [`Dump::handles`].
    pub handle: u32,
    /// The thread numbering found on the text, if any.
    pub marker: Option<Marker>,
    /// Whether the text starts with `@`: a reply.
    pub is_reply: bool,
}

/// A whole dump, read.
pub(super) struct Dump<'a> {
    /// The file's stretches, in file order.
    pub stretches: Vec<Stretch<'a>>,
    /// The handles of the file, one shared string each.
    pub handles: Vec<Arc<str>>,
}

/// What reading one stretch of a dump gives.
#[derive(Default)]
pub(super) struct Stretch<'a> {
    /// The tweets, in file order.
    pub tweets: Vec<Tweet<'a>>,
    /// Scraper chatter, with its line.
    pub noise: Vec<(u32, &'a str)>,
    /// Lines skipped, and why.
    pub problems: Vec<(u32, String)>,
    /// The number of lines in the stretch.
    lines: u32,
    /// The handles met, in order: the stretch's own numbering until
    /// [`read`] renumbers them for the file.
    handles: Vec<&'a str>,
}

/// Reads every line of a dump, each core a stretch of the file at a time.
pub(super) fn read(bytes: &[u8]) -> Dump<'_> {
    let mut stretches: Vec<Stretch<'_>> = split_at_lines(bytes, rayon::current_num_threads() * 8)
        .into_par_iter()
        .map(parse_stretch)
        .collect();
    let handles = number_for_file(&mut stretches);
    Dump { stretches, handles }
}

/// Parses one line; `None` when it does not have the dump's shape.
pub(super) fn parse_line(line: &str) -> Option<DumpLine<'_>> {
    let line = line.strip_suffix('\r').unwrap_or(line);
    let (id, rest) = leading_id(line)?;
    let (time, rest) = fixed_width_time(rest).or_else(|| {
        let (date, rest) = rest.split_once(' ')?;
        let (clock, rest) = rest.split_once(' ')?;
        let (offset, rest) = rest.split_once(' ')?;
        Some((parse_time(date, clock, offset)?, rest))
    })?;
    let rest = rest.strip_prefix('<')?;
    let end = memchr::memchr(b'>', rest.as_bytes())?;
    let text = &rest[end + 1..];
    Some(DumpLine {
        id,
        time,
        handle: &rest[..end],
        text: text.strip_prefix(' ').unwrap_or(text),
    })
}

/// The id that opens a line (up to 20 digits that fit a u64, then a space),
/// and the rest of the line; read in one pass.
fn leading_id(line: &str) -> Option<(u64, &str)> {
    let bytes = line.as_bytes();
    let mut id: u64 = 0;
    let mut len = 0;
    while let Some(digit) = bytes.get(len).filter(|b| b.is_ascii_digit()) {
        id = id.checked_mul(10)?.checked_add(u64::from(digit - b'0'))?;
        len += 1;
    }
    (len > 0 && len <= 20 && bytes.get(len) == Some(&b' ')).then(|| (id, &line[len + 1..]))
}

/// The common case, `2023-02-14 16:05:09 +0000 `, read at fixed places
/// (three million lines a second matter here); `None` sends the line to the
/// general parser.
fn fixed_width_time(rest: &str) -> Option<(i64, &str)> {
    let head = rest.as_bytes().get(..26)?;
    if head[25] != b' ' {
        return None;
    }
    Some((
        crate::ingest::timestamp::fixed_width(&head[..25])?,
        &rest[26..],
    ))
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

/// Splits `bytes` into about `count` stretches that end at line ends.
fn split_at_lines(bytes: &[u8], count: usize) -> Vec<&[u8]> {
    let size = bytes.len().div_ceil(count.max(1)).max(1 << 16);
    pieces_at_lines(bytes, size).collect()
}

/// Cuts `bytes` into pieces of about `size` bytes that end at line ends.
fn pieces_at_lines(bytes: &[u8], size: usize) -> impl Iterator<Item = &[u8]> {
    let mut rest = bytes;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let cut = match rest
            .get(size..)
            .and_then(|tail| memchr::memchr(b'\n', tail))
        {
            Some(at) => size + at + 1,
            None => rest.len(),
        };
        let (piece, tail) = rest.split_at(cut);
        rest = tail;
        Some(piece)
    })
}

/// Renumbers each stretch's lines and handles for the whole file (the
/// tweets in parallel: there are millions), and lists the file's handles.
fn number_for_file(stretches: &mut [Stretch<'_>]) -> Vec<Arc<str>> {
    let mut names: Vec<Arc<str>> = Vec::new();
    let mut numbers: FxHashMap<&str, u32> = FxHashMap::default();
    let mut lines_before = 0;
    let renumbering: Vec<(u32, Vec<u32>)> = stretches
        .iter()
        .map(|stretch| {
            let handles = stretch
                .handles
                .iter()
                .map(|&handle| {
                    *numbers.entry(handle).or_insert_with(|| {
                        names.push(handle.into());
                        names.len() as u32 - 1
                    })
                })
                .collect();
            let first = lines_before;
            lines_before += stretch.lines;
            (first, handles)
        })
        .collect();
    stretches
        .par_iter_mut()
        .zip(renumbering)
        .for_each(|(stretch, (before, handles))| {
            for tweet in &mut stretch.tweets {
                tweet.line += before;
                tweet.handle = handles[tweet.handle as usize];
            }
            stretch
                .noise
                .iter_mut()
                .for_each(|(line, _)| *line += before);
            stretch
                .problems
                .iter_mut()
                .for_each(|(line, _)| *line += before);
        });
    names
}

/// Parses the lines of one stretch.
fn parse_stretch(bytes: &[u8]) -> Stretch<'_> {
    parse_lines(bytes.len(), checked_lines(bytes))
}

/// Bytes checked and split into lines at a time: while they are still in the
/// core's cache.
const BLOCK: usize = 128 << 10;

/// The lines of `bytes`, each the text or the column of its first bad byte.
fn checked_lines(bytes: &[u8]) -> impl Iterator<Item = Result<&str, usize>> {
    pieces_at_lines(bytes, BLOCK).flat_map(|block| {
        // One SIMD check of the block; its lines are only checked one by one
        // (to name the bad one) when it fails.
        let text = simdutf8::basic::from_utf8(block).ok();
        line_ranges(block).map(move |r| match text {
            Some(text) => Ok(&text[r]),
            None => std::str::from_utf8(&block[r]).map_err(|e| e.valid_up_to() + 1),
        })
    })
}

/// Shortest dump line: a 19-digit id, date, time, offset, `<x>`, a character.
const SHORTEST_LINE: usize = 19 + 26 + 4 + 1;

/// Parses the lines of `size` bytes, each line the text or the column of its
/// first bad byte.
fn parse_lines<'a>(
    size: usize,
    lines: impl Iterator<Item = Result<&'a str, usize>>,
) -> Stretch<'a> {
    // Room for every line up front: growing by doubling would copy the
    // tweets several times. Pages never written are never taken from the OS.
    let mut out = Stretch {
        tweets: Vec::with_capacity(size / SHORTEST_LINE + 1),
        ..Stretch::default()
    };
    let mut handles = HandleNumbers::default();
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
            Ok(line) => match parse_line(line) {
                Some(read) => {
                    out.tweets.push(Tweet {
                        id: read.id,
                        time: read.time,
                        text: read.text,
                        line: number,
                        handle: handles.number(read.handle, &mut out.handles),
                        marker: split_marker(read.text).1,
                        is_reply: read.text.starts_with('@'),
                    });
                    continue;
                }
                None => "not a tweet line; expected `<id> <YYYY-MM-DD> <HH:MM:SS> <+HHMM> <handle> <text>`".to_string(),
            },
        };
        out.problems.push((number, problem));
    }
    out
}

/// Numbers handles in the order first met, remembering the last one: a
/// dump's lines mostly come from one account.
#[derive(Default)]
struct HandleNumbers<'a> {
    numbers: FxHashMap<&'a str, u32>,
    last: Option<(&'a str, u32)>,
}

impl<'a> HandleNumbers<'a> {
    /// The number of `handle`, which is appended to `names` when new.
    fn number(&mut self, handle: &'a str, names: &mut Vec<&'a str>) -> u32 {
        if let Some((name, number)) = self.last {
            if name == handle {
                return number;
            }
        }
        let number = *self.numbers.entry(handle).or_insert_with(|| {
            names.push(handle);
            names.len() as u32 - 1
        });
        self.last = Some((handle, number));
        number
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    const REST: &str = " 2023-02-14 16:05:09 +0000 <alexxubyte> /1 What are";

    fn id_of(id: &str) -> Option<u64> {
        parse_line(&format!("{id}{REST}")).map(|l| l.id)
    }

    #[test]
    fn ids_are_up_to_twenty_digits_that_fit() {
        assert_eq!(id_of("1625474133045538817"), Some(1625474133045538817));
        assert_eq!(id_of("18446744073709551615"), Some(u64::MAX));
        assert_eq!(id_of("18446744073709551616"), None, "past u64::MAX");
        assert_eq!(id_of("000000000000000000001"), None, "21 digits");
        assert_eq!(id_of(""), None);
        assert_eq!(id_of("12a4"), None);
    }

    #[test]
    fn a_line_gives_its_parts() {
        let line = parse_line("7 2023-02-14 16:05:09 -0130 <a_b> text with > sign\r")
            .expect("a tweet line");
        assert_eq!(
            (line.id, line.handle, line.text),
            (7, "a_b", "text with > sign")
        );
        assert_eq!(line.time, 1_676_390_709 + 90 * 60);
        assert!(parse_line("7 2023-02-14 16:05:09 +0000 no handle").is_none());
        assert!(parse_line("7").is_none());
    }
}
