//! `letterpress schedule status|run` with `--now` walking through a plan,
//! against smtp-sink (counting what really arrived) and a local HTTP server
//! for the webhook channel.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};

use crate::common::{Done, Run};
use crate::smtp::{built, recipient_of, Sink};

/// Seeds built in `dir`, a list of `readers` subscribers, the plan `plan`
/// and the settings `settings`.
pub fn project(dir: &Path, readers: usize, plan: &str, settings: &str) {
    built(dir);
    let rows: String = (0..readers)
        .map(|i| format!("reader{i}@example.com,Reader {i}\n"))
        .collect();
    std::fs::write(dir.join("readers.csv"), format!("email,name\n{rows}")).expect("list");
    std::fs::write(dir.join("schedule.yaml"), plan).expect("plan");
    std::fs::write(dir.join("letterpress.yaml"), settings).expect("settings");
}

pub fn schedule(dir: &Path, args: &[&str]) -> Done {
    let mut all = vec!["schedule"];
    all.extend_from_slice(args);
    Run::new(all)
        .dir(dir)
        .env("LETTERPRESS_UNSUBSCRIBE_SECRET", "s")
        .run()
}

fn status(dir: &Path, now: &str) -> Vec<serde_json::Value> {
    let done = schedule(dir, &["status", "--json", "--now", now]);
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
    let dir = tempfile::tempdir().expect("tempdir");
    project(dir.path(), 3, DST_PLAN, "send:\n  retry_delays: [0.05]\n");
    let entries = status(dir.path(), "2027-03-01T00:00:00Z");
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
    let exported = Run::new(["export", "threads", "issues/2023-W05", "--platform", "x"])
        .dir(dir.path())
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

    let sink = Sink::start(dir.path());
    let url = sink.url();
    let run_at = |now: &str| {
        let done = schedule(dir.path(), &["run", "--now", now, "--smtp", &url]);
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
    let after = status(dir.path(), "2027-11-07T06:30:00Z");
    assert!(after
        .iter()
        .all(|e| e["state"] == "sent" && e["accepted"] == 3));
}

#[test]
fn a_time_the_clocks_skip_is_an_error_with_its_position() {
    let dir = tempfile::tempdir().expect("tempdir");
    let plan = DST_PLAN.replace("send_at: 2027-03-14  ", "send_at: 2027-03-14 02:30");
    project(dir.path(), 1, &plan, "");
    let done = schedule(dir.path(), &["status"]);
    assert_ne!(done.code, 0);
    assert!(
        done.stderr.contains("schedule.yaml:10:14:"),
        "{}",
        done.stderr
    );
    assert!(
        done.stderr.contains("does not exist in America/New_York"),
        "{}",
        done.stderr
    );
}

#[test]
fn an_invalid_plan_sends_nothing_and_names_every_problem() {
    let dir = tempfile::tempdir().expect("tempdir");
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
    project(dir.path(), 2, plan, "");
    let sink = Sink::start(dir.path());
    let done = schedule(
        dir.path(),
        &[
            "run",
            "--now",
            "2027-01-05T12:00:00Z",
            "--smtp",
            &sink.url(),
        ],
    );
    assert_ne!(done.code, 0);
    assert!(
        done.stderr.contains("schedule.yaml:8:14:"),
        "{}",
        done.stderr
    );
    assert!(
        done.stderr.contains("schedule.yaml:12:14:"),
        "{}",
        done.stderr
    );
    assert!(done.stderr.contains("nothing is sent"), "{}", done.stderr);
    assert!(
        sink.messages().is_empty(),
        "the valid, due entry was not sent either"
    );
    assert!(!dir.path().join("issues/2023-W16/sent.jsonl").exists());

    let unknown = plan.replace("  list: readers.csv", "  list: readers.csv\n  colour: blue");
    std::fs::write(dir.path().join("schedule.yaml"), unknown).expect("plan");
    let done = schedule(dir.path(), &["status"]);
    assert!(
        done.stderr.contains("schedule.yaml:4:3:")
            && done.stderr.contains("unknown field `colour`"),
        "{}",
        done.stderr
    );
}

#[test]
fn two_runs_at_once_one_sends_and_one_refuses() {
    let dir = tempfile::tempdir().expect("tempdir");
    let plan = "defaults:
  time_zone: UTC
  list: readers.csv
entries:
  - issue: 2023-W16
    send_at: 2027-01-05 09:00
";
    // 40 readers at 20 a second: the first run holds the lock for 2 s.
    project(dir.path(), 40, plan, "send:\n  rate: 20\n");
    let sink = Sink::start(dir.path());
    let url = sink.url();
    let dry = schedule(
        dir.path(),
        &["run", "--dry-run", "--now", "2027-01-05T09:01:00Z"],
    );
    assert!(
        dry.stdout.contains("2023-W16 email: would go out now"),
        "{}",
        dry.stdout
    );
    assert!(sink.messages().is_empty() && !dir.path().join("issues/2023-W16/sent.jsonl").exists());

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
            .current_dir(dir.path())
            .env("LETTERPRESS_UNSUBSCRIBE_SECRET", "s")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn")
    };
    let first = spawn();
    let lock = dir.path().join("schedule.lock");
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
    assert!(
        refusal.contains("schedule.lock") && refusal.contains("another letterpress"),
        "{refusal}"
    );
    assert_eq!(sink.messages().len(), 40);
    let again = schedule(
        dir.path(),
        &["run", "--now", "2027-01-05T09:30:00Z", "--smtp", &url],
    );
    assert!(again.stdout.contains("nothing due"), "{}", again.stdout);
    assert_eq!(sink.messages().len(), 40, "nothing sent twice");
}

