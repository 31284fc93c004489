//! Dedupe: [`Corpus`] in, [`Deduped`] out.
//!
//! Content items (replies, promos and noise are left out: they are never
//! content) are compared on normalised text (`normalize`): equal texts are
//! exact duplicates; near duplicates are found by MinHash with LSH banding
//! (`minhash`) and each candidate pair is confirmed by its true Jaccard
//! similarity over word shingles, or by containment when a short item is one
//! paragraph or part of a longer one. Confirmed pairs join clusters
//! (`cluster`); each cluster keeps its richest item, dated with the
//! earliest date in the cluster, carrying the provenance of the others.

pub(crate) mod cluster;
pub(crate) mod minhash;
pub(crate) mod normalize;
mod pairs;

use std::path::Path;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use crate::diag::Diagnostic;
use crate::ingest::{ContentItem, Corpus, FileSummary, Format};
use cluster::UnionFind;
use minhash::{containment, jaccard};

/// How similar is similar enough.
#[derive(Debug, Clone)]
pub struct Options {
    /// Jaccard similarity over word 3-shingles at or above which two items
    /// are near duplicates.
    pub threshold: f64,
    /// Share of a short item's shingles found in a longer one at or above
    /// which the short one is contained in it.
    pub containment: f64,
    /// MinHash hash functions.
    pub permutations: usize,
    /// LSH bands (`permutations` must be a multiple).
    pub bands: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            threshold: 0.5,
            containment: 0.8,
            permutations: 64,
            bands: 16,
        }
    }
}

/// Why an item maps to its canonical item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    /// The same text once normalised.
    Exact,
    /// Jaccard similarity at or above the threshold (directly or through
    /// other members of the cluster).
    Near,
    /// Most of the item is inside the canonical item.
    Contained,
    /// The item is kept: its cluster's canonical item, or alone.
    Unique,
}

impl Reason {
    /// The name used in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::Exact => "exact",
            Reason::Near => "near",
            Reason::Contained => "contained",
            Reason::Unique => "unique",
        }
    }
}

/// Where a duplicate of a canonical item was seen.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Provenance {
    /// The duplicate's id.
    pub id: String,
    /// Its file.
    pub source: Arc<Path>,
    /// Its publication date, if it had one.
    pub published: Option<DateTime<Utc>>,
    /// How it matched.
    pub reason: Reason,
    /// Its similarity to the canonical item.
    pub similarity: f64,
}

/// One item kept, with the duplicates it stands for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Canonical {
    /// The richest version; `published` is the earliest date in the cluster.
    pub item: ContentItem,
    /// The other members of its cluster, earliest first.
    pub duplicates: Vec<Provenance>,
}

impl Canonical {
    /// When the piece was first published, wherever that was.
    pub fn first_published(&self) -> Option<DateTime<Utc>> {
        self.item.published
    }
}

/// One line of the dedupe report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportRow {
    /// A content item.
    pub item_id: String,
    /// The item that stands for it (itself when kept).
    pub canonical_id: String,
    /// Similarity to the canonical item (1 for itself).
    pub similarity: f64,
    /// Why.
    pub reason: Reason,
}

/// Counts for the summary.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Stats {
    /// Items read, of every kind.
    pub items_in: usize,
    /// Content items compared.
    pub content_in: usize,
    /// Items kept.
    pub unique_out: usize,
    /// Items dropped as exact duplicates.
    pub exact: usize,
    /// Items dropped as near duplicates.
    pub near: usize,
    /// Items dropped as contained in another.
    pub contained: usize,
}

/// What dedupe hands to plan.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Deduped {
    /// The kept items, in corpus order.
    pub items: Vec<Canonical>,
    /// One row per content item, in corpus order.
    pub report: Vec<ReportRow>,
    /// Counts.
    pub stats: Stats,
    /// The files read (from ingest).
    pub files: Vec<FileSummary>,
    /// Problems found while reading (from ingest).
    pub diagnostics: Vec<Diagnostic>,
}

/// What comparison needs of one item.
#[derive(Debug, Default)]
struct Prepared {
    /// Hash of the whole normalised text.
    exact: u64,
    /// Sorted shingle hashes.
    set: Vec<u32>,
    /// LSH keys of the whole item.
    keys: Vec<u64>,
    /// LSH keys of its paragraphs, when it has several.
    part_keys: Vec<u64>,
}

