//! Values that parse but cannot be meant: no connections or a hundred
//! thousand, a negative rate or wait. Each is refused at its line and
//! column, with the range that works, before anything is sent.

use std::path::Path;

use super::{Settings, SettingsError, SettingsProblem};

/// At most this many SMTP connections at once.
pub const MAX_CONNECTIONS: usize = 64;

/// The longest wait a setting may ask for, in seconds (an hour).
const MAX_WAIT: f64 = 3600.0;

/// The first value out of range, located in `text`.
pub(super) fn check(settings: &Settings, path: &Path, text: &str) -> Result<(), SettingsError> {
    let send = &settings.send;
    let threads = &settings.threads;
    let waits = |values: &[f64]| values.iter().all(|&v| within(v, 0.0, MAX_WAIT));
    let checks = [
        (
            (1..=MAX_CONNECTIONS).contains(&send.connections),
            "send",
            "connections",
            format!("use 1 to {MAX_CONNECTIONS}"),
        ),
        (
            // Slower than one an hour is not a rate but a mistake (and 1e-20
            // made a wait no clock can hold).
            send.rate.is_none_or(|r| within(r, 1.0 / MAX_WAIT, 1e6)),
            "send",
            "rate",
            "give messages a second from 0.0003 (one an hour) to 1000000, or leave it out".into(),
        ),
        (
            waits(&send.retry_delays) && send.retry_delays.len() <= 20,
            "send",
            "retry_delays",
            "give at most 20 waits, each 0 to 3600 seconds".into(),
        ),
        (
            within(send.outage_window, 0.0, MAX_WAIT),
            "send",
            "outage_window",
            "give 0 to 3600 seconds".into(),
        ),
        (
            within(send.message_timeout, 1.0, MAX_WAIT),
            "send",
            "message_timeout",
            "give 1 to 3600 seconds".into(),
        ),
        (
            within(threads.webhook_timeout, 0.1, MAX_WAIT),
            "threads",
            "webhook_timeout",
            "give 0.1 to 3600 seconds".into(),
        ),
        (
            waits(&threads.webhook_retry_delays) && threads.webhook_retry_delays.len() <= 20,
            "threads",
            "webhook_retry_delays",
            "give at most 20 waits, each 0 to 3600 seconds".into(),
        ),
    ];
    let Some((_, section, key, fix)) = checks.into_iter().find(|(ok, ..)| !ok) else {
        return Ok(());
    };
    let (line, column) = locate(text, section, key);
    Err(SettingsError {
        path: path.into(),
        line,
        column,
        problem: SettingsProblem::OutOfRange { section, key, fix },
    })
}

fn within(value: f64, low: f64, high: f64) -> bool {
    value.is_finite() && (low..=high).contains(&value)
}

/// Line and column (1-based) of `key:`'s value in the top-level block
/// `section:`; the file's start when not found.
fn locate(text: &str, section: &str, key: &str) -> (usize, usize) {
    let lines: Vec<&str> = text.lines().collect();
    let Some(start) = lines
        .iter()
        .position(|l| l.trim_end() == format!("{section}:"))
    else {
        return (1, 1);
    };
    lines[start + 1..]
        .iter()
        .take_while(|l| l.is_empty() || l.starts_with([' ', '#']))
        .position(|l| l.trim_start().starts_with(&format!("{key}:")))
        .map_or((1, 1), |n| {
            let line = lines[start + 1 + n];
            let indent = line.len() - line.trim_start().len();
            (start + n + 2, indent + key.len() + 3)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(text: &str) -> String {
        match Settings::parse(Path::new("letterpress.yaml"), text) {
            Ok(_) => format!("accepted: {text}"),
            Err(e) => e.to_string(),
        }
    }

    #[test]
    fn nonsense_values_are_refused_at_their_line() {
        for (text, expected) in [
            (
                "send:\n  connections: 0\n",
                "letterpress.yaml:2:16: send.connections is out of range; use 1 to 64",
            ),
            (
                "send:\n  from: a@b.c\n  connections: 100000\n",
                "letterpress.yaml:3:16: send.connections",
            ),
            (
                "send:\n  rate: -1\n",
                "letterpress.yaml:2:9: send.rate is out of range",
            ),
            ("send:\n  rate: .nan\n", "letterpress.yaml:2:9: send.rate"),
            (
                "send:\n  rate: 1e-20\n",
                "letterpress.yaml:2:9: send.rate is out of range; give messages a second from 0.0003 (one an hour) to 1000000, or leave it out",
            ),
            (
                "send:\n  retry_delays: [1, -2]\n",
                "letterpress.yaml:2:17: send.retry_delays",
            ),
            (
                "send:\n  outage_window: 1e300\n",
                "letterpress.yaml:2:18: send.outage_window",
            ),
            (
                "threads:\n  webhook_timeout: -1\n",
                "letterpress.yaml:2:20: threads.webhook_timeout",
            ),
        ] {
            assert!(error(text).starts_with(expected), "{text}: {}", error(text));
        }
    }

    #[test]
    fn sensible_values_pass() {
        let text =
            "send:\n  connections: 64\n  rate: 0.5\n  retry_delays: []\n  outage_window: 0\n";
        assert!(Settings::parse(Path::new("x"), text).is_ok());
        assert!(Settings::parse(Path::new("x"), "send:\n  connections: 1\n").is_ok());
    }
}
