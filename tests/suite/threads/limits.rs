//! The limits of a post: twitter-text's conformance suite run as it is,
//! property tests of the splitter, every item of the seeds on every
//! platform (its X posts counted by the official library too), and a token
//! longer than a post split in linear time.

use std::path::Path;

use letterpress::ingest::{self, Format};
use letterpress::render::body::Markup;
use letterpress::render::threads::count::{x_weighted_length, Limits};
use letterpress::render::threads::split::{split, Numbering, Piece};
use letterpress::render::threads::{self, Platform, ThreadSource};
use letterpress::render::{thread_section, Templates};
use letterpress::settings::Settings;
use proptest::prelude::*;

use super::official;
use crate::common::root;

/// Every length case of the suite, each group with the configuration it
/// was written for (v2: emoji not discounted; v3: X's current rules).
#[test]
fn twitter_text_conformance_weighted_lengths() {
    let text = std::fs::read_to_string(root().join("tests/data/twitter-text/validate.yml"))
        .expect("tests/data/twitter-text/validate.yml");
    let suite: serde_yaml::Value = serde_yaml::from_str(&text).expect("valid YAML");
    let groups = [
        (
            "WeightedTweetsCounterTest",
            twitter_text_config::config_v2(),
        ),
        (
            "WeightedTweetsWithDiscountedEmojiCounterTest",
            twitter_text_config::config_v3(),
        ),
        (
            "UnicodeDirectionalMarkerCounterTest",
            twitter_text_config::config_v3(),
        ),
    ];
    let mut cases = 0;
    for (group, config) in groups {
        for case in suite["tests"][group].as_sequence().expect(group) {
            let text = case["text"].as_str().expect("text");
            let expected = case["expected"]["weightedLength"]
                .as_u64()
                .expect("weightedLength");
            let length = x_weighted_length(text, config);
            assert_eq!(
                length as u64, expected,
                "{group}: {:?}",
                case["description"]
            );
            cases += 1;
        }
    }
    assert_eq!(cases, 44, "20 + 22 + 2 cases");
}

fn word() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z]{1,12}",
        "[а-яё]{1,10}",
        "[一-龥]{1,6}",
        Just("🚀".to_string()),
        Just("👩‍👩‍👧".to_string()),
        Just("𝐁𝐨𝐥𝐝".to_string()),
        "https://example\\.com/[a-z0-9]{1,40}",
        "[0-9]{1,4}[.,!?]",
    ]
}

fn paragraph() -> impl Strategy<Value = String> {
    prop::collection::vec(word(), 1..120).prop_map(|w| w.join(" "))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn every_post_fits_and_nothing_is_lost(
        paragraphs in prop::collection::vec(paragraph(), 1..6),
        numbering in prop_oneof![Just(Numbering::Off), Just(Numbering::Prefix), Just(Numbering::Suffix)],
    ) {
        let groups = vec![paragraphs.iter().map(|p| Piece { text: p.clone(), images: Vec::new() }).collect::<Vec<_>>()];
        for platform in [Platform::X, Platform::Bluesky, Platform::Mastodon] {
            let limits = Limits::of(platform, 500);
            let posts = split(&groups, &limits, numbering).expect("splits");
            let n = posts.len();
            let mut words = Vec::new();
            for (i, post) in posts.iter().enumerate() {
                prop_assert!(limits.fits(&post.text), "{platform:?} post {i} too long: {}", post.text);
                let mark = format!("{}/{n}", i + 1);
                let text = match numbering {
                    Numbering::Off => post.text.as_str(),
                    Numbering::Prefix => post.text.strip_prefix(&mark).expect("numbered"),
                    Numbering::Suffix => post.text.strip_suffix(&mark).expect("numbered"),
                };
                words.extend(text.split_whitespace().map(str::to_string));
            }
            let expected: Vec<String> = paragraphs.iter().flat_map(|p| p.split_whitespace().map(str::to_string)).collect();
            prop_assert_eq!(words, expected);
        }
    }
}

/// Every content item of the seeds as a one-section thread source.
fn seed_sources() -> Vec<(String, ThreadSource)> {
    let corpus =
        ingest::ingest(&[root().join("seeds")], &ingest::Options::default()).expect("seeds");
    let keep = |url: &str| Some(url.to_string());
    let markdown: Vec<&Path> = corpus
        .files
        .iter()
        .filter(|f| matches!(f.format, Some(Format::NewsletterMarkdown | Format::Post)))
        .map(|f| f.path.as_path())
        .collect();
    let mut sources = Vec::new();
    for item in corpus.items.iter().filter(|i| i.kind.is_content()) {
        let markup = if markdown.contains(&&*item.source) {
            Markup::Markdown
        } else {
            Markup::Plain
        };
        let title = item.title.clone().unwrap_or_else(|| "Untitled".into());
        let question = item.hints.over_to_you.clone().unwrap_or_default();
        let mut section = thread_section(&title, &item.body, markup, &question, &keep);
        section.item_id = item.id.to_string();
        section.link = format!("https://news.example/issues/2023-W07/#{}", item.id);
        let source = ThreadSource {
            title: title.clone(),
            preheader: String::new(),
            issue: None,
            link: "https://news.example/issues/2023-W07/".into(),
            sections: vec![section],
        };
        sources.push((item.id.to_string(), source));
    }
    sources
}

