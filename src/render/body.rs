//! A section's text in the three shapes the templates need: HTML (content
//! escaped, raw HTML shown as text, links made absolute), plain text (links
//! as numbered references) and Markdown for the archive.

use pulldown_cmark::{html, CowStr, Event, Options, Parser, Tag, TagEnd};
use unicode_normalization::UnicodeNormalization;

use crate::ingest::text::bare_links;

pub use crate::ingest::Markup;

/// Links collected for a plain-text email, numbered once each.
#[derive(Debug, Default)]
pub struct References {
    /// The URLs, reference `n` at index `n - 1`.
    pub urls: Vec<String>,
}

impl References {
    /// The reference number of `url`, adding it when new.
    pub fn number(&mut self, url: &str) -> usize {
        match self.urls.iter().position(|u| u == url) {
            Some(at) => at + 1,
            None => {
                self.urls.push(url.to_string());
                self.urls.len()
            }
        }
    }
}

/// What is done to every link: made absolute, tracking added.
pub type LinkFix<'a> = &'a dyn Fn(&str) -> Option<String>;

/// One body, converted.
#[derive(Debug, Clone, Default)]
pub struct Converted {
    /// Safe HTML.
    pub html: String,
    /// Plain text with `[n]` references.
    pub text: String,
    /// Markdown for the archive.
    pub markdown: String,
    /// Images found (src, alt), taken out of the body.
    pub images: Vec<(String, String)>,
}

/// Converts a body; `fix` makes links absolute (or `None` to drop a link).
pub fn convert(body: &str, markup: Markup, fix: LinkFix<'_>, refs: &mut References) -> Converted {
    let markdown = as_markdown(body, markup);
    let events = safe_events(&markdown, fix);
    let images = images_of(&markdown, &events);
    // The template shows the first image above the text; the others stay
    // where the writer put them, each once, in the HTML and the archive.
    let mut out = String::new();
    html::push_html(&mut out, without_images(events.clone(), true).into_iter());
    let events = without_images(events, false);
    let shown = images.first().map(|(src, _)| src.as_str());
    Converted {
        html: out,
        text: to_text(&events, refs),
        markdown: match markup {
            Markup::Markdown => archive_markdown(&without_image_lines(&markdown, shown)),
            Markup::Plain => markdown.trim().to_string(),
        },
        images,
    }
}

/// A body as Markdown, whatever it was written in.
fn as_markdown(body: &str, markup: Markup) -> String {
    match markup {
        Markup::Markdown => markdown_with_styles(body),
        Markup::Plain => plain_to_markdown(body),
    }
}

/// Markdown with its "math bold" and "math italic" letters as `**` and `*`
/// emphasis (code blocks left alone).
fn markdown_with_styles(body: &str) -> String {
    let mut out = String::with_capacity(body.len());
    let mut in_fence = false;
    for line in body.split_inclusive('\n') {
        let t = line.trim_start();
        if t.starts_with("```") || t.starts_with("~~~") {
            in_fence = !in_fence;
        }
        if in_fence {
            out.push_str(line);
        } else {
            out.push_str(&styled_as_markdown(line));
        }
    }
    out
}

/// How a "mathematical alphanumeric" letter is styled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Style {
    Bold,
    Italic,
    /// Script, fraktur, double-struck, sans-serif, monospace: shown plain.
    Other,
}

