//! A section's text as the points a thread is made of: paragraphs, each
//! list item a point of its own (so a post never splits one), without the
//! things that cannot be posted as text — a tweet's own t.co media links
//! (kept as notes for the person posting) and the `1.`, `2.` part numbers
//! an old thread put after each tweet.

use unicode_segmentation::UnicodeSegmentation;

/// A section's points and the links kept out of them.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Points {
    /// The points, in order.
    pub points: Vec<String>,
    /// Links taken out of the text (t.co media, image files).
    pub notes: Vec<String>,
    /// Whether code or a table was left out (it is read in the full piece).
    pub omitted: bool,
}

/// The points of `body` (paragraphs separated by blank lines).
pub(crate) fn points(body: &str) -> Points {
    let mut out = Points::default();
    for paragraph in body.split("\n\n") {
        // Code and tables do not read as posts: left for the full piece,
        // with the sentence that introduced them ("…in Python:").
        if is_code_or_table(paragraph) {
            out.omitted = true;
            if out.points.last().is_some_and(|p| p.ends_with(':')) {
                out.points.pop();
            }
            continue;
        }
        for item in list_items(paragraph) {
            let noted = out.notes.len();
            let text = without_unpostable(&item, &mut out.notes);
            let text = without_part_number(&text);
            // A label left without its link ("See the diagram:") says nothing.
            let label = out.notes.len() > noted && text.ends_with(':') && text.len() < 40;
            if !text.is_empty() && !label && !announces_a_thread(&text) {
                out.points.push(text);
            }
        }
    }
    out
}

/// Whether a paragraph is code (every line indented as plain text indents
/// code) or a table (every line cells between ` | `).
fn is_code_or_table(paragraph: &str) -> bool {
    let lines: Vec<&str> = paragraph.lines().filter(|l| !l.trim().is_empty()).collect();
    let code = lines
        .iter()
        .all(|l| l.starts_with(crate::render::body::CODE_INDENT));
    let table = lines.iter().all(|l| l.contains(" | "));
    !lines.is_empty() && (code || table)
}

/// A line that only says a thread follows ("a thread.", "A thread 🧵👇"):
/// the drafts have their own shape, and a LinkedIn post is no thread.
fn announces_a_thread(text: &str) -> bool {
    let words: String = text
        .chars()
        .filter(|c| c.is_alphanumeric() || c.is_whitespace())
        .collect::<String>()
        .to_lowercase();
    let words: Vec<&str> = words.split_whitespace().collect();
    matches!(
        words.as_slice(),
        ["a", "thread"] | ["thread"] | ["a", "thread", "below"]
    )
}

/// A list item's line without its bullet or number.
pub(crate) fn without_marker(line: &str) -> &str {
    let t = line.trim_start();
    for bullet in ["- ", "* ", "• ", "🔹", "👉"] {
        if let Some(rest) = t.strip_prefix(bullet) {
            return rest.trim_start();
        }
    }
    let digits = t.chars().take_while(char::is_ascii_digit).count();
    match t.get(digits..digits + 2) {
        Some(". " | ") ") if digits > 0 => &t[digits + 2..],
        _ => t,
    }
}

/// Whether a line opens a list item (`- `, `* `, `• `, `1. `, `1) `).
pub(crate) fn is_item(line: &str) -> bool {
    let t = line.trim_start();
    if ["- ", "* ", "• ", "🔹", "👉"]
        .iter()
        .any(|m| t.starts_with(m))
    {
        return true;
    }
    let digits = t.chars().take_while(char::is_ascii_digit).count();
    digits > 0 && digits < 3 && (t[digits..].starts_with(". ") || t[digits..].starts_with(") "))
}

/// A paragraph's list items, each with its continuation lines; a
/// paragraph without items whole.
fn list_items(paragraph: &str) -> Vec<String> {
    if !paragraph.lines().any(is_item) {
        return vec![paragraph.trim().to_string()];
    }
    let mut items: Vec<String> = Vec::new();
    for line in paragraph.lines() {
        match items.last_mut() {
            // An item's later lines, without the indent that lined them up.
            Some(last) if !is_item(line) => {
                last.push('\n');
                last.push_str(line.trim_start());
            }
            _ => items.push(line.to_string()),
        }
    }
    items.into_iter().map(|i| i.trim().to_string()).collect()
}

/// Whether a word is a link that cannot be posted as text: a t.co link
/// (a tweet's own media or a shortened link that cannot be resolved
/// offline) or an image file's address.
pub(crate) fn is_unpostable(word: &str) -> bool {
    let w = word.trim_end_matches(|c: char| ",.;:!?)”\"'".contains(c));
    let lower = w.to_ascii_lowercase();
    let image = [".png", ".jpg", ".jpeg", ".gif", ".webp"]
        .iter()
        .any(|e| lower.ends_with(e))
        && lower.starts_with("http");
    lower.starts_with("https://t.co/") || lower.starts_with("http://t.co/") || image
}

