//! `letterpress export threads`: issues' thread drafts for bulk schedulers,
//! as JSON payloads (Typefully, Buffer), CSV or Markdown.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;
use serde_json::json;

use crate::cli::{ExportCommand, ExportFormat};
use crate::fsutil;
use crate::plan::issue_file;
use crate::render::threads::{self, Draft};
use crate::render::Renderer;
use crate::settings::Settings;

/// Runs the command.
pub fn execute(command: &ExportCommand, _quiet: bool) -> anyhow::Result<ExitCode> {
    let ExportCommand::Threads(args) = command;
    let dirs = super::issue_dirs(&args.dirs, "export")?;
    let renderer = Renderer::new(Path::new("."), Settings::load(Path::new("."))?)?;
    let mut drafts = Vec::new();
    for dir in &dirs {
        let (plan, _) = issue_file::read(&dir.join(issue_file::FILE_NAME))?;
        let source = renderer.thread_source(dir, &plan)?;
        let draft = renderer
            .drafts(&source, &[args.platform])?
            .into_iter()
            .next()
            .context("no draft made")?;
        drafts.push((plan.week, plan.subject, draft));
    }
    let text = match args.format {
        ExportFormat::Csv => csv_rows(&drafts)?,
        ExportFormat::Json => serde_json::to_string_pretty(&json_payloads(&drafts))? + "\n",
        ExportFormat::Md => drafts
            .iter()
            .map(|(_, subject, d)| threads::to_markdown(d, subject))
            .collect::<Vec<_>>()
            .join("\n"),
    };
    match &args.out {
        Some(path) => fsutil::write_atomic(path, text.as_bytes())?,
        None => std::io::stdout().lock().write_all(text.as_bytes())?,
    }
    Ok(ExitCode::SUCCESS)
}

/// `platform,issue,post_index,text,weighted_length,images,scheduled_at`;
/// images separated by spaces; `scheduled_at` is empty until the issue is
/// in `schedule.yaml`.
fn csv_rows(drafts: &[(String, String, Draft)]) -> anyhow::Result<String> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record([
        "platform",
        "issue",
        "post_index",
        "text",
        "weighted_length",
        "images",
        "scheduled_at",
    ])?;
    for (week, _, draft) in drafts {
        for (i, post) in draft.posts.iter().enumerate() {
            writer.write_record([
                draft.platform.as_str(),
                week,
                &(i + 1).to_string(),
                &post.text,
                &post.weighted_length.to_string(),
                &post.images.join(" "),
                "",
            ])?;
        }
    }
    Ok(String::from_utf8(writer.into_inner()?)?)
}

/// One object per issue: Typefully's draft (`content` with posts separated
/// by four newlines, `threadify: false`, `schedule-date`) and Buffer's
/// updates (`text`, `media.photo`, `scheduled_at`, one per post).
fn json_payloads(drafts: &[(String, String, Draft)]) -> serde_json::Value {
    let issues: Vec<serde_json::Value> = drafts
        .iter()
        .map(|(week, subject, draft)| {
            let content: Vec<&str> = draft.posts.iter().map(|p| p.text.as_str()).collect();
            let buffer: Vec<serde_json::Value> = draft
                .posts
                .iter()
                .map(|p| {
                    json!({
                        "text": p.text,
                        "media": p.images.first().map(|photo| json!({ "photo": photo })),
                        "scheduled_at": null,
                    })
                })
                .collect();
            json!({
                "issue": week,
                "subject": subject,
                "platform": draft.platform.as_str(),
                "posts": draft.posts,
                "typefully": { "content": content.join("\n\n\n\n"), "threadify": false, "schedule-date": null },
                "buffer": buffer,
            })
        })
        .collect();
    serde_json::Value::Array(issues)
}
