//! `letterpress plan` on the seeds: themes, weekly issues, edits, errors.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use crate::common::Run;

/// Runs `plan` on the seeds into `dir/issues`, with a report.
fn plan_into(dir: &Path, extra: &[&str]) -> crate::common::Done {
    let out = dir.join("issues");
    let report = dir.join("plan.csv");
    let mut args = vec![
        "plan".to_string(),
        "--out".into(),
        out.display().to_string(),
        "--report".into(),
        report.display().to_string(),
    ];
    args.extend(extra.iter().map(|s| s.to_string()));
    Run::new(args).run()
}

/// `item_id -> (theme, issue, note)` from the plan report.
fn report(dir: &Path) -> HashMap<String, (String, String, String)> {
    let mut reader = csv::Reader::from_path(dir.join("plan.csv")).expect("report");
    assert_eq!(
        reader.headers().expect("header").iter().collect::<Vec<_>>(),
        ["item_id", "theme", "issue", "note"]
    );
    reader
        .records()
        .map(|r| {
            let r = r.expect("row");
            (
                r[0].to_string(),
                (r[1].to_string(), r[2].to_string(), r[3].to_string()),
            )
        })
        .collect()
}

fn issues(dir: &Path) -> Vec<(String, serde_yaml::Value)> {
    let mut weeks: Vec<_> = std::fs::read_dir(dir.join("issues"))
        .expect("issues dir")
        .map(|e| e.expect("entry").path())
        .collect();
    weeks.sort();
    weeks
        .iter()
        .map(|w| {
            let text = std::fs::read_to_string(w.join("issue.yaml")).expect("issue.yaml");
            (
                text.clone(),
                serde_yaml::from_str(&text).expect("valid YAML"),
            )
        })
        .collect()
}

#[test]
fn obvious_items_get_their_themes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let done = plan_into(dir.path(), &[]);
    assert_eq!(done.code, 0, "{}", done.stderr);
    let rows = report(dir.path());
    // Decided by reading each item.
    let expected = [
        ("1625536625030885377", "distributed-systems"), // load-balancing algorithms
        (
            "003_12af3a7dd319aaf7#why-kafka-is-fast",
            "distributed-systems",
        ),
        (
            "001_7b516a3f07b65685#how-netflix-built-a-distributed-counter",
            "case-studies",
        ),
        (
            "003_12af3a7dd319aaf7#how-apple-pay-works",
            "payments-and-fintech",
        ),
        ("1478409566463291395", "payments-and-fintech"), // avoiding double charges
        ("003_12af3a7dd319aaf7#why-redis-fast", "caching"),
        ("003_12af3a7dd319aaf7#what-is-rest-api", "apis-and-web"),
        (
            "003_12af3a7dd319aaf7#nosql-lsm-tree",
            "databases-and-storage",
        ),
        ("003_12af3a7dd319aaf7#how-sso-works", "security"),
        ("003_12af3a7dd319aaf7#proxy-vs-reverse-proxy", "networking"),
        (
            "001_7b516a3f07b65685#virtualization-vs-containerization",
            "cloud-and-devops",
        ),
        (
            "003_12af3a7dd319aaf7#what-are-microservice",
            "architecture-and-design",
        ),
        (
            "001_7b516a3f07b65685#why-everyone-s-talking-about-mcp",
            "ai-and-ml",
        ),
    ];
    for (id, theme) in expected {
        assert_eq!(rows.get(id).map(|r| r.0.as_str()), Some(theme), "{id}");
    }
    // One row per content item (510 in the seeds), and no catch-all theme
    // holds more than a tenth of them.
    assert_eq!(rows.len(), 510);
    let mut per_theme: HashMap<&str, usize> = HashMap::new();
    for (theme, _, _) in rows.values() {
        *per_theme.entry(theme).or_default() += 1;
    }
    for (theme, n) in per_theme {
        assert!(
            !theme.starts_with("more-") || n * 10 <= rows.len(),
            "{theme}: {n}"
        );
    }
}