/// Runs dedupe on a corpus.
pub fn dedupe(corpus: Corpus, opts: &Options) -> Deduped {
    let items_in = corpus.items.len();
    let items: Vec<ContentItem> = corpus
        .items
        .into_iter()
        .filter(|i| i.kind.is_content())
        .collect();
    let hasher = minhash::MinHasher::new(opts.permutations, opts.bands);
    let prepared: Vec<Prepared> = items
        .par_iter()
        .map_init(Scratch::default, |scratch, i| prepare(i, &hasher, scratch))
        .collect();
    let mut sets = UnionFind::new(items.len());
    for (a, b) in pairs::confirmed(&prepared, opts) {
        sets.union(a, b);
    }
    let mut out = Deduped {
        files: corpus.files,
        diagnostics: corpus.diagnostics,
        ..Deduped::default()
    };
    out.stats.items_in = items_in;
    out.stats.content_in = items.len();
    let clusters = sets.clusters();
    assemble(items, &prepared, clusters, opts, &mut out);
    out
}

/// Picks each cluster's canonical item and writes the report, the
/// provenance and the counts.
fn assemble(
    items: Vec<ContentItem>,
    prepared: &[Prepared],
    clusters: Vec<Vec<u32>>,
    opts: &Options,
    out: &mut Deduped,
) {
    let formats: FxHashMap<&Path, Format> = out
        .files
        .iter()
        .filter_map(|f| Some((f.path.as_path(), f.format?)))
        .collect();
    let richness = |i: u32| {
        let item = &items[i as usize];
        cluster::richness(item, formats.get(&*item.source).copied())
    };
    let mut canonical_of: Vec<u32> = (0..items.len() as u32).collect();
    for cluster in &clusters {
        let best = cluster
            .iter()
            .copied()
            .max_by(|&a, &b| richness(a).cmp(&richness(b)))
            .unwrap_or(cluster[0]);
        for &member in cluster {
            canonical_of[member as usize] = best;
        }
    }
    let relations: Vec<(Reason, f64)> = (0..items.len())
        .into_par_iter()
        .map(|i| {
            let c = canonical_of[i] as usize;
            if c == i {
                return (Reason::Unique, 1.0);
            }
            relation(&prepared[i], &prepared[c], opts)
        })
        .collect();
    let mut duplicates: FxHashMap<u32, Vec<Provenance>> = FxHashMap::default();
    for (i, item) in items.iter().enumerate() {
        let c = canonical_of[i];
        let (reason, similarity) = relations[i];
        out.report.push(ReportRow {
            item_id: item.id.clone(),
            canonical_id: items[c as usize].id.clone(),
            similarity,
            reason,
        });
        match reason {
            Reason::Unique => continue,
            Reason::Exact => out.stats.exact += 1,
            Reason::Near => out.stats.near += 1,
            Reason::Contained => out.stats.contained += 1,
        }
        duplicates.entry(c).or_default().push(Provenance {
            id: item.id.clone(),
            source: item.source.clone(),
            published: item.published,
            reason,
            similarity,
        });
    }
    drop(formats);
    for (i, mut item) in items.into_iter().enumerate() {
        if canonical_of[i] as usize != i {
            continue;
        }
        let mut duplicates = duplicates.remove(&(i as u32)).unwrap_or_default();
        duplicates.sort_by_key(|d| (d.published.is_none(), d.published));
        let earliest = duplicates.iter().filter_map(|d| d.published).min();
        item.published = match (item.published, earliest) {
            (Some(own), Some(other)) => Some(own.min(other)),
            (own, other) => own.or(other),
        };
        out.items.push(Canonical { item, duplicates });
    }
    out.stats.unique_out = out.items.len();
}

/// How a member relates to its canonical item.
fn relation(member: &Prepared, canonical: &Prepared, opts: &Options) -> (Reason, f64) {
    if member.exact == canonical.exact {
        return (Reason::Exact, 1.0);
    }
    let similarity = jaccard(&member.set, &canonical.set);
    let contained = containment(&member.set, &canonical.set);
    if similarity < opts.threshold && contained >= opts.containment {
        (Reason::Contained, contained)
    } else {
        (Reason::Near, similarity)
    }
}

/// Writes the report as CSV: `item_id,canonical_id,similarity,reason`.
pub fn write_report(rows: &[ReportRow], out: impl std::io::Write) -> csv::Result<()> {
    let mut writer = csv::Writer::from_writer(out);
    writer.write_record(["item_id", "canonical_id", "similarity", "reason"])?;
    for row in rows {
        writer.write_record([
            row.item_id.as_str(),
            row.canonical_id.as_str(),
            &format!("{:.3}", row.similarity),
            row.reason.as_str(),
        ])?;
    }
    writer.flush()?;
    Ok(())
}

