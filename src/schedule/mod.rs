//! Schedule (the stage above render and deliver): `schedule.yaml` in, a checked
//! [`Schedule`] out — every entry's issue folder, instant, list, test
//! addresses and thread platforms — or every problem at once with its line
//! and column, so that an invalid plan sends nothing. [`status()`] reads what
//! the ledgers say happened; [`run()`] does what is due.

pub(crate) mod channel;
pub(crate) mod file;
pub(crate) mod journal;
pub(crate) mod preflight;
pub(crate) mod run;
pub(crate) mod status;
pub mod time;
pub(crate) mod webhook;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, Utc};

use crate::issue_dir::{IssueDir, Part, ISSUES};
use crate::render::threads::Platform;
use time::SendTime;

/// A problem in the plan file, found by checking it.
#[derive(Debug, Clone)]
pub struct Problem {
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// What is wrong and what to do, written by the check (a time zone
    /// that does not exist, an issue folder that is not there …): no other
    /// error lies under it.
    pub message: String,
}

/// Why a plan cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum ScheduleError {
    /// The file is missing or unreadable.
    #[error("{}: {source}; write a schedule.yaml (docs/schedule.md shows one) or pass --plan FILE", path.display())]
    Read {
        /// The plan file.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// The file is not YAML of a plan's shape; nothing is sent.
    #[error("{}:{line}:{column}: {source}; `letterpress schema schedule` describes every key\n{}", path.display(), invalid_line(path))]
    Yaml {
        /// The plan file.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// The YAML parser's error.
        #[source]
        source: serde_yaml::Error,
    },
    /// The file has problems; nothing is sent until they are fixed.
    #[error("{}", describe(path, problems))]
    Invalid {
        /// The plan file.
        path: PathBuf,
        /// Every problem found.
        problems: Vec<Problem>,
    },
}

fn describe(path: &Path, problems: &[Problem]) -> String {
    let mut text: Vec<String> = problems
        .iter()
        .map(|p| format!("{}:{}:{}: {}", path.display(), p.line, p.column, p.message))
        .collect();
    text.push(invalid_line(path));
    text.join("\n")
}

/// The last line of an invalid plan's error.
fn invalid_line(path: &Path) -> String {
    format!(
        "the plan is invalid: nothing is sent until {} is fixed",
        path.display()
    )
}

/// The longest `test_lead` or `grace`: a year is already more than any
/// plan means, and times beyond chrono's range would panic.
const MAX_LEAD: Duration = Duration::from_secs(366 * 86_400);

/// A checked plan.
#[derive(Debug)]
pub struct Schedule {
    /// The plan file.
    pub path: PathBuf,
    /// The folder it is in: issue folders and lists are found from here.
    pub root: PathBuf,
    /// How late a missed channel may still go out.
    pub grace: Duration,
    /// The entries, in the file's order.
    pub entries: Vec<Entry>,
}

/// One checked entry.
#[derive(Debug)]
pub struct Entry {
    /// The issue folder's name (`next` resolved).
    pub issue: String,
    /// The issue folder.
    pub dir: PathBuf,
    /// When the list send goes out.
    pub send: SendTime,
    /// When test copies go out (none without test addresses).
    pub test_at: Option<DateTime<Utc>>,
    /// The subscriber list, when the entry sends email.
    pub list: Option<PathBuf>,
    /// Test addresses.
    pub tests: Vec<String>,
    /// Platforms whose thread drafts are delivered at the send time.
    pub threads: Vec<Platform>,
    /// Notes on the entry (which issue `next` became).
    pub notes: Vec<String>,
}

/// Reads and checks `path`; every problem is reported, none sends.
pub fn load(path: &Path) -> Result<Schedule, ScheduleError> {
    let text = std::fs::read_to_string(path).map_err(|source| ScheduleError::Read {
        path: path.into(),
        source,
    })?;
    let invalid = |problems| ScheduleError::Invalid {
        path: path.into(),
        problems,
    };
    let parsed: file::PlanFile = serde_yaml::from_str(&text).map_err(|source| {
        let (line, column) = source.location().map_or((1, 1), |l| (l.line(), l.column()));
        ScheduleError::Yaml {
            path: path.into(),
            line,
            column,
            source,
        }
    })?;
    let root = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .to_path_buf();
    let mut checker = Checker {
        text: &text,
        root: &root,
        problems: Vec::new(),
    };
    let (schedule, grace) = checker.defaults(&parsed.defaults);
    let names = checker.issue_names(&parsed.entries);
    let entries = parsed
        .entries
        .iter()
        .zip(names)
        .enumerate()
        .filter_map(|(i, (entry, name))| checker.entry(i, entry, name, &parsed.defaults, &schedule))
        .collect();
    if !checker.problems.is_empty() {
        return Err(invalid(checker.problems));
    }
    Ok(Schedule {
        path: path.into(),
        root,
        grace,
        entries,
    })
}

/// The defaults in checked form.
struct Resolved {
    zone: chrono_tz::Tz,
    send_time: chrono::NaiveTime,
    test_lead: Duration,
}

struct Checker<'a> {
    text: &'a str,
    root: &'a Path,
    problems: Vec<Problem>,
}

