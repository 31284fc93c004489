//! Regression tests for the ways a list could be mailed twice, never, or
//! stopped for the wrong reason (issue 14), each against a real server on
//! loopback: two sends at once, a torn ledger line, a server refusing the
//! message itself, the outbox, a server-wide outage.

use std::path::Path;

use crate::common::{without_pids, Done, Project};
use crate::send_faults::CANNOT_BE_USED;
use crate::smtp::{built, list_send, recipient_of, Sink};

fn send(dir: &Path, issue: &Path, list: &Path, extra: &[&str]) -> Done {
    list_send(dir, issue, list, extra).run()
}

/// `PREFIX.csv` in the project: `count` readers `PREFIX{i}@example.com`.
fn write_list(project: &Project, prefix: &str, count: usize) -> std::path::PathBuf {
    let list = project.join(format!("{prefix}.csv"));
    let rows: String = (0..count)
        .map(|i| format!("{prefix}{i}@example.com\n"))
        .collect();
    project.write(&list, format!("email\n{rows}"));
    list
}

fn ledger_lines(issue: &Path) -> usize {
    std::fs::read_to_string(issue.join("sent.jsonl")).map_or(0, |t| t.lines().count())
}

#[test]
fn two_sends_started_together_never_mail_the_list_twice() {
    let (project, issue) = built();
    let list = write_list(&project, "r", 30);
    for trial in 0..12 {
        let _ = std::fs::remove_file(issue.join("sent.jsonl"));
        let sink = Sink::start(&project.join(format!("trial{trial}")));
        let url = sink.url();
        let first = list_send(project.path(), &issue, &list, &["--smtp", &url]).start();
        let second = list_send(project.path(), &issue, &list, &["--smtp", &url]).start();
        let (first, second) = (first.finish(), second.finish());
        let mut received: Vec<String> = sink.messages().iter().map(|m| recipient_of(m)).collect();
        received.sort();
        let total = received.len();
        received.dedup();
        assert_eq!(
            (total, received.len()),
            (30, 30),
            "trial {trial}: each reader exactly once\n{}\n{}",
            first.stderr,
            second.stderr
        );
        let lock = issue.join("send.lock").display().to_string();
        let held = format!(
            "error: {lock}: another letterpress send or schedule run holds this lock (process \
             N); wait for it to finish and run again"
        );
        let refused = [&first, &second]
            .iter()
            .filter(|d| d.stderr.contains("holds this lock"))
            .inspect(|d| assert_eq!(without_pids(d.stderr_line("error: ")), held))
            .count();
        let idle = [&first, &second]
            .iter()
            .filter(|d| d.stdout.contains("0 accepted, 30 already sent before"))
            .count();
        assert_eq!(refused + idle, 1, "trial {trial}: one of the two sent");
    }
}

#[test]
fn a_torn_ledger_line_in_the_middle_hides_nobody_after_it() {
    let (project, issue) = built();
    let list = write_list(&project, "t", 20);
    let sink = Sink::start(project.path());
    send(project.path(), &issue, &list, &["--smtp", &sink.url()]);
    assert_eq!(sink.messages().len(), 20);
    // A disk-full in the middle of a non-ASCII address: a line cut inside
    // a UTF-8 sequence, then the lines written after space was freed.
    let text = std::fs::read(issue.join("sent.jsonl")).expect("ledger");
    let lines: Vec<&[u8]> = text.split_inclusive(|b| *b == b'\n').collect();
    let mut torn = lines[..10].concat();
    torn.extend_from_slice(b"{\"recipient\":\"j\xc3\n");
    torn.extend(lines[10..].concat());
    std::fs::write(issue.join("sent.jsonl"), torn).expect("write");

    let again = Sink::start(&project.join("again"));
    let rerun = send(project.path(), &issue, &list, &["--smtp", &again.url()]);
    assert_eq!(rerun.code, 0, "{}", rerun.stderr);
    assert!(again.messages().is_empty(), "nobody is mailed twice");
    assert_eq!(
        project.scrub(rerun.stderr_line("warning: ")),
        "warning: [PROJECT]/issues/2023-W16/sent.jsonl:11: unreadable line skipped (EOF while \
         parsing a string at line 1 column 16); it was cut short by a crash or a full disk, or \
         not written by letterpress"
    );
    assert!(rerun.stdout.contains("0 accepted, 20 already sent before"));
}

#[test]
fn a_refusal_of_the_sender_stops_the_send_and_records_nobody() {
    let (project, issue) = built();
    let list = write_list(&project, "m", 25);
    {
        let refuses = Sink::start_with(project.path(), &["-f", "MAIL"]);
        let stopped = send(project.path(), &issue, &list, &["--smtp", &refuses.url()]);
        assert_eq!(stopped.code, 2, "an error, not a partial send");
        assert_eq!(
            stopped.stderr,
            format!(
                "error: the SMTP server cannot be used: the server refuses our sender (MAIL \
                 FROM): permanent error (500): 5.3.0 Error: command failed; {CANNOT_BE_USED}\n"
            )
        );
    }
    assert_eq!(ledger_lines(&issue), 0, "nobody recorded as rejected");
    let healthy = Sink::start(&project.join("healthy"));
    let sent = send(project.path(), &issue, &list, &["--smtp", &healthy.url()]);
    assert!(sent.stdout.contains("25 accepted"), "{}", sent.stdout);
    assert_eq!(healthy.messages().len(), 25);
}

