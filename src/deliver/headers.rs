//! What may go into a header the writer or a list controls (the subject, a
//! reader's name): no line break (it would write headers of its own), no
//! other control character, and not so long that one unbreakable run could
//! exceed SMTP's 998-character line limit once folded.

use super::DeliverError;

/// The longest subject: lettre folds at spaces, but a run without one
/// (a long URL) stays on one line, which must keep under 998 with the
/// `[TEST] ` prefix and the fold's leading space.
pub(crate) const MAX_SUBJECT: usize = 900;

/// The longest reader name (the `To:` line also holds the address).
pub(crate) const MAX_NAME: usize = 500;

/// Refuses `value` as the `what` header's text (`subject`, `name`) when it
/// breaks a line, holds a control character or is longer than `max`.
pub(crate) fn check(what: &'static str, value: &str, max: usize) -> Result<(), DeliverError> {
    let shown = || value.escape_debug().to_string();
    if value.contains(['\r', '\n']) {
        return Err(DeliverError::HeaderInjection {
            what,
            value: shown(),
        });
    }
    if value.chars().any(char::is_control) {
        return Err(DeliverError::ControlCharacter {
            what,
            value: shown(),
        });
    }
    let length = value.chars().count();
    if length > max {
        return Err(DeliverError::HeaderTooLong { what, length, max });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_breaks_control_characters_and_length_are_refused() {
        assert!(check("subject", "Week 16: caches", MAX_SUBJECT).is_ok());
        assert!(check("subject", &"é".repeat(MAX_SUBJECT), MAX_SUBJECT).is_ok());
        for bad in [
            "a\r\nBcc: x@example.com",
            "a\u{7}",
            "\u{1b}[31mred",
            "tab\there",
        ] {
            assert!(check("subject", bad, MAX_SUBJECT).is_err(), "{bad:?}");
        }
        assert!(matches!(
            check("subject", &"a".repeat(MAX_SUBJECT + 1), MAX_SUBJECT),
            Err(DeliverError::HeaderTooLong { length: 901, .. })
        ));
    }
}