/// The style of a letter from the Mathematical Alphanumeric Symbols block
/// (𝐁𝐢𝐠, 𝘪𝘵𝘢𝘭𝘪𝘤), or `None` for any other character.
fn style_of(ch: char) -> Option<Style> {
    let c = ch as u32;
    let bold = [
        0x1D400..=0x1D433, // bold
        0x1D468..=0x1D49B, // bold italic
        0x1D4D0..=0x1D503, // bold script
        0x1D56C..=0x1D59F, // bold fraktur
        0x1D5D4..=0x1D607, // sans-serif bold
        0x1D63C..=0x1D66F, // sans-serif bold italic
        0x1D6A8..=0x1D6E1, // bold Greek
        0x1D71C..=0x1D7C9, // bold italic and sans-serif bold Greek
        0x1D7CE..=0x1D7D7, // bold digits
        0x1D7EC..=0x1D7F5, // sans-serif bold digits
    ];
    let italic = [
        0x1D434..=0x1D467, // italic
        0x1D608..=0x1D63B, // sans-serif italic
        0x1D6A4..=0x1D6A5, // dotless i and j
        0x1D6E2..=0x1D71B, // italic Greek
        0x210E..=0x210E,   // italic h (the block's hole)
    ];
    if bold.iter().any(|r| r.contains(&c)) {
        Some(Style::Bold)
    } else if italic.iter().any(|r| r.contains(&c)) {
        Some(Style::Italic)
    } else if (0x1D400..=0x1D7FF).contains(&c) {
        Some(Style::Other)
    } else {
        None
    }
}

/// Text (already Markdown) whose runs of "math bold" letters become
/// `**bold**` and of "math italic" `*italic*`, in plain letters (NFKC). A
/// run goes on over spaces, punctuation and digits up to its last styled
/// letter.
pub fn styled_as_markdown(text: &str) -> String {
    if !text.chars().any(|c| style_of(c).is_some()) {
        return text.to_string();
    }
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let Some(style) = style_of(chars[i]) else {
            out.push(chars[i]);
            i += 1;
            continue;
        };
        // The run: to the last letter of the same style before a plain letter.
        let mut end = i + 1;
        let mut j = i + 1;
        while j < chars.len() {
            match style_of(chars[j]) {
                Some(s) if s == style => end = j + 1,
                Some(_) => break,
                None if chars[j].is_alphabetic() => break,
                None => {}
            }
            j += 1;
        }
        let plain: String = chars[i..end].iter().collect::<String>().nfkc().collect();
        let mark = match style {
            Style::Bold => "**",
            Style::Italic => "*",
            Style::Other => "",
        };
        out.push_str(mark);
        out.push_str(&plain);
        out.push_str(mark);
        i = end;
    }
    out
}

/// The images of parsed events, each with its alt text from the source.
fn images_of(markdown: &str, events: &[Event<'_>]) -> Vec<(String, String)> {
    let images = events
        .iter()
        .filter_map(|e| match e {
            Event::Start(Tag::Image {
                dest_url, title, ..
            }) => Some((dest_url.to_string(), title.to_string())),
            _ => None,
        })
        .collect();
    with_alt_texts(markdown, images)
}

/// Tweets and notes as Markdown: each line its own paragraph, markup
/// characters escaped, bare URLs as autolinks.
fn plain_to_markdown(text: &str) -> String {
    let mut out = String::new();
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let mut rest = line;
        for url in bare_links(line).collect::<Vec<_>>() {
            if let Some(at) = rest.find(url) {
                out.push_str(&styled_as_markdown(&markdown_text(&rest[..at])));
                out.push('<');
                out.push_str(url);
                out.push('>');
                rest = &rest[at + url.len()..];
            }
        }
        out.push_str(&styled_as_markdown(&markdown_text(rest)));
        out.push_str("\n\n");
    }
    out
}

/// Text that reads the same once parsed as Markdown: inline markup
/// characters backslash-escaped, `<`, `>` and `&` as entities (so HTML in it
/// is never HTML), and a line-opening `#`, `-`, `+` or `=` escaped so it
/// does not become a heading or a list.
pub fn markdown_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut line_start = true;
    for ch in text.chars() {
        match ch {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '~' => {
                out.push('\\');
                out.push(ch);
            }
            '#' | '-' | '+' | '=' if line_start => {
                out.push('\\');
                out.push(ch);
            }
            _ => out.push(ch),
        }
        line_start = ch == '\n' || (line_start && ch == ' ');
    }
    out
}

