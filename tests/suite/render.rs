//! `letterpress render` and `templates eject` on the seeds and on
//! hostile content.

use std::path::{Path, PathBuf};

use scraper::{Html, Selector};

use crate::common::{root, Project, Run};

/// Plans and renders `input` (the seeds, a fixture, a file of the test's)
/// in `project`, given the repository's settings (a sponsor block, a footer
/// with a link); returns the project and its issue folders, oldest first.
pub fn build_in(project: Project, input: &Path) -> (Project, Vec<PathBuf>) {
    let project = project.copy("letterpress.yaml", "letterpress.yaml");
    let done = project.run(["build", input.to_str().expect("utf8")]);
    assert_eq!(done.code, 0, "{}\n{}", done.stdout, done.stderr);
    let issues = project.issues();
    (project, issues)
}

/// The seeds built as [`build_in`] builds them.
pub fn seeds_built() -> (Project, Vec<PathBuf>) {
    build_in(Project::new(), &root().join("seeds"))
}

fn select<'a>(html: &'a Html, css: &str) -> Vec<scraper::ElementRef<'a>> {
    html.select(&Selector::parse(css).expect("selector"))
        .collect()
}

#[test]
fn seeds_render_to_well_formed_email_text_and_archive() {
    let (_project, dirs) = seeds_built();
    assert!(dirs.len() >= 8);
    for issue in &dirs {
        let html_text = std::fs::read_to_string(issue.join("email.html")).expect("email.html");
        let html = Html::parse_document(&html_text);
        assert!(
            html.errors.is_empty(),
            "{}: {:?}",
            issue.display(),
            html.errors
        );
        assert!(
            html_text.len() < 102 * 1024,
            "{} would be clipped",
            issue.display()
        );
        for img in select(&html, "img") {
            let alt = img.value().attr("alt").unwrap_or_default();
            assert!(
                !alt.trim().is_empty(),
                "image without alt in {}",
                issue.display()
            );
            assert!(img.value().attr("width").is_some(), "image without width");
        }
        for a in select(&html, "a") {
            let href = a.value().attr("href").unwrap_or_default();
            assert!(
                href.starts_with("https://")
                    || href.starts_with("http://")
                    || href.starts_with("mailto:"),
                "relative link {href} in {}",
                issue.display()
            );
        }
        assert_eq!(select(&html, "meta[name=color-scheme]").len(), 1);
        let sections = select(&html, "h2[id]").len();
        let yaml: serde_yaml::Value =
            serde_yaml::from_str(&std::fs::read_to_string(issue.join("issue.yaml")).expect("yaml"))
                .expect("valid");
        let planned = yaml["sections"].as_sequence().expect("sections").len();
        assert_eq!(sections, planned, "one heading per section");
        assert_eq!(select(&html, "h2").len(), planned + 1, "and the sponsor's");
        let text = std::fs::read_to_string(issue.join("email.txt")).expect("email.txt");
        for line in text.lines() {
            // Display columns, as a reader's terminal counts them.
            assert!(
                textwrap::core::display_width(line) <= 78
                    || !line.trim().contains(' ')
                    || (line.starts_with('[') && line.matches(' ').count() == 1),
                "{}: line too long: {line}",
                issue.display()
            );
        }
    }
}

