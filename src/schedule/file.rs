//! `schedule.yaml` as written by the writer: plain serde structs (unknown
//! keys refused), durations like `2h`, and a locator that finds the line
//! and column of an entry's key for errors found after parsing.

use std::path::PathBuf;
use std::time::Duration;

use serde::Deserialize;

use crate::render::threads::Platform;

/// The whole file.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct PlanFile {
    /// What every entry takes unless it says otherwise.
    pub defaults: Defaults,
    /// The sends, in any order.
    #[serde(default)]
    pub entries: Vec<EntryFile>,
}

/// The `defaults:` block.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct Defaults {
    /// An IANA zone name (`America/New_York`).
    pub time_zone: String,
    /// `HH:MM`, the time of an entry whose `send_at` is a date.
    #[serde(default = "default_send_time")]
    pub send_time: String,
    /// The subscriber CSV of entries that do not name one.
    pub list: Option<PathBuf>,
    /// Addresses that get a `[TEST]` copy before each send.
    #[serde(default)]
    pub test: Vec<String>,
    /// How long before the send the test copies go (`2h`, `30m`).
    #[serde(default = "default_test_lead")]
    pub test_lead: String,
    /// How late a missed send may still go out (`6h`); later, it is
    /// skipped with a warning and left for the writer.
    #[serde(default = "default_grace")]
    pub grace: String,
    /// Platforms whose thread drafts are due with each send.
    #[serde(default)]
    pub threads: Vec<Platform>,
}

fn default_send_time() -> String {
    "09:00".into()
}

fn default_test_lead() -> String {
    "2h".into()
}

fn default_grace() -> String {
    "6h".into()
}

/// One entry.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct EntryFile {
    /// An issue folder name (`2023-W16`) or `next`.
    pub issue: String,
    /// `2026-11-24`, `2026-11-24 09:30` or `2026-11-24 09:30 Europe/Berlin`.
    pub send_at: String,
    /// What goes out; omitted: email to the default list, test copies to
    /// the default addresses, the default thread platforms.
    pub channels: Option<Channels>,
}

/// An entry's `channels:`; a channel left out is not used.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct Channels {
    /// The subscriber CSV to send to (`default`: the default list).
    pub email: Option<PathBuf>,
    /// Test addresses, sent `test_lead` before the send.
    pub test: Option<Vec<String>>,
    /// Platforms whose thread drafts are delivered at the send time.
    pub threads: Option<Vec<Platform>>,
}

/// Reads `90s`, `30m`, `2h`, `1d` (or a sum: `1h30m`).
pub(crate) fn duration(text: &str) -> Option<Duration> {
    let mut total = 0u64;
    let mut number = String::new();
    for c in text.trim().chars() {
        if c.is_ascii_digit() {
            number.push(c);
            continue;
        }
        let unit = match c {
            's' => 1,
            'm' => 60,
            'h' => 3600,
            'd' => 86_400,
            _ => return None,
        };
        total = total.checked_add(number.parse::<u64>().ok()?.checked_mul(unit)?)?;
        number.clear();
    }
    (number.is_empty() && !text.trim().is_empty()).then(|| Duration::from_secs(total))
}

/// Line and column (1-based) of `key:` in entry `index` of `entries:`, or
/// of the entry itself, or of `key:` anywhere when `index` is `None`.
pub(crate) fn locate(text: &str, index: Option<usize>, key: &str) -> (usize, usize) {
    let lines: Vec<&str> = text.lines().collect();
    let find_key = |from: usize, to: usize| {
        (from..to).find_map(|n| {
            let line = lines[n];
            let body = line.trim_start().trim_start_matches("- ");
            body.starts_with(&format!("{key}:"))
                .then(|| (n + 1, line.len() - body.len() + key.len() + 3))
        })
    };
    let Some(index) = index else {
        return find_key(0, lines.len()).unwrap_or((1, 1));
    };
    let Some(start) = lines.iter().position(|l| l.trim_end() == "entries:") else {
        return (1, 1);
    };
    let items: Vec<usize> = (start + 1..lines.len())
        .filter(|&n| lines[n].trim_start().starts_with("- "))
        .filter(|&n| indent(lines[n]) == first_item_indent(&lines, start))
        .collect();
    let Some(&from) = items.get(index) else {
        return (start + 1, 1);
    };
    let to = items.get(index + 1).copied().unwrap_or(lines.len());
    find_key(from, to).unwrap_or((from + 1, indent(lines[from]) + 1))
}

fn indent(line: &str) -> usize {
    line.len() - line.trim_start().len()
}

fn first_item_indent(lines: &[&str], start: usize) -> usize {
    lines[start + 1..]
        .iter()
        .find(|l| l.trim_start().starts_with("- "))
        .map_or(0, |l| indent(l))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(duration("2h"), Some(Duration::from_secs(7200)));
        assert_eq!(duration("1h30m"), Some(Duration::from_secs(5400)));
        assert_eq!(duration("0s"), Some(Duration::ZERO));
        assert_eq!(duration("2"), None);
        assert_eq!(duration("2 hours"), None);
        assert_eq!(duration(""), None);
    }

    #[test]
    fn locates_keys_of_entries() {
        let text = "defaults:\n  time_zone: UTC\nentries:\n  - issue: a\n    send_at: x\n  - issue: b\n    send_at: y\n";
        assert_eq!(locate(text, Some(1), "send_at"), (7, 14));
        assert_eq!(locate(text, Some(0), "issue"), (4, 12));
        assert_eq!(locate(text, None, "time_zone"), (2, 14));
    }
}
