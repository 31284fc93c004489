//! `letterpress export threads`: issues' thread drafts for bulk schedulers,
//! as JSON payloads (Typefully, Buffer), CSV or Markdown.

use chrono::{DateTime, Utc};
use std::collections::HashMap;
use std::io::Write;
use std::path::Path;

use super::{Exit, Global};
use crate::cli::{ExportCommand, ExportFormat};
use crate::fsutil;
use crate::pipeline;
use crate::project::Project;
use crate::render::threads::{self, Draft};

/// An issue's week, subject, draft and scheduled time.
type Scheduled = (String, String, Draft, Option<DateTime<Utc>>);

/// Each issue's send time in `schedule.yaml`, when there is a valid one;
/// thread drafts carry it as `scheduled_at`.
fn scheduled_times(project: &Project) -> HashMap<String, DateTime<Utc>> {
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
            eprintln!("warning: scheduled_at left empty: {e}");
            HashMap::new()
        }
    }
}

/// Runs the command.
pub(crate) fn execute(command: &ExportCommand, g: &Global<'_>) -> anyhow::Result<Exit> {
    let ExportCommand::Threads(args) = command;
    let project = Project::load(g.root)?;
    let dirs = super::issue_dirs(&project, &args.dirs, "export")?;
    let scheduled = scheduled_times(&project);
    let drafts: Vec<Scheduled> = pipeline::issue_drafts(&project, &dirs, args.platform.into())?
        .into_iter()
        .map(|(plan, draft)| {
            let at = scheduled.get(&plan.week).copied();
            (plan.week, plan.subject, draft, at)
        })
        .collect();
    let text = match args.format {
        ExportFormat::Csv => csv_rows(&drafts)?,
        ExportFormat::Json => {
            let payloads: Vec<serde_json::Value> = drafts
                .iter()
                .map(|(week, subject, draft, at)| threads::payload(week, subject, draft, *at))
                .collect();
            serde_json::to_string_pretty(&payloads)? + "\n"
        }
        ExportFormat::Md => drafts
            .iter()
            .map(|(_, subject, d, _)| threads::to_markdown(d, subject))
            .collect::<Vec<_>>()
            .join("\n"),
    };
    match &args.out {
        Some(path) => fsutil::write_atomic(path, text.as_bytes())?,
        None => std::io::stdout().lock().write_all(text.as_bytes())?,
    }
    Ok(Exit::Done)
}

/// `platform,issue,kind,item_id,post_index,text,weighted_length,images,scheduled_at`,
/// a row per post of every thread (`kind`: `issue` or `section`; `item_id`:
/// the section's item, the issue's week for the issue thread); images
/// separated by spaces; `scheduled_at` is empty unless the issue is in
/// `schedule.yaml`.
fn csv_rows(drafts: &[Scheduled]) -> anyhow::Result<String> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record([
        "platform",
        "issue",
        "kind",
        "item_id",
        "post_index",
        "text",
        "weighted_length",
        "images",
        "scheduled_at",
    ])?;
    for (week, _, draft, at) in drafts {
        let at = at.map_or_else(String::new, |t| {
            t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
        });
        for (thread, (i, post)) in draft
            .threads
            .iter()
            .flat_map(|t| t.posts.iter().enumerate().map(move |p| (t, p)))
        {
            let kind = match thread.kind {
                threads::ThreadKind::Issue => "issue",
                threads::ThreadKind::Section => "section",
            };
            writer.write_record([
                draft.platform.as_str(),
                week,
                kind,
                &thread.item_id,
                &(i + 1).to_string(),
                &post.text,
                &post.weighted_length.to_string(),
                &post.images.join(" "),
                &at,
            ])?;
        }
    }
    Ok(String::from_utf8(writer.into_inner()?)?)
}
