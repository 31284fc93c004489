//! `letterpress init` and a project of one's own: init, build, posts
//! without front matter, a date that is not one.

use crate::common::Project;

#[test]
fn init_then_build_makes_the_first_issue_from_the_example_post() {
    let home = Project::new();
    let made = home.ok([
        "init",
        "news",
        "--name",
        "Ada's Weekly",
        "--from",
        "Ada <ada@example.org>",
        "--url",
        "https://ada.example.org/",
    ]);
    assert!(
        made.stdout.contains("wrote news/letterpress.yaml"),
        "{}",
        made.stdout
    );
    let project = home.join("news");
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
    home.write(
        "news/content/idempotency.md",
        "# Idempotency keys\n\nA retried payment must not charge twice: the server stores each key with its first result.\n",
    );
    let built = home.letterpress(["build"]).dir(&project).ok();
    assert_eq!(
        built.stderr,
        "content/idempotency.md:1: warning: no front matter: read as an undated post, which \
         waits in the backlog; date it with `---`, `published: 2026-12-01`, `---` as its first \
         lines\n"
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

    let again = home.ok(["init", "news"]);
    assert!(again
        .stdout
        .contains("kept news/letterpress.yaml (it exists; init never overwrites)"));
}

#[test]
fn a_published_date_that_is_not_one_is_a_located_error() {
    let project = Project::new().file(
        "post.md",
        "---\ntitle: X\npublished: last tuesday\n---\n# X\ntext\n",
    );
    let post = project.join("post.md");
    let done = project.run(["ingest", post.to_str().expect("utf8")]);
    assert_eq!(done.code, 1);
    assert_eq!(
        project.scrub(&done.stderr),
        "[PROJECT]/post.md:3:1: error: bad YAML front matter: `last tuesday` is not a date; \
         write it as 2026-12-01 or 2026-12-01T09:00:00Z; fix the block between the `---` lines\n"
    );
}

#[test]
fn without_content_a_command_says_how_to_start() {
    let done = Project::new().run(["build"]);
    assert_eq!(done.code, 2);
    assert_eq!(done.stderr, crate::ingest_errors::NO_CONTENT);
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
    let home = Project::new();
    for name in ["inside", "outside"] {
        home.ok([
            "init",
            name,
            "--name",
            "Root Test",
            "--from",
            "R <r@example.org>",
        ]);
    }
    // The example post is dated the day init ran: give both the same one.
    home.write(
        "outside/content/welcome.md",
        home.read("inside/content/welcome.md"),
    );
    home.letterpress(["build"]).dir(&home.join("inside")).ok();
    home.ok(["--root", "outside", "build"]);
    let (inside, outside) = (tree(&home.join("inside")), tree(&home.join("outside")));
    assert!(
        inside.keys().any(|p| p.ends_with("issue.yaml")),
        "{:?}",
        inside.keys()
    );
    assert_eq!(inside, outside);
}