/// Buffers one worker thread reuses from item to item.
#[derive(Default)]
struct Scratch {
    text: String,
    words: normalize::Words,
    shingles: Vec<u32>,
    signature: Vec<u32>,
}

fn prepare(item: &ContentItem, hasher: &minhash::MinHasher, scratch: &mut Scratch) -> Prepared {
    let Scratch {
        text,
        words,
        shingles,
        signature,
    } = scratch;
    text.clear();
    if let Some(title) = &item.title {
        text.push_str(title);
        text.push_str("\n\n");
    }
    text.push_str(&item.body);
    words.read(text);
    let exact = {
        use std::hash::{Hash, Hasher};
        let mut h = rustc_hash::FxHasher::default();
        words.all().hash(&mut h);
        h.finish()
    };
    shingles.clear();
    let mut part_keys = Vec::new();
    signature.clear();
    signature.resize(hasher.permutations(), u32::MAX);
    let several = words.paragraph_count() > 1;
    for paragraph in words.paragraphs() {
        let start = shingles.len();
        minhash::push_shingles(paragraph, shingles);
        if several {
            // Shingles stay inside paragraphs, so the item's signature is the
            // least of its paragraphs' signatures: one pass gives both.
            let part = &mut shingles[start..];
            part.sort_unstable();
            let unique = dedup_sorted(part);
            let part_signature = hasher.signature(&part[..unique]);
            for (s, p) in signature.iter_mut().zip(&part_signature) {
                *s = (*s).min(*p);
            }
            if unique >= pairs::MIN_CONTAINED_SHINGLES {
                part_keys.extend(hasher.band_keys(&part_signature).take(pairs::PART_BANDS));
            }
        }
    }
    let set = minhash::into_set(shingles.clone());
    if !several {
        signature.copy_from_slice(&hasher.signature(&set));
    }
    let keys = hasher.band_keys(signature).collect();
    Prepared {
        exact,
        set,
        keys,
        part_keys,
    }
}

/// Moves the distinct values of a sorted slice to its front; their count.
fn dedup_sorted(values: &mut [u32]) -> usize {
    let mut kept = 0;
    for i in 0..values.len() {
        if i == 0 || values[i] != values[kept - 1] {
            values[kept] = values[i];
            kept += 1;
        }
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::Kind;

    fn item(id: &str, body: &str, date: &str) -> ContentItem {
        let mut item = ContentItem::new(id, Kind::Tweet, Path::new("dump.txt").into(), [1, 1]);
        item.body = body.into();
        item.published = Some(date.parse().expect("RFC 3339"));
        item
    }

    #[test]
    fn canonical_is_the_richest_dated_with_the_earliest() {
        let text = "Consistent hashing maps keys and servers onto one ring so that adding a server moves only the keys next to it";
        let corpus = Corpus {
            items: vec![
                item("early", text, "2022-01-01T00:00:00Z"),
                item("late", &format!("{text}, not all of them."), "2023-01-01T00:00:00Z"),
                item("other", "Bloom filters answer maybe or definitely not, using a few hash functions over one bit array", "2022-06-01T00:00:00Z"),
            ],
            ..Corpus::default()
        };
        let out = dedupe(corpus, &Options::default());
        assert_eq!(out.stats.unique_out, 2);
        let kept = out
            .items
            .iter()
            .find(|c| c.item.id == "late")
            .expect("late kept");
        assert_eq!(
            kept.first_published(),
            Some("2022-01-01T00:00:00Z".parse().expect("date"))
        );
        assert_eq!(kept.duplicates.len(), 1);
        assert_eq!(kept.duplicates[0].id, "early");
        assert_eq!(kept.duplicates[0].reason, Reason::Near);
    }

    #[test]
    fn replies_and_promos_are_never_compared() {
        let mut reply = item(
            "reply",
            "@someone thanks, great question about caching layers",
            "2022-01-01T00:00:00Z",
        );
        reply.kind = Kind::Reply;
        let corpus = Corpus {
            items: vec![reply],
            ..Corpus::default()
        };
        let out = dedupe(corpus, &Options::default());
        assert!(out.items.is_empty() && out.report.is_empty());
        assert_eq!(out.stats.items_in, 1);
    }
}
