//! Regression tests for the smaller defects of issue 14 (item 9): secrets
//! in messages and journals, paths that leave the project, settings at
//! their extremes, servers that trickle, headers, AUTH in the clear and the
//! Message-ID's domain.

use std::path::Path;

use crate::common::{Project, Run};
use crate::schedule::{schedule, scheduled};
use crate::schedule_webhook::webhook;

const THREADS_ONLY: &str = "defaults:
  time_zone: UTC
entries:
  - issue: 2023-W16
    send_at: 2027-01-05 09:00
    channels:
      threads: [x]
";

/// Settings with a webhook on `port` whose URL holds a password and a token.
fn webhook_settings(project: &Project, port: u16) {
    let settings = format!(
        "threads:\n  webhook_url: http://ann:pw-secret@127.0.0.1:{port}/services/T0/B0/XXXX?token=tok-secret\n  webhook_timeout: 1\n  webhook_retry_delays: [0.1]\n"
    );
    project.write("letterpress.yaml", settings);
}

#[test]
fn webhook_tokens_are_neither_printed_nor_journalled() {
    let project = scheduled(1, THREADS_ONLY, "");
    // Nobody listening: "cannot reach"; then a 500 and a 403.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = closed.local_addr().expect("addr").port();
    drop(closed);
    webhook_settings(&project, port);
    let unreachable = schedule(&project, &["run", "--now", "2027-01-05T09:00:00Z"]);
    let (port, server) = webhook(vec![500, 403]);
    webhook_settings(&project, port);
    let refused = schedule(&project, &["run", "--now", "2027-01-05T09:01:00Z"]);
    server.join().expect("server");
    let journal = project.read("issues/2023-W16/schedule.jsonl");
    let shown = format!(
        "{}{}{}{}{journal}",
        unreachable.stdout, unreachable.stderr, refused.stdout, refused.stderr
    );
    assert!(
        shown.contains("cannot reach") && shown.contains("HTTP 403"),
        "{shown}"
    );
    for secret in ["pw-secret", "tok-secret", "XXXX", "services"] {
        assert!(!shown.contains(secret), "{secret} shown:\n{shown}");
    }
    assert!(shown.contains("http://127.0.0.1:"), "{shown}");
}

#[test]
fn plan_paths_that_leave_the_project_are_refused_where_they_are_written() {
    let plan = "defaults:
  time_zone: UTC
  list: ../../readers.csv
entries:
  - issue: ../../escaped
    send_at: 2027-01-05 09:00
  - issue: 2023-W16
    send_at: 2027-01-06 09:00
    channels:
      email: /etc/readers.csv
";
    let project = scheduled(1, plan, "");
    let done = schedule(&project, &["run", "--now", "2027-01-06T09:00:00Z"]);
    assert_eq!(done.code, 2);
    assert_eq!(
        done.stderr,
        "error: schedule.yaml:3:9: the list ../../readers.csv is outside the plan's folder; give \
         a path inside it, relative to the plan (no `..`, not absolute)\n\
         schedule.yaml:5:12: `../../escaped` is not an issue folder name (the ledger is written \
         in that folder); use a name from `ls issues` or `next`\n\
         schedule.yaml:10:14: the list /etc/readers.csv is outside the plan's folder; give a \
         path inside it, relative to the plan (no `..`, not absolute)\n\
         schedule.yaml:10:14: the list /etc/readers.csv does not exist; give the path of a \
         subscriber CSV (relative to the plan)\n\
         the plan is invalid: nothing is sent until schedule.yaml is fixed\n"
    );
}

#[test]
fn an_issue_week_that_leaves_the_outbox_is_refused_at_its_line() {
    let (project, issue) = crate::smtp::built();
    let text = project.edit(issue.join("issue.yaml"), |text| {
        text.replace("week: 2023-W16", "week: ../escaped")
    });
    let line = text
        .lines()
        .position(|l| l == "week: ../escaped")
        .expect("week")
        + 1;
    let done = project
        .letterpress(["send", "issues/2023-W16", "--test", "a@example.com"])
        .run();
    assert_eq!(done.code, 2);
    assert_eq!(
        done.stderr,
        format!(
            "error: issues/2023-W16/issue.yaml:{line}:7: week `../escaped` is not a plain folder \
             name (it names the issue's outbox folder); write the ISO week, like 2023-W07\n"
        )
    );
    // outbox/../escaped would be the project's own folder `escaped`.
    assert!(!project.join("escaped").exists());
}

