//! `issues/<YYYY-Www>/issue.yaml`: one planned issue, written by `plan`,
//! edited by the writer, read back by `plan` (to keep) and `render` (to use).

use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::anchors;
use crate::dedupe::Reason;
use crate::fsutil;

/// What heads every issue file.
const HEADER: &str = "\
# A planned letterpress issue. Edit freely: reorder, remove or retitle
# sections, change the subject or preheader, or give a section a `body:` of
# your own. `letterpress plan` keeps this file as it is (unless --force), and
# `letterpress render` reads it.
";

/// One planned issue: what `plan` hands to `render`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IssuePlan {
    /// The issue's number, stable across re-runs.
    pub number: u32,
    /// The ISO week, `2023-W07`; also the folder's name.
    pub week: String,
    /// Monday and Sunday of that week.
    pub dates: DateRange,
    /// The email's subject line.
    pub subject: String,
    /// The preview text mail clients show after the subject.
    pub preheader: String,
    /// The theme of the lead (first) section.
    pub lead_theme: String,
    /// The sections, in reading order.
    pub sections: Vec<Section>,
}

/// First and last day of an issue's week.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DateRange {
    /// Monday.
    pub from: NaiveDate,
    /// Sunday.
    pub to: NaiveDate,
}

/// One section of an issue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Section {
    /// The content item's id: the only key a section needs. What is left
    /// out is filled in from the item when the issue is read (title, theme,
    /// source, question), so a writer forces a piece in with one line.
    pub id: String,
    /// The section's title (default: the item's).
    #[serde(default)]
    pub title: String,
    /// Its theme's name (default: the item's best theme).
    #[serde(default)]
    pub theme: String,
    /// Where its text comes from: the file (default: found in the
    /// project's content by the id)...
    #[serde(default)]
    pub source: PathBuf,
    /// ...and the lines in it (for the writer; not read).
    #[serde(default)]
    pub lines: [u32; 2],
    /// The writer's own text for this section, replacing the source's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    /// The closing question (default: the item's own, else a drafted one).
    #[serde(default)]
    pub over_to_you: String,
    /// Whether the question was drafted from the template (not in the source).
    #[serde(default)]
    pub over_to_you_drafted: bool,
    /// When the piece was first published anywhere.
    #[serde(default)]
    pub first_posted: Option<DateTime<Utc>>,
    /// Where else it was posted (duplicates folded into it).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub also_posted: Vec<Posted>,
}

/// One other place a section's piece was posted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Posted {
    /// The duplicate's id.
    pub id: String,
    /// Its file.
    pub source: PathBuf,
    /// When.
    #[serde(default)]
    pub published: Option<DateTime<Utc>>,
    /// How it matched.
    pub reason: Reason,
}

/// An issue file that cannot be used.
#[derive(Debug, thiserror::Error)]
#[error("{}:{line}:{column}: {problem}; {hint}", path.display())]
pub struct IssueFileError {
    /// The file.
    pub path: PathBuf,
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// What is wrong.
    #[source]
    pub problem: IssueFileProblem,
    /// What to do about it.
    pub hint: String,
}

