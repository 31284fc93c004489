//! Message-IDs in the sender's domain (`<hex@example.com>`), not lettre's
//! default of the machine's host name, which says nothing about the sender
//! and leaks the host's name (`@vm`) to every reader.

use std::hash::BuildHasher;
use std::sync::atomic::{AtomicU64, Ordering};

use chrono::{DateTime, Utc};

use lettre::message::Mailbox;
use sha2::{Digest, Sha256};

/// Distinguishes ids made in the same nanosecond by one process.
static COUNTER: AtomicU64 = AtomicU64::new(0);

/// A new, unique `<…@domain>` id for a message from `from` to `to` at
/// `now`: the hash of the time, the process, a counter, a per-call random
/// value and the recipient.
pub(crate) fn new(from: &Mailbox, to: &str, now: DateTime<Utc>) -> String {
    // Uniqueness only: a clock that goes back (or a fixed one, `--now`) is
    // still told apart by the process id, the counter and the random value
    // (std's per-process random hash keys, new for every `RandomState`).
    let nanos = now.timestamp_nanos_opt().unwrap_or_default();
    let random = std::collections::hash_map::RandomState::new().hash_one(to);
    let mut hash = Sha256::new();
    hash.update(nanos.to_le_bytes());
    hash.update(random.to_le_bytes());
    hash.update(std::process::id().to_le_bytes());
    hash.update(COUNTER.fetch_add(1, Ordering::Relaxed).to_le_bytes());
    hash.update(to.as_bytes());
    let unique: String = hash.finalize()[..16]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    format!("<{unique}@{}>", from.email.domain())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_in_the_senders_domain_and_unique() {
        let from: Mailbox = "News <news@letters.example.org>".parse().expect("from");
        // The same instant twice, as a fixed clock gives it.
        let now = DateTime::from_timestamp(1_800_000_000, 0).expect("time");
        let a = new(&from, "ada@example.com", now);
        let b = new(&from, "ada@example.com", now);
        assert!(
            a.starts_with('<') && a.ends_with("@letters.example.org>"),
            "{a}"
        );
        assert_eq!(a.len(), "<@letters.example.org>".len() + 32);
        assert_ne!(a, b);
    }
}
