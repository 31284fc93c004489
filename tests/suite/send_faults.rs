//! `letterpress send` against servers that misbehave: one that refuses some
//! recipients for good and greylists others (aiosmtpd), and smtp-sink
//! hanging up on every message. Nothing is lost, nothing is sent twice.

use std::collections::HashMap;
use std::path::Path;

use crate::common::{Done, Run};
use crate::smtp::{built, recipient_of, test_send, Sink};

/// How every refusal of the server as a whole ends.
pub const CANNOT_BE_USED: &str = "nothing more was sent — fix the server or the settings \
    (send.smtp_url, the password variable) and run again: the ledger keeps who already has it";

fn send(dir: &Path, issue: &Path, list: &Path, sink: &Sink) -> Done {
    Run::new([
        "send",
        issue.to_str().expect("utf8"),
        "--list",
        list.to_str().expect("utf8"),
        "--smtp",
        &sink.url(),
    ])
    .dir(dir)
    .env("LETTERPRESS_UNSUBSCRIBE_SECRET", "s")
    .run()
}

fn ledger_outcomes(issue: &Path) -> HashMap<String, Vec<(String, String)>> {
    let mut outcomes: HashMap<String, Vec<(String, String)>> = HashMap::new();
    for line in std::fs::read_to_string(issue.join("sent.jsonl"))
        .expect("ledger")
        .lines()
    {
        let entry: serde_json::Value = serde_json::from_str(line).expect("json line");
        outcomes
            .entry(entry["recipient"].as_str().expect("recipient").to_string())
            .or_default()
            .push((
                entry["outcome"].as_str().expect("outcome").to_string(),
                entry["reply"].as_str().expect("reply").to_string(),
            ));
    }
    outcomes
}

#[test]
fn refused_recipients_are_recorded_and_everyone_else_is_delivered() {
    let (project, issue) = built();
    project.write(
        "letterpress.yaml",
        "send:\n  retry_delays: [0.05, 0.05]\n  connections: 4\n",
    );
    let sink = Sink::picky(project.path());
    let list = project.join("mixed.csv");
    let mut rows = String::from("email\n");
    let groups = [("ok", 40), ("bounce", 5), ("later", 3), ("never", 2)];
    for (prefix, count) in groups {
        for i in 0..count {
            rows.push_str(&format!("{prefix}{i}@example.com\n"));
        }
    }
    project.write(&list, rows);

    let first = send(project.path(), &issue, &list, &sink);
    assert_eq!(first.code, 1, "failures make the exit code non-zero");
    assert!(
        first
            .stdout
            .contains("43 accepted, 0 already sent before, 5 rejected, 2 still failing"),
        "{}",
        first.stdout
    );
    let mut delivered: Vec<String> = sink.messages().iter().map(|m| recipient_of(m)).collect();
    delivered.sort();
    let before = delivered.len();
    delivered.dedup();
    assert_eq!((before, delivered.len()), (43, 43), "each once");
    assert!(delivered
        .iter()
        .all(|r| r.starts_with("ok") || r.starts_with("later")));

    let outcomes = ledger_outcomes(&issue);
    for i in 0..5 {
        let bounce = &outcomes[&format!("bounce{i}@example.com")];
        assert_eq!(bounce.len(), 1);
        assert_eq!(bounce[0].0, "rejected");
        assert!(
            bounce[0].1.contains("550"),
            "the server's reply: {}",
            bounce[0].1
        );
    }
    assert_eq!(outcomes["never0@example.com"][0].0, "deferred");
    assert_eq!(outcomes["later2@example.com"][0].0, "accepted");
    let attempts = std::fs::read_to_string(project.join("attempts.log")).expect("log");
    let tries = |who: &str| attempts.lines().filter(|l| l.starts_with(who)).count();
    assert_eq!(tries("bounce0@"), 1, "a permanent refusal is not retried");
    assert_eq!(tries("later0@"), 2, "greylisted: accepted on the retry");
    assert_eq!(tries("never0@"), 3, "first try and the two retries set");

    // The next run only tries the two still deferred; the refused readers
    // are not counted as having the issue.
    let second = send(project.path(), &issue, &list, &sink);
    assert!(
        second.stdout.contains(
            "0 accepted, 43 already sent before, 0 rejected, 2 still failing after retries; \
             5 refused for good before, not tried again (--retry-rejected to try them)"
        ),
        "{}",
        second.stdout
    );
    assert_eq!(sink.messages().len(), 43);
    let attempts = std::fs::read_to_string(project.join("attempts.log")).expect("log");
    assert_eq!(attempts.lines().count(), 40 + 5 + 3 * 2 + 2 * 3 + 2 * 3);
}

