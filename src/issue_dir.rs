//! The issue folder's layout, owned in one place.
//!
//! An issue folder (`issues/<YYYY-Www>/`) holds one issue from plan to
//! send. [`IssueDir`] is the only code that knows its file names; plan,
//! render, deliver, the schedule and the commands ask it for paths and write
//! through it (atomically, with [`fsutil`]):
//!
//! | file               | written by          | what it is                              |
//! |--------------------|---------------------|-----------------------------------------|
//! | `issue.yaml`       | `plan`, the writer  | the planned issue (`plan::issue_file`)  |
//! | `email.html`       | `render`            | the email's HTML, CSS inlined           |
//! | `email.txt`        | `render`            | the email's plain-text part             |
//! | `archive.md`       | `render`            | the web archive's Markdown page         |
//! | `threads/`         | `render`, schedule  | social thread drafts and exports        |
//! | `sent.jsonl`       | `send`              | the send ledger, one line per attempt   |
//! | `outbox.jsonl`     | `send` (outbox)     | the outbox's ledger, never "mailed"     |
//! | `schedule.jsonl`   | `schedule run`      | test sends and thread deliveries done   |
//! | `send.lock`        | `send`              | the OS lock one send of the issue holds |
//!
//! It also knows the ledger's line ([`Entry`]), so plan can tell an issue
//! that has gone out ([`IssueDir::has_gone_out`]) without importing deliver.
//!
//! A leaf module: it imports only [`fsutil`], so every stage may use it.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::fsutil::{self, FsError};

/// The folder of the issue folders, in a project's root.
pub const ISSUES: &str = "issues";

const PLAN: &str = "issue.yaml";
const THREADS: &str = "threads";
const LEDGER: &str = "sent.jsonl";
const OUTBOX_LEDGER: &str = "outbox.jsonl";
const JOURNAL: &str = "schedule.jsonl";
const SEND_LOCK: &str = "send.lock";

/// What happened to one message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    /// The server took it (2xx).
    Accepted,
    /// A temporary failure (4xx, a dropped connection); it will be retried.
    Deferred,
    /// The server refused it for good (5xx); never retried.
    Rejected,
}

/// One line of the ledger.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    /// The recipient's address.
    pub recipient: String,
    /// The message's Message-ID.
    pub message_id: String,
    /// What happened.
    pub outcome: Outcome,
    /// The server's reply (or the error).
    pub reply: String,
    /// When.
    pub time: DateTime<Utc>,
}

/// One rendered part of an issue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// `email.html`: the email's HTML.
    EmailHtml,
    /// `email.txt`: the email's plain text.
    EmailText,
    /// `archive.md`: the issue as Markdown, to keep or post elsewhere.
    Archive,
    /// `web.html`: the issue's article for its page in the web archive.
    Web,
}

impl Part {
    /// Every part, in the order render writes them.
    pub const ALL: [Part; 4] = [Part::EmailHtml, Part::EmailText, Part::Archive, Part::Web];

    /// Its file name in the issue folder.
    pub fn file_name(self) -> &'static str {
        match self {
            Part::EmailHtml => "email.html",
            Part::EmailText => "email.txt",
            Part::Archive => "archive.md",
            Part::Web => "web.html",
        }
    }

    /// Whether `path` names this part's file.
    pub fn is(self, path: &Path) -> bool {
        path.file_name()
            .is_some_and(|name| name == self.file_name())
    }
}

/// An issue folder: where each of its files is, and how they are written.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct IssueDir {
    path: PathBuf,
}

impl IssueDir {
    /// The issue folder at `path`.
    pub fn new(path: impl Into<PathBuf>) -> Self {
        IssueDir { path: path.into() }
    }

    /// The folder of `week`'s issue under `issues`.
    pub fn week(issues: &Path, week: &str) -> Self {
        IssueDir::new(issues.join(week))
    }

    /// The folder holding the issue file `plan_file`.
    pub fn of_plan_file(plan_file: &Path) -> Self {
        IssueDir::new(plan_file.parent().unwrap_or(Path::new("")))
    }