#[test]
fn issues_respect_sizes_dates_and_never_repeat_an_item() {
    let dir = tempfile::tempdir().expect("tempdir");
    assert_eq!(plan_into(dir.path(), &[]).code, 0);
    let issues = issues(dir.path());
    assert!(issues.len() >= 8, "{} issues", issues.len());
    let mut seen = HashSet::new();
    let mut numbers = HashSet::new();
    for (text, issue) in &issues {
        let sections = issue["sections"].as_sequence().expect("sections");
        assert!((4..=6).contains(&sections.len()), "{text}");
        assert!(numbers.insert(issue["number"].as_u64().expect("number")));
        let last_day = issue["dates"]["to"].as_str().expect("to");
        for s in sections {
            let id = s["id"].as_str().expect("id").to_string();
            assert!(seen.insert(id.clone()), "{id} placed twice");
            if let Some(posted) = s["first_posted"].as_str() {
                assert!(
                    &posted[..10] <= last_day,
                    "{id} is dated after its issue's week"
                );
            }
            assert!(s["over_to_you"]
                .as_str()
                .is_some_and(|q| q.starts_with("Over to you") || !q.is_empty()));
        }
        assert_eq!(
            issue["lead_theme"], sections[0]["theme"],
            "the lead section's theme leads"
        );
    }
    // The load-balancing thread keeps its own question from the source.
    let (_, week) = issues
        .iter()
        .find(|(t, _)| t.contains("1625536625030885377"))
        .expect("load-balancing thread placed");
    let section = week["sections"]
        .as_sequence()
        .expect("sections")
        .iter()
        .find(|s| s["id"] == "1625536625030885377")
        .expect("section");
    assert_eq!(section["over_to_you_drafted"], false);
    let small = tempfile::tempdir().expect("tempdir");
    assert_eq!(
        plan_into(
            small.path(),
            &["--max-sections", "3", "--min-sections", "2"]
        )
        .code,
        0
    );
    for (text, issue) in issues_of(small.path()) {
        let n = issue["sections"].as_sequence().expect("sections").len();
        assert!((2..=3).contains(&n), "{text}");
    }
}

fn issues_of(dir: &Path) -> Vec<(String, serde_yaml::Value)> {
    issues(dir)
}

#[test]
fn writer_edits_survive_reruns_and_force_rewrites() {
    let dir = tempfile::tempdir().expect("tempdir");
    assert_eq!(plan_into(dir.path(), &[]).code, 0);
    let out = dir.path().join("issues");
    let first = std::fs::read_dir(&out)
        .expect("dir")
        .map(|e| e.expect("e").path())
        .min()
        .expect("a week");
    let file = first.join("issue.yaml");
    let mut issue: serde_yaml::Value =
        serde_yaml::from_str(&std::fs::read_to_string(&file).expect("read")).expect("yaml");
    issue["subject"] = "My own subject".into();
    let sections = issue["sections"].as_sequence_mut().expect("sections");
    let removed = sections.remove(0)["id"].as_str().expect("id").to_string();
    sections.reverse();
    let edited = serde_yaml::to_string(&issue).expect("yaml");
    std::fs::write(&file, &edited).expect("write");
    let last = std::fs::read_dir(&out)
        .expect("dir")
        .map(|e| e.expect("e").path())
        .max()
        .expect("a week");
    std::fs::remove_dir_all(&last).expect("remove a week");

    let again = plan_into(dir.path(), &[]);
    assert_eq!(again.code, 0, "{}", again.stderr);
    assert_eq!(
        std::fs::read_to_string(&file).expect("read"),
        edited,
        "edits kept"
    );
    assert!(
        last.join("issue.yaml").is_file(),
        "the missing week is planned again"
    );
    assert!(again.stdout.contains("1 new"), "{}", again.stdout);
    let elsewhere = issues(dir.path())
        .iter()
        .filter(|(t, _)| {
            t.contains(&format!("id: {removed}")) || t.contains(&format!("id: '{removed}'"))
        })
        .count();
    assert_eq!(elsewhere, 0, "a removed item does not come back");
    assert_eq!(report(dir.path())[&removed].1, "-");

    let forced = plan_into(dir.path(), &["--force"]);
    assert_eq!(forced.code, 0, "{}", forced.stderr);
    assert!(!std::fs::read_to_string(&file)
        .expect("read")
        .contains("My own subject"));
}

