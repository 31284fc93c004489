//! `letterpress check` against a real web server on loopback: a live page,
//! a missing one, a redirect, a loop, a big image, a page posing as an
//! image; the offline rules; the check refusing a list send.

use std::io::BufRead;
use std::path::PathBuf;
use std::process::{Command, Stdio};

use crate::common::{root, Project};
use crate::smtp::python;

struct Server(std::process::Child, u16);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
    }
}

fn server() -> Server {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("port")
        .port();
    let mut child = Command::new(python())
        .arg(root().join("tests/http/link_server.py"))
        .arg(port.to_string())
        .stdout(Stdio::piped())
        .spawn()
        .expect("python3");
    let mut line = String::new();
    std::io::BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut line)
        .expect("ready");
    Server(child, port)
}

/// A project of three posts, each with an image and links on the local
/// server at `port`, built: the project and its one issue folder.
fn linked(port: u16) -> (Project, PathBuf) {
    let base = format!("http://127.0.0.1:{port}");
    let post = |title: &str, image: &str, alt: &str, words: &str| {
        format!(
            "---\ntitle: {title}\npublished: 2026-11-24\n---\n\n![{alt}]({base}{image})\n\n\
             A [live page]({base}/ok), a [missing one]({base}/missing), a [moved one]({base}/moved) \
             and a [loop]({base}/loop-a), with the reasons each one matters when you operate a \
             service that other teams call every day and rely on for their own releases.\n\n{words}\n"
        )
    };
    let project = Project::new()
        .file("content/small.md", post("A small diagram", "/small.png", "a small diagram", "Caches keep hot data close to the code that reads it, trading freshness for speed, and every cache needs a rule for when its copy stops being true."))
        .file("content/big.md", post("A huge diagram", "/big.png", "a huge diagram", "Queues let a producer hand work to consumers without waiting; bursts wait in line instead of knocking the consumer over, and failures can be retried later."))
        .file("content/fake.md", post("Not a diagram", "/fake.png", "not a diagram", "Indexes are sorted lookups beside a table: reads skip the full scan, writes pay to keep the tree in order, so index the queries you really run."));
    project.ok(["build"]);
    let issue = project.join("issues/2026-W48");
    (project, issue)
}

#[test]
fn every_link_and_image_is_fetched_once_and_problems_are_named() {
    let web = server();
    let (project, issue) = linked(web.1);
    let done = project.run(["check", issue.to_str().expect("utf8"), "--json"]);
    assert_eq!(done.code, 1, "{}", done.stderr);
    let findings: Vec<serde_json::Value> = done
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("json line"))
        .collect();
    let url = |path: &str| {
        let wanted = format!("http://127.0.0.1:{}{path}", web.1);
        findings
            .iter()
            .find(|f| f["url"] == wanted.as_str())
            .unwrap_or_else(|| panic!("{path} not checked: {findings:?}"))
            .clone()
    };
    assert_eq!(url("/ok")["ok"], true);
    assert_eq!(url("/missing")["problem"], "404 Not Found");
    assert_eq!(url("/moved")["ok"], true);
    assert_eq!(
        url("/moved")["final_url"],
        format!("http://127.0.0.1:{}/ok", web.1)
    );
    assert!(url("/loop-a")["problem"]
        .as_str()
        .expect("p")
        .contains("redirect loop"));
    assert_eq!(url("/small.png")["ok"], true);
    let big = url("/big.png");
    assert!(
        big["problem"].as_str().expect("p").contains("over 1024 KB"),
        "{big}"
    );
    assert!(url("/fake.png")["problem"]
        .as_str()
        .expect("p")
        .contains("not an image type"));
    // Each problem names the section it is in (each post has its image).
    assert_eq!(big["section"], "section \"A huge diagram\"");
    assert_eq!(url("/fake.png")["section"], "section \"Not a diagram\"");
    let checked = findings
        .iter()
        .filter(|f| f["url"] == format!("http://127.0.0.1:{}/ok", web.1))
        .count();
    assert_eq!(checked, 1, "each URL once");
    let human = project.run(["check", issue.to_str().expect("utf8")]);
    // Whole, among lines that depend on the network (the newsletter's own
    // links are checked too).
    let html = issue.join("email.html").display().to_string();
    let missing = format!("{html}: error: http://127.0.0.1:{}/missing:", web.1);
    assert_eq!(
        human.stderr_line(&missing),
        format!("{missing} 404 Not Found (section \"A small diagram\")")
    );
}

