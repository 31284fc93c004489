//! Before `schedule run` sends anything: everything each due channel needs
//! is checked — the issue rendered and passing the pre-send check's rules,
//! the list readable, the unsubscribe secret and the SMTP password set, the
//! webhook address usable — so a
//! missing secret cannot let the test copies and thread drafts out and
//! then fail the list.

use std::path::Path;

use super::Entry;
use crate::deliver::{subscribers, unsubscribe};
use crate::issue_dir::IssueDir;
use crate::settings::Settings;

/// One channel about to go out.
pub struct Due<'a> {
    /// Its entry.
    pub entry: &'a Entry,
    /// `test`, `email` or `threads:<platform>`.
    pub channel: String,
}

/// Every problem that would stop a due channel, each naming its issue and
/// channel; empty when all can go.
pub fn problems(due: &[Due<'_>], settings: &Settings, smtp_url: Option<&str>) -> Vec<String> {
    let mut problems = Vec::new();
    let mut say = |due: &Due<'_>, what: String| {
        problems.push(format!("{} {}: {what}", due.entry.issue, due.channel))
    };
    for due in due {
        let mails = matches!(due.channel.as_str(), "email" | "test");
        if mails && !rendered(&due.entry.dir) {
            say(
                due,
                format!(
                    "{} is not rendered; run `letterpress render` first",
                    due.entry.dir.display()
                ),
            );
        }
        if mails {
            if let Some(problem) = password_problem(smtp_url, &settings.send.password_env) {
                say(due, problem);
            }
        }
        if due.channel == "email" {
            if let Err(e) = unsubscribe::secret(&settings.send.secret_env) {
                say(due, e.to_string());
            }
            if settings.check.required && rendered(&due.entry.dir) {
                for problem in check_errors(&due.entry.dir) {
                    say(due, problem);
                }
            }
            if let Some(list) = &due.entry.list {
                if let Err(e) = subscribers::read(list) {
                    say(due, e.to_string());
                }
            }
        }
        if due.channel.starts_with("threads:") {
            if let Some(url) = &settings.threads.webhook_url {
                if let Err(e) = url::Url::parse(url) {
                    say(
                        due,
                        format!(
                            "threads.webhook_url does not parse ({e}); fix it in letterpress.yaml"
                        ),
                    );
                }
            }
        }
    }
    problems.sort();
    problems.dedup();
    problems
}

/// The pre-send check's errors (its offline rules) for an issue.
fn check_errors(dir: &Path) -> Vec<String> {
    match crate::check::outputs(dir) {
        Ok(outputs) => crate::check::offline(dir, &outputs)
            .problems()
            .into_iter()
            .filter(|f| f.severity == crate::check::Severity::Error)
            .map(|f| format!("check: {}: {}", f.r#where, f.problem))
            .collect(),
        Err(e) => vec![e.to_string()],
    }
}

fn rendered(dir: &Path) -> bool {
    IssueDir::new(dir).has_email()
}

/// A URL naming a user whose password variable is unset or empty.
fn password_problem(smtp_url: Option<&str>, variable: &str) -> Option<String> {
    let parsed = url::Url::parse(smtp_url?).ok()?;
    if parsed.username().is_empty() || parsed.password().is_some() {
        return None;
    }
    match std::env::var(variable) {
        Ok(password) if !password.is_empty() => None,
        _ => Some(format!(
            "the SMTP URL logs in as `{}` but the environment variable {variable} (its password) is not set; set it",
            parsed.username()
        )),
    }
}