#[test]
fn huge_test_lead_and_grace_are_located_errors_not_panics() {
    let plan = "defaults:
  time_zone: UTC
  list: readers.csv
  test: [editor@example.org]
  test_lead: 99999999999d
  grace: 400d
entries:
  - issue: 2023-W16
    send_at: 2027-01-05 09:00
";
    let project = scheduled(1, plan, "");
    for command in ["status", "run"] {
        let done = schedule(&project, &[command, "--now", "2027-01-05T09:00:00Z"]);
        assert_eq!(done.code, 2, "{}", done.stderr);
        assert_eq!(
            done.stderr,
            "error: schedule.yaml:5:14: `99999999999d` is longer than a year; give at most 366d\n\
             schedule.yaml:6:10: `400d` is longer than a year; give at most 366d\n\
             the plan is invalid: nothing is sent until schedule.yaml is fixed\n"
        );
    }
}

#[test]
fn nonsense_send_settings_are_located_errors() {
    let (project, issue) = crate::smtp::built();
    let connections = "2:16: send.connections is out of range; use 1 to 64";
    for (settings, located) in [
        ("send:\n  connections: 0\n", connections),
        ("send:\n  connections: 100000\n", connections),
        (
            "send:\n  rate: -1\n",
            "2:9: send.rate is out of range; give messages a second from 0.0003 (one an hour) to \
             1000000, or leave it out",
        ),
        (
            "send:\n  retry_delays: [-1]\n",
            "2:17: send.retry_delays is out of range; give at most 20 waits, each 0 to 3600 \
             seconds",
        ),
    ] {
        project.write("letterpress.yaml", settings);
        let done = project
            .letterpress([
                "send",
                issue.to_str().expect("utf8"),
                "--test",
                "a@example.com",
            ])
            .run();
        assert_eq!(done.code, 2, "{settings}");
        assert_eq!(
            done.stderr,
            format!(
                "error: ./letterpress.yaml:{located}; fix letterpress.yaml (`letterpress \
                 schema settings` describes every key)\n"
            )
        );
    }
}

/// The one message a `send --test` delivered to a fresh sink.
fn test_message(dir: &Path, issue: &Path) -> Vec<u8> {
    let sink = crate::smtp::Sink::start(dir);
    crate::smtp::test_send(dir, issue, &sink.url()).ok();
    sink.messages().pop().expect("one message")
}

#[test]
fn message_ids_are_in_the_senders_domain() {
    let (project, issue) = crate::smtp::built();
    let settings = "send:\n  from: News <news@letters.example.org>\n";
    project.write("letterpress.yaml", settings);
    let raw = test_message(project.path(), &issue);
    let parsed = mail_parser::MessageParser::default()
        .parse(&raw)
        .expect("a message");
    let id = parsed.message_id().expect("a Message-ID");
    assert!(id.ends_with("@letters.example.org"), "{id}");
}

fn with_subject(issue: &Path, subject: &str) {
    let yaml = issue.join("issue.yaml");
    let text = std::fs::read_to_string(&yaml).expect("issue.yaml");
    let line = text
        .lines()
        .find(|l| l.starts_with("subject:"))
        .expect("subject");
    let quoted = serde_json::to_string(subject).expect("quoted");
    std::fs::write(&yaml, text.replace(line, &format!("subject: {quoted}"))).expect("edit");
}

#[test]
fn a_long_subject_is_folded_into_lines_of_at_most_998_characters() {
    let (project, issue) = crate::smtp::built();
    // 880 characters: a run of 780 without a space, then words to fold.
    let subject = format!("{} {}", "a".repeat(780), "word ".repeat(20).trim_end());
    with_subject(&issue, &subject);
    let raw = test_message(project.path(), &issue);
    let text = String::from_utf8_lossy(&raw);
    let longest = text.lines().map(str::len).max().unwrap_or(0);
    assert!(longest <= 998, "a line of {longest} characters");
    let parsed = mail_parser::MessageParser::default()
        .parse(&raw)
        .expect("a message");
    assert_eq!(parsed.subject(), Some(format!("[TEST] {subject}").as_str()));
}

