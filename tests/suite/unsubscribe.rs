//! `letterpress unsubscribe` as a web handler runs it: many at once, on a
//! list that may be a symlink or have restricted permissions.

use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::Path;
use std::process::{Command, Stdio};

use crate::common::{Project, Run};

const SECRET: &str = "LETTERPRESS_UNSUBSCRIBE_SECRET";

/// What `send`, `unsubscribe` and `schedule run` say, whole, of an empty
/// secret.
pub const EMPTY_SECRET: &str = "environment variable LETTERPRESS_UNSUBSCRIBE_SECRET is empty: \
    it holds the secret that signs unsubscribe links, and an empty one lets anyone make them; \
    set it to a long random string (the one earlier sends used, or their links stop working)\n";

/// A list of `n` subscribed readers `r{i}@example.com`.
fn write_list(path: &Path, n: usize) {
    let rows: String = (0..n)
        .map(|i| format!("r{i}@example.com,R {i},subscribed\n"))
        .collect();
    std::fs::write(path, format!("email,name,status\n{rows}")).expect("write list");
}

/// `unsubscribe --list LIST KEY` in `dir`.
fn unsubscribe(dir: &Path, list: &Path, key: &str) -> Run {
    Run::new(["unsubscribe", "--list", list.to_str().expect("utf8"), key])
        .dir(dir)
        .env(SECRET, "k3y")
}

/// How many rows of the list say `unsubscribed`.
fn marked(list: &Path) -> usize {
    std::fs::read_to_string(list)
        .expect("list")
        .lines()
        .filter(|l| l.ends_with(",unsubscribed"))
        .count()
}

#[test]
fn forty_concurrent_unsubscribes_all_land() {
    let project = Project::new();
    let list = project.join("readers.csv");
    write_list(&list, 60);
    let children: Vec<_> = (0..40)
        .map(|i| {
            Command::new(env!("CARGO_BIN_EXE_letterpress"))
                .args(["unsubscribe", "--list"])
                .arg(&list)
                .arg(format!("r{i}@example.com"))
                .current_dir(project.path())
                .env(SECRET, "k3y")
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .expect("spawn")
        })
        .collect();
    for child in children {
        let out = child.wait_with_output().expect("wait");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    assert_eq!(marked(&list), 40, "every unsubscribe kept");
    let text = std::fs::read_to_string(&list).expect("list");
    assert_eq!(text.lines().count(), 61, "no row lost or doubled:\n{text}");
}

#[test]
fn unsubscribing_through_a_symlink_updates_the_target_and_keeps_the_link() {
    let project = Project::new();
    let target = project.join("data/readers.csv");
    std::fs::create_dir(project.join("data")).expect("mkdir");
    write_list(&target, 3);
    let link = project.join("list.csv");
    std::os::unix::fs::symlink(&target, &link).expect("symlink");
    unsubscribe(project.path(), &link, "r1@example.com").ok();
    let meta = std::fs::symlink_metadata(&link).expect("link");
    assert!(meta.file_type().is_symlink(), "the link was replaced");
    assert_eq!(marked(&target), 1, "the target is updated");
}

#[test]
fn unsubscribing_keeps_the_list_files_mode_and_owner() {
    let project = Project::new();
    let list = project.join("readers.csv");
    write_list(&list, 3);
    std::fs::set_permissions(&list, std::fs::Permissions::from_mode(0o640)).expect("chmod");
    // Only root can give the list away (to `nobody`) and have it kept.
    let root = std::fs::metadata(&list).expect("meta").uid() == 0;
    if root {
        std::os::unix::fs::chown(&list, Some(65534), Some(65534)).expect("chown");
    }
    unsubscribe(project.path(), &list, "r2@example.com").ok();
    assert_eq!(marked(&list), 1);
    let meta = std::fs::metadata(&list).expect("meta");
    assert_eq!(meta.permissions().mode() & 0o777, 0o640, "mode");
    if root {
        assert_eq!((meta.uid(), meta.gid()), (65534, 65534), "owner");
    }
}

/// An empty secret signs every link with a key anyone can guess.
#[test]
fn an_empty_secret_is_refused_by_send_and_unsubscribe() {
    let (project, issue) = crate::smtp::built();
    let list = project.join("readers.csv");
    write_list(&list, 3);
    let refused = |done: crate::common::Done| {
        assert_eq!(done.code, 2, "accepted an empty secret");
        assert_eq!(done.stderr, format!("error: {EMPTY_SECRET}"));
    };
    refused(
        unsubscribe(project.path(), &list, "r1@example.com")
            .env(SECRET, "")
            .run(),
    );
    assert_eq!(marked(&list), 0);
    let list_arg = list.to_str().expect("utf8");
    let send = Run::new(["send", issue.to_str().expect("utf8"), "--list", list_arg]);
    refused(send.dir(project.path()).env(SECRET, " ").run());
    assert!(!issue.join("sent.jsonl").exists(), "nothing sent");
}

/// Links carry the list's stable name (`send.list_name`, default `main`),
/// not its file name: renaming the file keeps every sent link working, and
/// links signed with the file's stem (before the setting) still count.
#[test]
fn unsubscribe_links_survive_renaming_the_list() {
    let (project, issue) = crate::smtp::built();
    let sink = crate::smtp::Sink::start(project.path());
    let list = project.join("few.csv");
    write_list(&list, 3);
    let sent = project
        .letterpress([
            "send",
            issue.to_str().expect("utf8"),
            "--list",
            list.to_str().expect("utf8"),
            "--smtp",
            &sink.url(),
        ])
        .env(SECRET, "k3y")
        .run();
    assert_eq!(sent.code, 0, "{}", sent.stderr);
    let copy = sink
        .messages()
        .into_iter()
        .map(|m| String::from_utf8_lossy(&m).into_owned())
        .find(|m| m.contains("X-Rcpt-Args: <r1@example.com>"))
        .expect("r1's copy");
    assert!(
        copy.contains("?list=main&email=r1%40example.com&token="),
        "{copy}"
    );
    let token: String = copy
        .split("token=")
        .nth(1)
        .expect("token")
        .chars()
        .take(32)
        .collect();
    let renamed = project.join("renamed.csv");
    std::fs::rename(&list, &renamed).expect("rename");
    let done = unsubscribe(project.path(), &renamed, &token).run();
    assert_eq!(done.code, 0, "{}", done.stderr);
    assert!(
        done.stdout.contains("unsubscribed r1@example.com"),
        "{}",
        done.stdout
    );
    let old = letterpress::deliver::message::token(b"k3y", "renamed", "r2@example.com");
    unsubscribe(project.path(), &renamed, &old).ok();
    assert_eq!(marked(&renamed), 2);
}
