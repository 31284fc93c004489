//! MinHash signatures over word shingles, and LSH band keys.
//!
//! A signature holds, for each of `permutations` hash functions, the least
//! hash of any shingle of the text; two texts agree at one position with
//! probability equal to their Jaccard similarity. Signatures are cut into
//! `bands` bands of `rows` values; texts that agree on a whole band become a
//! candidate pair, so pairs above about `(1 / bands)^(1 / rows)` are found
//! without comparing every item with every other.

use std::hash::{Hash, Hasher};

use rustc_hash::FxHasher;

/// Words per shingle.
pub(crate) const SHINGLE_WORDS: usize = 3;

/// The hash functions and the banding.
#[derive(Debug, Clone)]
pub(crate) struct MinHasher {
    multipliers: Vec<u64>,
    offsets: Vec<u64>,
    rows: usize,
}

impl MinHasher {
    /// `permutations` hash functions in `bands` bands (`permutations` must
    /// be a multiple of `bands`). Seeded from a fixed stream: the same
    /// input always gives the same clusters.
    pub(crate) fn new(permutations: usize, bands: usize) -> Self {
        let mut state = 0x9E37_79B9_7F4A_7C15u64;
        let mut next = || {
            // SplitMix64: a tiny, well-known generator for fixed seeds.
            state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = state;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^ (z >> 31)
        };
        let multipliers = (0..permutations).map(|_| next() | 1).collect();
        let offsets = (0..permutations).map(|_| next()).collect();
        MinHasher {
            multipliers,
            offsets,
            rows: permutations / bands.max(1),
        }
    }

    /// The number of hash functions.
    pub(crate) fn permutations(&self) -> usize {
        self.multipliers.len()
    }

    /// The signature of a shingle set (all `u32::MAX` for an empty set).
    pub(crate) fn signature(&self, shingles: &[u32]) -> Vec<u32> {
        let mut signature = vec![u32::MAX; self.permutations()];
        fold_signature(&mut signature, shingles, &self.multipliers, &self.offsets);
        signature
    }

    /// One key per band: equal keys mean the band agrees (up to hash
    /// collisions, which only cost a wasted comparison).
    pub(crate) fn band_keys<'a>(&'a self, signature: &'a [u32]) -> impl Iterator<Item = u64> + 'a {
        signature
            .chunks(self.rows.max(1))
            .enumerate()
            .map(|(band, rows)| {
                let mut hasher = FxHasher::default();
                band.hash(&mut hasher);
                rows.hash(&mut hasher);
                hasher.finish()
            })
    }
}

/// Lowers `signature` by every shingle. This loop is most of dedupe's work:
/// it is compiled for AVX-512 and AVX2 too and the best the CPU has is used.
#[multiversion::multiversion(targets("x86_64+avx512f+avx512dq+avx512vl", "x86_64+avx2"))]
fn fold_signature(signature: &mut [u32], shingles: &[u32], multipliers: &[u64], offsets: &[u64]) {
    for &shingle in shingles {
        let x = u64::from(shingle);
        // Multiply-shift hashing: the high bits of a·x + b.
        for ((slot, &a), &b) in signature.iter_mut().zip(multipliers).zip(offsets) {
            let value = (a.wrapping_mul(x).wrapping_add(b) >> 32) as u32;
            *slot = (*slot).min(value);
        }
    }
}

/// The shingles of a run of words: every `SHINGLE_WORDS` consecutive words,
/// hashed (the whole run when it is shorter), appended to `out`.
pub(crate) fn push_shingles(words: &[u64], out: &mut Vec<u32>) {
    if words.len() < SHINGLE_WORDS {
        if !words.is_empty() {
            out.push(combine(words));
        }
        return;
    }
    out.extend(words.windows(SHINGLE_WORDS).map(combine));
}

fn combine(words: &[u64]) -> u32 {
    let mut hasher = FxHasher::default();
    words.hash(&mut hasher);
    let h = hasher.finish();
    (h ^ (h >> 32)) as u32
}

/// Sorts and deduplicates a shingle list into a set.
pub(crate) fn into_set(mut shingles: Vec<u32>) -> Vec<u32> {
    shingles.sort_unstable();
    shingles.dedup();
    shingles
}

/// The size of the intersection of two sorted sets.
pub(crate) fn intersection(a: &[u32], b: &[u32]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

/// Jaccard similarity of two sorted sets.
pub(crate) fn jaccard(a: &[u32], b: &[u32]) -> f64 {
    let common = intersection(a, b);
    let union = a.len() + b.len() - common;
    if union == 0 {
        return 1.0;
    }
    common as f64 / union as f64
}

/// How much of `small` is inside `large`: |small ∩ large| / |small|.
pub(crate) fn containment(small: &[u32], large: &[u32]) -> f64 {
    if small.is_empty() {
        return 0.0;
    }
    intersection(small, large) as f64 / small.len() as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(words: &[u64]) -> Vec<u32> {
        let mut out = Vec::new();
        push_shingles(words, &mut out);
        into_set(out)
    }

    #[test]
    fn estimate_tracks_true_jaccard() {
        let a: Vec<u64> = (0..200).collect();
        let b: Vec<u64> = (50..250).collect();
        let (sa, sb) = (set(&a), set(&b));
        let truth = jaccard(&sa, &sb);
        let hasher = MinHasher::new(256, 32);
        let (ga, gb) = (hasher.signature(&sa), hasher.signature(&sb));
        let agree = ga.iter().zip(&gb).filter(|(x, y)| x == y).count() as f64 / 256.0;
        assert!((truth - 0.6).abs() < 0.01, "{truth}");
        assert!((agree - truth).abs() < 0.1, "estimate {agree} vs {truth}");
    }

    #[test]
    fn containment_of_a_part() {
        let whole: Vec<u64> = (0..100).collect();
        let part: Vec<u64> = (20..40).collect();
        assert_eq!(containment(&set(&part), &set(&whole)), 1.0);
        assert!(jaccard(&set(&part), &set(&whole)) < 0.25);
    }

    #[test]
    fn equal_sets_share_every_band() {
        let hasher = MinHasher::new(64, 16);
        let sig = hasher.signature(&set(&[1, 2, 3, 4, 5]));
        let keys: Vec<u64> = hasher.band_keys(&sig).collect();
        assert_eq!(keys.len(), 16);
        assert_eq!(keys, hasher.band_keys(&sig.clone()).collect::<Vec<_>>());
    }
}
