//! The send ledger: an append-only journal per issue (`sent.jsonl`), one
//! JSON line per attempt, each flushed and synced before the next message
//! goes out, so a crash loses at most the messages in flight. And the lock
//! file that keeps a second `send` of the same issue out.

use std::collections::HashSet;
use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;
use serde::Serialize;

use super::{DeliverError, LedgerProblem};
use crate::issue_dir::IssueDir;

pub use crate::issue_dir::{Entry, Outcome};

/// An open ledger.
pub struct Ledger(JsonLines);

/// The ledger of the issue folder `dir`: the real one, or the outbox's
/// (messages written to files, which must never count as mailed).
pub fn path(dir: &Path, outbox: bool) -> PathBuf {
    IssueDir::new(dir).ledger(outbox)
}

impl Ledger {
    /// Opens (or creates) an issue's ledger (the outbox's when `outbox`)
    /// for appending.
    pub fn open(dir: &Path, outbox: bool) -> Result<Ledger, DeliverError> {
        Ok(Ledger(JsonLines::open(path(dir, outbox))?))
    }

    /// Appends one entry and waits until it is on disk.
    pub fn append(&self, entry: &Entry) -> Result<(), DeliverError> {
        self.0.append(entry)
    }
}

/// An append-only file of JSON lines, each synced before `append` returns:
/// the send ledger, and any other journal kept the same way.
pub(crate) struct JsonLines {
    file: File,
    path: PathBuf,
}

impl JsonLines {
    /// Opens (or creates) `path` for appending. A line torn by a crash is
    /// ended, so the next one is not glued onto it (and lost with it).
    pub(crate) fn open(path: PathBuf) -> Result<JsonLines, DeliverError> {
        let error = |e: std::io::Error| DeliverError::Ledger {
            path: path.clone(),
            problem: LedgerProblem::Io(e),
        };
        let mut file = OpenOptions::new()
            .create(true)
            .append(true)
            .read(true)
            .open(&path)
            .map_err(error)?;
        if ends_mid_line(&mut file).map_err(error)? {
            file.write_all(b"\n").map_err(error)?;
        }
        Ok(JsonLines { file, path })
    }

    /// Appends one value as a line and waits until it is on disk.
    ///
    /// Takes `&self`: each line goes out in one `O_APPEND` write, so workers
    /// append side by side and their fsyncs overlap (a group commit) rather
    /// than queueing behind one lock.
    pub(crate) fn append(&self, value: &impl Serialize) -> Result<(), DeliverError> {
        let error = |problem: LedgerProblem| DeliverError::Ledger {
            path: self.path.clone(),
            problem,
        };
        let mut line = serde_json::to_string(value).map_err(|e| error(LedgerProblem::Json(e)))?;
        line.push('\n');
        (&self.file)
            .write_all(line.as_bytes())
            .and_then(|()| self.file.sync_data())
            .map_err(|e| error(LedgerProblem::Io(e)))
    }
}

/// Whether a non-empty file's last byte is not a newline (a torn line).
fn ends_mid_line(file: &mut File) -> std::io::Result<bool> {
    use std::io::{Read, Seek, SeekFrom};
    if file.metadata()?.len() == 0 {
        return Ok(false);
    }
    file.seek(SeekFrom::End(-1))?;
    let mut last = [0u8; 1];
    file.read_exact(&mut last)?;
    Ok(last[0] != b'\n')
}

/// What a JSON-lines file held: the lines that parse, and where the others
/// are (`path:line: …`), so a reader can say what it skipped.
#[derive(Debug, Clone)]
pub struct Read<T> {
    /// Every line that parses, in file order.
    pub values: Vec<T>,
    /// One message per line that does not (torn by a crash or a full
    /// disk, or not written by letterpress).
    pub skipped: Vec<String>,
}

/// Every entry of a ledger file (none if there is no file yet).
pub fn read(path: &Path) -> Result<Read<Entry>, DeliverError> {
    read_json_lines(path)
}

