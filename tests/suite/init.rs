//! `letterpress init` and a project of one's own: init, build, posts
//! without front matter, a date that is not one.

use crate::common::Run;

#[test]
fn init_then_build_makes_the_first_issue_from_the_example_post() {
    let dir = tempfile::tempdir().expect("tempdir");
    let made = Run::new([
        "init",
        "news",
        "--name",
        "Ada's Weekly",
        "--from",
        "Ada <ada@example.org>",
        "--url",
        "https://ada.example.org/",
    ])
    .dir(dir.path())
    .ok();
    assert!(
        made.stdout.contains("wrote news/letterpress.yaml"),
        "{}",
        made.stdout
    );
    let project = dir.path().join("news");
    for file in [
        "letterpress.yaml",
        "content/welcome.md",
        "schedule.yaml",
        "subscribers.csv",
        ".gitignore",
    ] {
        assert!(project.join(file).is_file(), "{file}");
    }
    // Your own posts: one without front matter, read as an undated post.
    std::fs::write(
        project.join("content/idempotency.md"),
        "# Idempotency keys\n\nA retried payment must not charge twice: the server stores each key with its first result.\n",
    )
    .expect("post");
    let built = Run::new(["build"]).dir(&project).ok();
    assert!(
        built
            .stderr
            .contains("content/idempotency.md:1: warning: no front matter"),
        "{}",
        built.stderr
    );
    let issues: Vec<_> = std::fs::read_dir(project.join("issues"))
        .expect("issues")
        .map(|e| e.expect("entry").path())
        .collect();
    assert_eq!(issues.len(), 1);
    let text = std::fs::read_to_string(issues[0].join("email.txt")).expect("email.txt");
    assert!(
        text.starts_with("Why every request needs a timeout\nAda's Weekly · Issue 1"),
        "{text}"
    );
    assert_eq!(
        text.matches("Over to you:").count(),
        1,
        "the post's own question, once"
    );
    assert!(text.contains("Over to you: Which of your services still calls another"));

    let again = Run::new(["init", "news"]).dir(dir.path()).ok();
    assert!(again
        .stdout
        .contains("kept news/letterpress.yaml (it exists; init never overwrites)"));
}

#[test]
fn a_published_date_that_is_not_one_is_a_located_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    let post = dir.path().join("post.md");
    std::fs::write(
        &post,
        "---\ntitle: X\npublished: last tuesday\n---\n# X\ntext\n",
    )
    .expect("post");
    let done = Run::new(["ingest", post.to_str().expect("utf8")])
        .dir(dir.path())
        .run();
    assert_eq!(done.code, 1);
    assert!(
        done.stderr.contains("post.md:3:1: error: bad YAML front matter: `last tuesday` is not a date; write it as 2026-12-01 or 2026-12-01T09:00:00Z"),
        "{}",
        done.stderr
    );
}

#[test]
fn without_content_a_command_says_how_to_start() {
    let dir = tempfile::tempdir().expect("tempdir");
    let done = Run::new(["build"]).dir(dir.path()).run();
    assert_ne!(done.code, 0);
    assert!(
        done.stderr.contains("content: no such content folder; name your content with `content:` in letterpress.yaml, pass paths, or run `letterpress init` to start a project"),
        "{}",
        done.stderr
    );
}

/// Every file of a folder, by path inside it, with its bytes.
fn tree(dir: &std::path::Path) -> std::collections::BTreeMap<std::path::PathBuf, Vec<u8>> {
    let mut files = std::collections::BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        for entry in std::fs::read_dir(&folder).expect("read folder") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let bytes = std::fs::read(&path).expect("read file");
                files.insert(path.strip_prefix(dir).expect("inside").to_path_buf(), bytes);
            }
        }
    }
    files
}

#[test]
fn build_with_root_from_another_folder_writes_the_same_bytes_as_inside_the_project() {
    let dir = tempfile::tempdir().expect("tempdir");
    for name in ["inside", "outside"] {
        Run::new([
            "init",
            name,
            "--name",
            "Root Test",
            "--from",
            "R <r@example.org>",
        ])
        .dir(dir.path())
        .ok();
    }
    // The example post is dated the day init ran: give both the same one.
    let post = dir.path().join("inside/content/welcome.md");
    std::fs::copy(&post, dir.path().join("outside/content/welcome.md")).expect("same post");
    Run::new(["build"]).dir(&dir.path().join("inside")).ok();
    Run::new(["--root", "outside", "build"])
        .dir(dir.path())
        .ok();
    let (inside, outside) = (
        tree(&dir.path().join("inside")),
        tree(&dir.path().join("outside")),
    );
    assert!(
        inside.keys().any(|p| p.ends_with("issue.yaml")),
        "{:?}",
        inside.keys()
    );
    assert_eq!(inside, outside);
}
