//! Names for the items no theme claims: each is grouped under the most
//! distinctive word it shares with other such items (tf × idf), and no group
//! may grow past a cap, so there is never one catch-all bucket.

use rustc_hash::FxHashMap;

/// Words too common to name anything.
const STOP_WORDS: &[&str] = &[
    "about", "after", "also", "because", "been", "before", "being", "between", "both", "does",
    "each", "even", "every", "from", "have", "here", "into", "just", "like", "made", "make",
    "many", "more", "most", "much", "need", "only", "other", "over", "same", "should", "some",
    "such", "than", "that", "their", "them", "then", "there", "these", "they", "this", "those",
    "through", "very", "what", "when", "where", "which", "while", "will", "with", "would", "your",
    "yours", "you're", "it's", "thread", "week", "today", "below", "above",
];

/// A group name (a word) for each text, no group larger than `cap`.
pub(crate) fn group_names(texts: &[&str], cap: usize) -> Vec<String> {
    let cap = cap.max(1);
    let words: Vec<Vec<String>> = texts.iter().map(|t| content_words(t)).collect();
    let mut containing: FxHashMap<&str, usize> = FxHashMap::default();
    for list in &words {
        let mut seen: Vec<&str> = list.iter().map(String::as_str).collect();
        seen.sort_unstable();
        seen.dedup();
        for word in seen {
            *containing.entry(word).or_default() += 1;
        }
    }
    let n = texts.len() as f64;
    let mut sizes: FxHashMap<String, usize> = FxHashMap::default();
    let mut names = Vec::with_capacity(texts.len());
    for list in &words {
        let mut counts: FxHashMap<&str, usize> = FxHashMap::default();
        for word in list {
            *counts.entry(word.as_str()).or_default() += 1;
        }
        let mut ranked: Vec<(&str, f64, usize)> = counts
            .iter()
            .map(|(&w, &tf)| {
                let df = containing.get(w).copied().unwrap_or(1);
                (w, tf as f64 * (n / df as f64).ln().max(0.01), df)
            })
            .collect();
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(b.0)));
        // Prefer a word shared with other items, so groups form; take the
        // first with room left.
        let shared = ranked.iter().filter(|r| r.2 > 1);
        let chosen = shared
            .chain(ranked.iter())
            .find(|r| sizes.get(r.0).copied().unwrap_or(0) < cap)
            .map_or_else(|| "miscellany".to_string(), |r| r.0.to_string());
        *sizes.entry(chosen.clone()).or_default() += 1;
        names.push(chosen);
    }
    names
}

/// Lower-case alphabetic words of four letters or more, without stop words.
fn content_words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric() && c != '\'')
        .filter(|w| w.chars().count() >= 4 && w.chars().all(char::is_alphabetic))
        .map(str::to_lowercase)
        .filter(|w| !STOP_WORDS.contains(&w.as_str()) && !w.starts_with("http"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shared_distinctive_words_name_groups_and_caps_hold() {
        let texts = [
            "Sourdough starter feeding schedule",
            "My sourdough loaf collapsed again",
            "Gardening tomatoes in small pots",
            "Tomatoes need sun and patience",
            "Sourdough crumb shots from the weekend",
        ];
        let names = group_names(&texts, 2);
        assert_eq!(names[0], "sourdough");
        assert_eq!(names[1], "sourdough");
        assert_eq!(names[2], "tomatoes");
        assert_eq!(names[3], "tomatoes");
        assert_ne!(names[4], "sourdough", "cap of 2 reached");
    }
}
