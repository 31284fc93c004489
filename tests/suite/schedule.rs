//! `letterpress schedule status|run` with `--now` walking through a plan,
//! against smtp-sink (counting what really arrived): daylight saving, an
//! invalid plan, two runs at once, a late run.

use std::collections::HashMap;
use std::process::{Command, Stdio};

use crate::common::{without_pids, Done, Project};
use crate::smtp::{built, recipient_of, Sink};

/// The seeds built in a new project ([`built`]), with a list of `readers`
/// subscribers (`readers.csv`), the plan `plan` and the settings `settings`.
pub fn scheduled(readers: usize, plan: &str, settings: &str) -> Project {
    let (project, _) = built();
    let rows: String = (0..readers)
        .map(|i| format!("reader{i}@example.com,Reader {i}\n"))
        .collect();
    project.write("readers.csv", format!("email,name\n{rows}"));
    project.write("schedule.yaml", plan);
    project.write("letterpress.yaml", settings);
    project
}

/// `schedule ARGS` in the project, with an unsubscribe secret set.
pub fn schedule(project: &Project, args: &[&str]) -> Done {
    let mut all = vec!["schedule"];
    all.extend_from_slice(args);
    project
        .letterpress(all)
        .env("LETTERPRESS_UNSUBSCRIBE_SECRET", "s")
        .run()
}

/// `schedule status --json --now NOW`: one value per entry.
fn status(project: &Project, now: &str) -> Vec<serde_json::Value> {
    let done = schedule(project, &["status", "--json", "--now", now]);
    assert_eq!(done.code, 0, "{}", done.stderr);
    done.stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect()
}

const DST_PLAN: &str = "defaults:
  time_zone: America/New_York
  send_time: \"09:00\"
  list: readers.csv
  grace: 2h
entries:
  - issue: 2023-W16
    send_at: 2027-03-13              # EST, the day before spring forward
  - issue: 2023-W05
    send_at: 2027-03-14              # EDT, the day of it
  - issue: 2023-W06
    send_at: 2027-10-31 02:30 Europe/Berlin   # happens twice: fall back
  - issue: 2023-W07
    send_at: 2027-11-01T09:00 Europe/Berlin   # CET again
  - issue: 2023-W04
    send_at: 2027-03-28 09:00 Europe/Berlin   # CEST from that night
  - issue: 2023-W03
    send_at: 2027-11-07 01:30                 # New York falls back: twice
";

