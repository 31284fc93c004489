//! From themed canonical items to issues: candidates for the week planner,
//! sections with titles and questions, the checks on existing issue files,
//! and the placement report.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::issue_file::{
    self, DateRange, IssueFileError, IssueFileProblem, IssuePlan, Posted, Section,
};
use super::themes::{locate, Taxonomy};
use super::weeks::{self, Candidate, Sizes, Week};
use super::{headline, questions};
use super::{Placement, Themed};
use crate::dedupe::Deduped;
use crate::ingest::{ContentItem, Kind};
use crate::issue_dir::IssueDir;
use crate::settings::Settings;

/// The fresh plan of every week, before existing files are taken into account.
pub(super) struct Fresh {
    /// Weeks in time order.
    pub weeks: Vec<Week>,
    /// Why each canonical item that is in no week was left out.
    pub notes: HashMap<usize, String>,
}

/// Plans every week from scratch (deterministic: the same input gives the
/// same weeks, which is what lets kept files and new ones agree).
pub(super) fn fresh_weeks(
    deduped: &Deduped,
    themed: &[Themed],
    settings: &Settings,
    sent: &[usize],
) -> Fresh {
    let mut theme_ids: HashMap<&str, usize> = HashMap::new();
    let mut notes = HashMap::new();
    let mut candidates = Vec::new();
    let word_counts: Vec<usize> = deduped
        .items
        .par_iter()
        .map(|c| c.item.body.split_whitespace().count())
        .collect();
    let sent: std::collections::HashSet<usize> = sent.iter().copied().collect();
    for (index, canonical) in deduped.items.iter().enumerate() {
        let item = &canonical.item;
        let words = word_counts[index];
        let judged = super::editorial::judge(item);
        if sent.contains(&index) {
            notes.insert(index, "sent in an earlier issue".to_string());
        } else if judged.label != super::editorial::Label::Keep {
            notes.insert(
                index,
                format!(
                    "left out: {} — {}; put its id in an issue.yaml to run it anyway",
                    judged.label.as_str(),
                    judged.reason
                ),
            );
        } else if words < settings.plan.min_words {
            notes.insert(index, format!("too short for a section ({words} words)"));
        } else {
            let next = theme_ids.len();
            let theme = *theme_ids
                .entry(themed[index].theme.as_str())
                .or_insert(next);
            candidates.push(Candidate {
                index,
                date: item.published,
                theme,
                quality: quality(item, words),
            });
        }
    }
    let sizes = Sizes {
        min: settings.plan.min_sections,
        max: settings.plan.max_sections.max(1),
    };
    let (weeks, left) = weeks::assign(candidates, sizes);
    for index in left {
        let note = match deduped.items[index].item.published {
            Some(_) => "in the backlog: its week was full",
            None => "in the backlog: undated, waiting for a thin week",
        };
        notes.insert(index, note.to_string());
    }
    Fresh { weeks, notes }
}

/// How good a section an item makes: length (up to a point), a question to
/// close on, a picture, and being a whole piece rather than a single tweet.
fn quality(item: &ContentItem, words: usize) -> u32 {
    let mut score = words.min(400) as u32;
    if item.hints.over_to_you.is_some() {
        score += 60;
    }
    if !item.images.is_empty() {
        score += 40;
    }
    if matches!(
        item.kind,
        Kind::Thread | Kind::NewsletterSection | Kind::Post
    ) {
        score += 30;
    }
    score
}

pub(super) use super::headline::title_of;

/// Builds one issue from its chosen items.
pub(super) fn issue(
    deduped: &Deduped,
    themed: &[Themed],
    taxonomy: &Taxonomy,
    settings: &Settings,
    week: &Week,
    items: &[usize],
    number: u32,
) -> IssuePlan {
    let sections: Vec<Section> = items
        .iter()
        .map(|&i| section(deduped, themed, settings, i))
        .collect();
    let lead_theme = sections
        .first()
        .map(|s| s.theme.clone())
        .unwrap_or_default();
    let titles: Vec<&str> = sections.iter().map(|s| s.title.as_str()).collect();
    let theme_title = taxonomy
        .themes
        .iter()
        .find(|t| t.name == lead_theme)
        .map_or(lead_theme.as_str(), |t| t.title.as_str());
    IssuePlan {
        number,
        week: week.name(),
        dates: DateRange {
            from: week.monday(),
            to: week.sunday(),
        },
        subject: headline::subject(&titles),
        preheader: headline::preheader(
            theme_title,
            &titles,
            headline::titles_in_subject(&headline::subject(&titles)),
        ),
        lead_theme: lead_theme.clone(),
        sections,
    }
}