/// Parses Markdown into events where raw HTML is text and links are fixed.
fn safe_events<'a>(markdown: &'a str, fix: LinkFix<'_>) -> Vec<Event<'a>> {
    let mut events = Vec::new();
    let mut dropped_links = 0usize;
    for event in Parser::new_ext(
        markdown,
        Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TABLES,
    ) {
        match event {
            // Raw HTML from content is shown, never interpreted.
            Event::Html(raw) | Event::InlineHtml(raw) => events.push(Event::Text(raw)),
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => match fix(&dest_url) {
                Some(url) => events.push(Event::Start(Tag::Link {
                    link_type,
                    dest_url: CowStr::from(url),
                    title,
                    id,
                })),
                None => dropped_links += 1,
            },
            Event::End(TagEnd::Link) if dropped_links > 0 => dropped_links -= 1,
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let url = fix(&dest_url).unwrap_or_default();
                events.push(Event::Start(Tag::Image {
                    link_type,
                    dest_url: CowStr::from(url),
                    title,
                    id,
                }))
            }
            other => events.push(other),
        }
    }
    events
}

/// The alt text of each image (the text inside `![…]`), from the source.
fn with_alt_texts(markdown: &str, images: Vec<(String, String)>) -> Vec<(String, String)> {
    let mut alts = Vec::new();
    let mut in_image = false;
    let mut alt = String::new();
    for event in Parser::new(markdown) {
        match event {
            Event::Start(Tag::Image { .. }) => {
                in_image = true;
                alt.clear();
            }
            Event::Text(t) if in_image => alt.push_str(&t),
            Event::End(TagEnd::Image) => {
                in_image = false;
                alts.push(alt.clone());
            }
            _ => {}
        }
    }
    images
        .into_iter()
        .enumerate()
        .map(|(i, (src, _))| (src, alts.get(i).cloned().unwrap_or_default()))
        .collect()
}

