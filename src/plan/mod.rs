//! Plan: [`Deduped`] in, weekly [`IssuePlan`]s out, written as editable
//! `issues/<YYYY-Www>/issue.yaml` files.
//!
//! Every canonical item gets a theme ([`themes`]; items no theme claims are
//! grouped by a shared keyword, `unthemed`), then dated items go to the ISO
//! week they were first published and each week keeps its best few
//! (`weeks`). Existing issue files are the writer's: they are checked, kept
//! as they are and their items never placed again ([`issue_file`]).

mod anchors;
pub mod editorial;
pub mod explain;
pub(crate) mod headline;
pub mod issue_file;
mod placed;
pub(crate) mod questions;
mod sections;
mod shape;
pub mod themes;
pub(crate) mod unthemed;
pub(crate) mod weeks;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::dedupe::Deduped;
use crate::issue_dir::IssueDir;
use crate::settings::Settings;
pub use issue_file::IssuePlan;
use issue_file::{IssueFileError, IssueFileProblem};
use themes::{Scoring, Taxonomy};

/// Why planning stopped.
#[derive(Debug, thiserror::Error)]
pub enum PlanError {
    /// A hand-edited issue file has a mistake.
    #[error(transparent)]
    IssueFile(#[from] IssueFileError),
    /// Writing an issue file failed.
    #[error(transparent)]
    Io(#[from] crate::fsutil::FsError),
}

/// What `plan` is asked to do.
#[derive(Debug, Clone)]
pub struct Options {
    /// Where the week folders go (`issues`).
    pub out: PathBuf,
    /// Rewrite existing issue files instead of keeping them.
    pub force: bool,
    /// Item ids already sent in an earlier issue (from the send ledger).
    pub already_sent: Vec<String>,
    /// The project root: issue files name their sources relative to it.
    pub root: PathBuf,
}

/// The issue files under `out` whose issue has gone out (its ledger
/// accepted a message). Plan never rewrites them, even with `force`, and
/// never places their items again: what readers have must stay as sent.
pub fn sent_issue_files(out: &Path) -> Vec<PathBuf> {
    IssueDir::all(out)
        .into_iter()
        .filter(IssueDir::has_gone_out)
        .map(|dir| dir.plan_file())
        .collect()
}

/// An issue with its sources named relative to the project root, so its
/// file reads the same whatever folder the command ran in (`--root`).
fn relative_sources(mut issue: IssuePlan, root: &Path) -> IssuePlan {
    if root == Path::new(".") {
        return issue;
    }
    let relative = |path: &mut PathBuf| {
        if let Ok(inside) = path.strip_prefix(root) {
            *path = inside.to_path_buf();
        }
    };
    for section in &mut issue.sections {
        relative(&mut section.source);
        section
            .also_posted
            .iter_mut()
            .for_each(|posted| relative(&mut posted.source));
    }
    issue
}

/// The theme given to one item.
#[derive(Debug, Clone, PartialEq)]
pub struct Themed {
    /// The theme's name.
    pub theme: String,
    /// The runner-up's name, if any theme came second.
    pub runner_up: Option<String>,
}

/// One row of the plan report.
#[derive(Debug, Clone, PartialEq)]
pub struct Placement {
    /// A content item.
    pub item_id: String,
    /// Its theme (its canonical item's).
    pub theme: String,
    /// The issue's week, or `-`.
    pub issue: String,
    /// Why it was not placed, when it was not.
    pub note: String,
}

/// What planning produced.
#[derive(Debug, Clone, Default)]
pub struct Planned {
    /// Every issue, kept or new, in week order, with its file.
    pub issues: Vec<(PathBuf, IssuePlan)>,
    /// How many issue files were written this time.
    pub written: usize,
    /// One row per content item.
    pub report: Vec<Placement>,
    /// Items per theme name, over the canonical items.
    pub theme_counts: Vec<(String, usize)>,
}

/// Themes for every canonical item of `deduped`, by index.
pub fn theme_items(deduped: &Deduped, taxonomy: &Taxonomy) -> (Scoring, Vec<Themed>) {
    let titles: Vec<String> = deduped
        .items
        .par_iter()
        .map(|c| sections::title_of(&c.item))
        .collect();
    let texts: Vec<(&str, &str)> = deduped
        .items
        .iter()
        .zip(&titles)
        .map(|(c, t)| (t.as_str(), c.item.body.as_str()))
        .collect();
    let scoring = Scoring::new(taxonomy, &texts);
    let best: Vec<(Option<usize>, Option<usize>)> = (0..texts.len())
        .into_par_iter()
        .map(|i| scoring.best_two(taxonomy, i))
        .collect();
    let unthemed: Vec<usize> = (0..texts.len()).filter(|&i| best[i].0.is_none()).collect();
    let cap = (texts.len() / 10).max(1);
    let unthemed_texts: Vec<&str> = unthemed
        .iter()
        .map(|&i| deduped.items[i].item.body.as_str())
        .collect();
    let mut group_of: HashMap<usize, String> = HashMap::new();
    for (i, name) in unthemed
        .iter()
        .zip(unthemed::group_names(&unthemed_texts, cap))
    {
        group_of.insert(*i, format!("more-{name}"));
    }
    let name = |t: usize| taxonomy.themes[t].name.clone();
    let themed = (0..texts.len())
        .map(|i| match best[i] {
            (Some(first), second) => Themed {
                theme: name(first),
                runner_up: second.map(name),
            },
            (None, _) => Themed {
                theme: group_of
                    .remove(&i)
                    .unwrap_or_else(|| "more-miscellany".into()),
                runner_up: None,
            },
        })
        .collect();
    (scoring, themed)
}

/// Plans the issues and writes the new issue files.
pub fn plan(
    deduped: &Deduped,
    taxonomy: &Taxonomy,
    settings: &Settings,
    opts: &Options,
) -> Result<Planned, PlanError> {
    let known: HashMap<&str, usize> = canonical_index(deduped);
    // An issue that has gone out (its send ledger accepted a message) is
    // kept even with --force: its items were sent and must not be reused.
    let sent_issues = sent_issue_files(&opts.out);
    let kept: Vec<(PathBuf, IssuePlan)> = sections::read_existing(&opts.out, &known)?
        .into_iter()
        .filter(|(path, _)| !opts.force || sent_issues.contains(path))
        .collect();
    let (_, themed) = theme_items(deduped, taxonomy);
    let mut used: HashMap<usize, String> = HashMap::new();
    for (_, issue) in &kept {
        for section in &issue.sections {
            if let Some(&i) = known.get(section.id.as_str()) {
                used.insert(i, issue.week.clone());
            }
        }
    }
    let sent: Vec<usize> = opts
        .already_sent
        .iter()
        .filter_map(|id| known.get(id.as_str()).copied())
        .collect();
    let fresh = sections::fresh_weeks(deduped, &themed, settings, &sent);
    let mut planned = Planned::default();
    let kept_weeks: Vec<String> = kept.iter().map(|(_, p)| p.week.clone()).collect();
    let record = placed::Record::read(&kept);
    let mut notes = fresh.notes.clone();
    // New pieces for a week whose issue file exists: they go to the next
    // open issue instead of being dropped.
    let mut carried: Vec<(usize, String)> = Vec::new();
    let mut next_number = kept.iter().map(|(_, p)| p.number).max().unwrap_or(0) + 1;
    let mut new_issues = Vec::new();
    for week in &fresh.weeks {
        let name = week.name();
        let fresh_items = week.items.iter().copied().filter(|i| !used.contains_key(i));
        if kept_weeks.contains(&name) {
            carried.extend(
                fresh_items
                    .filter(|&i| !record.had(&name, &deduped.items[i].item.id))
                    .map(|i| (i, name.clone())),
            );
            continue;
        }
        let mut items: Vec<usize> = fresh_items.collect();
        while items.len() < settings.plan.max_sections.max(1) && !carried.is_empty() {
            let (i, from) = carried.remove(0);
            notes.insert(
                i,
                format!("new since the {from} issue was written: moved to {name}"),
            );
            items.push(i);
        }
        if items.is_empty() {
            continue;
        }
        let issue = sections::issue(
            deduped,
            &themed,
            taxonomy,
            settings,
            week,
            &items,
            next_number,
        );
        let issue = relative_sources(issue, &opts.root);
        next_number += 1;
        for &i in &items {
            used.insert(i, name.clone());
        }
        new_issues.push((IssueDir::week(&opts.out, &name).plan_file(), issue));
    }
    for (i, from) in carried {
        notes.insert(
            i,
            format!("new since the {from} issue was written: waits for the next new issue"),
        );
    }
    refuse_overwrite(&new_issues, opts.force)?;
    for (path, issue) in &new_issues {
        issue_file::write(path, issue)?;
        placed::write(path, issue)?;
    }
    planned.written = new_issues.len();
    planned.issues = kept.into_iter().chain(new_issues).collect();
    planned.issues.sort_by(|a, b| a.1.week.cmp(&b.1.week));
    planned.report = sections::report(deduped, &themed, &used, &notes, &sent);
    planned.theme_counts = count_themes(&themed);
    Ok(planned)
}

/// An issue file already there is the writer's: only `--force` replaces it.
fn refuse_overwrite(new_issues: &[(PathBuf, IssuePlan)], force: bool) -> Result<(), PlanError> {
    match new_issues.iter().find(|(path, _)| !force && path.exists()) {
        Some((path, _)) => Err(PlanError::IssueFile(IssueFileError {
            path: path.clone(),
            line: 1,
            column: 1,
            problem: IssueFileProblem::Invalid(
                "an issue file is already here and plan would replace it".into(),
            ),
            hint: "fix or move it, or run `letterpress plan --force` to replace every unsent issue"
                .into(),
        })),
        None => Ok(()),
    }
}

/// Every content item id (canonical or duplicate) → its canonical index.
pub fn canonical_index(deduped: &Deduped) -> HashMap<&str, usize> {
    let mut known = HashMap::new();
    for (i, c) in deduped.items.iter().enumerate() {
        known.insert(c.item.id.as_str(), i);
        for d in &c.duplicates {
            known.insert(d.id.as_str(), i);
        }
    }
    known
}

fn count_themes(themed: &[Themed]) -> Vec<(String, usize)> {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for t in themed {
        *counts.entry(t.theme.as_str()).or_default() += 1;
    }
    let mut counts: Vec<(String, usize)> = counts
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
    counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    counts
}

/// Writes the report as CSV: `item_id,theme,issue,note`.
pub fn write_report(rows: &[Placement], out: impl std::io::Write) -> csv::Result<()> {
    let mut writer = csv::Writer::from_writer(out);
    writer.write_record(["item_id", "theme", "issue", "note"])?;
    for row in rows {
        writer.write_record([&row.item_id, &row.theme, &row.issue, &row.note])?;
    }
    writer.flush()?;
    Ok(())
}

/// The title a section would get for an item.
pub fn sections_title(item: &crate::ingest::ContentItem) -> String {
    sections::title_of(item)
}
