//! `render`'s thread drafts on every seeds issue, as the creator would post
//! them, and `export threads` / `thread ITEM_ID` on them.

use std::path::Path;

use crate::render::seeds_built;

#[test]
fn thread_drafts_are_written_and_exported() {
    let (project, dirs) = seeds_built();
    for week in &dirs {
        for platform in ["x", "bluesky", "mastodon", "linkedin"] {
            check_drafts(week, platform);
        }
    }
    let week = dirs
        .iter()
        .find(|d| d.ends_with("2023-W07"))
        .expect("2023-W07");
    let csv = project.ok([
        "export",
        "threads",
        week.to_str().expect("utf8"),
        "--platform",
        "x",
        "--format",
        "csv",
    ]);
    let mut lines = csv.stdout.lines();
    assert_eq!(
        lines.next(),
        Some("platform,issue,kind,item_id,post_index,text,weighted_length,images,scheduled_at")
    );
    assert!(
        csv.stdout.contains("x,2023-W07,issue,2023-W07,1,"),
        "{}",
        csv.stdout
    );
    assert!(csv
        .stdout
        .contains("x,2023-W07,section,1625536625030885377,1,"));
    let json = project.ok([
        "export",
        "threads",
        "--platform",
        "bluesky",
        "--format",
        "json",
    ]);
    let payloads: Vec<serde_json::Value> = serde_json::from_str(&json.stdout).expect("json");
    assert_eq!(payloads.len(), dirs.len());
    let threads = payloads[0]["threads"].as_array().expect("threads");
    let typefully = &payloads[0]["typefully"][1]["body"];
    let posts = typefully["platforms"]["bluesky"]["posts"]
        .as_array()
        .expect("posts");
    assert_eq!(
        posts.len(),
        threads[1]["posts"].as_array().expect("posts").len()
    );
    let buffer = &payloads[0]["buffer"][1];
    assert_eq!(
        buffer["text"],
        buffer["metadata"]["bluesky"]["thread"][0]["text"]
    );
    let single = project.ok(["thread", "1625536625030885377", "--platform", "x"]);
    assert!(
        single
            .stdout
            .starts_with("# x drafts: What are the common load-balancing algorithms?"),
        "{}",
        single.stdout
    );
    assert!(single
        .stdout
        .contains("/issues/2023-W07/#what-are-the-common-load-balancing-algorithms"));
}

/// One issue's drafts for one platform, as the creator would post them:
/// the issue thread first, a thread per section; every post within the
/// limit; no thread longer than 15 posts (the issue thread 8); no URL of a
/// t.co link or an image printed; a section's image on its opening post;
/// the question once; no transcript boilerplate; LinkedIn one post each,
/// never a "thread".
fn check_drafts(week: &Path, platform: &str) {
    let read =
        |ext: &str| std::fs::read_to_string(week.join("threads").join(format!("{platform}.{ext}")));
    let threads: Vec<serde_json::Value> =
        serde_json::from_str(&read("json").expect("json")).expect("list");
    let plan: serde_yaml::Value =
        serde_yaml::from_str(&std::fs::read_to_string(week.join("issue.yaml")).expect("yaml"))
            .expect("yaml");
    let sections = plan["sections"].as_sequence().expect("sections");
    assert_eq!(threads.len(), sections.len() + 1, "{}", week.display());
    assert_eq!(threads[0]["kind"], "issue");
    let web = std::fs::read_to_string(week.join("web.html")).expect("web.html");
    let limit = match platform {
        "x" => 280,
        "bluesky" => 300,
        "mastodon" => 500,
        _ => 3000,
    };
    for (i, thread) in threads.iter().enumerate() {
        let posts = thread["posts"].as_array().expect("posts");
        let most = match (platform, i) {
            ("linkedin", _) => 1,
            (_, 0) => 8,
            _ => 15,
        };
        assert!(
            (1..=most).contains(&posts.len()),
            "{}: {platform} thread {i}: {} posts",
            week.display(),
            posts.len()
        );
        let texts: Vec<&str> = posts
            .iter()
            .map(|p| p["text"].as_str().expect("text"))
            .collect();
        for (post, text) in posts.iter().zip(&texts) {
            assert!(
                post["weighted_length"].as_u64().expect("count") <= limit,
                "{platform}: {post}"
            );
            assert!(
                !text.contains("t.co/") && !text.contains(".gif") && !text.contains(".png"),
                "{platform}: {text}"
            );
            assert!(
                !text.contains("If you like our videos") && !text.contains("🧵"),
                "{platform}: {text}"
            );
        }
        if i == 0 {
            continue;
        }
        let section = &sections[i - 1];
        assert_eq!(thread["item_id"].as_str(), section["id"].as_str());
        let question = section["over_to_you"].as_str().unwrap_or_default();
        if !question.is_empty() && platform != "linkedin" {
            // Asked once (a question longer than a post goes on at a sentence).
            let opening: String = question.chars().take(30).collect();
            let asked = texts.iter().filter(|t| t.contains(&opening)).count();
            assert_eq!(asked, 1, "{platform}: {question} in {texts:?}");
        }
        let anchor = letterpress::ingest::text::slugify(section["title"].as_str().expect("title"));
        assert!(
            texts
                .last()
                .expect("a post")
                .contains(&format!("#{anchor}")),
            "{platform}: {texts:?}"
        );
        // A section with an image in the web page has it on its opening post.
        let html = web.split(&format!("id=\"{anchor}\"")).nth(1).unwrap_or("");
        let html = html.split("<section id=").next().unwrap_or("");
        if html.contains("<img") {
            assert_eq!(
                posts[0]["images"].as_array().map(Vec::len),
                Some(1),
                "{platform}: {anchor}"
            );
        }
        if platform == "linkedin" {
            let text = texts[0].to_lowercase();
            assert!(
                !text.contains("this thread") && !text.contains("a thread"),
                "{text}"
            );
        }
    }
    let md = read("md").expect("md");
    assert!(md.contains(&format!("/ {limit}")), "{md}");
}
