//! Before `schedule run` sends anything: everything each due channel needs
//! is checked — the issue rendered and passing the pre-send check (its
//! rules, and its links when `check.online`),
//! the list readable, the unsubscribe secret and the SMTP password set, the
//! webhook address usable — so a
//! missing secret cannot let the test copies and thread drafts out and
//! then fail the list.

use std::path::{Path, PathBuf};

use super::{Channel, Entry};
use crate::check::{CheckError, Finding};
use crate::deliver::{subscribers, unsubscribe, DeliverError};
use crate::issue_dir::IssueDir;
use crate::settings::Settings;

/// One channel about to go out.
pub(crate) struct Due<'a> {
    /// Its entry.
    pub entry: &'a Entry,
    /// Which channel.
    pub channel: Channel,
}

/// What the checks are made against.
pub(crate) struct Context<'a> {
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

/// A due channel that cannot go out, and why.
#[derive(Debug, thiserror::Error)]
#[error("{issue} {channel}: {why}")]
pub struct NotReady {
    /// The entry's issue.
    pub issue: String,
    /// The channel.
    pub channel: Channel,
    /// Why it cannot go.
    #[source]
    pub why: Hindrance,
}

/// Why a due channel cannot go out.
#[derive(Debug, thiserror::Error)]
pub enum Hindrance {
    /// The issue is not rendered.
    #[error("{} is not rendered; run `letterpress render` first", .0.display())]
    NotRendered(PathBuf),
    /// The SMTP URL logs in, but its password variable is unset or empty.
    #[error("the SMTP URL logs in as `{user}` but the environment variable {variable} (its password) is not set; set it")]
    NoPassword {
        /// The URL's user.
        user: String,
        /// `send.password_env`.
        variable: String,
    },
    /// The unsubscribe secret is missing, or the list cannot be used.
    #[error(transparent)]
    Deliver(#[from] DeliverError),
    /// The pre-send check found an error in the issue.
    #[error("check: {}: {}{}{}", .0.r#where, url_prefix(.0), .0.problem, section_suffix(.0))]
    Check(Finding),
    /// The pre-send check could not run.
    #[error(transparent)]
    CheckFailed(#[from] CheckError),
    /// `threads.webhook_url` does not parse.
    #[error("threads.webhook_url does not parse ({0}); fix it in letterpress.yaml")]
    WebhookUrl(#[source] url::ParseError),
}

/// `URL: ` before a link finding's problem.
fn url_prefix(finding: &Finding) -> String {
    finding
        .url
        .as_deref()
        .map(|u| format!("{u}: "))
        .unwrap_or_default()
}

/// ` (section)` after a finding's problem, when it has a section.
fn section_suffix(finding: &Finding) -> String {
    finding
        .section
        .as_deref()
        .map(|s| format!(" ({s})"))
        .unwrap_or_default()
}

/// Every problem that would stop a due channel, each naming its issue and
/// channel, in the order of their text, each once; empty when all can go.
pub(crate) fn problems(due: &[Due<'_>], context: &Context<'_>) -> Vec<NotReady> {
    let mut problems: Vec<NotReady> = due
        .iter()
        .flat_map(|due| {
            hindrances(due, context).into_iter().map(|why| NotReady {
                issue: due.entry.issue.clone(),
                channel: due.channel,
                why,
            })
        })
        .collect();
    problems.sort_by_cached_key(ToString::to_string);
    problems.dedup_by(|a, b| a.to_string() == b.to_string());
    problems
}

/// What stops one due channel.
fn hindrances(due: &Due<'_>, context: &Context<'_>) -> Vec<Hindrance> {
    let settings = context.settings;
    let mut found = Vec::new();
    let mails = due.channel.mails();
    if mails && !rendered(&due.entry.dir) {
        found.push(Hindrance::NotRendered(due.entry.dir.clone()));
    }
    if mails {
        found.extend(password_problem(
            context.smtp_url,
            &settings.send.password_env,
        ));
    }
    if due.channel == Channel::Email {
        if let Err(e) = unsubscribe::secret(&settings.send.secret_env) {
            found.push(e.into());
        }
        if settings.check.required && rendered(&due.entry.dir) {
            found.extend(check_errors(&due.entry.dir, context));
        }
        if let Some(list) = &due.entry.list {
            if let Err(e) = subscribers::read(list) {
                found.push(e.into());
            }
        }
    }
    if matches!(due.channel, Channel::Threads(_)) {
        if let Some(url) = &settings.threads.webhook_url {
            if let Err(e) = url::Url::parse(url) {
                found.push(Hindrance::WebhookUrl(e));
            }
        }
    }
    found
}

/// The pre-send check's errors for an issue, as `send --list` checks it:
/// the rules, and its links fetched when `check.online`; a recent clean
/// check stands.
fn check_errors(dir: &Path, context: &Context<'_>) -> Vec<Hindrance> {
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
            .map(|f| Hindrance::Check(f.clone()))
            .collect(),
        Err(e) => vec![e.into()],
    }
}

fn rendered(dir: &Path) -> bool {
    IssueDir::new(dir).has_email()
}

/// A URL naming a user whose password variable is unset or empty.
fn password_problem(smtp_url: Option<&str>, variable: &str) -> Option<Hindrance> {
    let parsed = url::Url::parse(smtp_url?).ok()?;
    if parsed.username().is_empty() || parsed.password().is_some() {
        return None;
    }
    match std::env::var(variable) {
        Ok(password) if !password.is_empty() => None,
        _ => Some(Hindrance::NoPassword {
            user: parsed.username().to_string(),
            variable: variable.to_string(),
        }),
    }
}