#[test]
fn a_list_send_is_refused_when_the_offline_rules_find_errors() {
    let (project, issue) = linked(9);
    // An image without alt text, edited into the rendered email by hand.
    project.edit(issue.join("email.html"), |text| {
        text.replacen("<img ", "<img data-x=\"\" ", 1)
            .replace(" alt=\"a small diagram\"", "")
    });
    project.write("one.csv", "email\na@example.com\n");
    let refused = project
        .letterpress(["send", issue.to_str().expect("utf8"), "--list", "one.csv"])
        .env("LETTERPRESS_UNSUBSCRIBE_SECRET", "s")
        .run();
    assert_eq!(refused.code, 2, "{}", refused.stderr);
    let drafted = |title: &str, question: &str| {
        format!(
            "issues/2026-W48/issue.yaml: warning: section \"{title}\": the drafted question \
             \"{question}\" is not reviewed; edit it or set over_to_you_drafted: false\n"
        )
    };
    assert_eq!(
        project.scrub(&refused.stderr),
        [
            "[PROJECT]/issues/2026-W48/email.html: error: an image without alt text: \
             http://127.0.0.1:9/small.png\n"
                .to_string(),
            drafted("A small diagram", "Where have you seen this go wrong?"),
            drafted("Not a diagram", "How does your team handle Not a diagram?"),
            drafted(
                "A huge diagram",
                "What trade-off of A huge diagram have you hit in practice?"
            ),
            "error: [PROJECT]/issues/2026-W48: the pre-send check found 1 error (listed \
             above); fix them and render again, or send with --no-check\n"
                .to_string(),
        ]
        .concat()
    );
    let forced = project
        .letterpress([
            "send",
            issue.to_str().expect("utf8"),
            "--list",
            "one.csv",
            "--no-check",
        ])
        .env("LETTERPRESS_UNSUBSCRIBE_SECRET", "s")
        .run();
    assert_eq!(forced.code, 0, "{}", forced.stderr);
}

#[test]
fn a_recent_clean_check_is_recorded_and_not_repeated_until_the_issue_is_rendered_again() {
    let (project, issue) = linked(9);
    project.write("one.csv", "email\na@example.com\n");
    let send = || {
        project
            .letterpress(["send", issue.to_str().expect("utf8"), "--list", "one.csv"])
            .env("LETTERPRESS_UNSUBSCRIBE_SECRET", "s")
            .run()
    };
    let first = send();
    assert_eq!(first.code, 0, "{}", first.stderr);
    assert!(
        !first.stderr.contains("not checked again"),
        "{}",
        first.stderr
    );
    let record: serde_json::Value =
        serde_json::from_slice(&std::fs::read(issue.join("check.json")).expect("record"))
            .expect("json");
    assert_eq!(record["errors"], 0);
    let second = send();
    let checked = format!("{}: checked clean", issue.display());
    assert_eq!(
        second.stderr_line(&checked),
        format!("{checked} 0 min ago and not rendered since; not checked again")
    );
    project.ok(["render", issue.to_str().expect("utf8")]);
    let third = send();
    assert!(
        !third.stderr.contains("not checked again"),
        "{}",
        third.stderr
    );
}

