//! Finding YAML anchors (`&name`) and aliases (`*name`) in an issue file
//! before it is parsed: one anchored section referenced 200,000 times
//! expands into 200,000 sections, so issue files may not use them.
//!
//! A line-by-line scan of block YAML: it looks at node starts only (after
//! `key:`, after `- `, after `[`, `{` or `,` in flow collections), and
//! skips comments, quoted scalars and the lines of block (`|`, `>`) and
//! multi-line plain scalars, where `*emphasis*` is only text.

/// An anchor or alias in YAML text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Found {
    /// 1-based line.
    pub line: usize,
    /// 1-based column (in bytes).
    pub column: usize,
    /// An alias (`*`) rather than an anchor (`&`).
    pub alias: bool,
}

/// The first anchor or alias in `text`, if any.
pub(super) fn find(text: &str) -> Option<Found> {
    let mut scan = Scan::default();
    text.lines().enumerate().find_map(|(n, line)| {
        scan.line(line).map(|at| Found {
            line: n + 1,
            column: at + 1,
            alias: line[at..].starts_with('*'),
        })
    })
}

#[derive(Default)]
struct Scan {
    /// Lines indented more than this continue a scalar.
    scalar_indent: Option<usize>,
    /// The indent of a key whose value starts on the next line.
    open_parent: Option<usize>,
    /// The quote of a quoted scalar still open at the end of a line.
    quote: Option<u8>,
    /// Flow brackets still open at the end of a line.
    flow: usize,
}

impl Scan {
    /// The byte offset of an anchor or alias in `line`, if any.
    fn line(&mut self, line: &str) -> Option<usize> {
        let indent = line.len() - line.trim_start_matches([' ', '\t']).len();
        let rest = &line[indent..];
        if let Some(q) = self.quote {
            if close_quote(line.as_bytes(), 0, q).is_some() {
                self.quote = None;
            }
            return None;
        }
        if self.flow > 0 {
            return self.flow(line, indent);
        }
        if rest.is_empty() || rest.starts_with('#') {
            return None;
        }
        if self.scalar_indent.is_some_and(|s| indent > s) {
            return None;
        }
        if ["---", "...", "%"].iter().any(|m| rest.starts_with(m)) {
            return None;
        }
        self.scalar_indent = None;
        let parent = self.open_parent.take().unwrap_or(indent);
        self.node(line, indent, parent)
    }

    /// Looks at the node starting at `at` (spaces skipped); `parent` is
    /// the indent of the key or dash that holds it.
    fn node(&mut self, line: &str, at: usize, parent: usize) -> Option<usize> {
        let bytes = line.as_bytes();
        let at = at + line[at..].len() - line[at..].trim_start_matches([' ', '\t']).len();
        match bytes.get(at) {
            None | Some(b'#') => {
                self.open_parent = Some(parent);
                None
            }
            Some(b'&' | b'*') => Some(at),
            Some(b'!') => {
                let end = line[at..].find([' ', '\t']).map_or(line.len(), |e| at + e);
                self.node(line, end, parent)
            }
            Some(b'-') if matches!(bytes.get(at + 1), None | Some(b' ' | b'\t')) => {
                self.node(line, at + 1, at)
            }
            Some(b'[' | b'{') => self.flow(line, at),
            Some(&q @ (b'"' | b'\'')) => match close_quote(bytes, at + 1, q) {
                None => {
                    self.quote = Some(q);
                    None
                }
                Some(end) => match line[end..].trim_start().strip_prefix(':') {
                    Some(value) => self.node(line, line.len() - value.len(), at),
                    None => None,
                },
            },
            Some(b'|' | b'>') => {
                self.scalar_indent = Some(parent);
                None
            }
            Some(_) => match key_colon(&line[at..]) {
                Some(colon) => self.node(line, at + colon + 1, at),
                None => {
                    self.scalar_indent = Some(parent);
                    None
                }
            },
        }
    }

    /// Scans a flow collection from `from` to the end of the line.
    fn flow(&mut self, line: &str, from: usize) -> Option<usize> {
        let bytes = line.as_bytes();
        let mut i = from;
        let mut node_start = self.flow > 0;
        while i < bytes.len() {
            let b = bytes[i];
            match b {
                b' ' | b'\t' => {}
                b'&' | b'*' if node_start => return Some(i),
                b'[' | b'{' | b',' => {
                    if b != b',' {
                        self.flow += 1;
                    }
                    node_start = true;
                    i += 1;
                    continue;
                }
                b']' | b'}' => self.flow = self.flow.saturating_sub(1),
                b':' => {
                    node_start = true;
                    i += 1;
                    continue;
                }
                b'"' | b'\'' => i = close_quote(bytes, i + 1, b).unwrap_or(bytes.len()) - 1,
                b'#' if node_start => break,
                _ => {}
            }
            if b != b' ' && b != b'\t' {
                node_start = false;
            }
            i += 1;
        }
        None
    }
}

/// The offset just past the quote `q` closing a scalar opened before
/// `from` (`\"` escapes in double quotes, `''` in single ones).
fn close_quote(bytes: &[u8], from: usize, q: u8) -> Option<usize> {
    let mut i = from;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' if q == b'"' => i += 1,
            b'\'' if q == b'\'' && bytes.get(i + 1) == Some(&b'\'') => i += 1,
            b if b == q => return Some(i + 1),
            _ => {}
        }
        i += 1;
    }
    None
}

/// Where the `:` ending a plain key is: followed by a space or the end,
/// before any comment.
fn key_colon(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        let next = bytes.get(i + 1);
        if b == b'#' && i > 0 && matches!(bytes[i - 1], b' ' | b'\t') {
            return None;
        }
        if b == b':' && matches!(next, None | Some(b' ' | b'\t')) {
            return Some(i);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> Option<(usize, usize, bool)> {
        find(text).map(|f| (f.line, f.column, f.alias))
    }

    #[test]
    fn anchors_and_aliases_at_node_starts_are_found() {
        assert_eq!(at("a: &x 1\nb: *x\n"), Some((1, 4, false)));
        assert_eq!(at("s:\n- &s\n  id: x\n- *s\n"), Some((2, 3, false)));
        assert_eq!(at("s:\n- id: x\n- *s\n"), Some((3, 3, true)));
        assert_eq!(at("s: [a, *s]\n"), Some((1, 8, true)));
        assert_eq!(at("s: !!str *s\n"), Some((1, 10, true)));
        assert_eq!(at("s:\n  *all\n"), Some((2, 3, true)));
        assert_eq!(at("s:\n  - - *x\n"), Some((2, 7, true)));
    }

    #[test]
    fn text_that_only_looks_like_them_is_not() {
        let text = "\
# *not* an alias
subject: Rock & roll *live*
body: |
  * a bullet
  &amp; an entity
title: a long plain title
  *continued* on a second line
q: 'it''s *fine*
  &multi-line'
d: \"a \\\" *b*\"
u: http://x.example/*path
";
        assert_eq!(at(text), None);
    }
}
