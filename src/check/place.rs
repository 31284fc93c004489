//! Which part of an issue a link sits in, so a problem names it: `section
//! "Title"`, the sponsor block or the footer. Read from the rendered file
//! itself (the headings and the parts' classes the built-in templates
//! print), so an ejected template that keeps its `<h2>`s still names its
//! sections; a link before any known part is named by nothing.

/// Where each part of one rendered file starts, found once per file and
/// then asked for every link in it.
pub(super) struct Parts(Vec<(usize, String)>);

impl Parts {
    /// The parts of `text` (a rendered file, HTML when `html`, else
    /// Markdown).
    pub(super) fn of(text: &str, html: bool) -> Parts {
        Parts(if html {
            html_marks(text)
        } else {
            markdown_marks(text)
        })
    }

    /// The part byte `at` is in.
    pub(super) fn at(&self, at: usize) -> Option<String> {
        let started = self.0.partition_point(|(start, _)| *start <= at);
        started.checked_sub(1).map(|i| self.0[i].1.clone())
    }
}

/// Where each part starts, in order.
fn html_marks(html: &str) -> Vec<(usize, String)> {
    let mut marks = Vec::new();
    for (class, name) in [("sponsor", "the sponsor block"), ("footer", "the footer")] {
        for (at, _) in html.match_indices(&format!("class=\"pad {class}\"")) {
            marks.push((at, name.to_string()));
        }
    }
    for (at, _) in html.match_indices("<h2 id=\"") {
        let Some(title) = heading_text(&html[at..]) else {
            continue;
        };
        marks.push((at, format!("section \"{title}\"")));
    }
    marks.sort();
    marks
}

/// The text of the heading `tail` starts with, tags removed.
fn heading_text(tail: &str) -> Option<String> {
    let open = tail.find('>')? + 1;
    let close = tail[open..].find("</h2>")? + open;
    let mut text = String::new();
    let mut in_tag = false;
    for c in tail[open..close].chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    let text = htmlize::unescape(text.trim()).into_owned();
    (!text.is_empty()).then_some(text)
}

/// Markdown: each `## ` heading starts a section.
fn markdown_marks(text: &str) -> Vec<(usize, String)> {
    let mut marks = Vec::new();
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        if let Some(title) = line.strip_prefix("## ") {
            marks.push((at, format!("section \"{}\"", title.trim())));
        }
        at += line.len();
    }
    marks
}

#[cfg(test)]
mod tests {
    use super::*;

    const EMAIL: &str = "<td class=\"pad sponsor\"><a href=\"https://s.example\">S</a></td>\
        <h2>This week</h2><a href=\"#a\">A</a>\
        <td class=\"pad section\"><h2 id=\"a\">Caching &amp; <em>you</em></h2>\
        <a href=\"https://a.example\">a</a></td>\
        <td class=\"pad section\"><h2 id=\"b\">Queues</h2><a href=\"https://b.example\">b</a></td>\
        <td class=\"pad footer\"><a href=\"https://unsub.example\">u</a></td>";

    fn part_of(url: &str) -> Option<String> {
        Parts::of(EMAIL, true).at(EMAIL.find(url).expect("url"))
    }

    #[test]
    fn a_link_is_named_by_the_part_it_is_in() {
        assert_eq!(
            part_of("https://s.example").as_deref(),
            Some("the sponsor block")
        );
        assert_eq!(
            part_of("https://a.example").as_deref(),
            Some("section \"Caching & you\"")
        );
        assert_eq!(
            part_of("https://b.example").as_deref(),
            Some("section \"Queues\"")
        );
        assert_eq!(
            part_of("https://unsub.example").as_deref(),
            Some("the footer")
        );
    }

    #[test]
    fn markdown_sections_start_at_their_headings() {
        let text = "# Issue\n[x](https://x.example)\n## Caching\n[a](https://a.example)\n";
        assert_eq!(
            Parts::of(text, false).at(text.find("https://x").expect("x")),
            None
        );
        assert_eq!(
            Parts::of(text, false)
                .at(text.find("https://a").expect("a"))
                .as_deref(),
            Some("section \"Caching\"")
        );
    }
}
