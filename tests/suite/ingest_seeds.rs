//! Ingest on the real seeds, with counts established by reading the files.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::common::{ingest_json, root, Run};

const TEXT_ISSUE: &str = "seeds/000_d524ff803198315b.txt";
const MARKDOWN_ISSUE: &str = "seeds/001_7b516a3f07b65685.txt";
const TEXT_ISSUE_2: &str = "seeds/002_d464b8cec20b87d4.txt";
const TRANSCRIPTS: &str = "seeds/003_12af3a7dd319aaf7.txt";
const DUMP: &str = "seeds/004_8b85b243791b0e24.txt";

fn kinds(items: &[Value]) -> BTreeMap<String, usize> {
    let mut out = BTreeMap::new();
    for item in items {
        *out.entry(item["kind"].as_str().expect("kind").to_string())
            .or_default() += 1;
    }
    out
}

fn titles_of(items: &[Value], kind: &str) -> Vec<String> {
    items
        .iter()
        .filter(|i| i["kind"] == kind)
        .map(|i| i["title"].as_str().expect("title").to_string())
        .collect()
}

#[test]
fn every_item_has_the_documented_keys() {
    for item in ingest_json(&[]) {
        for key in [
            "id",
            "kind",
            "source",
            "lines",
            "published",
            "title",
            "body",
            "links",
            "images",
            "hints",
        ] {
            assert!(item.get(key).is_some(), "{key} missing in {item}");
        }
        assert!(item["id"].is_string());
        assert!(
            item["published"].is_null()
                || item["published"].as_str().is_some_and(|p| p.ends_with('Z'))
        );
    }
}

#[test]
fn text_and_markdown_issue_give_the_same_sections() {
    let text = titles_of(&ingest_json(&[TEXT_ISSUE]), "newsletter_section");
    let markdown = titles_of(&ingest_json(&[MARKDOWN_ISSUE]), "newsletter_section");
    assert_eq!(text, markdown);
    assert_eq!(
        text,
        [
            "Why Everyone’s Talking About MCP?",
            "How to Learn Backend Development?",
            "A Simplified Git Workflow",
            "Virtualization vs Containerization",
            "How Netflix Built a Distributed Counter?"
        ]
    );
}

#[test]
fn text_issue_recognises_sponsor_questions_and_comments() {
    let items = ingest_json(&[TEXT_ISSUE]);
    assert_eq!(
        kinds(&items),
        BTreeMap::from([
            ("newsletter_section".into(), 5),
            ("promo".into(), 2),
            ("reply".into(), 1)
        ])
    );
    let sponsor = items
        .iter()
        .find(|i| i["id"] == "000_d524ff803198315b#sponsor")
        .expect("sponsor block");
    assert!(sponsor["hints"]["sponsor"]
        .as_str()
        .expect("hint")
        .starts_with("WorkOS Radar"));
    let git = items
        .iter()
        .find(|i| i["id"] == "000_d524ff803198315b#a-simplified-git-workflow")
        .expect("git section");
    assert_eq!(
        git["hints"]["over_to_you"],
        "Which other step do you follow in your Git workflow?"
    );
    assert!(!git["body"].as_str().expect("body").contains("Over to you"));
    let comments = items
        .iter()
        .find(|i| i["kind"] == "reply")
        .expect("comments");
    assert!(comments["body"]
        .as_str()
        .expect("body")
        .contains("PHP is missing"));
}

#[test]
fn markdown_issue_takes_front_matter_and_images() {
    let items = ingest_json(&[MARKDOWN_ISSUE]);
    let sections: Vec<_> = items
        .iter()
        .filter(|i| i["kind"] == "newsletter_section")
        .collect();
    assert_eq!(sections.len(), 5);
    for s in &sections {
        assert_eq!(s["published"], "2023-04-19T00:00:00Z");
        assert!(s["url"]
            .as_str()
            .expect("url")
            .starts_with("https://blog.bytebytego.com/p/ep157"));
    }
    let with_images = sections
        .iter()
        .filter(|s| s["images"].as_array().is_some_and(|a| a.len() == 1))
        .count();
    assert_eq!(
        with_images, 4,
        "every section but the video mention has its diagram"
    );
    let netflix = sections
        .iter()
        .find(|s| s["title"] == "How Netflix Built a Distributed Counter?")
        .expect("netflix");
    assert!(netflix["links"]
        .as_array()
        .expect("links")
        .iter()
        .any(|l| l.as_str().is_some_and(|l| l.contains("netflixtechblog"))));
}

#[test]
fn second_text_issue_skips_latest_articles_and_sponsor() {
    let items = ingest_json(&[TEXT_ISSUE_2]);
    let sections = titles_of(&items, "newsletter_section");
    assert_eq!(sections.len(), 5);
    assert!(sections.contains(&"API Gateway 101".to_string()));
    let latest = items
        .iter()
        .find(|i| i["title"] == "Latest articles")
        .expect("latest articles");
    assert_eq!(latest["kind"], "promo");
    let gateway = items
        .iter()
        .find(|i| i["title"] == "API Gateway 101")
        .expect("gateway");
    assert!(
        !gateway["body"]
            .as_str()
            .expect("body")
            .contains("Crash Course"),
        "latest articles leaked into a section"
    );
}