/// The events without images (the template places a section's first
/// image); with `keep_later`, the images after the first stay, each once.
fn without_images(events: Vec<Event<'_>>, keep_later: bool) -> Vec<Event<'_>> {
    let mut out = Vec::with_capacity(events.len());
    let mut seen: Vec<String> = Vec::new();
    let mut depth = 0;
    let mut dropping = false;
    for event in events {
        match event {
            Event::Start(Tag::Image { ref dest_url, .. }) if depth == 0 => {
                depth += 1;
                let src = dest_url.to_string();
                dropping = !keep_later || seen.is_empty() || seen.contains(&src);
                seen.push(src);
                if !dropping {
                    out.push(event);
                }
            }
            Event::Start(Tag::Image { .. }) => depth += 1,
            Event::End(TagEnd::Image) => {
                depth -= 1;
                if depth == 0 && !dropping {
                    out.push(event);
                }
            }
            _ if depth > 0 && dropping => {}
            other => out.push(other),
        }
    }
    // A paragraph that only held an image is now empty: drop it.
    let mut cleaned: Vec<Event<'_>> = Vec::with_capacity(out.len());
    for event in out {
        if matches!(event, Event::End(TagEnd::Paragraph))
            && matches!(cleaned.last(), Some(Event::Start(Tag::Paragraph)))
        {
            cleaned.pop();
            continue;
        }
        cleaned.push(event);
    }
    cleaned
}

/// A body as plain text for social posts: links written out after their
/// text, images taken out (returned with their alt texts).
pub fn social_text(
    body: &str,
    markup: Markup,
    fix: LinkFix<'_>,
) -> (String, Vec<(String, String)>) {
    let markdown = as_markdown(body, markup);
    let events = safe_events(&markdown, fix);
    let images = images_of(&markdown, &events);
    let text = text_of(&without_images(events, false), None);
    (text, images)
}

/// How a code block's lines start in plain text.
pub const CODE_INDENT: &str = "    ";

/// Plain text: paragraphs and list items on their own lines, links as
/// `text [n]` with the URL in the references.
fn to_text(events: &[Event<'_>], refs: &mut References) -> String {
    text_of(events, Some(refs))
}

/// Plain text of events; links as `[n]` references when `refs` is given,
/// else written out after their text.
fn text_of(events: &[Event<'_>], mut refs: Option<&mut References>) -> String {
    let mut out = String::new();
    let mut link: Option<String> = None;
    let mut list_depth: usize = 0;
    // Each open list's next number (`None`: a bullet list), so an ordered
    // list keeps its numbers in plain text.
    let mut numbers: Vec<Option<u64>> = Vec::new();
    let mut in_code = false;
    for event in events {
        match event {
            Event::Start(Tag::CodeBlock(_)) => in_code = true,
            // Code keeps its lines, indented (the email's text is not
            // re-wrapped there: see `wrap_text`).
            Event::Text(t) if in_code => {
                for line in t.lines() {
                    if !line.trim().is_empty() {
                        out.push_str(CODE_INDENT);
                        out.push_str(line);
                    }
                    out.push('\n');
                }
            }
            Event::End(TagEnd::CodeBlock) => {
                in_code = false;
                out.push_str(if list_depth > 0 { "" } else { "\n" });
            }
            Event::Text(t) | Event::Code(t) => out.push_str(t),
            // A table's rows on lines of their own, cells between ` | `.
            Event::End(TagEnd::TableCell) => out.push_str(" | "),
            Event::End(TagEnd::TableHead) | Event::End(TagEnd::TableRow) => {
                let row = out.trim_end_matches(" | ").len();
                out.truncate(row);
                out.push('\n');
            }
            Event::End(TagEnd::Table) => out.push('\n'),
            Event::SoftBreak | Event::HardBreak => {
                out.push('\n');
                // A list item's later lines line up under its first word.
                out.push_str(&"  ".repeat(list_depth));
            }
            Event::Start(Tag::Item) => {
                out.push_str(&"  ".repeat(list_depth.saturating_sub(1)));
                match numbers.last_mut() {
                    Some(Some(n)) => {
                        out.push_str(&format!("{n}. "));
                        *n += 1;
                    }
                    _ => out.push_str("- "),
                }
            }
            Event::Start(Tag::List(start)) => {
                list_depth += 1;
                numbers.push(*start);
            }
            Event::End(TagEnd::List(_)) => {
                numbers.pop();
                list_depth = list_depth.saturating_sub(1);
                if list_depth == 0 {
                    out.push('\n');
                }
            }
            Event::End(TagEnd::Item) => out.push('\n'),
            Event::End(TagEnd::Paragraph) | Event::End(TagEnd::Heading(_)) => {
                out.push_str(if list_depth > 0 { "\n" } else { "\n\n" })
            }
            Event::Start(Tag::Link { dest_url, .. }) => link = Some(dest_url.to_string()),
            Event::End(TagEnd::Link) => {
                if let Some(url) = link.take() {
                    // An autolink: the text is the URL itself.
                    let shown = out.trim_end().ends_with(url.as_str());
                    match refs.as_deref_mut() {
                        Some(refs) => {
                            let n = refs.number(&url);
                            if shown {
                                let cut = out.trim_end().len() - url.len();
                                out.truncate(cut);
                            } else {
                                out.push(' ');
                            }
                            out.push_str(&format!("[{n}]"));
                        }
                        None if shown => {}
                        None => out.push_str(&format!(" {url}")),
                    }
                }
            }
            _ => {}
        }
    }
    out.trim_end().to_string()
}

/// The Markdown without the lines that only show an image already shown:
/// the one the template puts above the text (`shown`) and any repeat.
fn without_image_lines(markdown: &str, shown: Option<&str>) -> String {
    let mut seen: Vec<&str> = shown.into_iter().collect();
    let mut out = Vec::new();
    for line in markdown.lines() {
        let t = line.trim();
        let src = t
            .strip_prefix("![")
            .filter(|_| t.ends_with(')'))
            .and_then(|rest| rest.rsplit_once("]("))
            .map(|(_, dest)| {
                dest.trim_end_matches(')')
                    .split_whitespace()
                    .next()
                    .unwrap_or("")
            });
        match src {
            Some(src) if seen.contains(&src) => continue,
            Some(src) => seen.push(src),
            None => {}
        }
        out.push(line);
    }
    out.join("\n")
}

/// The body for the archive: raw HTML written as text (`<` escaped, only
/// `<http://…>` / `<https://…>` autolinks kept), and the email's link
/// policy — http, https and mailto only — so a site that renders the
/// archive shows content rather than runs it.
fn archive_markdown(markdown: &str) -> String {
    let escaped = markdown
        .replace('<', "&lt;")
        .replace("&lt;https://", "<https://")
        .replace("&lt;http://", "<http://");
    safe_destinations(&escaped).trim().to_string()
}

/// Every `](destination` whose scheme is not http, https or mailto (a
/// `javascript:` or `data:` link) pointed at `#` instead.
fn safe_destinations(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len());
    let mut rest = markdown;
    while let Some(at) = rest.find("](") {
        out.push_str(&rest[..at + 2]);
        rest = &rest[at + 2..];
        let end = rest
            .find(|c: char| c == ')' || c.is_whitespace())
            .unwrap_or(rest.len());
        let destination = &rest[..end];
        if allowed(destination) {
            out.push_str(destination);
        } else {
            out.push('#');
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// A link destination the archive may keep: relative, an anchor, or an
/// http, https or mailto URL.
fn allowed(destination: &str) -> bool {
    let lower = destination.trim_start_matches('<').to_ascii_lowercase();
    match lower.split_once(':') {
        Some((scheme, _)) if !scheme.contains(['/', '?', '#']) => {
            matches!(scheme, "http" | "https" | "mailto")
        }
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keep(url: &str) -> Option<String> {
        Some(url.to_string())
    }

    #[test]
    fn the_archive_keeps_only_web_and_mail_links_and_shows_raw_tags() {
        let markdown = "[a](javascript:alert(1)) ![i](data:text/html,x) [b](https://ok.example/) \
                        [c](mailto:me@example.com) [d](#top) <http autofocus onfocus=alert(1)> \
                        <https://auto.example/>";
        let out = archive_markdown(markdown);
        assert!(
            !out.contains("javascript:") && !out.contains("data:"),
            "{out}"
        );
        assert!(out.contains("[a](#)") && out.contains("![i](#)"), "{out}");
        assert!(out.contains("(https://ok.example/)") && out.contains("(mailto:me@example.com)"));
        assert!(out.contains("&lt;http autofocus"), "{out}");
        assert!(out.contains("<https://auto.example/>"), "{out}");
    }

    #[test]
    fn content_html_is_shown_not_run() {
        let mut refs = References::default();
        let body =
            "Look <script>alert(1)</script> and \\\"><img src=x onerror=alert(1)> and {{name}}";
        for markup in [Markup::Plain, Markup::Markdown] {
            let out = convert(body, markup, &keep, &mut refs);
            assert!(!out.html.contains("<script>"), "{}", out.html);
            assert!(!out.html.contains("<img"), "{}", out.html);
            assert!(out.html.contains("&lt;script&gt;"), "{}", out.html);
            assert!(out.html.contains("{{name}}"), "{}", out.html);
        }
    }

    #[test]
    fn plain_text_links_become_numbered_references() {
        let mut refs = References::default();
        let out = convert(
            "Read this: https://a.example/x\nThen *this* #1",
            Markup::Plain,
            &keep,
            &mut refs,
        );
        assert_eq!(out.text, "Read this: [1]\n\nThen *this* #1");
        assert_eq!(refs.urls, ["https://a.example/x"]);
        assert!(
            out.html.contains("<a href=\"https://a.example/x\">"),
            "{}",
            out.html
        );
    }

    #[test]
    fn every_image_of_a_section_is_shown_once() {
        let mut refs = References::default();
        let body = "![First](https://img.example/a.png)\n\nText.\n\n![Second](https://img.example/b.png)\n\nMore.\n\n![Second again](https://img.example/b.png)";
        let fix = |url: &str| Some(url.to_string());
        let out = convert(body, Markup::Markdown, &fix, &mut refs);
        // The template shows the first above the text; the body has the rest.
        assert_eq!(out.images[0].0, "https://img.example/a.png");
        assert!(!out.html.contains("a.png"), "{}", out.html);
        assert_eq!(out.html.matches("b.png").count(), 1, "{}", out.html);
        assert!(!out.markdown.contains("a.png"), "{}", out.markdown);
        assert_eq!(out.markdown.matches("b.png").count(), 1, "{}", out.markdown);
        assert!(!out.text.contains("png"), "{}", out.text);
    }

    #[test]
    fn markdown_images_leave_the_body_with_their_alt() {
        let mut refs = References::default();
        let body = "![A diagram](https://img.example/a.png)\n\nText with a [link](/relative).";
        let fix = |url: &str| match url.starts_with("https://") {
            true => Some(url.to_string()),
            false => Some(format!("https://site.example{url}")),
        };
        let out = convert(body, Markup::Markdown, &fix, &mut refs);
        let expected = (
            "https://img.example/a.png".to_string(),
            "A diagram".to_string(),
        );
        assert_eq!(out.images, [expected]);
        assert!(!out.html.contains("<img"), "{}", out.html);
        assert!(
            out.html.contains("https://site.example/relative"),
            "{}",
            out.html
        );
        assert_eq!(out.text, "Text with a link [1].");
    }

    #[test]
    fn math_bold_and_italic_letters_become_emphasis() {
        let mut refs = References::default();
        let out = convert(
            "The 𝐁𝐢𝐠 𝐈𝐝𝐞𝐚: it is 𝘪𝘵𝘢𝘭𝘪𝘤 here.",
            Markup::Plain,
            &keep,
            &mut refs,
        );
        assert_eq!(
            out.html,
            "<p>The <strong>Big Idea</strong>: it is <em>italic</em> here.</p>\n"
        );
        assert_eq!(out.markdown, "The **Big Idea**: it is *italic* here.");
        assert_eq!(out.text, "The Big Idea: it is italic here.");
        let out = convert("## 𝐒𝐭𝐞𝐩 𝟏\n\nText", Markup::Markdown, &keep, &mut refs);
        assert!(out.html.contains("<strong>Step 1</strong>"), "{}", out.html);
    }

    #[test]
    fn code_lines_stay_whole_and_indented_in_plain_text() {
        let mut refs = References::default();
        let long = format!("let x = {};", "a + ".repeat(30));
        let body = format!("Look:\n\n```rust\nfn main() {{\n\n    {long}\n}}\n```\n\nDone.");
        let out = convert(&body, Markup::Markdown, &keep, &mut refs);
        assert_eq!(
            out.text,
            format!("Look:\n\n    fn main() {{\n\n        {long}\n    }}\n\nDone.")
        );
        let wrapped = crate::render::wrap_text(&out.text, 78);
        assert!(wrapped.contains(&format!("        {long}\n")), "{wrapped}");
    }

    #[test]
    fn table_rows_are_lines_in_plain_text() {
        let mut refs = References::default();
        let body = "| A | B |\n|---|---|\n| 1 | 2 |\n\nAfter.";
        let out = convert(body, Markup::Markdown, &keep, &mut refs);
        assert_eq!(out.text, "A | B\n1 | 2\n\nAfter.");
    }
}
