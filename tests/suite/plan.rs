//! `letterpress plan` on the seeds: themes, weekly issues of the right size,
//! `--explain`, `--json`.

use crate::common::{Done, Project, Run};
use std::collections::{HashMap, HashSet};

/// Runs `plan` on the seeds (in the repository, whose settings name them)
/// into the project's `issues/`, with a report in its `plan.csv`.
pub fn plan_into(project: &Project, extra: &[&str]) -> Done {
    let out = project.join("issues");
    let report = project.join("plan.csv");
    let mut args = vec![
        "plan".to_string(),
        "--out".into(),
        out.display().to_string(),
        "--report".into(),
        report.display().to_string(),
    ];
    args.extend(extra.iter().map(|s| s.to_string()));
    Run::new(args).run()
}

/// `item_id -> (theme, issue, note)` from the project's plan report.
pub fn report(project: &Project) -> HashMap<String, (String, String, String)> {
    let mut reader = csv::Reader::from_path(project.join("plan.csv")).expect("report");
    assert_eq!(
        reader.headers().expect("header").iter().collect::<Vec<_>>(),
        ["item_id", "theme", "issue", "note"]
    );
    reader
        .records()
        .map(|r| {
            let r = r.expect("row");
            (
                r[0].to_string(),
                (r[1].to_string(), r[2].to_string(), r[3].to_string()),
            )
        })
        .collect()
}

/// Each issue file of the project, oldest week first: its text, parsed.
pub fn issues(project: &Project) -> Vec<(String, serde_yaml::Value)> {
    project
        .issues()
        .iter()
        .map(|w| {
            let text = std::fs::read_to_string(w.join("issue.yaml")).expect("issue.yaml");
            (
                text.clone(),
                serde_yaml::from_str(&text).expect("valid YAML"),
            )
        })
        .collect()
}

#[test]
fn obvious_items_get_their_themes() {
    let project = Project::new();
    let done = plan_into(&project, &[]);
    assert_eq!(done.code, 0, "{}", done.stderr);
    let rows = report(&project);
    // Decided by reading each item.
    let expected = [
        ("1625536625030885377", "distributed-systems"), // load-balancing algorithms
        (
            "003_12af3a7dd319aaf7#why-kafka-is-fast",
            "distributed-systems",
        ),
        (
            "001_7b516a3f07b65685#how-netflix-built-a-distributed-counter",
            "case-studies",
        ),
        (
            "003_12af3a7dd319aaf7#how-apple-pay-works",
            "payments-and-fintech",
        ),
        ("1478409566463291395", "payments-and-fintech"), // avoiding double charges
        ("003_12af3a7dd319aaf7#why-redis-fast", "caching"),
        ("003_12af3a7dd319aaf7#what-is-rest-api", "apis-and-web"),
        (
            "003_12af3a7dd319aaf7#nosql-lsm-tree",
            "databases-and-storage",
        ),
        ("003_12af3a7dd319aaf7#how-sso-works", "security"),
        ("003_12af3a7dd319aaf7#proxy-vs-reverse-proxy", "networking"),
        (
            "001_7b516a3f07b65685#virtualization-vs-containerization",
            "cloud-and-devops",
        ),
        (
            "003_12af3a7dd319aaf7#what-are-microservice",
            "architecture-and-design",
        ),
        (
            "001_7b516a3f07b65685#why-everyone-s-talking-about-mcp",
            "ai-and-ml",
        ),
    ];
    for (id, theme) in expected {
        assert_eq!(rows.get(id).map(|r| r.0.as_str()), Some(theme), "{id}");
    }
    // One row per content item (510 in the seeds), and no catch-all theme
    // holds more than a tenth of them.
    assert_eq!(rows.len(), 510);
    let mut per_theme: HashMap<&str, usize> = HashMap::new();
    for (theme, _, _) in rows.values() {
        *per_theme.entry(theme).or_default() += 1;
    }
    for (theme, n) in per_theme {
        assert!(
            !theme.starts_with("more-") || n * 10 <= rows.len(),
            "{theme}: {n}"
        );
    }
}

