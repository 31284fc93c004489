//! `letterpress send` against a real SMTP server: Postfix's `smtp-sink` on
//! loopback (installed by .ci/run), each message written to a file and
//! parsed with a MIME parser.

use std::path::Path;
use std::process::Command;

use crate::common::{root, Run};
use crate::smtp::{built, list_send, python, recipient_of, test_send, Sink};

#[test]
fn a_test_send_arrives_with_both_parts_and_every_header() {
    let (project, issue) = built();
    let sink = Sink::start(project.path());
    let done = test_send(project.path(), &issue, &sink.url()).ok();
    assert!(done.stdout.contains("250"), "{}", done.stdout);
    let messages = sink.messages();
    assert_eq!(messages.len(), 1);
    let mail = mail_parser::MessageParser::default()
        .parse(&messages[0])
        .expect("MIME");
    assert!(mail.subject().expect("subject").starts_with("[TEST] "));
    assert!(mail.message_id().is_some() && mail.date().is_some());
    assert_eq!(mail.text_body_count(), 1);
    assert_eq!(mail.html_body_count(), 1);
    assert!(mail.body_html(0).expect("html").contains("<table"));
    assert!(mail.body_text(0).expect("text").contains("Over to you"));
    let header = |name: &str| {
        mail.header_raw(name)
            .unwrap_or_else(|| panic!("{name} header"))
            .trim()
            .to_string()
    };
    let unsubscribe = header("List-Unsubscribe");
    assert!(
        unsubscribe.contains("<https://") && unsubscribe.contains("<mailto:"),
        "{unsubscribe}"
    );
    assert_eq!(
        header("List-Unsubscribe-Post"),
        "List-Unsubscribe=One-Click"
    );
    assert!(
        !issue.join("sent.jsonl").exists(),
        "a test send is not recorded"
    );
}

#[test]
fn a_list_send_reaches_everyone_once_and_a_rerun_sends_nothing() {
    let (project, issue) = built();
    let sink = Sink::start(project.path());
    let list = project.join("readers.csv");
    let mut csv = String::from("\u{feff}email;name;status;city\n");
    for i in 0..1000 {
        csv.push_str(&format!(
            "reader{i}@example.com ; Reader {i} ; subscribed ; City {i}\n"
        ));
    }
    csv.push_str("\nnot-an-address;X;subscribed;Y\nREADER7@example.com;Dup;subscribed;Z\ngone@example.com;G;unsubscribed;W\n");
    project.write(&list, csv);
    let send = || {
        project
            .letterpress([
                "send",
                issue.to_str().expect("utf8"),
                "--list",
                list.to_str().expect("utf8"),
                "--smtp",
                &sink.url(),
            ])
            .env("LETTERPRESS_UNSUBSCRIBE_SECRET", "test-secret")
            .run()
    };
    let first = send();
    assert_eq!(first.code, 0, "{}", first.stderr);
    assert!(first.stdout.contains("1000 accepted"), "{}", first.stdout);
    let mut recipients: Vec<String> = sink.messages().iter().map(|m| recipient_of(m)).collect();
    recipients.sort();
    recipients.dedup();
    assert_eq!(recipients.len(), 1000, "each once");
    let skipped =
        std::fs::read_to_string(list.with_extension("skipped.csv")).expect("skipped report");
    assert!(skipped.contains("1003,invalid address"), "{skipped}");
    assert!(skipped.contains("1004,duplicate of line 9"), "{skipped}");
    assert!(skipped.contains("1005,unsubscribed"), "{skipped}");
    let again = send();
    assert!(
        again.stdout.contains("0 accepted, 1000 already sent"),
        "{}",
        again.stdout
    );
    assert_eq!(sink.messages().len(), 1000);
}

