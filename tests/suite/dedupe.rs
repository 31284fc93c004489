//! `letterpress dedupe` on the seeds and on small hand-made dumps.

use std::collections::HashMap;

use crate::common::{Project, Run};

/// The report as `item_id -> (canonical_id, similarity, reason)`.
fn read_report(path: &std::path::Path) -> HashMap<String, (String, f64, String)> {
    let text = std::fs::read_to_string(path).expect("report written");
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("item_id,canonical_id,similarity,reason"));
    lines
        .map(|line| {
            let cells: Vec<&str> = line.split(',').collect();
            assert_eq!(cells.len(), 4, "{line}");
            let similarity: f64 = cells[2].parse().expect("similarity is a number");
            (
                cells[0].to_string(),
                (cells[1].to_string(), similarity, cells[3].to_string()),
            )
        })
        .collect()
}

#[test]
fn seed_issue_saved_twice_pairs_every_section_with_markdown_canonical() {
    let project = Project::new();
    let report = project.join("report.csv");
    let done = Run::new(["dedupe", "--report", report.to_str().expect("utf8")]).ok();
    let rows = read_report(&report);
    // One row per content item: ingest finds 510 in the seeds.
    assert_eq!(rows.len(), 510, "{}", done.stdout);
    let plain: Vec<_> = rows
        .iter()
        .filter(|(id, _)| id.starts_with("000_d524ff803198315b#"))
        .collect();
    assert_eq!(plain.len(), 5);
    for (id, (canonical, similarity, reason)) in plain {
        let section = id.split('#').nth(1).expect("slug");
        assert_eq!(
            canonical,
            &format!("001_7b516a3f07b65685#{section}"),
            "{id}"
        );
        assert!(reason == "exact" || reason == "near", "{id}: {reason}");
        assert!(*similarity >= 0.5, "{id}: {similarity}");
        let markdown = &rows[canonical];
        assert_eq!(
            (markdown.0.as_str(), markdown.1, markdown.2.as_str()),
            (canonical.as_str(), 1.0, "unique")
        );
    }
    assert!(
        done.stdout.contains("510 content items compared"),
        "{}",
        done.stdout
    );
}

#[test]
fn edited_repost_is_a_near_duplicate_and_keeps_the_earliest_date() {
    let project = Project::new().file(
        "dump.txt",
        "1700000000000000003 2023-06-01 10:00:00 +0000 <writer> 🚀 How does a 𝐂𝐃𝐍 work? A content delivery network keeps copies of static files close to users, so a request travels to a nearby edge server instead of the origin.  https://t.co/newlink\n\
         1700000000000000002 2023-03-01 10:00:00 +0000 <writer> Why is Redis fast? It keeps data in memory, uses a single thread for commands and relies on efficient data structures.\n\
         1700000000000000001 2023-01-01 10:00:00 +0000 <writer> How does a CDN work? A content delivery network keeps copies of static files close to users, so a request travels to a nearby edge server instead of the origin. It also absorbs traffic spikes.  https://t.co/oldlink\n",
    );
    let dump = project.join("dump.txt");
    let report = project.join("out/report.csv");
    let done = Run::new([
        "dedupe",
        dump.to_str().expect("utf8"),
        "--report",
        report.to_str().expect("utf8"),
    ])
    .ok();
    let rows = read_report(&report);
    assert_eq!(rows.len(), 3);
    // The repost has less text: the original is the richer, canonical one.
    let (canonical, similarity, reason) = &rows["1700000000000000003"];
    assert_eq!(canonical, "1700000000000000001");
    assert_eq!(reason, "near");
    assert!(*similarity >= 0.5 && *similarity < 1.0, "{similarity}");
    assert_eq!(rows["1700000000000000002"].2, "unique");
    assert!(
        done.stdout.contains("2 unique items kept"),
        "{}",
        done.stdout
    );
    assert!(done.stdout.contains("0 exact, 1 near"), "{}", done.stdout);
}

#[test]
fn unwritable_report_fails_before_any_work() {
    let project = Project::new();
    let done = Run::new(["dedupe", "--report", project.path().to_str().expect("utf8")]).run();
    assert_eq!(done.code, 2);
    assert_eq!(
        project.scrub(&done.stderr),
        "error: cannot write [PROJECT]: it is a directory; give a file name\n"
    );
    assert!(done.stdout.is_empty(), "no summary: {}", done.stdout);
}

#[test]
fn empty_input_gives_an_empty_report_and_says_so() {
    let project = Project::new();
    let empty = project.join("nothing");
    std::fs::create_dir(&empty).expect("mkdir");
    let report = project.join("report.csv");
    let done = Run::new([
        "dedupe",
        empty.to_str().expect("utf8"),
        "--report",
        report.to_str().expect("utf8"),
    ])
    .ok();
    assert!(read_report(&report).is_empty());
    assert!(done.stdout.contains("no content items"), "{}", done.stdout);
}
