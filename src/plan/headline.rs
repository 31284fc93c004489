//! Headlines: a section's title, an issue's subject and preheader, as a
//! writer would give them. Unicode "math bold" and other compatibility
//! letters are folded to plain ones (subjects, previews and anchors are
//! read by machines that do not show them); a tweet's title is its first
//! sentence or question, found by a splitter that knows "vs.", "e.g.",
//! "U.S." and version numbers, without lead-ins like "Popular interview
//! question:".

use unicode_normalization::UnicodeNormalization;

use crate::ingest::ContentItem;

/// Lead-ins a writer drops from a headline (compared lower-cased).
const LEAD_INS: &[&str] = &[
    "popular interview question",
    "interview question",
    "question",
    "*big* announcement",
    "big announcement",
    "clarification",
    "note",
    "thread",
    "quick question",
    "reminder",
];

/// Words that end with a dot without ending a sentence (lower-cased).
const ABBREVIATIONS: &[&str] = &[
    "vs", "e.g", "i.e", "etc", "u.s", "u.k", "mr", "mrs", "dr", "st", "no", "approx", "inc", "ltd",
    "fig", "cf",
];

/// Plain letters for math bold/italic and other compatibility characters.
pub(crate) fn fold(text: &str) -> String {
    text.nfkc().collect()
}

/// An item's title: its own (folded), or its first sentence, shortened.
pub(crate) fn title_of(item: &ContentItem) -> String {
    if let Some(title) = item.title.as_deref().filter(|t| !t.trim().is_empty()) {
        return shorten(&without_footnote_marks(&fold(title)), 90);
    }
    let folded = fold(&item.body);
    let first_line = folded
        .lines()
        .map(|l| l.trim_start_matches(|c: char| !c.is_alphanumeric() && c != '“' && c != '"'))
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with("http"))
        .unwrap_or("Untitled");
    let line = drop_lead_in(first_line);
    // A question near the start is the headline ("Recently, engineers asked
    // me… Do we need a cache?" is titled by its question).
    let opening: String = folded.chars().take(240).collect();
    let sentence = first_question(&opening).unwrap_or_else(|| first_sentence(line));
    let sentence = without_footnote_marks(sentence);
    let sentence = balance_quotes(sentence.trim_end_matches(['.', ':', ',']).trim());
    shorten(&capitalised(&sentence), 90)
}

/// The first question among the opening sentences, when it is short
/// enough to be a headline.
fn first_question(opening: &str) -> Option<&str> {
    let mut rest = opening;
    for _ in 0..3 {
        let line_end = rest.find('\n').unwrap_or(rest.len());
        let sentence = first_sentence(&rest[..line_end]);
        let words = sentence.split_whitespace().count();
        if sentence.ends_with('?') && (4..=16).contains(&words) && !sentence.contains("http") {
            return Some(drop_lead_in(sentence.trim()));
        }
        rest = rest[sentence.len()..].trim_start();
        if rest.is_empty() {
            break;
        }
    }
    None
}

/// The line without a lead-in ("Popular interview question: …", "… - …").
fn drop_lead_in(line: &str) -> &str {
    let lower = line.to_lowercase();
    for lead in LEAD_INS {
        let Some(rest) = lower.strip_prefix(lead) else {
            continue;
        };
        for separator in [":", " -", " –", " —"] {
            if rest.starts_with(separator) && rest.len() > separator.len() + 10 {
                // Lower-casing can change byte lengths: cut the original
                // at the same number of characters.
                let skip = lead.chars().count() + separator.chars().count();
                let at = line.char_indices().nth(skip).map_or(line.len(), |(i, _)| i);
                return line[at..].trim_start();
            }
        }
    }
    line
}

/// The text up to the first `?`, `!` or sentence-ending `.`.
pub(crate) fn first_sentence(text: &str) -> &str {
    let bytes = text.as_bytes();
    for (i, c) in text.char_indices() {
        let end = i + c.len_utf8();
        match c {
            '?' | '!' if i > 10 => return &text[..end],
            '.' if i > 10 && ends_sentence(text, i, bytes) => return &text[..end],
            _ => {}
        }
    }
    text
}

/// Whether the dot at byte `at` ends a sentence: followed by a space (or
/// the end), not inside a number ("1.0") and not after an abbreviation.
fn ends_sentence(text: &str, at: usize, bytes: &[u8]) -> bool {
    if bytes.get(at + 1).is_some_and(|b| !b.is_ascii_whitespace()) {
        return false;
    }
    let word = text[..at]
        .rsplit(|c: char| c.is_whitespace() || c == '(')
        .next()
        .unwrap_or("")
        .to_lowercase();
    let single_letter = word.chars().count() == 1 && word.chars().all(char::is_alphabetic);
    !(ABBREVIATIONS.contains(&word.as_str()) || single_letter)
}

/// The text without footnote marks ("Languages [1]?" → "Languages?"): a
/// title points nowhere, so its "[1]" is noise in a contents list.
fn without_footnote_marks(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('[') {
        let after = &rest[at + 1..];
        let digits = after.chars().take_while(char::is_ascii_digit).count();
        if digits > 0 && digits <= 3 && after[digits..].starts_with(']') {
            out.push_str(rest[..at].trim_end());
            rest = &after[digits + 1..];
        } else {
            out.push_str(&rest[..=at]);
            rest = after;
        }
    }
    out.push_str(rest);
    out.trim().to_string()
}