/// `schedule run` checks a due list send as `send --list` does: with
/// `check.online`, a dead link in the issue stops the send, named with its
/// section, and nobody is mailed.
#[test]
fn the_schedule_fetches_the_links_of_a_due_issue_when_the_check_is_online() {
    let web = server();
    let (project, issue) = linked(web.1);
    let week = issue.file_name().expect("week").to_str().expect("utf8");
    project.write("one.csv", "email\na@example.com\n");
    project.write(
        "schedule.yaml",
        format!(
            "defaults:\n  time_zone: UTC\n  list: one.csv\n  grace: 1h\nentries:\n  \
             - issue: {week}\n    send_at: 2027-01-05 09:00\n"
        ),
    );
    project.write("letterpress.yaml", "check:\n  online: true\n");
    let sink = crate::smtp::Sink::start(project.path());
    let run = crate::schedule::schedule(
        &project,
        &[
            "run",
            "--now",
            "2027-01-05T09:00:00Z",
            "--smtp",
            &sink.url(),
        ],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    // The refusal whole, at its start and end and at the dead link, among
    // lines that depend on the network.
    let lines: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(lines.first(), Some(&"error: nothing was sent, because:"));
    assert_eq!(lines.last(), Some(&"fix these and run again"));
    let missing = format!(
        "{week} email: check: ./issues/{week}/email.html: http://127.0.0.1:{}/missing:",
        web.1
    );
    assert_eq!(
        run.stderr_line(&missing),
        format!("{missing} 404 Not Found (section \"A small diagram\")")
    );
    assert!(sink.messages().is_empty(), "nobody is mailed");
}

/// A writer forces a piece the editorial rules left out into an issue with
/// one line (`- id: …`): render fills in its title, source and question
/// from the item, and the check notes that the rules would leave it out.
#[test]
fn a_section_given_only_its_id_is_filled_in_and_noted_when_forced() {
    let mut project = Project::new();
    let explain = "Connection pools keep a few open connections and lend them to requests, \
        because opening one costs a TLS handshake, an authentication round trip and memory on \
        the server. Size the pool from the database's cores, not from the request rate, and \
        watch how long requests wait for a connection before you grow it.";
    for (name, title) in [
        ("pools", "Sizing a pool"),
        ("timeouts", "Timeouts"),
        ("retries", "Retries"),
        ("queues", "Queues"),
    ] {
        project = project.file(
            &format!("content/{name}.md"),
            format!("---\ntitle: {title}\npublished: 2026-11-24\n---\n\n{explain}\n\nOver to you: how big is yours?\n"),
        );
    }
    let project = project.file(
        "content/sale.md",
        "---\ntitle: Black Friday sale\npublished: 2026-11-25\n---\n\nBLACK FRIDAY SALE: 50% off \
         our book and course this week only. Use the code FRIDAY at checkout, the offer ends on \
         Monday, grab your copy now before the price goes back up. Limited copies left!\n",
    );
    project.ok(["build"]);
    let issue = project.join("issues/2026-W48");
    let file = issue.join("issue.yaml");
    let text = project.read(&file);
    assert!(!text.contains("id: sale"), "the rules leave the sale out");
    project.write(&file, format!("{text}- id: sale\n"));
    project.ok(["render", issue.to_str().expect("utf8")]);
    let html = project.read(issue.join("email.html"));
    assert!(
        html.contains("Black Friday sale"),
        "the item's title fills the section"
    );
    let done = project.run([
        "check",
        "--offline",
        "--json",
        issue.to_str().expect("utf8"),
    ]);
    let forced: Vec<serde_json::Value> = done
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("json"))
        .filter(|f: &serde_json::Value| f["rule"] == "forced" && f["ok"] == false)
        .collect();
    assert_eq!(forced.len(), 1, "{}", done.stdout);
    assert_eq!(forced[0]["severity"], "note");
    let problem = forced[0]["problem"].as_str().expect("problem");
    assert!(
        problem.starts_with("section \"Black Friday sale\" runs because the issue file names it; the editorial rules would leave it out (promo: "),
        "{problem}"
    );
    let unknown = format!("{text}- id: nowhere\n");
    project.write(&file, &unknown);
    let line = unknown.lines().count();
    let refused = project.run(["render", issue.to_str().expect("utf8")]);
    assert_eq!(
        refused.stderr,
        format!(
            "error: {}:{line}:7: section `nowhere` names no item of the project's content; correct the id (`letterpress plan --report FILE.csv` lists every id), give the section its `source:`, or a `body:` of its own\n",
            file.display()
        )
    );
}

/// A server error is an error, a page that refuses HEAD is fetched with GET
/// and passes, and a page that stalls for 20 s times out at
/// `check.timeout` without holding up the rest: the whole check ends in
/// bounded time.
#[test]
fn a_500_is_an_error_a_refused_head_falls_back_to_get_and_a_stall_times_out() {
    let web = server();
    let base = format!("http://127.0.0.1:{}", web.1);
    let project = Project::new()
        .file(
            "content/links.md",
            format!(
            "---\ntitle: Links that misbehave\npublished: 2026-11-24\n---\n\nA [broken server]({base}/error), \
             a [GET-only page]({base}/no-head) and a [stalled one]({base}/stall), with the reasons \
             each one matters when you operate a service that other teams call every day and rely \
             on for their own releases, so a check must judge each of them on its own.\n"
            ),
        )
        .file("letterpress.yaml", "check:\n  timeout: 2\n  deadline: 30\n");
    project.ok(["build"]);
    let started = std::time::Instant::now();
    let done = project.run(["check", "issues/2026-W48", "--json"]);
    let took = started.elapsed();
    assert_eq!(done.code, 1, "{}", done.stderr);
    let finding = |path: &str| -> serde_json::Value {
        let url = format!("{base}{path}");
        done.stdout
            .lines()
            .map(|l| serde_json::from_str::<serde_json::Value>(l).expect("json"))
            .find(|f| f["url"] == url.as_str())
            .unwrap_or_else(|| panic!("{path} not checked: {}", done.stdout))
    };
    assert_eq!(finding("/error")["problem"], "500 Internal Server Error");
    assert_eq!(finding("/no-head")["ok"], true, "{}", finding("/no-head"));
    let stalled = finding("/stall");
    assert_eq!(stalled["ok"], false);
    assert!(
        stalled["problem"]
            .as_str()
            .expect("problem")
            .contains("within the timeout"),
        "{stalled}"
    );
    assert!(took < std::time::Duration::from_secs(15), "took {took:?}");
}