/// Every line of a JSON-lines file that parses (none if there is no file
/// yet). A bad line — not UTF-8, not JSON, cut short — is reported and
/// skipped, and reading goes on: a torn line in the middle must not hide
/// the lines after it (they say who already has the issue).
pub(crate) fn read_json_lines<T: DeserializeOwned>(path: &Path) -> Result<Read<T>, DeliverError> {
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
        Err(e) => {
            return Err(DeliverError::Ledger {
                path: path.into(),
                problem: LedgerProblem::Io(e),
            })
        }
    };
    let mut read = Read {
        values: Vec::new(),
        skipped: Vec::new(),
    };
    for (index, line) in bytes.split(|b| *b == b'\n').enumerate() {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        match serde_json::from_slice(line) {
            Ok(value) => read.values.push(value),
            Err(e) => read.skipped.push(format!(
                "{}:{}: unreadable line skipped ({e}); it was cut short by a crash or a full disk, or not written by letterpress",
                path.display(),
                index + 1
            )),
        }
    }
    Ok(read)
}

/// The recipients (lower-cased) a message was accepted for, and those
/// refused for good (and never accepted): neither is sent to again, unless
/// refused ones are retried on purpose.
pub fn settled(entries: &[Entry]) -> (HashSet<String>, HashSet<String>) {
    let address = |outcome: Outcome| {
        entries
            .iter()
            .filter(move |e| e.outcome == outcome)
            .map(|e| e.recipient.to_lowercase())
    };
    let accepted: HashSet<String> = address(Outcome::Accepted).collect();
    let rejected = address(Outcome::Rejected)
        .filter(|r| !accepted.contains(r))
        .collect();
    (accepted, rejected)
}

/// Where a list send stands, reader by reader: what `send --status` shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Status {
    /// Readers the issue was accepted for.
    pub accepted: usize,
    /// Readers whose latest attempt was refused for good (never accepted).
    pub rejected: usize,
    /// Readers whose latest attempt is still failing (never accepted).
    pub deferred: usize,
    /// Ledger lines read (attempts, retries included).
    pub lines: usize,
}

/// Counts each reader once, by their latest outcome; a reader accepted at
/// any point counts as accepted.
pub fn status(entries: &[Entry]) -> Status {
    let mut last = std::collections::HashMap::new();
    for entry in entries {
        last.insert(entry.recipient.to_lowercase(), entry.outcome);
    }
    let (accepted, _) = settled(entries);
    let count = |o: Outcome| {
        last.iter()
            .filter(|(r, outcome)| **outcome == o && !accepted.contains(*r))
            .count()
    };
    Status {
        accepted: accepted.len(),
        rejected: count(Outcome::Rejected),
        deferred: count(Outcome::Deferred),
        lines: entries.len(),
    }
}

/// The process id the lock's holder wrote, for the message. The holder
/// writes it just after taking the lock, so a file found empty is read
/// again for a moment before the holder is called unknown.
fn holder_of(path: &Path) -> String {
    for _ in 0..20 {
        let text = std::fs::read_to_string(path).unwrap_or_default();
        if !text.trim().is_empty() {
            return text.trim().to_string();
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    "unknown".to_string()
}

/// Holds a lock file (an issue's send lock, or a caller's own) until
/// dropped.
///
/// The lock is the operating system's (`flock`), held on an open file for
/// as long as this value lives, so it cannot be held by two processes at
/// once and a killed process's lock is released by the kernel — there is
/// no stale lock to guess about or take over. The file itself only carries
/// the holder's process id, for the error message.
pub struct Lock {
    path: PathBuf,
    // Held open: closing it releases the lock.
    _file: File,
}

/// How often a lock is tried when its file keeps being replaced under us
/// (each time by a holder that just let go); never more than a few.
const LOCK_TRIES: usize = 16;

impl Lock {
    /// Takes the lock of the issue folder `dir`, or says who holds it.
    pub fn take(dir: &Path) -> Result<Lock, DeliverError> {
        Lock::at(IssueDir::new(dir).send_lock())
    }

    /// Takes the lock file `path` (see [`Lock::take`]).
    pub fn at(path: PathBuf) -> Result<Lock, DeliverError> {
        let error = |e: std::io::Error| DeliverError::Ledger {
            path: path.clone(),
            problem: LedgerProblem::Lock(e),
        };
        for _ in 0..LOCK_TRIES {
            let file = OpenOptions::new()
                .read(true)
                .write(true)
                .create(true)
                .truncate(false)
                .open(&path)
                .map_err(error)?;
            match file.try_lock() {
                Ok(()) => {}
                Err(std::fs::TryLockError::WouldBlock) => {
                    let holder = holder_of(&path);
                    return Err(DeliverError::Locked { path, holder });
                }
                Err(std::fs::TryLockError::Error(e)) => return Err(error(e)),
            }
            // The holder before us removes the file as it lets go: if it
            // did so after we opened it, we hold a lock on a file nobody
            // else will ever open. Only the file still at `path` counts.
            if !is_same_file(&file, &path) {
                continue;
            }
            write_holder(&file).map_err(error)?;
            return Ok(Lock { path, _file: file });
        }
        Err(DeliverError::Locked {
            path,
            holder: "unknown".into(),
        })
    }
}

/// Whether the open `file` is the one now at `path`.
fn is_same_file(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), std::fs::metadata(path)) {
        (Ok(open), Ok(named)) => open.dev() == named.dev() && open.ino() == named.ino(),
        _ => false,
    }
}

