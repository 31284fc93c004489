//! A newsletter issue saved as plain text: an optional sponsor block, the
//! "This week's …:" list of topics, then the sections in that order (each
//! starting on its title line), with "SPONSOR US", "Latest articles" and the
//! readers' comments recognised as what they are.

use std::path::Path;

use super::model::{ContentItem, Kind};
use super::text::{bare_links, fold_quotes, over_to_you, slugify};
use super::Parsed;

/// The entry of the topic list that announces the "SPONSOR US" block.
pub(crate) const SPONSOR_US: &str = "SPONSOR US";

/// Whether `line` opens the topic list ("This week's system design refresher:").
pub(crate) fn is_list_header(line: &str) -> bool {
    let line = line.trim();
    line.ends_with(':') && line.len() < 120 && fold_quotes(line).starts_with("This week's ")
}

/// A topic title as compared with section titles: no "(Youtube video)" tag,
/// straight quotes, no surrounding space or trailing colon, lower case.
pub(crate) fn topic_key(title: &str) -> String {
    let folded = fold_quotes(title.trim()).to_lowercase();
    let trimmed = folded
        .strip_suffix("(youtube video)")
        .unwrap_or(&folded)
        .trim_end()
        .trim_end_matches(':');
    trimmed.trim().to_string()
}

/// Strips the "(Youtube video)" tag from a display title.
pub(crate) fn display_title(title: &str) -> String {
    let t = title.trim();
    let lower = t.to_lowercase();
    match lower.rfind("(youtube video)") {
        Some(at) if at + "(youtube video)".len() == lower.len() => t[..at].trim_end().to_string(),
        _ => t.to_string(),
    }
}

/// The topic list: the header's index and the entries after it.
pub(crate) fn topic_list<'a>(lines: &[&'a str]) -> Option<(usize, Vec<&'a str>)> {
    let header = lines.iter().take(80).position(|l| is_list_header(l))?;
    let mut entries: Vec<&str> = Vec::new();
    for line in &lines[header + 1..] {
        let entry = line.trim().trim_start_matches(['-', '*']).trim();
        if entry.is_empty() {
            if entries.is_empty() {
                continue;
            }
            break;
        }
        if entry.len() > 150 || entries.contains(&entry) {
            break;
        }
        entries.push(entry);
        if entry.eq_ignore_ascii_case(SPONSOR_US) {
            break;
        }
    }
    (entries.len() >= 2).then_some((header, entries))
}

/// Whether the text looks like a plain-text issue: a topic list whose titles
/// come back later as section starts.
pub(crate) fn sniff(text: &str) -> bool {
    let lines: Vec<&str> = text.lines().collect();
    let Some((header, entries)) = topic_list(&lines) else {
        return false;
    };
    let keys: Vec<String> = entries.iter().map(|e| topic_key(e)).collect();
    let after = &lines[header + 1 + entries.len()..];
    after
        .iter()
        .filter(|l| keys.contains(&topic_key(l)))
        .count()
        >= 2
}

/// What a run of lines belongs to while walking the issue.
#[derive(Debug, Clone, PartialEq)]
enum Block {
    Sponsor,
    Section(String),
    SponsorUs,
    LatestArticles,
    Comments,
}