#[test]
fn mistakes_in_an_edited_file_are_located_and_nothing_is_written() {
    let dir = tempfile::tempdir().expect("tempdir");
    assert_eq!(plan_into(dir.path(), &[]).code, 0);
    let out = dir.path().join("issues");
    let mut weeks: Vec<_> = std::fs::read_dir(&out)
        .expect("dir")
        .map(|e| e.expect("e").path())
        .collect();
    weeks.sort();
    let file = weeks[0].join("issue.yaml");
    let text = std::fs::read_to_string(&file).expect("read");
    let first_id = text
        .lines()
        .find_map(|l| l.strip_prefix("- id: "))
        .expect("an id")
        .to_string();
    let line = text
        .lines()
        .position(|l| l.starts_with("- id: "))
        .expect("line")
        + 1;
    std::fs::write(&file, text.replacen(&first_id, "no-such-item", 1)).expect("write");
    std::fs::remove_dir_all(weeks.last().expect("last")).expect("remove");

    let done = plan_into(dir.path(), &[]);
    assert_ne!(done.code, 0);
    let expected = format!(
        "{}:{line}:7: unknown item id `no-such-item`",
        file.display()
    );
    assert!(done.stderr.contains(&expected), "{}", done.stderr);
    assert!(
        done.stderr.contains("check it for a typo"),
        "{}",
        done.stderr
    );
    assert!(
        !weeks.last().expect("last").exists(),
        "nothing else written"
    );

    std::fs::write(
        &file,
        "number: 1\nweek: 2021-W32\nsubject: x\n  - stray: [\n",
    )
    .expect("write");
    let bad = plan_into(dir.path(), &[]);
    assert_ne!(bad.code, 0);
    let located = bad
        .stderr
        .split(&format!("{}:", file.display()))
        .nth(1)
        .expect("names the file");
    let mut numbers = located.split(':').take(2).map(|n| n.parse::<u32>());
    assert!(
        numbers.all(|n| n.is_ok_and(|n| n >= 1)),
        "line and column: {}",
        bad.stderr
    );
    assert!(
        bad.stderr.contains("not a valid issue file"),
        "{}",
        bad.stderr
    );
}

#[test]
fn explain_shows_the_terms_behind_a_theme() {
    let done = Run::new(["plan", "--explain", "1625536625030885377"]).ok();
    assert!(
        done.stdout.contains("primary: distributed-systems"),
        "{}",
        done.stdout
    );
    assert!(
        done.stdout.contains("\"load balancing\""),
        "{}",
        done.stdout
    );
    assert!(done.stdout.contains("runner-up:"), "{}", done.stdout);
    let unknown = Run::new(["plan", "--explain", "nope"]).run();
    assert_ne!(unknown.code, 0);
    assert!(
        unknown.stderr.contains("no content item `nope`"),
        "{}",
        unknown.stderr
    );
}

#[test]
fn force_never_rewrites_an_issue_that_has_gone_out() {
    let dir = tempfile::tempdir().expect("tempdir");
    assert_eq!(plan_into(dir.path(), &[]).code, 0);
    let out = dir.path().join("issues");
    let first = std::fs::read_dir(&out)
        .expect("dir")
        .map(|e| e.expect("e").path())
        .min()
        .expect("a week");
    let file = first.join("issue.yaml");
    let edited = std::fs::read_to_string(&file).expect("read").replacen(
        "subject: ",
        "subject: Sent already · ",
        1,
    );
    std::fs::write(&file, &edited).expect("write");
    std::fs::write(
        first.join("sent.jsonl"),
        "{\"recipient\":\"a@example.com\",\"message_id\":\"<x@y>\",\"outcome\":\"accepted\",\"reply\":\"250 ok\",\"time\":\"2026-01-01T00:00:00Z\"}\n",
    )
    .expect("ledger");
    let forced = plan_into(dir.path(), &["--force"]);
    assert_eq!(forced.code, 0, "{}", forced.stderr);
    assert_eq!(std::fs::read_to_string(&file).expect("read"), edited);
}

#[test]
fn plan_json_prints_one_issue_plan_per_line_as_in_its_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let done = plan_into(dir.path(), &["--json"]);
    assert_eq!(done.code, 0, "{}", done.stderr);
    assert!(!done.stdout.contains("plan: "), "JSON replaces the summary");
    let plans: Vec<serde_json::Value> = done
        .stdout
        .lines()
        .map(|line| serde_json::from_str(line).expect("one JSON object per line"))
        .collect();
    let files = issues(dir.path());
    assert!(plans.len() >= 8);
    assert_eq!(plans.len(), files.len(), "one line per issue");
    for (json, (_, yaml)) in plans.iter().zip(&files) {
        assert_eq!(json["week"].as_str(), yaml["week"].as_str());
        assert_eq!(json["number"].as_u64(), yaml["number"].as_u64());
        assert_eq!(json["subject"].as_str(), yaml["subject"].as_str());
        assert_eq!(
            json["dates"]["from"].as_str(),
            yaml["dates"]["from"].as_str()
        );
        let sections = json["sections"].as_array().expect("sections");
        let planned = yaml["sections"].as_sequence().expect("sections");
        assert_eq!(sections.len(), planned.len());
        for (s, p) in sections.iter().zip(planned) {
            assert_eq!(s["id"].as_str(), p["id"].as_str());
            assert_eq!(s["title"].as_str(), p["title"].as_str());
        }
    }
}
