//! Candidate pairs from LSH buckets, and their confirmation.

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::minhash::{containment, jaccard};
use super::{Options, Prepared};

/// A paragraph needs this many shingles (about a sentence) before a shorter
/// item can be found "contained" in it: tiny items would match anything.
pub(super) const MIN_CONTAINED_SHINGLES: usize = 8;

/// Paragraphs are indexed on their first few bands only: containment is
/// only of interest when high (0.8 by default), where four bands of four
/// rows still find a paragraph pair nine times in ten at 0.8 and nearly
/// always at 0.9, for a quarter of the index.
pub(super) const PART_BANDS: usize = 4;

/// In a bucket, each entry is compared with at most this many earlier ones:
/// buckets of true duplicates stay connected through their neighbours, and a
/// bucket swollen by some very common text cannot make the work quadratic.
const WINDOW: usize = 16;

/// Pairs of item indices that are duplicates: equal normalised texts, and
/// LSH candidates confirmed by Jaccard similarity or containment.
pub(super) fn confirmed(prepared: &[Prepared], opts: &Options) -> Vec<(u32, u32)> {
    let mut pairs = Vec::new();
    let mut first_of: FxHashMap<u64, u32> = FxHashMap::default();
    let mut representatives = Vec::new();
    for (index, item) in prepared.iter().enumerate() {
        if item.set.is_empty() {
            continue; // nothing left to compare once normalised (a bare link)
        }
        match first_of.entry(item.exact) {
            std::collections::hash_map::Entry::Occupied(first) => {
                pairs.push((*first.get(), index as u32))
            }
            std::collections::hash_map::Entry::Vacant(slot) => {
                slot.insert(index as u32);
                representatives.push(index as u32);
            }
        }
    }
    let candidates = candidates(prepared, &representatives);
    let near: Vec<(u32, u32)> = candidates
        .par_iter()
        .filter(|c| confirm(prepared, c, opts))
        .map(|c| (c.a, c.b))
        .collect();
    pairs.extend(near);
    pairs
}

/// A pair to check: `b` is a whole item, or (`part`) the item one of whose
/// paragraphs matched `a`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Candidate {
    a: u32,
    b: u32,
    part: bool,
}

/// Every pair sharing a band, from one sort of all band keys.
fn candidates(prepared: &[Prepared], representatives: &[u32]) -> Vec<Candidate> {
    // (key, item, is a paragraph key)
    let mut entries: Vec<(u64, u32, bool)> = representatives
        .iter()
        .flat_map(|&i| {
            let item = &prepared[i as usize];
            let whole = item.keys.iter().map(move |&k| (k, i, false));
            whole.chain(item.part_keys.iter().map(move |&k| (k, i, true)))
        })
        .collect();
    entries.par_sort_unstable();
    let mut out = Vec::new();
    for run in entries.chunk_by(|x, y| x.0 == y.0) {
        if run.len() < 2 {
            continue;
        }
        let (parts, wholes): (Vec<&(u64, u32, bool)>, Vec<_>) = run.iter().partition(|e| e.2);
        for (n, whole) in wholes.iter().enumerate() {
            for earlier in &wholes[n.saturating_sub(WINDOW)..n] {
                if earlier.1 != whole.1 {
                    out.push(Candidate {
                        a: earlier.1.min(whole.1),
                        b: earlier.1.max(whole.1),
                        part: false,
                    });
                }
            }
            for part in parts.iter().take(WINDOW) {
                if part.1 != whole.1 {
                    out.push(Candidate {
                        a: whole.1,
                        b: part.1,
                        part: true,
                    });
                }
            }
        }
    }
    out.par_sort_unstable();
    out.dedup();
    out
}

fn confirm(prepared: &[Prepared], c: &Candidate, opts: &Options) -> bool {
    let (a, b) = (&prepared[c.a as usize].set, &prepared[c.b as usize].set);
    if jaccard(a, b) >= opts.threshold {
        return true;
    }
    let (small, large) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    small.len() >= MIN_CONTAINED_SHINGLES && containment(small, large) >= opts.containment
}