/// Drops a quote mark left without its partner by the cut.
fn balance_quotes(text: &str) -> String {
    let opens = text.matches('“').count();
    let closes = text.matches('”').count();
    let straight = text.matches('"').count();
    let mut out = text.to_string();
    if opens != closes || straight % 2 == 1 {
        out = out.replace(['“', '”', '"'], "");
    }
    out.trim().to_string()
}

/// The text with its first letter upper-cased.
pub(crate) fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) if first.is_lowercase() => first.to_uppercase().chain(chars).collect(),
        _ => text.to_string(),
    }
}

/// At most `max` characters, cut at a word boundary with an ellipsis.
pub(crate) fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max - 1).collect();
    let at = cut.rfind(' ').unwrap_or(cut.len());
    format!("{}…", cut[..at].trim_end_matches([',', ';', ':', ' ']))
}

/// The subject: the lead title, and the second when both fit in about 65
/// characters; never led by emoji or shouting.
pub(crate) fn subject(titles: &[&str]) -> String {
    let clean: Vec<String> = titles.iter().map(|t| calm(t)).collect();
    let lead = shorten(clean.first().map_or("This week", String::as_str), 65);
    match clean.get(1) {
        Some(second) if lead.chars().count() + second.chars().count() + 3 <= 65 => {
            format!("{lead} · {second}")
        }
        _ => lead,
    }
}

/// How many titles the subject shows.
pub(crate) fn titles_in_subject(subject: &str) -> usize {
    subject.matches(" · ").count() + 1
}

/// The preheader: what the subject does not say.
pub(crate) fn preheader(theme_title: &str, titles: &[&str], in_subject: usize) -> String {
    let rest = titles
        .iter()
        .skip(in_subject)
        .map(|t| calm(t))
        .collect::<Vec<_>>()
        .join(" · ");
    let text = if rest.is_empty() {
        format!("This week in {theme_title}")
    } else {
        format!("Also this week: {rest}")
    };
    shorten(&text, 110)
}

/// A title without leading emoji and without all-caps shouting.
fn calm(title: &str) -> String {
    let trimmed = title.trim_start_matches(|c: char| !c.is_alphanumeric() && c != '“' && c != '"');
    let letters: Vec<char> = trimmed.chars().filter(|c| c.is_alphabetic()).collect();
    let shouting = letters.len() > 8 && letters.iter().all(|c| c.is_uppercase());
    if !shouting {
        return trimmed.to_string();
    }
    capitalised(&trimmed.to_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_do_not_end_inside_versions_or_abbreviations() {
        assert_eq!(
            first_sentence("Apple pay vs. Google pay. How they differ"),
            "Apple pay vs. Google pay."
        );
        assert_eq!(
            first_sentence("HTTP 1.0 -> HTTP 1.1 -> HTTP 2.0 -> HTTP 3.0 (QUIC). Next"),
            "HTTP 1.0 -> HTTP 1.1 -> HTTP 2.0 -> HTTP 3.0 (QUIC)."
        );
        assert_eq!(
            first_sentence("Web 3.0 and OAuth 2.0, e.g. for login. Then"),
            "Web 3.0 and OAuth 2.0, e.g. for login."
        );
        assert_eq!(
            first_sentence("What happens in the U.S. market? More"),
            "What happens in the U.S. market?"
        );
    }

    #[test]
    fn titles_are_folded_stripped_of_lead_ins_and_balanced() {
        let mut item = ContentItem::new(
            "1",
            crate::ingest::Kind::Tweet,
            std::sync::Arc::from(std::path::Path::new("x")),
            [1, 1],
        );
        item.body =
            "Popular interview question: What are database 𝐢𝐬𝐨𝐥𝐚𝐭𝐢𝐨𝐧 𝐥𝐞𝐯𝐞𝐥𝐬? The diagram".into();
        assert_eq!(title_of(&item), "What are database isolation levels?");
        item.body = "“This shouldn’t take too long”. That’s a promise".into();
        assert_eq!(title_of(&item), "“This shouldn’t take too long”");
        item.body = "Why “fast is slow. Really".into();
        assert_eq!(title_of(&item), "Why fast is slow");
    }

    #[test]
    fn subjects_are_short_calm_and_the_preheader_adds_the_rest() {
        let titles = [
            "🔥 BLACK FRIDAY READING LIST FOR ENGINEERS",
            "Short",
            "Third one",
        ];
        let subject = subject(&titles);
        assert_eq!(subject, "Black friday reading list for engineers · Short");
        assert!(subject.chars().count() <= 65);
        assert_eq!(
            preheader("T", &titles, titles_in_subject(&subject)),
            "Also this week: Third one"
        );
    }

    #[test]
    fn footnote_marks_leave_titles() {
        assert_eq!(
            without_footnote_marks("Which Languages Use the Least Energy [1]?"),
            "Which Languages Use the Least Energy?"
        );
        assert_eq!(
            without_footnote_marks("Arrays [a] and [12]"),
            "Arrays [a] and"
        );
        assert_eq!(without_footnote_marks("C[] arrays"), "C[] arrays");
    }
}
