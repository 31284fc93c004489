//! One email for one reader: multipart/alternative (the rendered plain text
//! and HTML), a generated Message-ID and Date, and RFC 8058 one-click
//! unsubscribe headers carrying the reader's signed token.

use hmac::{Hmac, KeyInit, Mac};
use lettre::message::header::{ContentType, Header, HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart, SinglePart};
use lettre::Message;
use sha2::Sha256;

use super::DeliverError;

/// The `List-Unsubscribe` header: an https link and a mailto.
#[derive(Debug, Clone)]
pub struct ListUnsubscribe(String);

impl Header for ListUnsubscribe {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("List-Unsubscribe")
    }

    fn parse(s: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(ListUnsubscribe(s.to_string()))
    }

    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), self.0.clone())
    }
}

/// `List-Unsubscribe-Post: List-Unsubscribe=One-Click` (RFC 8058).
#[derive(Debug, Clone)]
pub struct ListUnsubscribePost;

impl Header for ListUnsubscribePost {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("List-Unsubscribe-Post")
    }

    fn parse(_: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(ListUnsubscribePost)
    }

    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), "List-Unsubscribe=One-Click".into())
    }
}

/// A reader's unsubscribe token: HMAC-SHA256 of the list's name and the
/// address (lower-cased), keyed by the secret; hex, 32 characters.
pub fn token(secret: &[u8], list: &str, address: &str) -> String {
    let mut mac = match Hmac::<Sha256>::new_from_slice(secret) {
        Ok(mac) => mac,
        Err(_) => return String::new(), // HMAC takes keys of any length
    };
    mac.update(list.as_bytes());
    mac.update(b"\n");
    mac.update(address.to_lowercase().as_bytes());
    let digest = mac.finalize().into_bytes();
    digest.iter().take(16).map(|b| format!("{b:02x}")).collect()
}

/// Whether `key` is `token`, compared in constant time: how long a wrong
/// guess takes to refuse says nothing about how much of it was right.
pub fn token_matches(token: &str, key: &str) -> bool {
    subtle::ConstantTimeEq::ct_eq(token.as_bytes(), key.as_bytes()).into()
}

/// The unsubscribe link of one reader.
pub fn unsubscribe_link(base: &str, list: &str, address: &str, token: &str) -> String {
    let join = if base.contains('?') { '&' } else { '?' };
    format!(
        "{base}{join}list={}&email={}&token={token}",
        percent(list),
        percent(address)
    )
}

/// Percent-encodes everything but RFC 3986's unreserved characters.
pub fn percent(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// What one message is made of.
pub struct Parts<'a> {
    /// The sender.
    pub from: &'a str,
    /// Where replies go.
    pub reply_to: Option<&'a str>,
    /// The reader's address.
    pub to: &'a str,
    /// The reader's name ("" when unknown).
    pub to_name: &'a str,
    /// The subject line.
    pub subject: &'a str,
    /// The plain-text part, encoded.
    pub text: lettre::message::Body,
    /// The HTML part, encoded.
    pub html: lettre::message::Body,
    /// The reader's https unsubscribe link.
    pub unsubscribe_link: &'a str,
    /// The mailto address for unsubscribing, and the token for its subject.
    pub unsubscribe_mailto: &'a str,
    /// The reader's token.
    pub token: &'a str,
    /// The time, from the send's clock: the `Date:` header and the
    /// Message-ID (lettre's `date_now` would read the system clock behind
    /// the injected one's back).
    pub now: chrono::DateTime<chrono::Utc>,
}

/// Parses an address as a message header carries it.
fn mailbox(text: &str) -> Result<Mailbox, DeliverError> {
    text.parse().map_err(|source| DeliverError::Address {
        address: text.to_string(),
        source,
    })
}

/// A reader's `To:` mailbox, exactly as [`build`] makes it — the list check
/// calls this too, so a row it passes can never stop a send. lettre's
/// `Mailbox` takes less than its `Address` (no quoted local part with a
/// space, no `[127.0.0.1]` domain). The name as `super::headers::check`
/// says (lettre drops a `To:` with a NUL, which fails the whole message).
pub fn reader_mailbox(email: &str, name: &str) -> Result<Mailbox, DeliverError> {
    super::headers::check("name", name, super::headers::MAX_NAME)?;
    Ok(match name {
        "" => mailbox(email)?,
        name => Mailbox::new(Some(name.to_string()), mailbox(email)?.email),
    })
}

