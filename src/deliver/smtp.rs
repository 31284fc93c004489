//! The SMTP client: a server named by a URL, one lettre [`SmtpConnection`]
//! per sending worker, and a message handed over in a single write.
//!
//! Why not lettre's `SmtpTransport`: it writes the message and then the
//! closing `.` line as two writes on a socket without `TCP_NODELAY`, so
//! Nagle's algorithm holds the 5-byte terminator until the server's delayed
//! ACK (40 ms on Linux) — about 45 ms a message per connection whatever the
//! network. Sending the dot-stuffed message and its terminator through one
//! `command` write avoids the stall with lettre's public connection API.

use std::fmt;
use std::net::ToSocketAddrs;
use std::time::Duration;

use lettre::address::Envelope;
use lettre::transport::smtp::authentication::{Credentials, Mechanism};
use lettre::transport::smtp::client::{SmtpConnection, TlsParameters};
use lettre::transport::smtp::commands::{Data, Mail, Rcpt, Rset};
use lettre::transport::smtp::extension::{ClientId, Extension, MailBodyParameter, MailParameter};
use lettre::transport::smtp::response::Response;
use lettre::transport::smtp::Error;

pub(crate) use super::failure::{Cause, Failure, Kind, Stage};
use super::{DeliverError, SmtpUrlProblem};

/// How the connection is encrypted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Encryption {
    /// Plain text (`smtp://`, a local relay).
    None,
    /// STARTTLS when offered (`?tls=opportunistic`).
    Opportunistic,
    /// STARTTLS or fail (`?tls=required`).
    Required,
    /// TLS from the first byte (`smtps://`).
    Wrapper,
}

/// An SMTP server to send through.
pub struct Server {
    host: String,
    port: u16,
    encryption: Encryption,
    credentials: Option<Credentials>,
    hello: ClientId,
    timeout: Duration,
}

impl Server {
    /// Reads `smtp://[user[:password]@]host[:port][?tls=required|opportunistic]`
    /// or `smtps://…` (lettre's URL forms). `password`, from the environment,
    /// wins over one written in the URL.
    pub fn from_url(url: &str, password: Option<String>) -> Result<Server, DeliverError> {
        let error = |problem: SmtpUrlProblem| DeliverError::SmtpUrl {
            url: redacted(url),
            problem,
        };
        let parsed = url::Url::parse(url).map_err(|e| error(SmtpUrlProblem::Parse(e)))?;
        let tls = parsed
            .query_pairs()
            .find(|(k, _)| k == "tls")
            .map(|(_, v)| v.into_owned());
        let (encryption, default_port) = match (parsed.scheme(), tls.as_deref()) {
            ("smtp", None) => (Encryption::None, 25),
            ("smtp", Some("opportunistic")) => (Encryption::Opportunistic, 587),
            ("smtp", Some("required")) => (Encryption::Required, 587),
            ("smtps", None) => (Encryption::Wrapper, 465),
            (_, Some(other)) => return Err(error(SmtpUrlProblem::TlsMode(other.into()))),
            (other, None) => return Err(error(SmtpUrlProblem::Scheme(other.into()))),
        };
        let host = parsed
            .host_str()
            .ok_or_else(|| error(SmtpUrlProblem::NoHost))?
            .trim_matches(|c| c == '[' || c == ']')
            .to_string();
        let user = percent_decode(parsed.username());
        let password = password.or_else(|| parsed.password().map(percent_decode));
        let hello = parsed
            .query_pairs()
            .find(|(k, _)| k == "ehlo_name")
            .map_or_else(ClientId::default, |(_, v)| ClientId::Domain(v.into_owned()));
        Ok(Server {
            host,
            port: parsed.port().unwrap_or(default_port),
            encryption,
            credentials: (!user.is_empty())
                .then(|| Credentials::new(user, password.unwrap_or_default())),
            hello,
            timeout: Duration::from_secs(30),
        })
    }

    /// A warning when the login would cross the network readable: AUTH
    /// without `smtps://` or `?tls=required` (STARTTLS offered can be
    /// stripped on the way) to a host that is not this machine.
    pub fn cleartext_login(&self) -> Option<String> {
        let required = matches!(self.encryption, Encryption::Required | Encryption::Wrapper);
        let loopback = self.host.eq_ignore_ascii_case("localhost")
            || self
                .host
                .parse::<std::net::IpAddr>()
                .is_ok_and(|ip| ip.is_loopback());
        (self.credentials.is_some() && !required && !loopback).then(|| {
            format!(
                "the SMTP password for {}:{} may cross the network unencrypted (no TLS required); use smtps:// or add ?tls=required to the URL",
                self.host, self.port
            )
        })
    }

    /// Opens a connection: greeting, EHLO, STARTTLS and AUTH as the URL says.
    pub fn connect(&self) -> Result<SmtpConnection, Failure> {
        let tls = || TlsParameters::new(self.host.clone());
        let wrapper = match self.encryption {
            Encryption::Wrapper => Some(tls()?),
            _ => None,
        };
        let address = (self.host.as_str(), self.port)
            .to_socket_addrs()
            .map_err(|source| {
                let host = self.host.clone();
                Failure::new(
                    Kind::ConnectionLost,
                    Stage::Connect,
                    Cause::Resolve { host, source },
                )
            })?
            .collect::<Vec<_>>();
        let mut connection = SmtpConnection::connect(
            address.as_slice(),
            Some(self.timeout),
            &self.hello,
            wrapper.as_ref(),
            None,
        )?;
        let offered = connection.can_starttls();
        match self.encryption {
            Encryption::Required | Encryption::Opportunistic if offered => {
                connection.starttls(&tls()?, &self.hello)?;
            }
            Encryption::Required => connection.starttls(&tls()?, &self.hello)?,
            _ => {}
        }
        if let Some(credentials) = &self.credentials {
            connection.auth(&[Mechanism::Plain, Mechanism::Login], credentials)?;
        }
        Ok(connection)
    }
}

