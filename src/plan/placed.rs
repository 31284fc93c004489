//! What `plan` put into each issue when it wrote it
//! ([`IssueDir::placed_record`], one id a line). It tells a piece the
//! writer removed from an issue (recorded: never placed again) from a piece
//! that arrived after its week's issue was written (not recorded: it goes
//! to the next open issue).

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use super::IssuePlan;
use crate::fsutil::{self, FsError};
use crate::issue_dir::IssueDir;

/// The records of the existing issues, by week.
pub(super) struct Record {
    /// Week → the ids placed in it; `None` for an issue written before
    /// records were kept (every piece of its week then counts as its).
    weeks: HashMap<String, Option<HashSet<String>>>,
}

impl Record {
    /// Reads the record of every kept issue.
    pub(super) fn read(kept: &[(PathBuf, IssuePlan)]) -> Record {
        let weeks = kept
            .iter()
            .map(|(path, plan)| {
                let file = IssueDir::of_plan_file(path).placed_record();
                let ids = std::fs::read_to_string(file)
                    .ok()
                    .map(|text| text.lines().map(str::to_string).collect());
                (plan.week.clone(), ids)
            })
            .collect();
        Record { weeks }
    }

    /// Whether `id`, a piece of `week`, was considered for that week's
    /// existing issue (placed, then perhaps removed by the writer).
    pub(super) fn had(&self, week: &str, id: &str) -> bool {
        match self.weeks.get(week) {
            Some(Some(ids)) => ids.contains(id),
            Some(None) => true,
            None => false,
        }
    }
}

/// Writes the record of a newly written issue.
pub(super) fn write(plan_file: &Path, issue: &IssuePlan) -> Result<(), FsError> {
    let text: String = issue
        .sections
        .iter()
        .map(|s| format!("{}\n", s.id))
        .collect();
    fsutil::write_atomic(
        &IssueDir::of_plan_file(plan_file).placed_record(),
        text.as_bytes(),
    )
}
