//! Before `schedule run` sends anything: everything each due channel needs
//! is checked — the issue rendered and passing the pre-send check (its
//! rules, and its links when `check.online`),
//! the list readable, the unsubscribe secret and the SMTP password set, the
//! webhook address usable — so a
//! missing secret cannot let the test copies and thread drafts out and
//! then fail the list.

use std::path::Path;

use super::{Channel, Entry};
use crate::deliver::{subscribers, unsubscribe};
use crate::issue_dir::IssueDir;
use crate::settings::Settings;

/// One channel about to go out.
pub struct Due<'a> {
    /// Its entry.
    pub entry: &'a Entry,
    /// Which channel.
    pub channel: Channel,
}

/// What the checks are made against.
pub struct Context<'a> {
    /// The project's settings.
    pub settings: &'a Settings,
    /// The SMTP server's URL, when given.
    pub smtp_url: Option<&'a str>,
    /// The plan's folder (the link check's cache lives there).
    pub root: &'a Path,
    /// The run's time.
    pub now: chrono::DateTime<chrono::Utc>,
    /// A dry run: the check runs but leaves no record.
    pub dry_run: bool,
}

/// Every problem that would stop a due channel, each naming its issue and
/// channel; empty when all can go.
pub fn problems(due: &[Due<'_>], context: &Context<'_>) -> Vec<String> {
    let (settings, smtp_url) = (context.settings, context.smtp_url);
    let mut problems = Vec::new();
    let mut say = |due: &Due<'_>, what: String| {
        problems.push(format!("{} {}: {what}", due.entry.issue, due.channel))
    };
    for due in due {
        let mails = due.channel.mails();
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
        if due.channel == Channel::Email {
            if let Err(e) = unsubscribe::secret(&settings.send.secret_env) {
                say(due, e.to_string());
            }
            if settings.check.required && rendered(&due.entry.dir) {
                for problem in check_errors(&due.entry.dir, context) {
                    say(due, problem);
                }
            }
            if let Some(list) = &due.entry.list {
                if let Err(e) = subscribers::read(list) {
                    say(due, e.to_string());
                }
            }
        }
        if matches!(due.channel, Channel::Threads(_)) {
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

/// The pre-send check's errors for an issue, as `send --list` checks it:
/// the rules, and its links fetched when `check.online`; a recent clean
/// check stands.
fn check_errors(dir: &Path, context: &Context<'_>) -> Vec<String> {
    use crate::check::{before_send, run, BeforeSend};
    let project = crate::project::Project::with_settings(context.root, context.settings.clone());
    let online = project.settings.check.online;
    let checked = if context.dry_run {
        run(dir, &project, online, context.now).map(BeforeSend::Checked)
    } else {
        before_send(dir, &project, context.now)
    };
    match checked {
        Ok(BeforeSend::Recent(_)) => Vec::new(),
        Ok(BeforeSend::Checked(report)) => report
            .problems()
            .into_iter()
            .filter(|f| f.severity == crate::check::Severity::Error)
            .map(|f| {
                let subject = f
                    .url
                    .as_deref()
                    .map(|u| format!("{u}: "))
                    .unwrap_or_default();
                let part = f
                    .section
                    .as_deref()
                    .map(|s| format!(" ({s})"))
                    .unwrap_or_default();
                format!("check: {}: {subject}{}{part}", f.r#where, f.problem)
            })
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