#[test]
fn every_seed_item_fits_on_every_platform() {
    let templates = Templates::load(Path::new("/nonexistent")).expect("built-in templates");
    let settings = Settings::default();
    let mut checked = 0;
    for (id, source) in seed_sources() {
        for platform in Platform::ALL {
            let draft = threads::draft(&templates, &settings, &source, platform).expect("drafts");
            let limits = Limits::of(platform, settings.threads.mastodon_limit);
            assert_eq!(draft.threads.len(), 1);
            let posts = &draft.threads[0].posts;
            assert!(
                posts.len() <= 15,
                "{id} on {platform:?}: {} posts",
                posts.len()
            );
            for post in posts {
                assert!(
                    limits.fits(&post.text),
                    "{id} on {platform:?}: {} > {}",
                    post.weighted_length,
                    limits.max
                );
                assert!(post.images.len() <= platform.max_images());
            }
            checked += 1;
        }
    }
    assert_eq!(checked, 510 * 4);
}

#[test]
fn seed_x_drafts_count_as_the_official_library_counts() {
    let templates = Templates::load(Path::new("/nonexistent")).expect("built-in templates");
    let settings = Settings::default();
    let mut posts = Vec::new();
    for (_, source) in seed_sources() {
        let draft = threads::draft(&templates, &settings, &source, Platform::X).expect("drafts");
        posts.extend(
            draft
                .threads
                .into_iter()
                .flat_map(|t| t.posts)
                .map(|p| p.text),
        );
    }
    assert!(posts.len() > 2000, "{} posts", posts.len());
    official::assert_no_differences("the seeds' X posts", &posts);
}

/// Splits one paragraph holding a pasted base64 blob of `chars` characters
/// (a token longer than any post) for X, Bluesky and Mastodon.
fn split_one_long_token(chars: usize) -> std::time::Duration {
    let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let blob: String = (0..chars)
        .map(|i| alphabet[(i * 7 + i / 64) % 64] as char)
        .collect();
    let groups = vec![vec![Piece {
        text: format!("An image: {blob} pasted."),
        images: Vec::new(),
    }]];
    let start = std::time::Instant::now();
    for platform in [Platform::X, Platform::Bluesky, Platform::Mastodon] {
        let limits = Limits::of(platform, 500);
        let posts = split(&groups, &limits, Numbering::Suffix).expect("splits");
        assert!(posts.iter().all(|p| limits.fits(&p.text)), "{platform:?}");
    }
    start.elapsed()
}

/// Drafts a section whose text holds a pasted blob of `chars` characters,
/// on X, Bluesky and Mastodon: the whole path (points, the summary's
/// search for what fits, splitting), not the splitter alone.
fn draft_one_long_token(chars: usize) -> std::time::Duration {
    let blob: String = (0..chars)
        .map(|i| (b'a' + (i % 26) as u8) as char)
        .collect();
    let keep = |url: &str| Some(url.to_string());
    let text = format!("An image: {blob} pasted.\n\nAnd a paragraph after it.");
    let section = thread_section("Blob", &text, Markup::Markdown, "", &keep);
    let source = ThreadSource {
        title: "Blob".into(),
        preheader: String::new(),
        issue: None,
        link: "https://news.example/".into(),
        sections: vec![section],
    };
    let templates = Templates::load(Path::new("/nonexistent")).expect("built-in templates");
    let settings = Settings::default();
    let start = std::time::Instant::now();
    for platform in [Platform::X, Platform::Bluesky, Platform::Mastodon] {
        let draft = threads::draft(&templates, &settings, &source, platform).expect("drafts");
        let posts = &draft.threads[0].posts;
        assert!(posts.len() <= 15, "{platform:?}: {} posts", posts.len());
    }
    start.elapsed()
}

/// Four times the input must take under six times the time; the larger
/// run is abandoned once past that bound, so a regression fails quickly
/// instead of hanging.
fn assert_linear(what: &str, run: fn(usize) -> std::time::Duration) {
    const SMALL: usize = 20_000;
    let small = run(SMALL).min(run(SMALL));
    let bound = small * 6 + std::time::Duration::from_millis(100);
    let (done, finished) = std::sync::mpsc::channel();
    std::thread::spawn(move || done.send(run(4 * SMALL)));
    let large = finished.recv_timeout(bound);
    eprintln!("{what}: {SMALL} characters: {small:?}; four times as many: {large:?}");
    assert!(
        large.is_ok(),
        "{what}: {SMALL} characters took {small:?}; four times as many took longer than {bound:?}"
    );
}

/// Issue 18 item 1: a token longer than a post is cut once, in time linear
/// in its length (it was quadratic: a 64,000-character word took 20 s to
/// render).
#[test]
fn a_token_longer_than_a_post_splits_in_linear_time() {
    assert_linear("split", split_one_long_token);
}

/// The same through a whole section thread, where a piece too long is
/// summarised (the search for what fits splits a few times, not once per
/// point).
#[test]
fn a_section_with_a_token_longer_than_a_post_drafts_in_linear_time() {
    assert_linear("section thread", draft_one_long_token);
}
