//! `export threads` as one call: each issue's draft for a platform, with
//! when `schedule.yaml` sends the issue, written in a scheduler's format.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use super::PipelineError;
use crate::project::Project;
use crate::render::threads::export::{self, Format, IssueDraft};
use crate::render::threads::Platform;

/// What an export made.
#[derive(Debug, Clone)]
pub struct Export {
    /// The drafts in the format asked for.
    pub text: String,
    /// What the writer should know (a schedule that could not be read
    /// leaves every `scheduled_at` empty).
    pub warnings: Vec<String>,
}

/// Every issue folder's draft for `platform`, in `format`.
pub fn export_threads(
    project: &Project,
    dirs: &[PathBuf],
    platform: Platform,
    format: Format,
) -> Result<Export, PipelineError> {
    let mut warnings = Vec::new();
    let scheduled = scheduled_times(project, &mut warnings);
    let drafts: Vec<IssueDraft> = super::issue_drafts(project, dirs, platform)?
        .into_iter()
        .map(|(plan, draft)| IssueDraft {
            scheduled_at: scheduled.get(&plan.week).copied(),
            week: plan.week,
            subject: plan.subject,
            draft,
        })
        .collect();
    Ok(Export {
        text: export::export(&drafts, format)?,
        warnings,
    })
}

/// Each scheduled issue's send time (none without a `schedule.yaml`).
fn scheduled_times(
    project: &Project,
    warnings: &mut Vec<String>,
) -> HashMap<String, DateTime<Utc>> {
    let path = project.path(Path::new("schedule.yaml"));
    if !path.exists() {
        return HashMap::new();
    }
    match crate::schedule::load(&path) {
        Ok(schedule) => schedule
            .entries
            .iter()
            .map(|e| (e.issue.clone(), e.send.utc))
            .collect(),
        Err(e) => {
            warnings.push(format!("scheduled_at left empty: {e}"));
            HashMap::new()
        }
    }
}
