//! What each address of the preview serves, and the live-reload script
//! added to HTML answers.

use std::path::{Component, Path, PathBuf};
use std::time::Duration;

use super::Generation;
use crate::issue_dir::{IssueDir, Part};

/// How long a page's reload request is held open before it is answered
/// with the same count (the page then asks again).
const HOLD: Duration = Duration::from_secs(25);

/// What the preview serves.
#[derive(Debug, Clone)]
pub(crate) enum Routes {
    /// One issue folder: `/` is its email, `/email.txt`, `/archive.md` and
    /// `/web.html` its other parts.
    Issue(PathBuf),
    /// A whole project: the site under `/` (from the folder it was written
    /// to), and each issue's parts under `/issues/<week>/<part>`.
    Project {
        /// The project's issues folder.
        issues: PathBuf,
        /// The folder the preview's site is written to.
        site: PathBuf,
    },
}

/// Answers one request.
pub(super) fn answer(request: tiny_http::Request, routes: &Routes, generation: &Generation) {
    let url = request.url().to_string();
    let (path, query) = url.split_once('?').unwrap_or((&url, ""));
    let response = if path == "/__livereload" {
        let seen = query
            .strip_prefix("generation=")
            .and_then(|n| n.parse().ok())
            .unwrap_or(0);
        text(
            200,
            "text/plain",
            generation.wait_past(seen, HOLD).to_string(),
        )
    } else {
        match file_for(routes, path) {
            Some(file) => match std::fs::read(&file) {
                Ok(bytes) => page(&file, bytes, generation),
                Err(_) => text(404, "text/plain", "not found".into()),
            },
            None => text(404, "text/plain", "not found".into()),
        }
    };
    // The browser may have gone; nothing to tell it then.
    let _ = request.respond(response);
}

/// The file an address names, if it stays inside the served folders.
fn file_for(routes: &Routes, path: &str) -> Option<PathBuf> {
    let relative = Path::new(path.trim_start_matches('/'));
    if relative
        .components()
        .any(|c| !matches!(c, Component::Normal(_)))
    {
        return None;
    }
    match routes {
        Routes::Issue(dir) => {
            let part = match path {
                "/" => Part::EmailHtml,
                _ => Part::ALL
                    .into_iter()
                    .find(|part| path.strip_prefix('/') == Some(part.file_name()))?,
            };
            Some(IssueDir::new(dir).part(part))
        }
        Routes::Project { issues, site } => {
            // An issue's own parts come from its folder; its web page
            // (`index.html`) and everything else from the site.
            if let Ok(rest) = relative.strip_prefix("issues") {
                let mut parts = rest.components();
                if let (Some(week), Some(file), None) = (parts.next(), parts.next(), parts.next()) {
                    let part = Part::ALL
                        .into_iter()
                        .find(|part| Path::new(part.file_name()) == Path::new(&file));
                    if let Some(part) = part {
                        return Some(IssueDir::new(issues.join(week)).part(part));
                    }
                }
            }
            let file = site.join(relative);
            Some(if path.ends_with('/') || file.is_dir() {
                file.join("index.html")
            } else {
                file
            })
        }
    }
}

/// A file's answer; HTML gets the reload script (and the last rebuild's
/// error, when it failed).
fn page(file: &Path, bytes: Vec<u8>, generation: &Generation) -> Response {
    let kind = match file.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("xml") => "application/xml; charset=utf-8",
        Some("md") => "text/markdown; charset=utf-8",
        _ => "text/plain; charset=utf-8",
    };
    if !kind.starts_with("text/html") {
        return response(200, kind, bytes);
    }
    let (count, error) = generation.current();
    let mut html = String::from_utf8_lossy(&bytes).into_owned();
    let at = html.rfind("</body>").unwrap_or(html.len());
    html.insert_str(at, &reload_script(count, error.as_deref()));
    response(200, kind, html.into_bytes())
}

/// The script a served page waits with, and the rebuild error box.
fn reload_script(count: u64, error: Option<&str>) -> String {
    let shown = error.map_or(String::new(), |message| {
        format!(
            "<pre style=\"position:fixed;bottom:0;left:0;right:0;margin:0;padding:1em;\
             background:#fee;color:#900;white-space:pre-wrap;z-index:9\">{}</pre>",
            htmlize::escape_text(message)
        )
    });
    format!(
        "{shown}<script>(async () => {{ for (;;) {{ try {{ \
         const r = await fetch('/__livereload?generation={count}'); \
         if ((await r.text()) !== '{count}') {{ location.reload(); return; }} \
         }} catch (e) {{ await new Promise((ok) => setTimeout(ok, 1000)); }} }} }})();</script>"
    )
}

type Response = tiny_http::Response<std::io::Cursor<Vec<u8>>>;

fn text(status: u16, kind: &str, body: String) -> Response {
    response(status, kind, body.into_bytes())
}

fn response(status: u16, kind: &str, body: Vec<u8>) -> Response {
    let header = tiny_http::Header::from_bytes("Content-Type", kind).unwrap_or_else(|()| {
        tiny_http::Header::from_bytes("Content-Type", "text/plain").expect("ascii")
    });
    tiny_http::Response::from_data(body)
        .with_status_code(status)
        .with_header(header)
}
