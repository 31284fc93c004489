//! Issue 18: the files a writer edits by hand, broken or hostile — each
//! refused with a whole, located message (`file:line:column: what; what to
//! do`), nothing overwritten.

use crate::common::{root, Done, Project};

/// The seed file the week is built from.
const SEED: &str = "seeds/001_7b516a3f07b65685.txt";

/// The issue file of that week, in the project.
const ISSUE: &str = "issues/2023-W16/issue.yaml";

/// A project with one week (2023-W16) built from one seed file.
fn one_issue() -> Project {
    let project = Project::new();
    project.ok(["build", &seed()]);
    project
}

/// The seed file's absolute path, as `build` is given it.
fn seed() -> String {
    root().join(SEED).display().to_string()
}

/// The 1-based line of the first line of `text` starting with `start`.
fn line_of(text: &str, start: &str) -> usize {
    text.lines()
        .position(|l| l.starts_with(start))
        .expect(start)
        + 1
}

fn render(project: &Project) -> Done {
    project.run(["render", "issues/2023-W16"])
}

/// Asserts a failed run whose error output is exactly `expected` and a
/// line break.
fn fails_with(done: &Done, expected: &str) {
    assert_ne!(done.code, 0, "{}", done.stdout);
    assert_eq!(done.stderr, format!("{expected}\n"));
}

#[test]
fn an_alias_in_an_issue_file_is_refused_at_its_anchor() {
    let project = one_issue();
    let text = project.edit(ISSUE, |t| {
        let mut t = t.replacen("sections:\n- id:", "sections:\n- &s\n  id:", 1);
        t.push_str(&"- *s\n".repeat(1000));
        t
    });
    let line = line_of(&text, "- &s");
    fails_with(
        &render(&project),
        &format!(
            "error: issues/2023-W16/issue.yaml:{line}:3: YAML anchor `&s`: issue files take no \
             anchors (&) or aliases (*); write the section out in full where it is used"
        ),
    );
}

#[test]
fn plan_keeps_an_edited_issue_whose_week_has_a_typo() {
    let project = one_issue();
    let text = project.edit(ISSUE, |t| {
        let first = t.find("\n- id:").expect("a section") + 1;
        let second = first + 1 + t[first + 1..].find("\n- id:").expect("two") + 1;
        let without_first = format!("{}{}", &t[..first], &t[second..]);
        without_first.replace("week: 2023-W16", "week: 2023-W61")
    });
    let line = line_of(&text, "week:");
    let done = project.run(["plan", &seed()]);
    fails_with(
        &done,
        &format!(
            "error: issues/2023-W16/issue.yaml:{line}:7: week `2023-W61` is not the issue \
             folder's week `2023-W16`; write `week: 2023-W16`, or move the file into a folder \
             named `2023-W61`"
        ),
    );
    assert_eq!(
        project.read(ISSUE),
        text,
        "the writer's file is kept as edited"
    );
}

#[test]
fn render_locates_an_unknown_section_id_and_does_not_advise_force() {
    let project = one_issue();
    let text = project.edit(ISSUE, |t| t.replacen("- id: 001_", "- id: 001_typo", 1));
    let line = line_of(&text, "- id: 001_typo");
    let id = text.lines().nth(line - 1).expect("line")[6..].to_string();
    fails_with(
        &render(&project),
        &format!(
            "error: issues/2023-W16/issue.yaml:{line}:7: section `{id}` is not in {}; correct \
             that section's id (`letterpress plan --report FILE.csv` lists every id), remove the \
             section, or give it a `body:` of its own",
            seed()
        ),
    );
}

#[test]
fn render_refuses_a_section_listed_twice() {
    let project = one_issue();
    let text = project.edit(ISSUE, |t| {
        let first = t.find("\n- id:").expect("a section") + 1;
        let end = first + 1 + t[first + 1..].find("\n- id:").expect("two") + 1;
        format!("{}{}", t, &t[first..end])
    });
    let id_line = |nth: usize| {
        let id = text[text.find("\n- id:").expect("id") + 7..]
            .lines()
            .next()
            .expect("id")
            .to_string();
        let n = text
            .lines()
            .enumerate()
            .filter(|(_, l)| l.ends_with(&format!("id: {id}")))
            .nth(nth)
            .expect("twice")
            .0;
        (n + 1, id)
    };
    let ((first, id), (second, _)) = (id_line(0), id_line(1));
    fails_with(
        &render(&project),
        &format!(
            "error: issues/2023-W16/issue.yaml:{second}:7: section `{id}` is listed twice \
             (first on line {first}); an item is one section: remove one of them"
        ),
    );
}