    /// Every planned issue folder directly under `issues` (those with an
    /// `issue.yaml`), sorted; none when `issues` cannot be listed.
    pub fn all(issues: &Path) -> Vec<IssueDir> {
        let Ok(entries) = std::fs::read_dir(issues) else {
            return Vec::new();
        };
        let mut dirs: Vec<IssueDir> = entries
            .filter_map(Result::ok)
            .map(|e| IssueDir::new(e.path()))
            .filter(IssueDir::is_planned)
            .collect();
        dirs.sort();
        dirs
    }

    /// The record of the item ids `plan` put into this issue when it wrote
    /// it: an item of the issue's week that is not in the issue now was
    /// removed by the writer if it is here, and is new if not.
    pub fn placed_record(&self) -> PathBuf {
        self.path.join(".placed")
    }

    /// The folder's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// `issue.yaml`: the planned issue.
    pub fn plan_file(&self) -> PathBuf {
        self.path.join(PLAN)
    }

    /// Whether `path` names an issue folder's `issue.yaml`.
    pub fn is_plan_file(path: &Path) -> bool {
        path.file_name().is_some_and(|name| name == PLAN)
    }

    /// Whether the folder has an issue file.
    pub fn is_planned(&self) -> bool {
        self.plan_file().is_file()
    }

    /// A rendered part's file.
    pub fn part(&self, part: Part) -> PathBuf {
        self.path.join(part.file_name())
    }

    /// Whether a rendered part's file is there.
    pub fn has(&self, part: Part) -> bool {
        self.part(part).is_file()
    }

    /// Whether both parts of the email are there.
    pub fn has_email(&self) -> bool {
        self.has(Part::EmailHtml) && self.has(Part::EmailText)
    }

    /// `threads/`: the folder of thread drafts.
    pub fn threads_folder(&self) -> PathBuf {
        self.path.join(THREADS)
    }

    /// `threads/<platform>.<extension>`: a thread draft.
    pub fn thread_draft(&self, platform: &str, extension: &str) -> PathBuf {
        self.path
            .join(THREADS)
            .join(format!("{platform}.{extension}"))
    }

    /// `threads/scheduled-<platform>.json`: a thread the schedule exported.
    pub fn scheduled_thread(&self, platform: &str) -> PathBuf {
        self.path
            .join(THREADS)
            .join(format!("scheduled-{platform}.json"))
    }

    /// The send ledger (`sent.jsonl`), or the outbox's (`outbox.jsonl`).
    pub fn ledger(&self, outbox: bool) -> PathBuf {
        self.path.join(if outbox { OUTBOX_LEDGER } else { LEDGER })
    }

    /// Whether the issue has gone out: its ledger (not the outbox's)
    /// records a message the server accepted. An unreadable ledger, or a
    /// line that is not an entry, says nothing.
    pub fn has_gone_out(&self) -> bool {
        let Ok(bytes) = std::fs::read(self.ledger(false)) else {
            return false;
        };
        bytes.split(|b| *b == b'\n').any(|line| {
            serde_json::from_slice::<Entry>(line).is_ok_and(|e| e.outcome == Outcome::Accepted)
        })
    }

    /// The schedule's journal (`schedule.jsonl`).
    pub fn journal(&self) -> PathBuf {
        self.path.join(JOURNAL)
    }

    /// The lock a send of this issue holds (`send.lock`).
    pub fn send_lock(&self) -> PathBuf {
        self.path.join(SEND_LOCK)
    }

    /// The last pre-send check's result (`check.json`).
    pub fn check_record(&self) -> PathBuf {
        self.path.join("check.json")
    }

