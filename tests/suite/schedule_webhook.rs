//! `schedule run` delivering thread drafts to a webhook: a local HTTP
//! server that fails, stalls, then takes them.

use std::io::{BufRead, BufReader, Read, Write};

use crate::schedule::{schedule, scheduled};

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
    let project = scheduled(1, plan, &settings);
    let done = schedule(&project, &["run", "--now", "2027-01-05T09:00:00Z"]);
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
    let again = schedule(&project, &["run", "--now", "2027-01-05T09:10:00Z"]);
    assert!(again.stdout.contains("nothing due"), "{}", again.stdout);
}