/// An HTTP server answering its requests in turn with `behaviours`: a
/// status code, or 0 for "never answer" (the client times out).
pub fn webhook(behaviours: Vec<u16>) -> (u16, std::thread::JoinHandle<Vec<String>>) {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let handle = std::thread::spawn(move || {
        let mut bodies = Vec::new();
        for behaviour in behaviours {
            let (stream, _) = listener.accept().expect("accept");
            let mut reader = BufReader::new(stream.try_clone().expect("clone"));
            let mut length = 0;
            loop {
                let mut line = String::new();
                reader.read_line(&mut line).expect("header");
                if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                    length = v.trim().parse().expect("length");
                }
                if line == "\r\n" || line.is_empty() {
                    break;
                }
            }
            let mut body = vec![0; length];
            reader.read_exact(&mut body).expect("body");
            bodies.push(String::from_utf8(body).expect("utf8"));
            let mut stream = stream;
            if behaviour == 0 {
                // Hold the connection open, unanswered, past the timeout.
                std::thread::spawn(move || {
                    std::thread::sleep(std::time::Duration::from_millis(2500));
                    drop(stream);
                });
                continue;
            }
            let reply = format!(
                "HTTP/1.1 {behaviour} X\r\ncontent-length: 2\r\nconnection: close\r\n\r\nok"
            );
            let _ = stream.write_all(reply.as_bytes());
        }
        bodies
    });
    (port, handle)
}

#[test]
fn the_webhook_gets_the_drafts_after_a_500_and_a_timeout() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (port, server) = webhook(vec![500, 0, 200]);
    let plan = "defaults:
  time_zone: Europe/Berlin
entries:
  - issue: 2023-W16
    send_at: 2027-01-05 10:00
    channels:
      threads: [x]
";
    let settings = format!(
        "threads:\n  webhook_url: http://127.0.0.1:{port}/hook\n  webhook_timeout: 1\n  webhook_retry_delays: [0.1, 0.1, 0.1]\n"
    );
    project(dir.path(), 1, plan, &settings);
    let done = schedule(dir.path(), &["run", "--now", "2027-01-05T09:00:00Z"]);
    assert_eq!(done.code, 0, "{}", done.stderr);
    assert!(done.stdout.contains("(attempt 3)"), "{}", done.stdout);
    let bodies = server.join().expect("server");
    assert_eq!(bodies.len(), 3);
    assert_eq!(bodies[0], bodies[2], "the same draft each time");
    let draft: serde_json::Value = serde_json::from_str(&bodies[2]).expect("JSON body");
    assert_eq!(draft["platform"], "x");
    assert_eq!(draft["issue"], "2023-W16");
    assert_eq!(draft["scheduled_at"], "2027-01-05T09:00:00Z");
    let threads = draft["threads"].as_array().expect("threads");
    assert_eq!(threads[0]["kind"], "issue");
    assert!(
        threads.len() > 1,
        "the issue thread and a thread per section"
    );
    assert!(threads[0]["posts"].as_array().expect("posts").len() > 1);
    let again = schedule(dir.path(), &["run", "--now", "2027-01-05T09:10:00Z"]);
    assert!(again.stdout.contains("nothing due"), "{}", again.stdout);
}

#[test]
fn a_late_run_sends_within_the_grace_period_and_leaves_older_entries() {
    let dir = tempfile::tempdir().expect("tempdir");
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
    project(dir.path(), 2, plan, "");
    let sink = Sink::start(dir.path());
    let url = sink.url();
    // The machine was off until 09:50: the 09:00 send goes out late.
    let late = schedule(
        dir.path(),
        &["run", "--now", "2027-01-05T09:50:00Z", "--smtp", &url],
    );
    assert_eq!(late.code, 0, "{}", late.stderr);
    assert_eq!(sink.messages().len(), 2);
    // …and off again from 11:00 to 14:00: the 12:00 send is left alone.
    let missed = schedule(
        dir.path(),
        &["run", "--now", "2027-01-05T14:00:00Z", "--smtp", &url],
    );
    assert_eq!(missed.code, 0, "a missed send is a warning, not a failure");
    assert!(
        missed.stderr.contains("2023-W07 email: missed") && missed.stderr.contains("not sent"),
        "{}",
        missed.stderr
    );
    assert_eq!(sink.messages().len(), 2);
    let entries = status(dir.path(), "2027-01-05T14:00:00Z");
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
