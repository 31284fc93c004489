//! The shape of the drafts, on fixtures: a thread per section that never
//! splits a list item, carries the section's image on its opening post,
//! asks its question once and closes with the section's link; a long guide
//! summarised; a short issue thread; a LinkedIn post that is a post.

use std::path::Path;

use letterpress::render::body::Markup;
use letterpress::render::threads::{
    self, Draft, Platform, ThreadKind, ThreadSection, ThreadSource,
};
use letterpress::render::{thread_section, Templates};
use letterpress::settings::Settings;

const IMAGE: &str = "https://cdn.example/diagram.png";

fn section(id: &str, body: &str, markup: Markup) -> ThreadSection {
    let keep = |url: &str| Some(url.to_string());
    let mut s = thread_section(id, body, markup, "Which would you pick, and why?", &keep);
    s.item_id = id.to_string();
    s.link = format!("https://news.example/issues/2023-W07/#{id}");
    s
}

fn source(sections: Vec<ThreadSection>) -> ThreadSource {
    ThreadSource {
        title: "Caching, queues and pools".into(),
        preheader: "Also this week: queues · pools".into(),
        issue: Some("2023-W07".into()),
        link: "https://news.example/issues/2023-W07/".into(),
        sections,
    }
}

fn draft(source: &ThreadSource, platform: Platform) -> Draft {
    let templates = Templates::load(Path::new("/nonexistent")).expect("built-in templates");
    threads::draft(&templates, &Settings::default(), source, platform).expect("drafts")
}

/// The long guide's text, without its front matter and title (as ingest
/// hands it on).
fn guide() -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(root.join("tests/data/guides/connection-pools-guide.md"))
        .expect("guide");
    let body = text.splitn(3, "---\n").nth(2).expect("front matter");
    body.trim_start()
        .split_once('\n')
        .expect("title")
        .1
        .to_string()
}

fn list_body(items: usize) -> String {
    let mut body = String::from("A cache keeps the answers to questions asked often.\n\n");
    for i in 1..=items {
        body.push_str(&format!(
            "{i}. Strategy number {i} reads through the cache first, falls back to the database on a miss, and writes the answer back so that the next reader of key {i} finds it.\n"
        ));
    }
    body
}

#[test]
fn a_list_item_is_never_split_across_posts() {
    let src = source(vec![section("caching", &list_body(9), Markup::Markdown)]);
    for platform in [Platform::X, Platform::Bluesky, Platform::Mastodon] {
        let d = draft(&src, platform);
        let thread = &d.threads[1];
        for i in 1..=9 {
            let item = format!("{i}. Strategy number {i} reads");
            let holding: Vec<_> = thread
                .posts
                .iter()
                .filter(|p| p.text.contains(&item))
                .collect();
            assert_eq!(holding.len(), 1, "{platform:?}: item {i} in {holding:?}");
            assert!(
                holding[0]
                    .text
                    .contains(&format!("next reader of key {i} finds it.")),
                "{platform:?}: item {i} split: {:?}",
                holding[0].text
            );
        }
    }
}

#[test]
fn the_opening_post_carries_the_image_and_the_question_comes_once() {
    let body = format!("![The diagram]({IMAGE})\n\n{}", list_body(3));
    let src = source(vec![section("caching", &body, Markup::Markdown)]);
    for platform in Platform::ALL {
        let d = draft(&src, platform);
        let thread = &d.threads[1];
        assert_eq!(thread.kind, ThreadKind::Section);
        assert_eq!(thread.posts[0].images, [IMAGE], "{platform:?}");
        assert!(
            thread.posts[0].text.starts_with("caching\n\nA cache keeps"),
            "{platform:?}: {:?}",
            thread.posts[0].text
        );
        assert!(
            thread.posts.iter().all(|p| !p.text.contains("cdn.example")),
            "{platform:?}: the image is attached, not printed"
        );
        let asked = thread
            .posts
            .iter()
            .filter(|p| p.text.contains("Which would you pick"))
            .count();
        assert_eq!(asked, 1, "{platform:?}");
        let last = &thread.posts.last().expect("posts").text;
        assert!(
            last.contains("https://news.example/issues/2023-W07/#caching"),
            "{platform:?}: {last}"
        );
        // The issue thread's hook carries the lead image.
        assert_eq!(d.threads[0].posts[0].images, [IMAGE], "{platform:?}");
    }
}