#[test]
fn issues_respect_sizes_dates_and_never_repeat_an_item() {
    let project = Project::new();
    assert_eq!(plan_into(&project, &[]).code, 0);
    let weeks = issues(&project);
    assert!(weeks.len() >= 8, "{} issues", weeks.len());
    let mut seen = HashSet::new();
    let mut numbers = HashSet::new();
    for (text, issue) in &weeks {
        let sections = issue["sections"].as_sequence().expect("sections");
        assert!((4..=6).contains(&sections.len()), "{text}");
        assert!(numbers.insert(issue["number"].as_u64().expect("number")));
        let last_day = issue["dates"]["to"].as_str().expect("to");
        for s in sections {
            let id = s["id"].as_str().expect("id").to_string();
            assert!(seen.insert(id.clone()), "{id} placed twice");
            if let Some(posted) = s["first_posted"].as_str() {
                assert!(
                    &posted[..10] <= last_day,
                    "{id} is dated after its issue's week"
                );
            }
            assert!(s["over_to_you"]
                .as_str()
                .is_some_and(|q| q.starts_with("Over to you") || !q.is_empty()));
        }
        assert_eq!(
            issue["lead_theme"], sections[0]["theme"],
            "the lead section's theme leads"
        );
    }
    // The load-balancing thread keeps its own question from the source.
    let (_, week) = weeks
        .iter()
        .find(|(t, _)| t.contains("1625536625030885377"))
        .expect("load-balancing thread placed");
    let section = week["sections"]
        .as_sequence()
        .expect("sections")
        .iter()
        .find(|s| s["id"] == "1625536625030885377")
        .expect("section");
    assert_eq!(section["over_to_you_drafted"], false);
    let small = Project::new();
    assert_eq!(
        plan_into(&small, &["--max-sections", "3", "--min-sections", "2"]).code,
        0
    );
    for (text, issue) in issues(&small) {
        let n = issue["sections"].as_sequence().expect("sections").len();
        assert!((2..=3).contains(&n), "{text}");
    }
}

#[test]
fn explain_shows_the_terms_behind_a_theme() {
    let done = Run::new(["plan", "--explain", "1625536625030885377"]).ok();
    assert!(
        done.stdout.contains("primary: distributed-systems"),
        "{}",
        done.stdout
    );
    assert!(
        done.stdout.contains("\"load balancing\""),
        "{}",
        done.stdout
    );
    assert!(done.stdout.contains("runner-up:"), "{}", done.stdout);
    let unknown = Run::new(["plan", "--explain", "nope"]).run();
    assert_eq!(unknown.code, 2);
    assert_eq!(
        unknown.stderr,
        "error: no content item `nope`; `letterpress plan --report FILE.csv` lists every id\n"
    );
}

#[test]
fn plan_json_prints_one_issue_plan_per_line_as_in_its_file() {
    let project = Project::new();
    let done = plan_into(&project, &["--json"]);
    assert_eq!(done.code, 0, "{}", done.stderr);
    assert!(!done.stdout.contains("plan: "), "JSON replaces the summary");
    let plans: Vec<serde_json::Value> = done
        .stdout
        .lines()
        .map(|line| serde_json::from_str(line).expect("one JSON object per line"))
        .collect();
    let files = issues(&project);
    assert!(plans.len() >= 8);
    assert_eq!(plans.len(), files.len(), "one line per issue");
    for (json, (_, yaml)) in plans.iter().zip(&files) {
        assert_eq!(json["week"].as_str(), yaml["week"].as_str());
        assert_eq!(json["number"].as_u64(), yaml["number"].as_u64());
        assert_eq!(json["subject"].as_str(), yaml["subject"].as_str());
        assert_eq!(
            json["dates"]["from"].as_str(),
            yaml["dates"]["from"].as_str()
        );
        let sections = json["sections"].as_array().expect("sections");
        let planned = yaml["sections"].as_sequence().expect("sections");
        assert_eq!(sections.len(), planned.len());
        for (s, p) in sections.iter().zip(planned) {
            assert_eq!(s["id"].as_str(), p["id"].as_str());
            assert_eq!(s["title"].as_str(), p["title"].as_str());
        }
    }
}
