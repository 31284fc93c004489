//! Themes: the taxonomy (built in, or the project's `themes.yaml`), each
//! item's primary theme and runner-up by a transparent score, and names for
//! the items no theme claims.
//!
//! Score of a theme for an item: for every term of the theme found in it,
//! `weight × rarity × (3 × title matches + body matches)`, body matches
//! counted up to five, rarity `ln(1 + items / (1 + items containing the
//! term))`. The highest score is the primary theme, the next the runner-up.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use crate::dedupe::normalize::Words;

/// The built-in taxonomy, embedded in the binary.
pub const BUILT_IN: &str = include_str!("themes.yaml");
/// The file that replaces it, at the project root.
pub const FILE_NAME: &str = "themes.yaml";

/// One theme as written in `themes.yaml`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ThemeDef {
    /// Short name used in issue files (`databases-and-storage`).
    pub name: String,
    /// Shown to readers (`Databases and storage`).
    pub title: String,
    /// What belongs here.
    #[serde(default)]
    pub description: String,
    /// Words and phrases with their weights.
    pub terms: BTreeMap<String, f64>,
}

/// A taxonomy that cannot be used.
#[derive(Debug, thiserror::Error)]
#[error("{}:{line}:{column}: {problem}; fix the file or delete it to use the built-in themes", path.display())]
pub struct ThemesError {
    /// The file.
    pub path: PathBuf,
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// What is wrong.
    #[source]
    pub problem: ThemesProblem,
}

/// What is wrong with a themes file.
#[derive(Debug, thiserror::Error)]
pub enum ThemesProblem {
    /// The file is there but cannot be read.
    #[error("cannot read: {0}")]
    Read(#[source] std::io::Error),
    /// It is not YAML of the themes' shape.
    #[error("{0}")]
    Yaml(#[source] serde_yaml::Error),
    /// Two themes have the same name.
    #[error("theme `{0}` is defined twice")]
    Twice(String),
}

/// A term, ready to match.
#[derive(Debug, Clone)]
struct Term {
    text: String,
    theme: usize,
    weight: f64,
    words: Vec<u64>,
}

/// The themes and an index of their terms by first word.
#[derive(Debug, Clone)]
pub struct Taxonomy {
    /// The themes, in file order.
    pub themes: Vec<ThemeDef>,
    terms: Vec<Term>,
    by_first_word: FxHashMap<u64, Vec<u32>>,
}

impl Taxonomy {
    /// The project's `themes.yaml` in `root`, or the built-in themes.
    pub fn load(root: &Path) -> Result<Taxonomy, ThemesError> {
        let path = root.join(FILE_NAME);
        match std::fs::read_to_string(&path) {
            Ok(text) => Taxonomy::parse(&path, &text),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                Taxonomy::parse(Path::new("(built-in themes)"), BUILT_IN)
            }
            Err(e) => Err(ThemesError {
                path,
                line: 1,
                column: 1,
                problem: ThemesProblem::Read(e),
            }),
        }
    }

    /// Parses a taxonomy; `path` names it in errors.
    pub fn parse(path: &Path, text: &str) -> Result<Taxonomy, ThemesError> {
        let error = |line, column, problem| ThemesError {
            path: path.into(),
            line,
            column,
            problem,
        };
        let themes: Vec<ThemeDef> = serde_yaml::from_str(text).map_err(|e| {
            let (line, column) = e.location().map_or((1, 1), |l| (l.line(), l.column()));
            error(line, column, ThemesProblem::Yaml(e))
        })?;
        let mut terms = Vec::new();
        for (index, theme) in themes.iter().enumerate() {
            if themes[..index].iter().any(|t| t.name == theme.name) {
                let (line, column) = locate(text, &format!("name: {}", theme.name), 1);
                return Err(error(
                    line,
                    column,
                    ThemesProblem::Twice(theme.name.clone()),
                ));
            }
            for (text, &weight) in &theme.terms {
                let mut words = Words::default();
                words.read(text);
                if !words.all().is_empty() && weight > 0.0 {
                    terms.push(Term {
                        text: text.clone(),
                        theme: index,
                        weight,
                        words: words.all().to_vec(),
                    });
                }
            }
        }
        let mut by_first_word: FxHashMap<u64, Vec<u32>> = FxHashMap::default();
        for (id, term) in terms.iter().enumerate() {
            by_first_word
                .entry(term.words[0])
                .or_default()
                .push(id as u32);
        }
        Ok(Taxonomy {
            themes,
            terms,
            by_first_word,
        })
    }

    /// The terms found in a title and a body: `(term, title hits, body hits)`.
    fn matches(&self, title: &[u64], body: &[u64]) -> Vec<(u32, u8, u8)> {
        let mut found: Vec<(u32, u8, u8)> = Vec::new();
        for (words, in_title) in [(title, true), (body, false)] {
            for at in 0..words.len() {
                let Some(ids) = self.by_first_word.get(&words[at]) else {
                    continue;
                };
                for &id in ids {
                    if !words[at..].starts_with(&self.terms[id as usize].words) {
                        continue;
                    }
                    let slot = match found.iter().position(|f| f.0 == id) {
                        Some(slot) => slot,
                        None => {
                            found.push((id, 0, 0));
                            found.len() - 1
                        }
                    };
                    let hits = if in_title {
                        &mut found[slot].1
                    } else {
                        &mut found[slot].2
                    };
                    *hits = hits.saturating_add(1);
                }
            }
        }
        found
    }
}

/// Where the `nth` (from 0) occurrence of a piece of text is in a file
/// (1-based line and column of its first character), for errors about
/// parsed values; the file's start when it is not found.
pub fn locate(text: &str, needle: &str, nth: usize) -> (usize, usize) {
    match text.match_indices(needle).nth(nth).map(|(at, _)| at) {
        Some(at) => {
            let line = text[..at].matches('\n').count() + 1;
            let column = at - text[..at].rfind('\n').map_or(0, |p| p + 1) + 1;
            (line, column)
        }
        None => (1, 1),
    }
}

/// One term's part in a score.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Contribution {
    /// The term as written in the taxonomy.
    pub term: String,
    /// Its weight there.
    pub weight: f64,
    /// Its rarity across the corpus.
    pub rarity: f64,
    /// Matches in the title.
    pub title_hits: u32,
    /// Matches in the body (counted up to five).
    pub body_hits: u32,
    /// weight × rarity × (3 × title hits + body hits).
    pub points: f64,
}

