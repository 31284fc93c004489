//! `letterpress send` against a real SMTP server: Postfix's `smtp-sink` on
//! loopback (installed by .ci/run), each message written to a file and
//! parsed with a MIME parser.

use std::path::{Path, PathBuf};
use std::process::{Child, Command};

use crate::common::{root, Run};

/// A running smtp-sink that stores each message in `dir`.
struct Sink {
    child: Child,
    port: u16,
    dir: PathBuf,
}

impl Sink {
    fn start(dir: &Path) -> Sink {
        let port = {
            let probe = std::net::TcpListener::bind("127.0.0.1:0").expect("free port");
            probe.local_addr().expect("addr").port()
        };
        let store = dir.join("sink");
        std::fs::create_dir_all(&store).expect("mkdir");
        let _ = Command::new("chmod").arg("777").arg(&store).status();
        let child = Command::new("/usr/sbin/smtp-sink")
            .args(["-u", "nobody", "-d"])
            .arg(format!("{}/%M.", store.display()))
            .arg(format!("127.0.0.1:{port}"))
            .arg("100")
            .spawn()
            .expect("smtp-sink (Debian package postfix; bash .ci/run installs it)");
        for _ in 0..100 {
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        Sink {
            child,
            port,
            dir: store,
        }
    }

    fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    fn messages(&self) -> Vec<Vec<u8>> {
        let mut files: Vec<PathBuf> = std::fs::read_dir(&self.dir)
            .expect("sink dir")
            .map(|e| e.expect("entry").path())
            .collect();
        files.sort();
        files
            .iter()
            .map(|f| std::fs::read(f).expect("message"))
            .collect()
    }
}

impl Drop for Sink {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn built(dir: &Path) -> PathBuf {
    let done = Run::new(["build", root().join("seeds").to_str().expect("utf8")])
        .dir(dir)
        .run();
    assert_eq!(done.code, 0, "{}", done.stderr);
    dir.join("issues/2023-W16")
}

#[test]
fn a_test_send_arrives_with_both_parts_and_every_header() {
    let dir = tempfile::tempdir().expect("tempdir");
    let issue = built(dir.path());
    let sink = Sink::start(dir.path());
    let done = Run::new([
        "send",
        issue.to_str().expect("utf8"),
        "--test",
        "editor@example.org",
        "--smtp",
        &sink.url(),
    ])
    .dir(dir.path())
    .ok();
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
    let dir = tempfile::tempdir().expect("tempdir");
    let issue = built(dir.path());
    let sink = Sink::start(dir.path());
    let list = dir.path().join("readers.csv");
    let mut csv = String::from("\u{feff}email;name;status;city\n");
    for i in 0..1000 {
        csv.push_str(&format!(
            "reader{i}@example.com ; Reader {i} ; subscribed ; City {i}\n"
        ));
    }
    csv.push_str("\nnot-an-address;X;subscribed;Y\nREADER7@example.com;Dup;subscribed;Z\ngone@example.com;G;unsubscribed;W\n");
    std::fs::write(&list, csv).expect("write");
    let send = || {
        Run::new([
            "send",
            issue.to_str().expect("utf8"),
            "--list",
            list.to_str().expect("utf8"),
            "--smtp",
            &sink.url(),
        ])
        .dir(dir.path())
        .env("LETTERPRESS_UNSUBSCRIBE_SECRET", "test-secret")
        .run()
    };
    let first = send();
    assert_eq!(first.code, 0, "{}", first.stderr);
    assert!(first.stdout.contains("1000 accepted"), "{}", first.stdout);
    let mut recipients: Vec<String> = sink
        .messages()
        .iter()
        .map(|m| {
            let text = String::from_utf8_lossy(m);
            text.lines()
                .find_map(|l| l.strip_prefix("X-Rcpt-Args: <"))
                .expect("recipient")
                .trim_end_matches('>')
                .to_string()
        })
        .collect();
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
