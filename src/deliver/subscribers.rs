//! A subscriber list: a CSV with at least an `email` column (optional
//! `name`, `status`, any others for templates). Spreadsheet habits are
//! handled: a UTF-8 BOM, `;` separators, blank lines, stray spaces.
//! Invalid, duplicate and unsubscribed rows, and rows the message builder
//! would refuse, are skipped and reported.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use super::{message, DeliverError, ListProblem};

/// One reader to send to.
#[derive(Debug, Clone, PartialEq)]
pub struct Subscriber {
    /// Line in the file.
    pub line: u64,
    /// Address as written.
    pub email: String,
    /// Name ("" when none).
    pub name: String,
    /// The other columns.
    pub fields: BTreeMap<String, String>,
}

/// A row that will not be sent to, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Skipped {
    /// Line in the file.
    pub line: u64,
    /// The row's cells, as read.
    pub cells: Vec<String>,
    /// Why, as the skipped-rows CSV and `--dry-run` show it: text for
    /// the writer (a row's refusal is data, not an error that stops).
    pub reason: String,
}

/// A list, read.
#[derive(Debug, Clone, Default)]
pub struct List {
    /// The header, as read.
    pub header: Vec<String>,
    /// Readers to send to, in file order.
    pub subscribers: Vec<Subscriber>,
    /// Rows left out.
    pub skipped: Vec<Skipped>,
}

/// The list's separator: `;` when the header has more of them than commas
/// (spreadsheets in many locales), else `,`.
pub fn delimiter(text: &str) -> u8 {
    let first = text
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or_default();
    if first.matches(';').count() > first.matches(',').count() {
        b';'
    } else {
        b','
    }
}

/// Reads a list.
pub fn read(path: &Path) -> Result<List, DeliverError> {
    let at = |line: u64, column: u64, problem: ListProblem| DeliverError::List {
        path: path.into(),
        line,
        column,
        problem,
    };
    let error = |problem: ListProblem| at(1, 1, problem);
    let bytes = std::fs::read(path).map_err(|source| {
        let fix = "; check the path and its permissions";
        error(ListProblem::Read { source, fix })
    })?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let (line, column) = line_column(e.as_bytes(), e.utf8_error().valid_up_to());
        at(line, column, ListProblem::NotUtf8)
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let delimiter = delimiter(text);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .map_err(|source| {
            let fix = "; fix the header row";
            error(ListProblem::Csv { source, fix })
        })?
        .iter()
        .map(|h| h.to_lowercase())
        .collect();
    let column = |name: &str| header.iter().position(|h| h == name);
    let email_at =
        column("email").ok_or_else(|| error(ListProblem::NoEmailColumn { fix: "; add one" }))?;
    let (name_at, status_at) = (column("name"), column("status"));
    let mut list = List {
        header: header.clone(),
        ..List::default()
    };
    let mut seen: HashMap<String, u64> = HashMap::new();
    // Line numbers counted from the text (the reader's own count skips
    // blank lines), carried forward from record to record.
    let (mut counted_to, mut newlines) = (0usize, 0u64);
    for record in reader.records() {
        let record = record.map_err(|source| {
            let line = source.position().map_or(1, csv::Position::line);
            at(
                line,
                1,
                ListProblem::Csv {
                    source,
                    fix: "; fix the row",
                },
            )
        })?;
        let line = record.position().map_or(0, |p| {
            let at = (p.byte() as usize).min(text.len());
            // A record's position can be the blank lines before it.
            let blank = text[at..].len() - text[at..].trim_start_matches(['\r', '\n']).len();
            let start = (at + blank).max(counted_to);
            newlines +=
                memchr::memchr_iter(b'\n', &text.as_bytes()[counted_to..start]).count() as u64;
            counted_to = start;
            1 + newlines
        });
        let cells: Vec<String> = record.iter().map(str::to_string).collect();
        if cells.iter().all(|c| c.is_empty()) {
            continue;
        }
        let cell = |at: Option<usize>| at.and_then(|i| cells.get(i)).cloned().unwrap_or_default();
        let email = cell(Some(email_at));
        let skip = |reason: String| Skipped {
            line,
            cells: cells.clone(),
            reason,
        };
        let name = cell(name_at);
        if email.parse::<lettre::Address>().is_err() {
            list.skipped
                .push(skip(format!("invalid address `{email}`")));
        } else if let Some(reason) = refusal(&email, &name) {
            list.skipped.push(skip(reason));
        } else if cell(status_at).eq_ignore_ascii_case("unsubscribed") {
            list.skipped.push(skip("unsubscribed".into()));
        } else if let Some(first) = seen.get(&email.to_lowercase()) {
            list.skipped
                .push(skip(format!("duplicate of line {first}")));
        } else {
            seen.insert(email.to_lowercase(), line);
            let fields = header
                .iter()
                .enumerate()
                .filter(|(i, _)| {
                    Some(*i) != Some(email_at) && Some(*i) != name_at && Some(*i) != status_at
                })
                .map(|(i, h)| (h.clone(), cells.get(i).cloned().unwrap_or_default()))
                .collect();
            list.subscribers.push(Subscriber {
                line,
                email,
                name,
                fields,
            });
        }
    }
    Ok(list)
}

/// Why the message builder would refuse this reader, if it would: the
/// list is checked with the builder's own [`message::reader_mailbox`], so
/// a row that passes here never stops a send.
fn refusal(email: &str, name: &str) -> Option<String> {
    match message::reader_mailbox(email, name) {
        Ok(_) => None,
        Err(DeliverError::Address { source, .. }) => Some(format!(
            "invalid address `{email}` for sending ({source}): quoted local parts with \
             spaces and [IP] domains cannot be sent to"
        )),
        Err(e) => Some(e.to_string()),
    }
}

/// The 1-based line and column (in characters) of byte `offset` of `bytes`.
fn line_column(bytes: &[u8], offset: usize) -> (u64, u64) {
    let before = &bytes[..offset.min(bytes.len())];
    let start = memchr::memrchr(b'\n', before).map_or(0, |n| n + 1);
    let line = memchr::memchr_iter(b'\n', before).count() as u64 + 1;
    let column = String::from_utf8_lossy(&before[start..]).chars().count() as u64 + 1;
    (line, column)
}

/// The skipped rows as a CSV to fix and re-import: `line,reason` then the
/// list's own columns.
pub fn skipped_csv(list: &List) -> Result<Vec<u8>, csv::Error> {
    let mut writer = csv::WriterBuilder::new()
        .flexible(true)
        .from_writer(Vec::new());
    let mut header = vec!["line".to_string(), "reason".to_string()];
    header.extend(list.header.iter().cloned());
    writer.write_record(&header)?;
    for row in &list.skipped {
        let mut record = vec![row.line.to_string(), row.reason.clone()];
        record.extend(row.cells.iter().cloned());
        writer.write_record(&record)?;
    }
    writer
        .into_inner()
        .map_err(|e| csv::Error::from(e.into_error()))
}
