//! The images and links a section's text holds, as written: what a reader
//! of a resolved issue (a script, a check) can see without parsing Markdown.

use pulldown_cmark::{Event, Parser, Tag};

use crate::ingest::text::bare_links;
use crate::ingest::Markup;

/// Image sources, in order (plain text has none: its pictures are links).
pub(crate) fn images(text: &str, markup: Markup) -> Vec<String> {
    match markup {
        Markup::Plain => Vec::new(),
        Markup::Markdown => Parser::new(text)
            .filter_map(|event| match event {
                Event::Start(Tag::Image { dest_url, .. }) => Some(dest_url.to_string()),
                _ => None,
            })
            .collect(),
    }
}

/// Link targets, in order: Markdown links, or the bare URLs of plain text.
pub(crate) fn links(text: &str, markup: Markup) -> Vec<String> {
    match markup {
        Markup::Plain => bare_links(text).map(str::to_string).collect(),
        Markup::Markdown => Parser::new(text)
            .filter_map(|event| match event {
                Event::Start(Tag::Link { dest_url, .. }) => Some(dest_url.to_string()),
                _ => None,
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_images_and_links_are_listed_as_written() {
        let text = "See [the docs](https://a.example/x) and ![a chart](img/c.png).";
        assert_eq!(images(text, Markup::Markdown), ["img/c.png"]);
        assert_eq!(links(text, Markup::Markdown), ["https://a.example/x"]);
    }

    #[test]
    fn plain_text_links_are_its_bare_urls() {
        let text = "Read https://a.example/post. Then ![no](x.png)";
        assert!(images(text, Markup::Plain).is_empty());
        assert_eq!(links(text, Markup::Plain), ["https://a.example/post"]);
    }
}