/// `kill -9` in the middle of a send, then a re-run: everyone gets the issue
/// at least once, and no more than the messages in flight (one per
/// connection) twice.
#[test]
fn a_killed_send_resumes_without_losing_or_repeating_readers() {
    let (project, issue) = built();
    let sink = Sink::start(project.path());
    let list = project.join("big.csv");
    let mut csv = String::from("email,name\n");
    for i in 0..5000 {
        csv.push_str(&format!("r{i}@example.com,R {i}\n"));
    }
    project.write(&list, csv);
    let args = |cmd: &mut Command| {
        cmd.args([
            "send",
            issue.to_str().expect("utf8"),
            "--list",
            list.to_str().expect("utf8"),
            "--smtp",
            &sink.url(),
        ])
        .current_dir(project.path())
        .env("LETTERPRESS_UNSUBSCRIBE_SECRET", "s")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null());
    };
    let mut first = Command::new(env!("CARGO_BIN_EXE_letterpress"));
    args(&mut first);
    let mut child = first.spawn().expect("spawn");
    let ledger = issue.join("sent.jsonl");
    let started = std::time::Instant::now();
    while std::fs::read_to_string(&ledger).map_or(0, |t| t.lines().count()) < 500 {
        assert!(started.elapsed().as_secs() < 120, "send too slow");
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    child.kill().expect("kill -9");
    let _ = child.wait();
    let mut second = Command::new(env!("CARGO_BIN_EXE_letterpress"));
    args(&mut second);
    let status = second.status().expect("re-run");
    assert!(
        status.success(),
        "the re-run takes over the dead process's lock"
    );
    let mut counts = std::collections::HashMap::<String, usize>::new();
    for message in sink.messages() {
        *counts.entry(recipient_of(&message)).or_default() += 1;
    }
    assert_eq!(counts.len(), 5000, "everyone at least once");
    let twice = counts.values().filter(|&&n| n > 1).count();
    assert!(
        twice <= 8,
        "{twice} readers got it twice; at most one per connection may"
    );
}

#[test]
fn unsubscribe_tokens_mark_the_list_and_the_next_send_skips_them() {
    let (project, issue) = built();
    let sink = Sink::start(project.path());
    let list = project.join("few.csv");
    project.write(
        &list,
        "email,name,status\nada@example.com,Ada,subscribed\nbob@example.com,Bob,\n",
    );
    let run = |args: &[&str]| {
        Run::new(args.iter().copied())
            .dir(project.path())
            .env("LETTERPRESS_UNSUBSCRIBE_SECRET", "k3y")
            .run()
    };
    let sent = run(&[
        "send",
        issue.to_str().expect("utf8"),
        "--list",
        list.to_str().expect("utf8"),
        "--smtp",
        &sink.url(),
    ]);
    assert_eq!(sent.code, 0, "{}", sent.stderr);
    let bob = sink
        .messages()
        .into_iter()
        .map(|m| String::from_utf8_lossy(&m).into_owned())
        .find(|m| m.contains("X-Rcpt-Args: <bob@example.com>"))
        .expect("bob's copy");
    assert!(bob.contains("email=bob%40example.com"), "personal link");
    let token = bob
        .split("token=")
        .nth(1)
        .expect("token")
        .chars()
        .take(32)
        .collect::<String>();
    let done = run(&[
        "unsubscribe",
        "--list",
        list.to_str().expect("utf8"),
        &token,
    ]);
    assert_eq!(done.code, 0, "{}", done.stderr);
    assert!(
        done.stdout.contains("unsubscribed bob@example.com"),
        "{}",
        done.stdout
    );
    let text = std::fs::read_to_string(&list).expect("list");
    assert!(text.contains("bob@example.com,Bob,unsubscribed"), "{text}");
    let bad = run(&[
        "unsubscribe",
        "--list",
        list.to_str().expect("utf8"),
        "0123456789abcdef0123456789abcdef",
    ]);
    assert_ne!(bad.code, 0);
    let other = project.join("issues/2023-W07");
    let again = run(&[
        "send",
        other.to_str().expect("utf8"),
        "--list",
        list.to_str().expect("utf8"),
        "--smtp",
        &sink.url(),
    ]);
    assert!(again.stdout.contains("1 accepted"), "{}", again.stdout);
}

#[test]
fn the_rate_setting_spaces_messages_out() {
    let (project, issue) = built();
    project.write("letterpress.yaml", "send:\n  rate: 20\n");
    let sink = Sink::start(project.path());
    let list = project.join("rated.csv");
    let rows: String = (0..21).map(|i| format!("p{i}@example.com\n")).collect();
    project.write(&list, format!("email\n{rows}"));
    let done = project
        .letterpress([
            "send",
            issue.to_str().expect("utf8"),
            "--list",
            list.to_str().expect("utf8"),
            "--smtp",
            &sink.url(),
        ])
        .env("LETTERPRESS_UNSUBSCRIBE_SECRET", "s")
        .run();
    assert_eq!(done.code, 0, "{}", done.stderr);
    let times: Vec<chrono::DateTime<chrono::Utc>> =
        std::fs::read_to_string(issue.join("sent.jsonl"))
            .expect("ledger")
            .lines()
            .map(|l| {
                let v: serde_json::Value = serde_json::from_str(l).expect("json");
                v["time"].as_str().expect("time").parse().expect("rfc3339")
            })
            .collect();
    assert_eq!(times.len(), 21);
    let span = *times.iter().max().expect("max") - *times.iter().min().expect("min");
    // 21 messages at 20 a second: the last starts a second after the first.
    assert!(
        span.num_milliseconds() >= 900,
        "{} ms",
        span.num_milliseconds()
    );
}

