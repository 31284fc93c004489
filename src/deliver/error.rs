//! Why sending stopped ([`DeliverError`]), and what is wrong with the
//! subscriber list, the ledger, the DKIM key or the SMTP URL — each
//! keeping the underlying error (io, CSV, JSON, lettre's) as its source.

use std::path::PathBuf;

use super::health;

/// Why sending stopped.
#[derive(Debug, thiserror::Error)]
pub enum DeliverError {
    /// A subject or name would have written headers of its own.
    #[error("refusing to send: the {what} {value} contains a line break; remove it")]
    HeaderInjection {
        /// Which header.
        what: &'static str,
        /// The value.
        value: String,
    },
    /// A name holds a control character that has no place in a header.
    #[error("refusing to send: the {what} {value} contains a control character; remove it")]
    ControlCharacter {
        /// Which header.
        what: &'static str,
        /// The value, escaped.
        value: String,
    },
    /// A subject or name too long for a header line.
    #[error(
        "refusing to send: the {what} is {length} characters long; shorten it to at most {max}"
    )]
    HeaderTooLong {
        /// Which header.
        what: &'static str,
        /// Its length, in characters.
        length: usize,
        /// The most allowed.
        max: usize,
    },
    /// An address does not parse.
    #[error(
        "`{address}` is not an email address ({source}); fix it in letterpress.yaml or the list"
    )]
    Address {
        /// The address.
        address: String,
        /// lettre's reason.
        #[source]
        source: lettre::address::AddressError,
    },
    /// The message could not be assembled.
    #[error("cannot build the message: {0}")]
    Build(#[source] lettre::error::Error),
    /// The SMTP URL is unusable.
    #[error("SMTP URL `{url}`: {problem}; use smtp://host:port, smtps://host or smtp://host?tls=required")]
    SmtpUrl {
        /// The URL (without password).
        url: String,
        /// What is wrong with it.
        #[source]
        problem: SmtpUrlProblem,
    },
    /// The subscriber list cannot be used.
    #[error("{}:{line}:{column}: {problem}", path.display())]
    List {
        /// The list.
        path: PathBuf,
        /// 1-based line (1 when it is the whole file).
        line: u64,
        /// 1-based column.
        column: u64,
        /// What is wrong with it.
        #[source]
        problem: ListProblem,
    },
    /// The ledger (or a lock beside it) cannot be read or written.
    #[error("{}: {problem}; nothing more is sent until the ledger can be written", path.display())]
    Ledger {
        /// The ledger, or the lock file.
        path: PathBuf,
        /// What failed.
        #[source]
        problem: LedgerProblem,
    },
    /// Another send of the issue is running.
    #[error("{}: another letterpress send or schedule run holds this lock (process {holder}); wait for it to finish and run again", path.display())]
    Locked {
        /// The lock file.
        path: PathBuf,
        /// Its process id.
        holder: String,
    },
    /// The DKIM key cannot be used.
    #[error("DKIM key {}: {problem}; give send.dkim.key_file a PKCS#1 PEM RSA key (or the base64 seed of an ed25519 key)", path.display())]
    Dkim {
        /// The key file.
        path: PathBuf,
        /// What is wrong with it.
        #[source]
        problem: DkimProblem,
    },
    /// The SMTP server refuses everyone: the connection, the login, the
    /// sender, or readers in a row; or an outage outlasted the window.
    #[error("the SMTP server cannot be used: {0}; nothing more was sent — fix the server or the settings (send.smtp_url, the password variable) and run again: the ledger keeps who already has it")]
    Server(#[source] health::Stop),
    /// The unsubscribe secret is not set.
    #[error("environment variable {0} is not set: it holds the secret that signs unsubscribe links; set it (any long random string) and keep it")]
    NoSecret(String),
    /// The unsubscribe secret is empty (or only spaces).
    #[error("environment variable {0} is empty: it holds the secret that signs unsubscribe links, and an empty one lets anyone make them; set it to a long random string (the one earlier sends used, or their links stop working)")]
    EmptySecret(String),
    /// Rendering for a reader failed.
    #[error(transparent)]
    Render(#[from] crate::render::RenderError),
    /// Writing a file failed.
    #[error(transparent)]
    Io(#[from] crate::fsutil::FsError),
}

/// What is wrong with a subscriber list. `fix`, when not empty, is what to
/// do, after `; ` (a send says it; an unsubscribe run leaves it out).
#[derive(Debug, thiserror::Error)]
pub enum ListProblem {
    /// The file cannot be read.
    #[error("cannot read: {source}{fix}")]
    Read {
        /// Why.
        #[source]
        source: std::io::Error,
        /// What to do.
        fix: &'static str,
    },
    /// The CSV does not parse: the header or a row.
    #[error("{source}{fix}")]
    Csv {
        /// The CSV reader's error.
        #[source]
        source: csv::Error,
        /// What to do.
        fix: &'static str,
    },
    /// The file is not UTF-8.
    #[error("not UTF-8 text; save the list as CSV UTF-8")]
    NotUtf8,
    /// The header has no `email` column.
    #[error("no `email` column in the header{fix}")]
    NoEmailColumn {
        /// What to do.
        fix: &'static str,
    },
}

/// What failed with the ledger or a lock.
#[derive(Debug, thiserror::Error)]
pub enum LedgerProblem {
    /// Opening, reading, writing or syncing it.
    #[error("{0}")]
    Io(#[source] std::io::Error),
    /// An entry that cannot be written as JSON.
    #[error("{0}")]
    Json(#[source] serde_json::Error),
    /// Taking a lock file.
    #[error("cannot take the lock: {0}")]
    Lock(#[source] std::io::Error),
}

/// What is wrong with the DKIM key.
#[derive(Debug, thiserror::Error)]
pub enum DkimProblem {
    /// The key file cannot be read.
    #[error("{0}")]
    Read(#[source] std::io::Error),
    /// `send.dkim.algorithm` is neither `rsa` nor `ed25519`.
    #[error("unknown algorithm `{0}`")]
    Algorithm(String),
    /// The key does not parse. Shown in its debug form, which says what in
    /// the key is wrong (its own text says only "rsa decode error").
    #[error("{0:?}")]
    Key(#[source] lettre::message::dkim::DkimSigningKeyError),
}

/// What is wrong with the SMTP URL.
#[derive(Debug, thiserror::Error)]
pub enum SmtpUrlProblem {
    /// It does not parse as a URL.
    #[error("{0}")]
    Parse(#[source] url::ParseError),
    /// `?tls=` is neither `required` nor `opportunistic`.
    #[error("unknown tls mode `{0}`")]
    TlsMode(String),
    /// The scheme is neither `smtp` nor `smtps`.
    #[error("unknown scheme `{0}`")]
    Scheme(String),
    /// There is no host.
    #[error("no host")]
    NoHost,
}
