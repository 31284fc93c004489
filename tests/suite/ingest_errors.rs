//! Bad input: clear messages naming the file, the others still read.

use crate::common::{Done, Project, Run};

/// What a command says, whole, when there is no content to read.
pub const NO_CONTENT: &str = "error: content: no such content folder; name your content with \
    `content:` in letterpress.yaml, pass paths, or run `letterpress init` to start a project\n";

#[test]
fn unrecognised_empty_and_binary_files_are_reported_and_others_read() {
    let project = Project::new()
        .file("notes.txt", "just some words\nwith nothing to recognise\n")
        .file("empty.md", "")
        .file("latin1.txt", b"ok line\ncaf\xe9 au lait\n")
        .copy("seeds/000_d524ff803198315b.txt", "issue.any");
    let done = project.run(["ingest"]);
    // The folder named from the repository's root.
    let done_paths = Run::new(["ingest", project.path().to_str().expect("utf8")]).run();
    assert_eq!(done.code, 2, "no content/ here: {}", done.stderr);
    assert_eq!(done.stderr, NO_CONTENT);
    assert_eq!(done_paths.code, 1, "{}", done_paths.stderr);
    assert_eq!(
        project.scrub(&done_paths.stderr),
        "[PROJECT]/empty.md: error: the file is empty; expected a tweet dump, a newsletter \
         issue or transcripts\n\
         [PROJECT]/latin1.txt:2:4: error: not valid UTF-8; re-save the file as UTF-8 text\n\
         [PROJECT]/notes.txt: error: format not recognised; expected a twint tweet dump \
         (`<id> <date> <time> <offset> <handle> <text>` lines), a newsletter issue (a \"This \
         week's …:\" topic list), Markdown with YAML front matter, or transcripts (title lines \
         followed by youtu.be links)\n"
    );
    assert!(
        done_paths.stdout.contains("issue.any"),
        "the good file is still read: {}",
        done_paths.stdout
    );
    assert!(
        done_paths.stdout.contains("newsletter_section"),
        "{}",
        done_paths.stdout
    );
}

#[test]
fn missing_path_is_an_error_not_a_panic() {
    let done = Run::new(["ingest", "no/such/dir"]).run();
    assert_eq!(done.code, 1);
    assert_eq!(
        done.stderr,
        "no/such/dir: error: No such file or directory (os error 2); check the path\n"
    );
}

/// Ingests the project's `dump`: exit 0 with exactly `warning` on stderr,
/// and with `--strict` exit 2 with that warning made fatal. Returns the
/// `--json` run.
fn dump_warns_unless_strict(project: &Project, warning: &str) -> Done {
    let dump = project.join("dump");
    let done = Run::new(["ingest", "--json", dump.to_str().expect("utf8")]).run();
    assert_eq!(done.code, 0, "{}", done.stderr);
    assert_eq!(project.scrub(&done.stderr), format!("{warning}\n"));
    let strict = Run::new(["ingest", "--strict", dump.to_str().expect("utf8")]).run();
    assert_eq!(strict.code, 2);
    assert_eq!(
        project.scrub(&strict.stderr),
        format!("error: {warning} (--strict makes this fatal)\n")
    );
    done
}

#[test]
fn malformed_dump_line_is_a_warning_unless_strict() {
    let project = Project::new().file(
        "dump",
        "1625536646887399424 2023-02-14 16:45:12 +0000 <alexxubyte> /2 Second part here.\n\
         this line is broken\n\
         1625536625030885377 2023-02-14 16:45:07 +0000 <alexxubyte> /1 First part here.\n",
    );
    let warning = "[PROJECT]/dump:2: warning: not a tweet line; expected `<id> <YYYY-MM-DD> \
                   <HH:MM:SS> <+HHMM> <handle> <text>`; line skipped";
    let done = dump_warns_unless_strict(&project, warning);
    assert_eq!(
        done.stdout.lines().count(),
        1,
        "one thread: {}",
        done.stdout
    );
    assert!(
        done.stdout
            .contains("First part here.\\n\\nSecond part here."),
        "{}",
        done.stdout
    );
}

/// A scraper that resumes writes some tweets twice: one item per id, the
/// repeat reported at its line (it made two items with one id before).
#[test]
fn a_tweet_repeated_in_a_dump_is_read_once_and_reported() {
    let first = "1625536625030885377 2023-02-14 16:45:07 +0000 <alexxubyte> /1 First part here.\n";
    let project = Project::new().file(
        "dump",
        format!(
            "1625536646887399424 2023-02-14 16:45:12 +0000 <alexxubyte> /2 Second part here.\n\
             {first}{first}"
        ),
    );
    let warning =
        "[PROJECT]/dump:3: warning: tweet 1625536625030885377 was already read at line 2; line skipped";
    let done = dump_warns_unless_strict(&project, warning);
    let ids: Vec<serde_json::Value> = done
        .stdout
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).expect("json")["id"].clone())
        .collect();
    assert_eq!(ids, ["1625536625030885377"]);
}

