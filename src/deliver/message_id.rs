//! Message-IDs in the sender's domain (`<hex@example.com>`), not lettre's
//! default of the machine's host name, which says nothing about the sender
//! and leaks the host's name (`@vm`) to every reader.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use lettre::message::Mailbox;
use sha2::{Digest, Sha256};

/// Distinguishes ids made in the same nanosecond by one process.
static COUNTER: AtomicU64 = AtomicU64::new(0);

/// A new, unique `<…@domain>` id for a message from `from` to `to`: the
/// hash of the time, the process, a counter and the recipient.
pub fn new(from: &Mailbox, to: &str) -> String {
    // Uniqueness only: a clock that goes back is still told apart by the
    // process id and the counter.
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let mut hash = Sha256::new();
    hash.update(nanos.to_le_bytes());
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
        let a = new(&from, "ada@example.com");
        let b = new(&from, "ada@example.com");
        assert!(
            a.starts_with('<') && a.ends_with("@letters.example.org>"),
            "{a}"
        );
        assert_eq!(a.len(), "<@letters.example.org>".len() + 32);
        assert_ne!(a, b);
    }
}