/// Parses a plain-text issue.
pub(crate) fn parse(path: &Path, text: &str) -> Parsed {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Parsed::default();
    let Some((header, entries)) = topic_list(&lines) else {
        return out;
    };
    let mut pending: Vec<String> = entries
        .iter()
        .filter(|e| !e.eq_ignore_ascii_case(SPONSOR_US))
        .map(|e| topic_key(e))
        .collect();
    let mut builder = Builder::new(path);
    builder.start(Block::Sponsor, 1);
    for (i, line) in lines[..header].iter().enumerate() {
        builder.push(line, i as u32 + 1);
    }
    let first_body = header + 1 + entries.len();
    for (i, line) in lines.iter().enumerate().skip(first_body) {
        let number = i as u32 + 1;
        let trimmed = line.trim();
        let key = topic_key(trimmed);
        if let Some(at) = pending.iter().position(|k| *k == key) {
            pending.remove(at);
            builder.start(Block::Section(display_title(trimmed)), number);
        } else if trimmed.eq_ignore_ascii_case(SPONSOR_US) {
            builder.start(Block::SponsorUs, number);
        } else if trimmed.eq_ignore_ascii_case("latest articles") {
            builder.start(Block::LatestArticles, number);
        } else {
            builder.push(line, number);
            if builder.block == Block::SponsorUs && contains_email(trimmed) {
                builder.start(Block::Comments, number + 1);
            }
        }
    }
    builder.finish();
    out.items = builder.items;
    out
}

fn contains_email(line: &str) -> bool {
    line.split_whitespace()
        .any(|w| w.contains('@') && w.rsplit('@').next().is_some_and(|d| d.contains('.')))
}

/// Collects lines into blocks and blocks into items.
struct Builder<'p> {
    path: &'p Path,
    stem: String,
    block: Block,
    start: u32,
    end: u32,
    lines: Vec<String>,
    items: Vec<ContentItem>,
    sponsor_parts: u32,
}

impl<'p> Builder<'p> {
    fn new(path: &'p Path) -> Self {
        Builder {
            path,
            stem: super::stem(path),
            block: Block::Sponsor,
            start: 1,
            end: 1,
            lines: Vec::new(),
            items: Vec::new(),
            sponsor_parts: 0,
        }
    }

    fn start(&mut self, block: Block, line: u32) {
        self.finish();
        self.block = block;
        self.start = line;
        self.end = line;
    }

    fn push(&mut self, line: &str, number: u32) {
        if !line.trim().is_empty() {
            if self.lines.is_empty() && !matches!(self.block, Block::Section(_)) {
                self.start = number;
            }
            self.lines.push(line.trim().to_string());
            self.end = number;
        }
    }

    fn finish(&mut self) {
        let lines = std::mem::take(&mut self.lines);
        let is_section = matches!(self.block, Block::Section(_));
        if lines.is_empty() && !is_section {
            return;
        }
        let (slug, kind) = match &self.block {
            Block::Section(title) => (slugify(title), Kind::NewsletterSection),
            Block::Sponsor => {
                self.sponsor_parts += 1;
                let n = self.sponsor_parts;
                (
                    if n == 1 {
                        "sponsor".into()
                    } else {
                        format!("sponsor-{n}")
                    },
                    Kind::Promo,
                )
            }
            Block::SponsorUs => ("sponsor-us".into(), Kind::Promo),
            Block::LatestArticles => ("latest-articles".into(), Kind::Promo),
            Block::Comments => ("comments".into(), Kind::Reply),
        };
        let id = super::unique_id(&self.items, format!("{}#{slug}", self.stem));
        let mut item = ContentItem::new(
            id,
            kind,
            self.path.into(),
            [self.start, self.end.max(self.start)],
        );
        let mut body = Vec::with_capacity(lines.len());
        for line in &lines {
            match over_to_you(line) {
                Some(q) if is_section && item.hints.over_to_you.is_none() => {
                    item.hints.over_to_you = Some(q.to_string())
                }
                _ => body.push(line.as_str()),
            }
        }
        item.body = body.join("\n\n");
        item.links = bare_links(&item.body).map(str::to_string).collect();
        match &self.block {
            Block::Section(title) => item.title = Some(title.clone()),
            Block::Sponsor => {
                item.title = lines.first().cloned();
                item.hints.sponsor = Some(item.body.clone());
            }
            Block::SponsorUs => item.title = Some(SPONSOR_US.into()),
            Block::LatestArticles => item.title = Some("Latest articles".into()),
            Block::Comments => item.title = Some("Readers' comments".into()),
        }
        self.items.push(item);
    }
}