/// Lowercase letters and digits of NFKC text, words one space apart.
fn folded(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let text: String = text.nfkc().collect::<String>().to_lowercase();
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn seeds_sections_hold_no_calls_to_action_bare_media_links_styled_letters_or_caption_walls() {
    const CALLS_TO_ACTION: &[&str] = &[
        "subscribe here",
        "subscribe at ",
        "subscribe to our",
        "watch and subscribe",
        "like our videos",
        "follow me",
        "check out our book",
    ];
    let (_project, dirs) = seeds_built();
    let mut videos = 0;
    for issue in &dirs {
        let html = Html::parse_document(
            &std::fs::read_to_string(issue.join("email.html")).expect("email.html"),
        );
        for section in select(&html, "td.section") {
            let title = section
                .select(&Selector::parse("h2").expect("selector"))
                .next()
                .map(|h| h.text().collect::<String>())
                .unwrap_or_default();
            let blocks: Vec<String> = section
                .select(
                    &Selector::parse("p:not(.over-to-you):not(.posted), li, h3, h4")
                        .expect("selector"),
                )
                .map(|p| p.text().collect::<String>())
                .collect();
            let at = format!("{}: {title}", issue.display());
            if let Some(first) = blocks.first() {
                assert_ne!(folded(first), folded(&title), "title repeated in {at}");
            }
            for block in &blocks {
                let lower = block.to_lowercase();
                assert!(
                    !CALLS_TO_ACTION.iter().any(|cta| lower.contains(cta)),
                    "call to action in {at}: {block}"
                );
                // A tweet's media link, alone in its paragraph (a part
                // counter such as "8/8" aside).
                let words: Vec<&str> = block
                    .split_whitespace()
                    .filter(|w| !w.contains('/') || w.contains("://"))
                    .collect();
                assert!(
                    !(words.len() == 1 && words[0].starts_with("https://t.co/")),
                    "bare media link in {at}: {block}"
                );
                assert!(
                    !block
                        .chars()
                        .any(|c| ('\u{1D400}'..='\u{1D7FF}').contains(&c)),
                    "math letters in {at}: {block}"
                );
                assert!(
                    block.split_whitespace().count() <= 250,
                    "wall of text in {at}: {block}"
                );
            }
            let more = select(&html, "p.more a");
            videos += more
                .iter()
                .filter(|a| a.text().collect::<String>() == "Watch the full video")
                .filter(|a| {
                    a.value()
                        .attr("href")
                        .is_some_and(|h| h.starts_with("https://youtu.be/"))
                })
                .count();
        }
    }
    assert!(videos > 0, "a video section links to its video");
    // Social drafts post the video's link; a tweet's own media (t.co, not
    // resolvable offline) is noted for the person posting, not posted.
    let drafts: String = dirs
        .iter()
        .filter_map(|d| std::fs::read_to_string(d.join("threads/x.md")).ok())
        .collect();
    assert!(drafts.contains("Watch the full video: https://youtu.be/"));
    assert!(drafts.contains("attach it by hand: https://t.co/"));
}

#[test]
fn archive_round_trips_through_ingest() {
    let (_project, dirs) = seeds_built();
    let issue = dirs.last().expect("an issue");
    let yaml: serde_yaml::Value =
        serde_yaml::from_str(&std::fs::read_to_string(issue.join("issue.yaml")).expect("yaml"))
            .expect("valid");
    let titles: Vec<&str> = yaml["sections"]
        .as_sequence()
        .expect("sections")
        .iter()
        .map(|s| s["title"].as_str().expect("title"))
        .collect();
    let done = Run::new([
        "ingest",
        "--json",
        issue.join("archive.md").to_str().expect("utf8"),
    ])
    .ok();
    let found: Vec<String> = done
        .stdout
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).expect("json"))
        .filter(|i| i["kind"] == "newsletter_section")
        .map(|i| i["title"].as_str().expect("title").to_string())
        .collect();
    assert_eq!(found, titles);
}

#[test]
fn hostile_content_is_shown_as_text() {
    let filler = "words to make this long enough for a section of the newsletter ".repeat(6);
    let project = Project::new().file(
        "dump.txt",
        format!(
            "1700000000000000002 2023-06-02 10:00:00 +0000 <writer> Why \"><img src=x onerror=alert(1)> breaks pages? {filler}\n\
             1700000000000000001 2023-06-01 10:00:00 +0000 <writer> Never trust <script>alert(1)</script> or {{{{title}}}} in input. {filler}\n"
        ),
    );
    let dump = project.join("dump.txt");
    let (_project, dirs) = build_in(project, &dump);
    let html_text = std::fs::read_to_string(dirs[0].join("email.html")).expect("html");
    let html = Html::parse_document(&html_text);
    assert!(select(&html, "script").is_empty(), "{html_text}");
    assert!(select(&html, "img[onerror]").is_empty(), "{html_text}");
    let body_text: String = html.root_element().text().collect();
    assert!(
        body_text.contains("<script>alert(1)</script>"),
        "{body_text}"
    );
    // The headline drops the unbalanced quote; the markup is still text.
    assert!(
        body_text.contains("><img src=x onerror=alert(1)>"),
        "{body_text}"
    );
    assert!(body_text.contains("{{title}}"), "{body_text}");
    let text = std::fs::read_to_string(dirs[0].join("email.txt")).expect("txt");
    assert!(text.contains("<script>alert(1)</script>"), "{text}");
    let archive = std::fs::read_to_string(dirs[0].join("archive.md")).expect("md");
    let body = archive
        .splitn(3, "---\n")
        .nth(2)
        .expect("after the front matter");
    assert!(
        !body.contains("<script>") && !body.contains("<img"),
        "{archive}"
    );
}