#[test]
fn a_plan_walks_through_spring_forward_and_fall_back() {
    let project = scheduled(3, DST_PLAN, "send:\n  retry_delays: [0.05]\n");
    let entries = status(&project, "2027-03-01T00:00:00Z");
    let utc: Vec<&str> = entries
        .iter()
        .map(|e| e["send_at_utc"].as_str().expect("utc"))
        .collect();
    assert_eq!(
        utc,
        [
            "2027-03-13T14:00:00Z",
            "2027-03-14T13:00:00Z",
            "2027-10-31T00:30:00Z",
            "2027-11-01T08:00:00Z",
            "2027-03-28T07:00:00Z",
            "2027-11-07T05:30:00Z"
        ]
    );
    assert!(entries.iter().all(|e| e["state"] == "planned"));
    let warnings = |i: usize| entries[i]["warnings"].to_string();
    assert!(warnings(1).contains("clocks change"), "{}", warnings(1));
    assert!(warnings(2).contains("happens twice"), "{}", warnings(2));
    assert!(!warnings(0).contains("clocks change"));
    assert!(warnings(4).contains("clocks change"), "{}", warnings(4));
    assert!(warnings(5).contains("happens twice"), "{}", warnings(5));
    // Exported drafts carry the send time for bulk schedulers.
    let exported = project
        .letterpress(["export", "threads", "issues/2023-W05", "--platform", "x"])
        .ok();
    let payloads: Vec<serde_json::Value> = serde_json::from_str(&exported.stdout).expect("json");
    assert_eq!(payloads[0]["scheduled_at"], "2027-03-14T13:00:00Z");
    // Buffer's createPost input and Typefully's v2 draft, one per thread.
    assert_eq!(payloads[0]["buffer"][0]["dueAt"], "2027-03-14T13:00:00Z");
    assert_eq!(payloads[0]["buffer"][0]["mode"], "customScheduled");
    assert_eq!(
        payloads[0]["typefully"][0]["body"]["publish_at"],
        "2027-03-14T13:00:00Z"
    );

    let sink = Sink::start(project.path());
    let url = sink.url();
    let run_at = |now: &str| {
        let done = schedule(&project, &["run", "--now", now, "--smtp", &url]);
        assert_eq!(done.code, 0, "{now}: {}", done.stderr);
        sink.messages().len()
    };
    // Each send goes at its instant, not a minute before, and only once.
    let walk = [
        ("2027-03-13T13:59:00Z", 0),
        ("2027-03-13T14:00:00Z", 3),
        ("2027-03-14T12:59:00Z", 3),
        ("2027-03-14T13:00:00Z", 6),
        ("2027-03-14T13:30:00Z", 6),
        ("2027-03-28T06:59:00Z", 6),
        ("2027-03-28T07:00:00Z", 9),
        ("2027-10-31T00:29:00Z", 9),
        ("2027-10-31T00:30:00Z", 12),
        ("2027-10-31T01:30:00Z", 12),
        ("2027-11-01T07:59:00Z", 12),
        ("2027-11-01T08:00:00Z", 15),
        ("2027-11-01T08:05:00Z", 15),
        ("2027-11-07T05:29:00Z", 15),
        ("2027-11-07T05:30:00Z", 18),
        ("2027-11-07T06:30:00Z", 18),
    ];
    for (now, expected) in walk {
        assert_eq!(
            run_at(now),
            expected,
            "messages at the sink after a run at {now}"
        );
    }
    let mut copies: HashMap<String, usize> = HashMap::new();
    for message in sink.messages() {
        *copies.entry(recipient_of(&message)).or_default() += 1;
    }
    assert_eq!(copies.len(), 3);
    assert!(copies.values().all(|&n| n == 6), "{copies:?}");
    let after = status(&project, "2027-11-07T06:30:00Z");
    assert!(after
        .iter()
        .all(|e| e["state"] == "sent" && e["accepted"] == 3));
}

#[test]
fn a_time_the_clocks_skip_is_an_error_with_its_position() {
    let plan = DST_PLAN.replace("send_at: 2027-03-14  ", "send_at: 2027-03-14 02:30");
    let project = scheduled(1, &plan, "");
    let done = schedule(&project, &["status"]);
    assert_eq!(done.code, 2);
    assert_eq!(
        done.stderr,
        "error: schedule.yaml:10:14: 2027-03-14 02:30:00 does not exist in America/New_York: the \
         clocks skip it (daylight saving); pick a time outside the gap\n\
         the plan is invalid: nothing is sent until schedule.yaml is fixed\n"
    );
}

#[test]
fn an_invalid_plan_sends_nothing_and_names_every_problem() {
    let plan = "defaults:
  time_zone: Europe/Berlin
  list: readers.csv
entries:
  - issue: 2023-W16
    send_at: 2027-01-05
  - issue: 2023-W07
    send_at: 2027-13-40
  - issue: 2023-W06
    send_at: 2027-01-05 10:00
    channels:
      email: missing.csv
";
    let project = scheduled(2, plan, "");
    let sink = Sink::start(project.path());
    let done = schedule(
        &project,
        &[
            "run",
            "--now",
            "2027-01-05T12:00:00Z",
            "--smtp",
            &sink.url(),
        ],
    );
    assert_eq!(done.code, 2);
    assert_eq!(
        done.stderr,
        "error: schedule.yaml:8:14: `2027-13-40` does not start with a date; write YYYY-MM-DD \
         [HH:MM [Zone/Name]]\n\
         schedule.yaml:12:14: the list ./missing.csv does not exist; give the path of a \
         subscriber CSV (relative to the plan)\n\
         the plan is invalid: nothing is sent until schedule.yaml is fixed\n"
    );
    assert!(
        sink.messages().is_empty(),
        "the valid, due entry was not sent either"
    );
    assert!(!project.join("issues/2023-W16/sent.jsonl").exists());

    let unknown = plan.replace("  list: readers.csv", "  list: readers.csv\n  colour: blue");
    project.write("schedule.yaml", unknown);
    let done = schedule(&project, &["status"]);
    assert_eq!(done.code, 2);
    assert_eq!(
        done.stderr,
        "error: schedule.yaml:4:3: defaults: unknown field `colour`, expected one of \
         `time_zone`, `send_time`, `list`, `test`, `test_lead`, `grace`, `threads` at line 4 \
         column 3; `letterpress schema schedule` describes every key\n\
         the plan is invalid: nothing is sent until schedule.yaml is fixed\n"
    );
}