impl Checker<'_> {
    fn problem(&mut self, index: Option<usize>, key: &str, message: String) {
        let (line, column) = file::locate(self.text, index, key);
        self.problems.push(Problem {
            line,
            column,
            message,
        });
    }

    fn defaults(&mut self, defaults: &file::Defaults) -> (Resolved, Duration) {
        let zone = time::zone(&defaults.time_zone).unwrap_or_else(|e| {
            self.problem(None, "time_zone", e);
            chrono_tz::UTC
        });
        let send_time = time::clock(&defaults.send_time).unwrap_or_else(|e| {
            self.problem(None, "send_time", e);
            chrono::NaiveTime::MIN
        });
        if let Some(list) = &defaults.list {
            self.check_list(None, "list", list);
        }
        let mut duration = |key: &str, text: &str| match file::duration(text) {
            Some(duration) if duration <= MAX_LEAD => duration,
            Some(_) => {
                let message = format!("`{text}` is longer than a year; give at most 366d");
                self.problem(None, key, message);
                Duration::ZERO
            }
            None => {
                let message = format!("`{text}` is not a duration; write 90m, 2h or 1d");
                self.problem(None, key, message);
                Duration::ZERO
            }
        };
        let test_lead = duration("test_lead", &defaults.test_lead);
        let grace = duration("grace", &defaults.grace);
        (
            Resolved {
                zone,
                send_time,
                test_lead,
            },
            grace,
        )
    }

    /// A list path must stay inside the plan's folder, like the issue
    /// folders: a plan written elsewhere (or copied) must not make a run
    /// read, and mail, some other project's list.
    fn check_list(&mut self, index: Option<usize>, key: &str, list: &Path) {
        if !crate::fsutil::stays_inside(list) {
            let message = format!("the list {} is outside the plan's folder; give a path inside it, relative to the plan (no `..`, not absolute)", list.display());
            self.problem(index, key, message);
        }
    }

    /// Each entry's issue folder name: `next` becomes the oldest rendered
    /// issue no other entry names, taken in the file's order.
    fn issue_names(&mut self, entries: &[file::EntryFile]) -> Vec<Option<String>> {
        let named: BTreeSet<&str> = entries.iter().map(|e| e.issue.as_str()).collect();
        let mut free = rendered_issues(&self.root.join(ISSUES))
            .into_iter()
            .filter(|name| !named.contains(name.as_str()));
        entries
            .iter()
            .enumerate()
            .map(|(i, entry)| {
                if entry.issue != "next" {
                    return Some(entry.issue.clone());
                }
                let found = free.next();
                if found.is_none() {
                    self.problem(Some(i), "issue", "`next`: every rendered issue is already scheduled; run `letterpress build` or name an issue".into());
                }
                found
            })
            .collect()
    }

    fn entry(
        &mut self,
        index: usize,
        entry: &file::EntryFile,
        name: Option<String>,
        defaults: &file::Defaults,
        resolved: &Resolved,
    ) -> Option<Entry> {
        let name = name?;
        if !crate::fsutil::is_folder_name(&name) {
            let message = format!("`{name}` is not an issue folder name (the ledger is written in that folder); use a name from `ls issues` or `next`");
            self.problem(Some(index), "issue", message);
            return None;
        }
        let dir = self.root.join(ISSUES).join(&name);
        let mut notes = Vec::new();
        if entry.issue == "next" {
            notes.push(format!("`next` is {name}"));
        }
        if !IssueDir::new(&dir).is_planned() {
            self.problem(
                Some(index),
                "issue",
                format!(
                    "no issue `{name}` in {}; use a folder name from `ls issues` or `next`",
                    self.root.join(ISSUES).display()
                ),
            );
        } else if !IssueDir::new(&dir).has(Part::EmailHtml) {
            self.problem(
                Some(index),
                "issue",
                format!(
                    "issue `{name}` is not rendered; run `letterpress render {}`",
                    dir.display()
                ),
            );
        }
        let send = match time::resolve(&entry.send_at, resolved.zone, resolved.send_time) {
            Ok(send) => send,
            Err(e) => {
                self.problem(Some(index), "send_at", e);
                return None;
            }
        };
        let (list, tests, threads) = match &entry.channels {
            None => (
                defaults.list.clone(),
                defaults.test.clone(),
                defaults.threads.clone(),
            ),
            Some(c) => (
                c.email.as_ref().map(|l| match l.to_str() {
                    Some("default") => defaults.list.clone().unwrap_or_default(),
                    _ => l.clone(),
                }),
                c.test.clone().unwrap_or_default(),
                c.threads.clone().unwrap_or_default(),
            ),
        };
        if let Some(Some(email)) = entry.channels.as_ref().map(|c| &c.email) {
            self.check_list(Some(index), "email", email);
        }
        let list = list.map(|l| self.root.join(l));
        if let Some(list) = &list {
            if !list.is_file() {
                self.problem(Some(index), "email", format!("the list {} does not exist; give the path of a subscriber CSV (relative to the plan)", list.display()));
            }
        }
        for address in &tests {
            if address.parse::<lettre::Address>().is_err() {
                self.problem(
                    Some(index),
                    "test",
                    format!("`{address}` is not an email address"),
                );
            }
        }
        if list.is_none() && tests.is_empty() && threads.is_empty() {
            self.problem(Some(index), "channels", "this entry sends nothing; give it `email`, `test` or `threads` (or set defaults.list)".into());
        }
        let test_at = (!tests.is_empty())
            .then(|| send.utc - chrono::Duration::from_std(resolved.test_lead).unwrap_or_default());
        Some(Entry {
            issue: name,
            dir,
            send,
            test_at,
            list,
            tests,
            threads,
            notes,
        })
    }
}

/// Rendered issue folders under `issues`, oldest first.
fn rendered_issues(issues: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(issues)
        .map(|read| {
            read.filter_map(Result::ok)
                .filter(|e| IssueDir::new(e.path()).has(Part::EmailHtml))
                .filter_map(|e| e.file_name().to_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

pub use channel::{Channel, Mark};
pub use run::{run, ChannelError, ChannelRun, RunError, RunOptions};
pub use status::{status, EntryStatus, State};
