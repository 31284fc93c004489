//! The offline rules: what can be known about an issue without the
//! network.

use std::path::Path;

use super::{Finding, Outputs, Severity};
use crate::issue_dir::Part;

/// Gmail clips a message's HTML past this size.
const GMAIL_CLIP: usize = 102 * 1024;
/// Inbox lists show about this much of a subject.
const SUBJECT_MAX: usize = 78;
/// …and of a preheader.
const PREHEADER_MAX: usize = 140;
/// The sample reader's unsubscribe link in rendered (not yet sent) email.
const SAMPLE_UNSUBSCRIBE: &str = "https://unsubscribe.invalid";

/// Every rule over every output.
pub(super) fn all(outputs: &Outputs) -> Vec<Finding> {
    let mut findings = headline_rules(outputs);
    for (path, text) in &outputs.files {
        let at = path.display().to_string();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let email = name.starts_with("email.");
        let left = text.contains("{{").then(|| {
            "template text `{{` left in the output; fix the template or the section text"
                .to_string()
        });
        findings.push(Finding::rule(
            "template-text",
            Severity::Error,
            left,
            at.clone(),
        ));
        if email {
            let missing = (!text.contains(SAMPLE_UNSUBSCRIBE)).then(|| {
                "no unsubscribe link: the template must print {{links.unsubscribe}}".to_string()
            });
            findings.push(Finding::rule(
                "unsubscribe-link",
                Severity::Error,
                missing,
                at.clone(),
            ));
        } else if text.contains(SAMPLE_UNSUBSCRIBE) {
            findings.push(Finding::rule(
                "no-personal-link",
                Severity::Error,
                Some("a reader's unsubscribe link in a public page; remove {{links.unsubscribe}} from its template".into()),
                at.clone(),
            ));
        }
        if name.ends_with(".html") {
            findings.extend(html_rules(path, text));
        }
    }
    findings
}

fn headline_rules(outputs: &Outputs) -> Vec<Finding> {
    let plan = &outputs.plan;
    let at = format!("issues/{}/issue.yaml", plan.week);
    let subject = plan.subject.chars().count();
    let subject_problem = match subject {
        0 => Some("the subject is empty".to_string()),
        n if n > SUBJECT_MAX => Some(format!(
            "the subject is {n} characters; inboxes show about {SUBJECT_MAX}"
        )),
        _ => None,
    };
    let severity = if subject == 0 {
        Severity::Error
    } else {
        Severity::Warning
    };
    let mut findings = vec![Finding::rule(
        "subject-length",
        severity,
        subject_problem,
        at.clone(),
    )];
    let preheader = plan.preheader.chars().count();
    let preheader_problem = match preheader {
        0 => Some("no preheader: inboxes will show the email's first words".to_string()),
        n if n > PREHEADER_MAX => Some(format!(
            "the preheader is {n} characters; about {PREHEADER_MAX} are shown"
        )),
        _ => None,
    };
    findings.push(Finding::rule(
        "preheader-length",
        Severity::Warning,
        preheader_problem,
        at.clone(),
    ));
    for section in &plan.sections {
        let problem = section.over_to_you_drafted.then(|| {
            format!(
                "section \"{}\": the drafted question \"{}\" is not reviewed; edit it or set over_to_you_drafted: false",
                section.title, section.over_to_you
            )
        });
        findings.push(Finding::rule(
            "question-reviewed",
            Severity::Warning,
            problem,
            at.clone(),
        ));
    }
    findings
}

fn html_rules(path: &Path, html: &str) -> Vec<Finding> {
    let at = path.display().to_string();
    let mut findings = Vec::new();
    if Part::EmailHtml.is(path) {
        let clipped = (html.len() > GMAIL_CLIP).then(|| {
            format!(
                "{} KB; Gmail clips messages over 102 KB — remove or shorten a section",
                html.len() / 1024
            )
        });
        findings.push(Finding::rule(
            "gmail-clip",
            Severity::Error,
            clipped,
            at.clone(),
        ));
    }
    for tag in tags(html, "img") {
        let missing = attribute(tag, "alt")
            .is_none_or(|alt| alt.trim().is_empty())
            .then(|| {
                format!(
                    "an image without alt text: {}",
                    attribute(tag, "src").unwrap_or("?")
                )
            });
        findings.push(Finding::rule(
            "image-alt",
            Severity::Error,
            missing,
            at.clone(),
        ));
    }
    for url in urls(html) {
        let relative = !(url.starts_with("https://")
            || url.starts_with("http://")
            || url.starts_with("mailto:")
            || url.starts_with('#')
            || url.starts_with("cid:"));
        let problem = relative.then(|| {
            format!("relative link `{url}`: it goes nowhere in an inbox; make it absolute")
        });
        findings.push(Finding::rule(
            "absolute-links",
            Severity::Error,
            problem,
            at.clone(),
        ));
    }
    findings
}

/// The opening tags named `name` (`<img …>`), as text.
fn tags<'a>(html: &'a str, name: &str) -> Vec<&'a str> {
    let open = format!("<{name}");
    let mut found = Vec::new();
    let mut rest = html;
    while let Some(at) = rest.find(&open) {
        let tail = &rest[at..];
        let end = tail.find('>').map_or(tail.len(), |e| e + 1);
        let after = tail.as_bytes().get(open.len()).copied();
        if matches!(after, Some(b' ' | b'\n' | b'\t' | b'>' | b'/')) {
            found.push(&tail[..end]);
        }
        rest = &tail[end.min(tail.len())..];
        if end == 0 {
            break;
        }
    }
    found
}

/// The value of `name="…"` in a tag.
fn attribute<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let key = format!(" {name}=\"");
    let start = tag.find(&key)? + key.len();
    let end = tag[start..].find('"')?;
    Some(&tag[start..start + end])
}

/// Every `href` and `src` of an HTML text (entities decoded).
pub(super) fn urls(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    for key in [" href=\"", " src=\""] {
        let mut rest = html;
        while let Some(at) = rest.find(key) {
            let start = at + key.len();
            let Some(end) = rest[start..].find('"') else {
                break;
            };
            found.push(htmlize::unescape(&rest[start..start + end]).into_owned());
            rest = &rest[start + end..];
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn images_and_links_are_found_in_tags() {
        let html = r#"<p><a href="https://a.example/?x=1&amp;y=2">a</a><img src="/rel.png"><img alt="" src="x"></p>"#;
        assert_eq!(tags(html, "img").len(), 2);
        assert_eq!(urls(html), ["https://a.example/?x=1&y=2", "/rel.png", "x"]);
        let findings = html_rules(Path::new("web.html"), html);
        let failed: Vec<&str> = findings
            .iter()
            .filter(|f| !f.ok)
            .map(|f| f.rule.as_deref().unwrap_or(""))
            .collect();
        assert_eq!(
            failed,
            ["image-alt", "image-alt", "absolute-links", "absolute-links"]
        );
    }
}
