//! Closing the loop on unsubscribe links: tokens (or plain addresses) in,
//! the list's matching rows marked `unsubscribed`, the CSV rewritten
//! atomically, so the next send skips them.

use std::path::Path;

use super::{message, DeliverError, ListProblem};
use crate::fsutil;

/// What an unsubscribe run found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Unsubscribed {
    /// Addresses newly marked.
    pub marked: Vec<String>,
    /// Tokens or addresses that matched no row.
    pub unknown: Vec<String>,
}

/// The secret that signs unsubscribe tokens, from the environment variable
/// `variable`: refused when unset or empty (an empty key signs links anyone
/// can make).
pub fn secret(variable: &str) -> Result<String, DeliverError> {
    match std::env::var(variable) {
        Ok(secret) if secret.trim().is_empty() => Err(DeliverError::EmptySecret(variable.into())),
        Ok(secret) => Ok(secret),
        Err(_) => Err(DeliverError::NoSecret(variable.into())),
    }
}

/// Marks the rows of `list` that `keys` (tokens or addresses) name. A
/// token counts when signed with `list_name` (the stable name, see
/// `send.list_name`) or with the list file's stem, as sends made before that
/// setting signed them.
///
/// A web handler runs one of these per request, many at once: the whole
/// read-modify-write holds an exclusive lock on `LIST.lock` beside the
/// list's real file (a symlink's target), so no run overwrites another's
/// marks. The rewrite keeps the file's mode, owner and symlink.
pub fn apply(
    list: &Path,
    list_name: &str,
    secret: &[u8],
    keys: &[String],
) -> Result<Unsubscribed, DeliverError> {
    let error = |problem: ListProblem| DeliverError::List {
        path: list.into(),
        line: 1,
        column: 1,
        problem,
    };
    let unreadable = |source| error(ListProblem::Read { source, fix: "" });
    let target = std::fs::canonicalize(list).map_err(unreadable)?;
    let _lock = fsutil::lock_beside(&target)?;
    let text = std::fs::read_to_string(&target).map_err(unreadable)?;
    let mut names = vec![list_name.to_string()];
    for path in [list, &target] {
        if let Some(stem) = path.file_stem().map(|s| s.to_string_lossy().into_owned()) {
            if !names.contains(&stem) {
                names.push(stem);
            }
        }
    }
    let (out, result) = mark(&text, &names, secret, keys).map_err(error)?;
    if !result.marked.is_empty() {
        fsutil::rewrite_atomic(&target, &out)?;
    }
    Ok(result)
}

/// The list's text with the rows `keys` name marked `unsubscribed` (a
/// `status` column added if missing), and what was marked.
fn mark(
    text: &str,
    names: &[String],
    secret: &[u8],
    keys: &[String],
) -> Result<(Vec<u8>, Unsubscribed), ListProblem> {
    let bad_csv = |source| ListProblem::Csv { source, fix: "" };
    let bom = text.starts_with('\u{feff}');
    let body = text.trim_start_matches('\u{feff}');
    let delimiter = super::subscribers::delimiter(body);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(body.as_bytes());
    let mut header: Vec<String> = reader
        .headers()
        .map_err(bad_csv)?
        .iter()
        .map(str::to_string)
        .collect();
    let find = |name: &str| {
        header
            .iter()
            .position(|h| h.trim().eq_ignore_ascii_case(name))
    };
    let email_at = find("email").ok_or(ListProblem::NoEmailColumn { fix: "" })?;
    let status_at = match find("status") {
        Some(at) => at,
        None => {
            header.push("status".into());
            header.len() - 1
        }
    };
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut result = Unsubscribed::default();
    let mut matched = vec![false; keys.len()];
    for record in reader.records() {
        let mut row: Vec<String> = record
            .map_err(bad_csv)?
            .iter()
            .map(str::to_string)
            .collect();
        row.resize(header.len().max(row.len()), String::new());
        let email = row[email_at].trim().to_string();
        let tokens: Vec<String> = names
            .iter()
            .map(|name| message::token(secret, name, &email))
            .collect();
        for (k, key) in keys.iter().enumerate() {
            let token = tokens.iter().any(|t| message::token_matches(t, key));
            if token || key.trim().eq_ignore_ascii_case(&email) {
                matched[k] = true;
                if !row[status_at].trim().eq_ignore_ascii_case("unsubscribed") {
                    row[status_at] = "unsubscribed".into();
                    result.marked.push(email.clone());
                }
            }
        }
        rows.push(row);
    }
    result.unknown = keys
        .iter()
        .zip(&matched)
        .filter(|(_, m)| !**m)
        .map(|(k, _)| k.clone())
        .collect();
    let mut writer = csv::WriterBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_writer(Vec::new());
    writer.write_record(&header).map_err(bad_csv)?;
    for row in &rows {
        writer.write_record(row).map_err(bad_csv)?;
    }
    let mut out = if bom {
        "\u{feff}".as_bytes().to_vec()
    } else {
        Vec::new()
    };
    let written = writer
        .into_inner()
        .map_err(|e| bad_csv(csv::Error::from(e.into_error())))?;
    out.extend(written);
    Ok((out, result))
}
