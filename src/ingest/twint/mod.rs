//! The twint text dump: `<id> <date> <time> <offset> <handle> <text>` per line,
//! newest first, with the scraper's chatter at the end.
//!
//! The file's lines are read into borrowed tweets in parallel stretches
//! (`lines`), put in time order, grouped into threads (`group`) and each
//! group becomes one [`ContentItem`] (`item`, in parallel again: this is the
//! hot path for million-tweet dumps).

mod group;
mod item;
mod lines;

use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

use rayon::prelude::*;

use super::model::{ContentItem, Kind};
use super::{IngestError, Options, Parsed};
use crate::diag::Diagnostic;
use lines::Tweet;

/// Whether `bytes` looks like a twint dump: most of its first lines parse.
pub(crate) fn sniff(bytes: &[u8]) -> bool {
    let lines = bytes
        .split(|&b| b == b'\n')
        .filter(|l| !l.iter().all(u8::is_ascii_whitespace))
        .take(10);
    let (mut total, mut good) = (0, 0);
    for line in lines {
        total += 1;
        if std::str::from_utf8(line)
            .ok()
            .and_then(lines::parse_line)
            .is_some()
        {
            good += 1;
        }
    }
    good > 0 && good * 2 >= total
}

/// Groups built per batch: small enough to hand back the file pages behind
/// each batch early, large enough to keep every core busy.
const BATCH: usize = 1 << 16;

/// Parses a whole dump into items. `release` is told which byte ranges of
/// `bytes` will not be read again (see [`crate::fsutil::FileBytes::release`]).
pub(crate) fn parse(
    path: &Path,
    bytes: &[u8],
    opts: &Options,
    release: &(dyn Fn(Range<usize>) + Sync),
) -> Result<Parsed, IngestError> {
    let mut dump = lines::read(bytes);
    let source: Arc<Path> = path.into();
    let mut out = Parsed::default();
    for stretch in &mut dump.stretches {
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
    let stretches = &dump.stretches;
    let mut tweets: Vec<&Tweet<'_>> =
        Vec::with_capacity(stretches.iter().map(|s| s.tweets.len()).sum());
    tweets.extend(stretches.iter().flat_map(|s| &s.tweets));
    let newest_first = group::put_in_time_order(&mut tweets);
    for (line, first, id) in group::drop_repeated_ids(&mut tweets) {
        let message = format!("tweet {id} was already read at line {first}; line skipped");
        let diag = Diagnostic::warning(path, line, message);
        if opts.strict {
            return Err(IngestError::Strict(diag));
        }
        out.diagnostics.push(diag);
    }
    let groups = group::group_threads(&tweets, dump.handles.len());
    out.items.reserve(groups.len());
    for batch in (0..groups.len()).step_by(BATCH) {
        let end = (batch + BATCH).min(groups.len());
        out.items.par_extend(
            (batch..end)
                .into_par_iter()
                .map(|g| item::build_item(&source, &dump.handles, groups.members(g), &tweets)),
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