#[test]
fn the_same_permanent_refusal_for_every_reader_stops_and_records_nobody() {
    let (project, issue) = built();
    let list = write_list(&project, "q", 40);
    {
        let refuses = Sink::start_with(project.path(), &["-f", "RCPT"]);
        let stopped = send(project.path(), &issue, &list, &["--smtp", &refuses.url()]);
        assert_eq!(stopped.code, 2, "an error, not a partial send");
        assert_eq!(
            stopped.stderr,
            format!(
                "error: the SMTP server cannot be used: the server refused 5 readers in a row \
                 with the same reply, so it refuses the message, not them: permanent error \
                 (500): 5.3.0 Error: command failed; {CANNOT_BE_USED}\n"
            )
        );
    }
    assert_eq!(ledger_lines(&issue), 0, "nobody recorded as rejected");
    let healthy = Sink::start(&project.join("healthy"));
    let sent = send(project.path(), &issue, &list, &["--smtp", &healthy.url()]);
    assert!(sent.stdout.contains("40 accepted"), "{}", sent.stdout);
}

#[test]
fn rejected_readers_are_tried_again_only_when_asked() {
    let (project, issue) = built();
    let sink = Sink::picky(project.path());
    let list = project.join("mixed.csv");
    project.write(
        &list,
        "email\nok0@example.com\nbounce0@example.com\nok1@example.com\n",
    );
    let url = sink.url();
    let first = send(project.path(), &issue, &list, &["--smtp", &url]);
    assert!(first
        .stdout
        .contains("2 accepted, 0 already sent before, 1 rejected"));
    let plain = send(project.path(), &issue, &list, &["--smtp", &url]);
    assert!(
        plain.stdout.contains("1 refused for good before"),
        "{}",
        plain.stdout
    );
    let retried = send(
        project.path(),
        &issue,
        &list,
        &["--smtp", &url, "--retry-rejected"],
    );
    assert!(
        retried
            .stdout
            .contains("0 accepted, 2 already sent before, 1 rejected"),
        "{}",
        retried.stdout
    );
    let attempts = std::fs::read_to_string(project.join("attempts.log")).expect("log");
    let tries = attempts
        .lines()
        .filter(|l| l.starts_with("bounce0@"))
        .count();
    assert_eq!(tries, 2, "tried once per run that was asked to");
}

#[test]
fn an_outbox_send_never_counts_as_mailed() {
    let (project, issue) = built();
    let list = write_list(&project, "o", 6);
    let rehearsal = send(project.path(), &issue, &list, &[]);
    assert_eq!(rehearsal.code, 0, "{}", rehearsal.stderr);
    assert_eq!(
        rehearsal.stderr,
        "nothing was mailed: the messages were written to the outbox (no SMTP server set); they \
         do not count as sent — pass --smtp URL or set send.smtp_url for the real send\n"
    );
    let written = std::fs::read_dir(project.join("outbox/2023-W16"))
        .expect("outbox")
        .count();
    assert_eq!(written, 6);
    assert_eq!(ledger_lines(&issue), 0, "the real ledger is untouched");

    let sink = Sink::start(project.path());
    let real = send(project.path(), &issue, &list, &["--smtp", &sink.url()]);
    assert!(real.stdout.contains("6 accepted"), "{}", real.stdout);
    assert_eq!(sink.messages().len(), 6);
}

#[test]
fn an_outage_of_every_reader_is_waited_out_without_using_retries() {
    let (project, issue) = built();
    // Retries this short are all used within a tenth of a second: only a
    // send that waits out the outage as a whole gets everyone through.
    project.write("letterpress.yaml", "send:\n  retry_delays: [0.05, 0.05]\n");
    let list = write_list(&project, "w", 200);
    let sink = Sink::picky_outage(project.path(), 3.0);
    let done = send(project.path(), &issue, &list, &["--smtp", &sink.url()]);
    assert_eq!(done.code, 0, "{}\n{}", done.stdout, done.stderr);
    assert!(
        done.stdout
            .contains("200 accepted, 0 already sent before, 0 rejected, 0 still failing"),
        "{}",
        done.stdout
    );
    assert_eq!(sink.messages().len(), 200);
}

#[test]
fn a_dry_run_names_who_would_get_it_and_sends_nothing() {
    let (project, issue) = built();
    let list = project.join("dry.csv");
    project.write(&list, "email,status\na@example.com,\nnot-an-address,\nb@example.com,unsubscribed\nc@example.com,\n");
    let sink = Sink::start(project.path());
    let dry = send(
        project.path(),
        &issue,
        &list,
        &["--smtp", &sink.url(), "--dry-run"],
    );
    assert_eq!(dry.code, 0, "{}", dry.stderr);
    assert_eq!(dry.stdout, "a@example.com\nc@example.com\n");
    assert_eq!(
        project.scrub(&dry.stderr),
        "[PROJECT]/dry.csv:3: skipped: invalid address `not-an-address`\n\
         [PROJECT]/dry.csv:4: skipped: unsubscribed\n\
         dry run of 2023-W16: would send to 2 readers; 0 already have it, 0 were refused \
         before, 2 rows skipped; nothing sent or recorded\n"
    );
    assert!(sink.messages().is_empty());
    assert!(!issue.join("sent.jsonl").exists());
}