    /// Writes the rendered parts: each replaced atomically (a reader never
    /// sees half a file); the email parts, which render can make again, are
    /// not waited onto the disk, the archive page is.
    pub fn write_parts(
        &self,
        html: &str,
        text: &str,
        markdown: &str,
        web: &str,
    ) -> Result<(), FsError> {
        fsutil::write_replace(&self.part(Part::EmailHtml), html.as_bytes())?;
        fsutil::write_replace(&self.part(Part::EmailText), text.as_bytes())?;
        fsutil::write_replace(&self.part(Part::Web), web.as_bytes())?;
        fsutil::write_atomic(&self.part(Part::Archive), markdown.as_bytes())
    }

    /// Writes a thread draft (replaced atomically, not synced: render makes
    /// it again).
    pub fn write_thread_draft(
        &self,
        platform: &str,
        extension: &str,
        contents: &[u8],
    ) -> Result<(), FsError> {
        fsutil::write_replace(&self.thread_draft(platform, extension), contents)
    }

    /// Writes a thread the schedule exported (atomically, synced); returns
    /// its path.
    pub fn write_scheduled_thread(
        &self,
        platform: &str,
        contents: &[u8],
    ) -> Result<PathBuf, FsError> {
        let path = self.scheduled_thread(platform);
        fsutil::write_atomic(&path, contents)?;
        Ok(path)
    }

    /// What `render` writes into each folder, for its summary line.
    pub fn rendered_listing() -> String {
        let parts: Vec<&str> = Part::ALL.iter().map(|p| p.file_name()).collect();
        format!("{}, {THREADS}/", parts.join(", "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_the_documented_layout() {
        let dir = IssueDir::week(Path::new("issues"), "2023-W07");
        assert_eq!(dir.plan_file(), Path::new("issues/2023-W07/issue.yaml"));
        assert_eq!(
            dir.part(Part::EmailHtml),
            Path::new("issues/2023-W07/email.html")
        );
        assert_eq!(
            dir.thread_draft("x", "md"),
            Path::new("issues/2023-W07/threads/x.md")
        );
        assert_eq!(dir.ledger(false), Path::new("issues/2023-W07/sent.jsonl"));
        assert_eq!(dir.ledger(true), Path::new("issues/2023-W07/outbox.jsonl"));
        assert_eq!(
            IssueDir::of_plan_file(&dir.plan_file()),
            dir,
            "a plan file's folder is the issue folder"
        );
        assert_eq!(
            IssueDir::rendered_listing(),
            "email.html, email.txt, archive.md, web.html, threads/"
        );
    }

    #[test]
    fn all_lists_planned_folders_only_sorted() {
        let root = tempfile::tempdir().expect("tempdir");
        for week in ["2023-W09", "2023-W07", "stray"] {
            std::fs::create_dir_all(root.path().join(week)).expect("mkdir");
        }
        for week in ["2023-W09", "2023-W07"] {
            std::fs::write(IssueDir::week(root.path(), week).plan_file(), "x").expect("w");
        }
        let names: Vec<_> = IssueDir::all(root.path())
            .iter()
            .map(|d| d.path().file_name().expect("name").to_owned())
            .collect();
        assert_eq!(names, ["2023-W07", "2023-W09"]);
    }
}

#[cfg(test)]
mod gone_out {
    use super::*;

    #[test]
    fn only_an_accepted_line_of_the_real_ledger_means_gone_out() {
        let temp = tempfile::tempdir().expect("temp dir");
        let dir = IssueDir::new(temp.path());
        assert!(!dir.has_gone_out(), "no ledger yet");
        let line = |outcome: &str| {
            format!("{{\"recipient\":\"a@example.com\",\"message_id\":\"<m@x>\",\"outcome\":\"{outcome}\",\"reply\":\"250\",\"time\":\"2026-03-02T10:00:00Z\"}}\n")
        };
        std::fs::write(dir.ledger(true), line("accepted")).expect("outbox ledger");
        std::fs::write(dir.ledger(false), line("deferred") + "not json\n").expect("ledger");
        assert!(
            !dir.has_gone_out(),
            "the outbox and a deferral do not count"
        );
        std::fs::write(
            dir.ledger(false),
            "torn {\n".to_string() + &line("accepted"),
        )
        .expect("ledger");
        assert!(dir.has_gone_out());
    }
}