#[test]
fn strict_templates_name_the_undefined_variable_and_write_nothing() {
    let (project, dirs) = seeds_built();
    let eject = project.ok(["templates", "eject"]);
    assert!(
        eject.stdout.contains("templates/email.html.hbs"),
        "{}",
        eject.stdout
    );
    let again = project.ok(["templates", "eject"]);
    assert!(
        again.stdout.contains("kept 20 existing"),
        "{}",
        again.stdout
    );
    project.edit("templates/partials/header.hbs", |text| {
        text.replace("{{newsletter.name}}", "{{newsletter.nmae}}")
    });
    let before = std::fs::read_to_string(dirs[0].join("email.html")).expect("html");
    std::fs::remove_file(dirs[1].join("email.txt")).expect("remove");
    let done = project.run(["render"]);
    assert_eq!(done.code, 2);
    assert_eq!(
        done.stderr,
        "error: templates/partials/header.hbs:3:23: undefined variable `newsletter.nmae`; the \
         variables templates can use are listed in docs/render.md; nothing was written\n"
    );
    assert_eq!(
        std::fs::read_to_string(dirs[0].join("email.html")).expect("html"),
        before
    );
    assert!(!dirs[1].join("email.txt").exists(), "nothing written");
}

#[test]
fn plain_text_snapshot_of_the_issue_saved_twice() {
    let (_project, dirs) = seeds_built();
    let issue = dirs
        .iter()
        .find(|d| d.ends_with("2023-W16"))
        .expect("the week of 001_…");
    let text = std::fs::read_to_string(issue.join("email.txt")).expect("txt");
    insta::assert_snapshot!("email_txt_2023_w16", text);
}

#[test]
fn rendered_email_passes_client_support_and_headless_chromium_checks() {
    let modules = root().join("tests/browser/node_modules");
    assert!(
        modules.is_dir(),
        "{} is missing: run `npm ci --prefix tests/browser` (bash .ci/run does)",
        modules.display()
    );
    let (_project, dirs) = seeds_built();
    let with_images = dirs
        .iter()
        .find(|d| d.ends_with("2023-W16"))
        .expect("2023-W16");
    // A guide with a long line of code and a wide table.
    let (_guides, with_code) = build_in(Project::new(), &root().join("tests/data/guides"));
    for issue in [with_images, &dirs[0], &with_code[0]] {
        let artifacts = root()
            .join("target/browser-artifacts")
            .join(issue.file_name().expect("week"));
        let out = std::process::Command::new("node")
            .arg(root().join("tests/browser/check_email.mjs"))
            .arg(issue.join("email.html"))
            .arg(&artifacts)
            .current_dir(root())
            .output()
            .expect("node runs (Node.js is needed for the browser checks)");
        let report = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "{}\n{}",
            report,
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(report.contains("\"failures\": []"), "{report}");
        assert!(
            artifacts.join("email-375.png").is_file(),
            "screenshot saved"
        );
    }
}

#[test]
fn code_in_the_plain_text_email_keeps_its_lines_whole_and_indented() {
    let (_project, dirs) = build_in(Project::new(), &root().join("tests/data/guides"));
    let text = std::fs::read_to_string(dirs[0].join("email.txt")).expect("email.txt");
    let source =
        std::fs::read_to_string(root().join("tests/data/guides/token-bucket-rate-limiter.md"))
            .expect("guide");
    let code = source
        .split("```python\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .expect("a code block");
    for line in code.lines().filter(|l| !l.trim().is_empty()) {
        assert!(text.contains(&format!("\n    {line}\n")), "{line}\n{text}");
    }
    assert!(
        text.contains("Token bucket | Yes, up to the bucket's capacity"),
        "{text}"
    );
}

#[test]
fn render_json_prints_one_rendered_issue_per_line_as_written() {
    let (project, dirs) = seeds_built();
    let picked: Vec<String> = dirs[..2].iter().map(|d| d.display().to_string()).collect();
    let done = project.ok(["render", "--json", &picked[0], &picked[1]]);
    assert!(
        !done.stdout.contains("render: "),
        "JSON replaces the summary"
    );
    let rendered: Vec<serde_json::Value> = done
        .stdout
        .lines()
        .map(|line| serde_json::from_str(line).expect("one JSON object per line"))
        .collect();
    assert_eq!(rendered.len(), 2, "one line per issue");
    for (json, issue) in rendered.iter().zip(&dirs) {
        let read = |name: &str| std::fs::read_to_string(issue.join(name)).expect(name);
        assert_eq!(json["dir"].as_str(), issue.to_str());
        assert_eq!(
            json["plan"]["week"].as_str(),
            issue.file_name().and_then(|n| n.to_str())
        );
        assert_eq!(json["html"].as_str(), Some(read("email.html").as_str()));
        assert_eq!(json["text"].as_str(), Some(read("email.txt").as_str()));
        assert_eq!(json["markdown"].as_str(), Some(read("archive.md").as_str()));
        assert!(json["warnings"].is_array());
    }
}
