//! The README's quick start, run line by line as written, in an empty
//! folder with three posts of our own (tests/data/quickstart/): so the
//! first thing a newcomer types cannot drift from what the tool does.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use crate::common::{copy_folder, root, start_preview, words, Project, Run};

/// The shell lines of the README's "Your own newsletter" block, comments
/// removed.
fn quick_start() -> Vec<String> {
    let readme = std::fs::read_to_string(root().join("README.md")).expect("README.md");
    let block = readme
        .split("## Your own newsletter")
        .nth(1)
        .and_then(|rest| rest.split("```sh\n").nth(1))
        .and_then(|rest| rest.split("```").next())
        .expect("a sh block under `## Your own newsletter`");
    block
        .lines()
        .map(|line| {
            line.split(" # ")
                .next()
                .unwrap_or_default()
                .trim()
                .to_string()
        })
        .filter(|line| !line.is_empty())
        .collect()
}

/// Starts `preview`, fetches its first page, stops it.
fn preview_once(dir: &Path, args: &[String]) -> String {
    let (mut child, address) = start_preview(dir, args);
    let mut stream = std::net::TcpStream::connect(&address).expect("connect");
    write!(
        stream,
        "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    )
    .expect("send");
    let mut page = String::new();
    stream.read_to_string(&mut page).expect("read");
    let _ = child.kill();
    let _ = child.wait();
    page
}

/// Every command's `--help` ends with a one-line example, and the example
/// is a command line letterpress accepts (clap's own parser reads it).
#[test]
fn every_command_has_an_example_that_parses() {
    use clap::{CommandFactory, Parser};
    use letterpress::cli::Cli;
    fn visit(command: &clap::Command, path: &str, seen: &mut usize) {
        for sub in command.get_subcommands().filter(|c| c.get_name() != "help") {
            let name = format!("{path} {}", sub.get_name());
            let help = sub
                .get_after_help()
                .map(|h| h.to_string())
                .unwrap_or_default();
            let example = help
                .strip_prefix("Example: ")
                .unwrap_or_else(|| panic!("`{name} --help` has no example"));
            assert!(
                example.starts_with(&format!("{name} ")) || example == name,
                "{name}: {example}"
            );
            if let Err(e) = Cli::try_parse_from(words(example)) {
                panic!("the example of `{name}` does not parse: {example}\n{e}");
            }
            *seen += 1;
            visit(sub, &name, seen);
        }
    }
    let mut seen = 0;
    visit(&Cli::command(), "letterpress", &mut seen);
    assert!(seen >= 20, "{seen} commands");
}

#[test]
fn the_readme_quick_start_runs_as_written() {
    let lines = quick_start();
    assert!(lines.len() >= 6, "{lines:?}");
    let home = Project::new();
    let mut dir: PathBuf = home.path().to_path_buf();
    for line in &lines {
        let words = words(line);
        match words[0].as_str() {
            "cd" => dir = dir.join(&words[1]),
            "cp" => {
                // `cp ~/writing/*.md content/`: our own three posts.
                copy_folder(&root().join("tests/data/quickstart"), &dir.join(&words[2]));
            }
            "$EDITOR" => {
                // "add the issue and a send time"
                let file = dir.join(&words[1]);
                let text = std::fs::read_to_string(&file).expect("schedule.yaml");
                let edited = text.replacen(
                    "entries: []",
                    "entries:\n  - issue: 2026-W49\n    send_at: 2026-12-08",
                    1,
                );
                assert_ne!(edited, text, "init's schedule.yaml has `entries: []`");
                std::fs::write(&file, edited).expect("edit");
            }
            "letterpress" if words.get(1).is_some_and(|w| w == "preview") => {
                let page = preview_once(&dir, &words[1..]);
                assert!(page.starts_with("HTTP/1.1 200 OK"), "{line}: {page}");
                assert!(page.contains("My News"), "{line}: the archive's index");
            }
            "letterpress" => {
                let done = Run::new(words[1..].iter().map(String::as_str))
                    .dir(&dir)
                    .run();
                assert_eq!(done.code, 0, "{line}\n{}\n{}", done.stdout, done.stderr);
            }
            other => panic!("the quick start has a line this test cannot run: {other}"),
        }
    }
    let issue = dir.join("issues/2026-W49");
    let titles = [
        "Sizing a connection pool",
        "Why every request needs a timeout",
        "Idempotency keys",
    ];
    let html = std::fs::read_to_string(issue.join("email.html")).expect("the first issue");
    for title in titles {
        assert!(html.contains(title), "{title} in the first issue");
    }
    let outbox: Vec<_> = std::fs::read_dir(dir.join("outbox/2026-W49"))
        .expect("the test send in outbox/")
        .collect();
    assert_eq!(outbox.len(), 1, "one test email");
    let status = Run::new(["schedule", "status"]).dir(&dir).run();
    assert!(status.stdout.contains("2026-W49"), "{}", status.stdout);
}