/// Builds the message. The subject as `super::headers::check` says (no
/// line break, control character or unfoldable length); the reader as
/// [`reader_mailbox`] says.
pub fn build(parts: Parts<'_>) -> Result<Message, DeliverError> {
    super::headers::check("subject", parts.subject, super::headers::MAX_SUBJECT)?;
    let from = mailbox(parts.from)?;
    let id = super::message_id::new(&from, parts.to, parts.now);
    let mut builder = Message::builder()
        .from(from)
        .to(reader_mailbox(parts.to, parts.to_name)?)
        .subject(parts.subject)
        .date(parts.now.into())
        .message_id(Some(id))
        .header(ListUnsubscribe(format!(
            "<{}>, <mailto:{}?subject=unsubscribe%20{}>",
            parts.unsubscribe_link, parts.unsubscribe_mailto, parts.token
        )))
        .header(ListUnsubscribePost);
    if let Some(reply_to) = parts.reply_to {
        builder = builder.reply_to(mailbox(reply_to)?);
    }
    let body = MultiPart::alternative()
        .singlepart(
            SinglePart::builder()
                .header(ContentType::TEXT_PLAIN)
                .body(parts.text),
        )
        .singlepart(
            SinglePart::builder()
                .header(ContentType::TEXT_HTML)
                .body(parts.html),
        );
    builder.multipart(body).map_err(DeliverError::Build)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_depend_on_secret_list_and_address_case_insensitively() {
        let a = token(b"secret", "main", "Ada@Example.com");
        assert_eq!(a.len(), 32);
        assert_eq!(a, token(b"secret", "main", "ada@example.com"));
        assert_ne!(a, token(b"other", "main", "ada@example.com"));
        assert_ne!(a, token(b"secret", "other", "ada@example.com"));
    }

    #[test]
    fn tokens_match_only_themselves() {
        let t = token(b"secret", "main", "ada@example.com");
        assert!(token_matches(&t, &t.clone()));
        assert!(!token_matches(&t, &t.to_uppercase()));
        assert!(!token_matches(&t, &t[..31]));
        assert!(!token_matches(&t, ""));
    }

    #[test]
    fn reader_mailboxes_refuse_what_lettre_cannot_carry() {
        assert!(reader_mailbox("ada@example.com", "Ada Lovelace").is_ok());
        assert!(reader_mailbox("ada@example.com", "").is_ok());
        for (email, name) in [
            ("\"a b\"@example.com", ""),
            ("a@[127.0.0.1]", "A"),
            ("ada@example.com", "Ada\nLovelace"),
            ("ada@example.com", "Ada\u{0}"),
            ("ada@example.com", "Ada\u{7}"),
        ] {
            assert!(reader_mailbox(email, name).is_err(), "{email:?} {name:?}");
        }
    }

    /// A message's parts with this subject, at a fixed time.
    fn parts(subject: &str) -> Parts<'_> {
        Parts {
            from: "News <news@example.com>",
            reply_to: None,
            to: "ada@example.com",
            to_name: "Ada",
            subject,
            text: lettre::message::Body::new("t".to_string()),
            html: lettre::message::Body::new("<p>h</p>".to_string()),
            unsubscribe_link: "https://x.example/u",
            unsubscribe_mailto: "u@example.com",
            token: "t",
            now: chrono::DateTime::from_timestamp(1_800_000_000, 0).expect("time"),
        }
    }

    #[test]
    fn line_breaks_in_headers_are_refused() {
        assert!(matches!(
            build(parts("Hi\r\nBcc: everyone@example.com")),
            Err(DeliverError::HeaderInjection { .. })
        ));
    }

    #[test]
    fn the_date_header_is_the_clocks_time() {
        let message = build(parts("Hi")).expect("message").formatted();
        let message = String::from_utf8(message).expect("utf8");
        assert!(
            message.contains("\r\nDate: Fri, 15 Jan 2027 08:00:00 +0000\r\n"),
            "{message}"
        );
    }
}
