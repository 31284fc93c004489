//! Why a message did not go ([`Failure`]): its [`Kind`] — refused for
//! good, refused for now, or the connection lost, as lettre's errors answer
//! `is_permanent()` / `is_transient()` — where in the SMTP exchange it
//! happened ([`Stage`]), and what happened ([`Cause`]), lettre's error kept
//! as it is.

use std::time::Duration;

/// What kind of failure: whether trying again can help, and whether the
/// connection can carry another message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A 5xx reply (or an outbox that cannot be written): retrying will
    /// not help. The connection carries on.
    Permanent,
    /// A 4xx reply: the server refuses for now; a retry may go through.
    /// The connection carries on.
    Transient,
    /// No reply: the network failed, the server hung up, did not answer in
    /// time or answered nonsense. The connection cannot carry another
    /// message; a new one may.
    ConnectionLost,
}

/// Where in the SMTP exchange a message failed: a refusal of the sender or
/// of DATA concerns every message alike, a refusal of a recipient only that
/// reader.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Connecting, greeting, STARTTLS or AUTH.
    Connect,
    /// `MAIL FROM`.
    Mail,
    /// `RCPT TO`.
    Rcpt,
    /// The `DATA` command.
    Data,
    /// The reply after the message itself.
    Message,
}

/// What happened.
#[derive(Debug, thiserror::Error)]
pub enum Cause {
    /// lettre's SMTP error: the server's negative reply, or the failure of
    /// the connection, TLS or the login.
    #[error("{0}")]
    Smtp(#[source] lettre::transport::smtp::Error),
    /// The message could not be written to the outbox folder.
    #[error("{0}")]
    Outbox(#[source] lettre::transport::file::Error),
    /// The server's host name does not resolve.
    #[error("cannot resolve {host}: {source}")]
    Resolve {
        /// The host name.
        host: String,
        /// The resolver's error.
        #[source]
        source: std::io::Error,
    },
    /// The whole reply did not come within the deadline.
    #[error("no complete reply within {} s (send.message_timeout): the server is too slow; the connection was dropped", .deadline.as_secs_f64())]
    Timeout {
        /// `send.message_timeout`.
        deadline: Duration,
    },
    /// The connection's thread ended.
    #[error("the connection ended")]
    Ended,
    /// The message is 8-bit and the server cannot take that.
    #[error("the message is 8-bit and the server does not offer 8BITMIME")]
    NoEightBitMime,
}

/// Why a message did not go: the server's refusal or a broken connection.
/// Its text is the cause's (lettre's text for lettre's errors).
#[derive(Debug, thiserror::Error)]
#[error("{cause}")]
pub struct Failure {
    kind: Kind,
    stage: Stage,
    #[source]
    cause: Cause,
}

impl Failure {
    /// A failure of `kind` at `stage`.
    pub fn new(kind: Kind, stage: Stage, cause: Cause) -> Failure {
        Failure { kind, stage, cause }
    }

    /// The same failure, placed at `stage`.
    pub fn at(self, stage: Stage) -> Failure {
        Failure { stage, ..self }
    }

    /// Refused for good, retrying will not help.
    pub fn kind(&self) -> Kind {
        self.kind
    }

    /// Where it happened.
    pub fn stage(&self) -> Stage {
        self.stage
    }

    /// What happened.
    pub fn cause(&self) -> &Cause {
        &self.cause
    }

    /// A 5xx refusal: retrying will not help.
    pub fn is_permanent(&self) -> bool {
        self.kind == Kind::Permanent
    }

    /// A 4xx refusal: a retry may go through.
    pub fn is_transient(&self) -> bool {
        self.kind == Kind::Transient
    }

    /// The connection cannot carry another message (no reply code: the
    /// network failed or the server hung up).
    pub fn is_connection_lost(&self) -> bool {
        self.kind == Kind::ConnectionLost
    }

    /// It happened before any message: connecting, STARTTLS or AUTH — the
    /// server, not the reader, is the problem.
    pub fn during_connect(&self) -> bool {
        self.stage == Stage::Connect
    }

    /// The server's reply code, when it gave one.
    pub fn code(&self) -> Option<u16> {
        match &self.cause {
            Cause::Smtp(error) => error.status().map(u16::from),
            _ => None,
        }
    }
}

impl From<lettre::transport::smtp::Error> for Failure {
    /// lettre's error after the message: its kind as lettre tells it; an
    /// error that is neither permanent nor transient has no reply, so the
    /// connection is lost.
    fn from(error: lettre::transport::smtp::Error) -> Failure {
        let kind = if error.is_permanent() {
            Kind::Permanent
        } else if error.is_transient() {
            Kind::Transient
        } else {
            Kind::ConnectionLost
        };
        Failure::new(kind, Stage::Message, Cause::Smtp(error))
    }
}

/// Real lettre errors, from a real exchange with a scripted server on
/// loopback (lettre makes its reply errors only from a server's reply).
#[cfg(test)]
pub(crate) mod scripted {
    use std::io::{BufRead, BufReader, Write};
    use std::net::TcpListener;
    use std::time::Duration;

    use lettre::transport::smtp::client::SmtpConnection;
    use lettre::transport::smtp::commands::Mail;
    use lettre::transport::smtp::extension::ClientId;

    /// lettre's error for a server that answers `MAIL FROM` with the line
    /// `reply`, or hangs up when `reply` is empty.
    pub(crate) fn mail_error(reply: &str) -> lettre::transport::smtp::Error {
        let listener = TcpListener::bind("127.0.0.1:0").expect("listen");
        let address = listener.local_addr().expect("address");
        let reply = reply.to_string();
        let server = std::thread::spawn(move || {
            let (mut stream, _) = listener.accept().expect("accept");
            let mut lines = BufReader::new(stream.try_clone().expect("clone"));
            let mut line = String::new();
            stream.write_all(b"220 scripted\r\n").expect("greet");
            lines.read_line(&mut line).expect("EHLO");
            stream.write_all(b"250 scripted\r\n").expect("EHLO reply");
            lines.read_line(&mut line).expect("MAIL FROM");
            if !reply.is_empty() {
                stream
                    .write_all(format!("{reply}\r\n").as_bytes())
                    .expect("reply");
            }
        });
        let hello = ClientId::Domain("test".into());
        let timeout = Some(Duration::from_secs(30));
        let mut connection =
            SmtpConnection::connect(address, timeout, &hello, None, None).expect("connect");
        let error = connection
            .command(Mail::new(None, Vec::new()))
            .expect_err("the scripted reply is a refusal");
        server.join().expect("server");
        error
    }
}

#[cfg(test)]
mod tests {
    use super::scripted::mail_error;
    use super::*;

    #[test]
    fn a_5xx_reply_is_permanent_with_its_code_and_lettres_text() {
        let failure = Failure::from(mail_error("550 5.1.1 User unknown")).at(Stage::Rcpt);
        assert!(failure.is_permanent());
        assert!(!failure.is_transient() && !failure.is_connection_lost());
        assert_eq!((failure.code(), failure.stage()), (Some(550), Stage::Rcpt));
        assert_eq!(
            failure.to_string(),
            "permanent error (550): 5.1.1 User unknown"
        );
        let source = std::error::Error::source(&failure).expect("the cause");
        assert!(matches!(
            source.downcast_ref::<Cause>(),
            Some(Cause::Smtp(_))
        ));
    }

    #[test]
    fn a_4xx_reply_is_transient() {
        let failure = Failure::from(mail_error("451 4.7.1 try again later"));
        assert!(failure.is_transient());
        assert!(!failure.is_permanent() && !failure.is_connection_lost());
        assert_eq!(failure.code(), Some(451));
    }

    #[test]
    fn no_reply_is_a_lost_connection_without_a_code() {
        let failure = Failure::from(mail_error(""));
        assert!(failure.is_connection_lost());
        assert!(!failure.is_permanent() && !failure.is_transient());
        assert_eq!(failure.code(), None);
    }

    #[test]
    fn failures_of_our_own_say_what_happened() {
        let deadline = Duration::from_millis(1500);
        let late = Failure::new(
            Kind::ConnectionLost,
            Stage::Connect,
            Cause::Timeout { deadline },
        );
        assert!(late.is_connection_lost() && late.during_connect());
        assert_eq!(
            late.to_string(),
            "no complete reply within 1.5 s (send.message_timeout): the server is too slow; \
             the connection was dropped"
        );
    }
}
