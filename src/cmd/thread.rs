//! `letterpress thread ITEM_ID`: the thread drafts of one content item.

use std::collections::HashMap;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use crate::cli::ThreadArgs;
use crate::dedupe;
use crate::ingest::{self, Format, Options};
use crate::plan;
use crate::render::body::Markup;
use crate::render::threads::{self, Platform, ThreadSource};
use crate::render::{thread_section, without_title, Renderer};
use crate::settings::Settings;

/// Runs the command.
pub fn execute(args: &ThreadArgs, _quiet: bool) -> anyhow::Result<ExitCode> {
    let settings = Settings::load(Path::new("."))?;
    let corpus = ingest::ingest(
        &super::input_paths(&args.input, Some(&settings))?,
        &Options {
            strict: args.input.strict,
        },
    )?;
    let formats: HashMap<_, _> = corpus
        .files
        .iter()
        .filter_map(|f| Some((f.path.clone(), f.format?)))
        .collect();
    let deduped = dedupe::dedupe(corpus, &dedupe::Options::default());
    let known = plan::canonical_index(&deduped);
    let Some(&index) = known.get(args.item_id.as_str()) else {
        anyhow::bail!(
            "no content item `{}`; `letterpress ingest --json` lists every id",
            args.item_id
        );
    };
    let item = &deduped.items[index].item;
    let markup = match formats.get(&item.source.to_path_buf()) {
        Some(Format::NewsletterMarkdown | Format::Post) => Markup::Markdown,
        _ => Markup::Plain,
    };
    let title = plan::sections_title(item);
    let keep = |url: &str| Some(url.to_string());
    let question = item.hints.over_to_you.clone().unwrap_or_default();
    let source = ThreadSource {
        title: title.clone(),
        issue: None,
        // The hook already says the title.
        sections: vec![thread_section(
            "",
            &without_title(&item.body, &title),
            markup,
            &question,
            &keep,
        )],
    };
    let renderer = Renderer::new(Path::new("."), settings)?;
    let platforms = if args.platforms.is_empty() {
        Platform::ALL.to_vec()
    } else {
        args.platforms.iter().map(|&p| p.into()).collect()
    };
    let mut out = std::io::stdout().lock();
    for draft in renderer.drafts(&source, &platforms)? {
        writeln!(out, "{}", threads::to_markdown(&draft, &title))?;
    }
    Ok(ExitCode::SUCCESS)
}
