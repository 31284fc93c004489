//! Why an item got its theme and whether the editorial rules run it: what
//! `plan --explain ID` shows, as a value a script can read too.

use serde::Serialize;

use super::editorial::{self, Judgement};
use super::themes::{Contribution, Taxonomy};
use crate::dedupe::Deduped;

/// The reasons behind one item's place in the plan.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Explanation {
    /// The id that was asked about.
    pub id: String,
    /// The item that stands for it: itself, or the item it duplicates.
    pub canonical: String,
    /// The canonical item's section title.
    pub title: String,
    /// Whether the editorial rules place it, and why not.
    pub editorial: Judgement,
    /// The theme it was given.
    pub theme: String,
    /// The best three themes by score, best first (none when no theme's
    /// terms occur: it is then grouped with items sharing its most
    /// distinctive word).
    pub scores: Vec<ExplainedScore>,
}

/// One theme's score for the item, term by term.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExplainedScore {
    /// The theme's short name.
    pub name: String,
    /// The theme's title, as readers see it.
    pub title: String,
    /// The total.
    pub score: f64,
    /// The terms that made it, largest first.
    pub contributions: Vec<Contribution>,
}

/// Explains item `id` (canonical or a duplicate); `None` when no item has
/// that id.
pub fn explain(deduped: &Deduped, taxonomy: &Taxonomy, id: &str) -> Option<Explanation> {
    let index = *super::canonical_index(deduped).get(id)?;
    let canonical = &deduped.items[index].item;
    let (scoring, themed) = super::theme_items(deduped, taxonomy);
    let scores = scoring
        .scores(taxonomy, index)
        .into_iter()
        .take(3)
        .map(|score| {
            let theme = &taxonomy.themes[score.theme];
            ExplainedScore {
                name: theme.name.clone(),
                title: theme.title.clone(),
                score: score.score,
                contributions: score.contributions,
            }
        })
        .collect();
    Some(Explanation {
        id: id.to_string(),
        canonical: canonical.id.clone(),
        title: super::sections_title(canonical),
        editorial: editorial::judge(canonical),
        theme: themed[index].theme.clone(),
        scores,
    })
}
