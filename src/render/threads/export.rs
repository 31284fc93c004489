//! An issue's drafts for one platform as the JSON today's schedulers take:
//! the threads as written, Typefully API v2 draft bodies (`POST
//! /v2/social-sets/{id}/drafts`) and Buffer GraphQL `createPost` inputs,
//! one per thread. Both are documented in docs/threads.md's "Schedulers".

use serde_json::{json, Value};

use super::{Draft, Platform, Thread};

/// Typefully's key for a platform in `platforms`.
fn typefully_key(platform: Platform) -> &'static str {
    match platform {
        Platform::X => "x",
        Platform::Bluesky => "bluesky",
        Platform::Mastodon => "mastodon",
        Platform::Linkedin => "linkedin",
    }
}

/// Buffer's service name in `metadata`.
fn buffer_service(platform: Platform) -> &'static str {
    match platform {
        Platform::X => "twitter",
        Platform::Bluesky => "bluesky",
        Platform::Mastodon => "mastodon",
        Platform::Linkedin => "linkedin",
    }
}

/// A Typefully v2 draft: the thread's posts under the platform's key,
/// `publish_at` when scheduled. Typefully attaches media by `media_ids`
/// from its own upload endpoint, so each post's image URLs are listed
/// beside the body (`media_urls`, one list per post) for the uploader.
fn typefully(thread: &Thread, platform: Platform, at: Option<&str>) -> Value {
    let posts: Vec<Value> = thread
        .posts
        .iter()
        .map(|p| json!({ "text": p.text }))
        .collect();
    let mut body = json!({
        "draft_title": thread.title,
        "platforms": { typefully_key(platform): { "enabled": true, "posts": posts } },
    });
    if let Some(at) = at {
        body["publish_at"] = json!(at);
    }
    let media: Vec<&Vec<String>> = thread.posts.iter().map(|p| &p.images).collect();
    json!({ "body": body, "media_urls": media })
}

/// A Buffer `createPost` input: the first post's text at the top, every
/// post (the first included) in `metadata.<service>.thread`, images as
/// `assets`; `channelId` is left for the caller to fill.
fn buffer(thread: &Thread, platform: Platform, at: Option<&str>) -> Value {
    let assets = |images: &[String]| -> Vec<Value> {
        images
            .iter()
            .map(|url| json!({ "image": { "url": url } }))
            .collect()
    };
    let first = thread.posts.first();
    let mut input = json!({
        "channelId": "",
        "schedulingType": "automatic",
        "mode": if at.is_some() { "customScheduled" } else { "addToQueue" },
        "text": first.map_or("", |p| p.text.as_str()),
        "assets": first.map(|p| assets(&p.images)).unwrap_or_default(),
    });
    if let Some(at) = at {
        input["dueAt"] = json!(at);
    }
    if thread.posts.len() > 1 {
        let posts: Vec<Value> = thread
            .posts
            .iter()
            .map(|p| json!({ "text": p.text, "assets": assets(&p.images) }))
            .collect();
        input["metadata"] = json!({ buffer_service(platform): { "thread": posts } });
    }
    input
}

/// A draft as one JSON object for schedulers and webhooks: `issue`,
/// `subject`, `platform`, `scheduled_at`, the `threads` as written, and one
/// `typefully` draft and one `buffer` input per thread.
pub fn payload(
    week: &str,
    subject: &str,
    draft: &Draft,
    scheduled_at: Option<chrono::DateTime<chrono::Utc>>,
) -> Value {
    let at = scheduled_at.map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true));
    let at = at.as_deref();
    let typefully: Vec<Value> = draft
        .threads
        .iter()
        .map(|t| typefully(t, draft.platform, at))
        .collect();
    let buffer: Vec<Value> = draft
        .threads
        .iter()
        .map(|t| buffer(t, draft.platform, at))
        .collect();
    json!({
        "issue": week,
        "subject": subject,
        "platform": draft.platform.as_str(),
        "scheduled_at": at,
        "threads": draft.threads,
        "typefully": typefully,
        "buffer": buffer,
    })
}

/// One issue's draft as `export threads` writes it.
#[derive(Debug, Clone)]
pub struct IssueDraft {
    /// The issue's week (`2026-W48`).
    pub week: String,
    /// The issue's subject.
    pub subject: String,
    /// The draft for one platform.
    pub draft: Draft,
    /// When `schedule.yaml` sends the issue, if it does.
    pub scheduled_at: Option<chrono::DateTime<chrono::Utc>>,
}

/// The formats bulk schedulers take.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// A JSON array: one [`payload`] per issue.
    Json,
    /// A CSV row per post ([`csv_rows`]).
    Csv,
    /// The drafts as Markdown, for reading.
    Md,
}

/// Why an export could not be written out.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// A CSV row.
    #[error("writing CSV: {0}")]
    Csv(#[from] csv::Error),
    /// The JSON.
    #[error("writing JSON: {0}")]
    Json(#[from] serde_json::Error),
}

/// Every issue's draft in one text, in `format`.
pub fn export(drafts: &[IssueDraft], format: Format) -> Result<String, ExportError> {
    Ok(match format {
        Format::Csv => csv_rows(drafts)?,
        Format::Json => {
            let payloads: Vec<Value> = drafts
                .iter()
                .map(|d| payload(&d.week, &d.subject, &d.draft, d.scheduled_at))
                .collect();
            serde_json::to_string_pretty(&payloads)? + "\n"
        }
        Format::Md => drafts
            .iter()
            .map(|d| super::to_markdown(&d.draft, &d.subject))
            .collect::<Vec<_>>()
            .join("\n"),
    })
}

/// `platform,issue,kind,item_id,post_index,text,weighted_length,images,scheduled_at`,
/// a row per post of every thread (`kind`: `issue` or `section`; `item_id`:
/// the section's item, the issue's week for the issue thread); images
/// separated by spaces; `scheduled_at` is empty unless the issue is in
/// `schedule.yaml`.
pub fn csv_rows(drafts: &[IssueDraft]) -> Result<String, csv::Error> {
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
    for issue in drafts {
        let at = issue.scheduled_at.map_or_else(String::new, |t| {
            t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
        });
        for (thread, (i, post)) in issue
            .draft
            .threads
            .iter()
            .flat_map(|t| t.posts.iter().enumerate().map(move |p| (t, p)))
        {
            let kind = match thread.kind {
                super::ThreadKind::Issue => "issue",
                super::ThreadKind::Section => "section",
            };
            writer.write_record([
                issue.draft.platform.as_str(),
                &issue.week,
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
    writer.flush()?;
    let bytes = writer
        .into_inner()
        .map_err(|e| csv::Error::from(e.into_error()))?;
    // Every field was a String: the bytes are UTF-8.
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}