#[test]
fn a_line_break_in_the_subject_is_located() {
    let project = one_issue();
    let text = project.edit(ISSUE, |t| {
        let line = t
            .lines()
            .find(|l| l.starts_with("subject:"))
            .expect("subject");
        t.replace(line, "subject: \"Caching\\r\\nBcc: all@example.com\"")
    });
    let line = line_of(&text, "subject:");
    fails_with(
        &render(&project),
        &format!(
            "error: issues/2023-W16/issue.yaml:{line}:10: the subject \
             `Caching\\r\\nBcc: all@example.com` holds a line break; write the subject on one line"
        ),
    );
}

#[test]
fn a_list_row_that_is_not_utf8_is_located() {
    let project = one_issue();
    let mut csv = b"email,name\nann@example.com,Ann\nbob@example.com,B".to_vec();
    csv.extend_from_slice(b"\xe9b\n");
    project.write("readers.csv", csv);
    let issue = project.join("issues/2023-W16");
    let done = project.run([
        "send",
        issue.to_str().expect("utf8"),
        "--list",
        "readers.csv",
        "--dry-run",
    ]);
    fails_with(
        &done,
        "error: readers.csv:3:18: not UTF-8 text; save the list as CSV UTF-8",
    );
}

#[test]
fn symlink_loops_in_the_content_folder_are_walked_once_and_reported() {
    // Two links back to the folder itself: before, ingest walked them
    // exponentially (1.26 GB after 30 s).
    let project = Project::new()
        .copy(SEED, "content/dump.txt")
        .symlink("content/a", ".")
        .symlink("content/b", ".");
    let once = project.ok(["ingest", "--json", &seed()]);
    let done = project
        .letterpress(["ingest", "--json", "content"])
        .start()
        .finish_within(std::time::Duration::from_secs(30))
        .expect("ingest ends");
    assert_eq!(done.code, 0, "{}", done.stderr);
    assert_eq!(
        done.stdout.lines().count(),
        once.stdout.lines().count(),
        "each file read once"
    );
    let real = project.join("content").canonicalize().expect("real path");
    let warnings: Vec<String> = ["a", "b"]
        .iter()
        .map(|link| {
            format!(
                "content/{link}: warning: a symbolic link to {}, a folder already read (a loop); \
                 skipped: remove the link",
                real.display()
            )
        })
        .collect();
    assert_eq!(done.stderr.lines().collect::<Vec<_>>(), warnings);
}

#[test]
fn partials_that_include_each_other_are_a_located_error_not_a_crash() {
    let project = one_issue();
    project.write("templates/partials/header.hbs", "{{> footer}}\n");
    project.write("templates/partials/footer.hbs", "<p>\n  {{> header}}</p>\n");
    fails_with(
        &render(&project),
        "error: templates/partials/header.hbs:1:1: partial recursion header → footer → header; \
         a partial may not include itself, directly or through another: remove one of these \
         includes; nothing was written",
    );
}

#[test]
fn a_template_override_that_cannot_be_read_is_an_error_not_the_built_in() {
    let project = one_issue();
    let rendered = std::fs::read(project.join("issues/2023-W16/email.html")).expect("email");
    // Before, both fell back to the built-in template without a word.
    project.write("templates/email.html.hbs", b"<p>\xff{{subject}}</p>");
    let done = render(&project);
    assert_eq!(done.code, 2, "{}", done.stderr);
    fails_with(
        &done,
        "error: templates/email.html.hbs: cannot read: stream did not contain valid UTF-8; \
         fix the file or delete it to use the built-in template",
    );
    std::fs::remove_file(project.join("templates/email.html.hbs")).expect("remove");
    std::fs::create_dir_all(project.join("templates/partials/footer.hbs"))
        .expect("a folder in its place");
    let done = render(&project);
    assert_eq!(done.code, 2, "{}", done.stderr);
    fails_with(
        &done,
        "error: templates/partials/footer.hbs: cannot read: Is a directory (os error 21); \
         fix the file or delete it to use the built-in template",
    );
    let after = std::fs::read(project.join("issues/2023-W16/email.html")).expect("email");
    assert!(after == rendered, "nothing was written");
}
