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