#[test]
fn every_youtube_entry_is_exactly_one_video() {
    let items = ingest_json(&[TRANSCRIPTS]);
    let text = std::fs::read_to_string(root().join(TRANSCRIPTS)).expect("read");
    let links: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| l.starts_with("https://youtu.be/"))
        .collect();
    let videos: Vec<&Value> = items.iter().filter(|i| i["kind"] == "video").collect();
    assert_eq!(links.len(), 43);
    assert_eq!(videos.len(), links.len());
    let mut urls: Vec<&str> = videos
        .iter()
        .map(|v| v["url"].as_str().expect("url"))
        .collect();
    urls.sort();
    let mut expected = links.clone();
    expected.sort();
    assert_eq!(urls, expected);
    let kafka = items
        .iter()
        .find(|i| i["title"] == "Why Kafka is fast?")
        .expect("first note");
    assert_eq!(kafka["kind"], "note");
    assert_eq!(kafka["lines"], serde_json::json!([5, 23]));
    assert_eq!(kinds(&items)["note"], 85);
}

#[test]
fn load_balancing_thread_is_one_item_in_order_without_call_to_action() {
    let items = ingest_json(&[DUMP]);
    let thread: Vec<&Value> = items
        .iter()
        .filter(|i| i["published"] == "2023-02-14T16:45:07Z")
        .collect();
    assert_eq!(thread.len(), 1);
    let thread = thread[0];
    assert_eq!(thread["kind"], "thread");
    assert_eq!(thread["id"], "1625536625030885377");
    assert_eq!(
        thread["parts"],
        serde_json::json!([
            "1625536625030885377",
            "1625536646887399424",
            "1625536667317841920",
            "1625536687953833984"
        ])
    );
    let body = thread["body"].as_str().expect("body");
    let order = [
        "1. Round robin",
        "2. Sticky round-robin",
        "3. Weighted round-robin",
        "4. Hash",
        "5. Least connections",
        "6. Least response time",
    ];
    let positions: Vec<usize> = order
        .iter()
        .map(|p| body.find(p).unwrap_or_else(|| panic!("{p} missing")))
        .collect();
    assert!(
        positions.windows(2).all(|w| w[0] < w[1]),
        "parts out of order: {positions:?}"
    );
    for cta in ["thread helpful", "Subscribe", "/7", "/1 "] {
        assert!(!body.contains(cta), "{cta} left in body");
    }
    assert!(thread["hints"]["over_to_you"]
        .as_str()
        .expect("question")
        .ends_with("What attributes have you used?"));
}

#[test]
fn dump_counts_and_no_reply_or_promo_is_content() {
    let items = ingest_json(&[DUMP]);
    let counts = kinds(&items);
    assert_eq!(counts["reply"], 368);
    assert_eq!(counts["noise"], 3);
    assert_eq!(counts["thread"], 221);
    assert_eq!(counts["tweet"], 146);
    assert_eq!(counts["promo"], 79);
    let text = std::fs::read_to_string(root().join(DUMP)).expect("read");
    let reply_ids: Vec<&str> = text
        .lines()
        .filter(|l| l.contains("> @"))
        .map(|l| &l[..19])
        .collect();
    for id in reply_ids {
        let item = items
            .iter()
            .find(|i| i["id"] == id)
            .unwrap_or_else(|| panic!("reply {id} lost"));
        assert_eq!(item["kind"], "reply", "{id}");
    }
    for item in items
        .iter()
        .filter(|i| ["tweet", "thread"].contains(&i["kind"].as_str().expect("kind")))
    {
        let body = item["body"].as_str().expect("body");
        assert!(!body.starts_with('@'), "reply as content: {}", item["id"]);
        for cta in [
            "found this thread helpful",
            "Enjoy this thread?",
            "Subscribe to our weekly",
            "&amp;",
        ] {
            assert!(!body.contains(cta), "{cta:?} in content {}", item["id"]);
        }
    }
    let premium = items
        .iter()
        .find(|i| i["id"] == "1625174239056912384")
        .expect("premium plan thread");
    assert_eq!(premium["kind"], "promo");
}

#[test]
fn summary_lists_each_file_and_kind() {
    let out = Run::new(["ingest"]).ok().stdout;
    assert!(
        out.contains("seeds/004_8b85b243791b0e24.txt  tweet-dump"),
        "{out}"
    );
    assert!(out.contains("newsletter-markdown"), "{out}");
    assert!(
        out.lines()
            .last()
            .expect("total")
            .starts_with("total: 968 items from 5 files"),
        "{out}"
    );
}
