//! Per-reader emails without rendering or encoding each one: the issue is
//! rendered once with a placeholder for every reader value (address, name,
//! each list column, the unsubscribe link), cut at the placeholders, and
//! each piece quoted-printable encoded once. A reader's copy is those
//! pieces with only the reader's values encoded between them — HTML-escaped
//! in the HTML part. Each piece and value ends with a soft line break
//! (`=` CRLF), so any value length keeps every line within QP's 76
//! characters and decodes to exactly the text a whole-body encoding would.
//! Templates can print reader values anywhere; a condition on one (`{{#if
//! subscriber.name}}`) sees the placeholder, so it is always true.

use lettre::message::dkim::DkimConfig;
use lettre::message::header::ContentTransferEncoding;
use lettre::message::Body;

use crate::render::view::SubscriberView;
use crate::render::{ReaderCopy, Slot};

/// One part (HTML or text) cut at its placeholders: encoded pieces with
/// the slot that follows each (none after the last).
struct Part {
    pieces: Vec<(String, Option<usize>)>,
    escape: bool,
}

/// An issue rendered once, ready to be personalised.
pub(crate) struct Personalizer {
    html: Part,
    text: Part,
    slots: Vec<(String, Slot)>,
    dkim: Option<DkimConfig>,
}

impl Personalizer {
    /// Cuts render's [`ReaderCopy`] at its marks and encodes the pieces
    /// once; `dkim` signs each message when set.
    pub(crate) fn new(copy: &ReaderCopy, dkim: Option<DkimConfig>) -> Self {
        let slots = copy.slots.clone();
        Personalizer {
            html: Part::cut(&copy.rendered.html, &slots, true),
            text: Part::cut(&copy.rendered.text, &slots, false),
            slots,
            dkim,
        }
    }

    /// How each message is signed, if it is.
    pub(crate) fn dkim(&self) -> Option<&DkimConfig> {
        self.dkim.as_ref()
    }

    /// One reader's HTML and plain text, quoted-printable encoded.
    pub(crate) fn fill(&self, reader: &SubscriberView, unsubscribe: &str) -> (Body, Body) {
        let value = |slot: usize| match &self.slots[slot].1 {
            Slot::Email => reader.email.as_str(),
            Slot::Name => reader.name.as_str(),
            Slot::Field(name) => reader.fields.get(name).map_or("", String::as_str),
            Slot::Unsubscribe => unsubscribe,
        };
        (self.html.fill(&value), self.text.fill(&value))
    }
}

impl Part {
    /// Cuts `text` at every placeholder of `slots` and encodes the pieces.
    fn cut(text: &str, slots: &[(String, Slot)], escape: bool) -> Part {
        let finder = aho_corasick::AhoCorasick::new(slots.iter().map(|(mark, _)| mark))
            .expect("placeholders are short literals");
        let mut pieces = Vec::new();
        let mut from = 0;
        for found in finder.find_iter(text) {
            pieces.push((
                encode(&text[from..found.start()]),
                Some(found.pattern().as_usize()),
            ));
            from = found.end();
        }
        pieces.push((encode(&text[from..]), None));
        Part { pieces, escape }
    }

    fn fill<'v>(&self, value: &impl Fn(usize) -> &'v str) -> Body {
        let mut out = String::with_capacity(self.pieces.iter().map(|(p, _)| p.len() + 64).sum());
        for (piece, slot) in &self.pieces {
            out.push_str(piece);
            if let Some(slot) = slot {
                let value = value(*slot);
                if self.escape {
                    out.push_str(&encode(&escape_html(value)));
                } else {
                    out.push_str(&encode(value));
                }
            }
        }
        Body::dangerous_pre_encoded(out.into_bytes(), ContentTransferEncoding::QuotedPrintable)
    }
}

/// Quoted-printable encoding of one piece, with CRLF line ends, ending
/// where a line starts: after a hard line break, or with a soft one.
fn encode(piece: &str) -> String {
    if piece.is_empty() {
        return String::new();
    }
    let crlf = piece.replace("\r\n", "\n").replace('\n', "\r\n");
    // One short of QP's 76, leaving room for the soft break added after
    // the piece's last line.
    let options = quoted_printable::Options::default().line_length_limit(75);
    let mut encoded = quoted_printable::encode_with_options(&crlf, options);
    if !encoded.ends_with("\r\n") {
        encoded.push_str("=\r\n");
    }
    encoded
}

fn escape_html(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for ch in value.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(ch),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn slots() -> Vec<(String, Slot)> {
        vec![
            ("lpxslot0q".into(), Slot::Email),
            ("lpxslot1q".into(), Slot::Name),
        ]
    }

    /// Every encoded line is within QP's limit and the part decodes to the
    /// text with the values put in (CRLF line ends).
    fn check(template: &str, email: &str, name: &str, escape: bool) {
        let part = Part::cut(template, &slots(), escape);
        let body = part.fill(&|slot| if slot == 0 { email } else { name });
        let encoded = String::from_utf8(body.into_vec()).expect("ascii");
        assert!(encoded.split("\r\n").all(|l| l.len() <= 76), "{encoded}");
        assert!(encoded.is_ascii());
        let decoded = quoted_printable::decode(&encoded, quoted_printable::ParseMode::Robust)
            .expect("valid quoted-printable");
        let (email, name) = if escape {
            (escape_html(email), escape_html(name))
        } else {
            (email.to_string(), name.to_string())
        };
        let expected = template
            .replace("lpxslot0q", &email)
            .replace("lpxslot1q", &name)
            .replace("\r\n", "\n")
            .replace('\n', "\r\n");
        assert_eq!(String::from_utf8(decoded).expect("utf8"), expected);
    }

    #[test]
    fn long_and_non_ascii_values_keep_lines_short_and_decode_exactly() {
        let long = "x".repeat(300);
        check(
            "Hi lpxslot1q,\nyour address: lpxslot0q.\n",
            "a@example.com",
            "Zoë & <Bob>",
            true,
        );
        check(
            &format!("{long}lpxslot1q{long} \nlpxslot0q"),
            &long,
            "Ünï cödé ",
            false,
        );
        check("lpxslot0qlpxslot1q", "", "", true);
    }

    proptest! {
        #[test]
        fn any_template_and_values_round_trip(
            template in "(lpxslot0q|lpxslot1q|[a-z =.\t]{0,90}|\n|é|💡){0,12}",
            email in "[a-z@. =]{0,100}",
            name in "\\PC{0,40}",
        ) {
            check(&template, &email, &name, false);
            check(&template, &email, &name, true);
        }
    }
}
