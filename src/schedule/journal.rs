//! The schedule's own journal per issue (`schedule.jsonl`): which test
//! sends and thread deliveries were done or failed. Email outcomes live in
//! the send ledger (`sent.jsonl`), per recipient.

use std::path::Path;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::channel::{Channel, Mark};
use crate::deliver::{ledger, DeliverError};
use crate::issue_dir::IssueDir;

/// One channel's outcome.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Record {
    /// The channel (`test`, `email`, `threads:<platform>`), or
    /// `missed:<channel>`.
    pub channel: Mark,
    /// Whether it went out.
    pub done: bool,
    /// What happened (a reply, a file written, an error).
    pub detail: String,
    /// When.
    pub time: DateTime<Utc>,
}

/// Every record of an issue's journal (none if there is none yet, or it
/// cannot be read: then every channel shows as not done).
pub(crate) fn read(dir: &Path) -> Vec<Record> {
    ledger::read_json_lines(&IssueDir::new(dir).journal())
        .map_or_else(|_| Vec::new(), |read| read.values)
}

/// Whether `channel` went out.
pub(crate) fn done(records: &[Record], channel: Channel) -> bool {
    records
        .iter()
        .any(|r| r.channel == Mark::Channel(channel) && r.done)
}

/// Whether `channel` was tried (done or failed).
pub(crate) fn tried(records: &[Record], channel: Channel) -> bool {
    records.iter().any(|r| r.channel == Mark::Channel(channel))
}

/// Appends a record and waits until it is on disk.
pub(crate) fn append(dir: &Path, record: &Record) -> Result<(), DeliverError> {
    ledger::JsonLines::open(IssueDir::new(dir).journal())?.append(record)
}