#[test]
fn two_runs_at_once_one_sends_and_one_refuses() {
    let plan = "defaults:
  time_zone: UTC
  list: readers.csv
entries:
  - issue: 2023-W16
    send_at: 2027-01-05 09:00
";
    // 40 readers at 20 a second: the first run holds the lock for 2 s.
    let project = scheduled(40, plan, "send:\n  rate: 20\n");
    let sink = Sink::start(project.path());
    let url = sink.url();
    let dry = schedule(
        &project,
        &["run", "--dry-run", "--now", "2027-01-05T09:01:00Z"],
    );
    assert!(
        dry.stdout.contains("2023-W16 email: would go out now"),
        "{}",
        dry.stdout
    );
    assert!(sink.messages().is_empty() && !project.join("issues/2023-W16/sent.jsonl").exists());

    let spawn = || {
        Command::new(env!("CARGO_BIN_EXE_letterpress"))
            .args([
                "schedule",
                "run",
                "--now",
                "2027-01-05T09:01:00Z",
                "--smtp",
                &url,
            ])
            .current_dir(project.path())
            .env("LETTERPRESS_UNSUBSCRIBE_SECRET", "s")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn")
    };
    let first = spawn();
    let lock = project.join("schedule.lock");
    let started = std::time::Instant::now();
    while !lock.exists() {
        assert!(
            started.elapsed().as_secs() < 30,
            "the first run never took the lock"
        );
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    let second = spawn().wait_with_output().expect("second run");
    let first = first.wait_with_output().expect("first run");
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    assert!(!second.status.success());
    let refusal = String::from_utf8_lossy(&second.stderr);
    assert_eq!(
        without_pids(&refusal),
        "error: ./schedule.lock: another letterpress send or schedule run holds this lock \
         (process N); wait for it to finish and run again\n"
    );
    assert_eq!(sink.messages().len(), 40);
    let again = schedule(
        &project,
        &["run", "--now", "2027-01-05T09:30:00Z", "--smtp", &url],
    );
    assert!(again.stdout.contains("nothing due"), "{}", again.stdout);
    assert_eq!(sink.messages().len(), 40, "nothing sent twice");
}

#[test]
fn a_late_run_sends_within_the_grace_period_and_leaves_older_entries() {
    let plan = "defaults:
  time_zone: UTC
  list: readers.csv
  grace: 1h
entries:
  - issue: 2023-W16
    send_at: 2027-01-05 09:00
  - issue: 2023-W07
    send_at: 2027-01-05 12:00
";
    let project = scheduled(2, plan, "");
    let sink = Sink::start(project.path());
    let url = sink.url();
    // The machine was off until 09:50: the 09:00 send goes out late.
    let late = schedule(
        &project,
        &["run", "--now", "2027-01-05T09:50:00Z", "--smtp", &url],
    );
    assert_eq!(late.code, 0, "{}", late.stderr);
    assert_eq!(sink.messages().len(), 2);
    // …and off again from 11:00 to 14:00: the 12:00 send is left alone.
    let missed = schedule(
        &project,
        &["run", "--now", "2027-01-05T14:00:00Z", "--smtp", &url],
    );
    assert_eq!(missed.code, 0, "a missed send is a warning, not a failure");
    assert_eq!(
        missed.stderr,
        "warning: 2023-W07 email: missed — due 2 h ago, more than the grace period (60 min); not \
         sent. Send it by hand or move its send_at\n"
    );
    assert_eq!(sink.messages().len(), 2);
    let entries = status(&project, "2027-01-05T14:00:00Z");
    let states: Vec<&str> = entries
        .iter()
        .map(|e| e["state"].as_str().expect("state"))
        .collect();
    assert_eq!(states, ["sent", "missed"]);
    let warnings = entries[1]["warnings"].to_string();
    assert!(warnings.contains("in the past (2 h ago)"), "{warnings}");
    assert!(
        warnings.contains("another send goes out the same day"),
        "{warnings}"
    );
}
