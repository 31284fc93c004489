//! The plain-text email's lines: wrapped at spaces, URLs and code kept whole.

use super::body;

/// Wraps lines longer than `width` at spaces; list items keep their indent.
/// Words longer than a line (URLs) are never broken.
pub fn wrap_text(text: &str, width: usize) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 32);
    for line in text.lines() {
        // A reference (`[3] https://…`) stays whole: its URL cannot be
        // broken; so does a line of code.
        if textwrap::core::display_width(line) <= width
            || line.split(' ').count() <= 2
            || is_code_line(line)
        {
            out.push_str(line);
            out.push('\n');
            continue;
        }
        let indent: String = line.chars().take_while(|c| *c == ' ').collect();
        let hanging = if line.trim_start().starts_with("- ") {
            format!("{indent}  ")
        } else {
            indent.clone()
        };
        // Break at spaces only: a URL's hyphens are not places to break.
        let options = textwrap::Options::new(width)
            .break_words(false)
            .word_separator(textwrap::WordSeparator::AsciiSpace)
            .word_splitter(textwrap::WordSplitter::NoHyphenation)
            .subsequent_indent(&hanging);
        for piece in textwrap::wrap(line, options) {
            out.push_str(piece.trim_end());
            out.push('\n');
        }
    }
    out
}

/// Whether a line of the plain-text email is code (indented by
/// [`body::CODE_INDENT`]; a list item's later lines are indented by two
/// spaces a level).
fn is_code_line(line: &str) -> bool {
    line.starts_with(body::CODE_INDENT) && !line.trim_start().starts_with("- ")
}
