//! Clusters of duplicates: a union-find over confirmed pairs, and the choice
//! of each cluster's canonical item.

use std::cmp::Reverse;

use crate::ingest::{ContentItem, Format};

/// Disjoint sets over item indices (union by size, path halving).
#[derive(Debug)]
pub(crate) struct UnionFind {
    parent: Vec<u32>,
    size: Vec<u32>,
}

impl UnionFind {
    /// `n` singletons.
    pub(crate) fn new(n: usize) -> Self {
        UnionFind {
            parent: (0..n as u32).collect(),
            size: vec![1; n],
        }
    }

    /// The representative of `x`'s set.
    pub(crate) fn find(&mut self, mut x: u32) -> u32 {
        while self.parent[x as usize] != x {
            let grand = self.parent[self.parent[x as usize] as usize];
            self.parent[x as usize] = grand;
            x = grand;
        }
        x
    }

    /// Merges the sets of `a` and `b`.
    pub(crate) fn union(&mut self, a: u32, b: u32) {
        let (mut a, mut b) = (self.find(a), self.find(b));
        if a == b {
            return;
        }
        if self.size[a as usize] < self.size[b as usize] {
            std::mem::swap(&mut a, &mut b);
        }
        self.parent[b as usize] = a;
        self.size[a as usize] += self.size[b as usize];
    }

    /// The members of every set with more than one, each list in index order.
    pub(crate) fn clusters(&mut self) -> Vec<Vec<u32>> {
        let n = self.parent.len();
        let mut by_root: rustc_hash::FxHashMap<u32, Vec<u32>> = Default::default();
        for x in 0..n as u32 {
            let root = self.find(x);
            if self.size[root as usize] > 1 {
                by_root.entry(root).or_default().push(x);
            }
        }
        let mut clusters: Vec<Vec<u32>> = by_root.into_values().collect();
        clusters.sort_unstable_by_key(|c| c[0]);
        clusters
    }
}

/// How rich a version of a text is: Markdown with images and links beats
/// plain text, then the longer body wins; ties go to the earlier, then the
/// smaller id, so the choice is stable.
pub(crate) fn richness(item: &ContentItem, format: Option<Format>) -> impl Ord + '_ {
    let markdown = matches!(
        format,
        Some(Format::NewsletterMarkdown) | Some(Format::Post)
    );
    (
        !item.images.is_empty(),
        markdown,
        !item.links.is_empty(),
        item.body.chars().count(),
        Reverse(item.published),
        Reverse(item.id.as_str()),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unions_make_clusters() {
        let mut sets = UnionFind::new(6);
        sets.union(0, 3);
        sets.union(3, 5);
        sets.union(1, 2);
        assert_eq!(sets.clusters(), vec![vec![0, 3, 5], vec![1, 2]]);
        assert_ne!(sets.find(4), sets.find(0));
    }
}