/// A theme's score for one item, with its reasons.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ThemeScore {
    /// The theme's index in the taxonomy.
    pub theme: usize,
    /// The total.
    pub score: f64,
    /// The terms that made it, largest first.
    pub contributions: Vec<Contribution>,
}

/// The themes of a whole corpus.
#[derive(Debug, Clone)]
pub struct Scoring {
    matches: Vec<Vec<(u32, u8, u8)>>,
    rarity: Vec<f64>,
}

/// Most body matches of one term that count: a long text repeating a word
/// is not more about it than a short one.
const BODY_HITS_CAP: u32 = 5;

impl Scoring {
    /// Finds every term in every `(title, body)`.
    pub fn new(taxonomy: &Taxonomy, texts: &[(&str, &str)]) -> Scoring {
        let matches: Vec<Vec<(u32, u8, u8)>> = texts
            .par_iter()
            .map_init(
                || (Words::default(), Words::default()),
                |(title_words, body_words), (title, body)| {
                    title_words.read(title);
                    body_words.read(body);
                    taxonomy.matches(title_words.all(), body_words.all())
                },
            )
            .collect();
        let mut containing = vec![0usize; taxonomy.terms.len()];
        for found in &matches {
            for &(id, _, _) in found {
                containing[id as usize] += 1;
            }
        }
        let n = texts.len() as f64;
        let rarity = containing
            .iter()
            .map(|&c| (1.0 + n / (1.0 + c as f64)).ln())
            .collect();
        Scoring { matches, rarity }
    }