/// Sends one message on `connection`; after a refused transaction the
/// connection is reset so it can carry the next message.
pub(crate) fn send(
    connection: &mut SmtpConnection,
    envelope: &Envelope,
    message: &[u8],
) -> Result<Response, Failure> {
    let result = transaction(connection, envelope, message);
    if let Err(failure) = &result {
        if !failure.is_connection_lost() {
            let _ = connection.command(Rset);
        }
    }
    result
}

fn transaction(
    connection: &mut SmtpConnection,
    envelope: &Envelope,
    message: &[u8],
) -> Result<Response, Failure> {
    let Ok(text) = std::str::from_utf8(message) else {
        // Not text: lettre's own path (correct, only slower).
        return Ok(connection.send(envelope, message)?);
    };
    let mut parameters = Vec::new();
    if !text.is_ascii() {
        if !connection
            .server_info()
            .supports_feature(Extension::EightBitMime)
        {
            let cause = Cause::NoEightBitMime;
            return Err(Failure::new(Kind::Permanent, Stage::Mail, cause));
        }
        parameters.push(MailParameter::Body(MailBodyParameter::EightBitMime));
    }
    let at = |stage: Stage| move |error: Error| Failure::from(error).at(stage);
    connection
        .command(Mail::new(envelope.from().cloned(), parameters))
        .map_err(at(Stage::Mail))?;
    for recipient in envelope.to() {
        connection
            .command(Rcpt::new(recipient.clone(), Vec::new()))
            .map_err(at(Stage::Rcpt))?;
    }
    connection.command(Data).map_err(at(Stage::Data))?;
    connection
        .command(DotStuffed(text))
        .map_err(at(Stage::Message))
}

/// A message body as sent after DATA: lines starting with `.` get a second
/// one (RFC 5321 §4.5.2), then the closing `.` line — in one write.
struct DotStuffed<'a>(&'a str);

impl fmt::Display for DotStuffed<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut lines = self.0.split("\r\n").peekable();
        while let Some(line) = lines.next() {
            if line.starts_with('.') {
                f.write_str(".")?;
            }
            f.write_str(line)?;
            if lines.peek().is_some() {
                f.write_str("\r\n")?;
            }
        }
        if !self.0.ends_with("\r\n") {
            f.write_str("\r\n")?;
        }
        f.write_str(".\r\n")
    }
}

/// The URL with its password hidden, for messages. Done on the text, not
/// on a parsed URL: the URLs that need it most are the ones that do not
/// parse (a typo in the host must not print the password). Everything
/// between the user's `:` and the last `@` is hidden.
pub(crate) fn redacted(url: &str) -> String {
    let start = url.find("://").map_or(0, |i| i + 3);
    let Some(at) = url[start..].rfind('@').map(|i| start + i) else {
        return url.to_string();
    };
    match url[start..at].find(':').map(|i| start + i) {
        Some(colon) => format!("{}:***{}", &url[..colon], &url[at..]),
        None => url.to_string(),
    }
}

fn percent_decode(text: &str) -> String {
    // Form decoding, minus its one difference: `+` is not a space here.
    let text = text.replace('+', "%2B");
    url::form_urlencoded::parse(format!("x={text}").as_bytes())
        .next()
        .map_or_else(String::new, |(_, v)| v.into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dot_stuffing_doubles_leading_dots_and_ends_the_data() {
        let sent = DotStuffed("a\r\n.b\r\n..c\r\nd.\r\n").to_string();
        assert_eq!(sent, "a\r\n..b\r\n...c\r\nd.\r\n.\r\n");
        assert_eq!(DotStuffed("x").to_string(), "x\r\n.\r\n");
    }

    #[test]
    fn urls_name_port_and_encryption() {
        let s = Server::from_url("smtps://ann:p%40ss@mail.example.com", None).expect("url");
        assert_eq!((s.port, s.encryption), (465, Encryption::Wrapper));
        let r = Server::from_url("smtp://relay:2525?tls=required", None).expect("url");
        assert_eq!((r.port, r.encryption), (2525, Encryption::Required));
        assert!(Server::from_url("smtp://x?tls=maybe", None).is_err());
        assert!(Server::from_url("http://x", None).is_err());
        assert_eq!(redacted("smtp://ann:secret@host"), "smtp://ann:***@host");
    }

    #[test]
    fn passwords_are_hidden_even_in_urls_that_do_not_parse() {
        for (url, shown) in [
            (
                "smtp://ann:s3cret@ho st:99999",
                "smtp://ann:***@ho st:99999",
            ),
            ("smtp://ann:s3c@r/et@host:2525", "smtp://ann:***@host:2525"),
            ("smtp://ann@host", "smtp://ann@host"),
            ("smtp://host:25", "smtp://host:25"),
            ("ann:s3cret@host", "ann:***@host"),
        ] {
            assert_eq!(redacted(url), shown);
        }
        let Err(error) = Server::from_url("smtp://ann:s3cret@ho st:99999", None) else {
            panic!("a host with a space does not parse");
        };
        assert!(!error.to_string().contains("s3cret"), "{error}");
    }
}
