//! Weekly issues from themed items: each dated item goes to the ISO week of
//! its first publication; a week keeps its best items (up to the maximum),
//! its leftovers go to a backlog, and thin weeks are filled from the backlog
//! with items never dated after the week (undated items wait there too).
//! Sections are grouped by theme, the lead story's theme first.

use chrono::{DateTime, Datelike, NaiveDate, Utc, Weekday};

/// What the week planner needs to know of one item.
#[derive(Debug, Clone)]
pub(crate) struct Candidate {
    /// Index of the item in the caller's list.
    pub index: usize,
    /// When it was first published, if known.
    pub date: Option<DateTime<Utc>>,
    /// Its theme (an index the caller understands).
    pub theme: usize,
    /// How good a section it makes (higher is better).
    pub quality: u32,
}

/// One week's issue: its ISO week and the chosen items, in reading order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Week {
    /// ISO week year and number.
    pub year: i32,
    /// ISO week number.
    pub week: u32,
    /// Indices of the chosen items, lead story first.
    pub items: Vec<usize>,
}

impl Week {
    /// `2023-W07`.
    pub(crate) fn name(&self) -> String {
        format!("{}-W{:02}", self.year, self.week)
    }

    /// Monday of the week.
    pub(crate) fn monday(&self) -> NaiveDate {
        NaiveDate::from_isoywd_opt(self.year, self.week, Weekday::Mon).unwrap_or_default()
    }

    /// Sunday of the week.
    pub(crate) fn sunday(&self) -> NaiveDate {
        NaiveDate::from_isoywd_opt(self.year, self.week, Weekday::Sun).unwrap_or_default()
    }
}

/// Section counts.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Sizes {
    /// Fewest sections wanted.
    pub min: usize,
    /// Most sections allowed.
    pub max: usize,
}

/// Assigns candidates to weeks. Returns the weeks (in time order) and the
/// indices left in the backlog.
pub(crate) fn assign(mut candidates: Vec<Candidate>, sizes: Sizes) -> (Vec<Week>, Vec<usize>) {
    let key = |c: &Candidate| c.date.map(|d| (d.iso_week().year(), d.iso_week().week()));
    // Time order, then best first within a week; undated at the end.
    candidates.sort_by(|a, b| {
        (
            key(a).is_none(),
            key(a),
            std::cmp::Reverse(a.quality),
            a.index,
        )
            .cmp(&(
                key(b).is_none(),
                key(b),
                std::cmp::Reverse(b.quality),
                b.index,
            ))
    });
    let undated: Vec<Candidate> = candidates
        .iter()
        .filter(|c| c.date.is_none())
        .cloned()
        .collect();
    let mut backlog: Vec<Candidate> = Vec::new();
    let mut weeks = Vec::new();
    let dated: Vec<&Candidate> = candidates.iter().filter(|c| c.date.is_some()).collect();
    for group in dated.chunk_by(|a, b| key(a) == key(b)) {
        let Some((year, week)) = key(group[0]) else {
            continue;
        };
        let mut chosen: Vec<Candidate> =
            group.iter().take(sizes.max).map(|c| (*c).clone()).collect();
        backlog.extend(group.iter().skip(sizes.max).map(|c| (*c).clone()));
        if chosen.len() < sizes.min {
            fill(&mut chosen, &mut backlog, &undated, sizes.min, &weeks);
        }
        weeks.push(Week {
            year,
            week,
            items: reading_order(&chosen),
        });
    }
    let placed: std::collections::HashSet<usize> =
        weeks.iter().flat_map(|w| w.items.iter().copied()).collect();
    let left = candidates
        .iter()
        .map(|c| c.index)
        .filter(|i| !placed.contains(i))
        .collect();
    (weeks, left)
}

/// Tops a thin week up from the backlog (items from earlier weeks), then
/// from undated items: those sharing a theme with the week first, then the
/// best.
fn fill(
    chosen: &mut Vec<Candidate>,
    backlog: &mut Vec<Candidate>,
    undated: &[Candidate],
    min: usize,
    weeks: &[Week],
) {
    let used_undated = |c: &Candidate| weeks.iter().any(|w| w.items.contains(&c.index));
    while chosen.len() < min {
        let themes: Vec<usize> = chosen.iter().map(|c| c.theme).collect();
        let rank = |c: &Candidate| (themes.contains(&c.theme), c.quality);
        if let Some(at) =
            (0..backlog.len()).max_by_key(|&i| (rank(&backlog[i]), std::cmp::Reverse(i)))
        {
            chosen.push(backlog.remove(at));
            continue;
        }
        let next = undated
            .iter()
            .filter(|c| !used_undated(c) && !chosen.iter().any(|x| x.index == c.index))
            .max_by_key(|c| (rank(c), std::cmp::Reverse(c.index)));
        match next {
            Some(c) => chosen.push(c.clone()),
            None => break,
        }
    }
}

/// The best dated item leads (undated notes may fill a week, never lead
/// it); sections of its theme follow it, then the other themes in the order
/// of their best item.
fn reading_order(chosen: &[Candidate]) -> Vec<usize> {
    let mut sorted: Vec<&Candidate> = chosen.iter().collect();
    sorted.sort_by_key(|c| (c.date.is_none(), std::cmp::Reverse(c.quality), c.index));
    let mut themes: Vec<usize> = Vec::new();
    for c in &sorted {
        if !themes.contains(&c.theme) {
            themes.push(c.theme);
        }
    }
    themes
        .iter()
        .flat_map(|&t| sorted.iter().filter(move |c| c.theme == t).map(|c| c.index))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(day: &str, index: usize, theme: usize, quality: u32) -> Candidate {
        Candidate {
            index,
            date: Some(format!("{day}T12:00:00Z").parse().expect("date")),
            theme,
            quality,
        }
    }

    #[test]
    fn full_weeks_spill_and_thin_weeks_fill_only_from_the_past() {
        let mut items: Vec<Candidate> = (0..8)
            .map(|i| at("2023-02-14", i, i % 2, i as u32))
            .collect();
        items.push(at("2023-02-21", 8, 0, 1)); // a thin week after
        items.push(at("2023-02-07", 9, 1, 1)); // a thin week before
        items.push(Candidate {
            index: 10,
            date: None,
            theme: 1,
            quality: 99,
        });
        let (weeks, left) = assign(items, Sizes { min: 3, max: 6 });
        let names: Vec<String> = weeks.iter().map(Week::name).collect();
        assert_eq!(names, ["2023-W06", "2023-W07", "2023-W08"]);
        // W06 has nothing earlier in the backlog: only the undated item
        // helps, and it follows the week's own item however good it is.
        assert_eq!(weeks[0].items, [9, 10]);
        // W07 keeps its six best, lead (7, theme 1) and its theme first.
        assert_eq!(weeks[1].items, [7, 5, 3, 6, 4, 2]);
        // W08 is filled with W07's leftovers, never with later items.
        assert_eq!(weeks[2].items.len(), 3);
        assert!(weeks[2].items.contains(&8));
        assert!(left.is_empty() || left.iter().all(|i| [0, 1].contains(i)));
        let all: Vec<usize> = weeks
            .iter()
            .flat_map(|w| w.items.clone())
            .chain(left)
            .collect();
        let mut unique = all.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(all.len(), unique.len(), "no item twice");
    }
}
