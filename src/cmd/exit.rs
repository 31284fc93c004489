//! How a run ends: the exit code every command returns, decided here and
//! nowhere else (`docs/exit-codes.md` is its table), and the causes of an
//! error worth printing under it.

use std::process::ExitCode;

/// What a command's run came to. Every `execute` returns one; an error
/// returned instead is [`Exit::Stopped`] (`main.rs`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// 0: done. Warnings (a skipped dump line, a Markdown file without
    /// front matter) do not change it.
    Done,
    /// 1: done, but part of the work failed and the rest was done: a file
    /// that could not be used (`ingest`, `dedupe`, `plan`, `build`), a test
    /// address or reader that failed (`send`), a token that matched no row
    /// (`unsubscribe`), a due channel that failed (`schedule run`), an
    /// issue with errors (`check`); or, for `send --list`, the confirmation
    /// answered no (nothing sent).
    PartlyFailed,
    /// 2: stopped with an error (`error: …` on stderr). clap's own usage
    /// errors (a wrong command line) exit with the same number.
    Stopped,
}

impl Exit {
    /// The process exit code.
    pub fn code(self) -> u8 {
        match self {
            Exit::Done => 0,
            Exit::PartlyFailed => 1,
            Exit::Stopped => 2,
        }
    }

    /// [`Exit::PartlyFailed`] when `failed`, else [`Exit::Done`].
    pub fn failed_if(failed: bool) -> Exit {
        if failed {
            Exit::PartlyFailed
        } else {
            Exit::Done
        }
    }
}

impl From<Exit> for ExitCode {
    fn from(exit: Exit) -> ExitCode {
        ExitCode::from(exit.code())
    }
}

/// The causes of `error` to print under its message: those the message
/// does not already tell.
///
/// letterpress's errors write their cause's text into their own message
/// (`cannot read: No such file or directory (os error 2); check …`), so
/// that it reads as one sentence with the fix after it, and keep the cause
/// as their `source()` for code that inspects it. Printing such a cause
/// again as `caused by:` would only repeat it, so a cause is left out when
/// its text — or its debug form, which a few messages show because the
/// error's own text says too little (a DKIM key's "rsa decode error") — is
/// already in what is printed. A cause that adds something (the reason
/// under an `anyhow` context at the command edge) is printed.
pub fn untold_causes(error: &anyhow::Error) -> Vec<String> {
    let mut told = error.to_string();
    let mut causes = Vec::new();
    for cause in error.chain().skip(1) {
        let text = cause.to_string();
        if told.contains(&text) || told.contains(&format!("{cause:?}")) {
            continue;
        }
        told.push('\n');
        told.push_str(&text);
        causes.push(text);
    }
    causes
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The codes of `docs/exit-codes.md`'s first table, in order.
    fn documented_codes() -> Vec<u8> {
        include_str!("../../docs/exit-codes.md")
            .lines()
            .skip_while(|line| !line.starts_with("| code |"))
            .skip(2)
            .take_while(|line| line.starts_with('|'))
            .filter_map(|line| line.split('|').nth(1))
            .filter_map(|cell| cell.trim().trim_matches('*').parse().ok())
            .collect()
    }

    #[test]
    fn the_documented_exit_codes_are_the_enums() {
        let codes: Vec<u8> = [Exit::Done, Exit::PartlyFailed, Exit::Stopped]
            .into_iter()
            .map(Exit::code)
            .collect();
        assert_eq!(documented_codes(), codes);
    }

    #[test]
    fn a_cause_already_in_the_message_is_not_told_again() {
        let io = std::io::Error::new(std::io::ErrorKind::NotFound, "no such file");
        let told = crate::fsutil::FsError {
            action: "cannot read",
            path: "x".into(),
            source: io,
        };
        assert!(untold_causes(&anyhow::Error::new(told)).is_empty());
        let context = anyhow::Error::new(std::io::Error::other("the reason")).context("what");
        assert_eq!(untold_causes(&context), ["the reason"]);
    }
}
