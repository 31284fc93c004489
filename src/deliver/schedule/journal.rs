//! The schedule's own journal per issue (`schedule.jsonl`): which test
//! sends and thread deliveries were done or failed. Email outcomes live in
//! the send ledger (`sent.jsonl`), per recipient.

use std::fs::OpenOptions;
use std::io::{BufRead, BufReader, Write};
use std::path::Path;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::deliver::DeliverError;

/// The journal's file name in an issue folder.
pub const FILE_NAME: &str = "schedule.jsonl";

/// One channel's outcome.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Record {
    /// `test` or `threads:<platform>`.
    pub channel: String,
    /// Whether it went out.
    pub done: bool,
    /// What happened (a reply, a file written, an error).
    pub detail: String,
    /// When.
    pub time: DateTime<Utc>,
}

/// Every record of an issue's journal (none if there is none yet).
pub fn read(dir: &Path) -> Vec<Record> {
    let Ok(file) = std::fs::File::open(dir.join(FILE_NAME)) else {
        return Vec::new();
    };
    BufReader::new(file)
        .lines()
        .map_while(Result::ok)
        .filter_map(|line| serde_json::from_str(&line).ok())
        .collect()
}

/// Whether `channel` went out.
pub fn done(records: &[Record], channel: &str) -> bool {
    records.iter().any(|r| r.channel == channel && r.done)
}

/// Appends a record and waits until it is on disk.
pub fn append(dir: &Path, record: &Record) -> Result<(), DeliverError> {
    let path = dir.join(FILE_NAME);
    let error = |e: std::io::Error| DeliverError::Ledger {
        path: path.clone(),
        message: e.to_string(),
    };
    let mut line = serde_json::to_string(record).map_err(|e| DeliverError::Ledger {
        path: path.clone(),
        message: e.to_string(),
    })?;
    line.push('\n');
    let mut file = OpenOptions::new()
        .create(true)
        .append(true)
        .read(true)
        .open(&path)
        .map_err(error)?;
    if crate::deliver::ledger::ends_mid_line(&mut file).map_err(error)? {
        line.insert(0, '\n'); // a line torn by a crash is ended first
    }
    file.write_all(line.as_bytes()).map_err(error)?;
    file.sync_data().map_err(error)
}