/// `text` without its unpostable links (added to `notes`), spacing kept.
fn without_unpostable(text: &str, notes: &mut Vec<String>) -> String {
    let lines: Vec<String> = text
        .lines()
        .map(|line| {
            let kept: Vec<&str> = line
                .split(' ')
                .filter(|w| {
                    let drop = is_unpostable(w);
                    if drop && !notes.iter().any(|n| n == w) {
                        notes.push(w.to_string());
                    }
                    !drop
                })
                .collect();
            kept.join(" ").trim_end().to_string()
        })
        .collect();
    lines.join("\n").trim().to_string()
}

/// A tweet of an old numbered thread ends with its part number after the
/// last sentence ("…to clarify.1.", "…a bad idea: 4.", "…to Bob.1/5"):
/// taken off.
fn without_part_number(text: &str) -> String {
    let t = text.trim_end();
    let numbered = |s: &str| (1..=2).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit());
    // "N." or "N/M" (either number one or two digits) at the very end.
    let body = match t.strip_suffix('.') {
        Some(body) => body
            .rsplit_once(|c: char| !c.is_ascii_digit())
            .map(|(b, n)| (b, n, true)),
        None => t.rsplit_once('/').and_then(|(b, m)| {
            numbered(m).then(|| {
                b.rsplit_once(|c: char| !c.is_ascii_digit())
                    .map(|(b2, n)| (b2, n, false))
            })?
        }),
    };
    let Some((before, number, _)) = body else {
        return t.to_string();
    };
    // The kept text ends where the number starts: the char that split it.
    let cut = before.len() + t[before.len()..].chars().next().map_or(0, char::len_utf8);
    let before_text = t[..cut].trim_end();
    if !numbered(number) {
        return t.to_string();
    }
    match before_text.chars().last() {
        Some(c) if ".!?:\"”)".contains(c) => before_text.to_string(),
        _ => t.to_string(),
    }
}

/// A point's first sentence (its topic sentence, for a summary).
pub(crate) fn first_sentence(text: &str) -> &str {
    text.split_sentence_bounds()
        .map(str::trim)
        .find(|s| !s.is_empty())
        .unwrap_or("")
}

/// `text` cut to at most `max` characters at a word boundary, with `…`
/// when cut.
pub(crate) fn shortened(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut out = String::new();
    for word in text.split_whitespace() {
        if out.chars().count() + word.chars().count() + 2 > max {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    format!("{}…", out.trim_end_matches([',', ';', ':', '.', ' ']))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_items_are_points_of_their_own() {
        let got = points("Three kinds:\n- one\n  still one\n- two\n1. three");
        assert_eq!(
            got.points,
            ["Three kinds:", "- one\nstill one", "- two", "1. three"]
        );
    }

    #[test]
    fn code_and_tables_are_left_for_the_full_piece() {
        let body = "The whole algorithm in Python:\n\n    def allow(self):\n        return True\n\nHow they compare:\n\nA | B\n1 | 2\n\nIn a cluster, use Redis.";
        let got = points(body);
        assert_eq!(got.points, ["In a cluster, use Redis."]);
        assert!(got.omitted);
    }

    #[test]
    fn tco_links_are_notes_not_text() {
        let got = points(
            "Round robin is simple. https://t.co/abc123\n\nSee the diagram: https://t.co/xyz",
        );
        assert_eq!(got.points, ["Round robin is simple."]);
        assert_eq!(got.notes, ["https://t.co/abc123", "https://t.co/xyz"]);
    }

    #[test]
    fn a_line_announcing_a_thread_is_left_out() {
        let got =
            points("Diagrams as code\n\na thread.\n\nA thread 🧵👇\n\nThread safety matters.");
        assert_eq!(got.points, ["Diagrams as code", "Thread safety matters."]);
    }

    #[test]
    fn old_part_numbers_are_taken_off() {
        assert_eq!(
            without_part_number("I think it would help to clarify.1."),
            "I think it would help to clarify."
        );
        assert_eq!(without_part_number("a bad idea: 4."), "a bad idea:");
        assert_eq!(without_part_number("\"servers.\" 7."), "\"servers.\"");
        assert_eq!(
            without_part_number("Released in 2023."),
            "Released in 2023."
        );
        assert_eq!(without_part_number("We use step 2."), "We use step 2.");
        assert_eq!(
            without_part_number("sends an email to Bob.1/5"),
            "sends an email to Bob."
        );
        assert_eq!(
            without_part_number("logs in to Gmail. 4/5"),
            "logs in to Gmail."
        );
        assert_eq!(without_part_number("a ratio of 3/4"), "a ratio of 3/4");
    }

    #[test]
    fn shortened_at_a_word() {
        assert_eq!(shortened("one two three four", 12), "one two…");
        assert_eq!(shortened("short", 12), "short");
    }
}
