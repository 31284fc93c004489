//! `letterpress thread ITEM_ID`: the thread drafts of one section — as in
//! the issue that holds it when one does (same text, link and images as
//! the issue's drafts), else of the content item on its own.

use std::collections::HashMap;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use crate::cli::ThreadArgs;
use crate::dedupe;
use crate::ingest::{self, Format, Options};
use crate::issue_dir::IssueDir;
use crate::plan::{self, issue_file};
use crate::render::body::Markup;
use crate::render::threads::{self, Platform, ThreadSource};
use crate::render::{thread_section, without_title, Renderer};
use crate::settings::Settings;

/// Runs the command.
pub fn execute(args: &ThreadArgs, _quiet: bool) -> anyhow::Result<ExitCode> {
    let settings = Settings::load(Path::new("."))?;
    let renderer = Renderer::new(Path::new("."), settings.clone())?;
    let source = match in_an_issue(&renderer, &args.item_id)? {
        Some(source) => source,
        None => on_its_own(args, &settings)?,
    };
    let platforms = if args.platforms.is_empty() {
        Platform::ALL.to_vec()
    } else {
        args.platforms.iter().map(|&p| p.into()).collect()
    };
    let title = source.title.clone();
    let mut out = std::io::stdout().lock();
    for draft in renderer.drafts(&source, &platforms)? {
        writeln!(out, "{}", threads::to_markdown(&draft, &title))?;
    }
    Ok(ExitCode::SUCCESS)
}

/// The section `item_id` of the first planned issue that holds it, as a
/// one-section source (no issue thread).
fn in_an_issue(renderer: &Renderer, item_id: &str) -> anyhow::Result<Option<ThreadSource>> {
    for dir in IssueDir::all(Path::new("issues")) {
        let Ok((plan, _)) = issue_file::read(&dir.plan_file()) else {
            continue;
        };
        if !plan.sections.iter().any(|s| s.id == item_id) {
            continue;
        }
        let mut source = renderer.thread_source(dir.path(), &plan)?;
        source.sections.retain(|s| s.item_id == item_id);
        source.issue = None;
        source.title = source.sections[0].title.clone();
        return Ok(Some(source));
    }
    Ok(None)
}

/// The content item `item_id` read from the content, linking to the
/// newsletter.
fn on_its_own(args: &ThreadArgs, settings: &Settings) -> anyhow::Result<ThreadSource> {
    let corpus = ingest::ingest(
        &super::input_paths(&args.input, Some(settings))?,
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
    let mut section = thread_section(
        &title,
        &without_title(&item.body, &title),
        markup,
        &question,
        &keep,
    );
    section.item_id = args.item_id.clone();
    section.link = settings.newsletter.url.clone();
    Ok(ThreadSource {
        title,
        preheader: String::new(),
        issue: None,
        link: settings.newsletter.url.clone(),
        sections: vec![section],
    })
}
