//! Online: every distinct link and image of an issue's outputs fetched once
//! — HEAD, then GET when HEAD is refused — a few at a time and at most two
//! per host, each with a timeout, all within an overall deadline. Redirects
//! are followed (shorteners such as t.co show where they really go) up to
//! a limit; a loop, 4xx/5xx, a timeout, a DNS or TLS failure is an error;
//! an image must answer with an image type and stay under a size. Results
//! are cached for a while so a re-check is fast.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{Finding, Outputs, Severity};
use crate::issue_dir::Part;

/// How links are checked.
#[derive(Debug, Clone)]
pub(crate) struct LinkOptions {
    /// Per request.
    pub timeout: Duration,
    /// For the whole check.
    pub deadline: Duration,
    /// The largest image accepted, in bytes.
    pub max_image_bytes: u64,
    /// Requests at once.
    pub concurrency: usize,
    /// Requests at once to one host.
    pub per_host: usize,
    /// Where results are cached, and for how long.
    pub cache: Option<(PathBuf, chrono::Duration)>,
    /// The time cached results are judged against.
    pub now: DateTime<Utc>,
}

/// One URL to check: where it is, whether it is an image.
#[derive(Debug, Clone)]
pub(crate) struct Target {
    /// The URL.
    pub url: String,
    /// The file it is in.
    pub r#where: String,
    /// The part of that file: `section "Title"`, the sponsor block, the
    /// footer.
    pub section: Option<String>,
    /// Shown with `<img>`.
    pub image: bool,
}

/// Every http(s) link and image of the outputs (placeholders aside).
pub(crate) fn targets(outputs: &Outputs) -> Vec<Target> {
    let mut seen = BTreeMap::new();
    for (path, text) in &outputs.files {
        let at = path.display().to_string();
        let html = path.extension().is_some_and(|e| e == "html");
        let images: Vec<String> = if html { img_sources(text) } else { Vec::new() };
        let urls = if html {
            super::rules::urls(text)
        } else {
            bare_urls(text)
        };
        let markdown = path.extension().is_some_and(|e| e == "md");
        let parts = (html || markdown).then(|| super::place::Parts::of(text, html));
        for url in urls {
            if !(url.starts_with("http://") || url.starts_with("https://")) || is_placeholder(&url)
            {
                continue;
            }
            let image = images.contains(&url);
            let section = || parts.as_ref()?.at(text.find(url.as_str()).unwrap_or(0));
            let target = seen.entry(url.clone()).or_insert_with(|| Target {
                url: url.clone(),
                r#where: at.clone(),
                section: section(),
                image,
            });
            // An image anywhere is checked as one; the email names it first.
            target.image |= image;
            let email = |at: &str| Part::EmailHtml.is(Path::new(at));
            if email(&at) && !email(&target.r#where) {
                target.r#where = at.clone();
                target.section = section();
            }
        }
    }
    seen.into_values().collect()
}

fn is_placeholder(url: &str) -> bool {
    url::Url::parse(url)
        .ok()
        .and_then(|u| u.host_str().map(|h| h.ends_with(".invalid")))
        .unwrap_or(true)
}

fn img_sources(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut rest = html;
    while let Some(at) = rest.find("<img ") {
        let tail = &rest[at..];
        let end = tail.find('>').unwrap_or(tail.len());
        if let Some(src) = super::rules::urls(&tail[..end]).into_iter().next() {
            found.push(src);
        }
        rest = &tail[end..];
    }
    found
}

fn bare_urls(text: &str) -> Vec<String> {
    text.split_whitespace()
        .filter(|w| w.starts_with("http://") || w.starts_with("https://"))
        .map(|w| {
            w.trim_end_matches(['.', ',', ')', ']', ';', ':', '"', '\'', '>'])
                .to_string()
        })
        .collect()
}

/// A cached result.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Cached {
    at: DateTime<Utc>,
    finding: Finding,
}