#[test]
fn a_tweets_own_media_links_are_noted_not_posted() {
    let body =
        "Why is Redis fast? https://t.co/AbC123\n\nIt keeps data in RAM. https://t.co/XyZ789";
    let mut s = section("redis", body, Markup::Plain);
    s.more = Some(("See the diagram".into(), "https://t.co/XyZ789".into()));
    let src = source(vec![s]);
    let d = draft(&src, Platform::X);
    let thread = &d.threads[1];
    assert!(
        thread.posts.iter().all(|p| !p.text.contains("t.co")),
        "{:#?}",
        thread.posts
    );
    assert!(thread
        .posts
        .iter()
        .all(|p| !p.text.contains("See the diagram")));
    assert_eq!(thread.notes, ["https://t.co/AbC123", "https://t.co/XyZ789"]);
    let md = threads::to_markdown(&d, "Caching");
    assert!(
        md.contains("attach it by hand: https://t.co/AbC123"),
        "{md}"
    );
}

#[test]
fn a_long_guide_is_summarised_with_a_link_to_the_full_piece() {
    let guide = guide();
    assert!(guide.split_whitespace().count() > 1800, "a long guide");
    let src = source(vec![section("pools", &guide, Markup::Markdown)]);
    for platform in [Platform::X, Platform::Bluesky, Platform::Mastodon] {
        let d = draft(&src, platform);
        let posts = &d.threads[1].posts;
        assert!(
            (3..=10).contains(&posts.len()),
            "{platform:?}: {} posts",
            posts.len()
        );
        let last = &posts.last().expect("posts").text;
        assert!(
            last.contains("Read the full piece: https://news.example/issues/2023-W07/#pools"),
            "{platform:?}: {last}"
        );
    }
}

#[test]
fn the_issue_thread_is_short_and_links_every_section() {
    let sections: Vec<ThreadSection> = (1..=9)
        .map(|i| {
            section(
                &format!("part-{i}"),
                &format!("Part {i} explains one idea well. More follows."),
                Markup::Markdown,
            )
        })
        .collect();
    let src = source(sections);
    for platform in [Platform::X, Platform::Bluesky, Platform::Mastodon] {
        let d = draft(&src, platform);
        let issue = &d.threads[0];
        assert_eq!(issue.kind, ThreadKind::Issue);
        assert!(
            issue.posts.len() <= 8,
            "{platform:?}: {}",
            issue.posts.len()
        );
        let hook = &issue.posts[0].text;
        assert!(
            hook.contains("Caching, queues and pools") && hook.contains("Also this week"),
            "{hook}"
        );
        assert!(
            !hook.contains("🧵") && !hook.to_lowercase().contains("thread"),
            "{hook}"
        );
        let all: String = issue.posts.iter().map(|p| p.text.as_str()).collect();
        for i in 1..=6 {
            assert!(
                all.contains(&format!("#part-{i}")),
                "{platform:?}: part {i}"
            );
        }
        assert!(
            all.contains("Also in this issue: part-7 · part-8 · part-9"),
            "{all}"
        );
        assert_eq!(d.threads.len(), 10);
    }
}

#[test]
fn the_linkedin_post_is_a_post_not_a_truncated_thread() {
    let guide = guide();
    let src = source(vec![
        section("pools", &guide, Markup::Markdown),
        section("caching", &list_body(7), Markup::Markdown),
    ]);
    let d = draft(&src, Platform::Linkedin);
    for thread in &d.threads {
        assert_eq!(thread.posts.len(), 1);
        let text = &thread.posts[0].text;
        assert!(text.chars().count() <= 3000);
        assert!(!text.to_lowercase().contains("thread"), "{text}");
        let points = text.lines().filter(|l| l.starts_with("→ ")).count();
        let expected = match thread.kind {
            ThreadKind::Issue => 2..=2,
            ThreadKind::Section => 3..=5,
        };
        assert!(expected.contains(&points), "{points} points: {text}");
        for line in text.lines().filter(|l| l.starts_with("→ ")) {
            let whole = line.ends_with(['.', '?', '!', ':']);
            assert!(
                whole || thread.kind == ThreadKind::Issue,
                "cut short: {line}"
            );
            assert!(!line.ends_with('…'), "cut short: {line}");
        }
        assert!(text.ends_with("Which would you pick, and why?"), "{text}");
    }
    assert!(d.threads[1].posts[0]
        .text
        .contains("Read the full piece: https://news.example/issues/2023-W07/#pools"));
}