/// A file of video links without their title lines was read as no items,
/// silently.
#[test]
fn transcripts_without_titles_are_reported_not_read_as_nothing() {
    let project = Project::new().file(
        "talks.txt",
        "https://youtu.be/aaaaaaaaaaa\nhttps://youtu.be/bbbbbbbbbbb\n",
    );
    let done = Run::new(["ingest", project.path().to_str().expect("utf8")]).run();
    assert_eq!(done.code, 0, "a warning: {}", done.stderr);
    assert_eq!(
        project.scrub(&done.stderr),
        "[PROJECT]/talks.txt:1: warning: no transcript entry found: each needs a title line \
         followed by its youtu.be link; nothing read from this file\n"
    );
}

#[test]
fn bad_front_matter_names_line_and_column() {
    let project = Project::new().file(
        "post.md",
        "---\ntitle: \"ok\"\npublished: [unclosed\n---\n# Body\n",
    );
    let done = Run::new(["ingest", project.path().to_str().expect("utf8")]).run();
    assert_eq!(done.code, 1);
    assert_eq!(
        project.scrub(&done.stderr),
        "[PROJECT]/post.md:4:1: error: bad YAML front matter: did not find expected ',' or ']' \
         at line 3 column 1, while parsing a flow sequence at line 2 column 12; fix the block \
         between the `---` lines\n"
    );
}

#[test]
fn a_post_with_front_matter_is_one_item_named_by_its_stem() {
    let project = Project::new().file(
        "guide.md",
        "---\ntitle: \"A guide to caching\"\ndate: 2024-03-01\n---\n# Caching\n\n## Why\nBecause. See ![d](https://x.example/d.png)\n\n## How\nCarefully.\n",
    );
    let items = crate::common::ingest_json(&[project.path().to_str().expect("utf8")]);
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["id"], "guide");
    assert_eq!(items[0]["kind"], "post");
    assert_eq!(items[0]["title"], "A guide to caching");
    assert_eq!(items[0]["published"], "2024-03-01T00:00:00Z");
    assert_eq!(
        items[0]["images"],
        serde_json::json!(["https://x.example/d.png"])
    );
    assert!(items[0]["body"].as_str().expect("body").contains("## How"));
}

/// A dump large enough to be mapped and parsed in several stretches: line
/// numbers of warnings stay exact and threads that straddle stretches stay
/// whole.
#[test]
fn large_dump_keeps_line_numbers_and_threads_across_stretches() {
    let project = Project::new();
    let dump = project.join("big-dump");
    let filler = "word ".repeat(60);
    let mut lines = Vec::new();
    // 6,000 three-part threads, newest first, a broken line in the middle.
    let id: u64 = 1_700_000_000_000_000_000;
    for thread in (0..6000u64).rev() {
        let base = 1_600_000_000 + thread as i64 * 3600;
        for part in (1..=3u64).rev() {
            let at = chrono::DateTime::from_timestamp(base + part as i64 * 5, 0).expect("time");
            lines.push(format!(
                "{} {} +0000 <writer> /{part} thread {thread} part {part} {filler}",
                id + thread * 10 + part,
                at.format("%Y-%m-%d %H:%M:%S")
            ));
        }
    }
    lines.insert(9_001, "broken line in the middle".to_string());
    // And a Latin-1 line further on, in another stretch and check block.
    let latin1_prefix = "1699999999999999999 2020-01-01 00:00:00 +0000 <writer> caf";
    lines.insert(15_000, "LATIN1".to_string());
    let mut bytes = (lines.join("\n") + "\n").into_bytes();
    let at = bytes
        .windows(6)
        .position(|w| w == b"LATIN1")
        .expect("placeholder");
    let latin1 = [latin1_prefix.as_bytes(), b"\xe9 au lait"].concat();
    bytes.splice(at..at + 6, latin1);
    project.write(&dump, bytes);
    assert!(std::fs::metadata(&dump).expect("size").len() > 4 << 20);
    let done = Run::new(["ingest", "--json", dump.to_str().expect("utf8")]).run();
    assert_eq!(done.code, 0, "{}", done.stderr);
    let column = latin1_prefix.len() + 1;
    assert_eq!(
        project.scrub(&done.stderr),
        format!(
            "[PROJECT]/big-dump:9002: warning: not a tweet line; expected `<id> <YYYY-MM-DD> \
             <HH:MM:SS> <+HHMM> <handle> <text>`; line skipped\n\
             [PROJECT]/big-dump:15001: warning: not valid UTF-8 (byte {column}); re-save the \
             file as UTF-8; line skipped\n"
        )
    );
    let items: Vec<serde_json::Value> = done
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect();
    assert_eq!(items.len(), 6000);
    assert!(items
        .iter()
        .all(|i| i["kind"] == "thread" && i["parts"].as_array().map(Vec::len) == Some(3)));
    let last = items
        .iter()
        .find(|i| {
            i["body"]
                .as_str()
                .is_some_and(|b| b.starts_with("thread 0 part 1"))
        })
        .expect("the oldest thread");
    // 18,000 tweet lines and the two bad ones before the oldest thread.
    assert_eq!(last["lines"], serde_json::json!([18000, 18002]));
}
