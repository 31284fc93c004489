//! `letterpress plan` after the writer has been at work: edits kept on a
//! re-run, `--force` (but never over an issue that has gone out), mistakes
//! located, a piece that arrives after its week's issue was written.

use crate::common::Project;
use crate::plan::{issues, plan_into, report};

#[test]
fn writer_edits_survive_reruns_and_force_rewrites() {
    let project = Project::new();
    assert_eq!(plan_into(&project, &[]).code, 0);
    let first = project.issues()[0].clone();
    let file = first.join("issue.yaml");
    let mut issue: serde_yaml::Value = serde_yaml::from_str(&project.read(&file)).expect("yaml");
    issue["subject"] = "My own subject".into();
    let sections = issue["sections"].as_sequence_mut().expect("sections");
    let removed = sections.remove(0)["id"].as_str().expect("id").to_string();
    sections.reverse();
    let edited = serde_yaml::to_string(&issue).expect("yaml");
    project.write(&file, &edited);
    let last = project.issues().pop().expect("a week");
    std::fs::remove_dir_all(&last).expect("remove a week");

    let again = plan_into(&project, &[]);
    assert_eq!(again.code, 0, "{}", again.stderr);
    assert_eq!(project.read(&file), edited, "edits kept");
    assert!(
        last.join("issue.yaml").is_file(),
        "the missing week is planned again"
    );
    assert!(again.stdout.contains("1 new"), "{}", again.stdout);
    let elsewhere = issues(&project)
        .iter()
        .filter(|(t, _)| {
            t.contains(&format!("id: {removed}")) || t.contains(&format!("id: '{removed}'"))
        })
        .count();
    assert_eq!(elsewhere, 0, "a removed item does not come back");
    assert_eq!(report(&project)[&removed].1, "-");

    let forced = plan_into(&project, &["--force"]);
    assert_eq!(forced.code, 0, "{}", forced.stderr);
    assert!(!project.read(&file).contains("My own subject"));
}

#[test]
fn mistakes_in_an_edited_file_are_located_and_nothing_is_written() {
    let project = Project::new();
    assert_eq!(plan_into(&project, &[]).code, 0);
    let weeks = project.issues();
    let file = weeks[0].join("issue.yaml");
    let text = project.read(&file);
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
    project.write(&file, text.replacen(&first_id, "no-such-item", 1));
    std::fs::remove_dir_all(weeks.last().expect("last")).expect("remove");

    let done = plan_into(&project, &[]);
    assert_eq!(done.code, 2);
    assert_eq!(
        done.stderr,
        format!(
            "error: {}:{line}:7: unknown item id `no-such-item`; it is not in the content that \
             was read: check it for a typo (`letterpress plan --report FILE.csv` lists every \
             id), or remove the section\n",
            file.display()
        )
    );
    assert!(
        !weeks.last().expect("last").exists(),
        "nothing else written"
    );

    project.write(
        &file,
        "number: 1\nweek: 2021-W32\nsubject: x\n  - stray: [\n",
    );
    let bad = plan_into(&project, &[]);
    assert_eq!(bad.code, 2);
    assert_eq!(
        bad.stderr,
        format!(
            "error: {}:4:10: not a valid issue file: mapping values are not allowed in this \
             context at line 4 column 10; fix the YAML there, or delete the file and run \
             `letterpress plan` again\n",
            file.display()
        )
    );
}

#[test]
fn force_never_rewrites_an_issue_that_has_gone_out() {
    let project = Project::new();
    assert_eq!(plan_into(&project, &[]).code, 0);
    let first = project.issues()[0].clone();
    let file = first.join("issue.yaml");
    let edited = project
        .read(&file)
        .replacen("subject: ", "subject: Sent already · ", 1);
    project.write(&file, &edited);
    project.write(
        first.join("sent.jsonl"),
        "{\"recipient\":\"a@example.com\",\"message_id\":\"<x@y>\",\"outcome\":\"accepted\",\"reply\":\"250 ok\",\"time\":\"2026-01-01T00:00:00Z\"}\n",
    );
    let forced = plan_into(&project, &["--force"]);
    assert_eq!(forced.code, 0, "{}", forced.stderr);
    assert_eq!(project.read(&file), edited);
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
    let project = Project::new();
    let week_one: String = (0..4).map(|n| tweet(n, "2023-06-06")).collect();
    project.write("dump.txt", &week_one);
    let (dump, out) = (project.join("dump.txt"), project.join("issues"));
    let plan = || {
        project.ok([
            "plan",
            dump.to_str().expect("utf8"),
            "--out",
            out.to_str().expect("utf8"),
            "--report",
            project.join("plan.csv").to_str().expect("utf8"),
        ])
    };
    plan();
    assert!(out.join("2023-W23/issue.yaml").is_file());
    // The writer removes one section; later the dump has a new piece for
    // that same week, and pieces for the week after.
    let file = out.join("2023-W23/issue.yaml");
    let mut issue: serde_yaml::Value = serde_yaml::from_str(&project.read(&file)).expect("yaml");
    let removed = issue["sections"]
        .as_sequence_mut()
        .expect("sections")
        .remove(0)["id"]
        .as_str()
        .expect("id")
        .to_string();
    project.write(&file, serde_yaml::to_string(&issue).expect("yaml"));
    let mut grown = week_one.clone();
    grown.push_str(&tweet(4, "2023-06-08"));
    for n in 5..8 {
        grown.push_str(&tweet(n, "2023-06-13"));
    }
    project.write(&dump, grown);
    plan();
    let rows = report(&project);
    let (_, issue, note) = &rows["1700000000000000005"];
    assert_eq!(issue, "2023-W24", "{note}");
    assert_eq!(
        note,
        "new since the 2023-W23 issue was written: moved to 2023-W24"
    );
    assert_eq!(rows[&removed].1, "-");
    assert_eq!(rows[&removed].2, "removed from its issue by the writer");
}
