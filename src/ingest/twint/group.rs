//! Grouping tweets into threads: the tweets in time order in, [`Groups`] out.

use super::lines::Tweet;

/// Longest pause between numbered parts of one thread.
const NUMBERED_GAP_SECS: i64 = 600;
/// Longest pause between unnumbered tweets that still read as one thread.
const UNNUMBERED_GAP_SECS: i64 = 30;

/// Dumps are newest first: reversed. Anything else is sorted by id (which is
/// time). Says whether the dump was newest first.
pub(super) fn put_in_time_order(tweets: &mut [&Tweet<'_>]) -> bool {
    let newest_first = tweets.windows(2).all(|w| w[0].id >= w[1].id);
    if newest_first {
        tweets.reverse();
    } else {
        tweets.sort_by_key(|t| t.id);
    }
    newest_first
}

/// Keeps one tweet per id, the first in the file, and says which lines
/// repeated an id: `(repeat's line, kept line, id)`. Scrapers that resume
/// write some tweets twice; two items with one id would break every stage
/// after ingest. The tweets are in time order, so a repeat is next to its
/// first.
pub(super) fn drop_repeated_ids(tweets: &mut Vec<&Tweet<'_>>) -> Vec<(u32, u32, u64)> {
    let mut repeats = Vec::new();
    tweets.dedup_by(|later, kept| {
        if later.id != kept.id {
            return false;
        }
        if later.line < kept.line {
            std::mem::swap(later, kept);
        }
        repeats.push((later.line, kept.line, kept.id));
        true
    });
    repeats
}

/// Threads as runs of indices into the tweets: group `g` is
/// `members[starts[g]..starts[g + 1]]`, its tweets in time order. Flat, so a
/// million groups cost two vectors rather than a million.
pub(super) struct Groups {
    members: Vec<u32>,
    starts: Vec<u32>,
}

impl Groups {
    /// The number of groups.
    pub(super) fn len(&self) -> usize {
        self.starts.len() - 1
    }

    /// The tweet indices of group `g` (empty past the last group).
    pub(super) fn members(&self, g: usize) -> &[u32] {
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
///
/// `handles` is how many handles the tweets are numbered from.
pub(super) fn group_threads(tweets: &[&Tweet<'_>], handles: usize) -> Groups {
    let mut group_of: Vec<u32> = Vec::with_capacity(tweets.len());
    let mut last_of: Vec<u32> = Vec::with_capacity(tweets.len() / 2);
    // The group each handle has open, by handle number.
    let mut open: Vec<Option<u32>> = vec![None; handles];
    for (index, tweet) in tweets.iter().enumerate() {
        let handle = tweet.handle as usize;
        let joins = open[handle].filter(|&g| {
            let last = tweets[last_of[g as usize] as usize];
            let gap = tweet.time - last.time;
            !tweet.is_reply
                && match tweet.marker.map(|m| m.number) {
                    Some(1) => false,
                    Some(n) => gap <= NUMBERED_GAP_SECS && last.marker.is_none_or(|m| m.number < n),
                    None => gap <= UNNUMBERED_GAP_SECS,
                }
        });
        let group = joins.unwrap_or_else(|| {
            let group = last_of.len() as u32;
            last_of.push(index as u32);
            if !tweet.is_reply {
                open[handle] = Some(group);
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
    Groups { members, starts }
}