#[test]
fn a_subject_too_long_to_fold_is_refused() {
    let (project, issue) = crate::smtp::built();
    with_subject(
        &issue,
        &format!("{} {}", "a".repeat(1200), "word ".repeat(160)),
    );
    let sink = crate::smtp::Sink::start(project.path());
    let done = crate::smtp::test_send(project.path(), &issue, &sink.url()).run();
    assert_eq!(done.code, 2);
    // 2001 characters and the `[TEST] ` prefix.
    assert_eq!(
        done.stderr,
        "error: refusing to send: the subject is 2008 characters long; shorten it to at most 900\n"
    );
    assert!(sink.messages().is_empty());
}

#[test]
fn a_subject_with_a_control_character_is_refused() {
    let (project, issue) = crate::smtp::built();
    with_subject(&issue, "Week 16\u{7} \u{1b}[31mred");
    let sink = crate::smtp::Sink::start(project.path());
    let done = crate::smtp::test_send(project.path(), &issue, &sink.url()).run();
    assert_eq!(done.code, 2);
    assert_eq!(
        done.stderr,
        "error: refusing to send: the subject [TEST] Week 16\\u{7} \\u{1b}[31mred contains a \
         control character; remove it\n"
    );
    assert!(sink.messages().is_empty());
}

#[test]
fn a_login_without_tls_to_another_host_is_warned_about_once() {
    let (project, _) = crate::smtp::built();
    let warning = "may cross the network unencrypted";
    let send = |url: &str| {
        let test = ["--test", "a@example.com", "--test", "b@example.com"];
        Run::new([&["send", "issues/2023-W16", "--smtp", url][..], &test].concat())
            .dir(project.path())
            .run()
    };
    // `.invalid` never resolves: the sends fail, after the warning.
    let remote = send("smtp://ann:pw@mail.invalid:587");
    assert_eq!(
        remote.stderr.matches(warning).count(),
        1,
        "{}",
        remote.stderr
    );
    assert_eq!(
        remote.stderr_line("warning: "),
        "warning: the SMTP password for mail.invalid:587 may cross the network unencrypted (no \
         TLS required); use smtps:// or add ?tls=required to the URL"
    );
    for url in [
        "smtp://ann:pw@mail.invalid:587?tls=required",
        "smtp://ann:pw@127.0.0.1:9",
        "smtp://mail.invalid",
    ] {
        assert!(!send(url).stderr.contains(warning), "{url}");
    }
}

#[test]
fn a_server_trickling_its_reply_defers_the_reader_within_the_deadline() {
    let (project, _) = crate::smtp::built();
    let settings = "send:\n  message_timeout: 2\n  retry_delays: [0.1]\n  outage_window: 1\n";
    project.write("letterpress.yaml", settings);
    project.write("readers.csv", "email\nada@example.com\n");
    let sink = crate::smtp::Sink::trickle(project.path(), "DOT");
    let started = std::time::Instant::now();
    let done = project
        .letterpress([
            "send",
            "issues/2023-W16",
            "--list",
            "readers.csv",
            "--smtp",
            &sink.url(),
        ])
        .env("LETTERPRESS_UNSUBSCRIBE_SECRET", "s")
        .start()
        .finish_within(std::time::Duration::from_secs(30))
        .expect("the send ends: two tries of 2 s, not hours");
    assert!(started.elapsed().as_secs() < 15, "{:?}", started.elapsed());
    assert_eq!(done.code, 1, "{}", done.stderr);
    assert!(
        done.stdout.contains("0 accepted") && done.stdout.contains("1 still failing"),
        "{}",
        done.stdout
    );
    let ledger =
        std::fs::read_to_string(project.join("issues/2023-W16/sent.jsonl")).expect("ledger");
    assert!(
        ledger.contains("\"deferred\"") && ledger.contains("send.message_timeout"),
        "{ledger}"
    );
}

#[test]
fn a_server_trickling_its_ehlo_reply_fails_the_test_send_within_the_deadline() {
    let (project, issue) = crate::smtp::built();
    project.write("letterpress.yaml", "send:\n  message_timeout: 2\n");
    let sink = crate::smtp::Sink::trickle(project.path(), "EHLO");
    let done = crate::smtp::test_send(project.path(), &issue, &sink.url())
        .start()
        .finish_within(std::time::Duration::from_secs(20))
        .expect("the test send ends");
    assert_eq!(done.code, 1);
    assert_eq!(
        done.stderr,
        "test send to editor@example.org failed: no complete reply within 2 s \
         (send.message_timeout): the server is too slow; the connection was dropped\n"
    );
}