#[test]
fn a_server_that_hangs_up_on_everyone_stops_the_send_and_charges_nobody() {
    let (project, issue) = built();
    project.write(
        "letterpress.yaml",
        "send:\n  retry_delays: [0.05]\n  outage_window: 1\n",
    );
    let list = project.join("few.csv");
    let rows: String = (0..12).map(|i| format!("p{i}@example.com\n")).collect();
    project.write(&list, format!("email\n{rows}"));
    {
        // 421 and a dropped connection on every DATA: an outage, waited
        // out for send.outage_window, then the send stops for the next run.
        let hangs_up = Sink::start_with(project.path(), &["-Q", "DATA"]);
        let failed = send(project.path(), &issue, &list, &hangs_up);
        assert_eq!(failed.code, 2, "stopped: an error, not a partial send");
        // Whole but for the last refusal, which varies with the moment
        // the server hung up (its 421 reply, a broken pipe).
        let cause = failed
            .stderr
            .strip_prefix(
                "error: the SMTP server cannot be used: the server has refused every reader \
                 for 1 s (longer than send.outage_window): ",
            )
            .and_then(|rest| rest.strip_suffix(&format!("; {CANNOT_BE_USED}\n")))
            .unwrap_or_else(|| panic!("{}", failed.stderr));
        assert!(!cause.is_empty() && !cause.contains('\n'), "{cause}");
        assert!(hangs_up.messages().is_empty());
    }
    let status = project
        .letterpress(["send", issue.to_str().expect("utf8"), "--status"])
        .ok();
    assert!(
        status
            .stdout
            .contains("0 readers accepted, 0 rejected, 0 deferred"),
        "nobody is charged for the server's outage: {}",
        status.stdout
    );

    let healthy = Sink::start(project.path());
    let retried = send(project.path(), &issue, &list, &healthy);
    assert_eq!(retried.code, 0, "{}", retried.stderr);
    assert!(retried.stdout.contains("12 accepted"), "{}", retried.stdout);
    assert_eq!(healthy.messages().len(), 12);
}

#[test]
fn the_password_comes_from_the_environment_and_is_never_printed() {
    let (project, issue) = built();
    let sink = Sink::picky_with(project.path(), &["news:s3cr3t+p@ss"]);
    let url = sink.url().replace("smtp://", "smtp://news@");
    let send_with = |password: &str| {
        test_send(project.path(), &issue, &url)
            .env("LETTERPRESS_SMTP_PASSWORD", password)
            .run()
    };
    let refused = send_with("wrong-password");
    assert_ne!(refused.code, 0);
    assert!(sink.messages().is_empty());
    assert!(
        !refused.stderr.contains("wrong-password") && !refused.stdout.contains("wrong-password")
    );
    assert_eq!(
        refused.stderr,
        "test send to editor@example.org failed: permanent error (535): 5.7.8 Authentication \
         credentials invalid\n"
    );
    let sent = send_with("s3cr3t+p@ss");
    assert_eq!(sent.code, 0, "{}", sent.stderr);
    assert_eq!(sink.messages().len(), 1);
    assert!(!sent.stdout.contains("s3cr3t"), "{}", sent.stdout);

    // A refused login stops a list send without blaming any reader.
    let list = project.join("three.csv");
    project.write(
        &list,
        "email\na@example.com\nb@example.com\nc@example.com\n",
    );
    let list_send = |password: &str| {
        project
            .letterpress([
                "send",
                issue.to_str().expect("utf8"),
                "--list",
                list.to_str().expect("utf8"),
                "--smtp",
                &url,
            ])
            .env("LETTERPRESS_SMTP_PASSWORD", password)
            .env("LETTERPRESS_UNSUBSCRIBE_SECRET", "s")
            .run()
    };
    let stopped = list_send("wrong-password");
    assert_eq!(stopped.code, 2);
    assert_eq!(
        stopped.stderr,
        format!(
            "error: the SMTP server cannot be used: the server refused the connection or the \
             login: permanent error (535): 5.7.8 Authentication credentials invalid; \
             {CANNOT_BE_USED}\n"
        )
    );
    let ledger = std::fs::read_to_string(issue.join("sent.jsonl")).unwrap_or_default();
    assert!(!ledger.contains("rejected"), "no reader marked: {ledger}");
    let fixed = list_send("s3cr3t+p@ss");
    assert_eq!(fixed.code, 0, "{}", fixed.stderr);
    assert!(fixed.stdout.contains("3 accepted"), "{}", fixed.stdout);
    assert_eq!(sink.messages().len(), 4);
}

