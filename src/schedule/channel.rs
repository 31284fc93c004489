//! The channels an entry goes out on — test copies, the list send, one
//! thread draft per platform — and the journal's marks for them. Both are
//! written as the strings `schedule.jsonl` and `schedule status --json`
//! have always held: `test`, `email`, `threads:<platform>`, and
//! `missed:<channel>`.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::render::threads::Platform;

/// One way an entry goes out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(into = "String", try_from = "String")]
pub enum Channel {
    /// Test copies to the entry's test addresses (`test`).
    Test,
    /// The list send (`email`).
    Email,
    /// The thread draft for one platform (`threads:<platform>`).
    Threads(Platform),
}

impl Channel {
    /// Whether the channel sends mail (test copies or the list).
    pub fn mails(self) -> bool {
        matches!(self, Channel::Test | Channel::Email)
    }
}

impl fmt::Display for Channel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Channel::Test => f.write_str("test"),
            Channel::Email => f.write_str("email"),
            Channel::Threads(platform) => write!(f, "threads:{}", platform.as_str()),
        }
    }
}

/// A string that names no channel.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown channel {0}")]
pub struct UnknownChannel(pub String);

impl std::str::FromStr for Channel {
    type Err = UnknownChannel;

    /// Exactly the strings [`Channel`]'s `Display` writes.
    fn from_str(text: &str) -> Result<Channel, UnknownChannel> {
        match text {
            "test" => Ok(Channel::Test),
            "email" => Ok(Channel::Email),
            _ => text
                .strip_prefix("threads:")
                .and_then(|name| Platform::ALL.into_iter().find(|p| p.as_str() == name))
                .map(Channel::Threads)
                .ok_or_else(|| UnknownChannel(text.to_string())),
        }
    }
}

impl From<Channel> for String {
    fn from(channel: Channel) -> String {
        channel.to_string()
    }
}

impl TryFrom<String> for Channel {
    type Error = UnknownChannel;

    fn try_from(text: String) -> Result<Channel, UnknownChannel> {
        text.parse()
    }
}

/// What a journal line is about: a channel done (or tried), or a channel
/// missed by more than the grace period and warned about once.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(into = "String", try_from = "String")]
pub enum Mark {
    /// The channel was done, or tried (`<channel>`).
    Channel(Channel),
    /// The channel was missed and left for the writer (`missed:<channel>`).
    Missed(Channel),
}

impl fmt::Display for Mark {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Mark::Channel(channel) => channel.fmt(f),
            Mark::Missed(channel) => write!(f, "missed:{channel}"),
        }
    }
}

impl From<Mark> for String {
    fn from(mark: Mark) -> String {
        mark.to_string()
    }
}

impl TryFrom<String> for Mark {
    type Error = UnknownChannel;

    fn try_from(text: String) -> Result<Mark, UnknownChannel> {
        match text.strip_prefix("missed:") {
            Some(channel) => channel.parse().map(Mark::Missed),
            None => text.parse().map(Mark::Channel),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn channels_and_marks_are_written_as_the_journal_always_held_them() {
        let cases = [
            (Mark::Channel(Channel::Test), "test"),
            (Mark::Channel(Channel::Email), "email"),
            (Mark::Channel(Channel::Threads(Platform::X)), "threads:x"),
            (
                Mark::Missed(Channel::Threads(Platform::Linkedin)),
                "missed:threads:linkedin",
            ),
            (Mark::Missed(Channel::Email), "missed:email"),
        ];
        for (mark, text) in cases {
            assert_eq!(
                serde_json::to_string(&mark).expect("json"),
                format!("\"{text}\"")
            );
            let back: Mark = serde_json::from_str(&format!("\"{text}\"")).expect("parse");
            assert_eq!(back, mark);
        }
        assert!("threads:X".parse::<Channel>().is_err());
        assert!("sms".parse::<Channel>().is_err());
    }
}