/// Checks every target; each URL once.
pub(crate) fn check(targets: &[Target], options: &LinkOptions) -> Vec<Finding> {
    let mut cache = load_cache(options);
    let started = Instant::now();
    let queue: Mutex<Vec<&Target>> = Mutex::new(
        targets
            .iter()
            .filter(|t| !cache.contains_key(&t.url))
            .rev()
            .collect(),
    );
    let in_flight: Mutex<HashMap<String, usize>> = Mutex::new(HashMap::new());
    let results: Mutex<Vec<Finding>> = Mutex::new(Vec::new());
    let client = client(options);
    std::thread::scope(|scope| {
        for _ in 0..options.concurrency.clamp(1, 32) {
            scope.spawn(|| {
                while let Some(target) = next(&queue, &in_flight, options.per_host.max(1)) {
                    let finding = if started.elapsed() > options.deadline {
                        late(target)
                    } else {
                        fetch(client.as_ref(), target, options)
                    };
                    let host = host(&target.url);
                    if let Some(n) = lock(&in_flight).get_mut(&host) {
                        *n -= 1;
                    }
                    lock(&results).push(finding);
                }
            });
        }
    });
    let fresh = results.into_inner().unwrap_or_else(|e| e.into_inner());
    for finding in &fresh {
        if let Some(url) = &finding.url {
            cache.insert(
                url.clone(),
                Cached {
                    at: options.now,
                    finding: finding.clone(),
                },
            );
        }
    }
    save_cache(options, &cache);
    targets
        .iter()
        .filter_map(|t| {
            cache.get(&t.url).map(|c| Finding {
                r#where: t.r#where.clone(),
                section: t.section.clone(),
                ..c.finding.clone()
            })
        })
        .collect()
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

fn host(url: &str) -> String {
    url::Url::parse(url)
        .ok()
        .and_then(|u| u.host_str().map(str::to_string))
        .unwrap_or_default()
}

/// The next target whose host has room; `None` when all are taken.
fn next<'a>(
    queue: &Mutex<Vec<&'a Target>>,
    in_flight: &Mutex<HashMap<String, usize>>,
    per_host: usize,
) -> Option<&'a Target> {
    loop {
        {
            let mut queue = lock(queue);
            if queue.is_empty() {
                return None;
            }
            let mut flights = lock(in_flight);
            let free = queue
                .iter()
                .rposition(|t| flights.get(&host(&t.url)).copied().unwrap_or(0) < per_host);
            if let Some(at) = free {
                let target = queue.remove(at);
                *flights.entry(host(&target.url)).or_default() += 1;
                return Some(target);
            }
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn client(options: &LinkOptions) -> Option<reqwest::blocking::Client> {
    let policy = reqwest::redirect::Policy::custom(|attempt| {
        if attempt.previous().contains(attempt.url()) {
            attempt.error("redirect loop")
        } else if attempt.previous().len() >= 10 {
            attempt.error("more than 10 redirects")
        } else {
            attempt.follow()
        }
    });
    reqwest::blocking::Client::builder()
        .timeout(options.timeout)
        .redirect(policy)
        .user_agent(concat!(
            "letterpress/",
            env!("CARGO_PKG_VERSION"),
            " (link check)"
        ))
        .build()
        .ok()
}

fn result(
    target: &Target,
    problem: Option<String>,
    status: Option<u16>,
    final_url: Option<String>,
) -> Finding {
    Finding {
        url: Some(target.url.clone()),
        rule: None,
        ok: problem.is_none(),
        severity: Severity::Error,
        problem: problem.unwrap_or_default(),
        status,
        final_url: final_url.filter(|f| f != &target.url),
        r#where: target.r#where.clone(),
        section: target.section.clone(),
    }
}

fn late(target: &Target) -> Finding {
    Finding {
        severity: Severity::Warning,
        ..result(
            target,
            Some("not checked: the overall deadline passed".into()),
            None,
            None,
        )
    }
}

/// HEAD, then GET when HEAD is refused; images by type and size.
fn fetch(
    client: Option<&reqwest::blocking::Client>,
    target: &Target,
    options: &LinkOptions,
) -> Finding {
    let Some(client) = client else {
        return result(
            target,
            Some("no HTTP client could be made".into()),
            None,
            None,
        );
    };
    let head = client.head(&target.url).send();
    let response = match head {
        Ok(r) if !matches!(r.status().as_u16(), 403 | 405 | 501) => Ok(r),
        _ => client.get(&target.url).send(),
    };
    let response = match response {
        Ok(r) => r,
        Err(e) => {
            let text = describe(&e).replace(&format!(" for url ({})", target.url), "");
            return result(target, Some(text), None, None);
        }
    };
    let status = response.status();
    let final_url = Some(response.url().to_string());
    if !status.is_success() {
        let reason = status.canonical_reason().unwrap_or("");
        return result(
            target,
            Some(format!("{} {reason}", status.as_u16())),
            Some(status.as_u16()),
            final_url,
        );
    }
    let problem = if target.image {
        image_problem(client, target, response, options)
    } else {
        None
    };
    result(target, problem, Some(status.as_u16()), final_url)
}

fn image_problem(
    client: &reqwest::blocking::Client,
    target: &Target,
    response: reqwest::blocking::Response,
    options: &LinkOptions,
) -> Option<String> {
    let kind = response
        .headers()
        .get(reqwest::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    if !kind.starts_with("image/") {
        return Some(format!("an image that answers `{kind}`, not an image type"));
    }
    let size = match response.content_length().filter(|n| *n > 0) {
        Some(n) => n,
        None => client
            .get(&target.url)
            .send()
            .ok()
            .and_then(|r| r.bytes().ok())
            .map_or(0, |b| b.len() as u64),
    };
    (size > options.max_image_bytes).then(|| {
        format!(
            "an image of {} KB (over {} KB): readers on phones pay for every byte; make it smaller",
            size / 1024,
            options.max_image_bytes / 1024
        )
    })
}

fn describe(error: &reqwest::Error) -> String {
    use std::error::Error;
    if error.is_timeout() {
        return "no answer within the timeout".into();
    }
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(&format!(": {cause}"));
        source = cause.source();
    }
    text
}

fn load_cache(options: &LinkOptions) -> HashMap<String, Cached> {
    let Some((path, ttl)) = &options.cache else {
        return HashMap::new();
    };
    let cached: HashMap<String, Cached> = std::fs::read(path)
        .ok()
        .and_then(|bytes| serde_json::from_slice(&bytes).ok())
        .unwrap_or_default();
    cached
        .into_iter()
        .filter(|(_, c)| options.now - c.at <= *ttl)
        .collect()
}

fn save_cache(options: &LinkOptions, cache: &HashMap<String, Cached>) {
    let Some((path, _)) = &options.cache else {
        return;
    };
    if let (Some(dir), Ok(json)) = (path.parent(), serde_json::to_vec(cache)) {
        // The cache only saves time: failing to write it is not a problem.
        let _ = crate::fsutil::create_dir_all(dir);
        let _ = crate::fsutil::write_atomic(path, &json);
    }
}

/// The cache file of a project.
pub(crate) fn cache_path(root: &Path) -> PathBuf {
    root.join(".letterpress-cache").join("links.json")
}