/// Writes our process id into the lock file we hold.
fn write_holder(mut file: &File) -> std::io::Result<()> {
    file.set_len(0)?;
    writeln!(file, "{}", std::process::id())
}

impl Drop for Lock {
    fn drop(&mut self) {
        // Removed while still held (the file closes after this), so a
        // process that opened it meanwhile sees it is gone and starts over.
        let _ = std::fs::remove_file(&self.path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn status_counts_each_reader_once_by_their_latest_outcome() {
        let entry = |recipient: &str, outcome| Entry {
            recipient: recipient.to_string(),
            message_id: String::new(),
            outcome,
            reply: String::new(),
            time: chrono::DateTime::UNIX_EPOCH,
        };
        let entries = [
            entry("ann@example.com", Outcome::Deferred),
            entry("ANN@example.com", Outcome::Accepted),
            entry("bob@example.com", Outcome::Rejected),
            entry("cy@example.com", Outcome::Rejected),
            entry("cy@example.com", Outcome::Deferred),
            entry("dee@example.com", Outcome::Accepted),
            entry("dee@example.com", Outcome::Rejected),
        ];
        let want = Status {
            accepted: 2,
            rejected: 1,
            deferred: 1,
            lines: 7,
        };
        assert_eq!(status(&entries), want);
    }

    #[test]
    fn a_lock_is_never_held_twice_even_when_taken_and_let_go_in_a_race() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = IssueDir::new(dir.path()).send_lock();
        let holders = AtomicUsize::new(0);
        let most = AtomicUsize::new(0);
        std::thread::scope(|scope| {
            for _ in 0..6 {
                scope.spawn(|| {
                    for _ in 0..300 {
                        if let Ok(lock) = Lock::at(path.clone()) {
                            let now = holders.fetch_add(1, Ordering::SeqCst) + 1;
                            most.fetch_max(now, Ordering::SeqCst);
                            std::thread::yield_now();
                            holders.fetch_sub(1, Ordering::SeqCst);
                            drop(lock);
                        }
                    }
                });
            }
        });
        assert_eq!(most.load(Ordering::SeqCst), 1);
    }

    #[test]
    fn a_held_lock_names_its_holder_and_is_free_once_dropped() {
        let dir = tempfile::tempdir().expect("tempdir");
        let held = Lock::take(dir.path()).expect("lock");
        let Err(DeliverError::Locked { holder, .. }) = Lock::take(dir.path()) else {
            panic!("taken twice");
        };
        assert_eq!(holder, std::process::id().to_string());
        drop(held);
        assert!(Lock::take(dir.path()).is_ok());
    }

    #[test]
    fn bad_lines_are_reported_and_the_lines_after_them_still_read() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("j.jsonl");
        std::fs::write(&path, b"{\"a\":1}\n{\"a\":\xff\n\nnot json\n{\"a\":2}\n").expect("w");
        let read: Read<serde_json::Value> = read_json_lines(&path).expect("read");
        assert_eq!(read.values.len(), 2);
        assert_eq!(read.skipped.len(), 2);
        assert!(read.skipped[0].contains("j.jsonl:2: unreadable line skipped"));
        assert!(read.skipped[1].contains("j.jsonl:4:"));
    }
}