#[test]
fn starttls_required_refuses_a_server_without_it_and_opportunistic_goes_plain() {
    let (project, issue) = built();
    let sink = Sink::start(project.path());
    let send_via = |url: String| test_send(project.path(), &issue, &url).run();
    let required = send_via(format!("{}?tls=required", sink.url()));
    assert_eq!(required.code, 1);
    assert_eq!(
        required.stderr,
        "test send to editor@example.org failed: internal client error: STARTTLS is not \
         supported on this server\n"
    );
    assert!(sink.messages().is_empty(), "nothing goes out in clear text");
    let opportunistic = send_via(format!("{}?tls=opportunistic", sink.url()));
    assert_eq!(opportunistic.code, 0, "{}", opportunistic.stderr);
    assert_eq!(sink.messages().len(), 1);
    let bad = send_via("smtp://127.0.0.1:1?tls=sometimes".into());
    assert_eq!(bad.code, 2);
    assert_eq!(
        bad.stderr,
        "error: SMTP URL `smtp://127.0.0.1:1?tls=sometimes`: unknown tls mode `sometimes`; use \
         smtp://host:port, smtps://host or smtp://host?tls=required\n"
    );
}

/// Rows the list check used to pass and the message builder then refused,
/// stopping every worker (990 of 1,000 never sent): each is skipped with its
/// line and the rest are sent.
#[test]
fn rows_the_message_cannot_carry_are_skipped_and_the_rest_sent() {
    let (project, issue) = built();
    let sink = Sink::start(project.path());
    let list = project.join("mixed.csv");
    let bad = [
        "r{i}@example.com,\"Line\nbreak\"",
        "r{i}@example.com,\"Carriage\rreturn\"",
        "r{i}@example.com,\"Two\n\nbreaks\"",
        "\"\"\"a b\"\"@example.com\",Quoted space",
        "\"\"\"c d{i}\"\"@example.com\",Quoted space",
        "a@[127.0.0.1],Address literal",
        "b@[IPv6:::1],Address literal",
        "r{i}@example.com,Bell\u{7}name",
        "r{i}@example.com,Nul\u{0}name",
        "r{i}@example.com,Escape\u{1b}[31m",
    ];
    let (mut csv, mut line, mut bad_lines) = (String::from("email,name\n"), 2, Vec::new());
    for i in 0..1000 {
        let row = match bad.get(i / 100).filter(|_| i % 100 == 50) {
            Some(row) => {
                bad_lines.push(line);
                row.replace("{i}", &i.to_string())
            }
            None => format!("r{i}@example.com,Reader {i}"),
        };
        line += row.matches('\n').count() + 1;
        csv.push_str(&row);
        csv.push('\n');
    }
    project.write(&list, csv);
    let done = send(project.path(), &issue, &list, &sink);
    assert_eq!(done.code, 0, "{}", done.stderr);
    assert!(done.stdout.contains("990 accepted"), "{}", done.stdout);
    assert_eq!(sink.messages().len(), 990);
    let skipped =
        std::fs::read_to_string(list.with_extension("skipped.csv")).expect("skipped report");
    for line in bad_lines {
        assert!(
            skipped.contains(&format!("\n{line},")),
            "line {line}: {skipped}"
        );
    }
    assert!(skipped.contains("line break"), "{skipped}");
    assert!(skipped.contains("control character"), "{skipped}");
    assert!(skipped.contains("a@[127.0.0.1]"), "{skipped}");
}
