//! Regression tests for the smaller defects of issue 14 (item 9): secrets
//! in messages and journals, paths that leave the project, settings at
//! their extremes, servers that trickle, headers, AUTH in the clear and the
//! Message-ID's domain.

use std::path::Path;

use crate::schedule::{project, schedule, webhook};

const THREADS_ONLY: &str = "defaults:
  time_zone: UTC
entries:
  - issue: 2023-W16
    send_at: 2027-01-05 09:00
    channels:
      threads: [x]
";

fn webhook_settings(dir: &Path, port: u16) {
    let settings = format!(
        "threads:\n  webhook_url: http://ann:pw-secret@127.0.0.1:{port}/services/T0/B0/XXXX?token=tok-secret\n  webhook_timeout: 1\n  webhook_retry_delays: [0.1]\n"
    );
    std::fs::write(dir.join("letterpress.yaml"), settings).expect("settings");
}

#[test]
fn webhook_tokens_are_neither_printed_nor_journalled() {
    let dir = tempfile::tempdir().expect("tempdir");
    project(dir.path(), 1, THREADS_ONLY, "");
    // Nobody listening: "cannot reach"; then a 500 and a 403.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = closed.local_addr().expect("addr").port();
    drop(closed);
    webhook_settings(dir.path(), port);
    let unreachable = schedule(dir.path(), &["run", "--now", "2027-01-05T09:00:00Z"]);
    let (port, server) = webhook(vec![500, 403]);
    webhook_settings(dir.path(), port);
    let refused = schedule(dir.path(), &["run", "--now", "2027-01-05T09:01:00Z"]);
    server.join().expect("server");
    let journal = std::fs::read_to_string(dir.path().join("issues/2023-W16/schedule.jsonl"))
        .expect("journal");
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
