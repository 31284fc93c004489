//! The send ledger: an append-only journal per issue (`sent.jsonl`), one
//! JSON line per attempt, each flushed and synced before the next message
//! goes out, so a crash loses at most the messages in flight. And the lock
//! file that keeps a second `send` of the same issue out.

use std::collections::HashSet;
use std::fs::{File, OpenOptions};
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use super::DeliverError;

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

/// An open ledger.
pub struct Ledger(JsonLines);

/// The ledger's file name in an issue folder.
pub const FILE_NAME: &str = "sent.jsonl";

impl Ledger {
    /// Opens (or creates) an issue's ledger and reads what it holds. A torn
    /// last line (a crash mid-write) is ignored.
    pub fn open(dir: &Path) -> Result<(Ledger, Vec<Entry>), DeliverError> {
        let path = dir.join(FILE_NAME);
        let entries = read(&path)?;
        Ok((Ledger(JsonLines::open(path)?), entries))
    }

    /// Appends one entry and waits until it is on disk.
    pub fn append(&self, entry: &Entry) -> Result<(), DeliverError> {
        self.0.append(entry)
    }
}

/// An append-only file of JSON lines, each synced before `append` returns:
/// the send ledger and the schedule's journal.
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
            message: e.to_string(),
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
        let error = |message: String| DeliverError::Ledger {
            path: self.path.clone(),
            message,
        };
        let mut line = serde_json::to_string(value).map_err(|e| error(e.to_string()))?;
        line.push('\n');
        (&self.file)
            .write_all(line.as_bytes())
            .and_then(|()| self.file.sync_data())
            .map_err(|e| error(e.to_string()))
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

/// Every entry of a ledger file (none if there is no file yet).
pub fn read(path: &Path) -> Result<Vec<Entry>, DeliverError> {
    read_json_lines(path)
}

/// Every line of a JSON-lines file that parses (none if there is no file
/// yet); a torn or foreign line is skipped.
pub(crate) fn read_json_lines<T: DeserializeOwned>(path: &Path) -> Result<Vec<T>, DeliverError> {
    let file = match File::open(path) {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => {
            return Err(DeliverError::Ledger {
                path: path.into(),
                message: e.to_string(),
            })
        }
    };
    Ok(BufReader::new(file)
        .lines()
        .map_while(Result::ok)
        .filter_map(|line| serde_json::from_str(&line).ok())
        .collect())
}

/// The recipients (lower-cased) a message was accepted or rejected for:
/// nobody in it is sent to again.
pub fn settled(entries: &[Entry]) -> HashSet<String> {
    entries
        .iter()
        .filter(|e| e.outcome != Outcome::Deferred)
        .map(|e| e.recipient.to_lowercase())
        .collect()
}

/// Holds an issue's send lock until dropped.
pub struct Lock {
    path: PathBuf,
}

impl Lock {
    /// Takes the lock, or says who holds it. A lock left by a process
    /// that no longer runs (killed, machine restarted) is taken over.
    pub fn take(dir: &Path) -> Result<Lock, DeliverError> {
        Lock::at(dir.join("send.lock"))
    }

    /// Takes the lock file `path` (see [`Lock::take`]).
    pub fn at(path: PathBuf) -> Result<Lock, DeliverError> {
        for _ in 0..2 {
            match OpenOptions::new().write(true).create_new(true).open(&path) {
                Ok(mut file) => {
                    let _ = writeln!(file, "{}", std::process::id());
                    let _ = file.sync_all();
                    return Ok(Lock { path });
                }
                Err(_) => {
                    let holder = std::fs::read_to_string(&path)
                        .unwrap_or_default()
                        .trim()
                        .to_string();
                    if is_running(&holder) {
                        return Err(DeliverError::Locked { path, holder });
                    }
                    let _ = std::fs::remove_file(&path);
                }
            }
        }
        Err(DeliverError::Locked {
            path,
            holder: "unknown".into(),
        })
    }
}

/// Whether a process id names a running process (Linux: `/proc/<pid>`;
/// elsewhere a lock is always taken as held).
fn is_running(pid: &str) -> bool {
    if pid.is_empty() || !pid.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    if !Path::new("/proc/self").exists() {
        return true;
    }
    Path::new("/proc").join(pid).exists()
}

impl Drop for Lock {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}