    /// Every theme's score for item `index`, best first (themes that
    /// matched nothing are left out).
    pub fn scores(&self, taxonomy: &Taxonomy, index: usize) -> Vec<ThemeScore> {
        let mut by_theme: BTreeMap<usize, ThemeScore> = BTreeMap::new();
        for &(id, title_hits, body_hits) in &self.matches[index] {
            let term = &taxonomy.terms[id as usize];
            let (title_hits, body_hits) = (
                u32::from(title_hits),
                u32::from(body_hits).min(BODY_HITS_CAP),
            );
            let rarity = self.rarity[id as usize];
            let points = term.weight * rarity * f64::from(3 * title_hits + body_hits);
            let entry = by_theme.entry(term.theme).or_insert_with(|| ThemeScore {
                theme: term.theme,
                score: 0.0,
                contributions: Vec::new(),
            });
            entry.score += points;
            entry.contributions.push(Contribution {
                term: term.text.clone(),
                weight: term.weight,
                rarity,
                title_hits,
                body_hits,
                points,
            });
        }
        let mut scores: Vec<ThemeScore> = by_theme.into_values().collect();
        for score in &mut scores {
            score
                .contributions
                .sort_by(|a, b| b.points.total_cmp(&a.points).then(a.term.cmp(&b.term)));
        }
        scores.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.theme.cmp(&b.theme)));
        scores
    }

    /// The primary theme and runner-up of item `index` (indices into the
    /// taxonomy), `None` when no theme matched. The same sums as
    /// [`Scoring::scores`], without the reasons.
    pub fn best_two(&self, taxonomy: &Taxonomy, index: usize) -> (Option<usize>, Option<usize>) {
        let mut totals: Vec<(usize, f64)> = Vec::new();
        for &(id, title_hits, body_hits) in &self.matches[index] {
            let term = &taxonomy.terms[id as usize];
            let hits = 3 * u32::from(title_hits) + u32::from(body_hits).min(BODY_HITS_CAP);
            let points = term.weight * self.rarity[id as usize] * f64::from(hits);
            match totals.iter_mut().find(|t| t.0 == term.theme) {
                Some(total) => total.1 += points,
                None => totals.push((term.theme, points)),
            }
        }
        totals.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        (totals.first().map(|t| t.0), totals.get(1).map(|t| t.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_in_taxonomy_parses() {
        let taxonomy = Taxonomy::parse(Path::new("built-in"), BUILT_IN).expect("valid");
        assert!(taxonomy.themes.len() >= 10);
    }

    #[test]
    fn title_counts_more_and_phrases_match() {
        let taxonomy = Taxonomy::parse(Path::new("built-in"), BUILT_IN).expect("valid");
        let texts = [
            (
                "How does a CDN cache work?",
                "Edge servers keep copies close to users.",
            ),
            (
                "Why is Kafka fast?",
                "Sequential I/O and zero copy; a message queue at heart.",
            ),
            (
                "SQL joins explained",
                "A database query that combines two tables.",
            ),
        ];
        let scoring = Scoring::new(&taxonomy, &texts);
        let name = |i: usize| {
            taxonomy.themes[scoring.best_two(&taxonomy, i).0.expect("themed")]
                .name
                .clone()
        };
        assert_eq!(name(0), "caching");
        assert_eq!(name(1), "distributed-systems");
        assert_eq!(name(2), "databases-and-storage");
        for i in 0..texts.len() {
            let scores = scoring.scores(&taxonomy, i);
            let two = (
                scores.first().map(|s| s.theme),
                scores.get(1).map(|s| s.theme),
            );
            assert_eq!(
                scoring.best_two(&taxonomy, i),
                two,
                "explain and plan agree"
            );
        }
        let why = scoring.scores(&taxonomy, 1);
        assert!(why[0]
            .contributions
            .iter()
            .any(|c| c.term == "message queue"));
    }

    #[test]
    fn duplicate_theme_is_located() {
        let text =
            "- name: a\n  title: A\n  terms: {x: 1}\n- name: a\n  title: B\n  terms: {y: 1}\n";
        let err = Taxonomy::parse(Path::new("themes.yaml"), text).expect_err("twice");
        assert_eq!((err.line, err.column), (4, 3));
    }
}