/// What is wrong with an issue file.
#[derive(Debug, thiserror::Error)]
pub enum IssueFileProblem {
    /// The file cannot be read.
    #[error("cannot read: {0}")]
    Read(#[source] std::io::Error),
    /// It is not YAML of an issue file's shape.
    #[error("not a valid issue file: {0}")]
    Yaml(#[source] serde_yaml::Error),
    /// A mistake letterpress finds itself (an anchor, a week that is not
    /// the folder's, a section twice, an unknown item …): what is wrong,
    /// written here — no other error lies under it.
    #[error("{0}")]
    Invalid(String),
}

/// Reads and parses an issue file, and checks what YAML cannot: no
/// anchors or aliases, the week its folder's, headers on one line, and
/// each section once.
pub fn read(path: &Path) -> Result<(IssuePlan, String), IssueFileError> {
    let text = std::fs::read_to_string(path).map_err(|e| IssueFileError {
        path: path.into(),
        line: 1,
        column: 1,
        problem: IssueFileProblem::Read(e),
        hint: "check the file's permissions".into(),
    })?;
    refuse_anchors(path, &text)?;
    let plan = serde_yaml::from_str(&text).map_err(|e| {
        let (line, column) = e.location().map_or((1, 1), |l| (l.line(), l.column()));
        IssueFileError {
            path: path.into(),
            line,
            column,
            problem: IssueFileProblem::Yaml(e),
            hint: "fix the YAML there, or delete the file and run `letterpress plan` again".into(),
        }
    })?;
    check_week(path, &text, &plan)?;
    check_headers(path, &text, &plan)?;
    check_unique_ids(path, &text, &plan)?;
    Ok((plan, text))
}

/// An error at `line:column` of the issue file `path`.
fn error(
    path: &Path,
    (line, column): (usize, usize),
    message: String,
    hint: &str,
) -> IssueFileError {
    IssueFileError {
        path: path.into(),
        line,
        column,
        problem: IssueFileProblem::Invalid(message),
        hint: hint.into(),
    }
}

/// Where the top-level `key:` is, and the column its value starts at.
fn key_at(text: &str, key: &str) -> (usize, usize) {
    let prefix = format!("{key}:");
    text.lines()
        .position(|l| l.starts_with(&prefix))
        .map_or((1, 1), |n| (n + 1, prefix.len() + 2))
}

/// One anchored section referenced 200,000 times is 200,000 sections:
/// anchors and aliases are refused before anything is expanded.
fn refuse_anchors(path: &Path, text: &str) -> Result<(), IssueFileError> {
    let Some(found) = anchors::find(text) else {
        return Ok(());
    };
    let line = text.lines().nth(found.line - 1).unwrap_or_default();
    let name = line[found.column - 1..]
        .split([' ', '\t', ',', ']', '}'])
        .next()
        .unwrap_or_default();
    let what = if found.alias { "alias" } else { "anchor" };
    Err(error(
        path,
        (found.line, found.column),
        format!("YAML {what} `{name}`: issue files take no anchors (&) or aliases (*)"),
        "write the section out in full where it is used",
    ))
}

/// The week names the outbox folder: it must be one plain folder name, or
/// `week: ../../x` would write the outbox outside the project; and it must
/// be the issue folder's own name, or `plan` would take the folder's week
/// for one without an issue and write a fresh plan over the writer's file.
fn check_week(path: &Path, text: &str, plan: &IssuePlan) -> Result<(), IssueFileError> {
    let week = plan.week.escape_debug();
    if !fsutil::is_folder_name(&plan.week) {
        return Err(error(
            path,
            key_at(text, "week"),
            format!(
                "week `{week}` is not a plain folder name (it names the issue's outbox folder)"
            ),
            "write the ISO week, like 2023-W07",
        ));
    }
    let folder = path
        .parent()
        .and_then(Path::file_name)
        .and_then(|n| n.to_str());
    match folder {
        Some(folder) if folder != plan.week => Err(error(
            path,
            key_at(text, "week"),
            format!("week `{week}` is not the issue folder's week `{folder}`"),
            &format!("write `week: {folder}`, or move the file into a folder named `{week}`"),
        )),
        _ => Ok(()),
    }
}

/// The subject and preheader go into one header line each: a line break
/// would start a header of its own.
fn check_headers(path: &Path, text: &str, plan: &IssuePlan) -> Result<(), IssueFileError> {
    for (key, value) in [("subject", &plan.subject), ("preheader", &plan.preheader)] {
        if value.contains(['\r', '\n']) {
            return Err(error(
                path,
                key_at(text, key),
                format!("the {key} `{}` holds a line break", value.escape_debug()),
                &format!("write the {key} on one line"),
            ));
        }
    }
    Ok(())
}

/// Where section `id`'s id is written in the issue file `path` (its value,
/// after `id: `); 1:1 when the file cannot be read or the id is not found.
pub fn locate_id(path: &Path, id: &str) -> (usize, usize) {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let (line, column) = crate::plan::themes::locate(&text, &format!("id: {id}"), 0);
    match line {
        1 if column == 1 => (1, 1),
        _ => (line, column + 4),
    }
}

/// Each item is one section: render would show a twice-listed one twice.
fn check_unique_ids(path: &Path, text: &str, plan: &IssuePlan) -> Result<(), IssueFileError> {
    let mut seen = std::collections::HashSet::new();
    for section in &plan.sections {
        if !seen.insert(section.id.as_str()) {
            let needle = format!("id: {}", section.id);
            let (line, column) = crate::plan::themes::locate(text, &needle, 1);
            let first = crate::plan::themes::locate(text, &needle, 0).0;
            return Err(error(
                path,
                (line, column + 4),
                format!(
                    "section `{}` is listed twice (first on line {first})",
                    section.id
                ),
                "an item is one section: remove one of them",
            ));
        }
    }
    Ok(())
}

/// Writes an issue file atomically, with its explanatory header.
pub fn write(path: &Path, plan: &IssuePlan) -> Result<(), fsutil::FsError> {
    let yaml = serde_yaml::to_string(plan).map_err(|e| fsutil::FsError {
        action: "cannot write",
        path: path.into(),
        source: std::io::Error::other(e),
    })?;
    // An editor with a YAML language server checks the file as it is
    // edited when the project has its schemas (`letterpress schema --write`).
    let schema = path
        .parent()
        .and_then(|dir| crate::schema_ref::reference_line(crate::schema_ref::Kind::Issue, dir))
        .unwrap_or_default();
    fsutil::write_atomic(path, format!("{schema}{HEADER}{yaml}").as_bytes())
}