#[test]
fn messages_are_dkim_signed_when_a_key_is_configured() {
    let (project, issue) = built();
    let key = project.join("dkim.pem");
    let made = Command::new("openssl")
        .args(["genrsa", "-traditional", "-out"])
        .arg(&key)
        .arg("2048")
        .output()
        .expect("openssl");
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    project.write(
        "letterpress.yaml",
        format!(
            "send:\n  dkim:\n    domain: example.com\n    selector: news\n    key_file: {}\n",
            key.display()
        ),
    );
    let sink = Sink::start(project.path());
    test_send(project.path(), &issue, &sink.url()).ok();
    let message = String::from_utf8_lossy(&sink.messages()[0]).into_owned();
    let signature = message
        .split("DKIM-Signature:")
        .nth(1)
        .expect("a DKIM-Signature header");
    assert!(
        signature.contains("d=example.com") && signature.contains("s=news"),
        "{signature}"
    );
    assert!(
        signature.contains("a=rsa-sha256") && signature.contains("b="),
        "{signature}"
    );
    assert!(
        signature.contains("list-unsubscribe:list-unsubscribe-post"),
        "RFC 8058 wants the unsubscribe headers signed: {signature}"
    );
    // An independent verifier (dkimpy) with the public half of the key.
    let public = project.join("dkim.pub.pem");
    let derived = Command::new("openssl")
        .args(["rsa", "-pubout", "-in"])
        .arg(&key)
        .arg("-out")
        .arg(&public)
        .output()
        .expect("openssl");
    assert!(derived.status.success());
    let stored = project.join("signed.eml");
    std::fs::write(&stored, &sink.messages()[0]).expect("write");
    let verify = |message: &Path| {
        Command::new(python())
            .arg(root().join("tests/smtp/dkim_verify.py"))
            .arg(message)
            .arg(&public)
            .output()
            .expect("python3 with dkimpy (bash .ci/run installs it in tests/.venv)")
    };
    let verified = verify(&stored);
    assert_eq!(
        String::from_utf8_lossy(&verified.stdout).trim(),
        "pass",
        "{}",
        String::from_utf8_lossy(&verified.stderr)
    );
    // …and the verifier is not a rubber stamp: one changed body byte fails.
    let tampered = project.join("tampered.eml");
    std::fs::write(&tampered, message.replacen("Over to you", "Over to yoU", 1)).expect("write");
    assert!(!verify(&tampered).status.success());
}

/// Issue 18 item 9: a template printing a list column (the manual's own
/// `{{subscriber.fields.city}}`) renders with the sample reader, and each
/// reader gets their own value.
#[test]
fn a_template_printing_a_list_column_renders_and_sends() {
    let (project, issue) = built();
    project.letterpress(["templates", "eject"]).ok();
    let header = project.join("templates/partials/header.hbs");
    let text = std::fs::read_to_string(&header).expect("header");
    std::fs::write(
        &header,
        format!("<!-- from {{{{subscriber.fields.city}}}} -->\n{text}"),
    )
    .expect("write");
    let rendered = project
        .letterpress(["render", issue.to_str().expect("utf8")])
        .run();
    assert_eq!(rendered.code, 0, "{}", rendered.stderr);
    let sink = Sink::start(project.path());
    let list = project.join("cities.csv");
    project.write(&list, "email,city\nzed@example.com,Zagreb\n");
    let sent = list_send(project.path(), &issue, &list, &["--smtp", &sink.url()]).run();
    assert_eq!(sent.code, 0, "{}", sent.stderr);
    let messages = sink.messages();
    let mail = mail_parser::MessageParser::default()
        .parse(&messages[0])
        .expect("MIME");
    let html = mail.body_html(0).expect("html");
    assert!(
        html.contains("from Zagreb"),
        "the reader's own column: {html}"
    );
}
