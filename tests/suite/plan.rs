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

/// Explainers long enough, and different enough, to be sections of their
/// own (dedupe would merge texts written from one template).
const EXPLAINERS: [&str; 8] = [
    "How does a cache help? A cache keeps hot data in memory near the application. Reads hit memory first and fall back to the database on a miss, which then fills the cache. Writes either update both stores or invalidate the cached entry, and an expiry time bounds how stale any value can get. Sizing it well matters more than the product you choose.",
    "What is sharding? Sharding splits one large table across several database servers by a key such as the user id. Each server holds a slice and answers only for it, so writes scale out instead of up. The hard parts are picking a key that spreads load evenly, moving data when shards are added, and queries that need rows from many shards at once.",
    "Why do databases replicate? A leader takes every write and streams its log to followers, which replay it in order. Reads can go to followers to spread load, at the price of lag. If the leader fails, a follower is promoted; synchronous replication avoids losing the last writes but makes every commit wait for a second machine to confirm.",
    "How do indexes speed up queries? An index is a sorted structure, usually a B-tree, that maps column values to row locations. Instead of scanning every row, the engine walks a few tree pages to the matching entries. Indexes cost space and slow down inserts, because each write must also update the tree, so add them for the queries you actually run.",
    "What does consensus solve? Several machines must agree on one value even when some crash or messages are delayed. Raft elects a leader by majority vote, the leader appends entries to its log and commits them once a majority has stored them. Any two majorities overlap, which is why a committed entry survives the loss of a minority of nodes.",
    "Why put a queue between services? A message queue lets a producer hand work to consumers without waiting for them. Bursts are absorbed by the queue instead of overloading the consumer, failed messages can be retried later, and new consumers can be added when the backlog grows. Ordering and exactly-once delivery are the guarantees you must read carefully.",
    "How does distributed tracing work? Every incoming request gets a trace id that travels in headers through each service it touches. Each hop records a span with start time, duration and parent span, and a collector stitches the spans into one timeline. The result shows which call in a chain of twenty services made the whole request slow.",
    "What is a quorum read? With N replicas, a write waits for W acknowledgements and a read asks R replicas, choosing the newest version among the answers. When R plus W exceeds N, every read overlaps every successful write on at least one replica. Tuning W and R trades write latency against read latency while keeping reads up to date.",
];

fn tweet(n: usize, day: &str) -> String {
    format!(
        "{} {day} 10:00:00 +0000 <writer> {}\n",
        1_700_000_000_000_000_001 + n as u64,
        EXPLAINERS[n]
    )
}

#[test]
fn a_piece_that_arrives_after_its_weeks_issue_goes_to_the_next_open_issue() {
    let dir = tempfile::tempdir().expect("tempdir");
    let dump = dir.path().join("dump.txt");
    let week_one: String = (0..4).map(|n| tweet(n, "2023-06-06")).collect();
    std::fs::write(&dump, &week_one).expect("dump");
    let out = dir.path().join("issues");
    let plan = |dir: &Path| {
        Run::new([
            "plan",
            dump.to_str().expect("utf8"),
            "--out",
            out.to_str().expect("utf8"),
            "--report",
            dir.join("plan.csv").to_str().expect("utf8"),
        ])
        .dir(dir)
        .ok()
    };
    plan(dir.path());
    assert!(out.join("2023-W23/issue.yaml").is_file());
    // The writer removes one section; later the dump has a new piece for
    // that same week, and pieces for the week after.
    let file = out.join("2023-W23/issue.yaml");
    let mut issue: serde_yaml::Value =
        serde_yaml::from_str(&std::fs::read_to_string(&file).expect("read")).expect("yaml");
    let removed = issue["sections"]
        .as_sequence_mut()
        .expect("sections")
        .remove(0)["id"]
        .as_str()
        .expect("id")
        .to_string();
    std::fs::write(&file, serde_yaml::to_string(&issue).expect("yaml")).expect("write");
    let mut grown = week_one.clone();
    grown.push_str(&tweet(4, "2023-06-08"));
    for n in 5..8 {
        grown.push_str(&tweet(n, "2023-06-13"));
    }
    std::fs::write(&dump, grown).expect("dump");
    plan(dir.path());
    let rows = report(dir.path());
    let (_, issue, note) = &rows["1700000000000000005"];
    assert_eq!(issue, "2023-W24", "{note}");
    assert_eq!(
        note,
        "new since the 2023-W23 issue was written: moved to 2023-W24"
    );
    assert_eq!(rows[&removed].1, "-");
    assert_eq!(rows[&removed].2, "removed from its issue by the writer");
}