fn section(deduped: &Deduped, themed: &[Themed], settings: &Settings, index: usize) -> Section {
    let canonical = &deduped.items[index];
    let item = &canonical.item;
    let title = title_of(item);
    let (over_to_you, drafted) = match &item.hints.over_to_you {
        Some(question) => (headline::capitalised(&headline::fold(question)), false),
        None => match &settings.plan.over_to_you_template {
            Some(template) => (template.replace("{topic}", &topic(&title)), true),
            None if settings.plan.draft_questions => {
                (questions::draft(&item.id, &title, &item.body), true)
            }
            None => (String::new(), false),
        },
    };
    Section {
        id: item.id.clone(),
        title,
        theme: themed[index].theme.clone(),
        source: item.source.to_path_buf(),
        lines: item.lines,
        body: None,
        over_to_you,
        over_to_you_drafted: drafted,
        first_posted: item.published,
        also_posted: canonical
            .duplicates
            .iter()
            .map(|d| Posted {
                id: d.id.clone(),
                source: d.source.to_path_buf(),
                published: d.published,
                reason: d.reason,
            })
            .collect(),
    }
}

/// A title as a topic inside a sentence: without its closing punctuation.
fn topic(title: &str) -> String {
    title.trim_end_matches(['?', '!', '.', '…']).to_string()
}

/// Reads every existing issue file under `out` and checks it: valid YAML,
/// known item ids, no item in two issues. The first problem stops planning
/// before anything is written.
pub(super) fn read_existing(
    out: &Path,
    known: &HashMap<&str, usize>,
) -> Result<Vec<(PathBuf, IssuePlan)>, IssueFileError> {
    let mut kept = Vec::new();
    let mut seen: HashMap<usize, PathBuf> = HashMap::new();
    for path in IssueDir::all(out).iter().map(IssueDir::plan_file) {
        let (plan, text) = issue_file::read(&path)?;
        for section in &plan.sections {
            let error = |message: String, hint: &str| {
                let (line, column) = locate(&text, &section.id, 0);
                IssueFileError {
                    path: path.clone(),
                    line,
                    column,
                    problem: IssueFileProblem::Invalid(message),
                    hint: hint.to_string(),
                }
            };
            let Some(&index) = known.get(section.id.as_str()) else {
                return Err(error(
                    format!("unknown item id `{}`", section.id),
                    "it is not in the content that was read: check it for a typo \
                     (`letterpress plan --report FILE.csv` lists every id), or remove the section",
                ));
            };
            if let Some(other) = seen.insert(index, path.clone()) {
                return Err(error(
                    format!("item `{}` is also in {}", section.id, other.display()),
                    "an item goes in one issue only: remove it from one of them",
                ));
            }
        }
        kept.push((path, plan));
    }
    Ok(kept)
}

/// One row per content item: its theme and issue, or why it has none.
pub(super) fn report(
    deduped: &Deduped,
    themed: &[Themed],
    used: &HashMap<usize, String>,
    notes: &HashMap<usize, String>,
    sent: &[usize],
) -> Vec<Placement> {
    let index: HashMap<&str, usize> = deduped
        .items
        .iter()
        .enumerate()
        .map(|(i, c)| (c.item.id.as_str(), i))
        .collect();
    deduped
        .report
        .iter()
        .filter_map(|row| {
            let c = *index.get(row.canonical_id.as_str())?;
            let theme = themed[c].theme.clone();
            let placed = used.get(&c);
            let (issue, note) = if row.item_id != row.canonical_id {
                let where_ = placed.map_or(String::new(), |w| format!(", which is in {w}"));
                (
                    "-".to_string(),
                    format!("duplicate of {}{where_}", row.canonical_id),
                )
            } else if let Some(week) = placed {
                (week.clone(), notes.get(&c).cloned().unwrap_or_default())
            } else if sent.contains(&c) {
                ("-".to_string(), "sent in an earlier issue".to_string())
            } else {
                let note = notes.get(&c).cloned();
                (
                    "-".to_string(),
                    note.unwrap_or_else(|| "removed from its issue by the writer".into()),
                )
            };
            Some(Placement {
                item_id: row.item_id.clone(),
                theme,
                issue,
                note,
            })
        })
        .collect()
}
