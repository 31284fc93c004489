//! `letterpress preview`: one issue, or the whole project (site and
//! emails), served concurrently and rebuilt with the page reloaded when the
//! writer edits an issue file or a template.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::Child;
use std::time::Duration;

use crate::common::{root, start_preview, Project};

/// A running `letterpress preview`, stopped when dropped.
struct Served {
    child: Child,
    address: String,
}

impl Served {
    fn start(dir: &Path, args: &[&str]) -> Served {
        let args: Vec<String> = std::iter::once("preview")
            .chain(args.iter().copied())
            .map(String::from)
            .collect();
        let (child, address) = start_preview(dir, &args);
        Served { child, address }
    }

    /// GET `path`: (status line, body).
    fn get(&self, path: &str) -> (String, String) {
        let mut stream = TcpStream::connect(&self.address).expect("connect");
        stream
            .set_read_timeout(Some(Duration::from_secs(60)))
            .expect("timeout");
        write!(
            stream,
            "GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
        )
        .expect("send");
        let mut response = String::new();
        stream.read_to_string(&mut response).expect("read");
        let (head, body) = response.split_once("\r\n\r\n").unwrap_or((&response, ""));
        (
            head.lines().next().unwrap_or_default().to_string(),
            body.to_string(),
        )
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A new project with the guides (tests/data/guides) built in it: the
/// project and its first issue folder.
fn built() -> (Project, PathBuf) {
    let project = Project::new();
    let guides = root().join("tests/data/guides");
    project.ok(["build", guides.to_str().expect("utf8")]);
    let issue = project.issues()[0].clone();
    (project, issue)
}

#[test]
fn preview_serves_the_rendered_issue() {
    let (project, issue) = built();
    let served = Served::start(project.path(), &[issue.to_str().expect("utf8")]);
    let (status, body) = served.get("/");
    assert_eq!(status, "HTTP/1.1 200 OK");
    assert!(body.contains("<!DOCTYPE html>"), "{body}");
    assert!(
        body.contains("/__livereload?generation=0"),
        "the reload script"
    );
    let (status, text) = served.get("/email.txt");
    assert_eq!(status, "HTTP/1.1 200 OK");
    assert!(!text.contains("<script"), "only HTML pages get the script");
    assert_eq!(
        served.get("/../letterpress.yaml").0,
        "HTTP/1.1 404 Not Found"
    );
}

/// The whole project: the site with drafts and each issue's email, an idle
/// connection blocking nobody, and an edit to issue.yaml (then a broken
/// template) rebuilt and announced to the waiting page.
#[test]
fn preview_serves_the_project_and_reloads_after_an_edit() {
    let (project, issue) = built();
    let week = issue
        .file_name()
        .expect("week")
        .to_str()
        .expect("utf8")
        .to_string();
    let served = Served::start(project.path(), &[]);
    // A connection that sends nothing must not hold up the others.
    let _idle = TcpStream::connect(&served.address).expect("idle connection");
    let (status, index) = served.get("/");
    assert_eq!(status, "HTTP/1.1 200 OK");
    assert!(
        index.contains(&format!("http://{}/issues/{week}/", served.address)),
        "{index}"
    );
    let plan = project.read(issue.join("issue.yaml"));
    let title = plan
        .lines()
        .find_map(|l| l.strip_prefix("- id: ").map(|_| ()))
        .and_then(|()| plan.lines().find_map(|l| l.strip_prefix("  title: ")))
        .expect("a section title")
        .trim_matches(['\'', '"'])
        .to_string();
    let (status, page) = served.get(&format!("/issues/{week}/"));
    assert_eq!(status, "HTTP/1.1 200 OK");
    assert!(page.contains(&title), "{title}");
    let (status, email) = served.get(&format!("/issues/{week}/email.html"));
    assert_eq!(status, "HTTP/1.1 200 OK");
    assert!(email.contains(&title), "{title}");

    let waiting = std::thread::scope(|scope| {
        let waiting = scope.spawn(|| served.get("/__livereload?generation=0").1);
        std::thread::sleep(Duration::from_millis(300));
        project.edit(issue.join("issue.yaml"), |text| {
            let subject = text
                .lines()
                .find(|l| l.starts_with("subject:"))
                .expect("subject");
            text.replace(subject, "subject: Buckets, edited live")
        });
        waiting.join().expect("poll")
    });
    assert_eq!(waiting, "1", "the waiting page is told of the rebuild");
    // The rebuild reads every issue.yaml and writes the emails beside them:
    // neither may start another rebuild.
    std::thread::sleep(Duration::from_secs(1));
    assert_eq!(
        served.get("/__livereload?generation=999").1,
        "1",
        "one rebuild"
    );
    assert!(served
        .get(&format!("/issues/{week}/"))
        .1
        .contains("Buckets, edited live"));
    assert!(served
        .get(&format!("/issues/{week}/email.html"))
        .1
        .contains("Buckets, edited live"));

    project.write("templates/partials/header.hbs", "{{#if}}");
    assert_eq!(served.get("/__livereload?generation=1").1, "2");
    let (_, page) = served.get(&format!("/issues/{week}/email.html"));
    assert!(
        page.contains("header.hbs:1:"),
        "the error is shown on the page: {page}"
    );
    assert!(
        page.contains("Buckets, edited live"),
        "the last good email stays served"
    );
}
